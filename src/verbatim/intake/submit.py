"""One submission (kiosk, paper or import): a response and its answers, in one transaction.

:func:`build_response` checks every answer against its question and returns the rows without
touching the database, so that an import can check all its rows before it writes any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from verbatim.config import get_settings
from verbatim.db.tables import Answer, Question, QuestionnaireVersion, Response, utcnow
from verbatim.errors import Msg, VerbatimError
from verbatim.survey import kinds
from verbatim.survey.questionnaires import questions_of
from verbatim.text.pseudonymise import pseudonymise_many

CHANNELS = ("kiosk", "paper", "import")
CHANNEL_LABELS = {"kiosk": "Borne", "paper": "Papier", "import": "Import"}


@dataclass
class PendingResponse:
    """A checked response and its answers, not yet stored."""

    response: Response
    answers: list[Answer] = field(default_factory=list)


def build_response(
    *,
    version: QuestionnaireVersion,
    questions: Sequence[Question],
    answers: Mapping[str, Any],
    channel: str,
    site_id: int | None = None,
    context: str | None = None,
    external_id: str | None = None,
    submitted_at: datetime | None = None,
    language: str = "fr",
) -> PendingResponse:
    """Check a response against its questionnaire version and build its rows.

    Questions hidden by their show-if condition are dropped; required questions must be answered
    when shown. Free text is not yet pseudonymised: :func:`store_all` does that, in one batch,
    before anything is written.

    Args:
        version: The questionnaire version answered.
        questions: That version's questions, in order.
        answers: Answers by question link id.
        channel: "kiosk", "paper" or "import".
        site_id: The site, if known.
        context: Care-path context, such as "après une hospitalisation".
        external_id: Identifier in the source system (imports).
        submitted_at: When it was answered; now when omitted.
        language: Language of the answers.

    Returns:
        The response and its answers, ready to add to a session.

    Raises:
        VerbatimError: A required answer is missing or a value is not possible.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    max_chars = get_settings().max_cell_chars
    visible: dict[str, Any] = {}
    rows: list[Answer] = []
    for q in questions:
        value = answers.get(q.link_id)
        if not kinds.condition_met(q.show_if, visible):
            continue
        if kinds.is_empty(value):
            if q.required:
                raise VerbatimError(Msg.REQUIRED_ANSWER.format(question=q.text), column=q.link_id)
            continue
        if q.kind in kinds.TEXT_KINDS and len(str(value)) > max_chars:
            raise VerbatimError(
                Msg.CELL_TOO_LONG.format(
                    row="-", column=q.text, length=len(str(value)), max_chars=max_chars
                ),
                column=q.link_id,
            )
        stored = kinds.coerce(q.kind, q.options, value, question=q.text)
        visible[q.link_id] = kinds.condition_value(q.kind, stored)
        rows.append(
            Answer(question_id=q.id, choice=stored.choice, number=stored.number, text=stored.text)
        )
    if submitted_at is not None and submitted_at.tzinfo is None:
        submitted_at = submitted_at.replace(tzinfo=UTC)
    response = Response(
        questionnaire_id=version.questionnaire_id,
        version_id=version.id,
        site_id=site_id,
        channel=channel,
        context=(context or None),
        external_id=(external_id or None),
        language=language,
        submitted_at=submitted_at or utcnow(),
    )
    return PendingResponse(response=response, answers=rows)


def store_all(session: Session, pendings: Sequence[PendingResponse]) -> list[Response]:
    """Pseudonymise the free text of checked responses, then add them to the session.

    Free text is redacted here, in one batch, before it is written: nothing downstream (reviewers,
    charts, exports) ever sees the original. The caller's transaction commits or rolls back all.

    Args:
        session: Open session (inside a write transaction).
        pendings: Responses built by :func:`build_response`.

    Returns:
        The stored responses, in order.
    """
    from verbatim.privacy.settings import keep_raw_text
    from verbatim.text.staff import staff_names

    texts = [a for p in pendings for a in p.answers if a.text]
    if texts:
        redacted = pseudonymise_many([a.text for a in texts], staff_names=staff_names(session))
        keep_raw = keep_raw_text()
        for answer, clean in zip(texts, redacted, strict=True):
            answer.raw_text = answer.text if keep_raw else None
            answer.text = clean
    stored = []
    for pending in pendings:
        session.add(pending.response)
        stored.append(pending.response)
    session.flush()
    # answers go in as one executemany: the ORM's unit of work costs more than the insert itself
    rows = [
        {
            "response_id": pending.response.id,
            "question_id": answer.question_id,
            "choice": answer.choice,
            "number": answer.number,
            "text": answer.text,
            "raw_text": answer.raw_text,
        }
        for pending in pendings
        for answer in pending.answers
    ]
    if rows:
        session.execute(insert(Answer), rows)
    return stored


def submit_response(
    session: Session,
    *,
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    channel: str,
    site_id: int | None = None,
    context: str | None = None,
    external_id: str | None = None,
    submitted_at: datetime | None = None,
    language: str = "fr",
) -> Response:
    """Check and store one response (kiosk, paper form). See :func:`build_response`.

    Returns:
        The stored response.
    """
    pending = build_response(
        version=version,
        questions=questions_of(session, version_id=version.id),
        answers=answers,
        channel=channel,
        site_id=site_id,
        context=context,
        external_id=external_id,
        submitted_at=submitted_at,
        language=language,
    )
    return store_all(session, [pending])[0]
