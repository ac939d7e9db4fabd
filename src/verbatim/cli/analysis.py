"""Commands: ``verbatim analyse`` (themes of the free-text answers)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from verbatim.cli.base import french_errors, main

CHANGE_LABELS = {"new": "nouveau", "grown": "en hausse", "shrunk": "en baisse", "stable": "stable"}


def _parse_date(value: str | None) -> datetime | None:
    from verbatim.errors import Msg, VerbatimError

    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError as error:
        raise VerbatimError(Msg.BAD_DATE_OPTION.format(value=value)) from error


@main.command()
@click.option("--questionnaire", "slugs", multiple=True, help="Questionnaire (slug), répétable.")
@click.option("--since", default=None, help="Réponses depuis cette date (AAAA-MM-JJ).")
@click.option("--until", default=None, help="Réponses jusqu'à cette date (AAAA-MM-JJ).")
@french_errors
def analyse(slugs: tuple[str, ...], since: str | None, until: str | None) -> None:
    """Regroupe les réponses en texte libre en thèmes et enregistre l'analyse."""
    from verbatim.db import get_engine, session_scope
    from verbatim.review.permissions import Principal
    from verbatim.survey.questionnaires import get_questionnaire
    from verbatim.themes.engine import STAGES, run_analysis

    since_at, until_at = _parse_date(since), _parse_date(until)
    if until_at is not None:
        until_at = until_at.replace(hour=23, minute=59, second=59)
    engine = get_engine()
    with session_scope(engine) as session:
        for slug in slugs:
            get_questionnaire(session, slug=slug)  # French error when unknown
    order = list(STAGES)
    with click.progressbar(length=len(order) * 100, label="Analyse", show_pos=False) as bar:
        done = {"value": 0}

        def progress(stage: str, share: float) -> None:
            target = order.index(stage) * 100 + int(share * 100)
            if target > done["value"]:
                bar.update(target - done["value"])
                done["value"] = target
            bar.label = STAGES[stage]

        try:
            with session_scope(engine, write=True) as session:
                summary = run_analysis(
                    session,
                    questionnaire_slugs=list(slugs) or None,
                    since=since_at,
                    until=until_at,
                    progress=progress,
                    actor=Principal.command_line(),
                )
        except Exception as error:
            _record_failure(engine, list(slugs), error)
            raise
        bar.update(len(order) * 100 - done["value"])
    click.echo(format_summary(summary))


def _record_failure(engine, slugs: list[str], error: Exception) -> None:  # type: ignore[no-untyped-def]
    from verbatim.db import session_scope
    from verbatim.errors import VerbatimError
    from verbatim.themes.runs import record_failed_run

    if isinstance(error, VerbatimError):
        return  # bad input: nothing was analysed
    scope = {"questionnaires": sorted(slugs) or None, "questions": None, "sites": None}
    with session_scope(engine, write=True) as session:
        record_failed_run(session, scope=scope, error=repr(error), actor="cli")


def format_summary(summary) -> str:  # type: ignore[no-untyped-def]
    """The French summary printed after an analysis."""
    c = summary.counts
    lines = [
        f"Analyse n° {summary.run_id} : {c['answers']} réponses en texte libre, "
        f"{c['informative']} informatives, {c['non_informative']} non informatives "
        "(« RAS », « rien »…).",
        f"{c['themes']} thèmes ({c['framework_themes']} du référentiel, "
        f"{c['discovered_themes']} découverts) ; {c['unthemed_share']:.0%} des réponses "
        "informatives sans thème.",
        "",
    ]
    if c.get("other_language_answers"):
        from verbatim.themes.languages import describe

        lines.insert(
            2,
            f"{c['other_language_answers']} réponses dans une autre langue mises à part, à lire "
            f"sur la page Analyse : {describe(c['other_language'])}.",
        )
    for theme in summary.themes:
        change = CHANGE_LABELS.get(theme["change"], theme["change"])
        origin = "référentiel" if theme["origin"] == "framework" else "découvert"
        previous = "" if theme["previous_size"] is None else f", avant {theme['previous_size']}"
        lines.append(
            f"  {theme['label']} — {theme['size']} réponses ({origin}, {change}{previous})"
        )
    if summary.vanished:
        lines.append("")
        lines.append("Thèmes disparus depuis l'analyse précédente :")
        lines.extend(f"  {v['label']} (avant {v['size']})" for v in summary.vanished)
    lines.append("")
    lines.append(f"{c['new_embeddings']} nouveaux textes vectorisés (les autres étaient en cache).")
    return "\n".join(lines)
