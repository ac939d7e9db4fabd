"""Export hook of the review board: ``decisions.csv``, one row per reviewed theme.

A theme is "reviewed" when it has a decision, a vote or a comment. Votes, comments and decisions
of themes merged into another are counted on the theme that received them. Columns: the theme's
newest label, the decision (French label), owner, due date, note, whether patients may see it, the
number of votes of each reviewer kind, the mean priority of patients (partners and RU) and of
professionals, the number of comments, and the date of the meeting where the decision was taken.
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean

from sqlmodel import Session, select

from verbatim.db.tables_review import (
    ManualTheme,
    PriorityVote,
    ReviewMeeting,
    ThemeComment,
    ThemeDecision,
)
from verbatim.db.tables_themes import AnalysisRun
from verbatim.output.export import ExportContext, file_writers
from verbatim.output.readme import describe_file
from verbatim.review.decisions import (
    DECISION_LABELS,
    KIND_COLUMNS,
    PATIENTS,
    PROFESSIONALS,
    reviews_for,
)
from verbatim.review.lineage import Lineages, is_manual

DECISIONS_HEADER = [
    "theme",
    "decision",
    "owner",
    "due_date",
    "note",
    "public",
    *[f"votes_{kind}" for kind in KIND_COLUMNS],
    "priority_patients",
    "priority_professionals",
    "comments",
    "session_date",
]

describe_file(
    "decisions.csv",
    "Un thème relu par ligne (avec une décision, un vote ou un commentaire), par ordre "
    "alphabétique ; les thèmes fusionnés sont comptés sur le thème qui les a reçus.",
    columns={
        "theme": "Nom actuel du thème.",
        "decision": "Décision : Action à mener, À surveiller ou Sans suite (vide si aucune).",
        "owner": "Responsable de l'action.",
        "due_date": "Échéance de l'action.",
        "note": "Note accompagnant la décision.",
        "public": "oui si la décision peut être montrée aux patients, non sinon.",
        "votes_patient_partner": "Nombre de votes de priorité des patients partenaires.",
        "votes_user_representative": "Nombre de votes des représentants des usagers.",
        "votes_professional": "Nombre de votes des professionnels de santé.",
        "votes_coordinator": "Nombre de votes des coordinateurs.",
        "priority_patients": "Priorité moyenne donnée par les patients partenaires et "
        "représentants des usagers (1 faible à 3 forte).",
        "priority_professionals": "Priorité moyenne donnée par les professionnels (1 à 3).",
        "comments": "Nombre de commentaires sur le thème.",
        "session_date": "Date de la séance de relecture où la décision a été prise.",
    },
)


def decision_rows(session: Session, *, questionnaire_slugs: list[str] | None = None) -> list[list]:
    """The rows of ``decisions.csv`` (plain Python values), sorted by theme label.

    Args:
        session: Open session (read only).
        questionnaire_slugs: Keep themes of runs covering one of these questionnaires (a run
            without a questionnaire filter covers them all); every theme when None.
    """
    lineages = Lineages.load(session)
    reviewed: set[int] = set()
    for table in (PriorityVote, ThemeComment, ThemeDecision):
        reviewed |= {lineages.resolve(x) for x in session.exec(select(table.lineage)).all()}
    if questionnaire_slugs is not None:
        reviewed = {lin for lin in reviewed if _covers(session, lineages, lin, questionnaire_slugs)}
    finals = sorted(reviewed, key=lambda lin: (lineages.label(lin).casefold(), lin))
    reviews = reviews_for(session, lineages=lineages, finals=finals)
    meetings = {m.id: m for m in session.exec(select(ReviewMeeting)).all()}
    rows: list[list] = []
    for lineage in finals:
        review = reviews[lineage]
        decision = review.decision
        by_kind = review.votes_by_kind()
        by_group = review.votes_by_group()
        meeting = meetings.get(decision.meeting_id) if decision and decision.meeting_id else None
        rows.append(
            [
                lineages.label(lineage),
                DECISION_LABELS.get(decision.kind, decision.kind) if decision else "",
                decision.owner if decision else "",
                decision.due_on if decision else None,
                decision.note if decision else "",
                ("oui" if decision.public else "non") if decision else "",
                *[len(by_kind[kind]) for kind in KIND_COLUMNS],
                round(mean(by_group[PATIENTS]), 2) if by_group[PATIENTS] else None,
                round(mean(by_group[PROFESSIONALS]), 2) if by_group[PROFESSIONALS] else None,
                len(review.comments),
                meeting.held_on if meeting else None,
            ]
        )
    return rows


def _covers(session: Session, lineages: Lineages, lineage: int, slugs: list[str]) -> bool:
    """True when a run holding the lineage covers one of the questionnaires ``slugs``."""
    if is_manual(lineage):
        manual = session.get(ManualTheme, -lineage)
        keys = {manual.scope_key} if manual else set()
        runs = session.exec(select(AnalysisRun).where(AnalysisRun.scope_key.in_(keys))).all()  # type: ignore[attr-defined]
    else:
        run_ids = {t.run_id for t in lineages.themes_in(lineage)}
        runs = [r for r in (session.get(AnalysisRun, i) for i in run_ids) if r is not None]
    for run in runs:
        covered = (run.scope or {}).get("questionnaires")
        if not covered or set(covered) & set(slugs):
            return True
    return False


@file_writers.register("decisions", order=80)
def write_decisions(ctx: ExportContext) -> list[Path]:
    """``decisions.csv`` once there is an analysis run or a review (header only if none yet)."""
    has_run = ctx.session.exec(select(AnalysisRun.id).limit(1)).first() is not None
    has_review = ctx.session.exec(select(ThemeDecision.id).limit(1)).first() is not None
    if not (has_run or has_review):
        return []
    slugs = [q.slug for q in ctx.questionnaires] if len(ctx.questionnaires) == 1 else None
    rows = decision_rows(ctx.session, questionnaire_slugs=slugs)
    return [ctx.write("decisions.csv", header=DECISIONS_HEADER, rows=rows)]
