"""``verbatim import``: a CSV/XLSX export (LimeSurvey, Google Forms, Excel) into the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from verbatim.cli.base import ProgressBar, french_errors, main


def french_number(n: int) -> str:
    """An integer as French writes it: 1 234."""
    return f"{n:,}".replace(",", " ")


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{french_number(n)} {singular if n == 1 else plural}"


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--questionnaire",
    "questionnaire_slug",
    metavar="SLUG",
    help="Questionnaire existant où importer (sinon, un questionnaire est créé depuis l'en-tête).",
)
@click.option("--date-column", metavar="COLONNE", help="Colonne de la date de réponse.")
@click.option("--site-column", metavar="COLONNE", help="Colonne du site (créé s'il est inconnu).")
@click.option("--id-column", metavar="COLONNE", help="Colonne de l'identifiant de la réponse.")
@click.option("--context-column", metavar="COLONNE", help="Colonne du contexte du parcours.")
@click.option(
    "--language-column",
    metavar="COLONNE",
    help="Colonne de la langue des réponses (« startlanguage » de LimeSurvey est reconnue seule).",
)
@click.option(
    "--ignore",
    "ignored",
    multiple=True,
    metavar="COLONNE",
    help="Colonne à ne pas importer (peut être répétée).",
)
@french_errors
def import_(
    file: Path,
    questionnaire_slug: str | None,
    date_column: str | None,
    site_column: str | None,
    id_column: str | None,
    context_column: str | None,
    language_column: str | None,
    ignored: tuple[str, ...],
) -> None:
    """Importe un export CSV ou XLSX (LimeSurvey, Google Forms, Excel) : tout ou rien."""
    from verbatim.config import get_settings
    from verbatim.db import session_scope, upgrade
    from verbatim.errors import Msg, VerbatimError
    from verbatim.intake.importer import run_import
    from verbatim.review.permissions import Principal

    upgrade()
    limit = get_settings().max_import_bytes
    if file.stat().st_size > limit:  # refuse before reading a huge file into memory
        raise VerbatimError(Msg.FILE_TOO_LARGE.format(name=file.name, max_mb=limit // 2**20))
    bar = ProgressBar("Vérification des lignes", file=sys.stderr)
    try:
        with session_scope(write=True) as session:
            result = run_import(
                session,
                actor=Principal.command_line(),
                data=file.read_bytes(),
                filename=file.name,
                questionnaire_slug=questionnaire_slug,
                mapping=dict.fromkeys(ignored, "ignore"),
                date_column=date_column,
                site_column=site_column,
                id_column=id_column,
                context_column=context_column,
                language_column=language_column,
                progress=bar,
            )
    finally:
        bar.close()
    imported = _plural(result.responses, "réponse importée", "réponses importées")
    click.echo(f"{imported} dans « {result.questionnaire_slug} ».")
    if result.created_questionnaire:
        click.echo(
            f"Questionnaire « {result.questionnaire_slug} » créé et publié depuis l'en-tête."
        )
    if result.new_sites:
        sites = _plural(len(result.new_sites), "nouveau site", "nouveaux sites")
        click.echo(f"{sites} : {', '.join(result.new_sites)}.")
    if result.empty_rows:
        click.echo(f"{_plural(result.empty_rows, 'ligne vide ignorée', 'lignes vides ignorées')}.")
    if result.undated_rows:
        undated = _plural(
            result.undated_rows, "réponse sans date ignorée", "réponses sans date ignorées"
        )
        click.echo(f"{undated} (réponses non terminées).")
