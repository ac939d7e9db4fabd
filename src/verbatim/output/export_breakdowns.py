"""Export hook: ``breakdowns.csv``, closed-question answers counted by site, small counts masked.

One row per questionnaire, closed question, site and answer. The first site of each question is
"Tous les sites"; answers without a site are grouped under "Sans site". Within each (question,
site) group a count from 1 to threshold − 1 reads "< 5", and when only one is masked the next
smallest reads "masqué", so that it cannot be recovered from the group's respondents.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

from verbatim.db.tables import Questionnaire, Response, Site
from verbatim.output.export import ExportContext, file_writers
from verbatim.output.readme import describe_file
from verbatim.privacy.small_counts import mask_breakdown
from verbatim.review.permissions import Principal

BREAKDOWNS_HEADER = ["questionnaire", "question", "site", "answer", "count"]
ALL_SITES = "Tous les sites"
NO_SITE = "Sans site"

describe_file(
    "breakdowns.csv",
    "Réponses aux questions fermées (échelles, oui/non, choix) comptées par site : une ligne par "
    "questionnaire, question, site et réponse possible. Les petits effectifs sont masqués.",
    columns={
        "questionnaire": "Titre du questionnaire.",
        "question": "Libellé de la question fermée (dernière version).",
        "site": f"Site de recueil ; « {ALL_SITES} » pour l'ensemble, « {NO_SITE} » pour les "
        "réponses sans site.",
        "answer": "Réponse possible (libellé).",
        "count": "Nombre de réponses ; « < 5 » de 1 à 4 (seuil réglable), « masqué » quand il "
        "faut cacher un second nombre pour protéger le premier.",
    },
)


def _counts(summary) -> Counter[str]:  # type: ignore[no-untyped-def]
    counts: Counter[str] = Counter()
    for option in summary.options:
        counts[option.label] += option.count
    return counts


def breakdown_rows(
    session: Session, *, actor: Principal, questionnaires: list[Questionnaire]
) -> list[list[str]]:
    """The rows of ``breakdowns.csv`` (counts already masked)."""
    from verbatim.survey.responses import ResponseFilter, closed_question_summary

    rows: list[list[str]] = []
    for questionnaire in questionnaires:
        site_ids = set(
            session.exec(
                select(Response.site_id)
                .where(Response.questionnaire_id == questionnaire.id)
                .distinct()
            ).all()
        )
        sites = sorted(
            (site.name, site.id)
            for site in session.exec(select(Site).where(Site.id.in_(site_ids - {None})))  # type: ignore[union-attr]
        )

        overall_summaries = closed_question_summary(
            session, actor=actor, questionnaire_id=questionnaire.id, filters=ResponseFilter()
        )
        per_site = {
            name: {
                found.link_id: _counts(found)
                for found in closed_question_summary(
                    session,
                    actor=actor,
                    questionnaire_id=questionnaire.id,
                    filters=ResponseFilter(site_id=site_id),
                )
            }
            for name, site_id in sites
        }
        for summary in overall_summaries:
            overall = _counts(summary)
            groups = [(ALL_SITES, overall)]
            groups += [(name, per_site[name].get(summary.link_id, Counter())) for name, _ in sites]
            if None in site_ids:
                without = Counter(overall)
                for name, _ in sites:
                    without.subtract(per_site[name].get(summary.link_id, Counter()))
                groups.append((NO_SITE, without))
            for site, counts in groups:
                full = {label: counts.get(label, 0) for label in overall}
                shown = mask_breakdown(full, with_total=True)
                rows += [[questionnaire.title, summary.text, site, k, shown[k]] for k in full]
    return rows


@file_writers.register("breakdowns", order=20)
def write_breakdowns(ctx: ExportContext) -> list[Path]:
    """``breakdowns.csv`` when questionnaires are exported."""
    if not ctx.questionnaires or ctx.actor is None:
        return []
    rows = breakdown_rows(ctx.session, actor=ctx.actor, questionnaires=ctx.questionnaires)
    return [ctx.write("breakdowns.csv", header=BREAKDOWNS_HEADER, rows=rows)]
