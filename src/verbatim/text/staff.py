"""The staff list whose names are redacted from free text, as the coordinator maintains it.

Names are matched whatever their case and accents, full names in either order, and a surname alone
after a title ("Dr Martin", "madame martin"). A name added later applies to answers stored from
then on; answers already stored keep their text (re-run nothing silently: see docs/PRIVACY.md).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from verbatim.db.tables_privacy import StaffName
from verbatim.errors import Msg, VerbatimError
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.text.pii_names import fold

MAX_NAME_CHARS = 200


def staff_names(session: Session) -> list[str]:
    """Names of the team's staff, as the coordinator maintains them (what ingestion redacts)."""
    return [row.name for row in list_staff_names(session)]


def list_staff_names(session: Session) -> list[StaffName]:
    """The staff list, sorted by name.

    Args:
        session: Open session.

    Returns:
        The stored rows.
    """
    rows = session.exec(select(StaffName).order_by(col(StaffName.name))).all()
    return sorted(rows, key=lambda r: fold(r.name))


def _clean(name: str) -> str:
    return " ".join(name.split())


def _find(session: Session, name: str) -> StaffName | None:
    wanted = fold(_clean(name))
    for row in session.exec(select(StaffName)).all():
        if fold(row.name) == wanted:
            return row
    return None


@requires(Permission.MANAGE_SETTINGS)
def add_staff_name(session: Session, *, name: str, actor: Principal) -> StaffName:
    """Add a name to the staff list (audited).

    Args:
        session: Open session (write transaction).
        name: Full name or surname, e.g. "Sophie Martin".
        actor: Who adds it (needs ``manage_settings``).

    Returns:
        The stored row.

    Raises:
        VerbatimError: Empty or too long name, or already in the list (case and accents ignored).
    """
    clean = _clean(name)
    if not clean:
        raise VerbatimError(Msg.STAFF_NAME_EMPTY)
    if len(clean) > MAX_NAME_CHARS:
        raise VerbatimError(Msg.STAFF_NAME_TOO_LONG.format(name=clean[:40] + "…"))
    if _find(session, clean) is not None:
        raise VerbatimError(Msg.STAFF_NAME_EXISTS.format(name=clean))
    row = StaffName(name=clean)
    session.add(row)
    session.flush()
    # The name itself is personal data of a staff member: the audit log keeps only the row id.
    record(session, actor=actor, action="staff_add", object_type="staff_name", object_id=row.id)
    return row


@requires(Permission.MANAGE_SETTINGS)
def remove_staff_name(session: Session, *, name: str, actor: Principal) -> None:
    """Remove a name from the staff list (audited); case and accents are ignored.

    Args:
        session: Open session (write transaction).
        name: The name as listed.
        actor: Who removes it (needs ``manage_settings``).

    Raises:
        VerbatimError: The name is not in the list.
    """
    row = _find(session, name)
    if row is None:
        raise VerbatimError(Msg.STAFF_NAME_UNKNOWN.format(name=_clean(name)))
    row_id = row.id
    session.delete(row)
    session.flush()
    record(session, actor=actor, action="staff_remove", object_type="staff_name", object_id=row_id)
