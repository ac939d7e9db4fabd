"""The coordinator's correction of a pseudonymised answer (a wrong or a missed redaction).

What the coordinator writes is pseudonymised again with the patterns, titles and staff list, so a
phone number, an e-mail, a NIR, an address or a staff name cannot be put back by accident. The
model's name guesses are NOT applied again: the coordinator is the judge of what is a name, and
restoring a word the model wrongly took for one ("Attente" → [NOM]) is what a correction is for.
The original text is never written to the audit log; ``Answer.raw_text`` is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from verbatim.config import get_settings
from verbatim.db.tables import Answer, Question, Response
from verbatim.errors import Msg, VerbatimError
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.text import pii_patterns
from verbatim.text.pseudonymise import find_spans
from verbatim.text.staff import staff_names

PLACEHOLDERS = (
    pii_patterns.NOM,
    pii_patterns.TELEPHONE,
    pii_patterns.EMAIL,
    pii_patterns.NIR,
    pii_patterns.DATE,
    pii_patterns.ADRESSE,
)


def count_placeholders(text: str | None) -> int:
    """How many redaction placeholders ``text`` holds."""
    return sum((text or "").count(p) for p in PLACEHOLDERS)


@requires(Permission.EDIT_RESPONSE)
def correct_answer_text(session: Session, *, answer_id: int, text: str, actor: Principal) -> Answer:
    """Replace the pseudonymised text of one answer by the coordinator's correction.

    Args:
        session: Open session (write transaction).
        answer_id: The answer to correct.
        text: The corrected text, as the coordinator wrote it.
        actor: Who corrects (needs ``edit_response``: coordinators only).

    Returns:
        The answer, with its new text (re-pseudonymised, see the module docstring).

    Raises:
        VerbatimError: Unknown answer, not a free-text answer, or text too long.
    """
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise VerbatimError(Msg.UNKNOWN_ANSWER.format(answer_id=answer_id))
    if answer.text is None:
        raise VerbatimError(Msg.ANSWER_NOT_TEXT.format(answer_id=answer_id))
    max_chars = get_settings().max_cell_chars
    if len(text) > max_chars:
        raise VerbatimError(Msg.CORRECTION_TOO_LONG.format(length=len(text), max_chars=max_chars))
    cleaned = pii_patterns.apply(text, find_spans(text, staff_names=staff_names(session)))
    before = count_placeholders(answer.text)
    answer.text = cleaned
    session.add(answer)
    session.flush()
    record(
        session,
        actor=actor,
        action="answer_correct",
        object_type="answer",
        object_id=answer.id,
        detail={
            "response_id": answer.response_id,
            "question_id": answer.question_id,
            "placeholders_before": before,
            "placeholders_after": count_placeholders(cleaned),
            "redacted_again": count_placeholders(cleaned) - count_placeholders(text),
        },
    )
    return answer


@dataclass(frozen=True)
class RedactedAnswer:
    """A free-text answer holding at least one redaction, for the coordinator to check."""

    answer_id: int
    response_id: int
    submitted_at: datetime
    question: str
    text: str
    placeholders: int


@requires(Permission.EDIT_RESPONSE)
def redacted_answers(
    session: Session, *, actor: Principal, limit: int = 200, offset: int = 0
) -> list[RedactedAnswer]:
    """The answers whose text holds a redaction placeholder, newest first.

    Args:
        session: Open session.
        actor: Who checks (needs ``edit_response``: coordinators only).
        limit: How many answers.
        offset: How many to skip (paging).

    Returns:
        The answers, with their pseudonymised text only.
    """
    holds_one = or_(*(col(Answer.text).contains(p) for p in PLACEHOLDERS))
    stmt = (
        select(Answer, Response, Question)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(holds_one)
        .order_by(col(Response.submitted_at).desc(), col(Answer.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return [
        RedactedAnswer(
            answer_id=int(answer.id or 0),
            response_id=int(response.id or 0),
            submitted_at=response.submitted_at,
            question=question.text,
            text=answer.text or "",
            placeholders=count_placeholders(answer.text),
        )
        for answer, response, question in session.exec(stmt)
    ]
