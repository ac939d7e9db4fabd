"""Load the synthetic French sample (data/sample/responses.jsonl) into the database.

The sample spans twelve months. Its dates are shifted by whole months so that its newest month
becomes the current month: "the last two months" of the planted weak signals stay the last two
months whenever the demo is loaded. Every sample response keeps its ``sample_id`` ("S0001") as
:attr:`~verbatim.db.tables.Response.external_id`, so that benchmarks can join stored answers to the
truth records returned by :func:`load_truth`.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from verbatim.db.tables import AuditEvent, Response, utcnow
from verbatim.errors import Msg, VerbatimError
from verbatim.intake.submit import PendingResponse, build_response, store_all
from verbatim.survey.questionnaires import (
    get_or_create_site,
    published_version,
    questions_of,
    store_template,
)
from verbatim.survey.templates import load_template

SAMPLE_FILE = Path(__file__).resolve().parents[2] / "data" / "sample" / "responses.jsonl"
SITE_KINDS = {
    "MSP des Tilleuls": "msp",
    "MSP du Port": "msp",
    "Centre de santé Jean-Moulin": "cpts_member",
}
BATCH = 100


def sample_path(path: Path | str | None = None) -> Path:
    """The sample file: ``path``, else the repository's, else ``data/sample/`` under the cwd."""
    if path is not None:
        return Path(path)
    if SAMPLE_FILE.is_file():
        return SAMPLE_FILE
    return Path("data") / "sample" / "responses.jsonl"


def read_sample(path: Path | str | None = None) -> list[dict[str, Any]]:
    """Every record of the sample file, in file order (oldest first).

    Raises:
        VerbatimError: The file is missing or a line is not a JSON object.
    """
    file = sample_path(path)
    if not file.is_file():
        raise VerbatimError(Msg.SAMPLE_NOT_FOUND.format(path=file))
    records = []
    with file.open(encoding="utf-8") as handle:
        for row, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise VerbatimError(
                    Msg.SAMPLE_BAD_LINE.format(path=file, row=row, message=error.msg), row=row
                ) from error
            records.append(record)
    return records


def load_truth(path: Path | str | None = None) -> dict[tuple[str, str], dict[str, Any]]:
    """The intended reading of every sample free-text answer, for benchmarks.

    Returns:
        Truth records keyed by ``(sample_id, link_id)``; ``sample_id`` is the stored response's
        ``external_id``. Each holds ``themes`` (main idea first), ``informative``, ``serious``,
        ``tone`` and, when relevant, ``identifiers`` (staff names in the text) and ``negated``.
    """
    return {
        (record["sample_id"], link_id): truth
        for record in read_sample(path)
        for link_id, truth in record.get("truth", {}).items()
    }


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` moved by whole months, its day clamped to the target month's length."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def shift_dates(moments: list[datetime], *, now: datetime) -> list[datetime]:
    """Move the sample so that its newest month is the month of ``now``, with no future dates.

    Every date moves by the same whole number of months. The newest month's days are then
    squeezed into the part of the current month already past (day 1 to today), keeping their
    order, so that no response is dated after ``now``.

    Args:
        moments: The sample's dates (UTC).
        now: The present moment (UTC).

    Returns:
        The shifted dates, in the same order.
    """
    newest = max(moments)
    months = (now.year * 12 + now.month) - (newest.year * 12 + newest.month)
    last_days = calendar.monthrange(now.year, now.month)[1]
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    elapsed = now - start
    shifted = []
    for moment in moments:
        moved = add_months(moment, months)
        if (moved.year, moved.month) == (now.year, now.month):
            offset = moved - start
            moved = start + timedelta(seconds=offset.total_seconds() * (elapsed / timedelta(
                days=last_days)))  # fmt: skip
            moved = min(moved.replace(microsecond=0), now)
        shifted.append(moved)
    return shifted


def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_not_loaded(session: Session, slugs: list[str]) -> None:
    from verbatim.db.tables import Questionnaire

    for slug in slugs:
        found = session.exec(select(Questionnaire).where(Questionnaire.slug == slug)).first()
        if found is None:
            continue
        count = session.exec(
            select(func.count()).select_from(Response).where(Response.questionnaire_id == found.id)
        ).one()
        if count:
            raise VerbatimError(Msg.SAMPLE_ALREADY_LOADED.format(slug=slug))
        raise VerbatimError(Msg.SAMPLE_SLUG_TAKEN.format(slug=slug))


def load_sample(
    session: Session,
    *,
    path: Path | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> int:
    """Create the sample's sites and questionnaires, and store its responses.

    Questionnaires are created from their templates, published, with the templates' own slugs.
    Every response goes through :func:`~verbatim.intake.submit.build_response` (the same checks as
    a kiosk submission) and :func:`~verbatim.intake.submit.store_all` (free text pseudonymised).
    Flushes but does not commit: run it inside one ``session_scope(write=True)``.

    Args:
        session: Open session (a write transaction).
        path: The sample file; ``data/sample/responses.jsonl`` when omitted.
        progress: Called as ``progress(done, total)`` while responses are stored.
        now: The present moment used to shift dates (tests); the current time when omitted.

    Returns:
        How many responses were stored.

    Raises:
        VerbatimError: The sample is already loaded (its questionnaires have responses), one of
            its slugs is taken by another questionnaire, or the file is missing or invalid. The
            caller's transaction then rolls back: nothing is changed.
    """
    records = read_sample(path)
    names = list(dict.fromkeys(r["questionnaire"] for r in records))
    specs = {name: load_template(name) for name in names}
    _check_not_loaded(session, [spec.slug for spec in specs.values()])

    sites = {}
    for name in dict.fromkeys(r["site"] for r in records if r.get("site")):
        sites[name] = get_or_create_site(session, name=name, kind=SITE_KINDS.get(name, "msp"))
    versions = {}
    for name, spec in specs.items():
        questionnaire = store_template(session, template=name, slug=spec.slug, publish=True)
        version = published_version(session, questionnaire_id=questionnaire.id)
        versions[name] = (version, questions_of(session, version_id=version.id))

    now = now or utcnow()
    dates = shift_dates([_parse(r["submitted_at"]) for r in records], now=now)
    pendings: list[PendingResponse] = []
    for row, (record, when) in enumerate(zip(records, dates, strict=True), start=1):
        version, questions = versions[record["questionnaire"]]
        site = sites.get(record.get("site") or "")
        try:
            pending = build_response(
                version=version,
                questions=questions,
                answers=record["answers"],
                channel=record["channel"],
                site_id=site.id if site else None,
                context=record.get("context"),
                external_id=record["sample_id"],
                submitted_at=when,
            )
        except VerbatimError as error:
            raise VerbatimError(
                Msg.SAMPLE_BAD_LINE.format(path=sample_path(path), row=row, message=error),
                row=row,
            ) from error
        pendings.append(pending)

    total = len(pendings)
    for start in range(0, total, BATCH):
        store_all(session, pendings[start : start + BATCH])
        if progress is not None:
            progress(min(start + BATCH, total), total)
    session.add(
        AuditEvent(
            actor="demo",
            action="sample_loaded",
            object_type="sample",
            detail={"responses": total, "questionnaires": [s.slug for s in specs.values()]},
        )
    )
    session.flush()
    return total
