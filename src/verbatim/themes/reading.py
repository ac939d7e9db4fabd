"""Read the free-text answers of an analysis scope, with what the engine needs beside the text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from verbatim.db.tables import Answer, Question, Questionnaire, Response
from verbatim.survey import kinds


@dataclass
class ScopedAnswer:
    """One free-text answer in scope."""

    answer_id: int
    response_id: int
    text: str
    polarity: str | None
    link_id: str
    submitted_at: datetime
    site_id: int | None
    satisfaction: float | None = None  # mean closed-answer score of the response, 0..1
    language: str | None = None  # the language the patient chose (Response.language)


def load_answers(
    session: Session,
    *,
    questionnaire_slugs: list[str] | None = None,
    question_link_ids: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    site_ids: list[int] | None = None,
) -> list[ScopedAnswer]:
    """Free-text answers matching the scope, ordered by answer id.

    Args:
        session: Open session.
        questionnaire_slugs: Questionnaires (all when None).
        question_link_ids: Question link ids (all free-text questions when None).
        since: First submission time included.
        until: Last submission time included.
        site_ids: Sites (all when None).

    Returns:
        The answers with their question polarity and the response's satisfaction.
    """
    stmt = (
        select(
            Answer.id,
            Answer.response_id,
            Answer.text,
            Question.polarity,
            Question.link_id,
            Response.submitted_at,
            Response.site_id,
            Response.language,
        )
        .join(Question, col(Question.id) == col(Answer.question_id))
        .join(Response, col(Response.id) == col(Answer.response_id))
        .where(col(Question.kind).in_(sorted(kinds.TEXT_KINDS)), col(Answer.text).is_not(None))
    )
    if questionnaire_slugs:
        stmt = stmt.join(Questionnaire, col(Questionnaire.id) == col(Response.questionnaire_id))
        stmt = stmt.where(col(Questionnaire.slug).in_(questionnaire_slugs))
    if question_link_ids:
        stmt = stmt.where(col(Question.link_id).in_(question_link_ids))
    if since is not None:
        stmt = stmt.where(col(Response.submitted_at) >= since)
    if until is not None:
        stmt = stmt.where(col(Response.submitted_at) <= until)
    if site_ids:
        stmt = stmt.where(col(Response.site_id).in_(site_ids))
    rows = session.exec(stmt.order_by(col(Answer.id))).all()
    answers = [
        ScopedAnswer(
            answer_id=r[0],
            response_id=r[1],
            text=r[2] or "",
            polarity=r[3],
            link_id=r[4],
            submitted_at=r[5],
            site_id=r[6],
            language=r[7],
        )
        for r in rows
    ]
    satisfaction = _satisfaction(session, {a.response_id for a in answers})
    for answer in answers:
        answer.satisfaction = satisfaction.get(answer.response_id)
    return answers


def _satisfaction(session: Session, response_ids: set[int]) -> dict[int, float]:
    """Mean of the response's likert (1-5) and 0-10 answers, rescaled to 0..1."""
    if not response_ids:
        return {}
    scores: dict[int, list[float]] = {}
    ids = sorted(response_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        stmt = (
            select(Answer.response_id, Question.kind, func.avg(Answer.number))
            .join(Question, col(Question.id) == col(Answer.question_id))
            .where(
                col(Answer.response_id).in_(chunk),
                col(Question.kind).in_(sorted(kinds.NUMBER_KINDS)),
                col(Answer.number).is_not(None),
            )
            .group_by(col(Answer.response_id), col(Question.kind))
        )
        for response_id, kind, mean in session.exec(stmt).all():
            value = (float(mean) - 1) / 4 if kind == kinds.LIKERT5 else float(mean) / 10
            scores.setdefault(response_id, []).append(value)
    return {k: sum(v) / len(v) for k, v in scores.items()}
