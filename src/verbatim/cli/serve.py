"""Command: ``verbatim serve`` — start the Streamlit app (coordinator pages or the kiosk).

The coordinator's pages listen on 127.0.0.1 by default, so they are not exposed on the practice's
network. ``--kiosk`` starts the patient-facing kiosk instead (``VERBATIM_MODE=kiosk``), listening
on every interface (0.0.0.0) on port 8502, for tablets and phones on the local network.
``--public`` starts the waiting-room screen (``VERBATIM_MODE=public``: "Vous nous avez dit, nous
avons fait", no sign-in, nothing else), on 0.0.0.0 port 8503.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import click

from verbatim.cli.base import ProgressBar, french_errors, main
from verbatim.errors import Msg, VerbatimError

COORDINATOR_PORT = 8501
KIOSK_PORT = 8502
PUBLIC_PORT = 8503
COORDINATOR_ADDRESS = "127.0.0.1"
KIOSK_ADDRESS = "0.0.0.0"  # the kiosk is meant for tablets on the local network


@main.command()
@click.option("--demo", is_flag=True, help="Charge les données d'exemple si la base est vide.")
@click.option(
    "--kiosk",
    is_flag=True,
    help="Mode borne (tablettes, téléphones) : accessible sur le réseau local, port 8502.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Écran de la salle d'attente (« Vous nous avez dit, nous avons fait ») : "
    "accessible sur le réseau local, port 8503.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port (8501 ; borne : 8502 ; salle d'attente : 8503).",
)
@click.option(
    "--address",
    default=None,
    help="Adresse d'écoute (127.0.0.1 ; borne et salle d'attente : 0.0.0.0, tout le réseau local).",
)
@french_errors
def serve(demo: bool, kiosk: bool, public: bool, port: int | None, address: str | None) -> None:
    """Lance l'application Verbatim dans le navigateur."""
    if kiosk and public:
        raise click.UsageError("Choisissez --kiosk ou --public, pas les deux.")
    from verbatim.config import get_settings
    from verbatim.db import dispose_engines, upgrade

    if importlib.util.find_spec("streamlit") is None:
        raise VerbatimError(Msg.STREAMLIT_MISSING)
    app = find_app()
    settings = get_settings()
    upgrade()
    if demo:
        load_demo_if_empty()
    port = port or (KIOSK_PORT if kiosk else PUBLIC_PORT if public else COORDINATOR_PORT)
    address = address or (KIOSK_ADDRESS if kiosk or public else COORDINATOR_ADDRESS)
    argv = streamlit_argv(app, port=port, address=address)
    mode = "kiosk" if kiosk else "public" if public else None
    env = child_environment(dict(os.environ), data_dir=settings.data_dir, mode=mode)
    if address == KIOSK_ADDRESS:
        from verbatim.survey.kiosk_link import lan_ip

        address_shown = lan_ip()  # what tablets on the network type
    else:
        address_shown = address
    what = "La borne" if kiosk else "L'écran de la salle d'attente" if public else "Verbatim"
    url = f"http://{address_shown}:{port}"
    click.echo(f"{what} démarre : ouvrez {url} dans le navigateur (Ctrl+C arrête).")
    dispose_engines()
    replace_process(argv, env=env, cwd=app.parent)


def find_app() -> Path:
    """``app.py`` in the project the package lives in, else in the current directory.

    Raises:
        VerbatimError: Neither place has one.
    """
    import verbatim

    places = [Path(verbatim.__file__).resolve().parents[2], Path.cwd()]
    for place in places:
        if (place / "app.py").is_file():
            return place / "app.py"
    raise VerbatimError(Msg.APP_NOT_FOUND.format(places=" et ".join(f"« {p} »" for p in places)))


def streamlit_argv(app: Path, *, port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line (headless: no e-mail prompt, no usage statistics)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def child_environment(
    env: dict[str, str], *, data_dir: Path, mode: str | None = None
) -> dict[str, str]:
    """The app's environment: same database as this command, whatever the app's working folder.

    Relative paths are made absolute because Streamlit runs from the folder of ``app.py`` (so that
    the project's ``.streamlit/config.toml`` applies). ``mode`` ("kiosk", "public") sets
    ``VERBATIM_MODE``.
    """
    env = dict(env)
    env["VERBATIM_DATA_DIR"] = str(data_dir.resolve())
    url = env.get("VERBATIM_DATABASE_URL", "")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not Path(path).is_absolute():
            env["VERBATIM_DATABASE_URL"] = f"sqlite:///{Path(path).resolve().as_posix()}"
    if mode:
        env["VERBATIM_MODE"] = mode
    else:
        env.pop("VERBATIM_MODE", None)
    return env


def load_demo_if_empty() -> int:
    """Load the sample data when the database has no response yet.

    Returns:
        How many responses were loaded (0 when the database already had some).
    """
    from sqlalchemy import func
    from sqlmodel import select

    from verbatim.db import session_scope
    from verbatim.db.tables import Response
    from verbatim.sample import load_sample

    bar = ProgressBar("Chargement des réponses d'exemple")
    try:
        with session_scope(write=True) as session:
            if session.exec(select(func.count()).select_from(Response)).one() > 0:
                return 0
            loaded = load_sample(session, progress=bar)
    finally:
        bar.close()
    click.echo(f"{loaded} réponses d'exemple chargées.")
    return loaded


def replace_process(argv: list[str], *, env: dict[str, str], cwd: Path) -> None:
    """Become the Streamlit server (signals such as Ctrl+C then reach it directly).

    On Windows, where ``exec`` is emulated, run it as a child and pass its exit code on.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":
        try:
            code = subprocess.call(argv, env=env, cwd=cwd)
        except KeyboardInterrupt:
            code = 0
        sys.exit(code)
    os.chdir(cwd)
    os.execve(argv[0], argv, env)
