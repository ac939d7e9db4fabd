"""Retention and erasure: delete responses older than a date, with everything that points at them.

The tables to clean are discovered from ``SQLModel.metadata``, so a table added later by another
area is covered without editing this module: every table with a foreign key to ``response`` or
``answer`` (or to a table itself being cleaned), and every table with an ``answer_id`` or
``response_id`` column even without a foreign key. Rows are deleted explicitly, children first,
rather than relying on ``ON DELETE CASCADE`` alone (SQLite applies it only with foreign keys on).
A foreign key declared ``ON DELETE SET NULL`` is left to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Table, delete, func, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel

from verbatim.db.tables import utcnow
from verbatim.errors import Msg, VerbatimError
from verbatim.privacy.erase import forget_derived_text
from verbatim.privacy.settings import retention_months
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires

NAME_LINKS = {"answer_id": "answer", "response_id": "response"}


@dataclass
class PurgeReport:
    """What a purge deleted (or would delete, for a dry run).

    Attributes:
        before: Responses submitted strictly before this time were (or would be) deleted.
        dry_run: Nothing was deleted; the counts are what a real purge would delete.
        responses: Responses deleted.
        answers: Answers deleted.
        other: Rows deleted in other tables, by table name (only tables with rows).
    """

    before: datetime
    dry_run: bool
    responses: int = 0
    answers: int = 0
    other: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows deleted in all tables."""
        return self.responses + self.answers + sum(self.other.values())


def _tables() -> dict[str, Table]:
    import verbatim.db.models  # noqa: F401  (registers every table on the metadata)

    return {t.name: t for t in SQLModel.metadata.sorted_tables}


def doomed_conditions(before: datetime) -> list[tuple[Table, ColumnElement[bool]]]:
    """Each table to clean with the condition selecting its doomed rows, children first.

    Args:
        before: Responses submitted before this time are doomed.

    Returns:
        (table, where-clause) pairs in a safe deletion order; ``response`` comes last.
    """
    tables = _tables()
    response = tables["response"]
    conditions: dict[str, ColumnElement[bool]] = {"response": response.c.submitted_at < before}
    order = ["response"]
    changed = True
    while changed:
        changed = False
        for table in tables.values():
            if table.name in conditions:
                continue
            links = _links(table, conditions, tables)
            if links:
                conditions[table.name] = or_(*links)
                order.append(table.name)
                changed = True
    return [(tables[name], conditions[name]) for name in reversed(order)]


def _links(
    table: Table, conditions: dict[str, ColumnElement[bool]], tables: dict[str, Table]
) -> list[ColumnElement[bool]]:
    """Conditions tying ``table``'s rows to doomed rows of tables already in ``conditions``."""
    links = []
    linked_columns = set()
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name not in conditions or parent is table:
            continue
        if (fk.ondelete or "").upper() == "SET NULL":
            linked_columns.add(fk.parent.name)
            continue
        parent_ids = select(fk.column).where(conditions[parent.name])
        links.append(fk.parent.in_(parent_ids))
        linked_columns.add(fk.parent.name)
    for column_name, parent_name in NAME_LINKS.items():
        if column_name in linked_columns or column_name not in table.c:
            continue
        if parent_name in conditions and parent_name in tables:
            parent = tables[parent_name]
            parent_ids = select(parent.c.id).where(conditions[parent_name])
            links.append(table.c[column_name].in_(parent_ids))
    return links


def cutoff(now: datetime | None = None) -> datetime | None:
    """The retention cut-off from ``VERBATIM_RETENTION_MONTHS`` (None when nothing expires)."""
    months = retention_months()
    if months is None:
        return None
    now = now or utcnow()
    year, month = divmod(now.month - 1 - months, 12)
    year += now.year
    month += 1
    # the same day of month, clamped (31 March - 1 month = 28/29 February)
    for day in range(now.day, 0, -1):
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@requires(Permission.PURGE)
def purge(
    session: Session,
    *,
    before: datetime | None = None,
    dry_run: bool = False,
    actor: Principal,
) -> PurgeReport:
    """Delete responses submitted before ``before`` with their answers and linked rows.

    Args:
        session: Open session (write transaction for a real purge).
        before: Cut-off (timezone-aware; a naive time is taken as UTC); when omitted, now minus
            ``VERBATIM_RETENTION_MONTHS``.
        dry_run: Only count what would be deleted.
        actor: Who purges (needs ``purge``).

    Returns:
        The counts per table.

    Raises:
        VerbatimError: No ``before`` and no retention setting.
    """
    if before is None:
        before = cutoff()
        if before is None:
            raise VerbatimError(Msg.NO_RETENTION)
    if before.tzinfo is None:
        before = before.replace(tzinfo=UTC)
    report = PurgeReport(before=before, dry_run=dry_run)
    plan = doomed_conditions(before)
    counts = {
        table.name: session.execute(
            select(func.count()).select_from(table).where(where)
        ).scalar_one()
        for table, where in plan
    }
    report.responses = counts.pop("response", 0)
    report.answers = counts.pop("answer", 0)
    report.other = {name: n for name, n in counts.items() if n}
    if dry_run:
        return report
    doomed_answers = [
        row[0]
        for table, where in plan
        if table.name == "answer"
        for row in session.execute(select(table.c.id).where(where))
    ]
    forgotten = forget_derived_text(session, answer_ids=doomed_answers)
    if forgotten:
        report.other["embedding_cache"] = forgotten
    for table, where in plan:
        session.execute(delete(table).where(where))
    session.flush()
    session.expire_all()
    record(
        session,
        actor=actor,
        action="purge",
        object_type="response",
        detail={
            "before": before.isoformat(),
            "responses": report.responses,
            "answers": report.answers,
            "other": report.other,
        },
    )
    return report
