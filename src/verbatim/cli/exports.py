"""Command: ``verbatim export`` — CSV files for French Excel."""

from __future__ import annotations

from pathlib import Path

import click

from verbatim.cli.base import french_errors, main


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dossier de destination (par défaut : data/exports).",
)
@click.option(
    "--sep",
    default=";",
    show_default=True,
    help="Séparateur : « ; » pour Excel en français, « , » sinon.",
)
@click.option("--questionnaire", "slug", default=None, help="N'exporter que ce questionnaire.")
@french_errors
def export(out_dir: Path | None, sep: str, slug: str | None) -> None:
    """Exporte réponses et verbatims en CSV pour Excel."""
    from verbatim.config import get_settings
    from verbatim.db import session_scope, upgrade
    from verbatim.output.export import export_all
    from verbatim.review.permissions import Principal

    out_dir = out_dir or get_settings().data_dir / "exports"
    upgrade()
    with session_scope() as session:
        written = export_all(
            session,
            actor=Principal.command_line(),
            out_dir=out_dir,
            sep=sep,
            questionnaire_slug=slug,
        )
    plural = "s" if len(written) > 1 else ""
    click.echo(f"{len(written)} fichier{plural} écrit{plural} dans « {out_dir} » :")
    for path in written:
        if path.suffix != ".csv":
            click.echo(f"  - {path.name}")
            continue
        rows = _data_rows(path, sep=sep)
        click.echo(f"  - {path.name} ({rows} ligne{'s' if rows > 1 else ''})")


def _data_rows(path: Path, *, sep: str) -> int:
    """Rows below the header (a quoted cell may span several lines, so count with csv)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle, delimiter=sep)) - 1, 0)
