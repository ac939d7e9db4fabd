"""Command: ``verbatim signals`` — the ranked weak signals of the latest analysis."""

from __future__ import annotations

import click

from verbatim.cli.base import french_errors, main


@main.command()
@click.option("--questionnaire", "questionnaire_slug", help="Limiter à ce questionnaire (slug).")
@click.option("--question", "question_link_id", help="Limiter à cette question (identifiant).")
@click.option("--site", help="Limiter à ce site (nom).")
@click.option("--context", help="Limiter à ce contexte de parcours.")
@click.option("--quarter", is_flag=True, help="Comparer par trimestre plutôt que par mois.")
@click.option("--all", "include_dismissed", is_flag=True, help="Montrer aussi les signaux écartés.")
@french_errors
def signals(
    questionnaire_slug: str | None,
    question_link_id: str | None,
    site: str | None,
    context: str | None,
    quarter: bool,
    include_dismissed: bool,
) -> None:
    """Affiche les signaux faibles de la dernière analyse, du plus important au moins important."""
    from verbatim.db import session_scope, upgrade
    from verbatim.review.permissions import Principal
    from verbatim.signals.periods import MONTH, QUARTER
    from verbatim.signals.service import SignalSlice, compute_signals

    upgrade()
    slice_ = SignalSlice(questionnaire_slug, question_link_id, site, context)
    with session_scope() as session:
        found = compute_signals(
            session,
            actor=Principal.command_line(),
            slice_=slice_,
            unit=QUARTER if quarter else MONTH,
            include_dismissed=include_dismissed,
        )
    if not found:
        click.echo("Aucun signal dans la dernière analyse.")
        return
    for rank, item in enumerate(found, start=1):
        s = item.signal
        click.echo(f"{rank:>2}. [{s.kind_label}] {s.subject} — {item.status_label}")
        click.echo(f"    {s.reason}")
        click.echo(
            f"    réponses : {', '.join(str(r) for r in s.response_ids[:12])}"
            + (" …" if len(s.response_ids) > 12 else "")
        )
