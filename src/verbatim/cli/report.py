"""Command: ``verbatim report`` — the committee report of a period, in HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import click

from verbatim.cli.base import french_errors, main


@main.command()
@click.option(
    "--period",
    required=True,
    help="Période : une année (2026), un trimestre (2026-Q3) ou un mois (2026-10).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dossier de destination (par défaut : data/reports).",
)
@french_errors
def report(period: str, out_dir: Path | None) -> None:
    """Écrit le rapport au comité d'une période (HTML interactif et PDF)."""
    from verbatim.config import get_settings
    from verbatim.db import session_scope, upgrade
    from verbatim.output.report import write_report
    from verbatim.output.report_data import parse_period
    from verbatim.review.permissions import Principal

    parse_period(period)  # a bad period fails before the database is touched
    out_dir = out_dir or get_settings().data_dir / "reports"
    upgrade()
    with session_scope() as session:
        written = write_report(
            session, actor=Principal.command_line(), period=period, out_dir=out_dir
        )
    click.echo(f"Rapport écrit dans « {out_dir} » :")
    for path in written:
        click.echo(f"  - {path.name}")
