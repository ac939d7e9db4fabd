"""The audit log: who (name, role and kind) did what, and when.

Services call :func:`record` in the same transaction as the change they log, so an action and its
trace are committed, or rolled back, together. The audit page calls :func:`list_events`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from verbatim.db.tables import AuditEvent
from verbatim.review.permissions import Permission, Principal, requires

ACTOR_MAX_CHARS = 200

# French names of the actions, for the audit page. Areas add their own actions here.
ACTION_LABELS: dict[str, str] = {
    "login": "Connexion",
    "login_failed": "Échec de connexion",
    "logout": "Déconnexion",
    "account_create": "Création de compte",
    "account_deactivate": "Désactivation de compte",
    "account_reactivate": "Réactivation de compte",
    "password_change": "Changement de mot de passe",
    "import": "Import de réponses",
    "response.delete": "Suppression d'une réponse",
    "paper_transcribe": "Saisie d'un questionnaire papier",
    "translation_save": "Enregistrement d'une traduction de questionnaire",
}


def action_label(action: str) -> str:
    """French name of ``action`` for display (the key itself when none is known)."""
    return ACTION_LABELS.get(action, action)


def actor_fields(actor: Principal) -> dict[str, Any]:
    """What the audit log keeps about a principal, besides its label."""
    return {
        "account_id": actor.account_id,
        "username": actor.username,
        "role": actor.role,
        "reviewer_kind": actor.reviewer_kind,
        "profession": actor.profession,
    }


def record(
    session: Session,
    *,
    actor: Principal | str,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Log one action in the caller's transaction.

    Args:
        session: Open session; the event is flushed, not committed.
        actor: Who acted: a principal (its label, role and kind are kept) or a plain name such as
            ``"système"`` for automatic work.
        action: Short English key, e.g. ``"import"`` or ``"account_create"``.
        object_type: What was acted on, e.g. ``"response"``.
        object_id: Which one, when there is one.
        detail: JSON-serialisable facts worth keeping. For a principal, its account, role and kind
            are added under ``"by"``.
        at: When it happened (timezone-aware); now when omitted.

    Returns:
        The stored event.
    """
    facts = dict(detail or {})
    if isinstance(actor, Principal):
        name = actor.label
        facts["by"] = actor_fields(actor)
    else:
        name = actor
    event = AuditEvent(
        actor=name[:ACTOR_MAX_CHARS],
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=facts or None,
    )
    if at is not None:
        event.at = at
    session.add(event)
    session.flush()
    return event


@requires(Permission.VIEW_AUDIT)
def list_events(
    session: Session,
    *,
    actor: Principal,
    limit: int = 500,
    action: str | None = None,
    since: datetime | None = None,
) -> list[AuditEvent]:
    """The newest events first, for the audit page.

    Args:
        session: Open session.
        actor: Who reads the log (needs ``view_audit``).
        limit: Most events returned.
        action: Only this action key.
        since: Only events at or after this (timezone-aware) time.

    Returns:
        The events, newest first.

    Raises:
        PermissionDenied: ``actor`` may not read the audit log.
    """
    query = select(AuditEvent)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    return list(session.exec(query).all())
