"""Commands: demo (load the synthetic French sample)."""

from __future__ import annotations

from pathlib import Path

import click

from verbatim.cli.base import ProgressBar, french_errors, main


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
    from verbatim.sample import load_sample

    upgrade()
    bar = ProgressBar("Chargement des réponses d'exemple")
    try:
        with session_scope(write=True) as session:
            count = load_sample(session, path=path, progress=bar)
    finally:
        bar.close()
    click.echo(f"{count} réponses d'exemple chargées.")
