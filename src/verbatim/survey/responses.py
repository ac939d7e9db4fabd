"""The answers page's service: list and filter responses, delete one, count closed answers.

Dates given as days (``date``) are whole days in French local time (Europe/Paris), so that "from
1 to 31 March" means what a coordinator expects; datetimes are used as they are.

Reading answers needs ``view_responses`` and deleting one ``delete_response``: each function takes
a keyword ``actor`` and refuses before touching the database. :func:`contexts` is the exception:
it lists the labels of the context filter (no answer, no count), which the signals page, open to
reviewers, needs too.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func
from sqlmodel import Session, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from verbatim.db.tables import (
    Answer,
    Question,
    Questionnaire,
    Response,
    Site,
)
from verbatim.errors import Msg, VerbatimError
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey import kinds
from verbatim.survey import questionnaires as qsvc

LOCAL_TZ = ZoneInfo("Europe/Paris")
CLOSED_KINDS = (
    kinds.LIKERT5,
    kinds.SCALE10,
    kinds.YES_NO,
    kinds.SINGLE_CHOICE,
    kinds.MULTIPLE_CHOICE,
)

_S = TypeVar("_S", Select, SelectOfScalar)


@dataclass(frozen=True)
class ResponseFilter:
    """Which responses to show. Every field left to None does not filter.

    Attributes:
        questionnaire_id: Responses to this questionnaire.
        site_id: Responses collected at this site.
        since: From this day (local time) or this instant, included.
        until: Up to this day (local time, included) or this instant (excluded).
        channel: "kiosk", "paper" or "import".
        context: Care-path context, such as "après une hospitalisation".
        language: Language the patient answered in ("fr", "ar"…).
    """

    questionnaire_id: int | None = None
    site_id: int | None = None
    since: date | datetime | None = None
    until: date | datetime | None = None
    channel: str | None = None
    context: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class ResponseRow:
    """One response as the answers page shows it.

    Attributes:
        answers: ``{question text: answer as read}``, in question order; free text is the
            pseudonymised text.
    """

    id: int
    submitted_at: datetime
    site_name: str | None
    channel: str
    context: str | None
    external_id: str | None
    questionnaire_id: int
    questionnaire_title: str
    answers: dict[str, str] = field(default_factory=dict)
    language: str = "fr"


@dataclass(frozen=True)
class OptionCount:
    """How many answers chose one option."""

    value: Any
    label: str
    count: int


@dataclass(frozen=True)
class QuestionSummary:
    """The answers to one closed question, across the questionnaire's versions.

    Attributes:
        link_id: The question's identifier, shared by its versions.
        text: The question's text in its newest version.
        kind: The question kind.
        options: One count per option, in option order (older versions' extra options last).
        answered: How many responses answered it (for multiple choice, counts add up to more).
    """

    link_id: str
    text: str
    kind: str
    options: list[OptionCount]
    answered: int

    def share(self, value: Any) -> float:
        """Fraction of answering responses that chose ``value`` (0 when nobody answered)."""
        count = next((o.count for o in self.options if o.value == value), 0)
        return count / self.answered if self.answered else 0.0


def _bound(value: date | datetime, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


def _filtered(stmt: _S, filters: ResponseFilter) -> _S:
    if filters.questionnaire_id is not None:
        stmt = stmt.where(Response.questionnaire_id == filters.questionnaire_id)
    if filters.site_id is not None:
        stmt = stmt.where(Response.site_id == filters.site_id)
    if filters.since is not None:
        stmt = stmt.where(Response.submitted_at >= _bound(filters.since, end=False))
    if filters.until is not None:
        stmt = stmt.where(Response.submitted_at < _bound(filters.until, end=True))
    if filters.channel:
        stmt = stmt.where(Response.channel == filters.channel)
    if filters.context:
        stmt = stmt.where(Response.context == filters.context)
    if filters.language:
        stmt = stmt.where(Response.language == filters.language)
    return stmt


@requires(Permission.VIEW_RESPONSES)
def list_responses(
    session: Session,
    *,
    actor: Principal,
    filters: ResponseFilter,
    limit: int = 200,
    offset: int = 0,
) -> list[ResponseRow]:
    """Responses matching the filters, newest first, with their answers as people read them.

    Free text is shown pseudonymised (``Answer.text``), never as typed.

    Args:
        session: Open session.
        actor: Who reads (needs ``view_responses``).
        filters: Which responses.
        limit: At most this many rows (one page).
        offset: Rows to skip (earlier pages).

    Returns:
        One row per response.

    Raises:
        PermissionDenied: ``actor`` may not read answers.
    """
    stmt = (
        select(Response, Questionnaire.title, Site.name)
        .join(Questionnaire, Questionnaire.id == Response.questionnaire_id)  # type: ignore[arg-type]
        .outerjoin(Site, Site.id == Response.site_id)  # type: ignore[arg-type]
    )
    stmt = _filtered(stmt, filters).order_by(
        Response.submitted_at.desc(),  # type: ignore[attr-defined]
        Response.id.desc(),  # type: ignore[union-attr]
    )
    found = session.exec(stmt.offset(offset).limit(limit)).all()
    ids = [response.id for response, _, _ in found]
    shown: dict[int, dict[str, str]] = {i: {} for i in ids}
    if ids:
        answers = session.exec(
            select(Answer, Question)
            .join(Question, Question.id == Answer.question_id)  # type: ignore[arg-type]
            .where(Answer.response_id.in_(ids))  # type: ignore[attr-defined]
            .order_by(Answer.response_id, Question.position)
        )
        for answer, question in answers:
            stored = kinds.StoredValue(choice=answer.choice, number=answer.number, text=answer.text)
            text = kinds.display_value(question.kind, question.options, stored)
            shown[answer.response_id][question.text] = text
    return [
        ResponseRow(
            id=response.id,
            submitted_at=response.submitted_at,
            site_name=site_name,
            channel=response.channel,
            context=response.context,
            external_id=response.external_id,
            questionnaire_id=response.questionnaire_id,
            questionnaire_title=title,
            answers=shown[response.id],
            language=response.language,
        )
        for response, title, site_name in found
    ]


@requires(Permission.VIEW_RESPONSES)
def count_responses(session: Session, *, actor: Principal, filters: ResponseFilter) -> int:
    """How many responses match the filters.

    Raises:
        PermissionDenied: ``actor`` may not read answers.
    """
    stmt = _filtered(select(func.count()).select_from(Response), filters)
    return int(session.exec(stmt).one())


def contexts(session: Session) -> list[str]:
    """The distinct care-path contexts responses were given in, alphabetically."""
    stmt = (
        select(Response.context)
        .where(Response.context.is_not(None))  # type: ignore[union-attr]
        .distinct()
        .order_by(Response.context)
    )
    return [c for c in session.exec(stmt) if c]


def languages(session: Session) -> list[str]:
    """The distinct languages responses were given in ("fr" first, then by code)."""
    stmt = select(Response.language).distinct()
    found = {code for code in session.exec(stmt) if code}
    return sorted(found, key=lambda code: (code != "fr", code))


@requires(Permission.DELETE_RESPONSE)
def delete_response(session: Session, *, actor: Principal, response_id: int) -> None:
    """Delete one response and its answers, as a patient may ask (RGPD), and audit it.

    The audit event records who deleted (name, role and kind) which response and how many
    answers it had, never what they said.

    Args:
        session: Open session (write transaction).
        actor: Who deletes it (needs ``delete_response``).
        response_id: The response to delete.

    Raises:
        PermissionDenied: ``actor`` may not delete responses; nothing is deleted.
        VerbatimError: No response has this id.
    """
    response = session.get(Response, response_id)
    if response is None:
        raise VerbatimError(Msg.UNKNOWN_RESPONSE.format(response_id=response_id))
    answer_ids = list(session.exec(select(Answer.id).where(Answer.response_id == response_id)))
    detail = {
        "questionnaire_id": response.questionnaire_id,
        "version_id": response.version_id,
        "channel": response.channel,
        "answers": len(answer_ids),
        "reason": "Demande de suppression (RGPD)",
    }
    from verbatim.privacy.erase import forget_derived_text

    forget_derived_text(session, answer_ids=answer_ids)
    # Answers first, explicitly: the ON DELETE CASCADE needs SQLite's foreign_keys pragma.
    session.exec(delete(Answer).where(Answer.response_id == response_id))  # type: ignore[call-overload]
    session.delete(response)
    record(
        session,
        actor=actor,
        action="response.delete",
        object_type="response",
        object_id=response_id,
        detail=detail,
    )


@requires(Permission.VIEW_RESPONSES)
def closed_question_summary(
    session: Session, *, actor: Principal, questionnaire_id: int, filters: ResponseFilter
) -> list[QuestionSummary]:
    """Counts per option of each closed question (Likert, 0–10, yes/no, choices).

    Versions of a question are matched by link id; the newest version gives the text and option
    order. Questions hidden by a show-if condition simply have fewer answers.

    Args:
        session: Open session.
        actor: Who reads (needs ``view_responses``).
        questionnaire_id: The questionnaire (overrides ``filters.questionnaire_id``).
        filters: Which responses count.

    Returns:
        One summary per closed question, in the newest version's order.

    Raises:
        PermissionDenied: ``actor`` may not read answers.
    """
    newest: dict[str, Question] = {}
    options: dict[str, list[tuple[Any, str]]] = {}
    for version in reversed(qsvc.versions(session, questionnaire_id=questionnaire_id)):
        for q in qsvc.questions_of(session, version_id=version.id):
            if q.kind not in CLOSED_KINDS:
                continue
            first = newest.setdefault(q.link_id, q)
            if first.kind != q.kind:
                continue
            known = options.setdefault(q.link_id, [])
            for opt in kinds.options_for(q.kind, q.options):
                if all(str(v) != str(opt["value"]) for v, _ in known):
                    known.append((opt["value"], str(opt["label"])))
    if not newest:
        return []
    stmt = (
        select(Answer.choice, Answer.number, Question.link_id, Question.kind)
        .join(Question, Question.id == Answer.question_id)  # type: ignore[arg-type]
        .join(Response, Response.id == Answer.response_id)  # type: ignore[arg-type]
        .where(Question.link_id.in_(list(newest)))  # type: ignore[attr-defined]
    )
    stmt = _filtered(stmt, replace(filters, questionnaire_id=questionnaire_id))
    counts: dict[str, Counter[str]] = {link: Counter() for link in newest}
    answered: Counter[str] = Counter()
    for choice, number, link_id, kind in session.exec(stmt):
        if kind != newest[link_id].kind:
            continue
        values = _values(kind, choice, number)
        if values:
            answered[link_id] += 1
            counts[link_id].update(str(v) for v in values)
    summaries = []
    for link_id, q in newest.items():
        opts = options[link_id]
        listed = {str(v) for v, _ in opts}
        extra = [(v, v) for v in counts[link_id] if v not in listed]  # values of no known option
        summaries.append(
            QuestionSummary(
                link_id=link_id,
                text=q.text,
                kind=q.kind,
                options=[
                    OptionCount(value=v, label=label, count=counts[link_id][str(v)])
                    for v, label in opts + extra
                ],
                answered=answered[link_id],
            )
        )
    return summaries


def _values(kind: str, choice: str | None, number: float | None) -> list[Any]:
    if kind in kinds.NUMBER_KINDS:
        return [] if number is None else [int(number)]
    if kind == kinds.MULTIPLE_CHOICE:
        return list(json.loads(choice or "[]"))
    return [] if choice is None else [choice]
