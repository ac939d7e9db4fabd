"""Commands: demo (load the synthetic French sample)."""

from __future__ import annotations

from pathlib import Path

import click

from verbatim.cli.base import french_errors, main


@main.command()
@click.option(
    "--path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fichier de réponses d'exemple (par défaut data/sample/responses.jsonl).",
)
@french_errors
def demo(path: Path | None) -> None:
    """Charge les réponses d'exemple (3 sites, 3 questionnaires, 12 mois).

    Les dates sont décalées pour que le dernier mois de l'exemple soit le mois en cours.
    Refusé si les réponses d'exemple sont déjà chargées : rien n'est alors modifié.
    """
    from verbatim.db import session_scope, upgrade
    from verbatim.sample import load_sample, read_sample

    upgrade()
    total = len(read_sample(path))
    with (
        click.progressbar(length=total, label="Chargement des réponses d'exemple") as bar,
        session_scope(write=True) as session,
    ):
        state = {"done": 0}

        def progress(done: int, _total: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        count = load_sample(session, path=path, progress=progress)
    click.echo(f"{count} réponses d'exemple chargées.")
