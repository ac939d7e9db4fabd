"""Paper transcription: a team member types in one paper questionnaire.

The same checks as a kiosk submission (:func:`verbatim.intake.submit.submit_response`, channel
"paper"), behind the ``transcribe_paper`` permission; the audit log keeps who typed which response
(never what it says).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from verbatim.db.tables import QuestionnaireVersion, Response
from verbatim.intake.submit import submit_response
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey.questionnaires import get_or_create_site


@requires(Permission.TRANSCRIBE_PAPER)
def transcribe(
    session: Session,
    *,
    actor: Principal,
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    site_name: str | None = None,
    context: str | None = None,
    submitted_at: datetime | None = None,
    language: str = "fr",
) -> Response:
    """Store one paper questionnaire as a response with channel "paper".

    Args:
        session: Open session inside a write transaction.
        actor: Who types it in (needs ``transcribe_paper``).
        version: The questionnaire version printed on the sheet.
        answers: ``{link_id: value}`` as typed.
        site_name: Where the sheet was filled in; created if it does not exist yet.
        context: Care-path context, if any.
        submitted_at: When the patient filled it in (timezone-aware); now when omitted.
        language: Language of the sheet ("fr", or the code of a translation such as "ar").

    Returns:
        The stored response.

    Raises:
        PermissionDenied: ``actor`` may not transcribe paper questionnaires; nothing is written.
        VerbatimError: A required answer is missing or a value is not possible; nothing is
            written once the caller rolls back.
    """
    site_id = None
    if site_name and site_name.strip():
        site_id = get_or_create_site(session, name=site_name).id
    response = submit_response(
        session,
        version=version,
        answers=answers,
        channel="paper",
        site_id=site_id,
        context=(context or "").strip() or None,
        submitted_at=submitted_at,
        language=language,
    )
    record(
        session,
        actor=actor,
        action="paper_transcribe",
        object_type="response",
        object_id=response.id,
        detail={
            "questionnaire_id": response.questionnaire_id,
            "version_id": version.id,
            "language": language,
        },
    )
    return response
