"""The ``verbatim`` command: init, export, serve, help — exit codes and French messages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import types
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _principals import COORDINATOR
from click.testing import CliRunner

from verbatim.cli import main
from verbatim.cli import serve as serve_mod
from verbatim.config import get_settings
from verbatim.db import get_engine, session_scope
from verbatim.intake.submit import submit_response
from verbatim.survey import questionnaires as svc


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_lists_the_commands(runner: CliRunner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("init", "export", "serve"):
        assert f"  {command} " in result.output


def test_init_creates_the_database_and_is_idempotent(runner: CliRunner):
    db_file = get_settings().data_dir / "verbatim.db"
    assert not db_file.exists()
    first = runner.invoke(main, ["init"])
    assert first.exit_code == 0, first.output
    assert "Base prête" in first.output
    assert db_file.is_file()
    second = runner.invoke(main, ["init"])
    assert second.exit_code == 0, second.output
    assert second.output == first.output  # same schema revision, nothing else happens


def _one_response() -> None:
    from verbatim.db import upgrade

    upgrade()
    with session_scope(get_engine(), write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        submit_response(
            s,
            version=svc.published_version(s, questionnaire_id=q.id),
            channel="paper",
            answers={"acces": 4, "accueil": 5, "ecoute": 5},
            submitted_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
        )


def test_export_writes_the_files(runner: CliRunner, tmp_path: Path):
    _one_response()
    out = tmp_path / "exports"
    result = runner.invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "responses.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (out / "verbatims.csv").is_file()
    assert "4 fichiers écrits" in result.output
    assert "responses.csv (1 ligne)" in result.output
    assert "verbatims.csv (0 ligne)" in result.output
    assert "  - LISEZMOI.txt\n" in result.output


def test_export_defaults_to_the_data_folder(runner: CliRunner):
    result = runner.invoke(main, ["export", "--sep", ","])
    assert result.exit_code == 0, result.output
    header = (get_settings().data_dir / "exports" / "responses.csv").read_text("utf-8-sig")
    assert header.startswith("response_id,external_id,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--questionnaire", "inconnu"], "Le questionnaire « inconnu » n'existe pas."),
        (["--sep", "|"], "Séparateur « | » non pris en charge"),
    ],
)
def test_export_bad_input_exits_1_with_a_french_message(runner, tmp_path, args, message):
    out = tmp_path / "exports"
    result = runner.invoke(main, ["export", "--out", str(out), *args])
    assert result.exit_code == 1
    assert result.stderr.startswith("Erreur : ")
    assert message in result.stderr
    assert not out.exists()


@pytest.fixture
def no_exec(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Capture what ``verbatim serve`` would run instead of becoming Streamlit."""
    seen: dict = {}

    def fake(argv, *, env, cwd):
        seen.update(argv=argv, env=env, cwd=cwd)

    monkeypatch.setattr(serve_mod, "replace_process", fake)
    monkeypatch.setattr(serve_mod, "find_app", lambda: Path("/opt/verbatim/app.py"))
    return seen


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_serve_keeps_the_coordinator_pages_on_this_computer(runner, no_exec, monkeypatch):
    monkeypatch.setenv("VERBATIM_MODE", "kiosk")  # left over from a kiosk shell: not inherited
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    argv = no_exec["argv"]
    assert argv[1:5] == ["-m", "streamlit", "run", "/opt/verbatim/app.py"]
    assert _option(argv, "--server.address") == "127.0.0.1"
    assert _option(argv, "--server.port") == "8501"
    assert _option(argv, "--browser.gatherUsageStats") == "false"
    assert "VERBATIM_MODE" not in no_exec["env"]
    assert Path(no_exec["env"]["VERBATIM_DATA_DIR"]).is_absolute()
    assert "http://127.0.0.1:8501" in result.output


def test_serve_kiosk_listens_on_the_local_network(runner, no_exec):
    result = runner.invoke(main, ["serve", "--kiosk"])
    assert result.exit_code == 0, result.output
    assert _option(no_exec["argv"], "--server.address") == "0.0.0.0"
    assert _option(no_exec["argv"], "--server.port") == "8502"
    assert no_exec["env"]["VERBATIM_MODE"] == "kiosk"
    from verbatim.survey.kiosk_link import lan_ip

    assert f"http://{lan_ip()}:8502" in result.output  # the address tablets can reach
    custom = runner.invoke(main, ["serve", "--kiosk", "--port", "9000", "--address", "10.0.0.5"])
    assert custom.exit_code == 0
    assert _option(no_exec["argv"], "--server.address") == "10.0.0.5"
    assert _option(no_exec["argv"], "--server.port") == "9000"


def test_serve_demo_loads_the_sample_only_into_an_empty_database(runner, no_exec, monkeypatch):
    calls: list[int] = []

    def load_sample(session, *, path=None, progress=None) -> int:
        calls.append(1)
        q = svc.store_template(session, template="experience_msp", publish=True)
        version = svc.published_version(session, questionnaire_id=q.id)
        submit_response(
            session,
            version=version,
            channel="kiosk",
            answers={"acces": 3, "accueil": 3, "ecoute": 3},
        )
        return 1

    monkeypatch.setitem(
        sys.modules, "verbatim.sample", types.SimpleNamespace(load_sample=load_sample)
    )
    first = runner.invoke(main, ["serve", "--demo"])
    assert first.exit_code == 0, first.output
    assert "1 réponses d'exemple chargées" in first.output
    second = runner.invoke(main, ["serve", "--demo"])
    assert second.exit_code == 0, second.output
    assert calls == [1]  # the second start keeps the existing answers


def test_serve_without_app_file_explains_in_french(runner, monkeypatch, tmp_path):
    monkeypatch.setattr(serve_mod, "replace_process", lambda *a, **k: None)
    monkeypatch.chdir(tmp_path)
    import verbatim

    monkeypatch.setattr(verbatim, "__file__", str(tmp_path / "a" / "b" / "c" / "__init__.py"))
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "Fichier « app.py » introuvable" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.e2e
def test_serve_starts_streamlit_and_stops_on_ctrl_c(tmp_path: Path):
    app = Path(__file__).resolve().parents[1] / "app.py"
    if not app.is_file():
        if os.environ.get("VERBATIM_REQUIRE_E2E") == "1":
            pytest.fail("app.py is missing")
        pytest.skip("app.py is not written yet")
    port = _free_port()
    env = {**os.environ, "VERBATIM_DATA_DIR": str(tmp_path / "data")}
    env.pop("VERBATIM_DATABASE_URL", None)
    verbatim_cmd = Path(sys.executable).with_name("verbatim")
    proc = subprocess.Popen(
        [str(verbatim_cmd), "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as reply:
                    health = reply.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert health == "ok", proc.stdout.read().decode() if proc.poll() is not None else ""
        assert (tmp_path / "data" / "verbatim.db").is_file()  # upgraded before starting
        proc.send_signal(subprocess.signal.SIGINT)  # Ctrl+C reaches Streamlit itself
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
