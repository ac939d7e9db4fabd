"""Review meetings: a date, participants, a questionnaire and a run, one theme at a time.

The coordinator opens a meeting, shows the themes one by one on a projector, records each
participant's priority vote and the decision, then closes it. Participants are names with a
kind (patient partner, user representative, professional, coordinator); one with an account
(``username``) votes under the same identity as on the board, so nobody votes twice on a theme.
The summary compares the votes of patients (partners and RU) with those of professionals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean
from typing import Any

from sqlmodel import Session, col, select

from verbatim.db.tables import Questionnaire, utcnow
from verbatim.db.tables_review import PriorityVote, ReviewMeeting
from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.board import Board, Card, current_run, load_board
from verbatim.review.decisions import (
    COORDINATION,
    DECISION_LABELS,
    GROUP_LABELS,
    PATIENTS,
    PROFESSIONALS,
    check_priority,
    find_meeting,
    open_meeting,
    store_vote,
)
from verbatim.review.permissions import KIND_LABELS, Permission, Principal, ReviewerKind, requires

PARTICIPANT_KINDS = {
    **{k.value: KIND_LABELS[k] for k in ReviewerKind},
    "coordinator": "coordinateur",
}
STATUS_LABELS = {"open": "en cours", "closed": "close"}

audit.ACTION_LABELS.update(
    {
        "meeting.create": "Séance de relecture créée",
        "meeting.close": "Séance de relecture close",
        "meeting.reopen": "Séance de relecture rouverte",
    }
)


def _participants(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    allowed = ", ".join(PARTICIPANT_KINDS.values())
    for item in raw:
        name = str(item.get("name") or "").strip()
        kind = str(item.get("kind") or "").strip()
        if not name:
            raise VerbatimError(Msg.MEETING_EMPTY_PARTICIPANT)
        if kind not in PARTICIPANT_KINDS:
            raise VerbatimError(
                Msg.MEETING_BAD_PARTICIPANT.format(name=name, kind=kind, allowed=allowed)
            )
        if name.casefold() in seen:
            raise VerbatimError(Msg.MEETING_DUPLICATE_PARTICIPANT.format(name=name))
        seen.add(name.casefold())
        username = str(item.get("username") or "").strip().casefold() or None
        out.append({"name": name[:120], "kind": kind, "username": username})
    return out


KIND_ALIASES = {
    "patient": "patient_partner",
    "patient partenaire": "patient_partner",
    "pp": "patient_partner",
    "ru": "user_representative",
    "représentant des usagers": "user_representative",
    "representant des usagers": "user_representative",
    "usager": "user_representative",
    "pro": "professional",
    "professionnel": "professional",
    "professionnel de santé": "professional",
    "coordination": "coordinator",
    "coordinateur": "coordinator",
    "coordinatrice": "coordinator",
}


def parse_participants(text: str) -> list[dict[str, Any]]:
    """Participants typed one per line as "Nom ; type" (patient, RU, pro, coordination).

    Raises:
        VerbatimError: A line without name or with an unknown type (the message names it).
    """
    people: list[dict[str, Any]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _, kind = line.partition(";")
        kind = kind.strip().casefold()
        people.append({"name": name.strip(), "kind": KIND_ALIASES.get(kind, kind)})
    return _participants(people)


def _link_accounts(session: Session, people: list[dict[str, Any]]) -> None:
    """Give a participant named exactly like an active account that account's username."""
    from verbatim.db.tables_accounts import Account

    accounts = session.exec(select(Account).where(col(Account.active).is_(True))).all()
    by_name: dict[str, list[str]] = {}
    for account in accounts:
        by_name.setdefault(account.display_name.casefold(), []).append(account.username)
    for person in people:
        names = by_name.get(person["name"].casefold(), [])
        if not person.get("username") and len(names) == 1:
            person["username"] = names[0]


def participant_key(meeting: ReviewMeeting, participant: dict[str, Any]) -> str:
    """The voter identity of a participant (their account's when they have one)."""
    if participant.get("username"):
        return f"account:{participant['username']}"
    return f"participant:{meeting.id}:{participant['name'].casefold()}"


@requires(Permission.DECIDE)
def create_meeting(
    session: Session,
    *,
    actor: Principal,
    held_on: date,
    participants: list[dict[str, Any]],
    title: str = "",
    questionnaire_id: int | None = None,
    run_id: int | None = None,
) -> ReviewMeeting:
    """Open a review meeting on a run (the latest when ``run_id`` is None).

    Args:
        session: Open session (flushed, not committed).
        actor: Who runs the meeting (needs ``decide``).
        held_on: The meeting's date.
        participants: ``{"name", "kind", "username"?}`` each; kinds ``patient_partner``,
            ``user_representative``, ``professional`` or ``coordinator``.
        title: A short title.
        questionnaire_id: The questionnaire reviewed, if one.
        run_id: The analysis run reviewed.

    Returns:
        The meeting, open, on its first theme.

    Raises:
        PermissionDenied: ``actor`` may not run meetings.
        VerbatimError: No analysis, a participant without name, an unknown kind, a duplicate.
    """
    people = _participants(participants)
    _link_accounts(session, people)
    run = current_run(session, run_id)
    if questionnaire_id is not None and session.get(Questionnaire, questionnaire_id) is None:
        questionnaire_id = None
    meeting = ReviewMeeting(
        held_on=held_on,
        title=(title or "").strip()[:200],
        questionnaire_id=questionnaire_id,
        run_id=run.id,
        participants=people,
        created_by=actor.label[:200],
    )
    session.add(meeting)
    session.flush()
    audit.record(
        session, actor=actor, action="meeting.create", object_type="review_meeting",
        object_id=meeting.id,
        detail={"held_on": held_on.isoformat(), "run_id": run.id, "participants": len(people)},
    )  # fmt: skip
    return meeting


@requires(Permission.VIEW_THEMES)
def list_meetings(session: Session, *, actor: Principal) -> list[ReviewMeeting]:
    """Meetings, newest first."""
    order = (col(ReviewMeeting.held_on).desc(), col(ReviewMeeting.id).desc())
    return list(session.exec(select(ReviewMeeting).order_by(*order)).all())


@requires(Permission.VIEW_THEMES)
def agenda(session: Session, *, actor: Principal, meeting_id: int) -> tuple[ReviewMeeting, Board]:
    """The meeting and the board of its run; the themes shown are ``board.active``."""
    meeting = find_meeting(session, meeting_id)
    return meeting, load_board(session, run_id=meeting.run_id)


@requires(Permission.DECIDE)
def go_to(session: Session, *, actor: Principal, meeting_id: int, position: int) -> int:
    """Show the theme at ``position`` (clipped to the agenda); returns the position shown."""
    meeting = open_meeting(session, meeting_id)
    assert meeting is not None
    size = len(load_board(session, run_id=meeting.run_id).active)
    meeting.position = max(0, min(int(position), max(size - 1, 0)))
    session.add(meeting)
    session.flush()
    return meeting.position


def _set_status(session: Session, actor: Principal, meeting_id: int, status: str) -> None:
    meeting = find_meeting(session, meeting_id)
    if meeting.status == status:
        return
    meeting.status = status
    meeting.closed_at = utcnow() if status == "closed" else None
    session.add(meeting)
    session.flush()
    action = "meeting.close" if status == "closed" else "meeting.reopen"
    audit.record(session, actor=actor, action=action, object_type="review_meeting",
                 object_id=meeting_id)  # fmt: skip


@requires(Permission.DECIDE)
def close_meeting(session: Session, *, actor: Principal, meeting_id: int) -> None:
    """Close a meeting: no more votes or decisions are recorded in it."""
    _set_status(session, actor, meeting_id, "closed")


@requires(Permission.DECIDE)
def reopen_meeting(session: Session, *, actor: Principal, meeting_id: int) -> None:
    """Reopen a closed meeting."""
    _set_status(session, actor, meeting_id, "open")


@requires(Permission.DECIDE)
def record_participant_vote(
    session: Session,
    *,
    actor: Principal,
    meeting_id: int,
    participant: str,
    lineage: int,
    priority: int,
) -> PriorityVote:
    """Record a participant's priority for a theme, as said aloud in the meeting.

    Raises:
        PermissionDenied: ``actor`` may not run meetings.
        VerbatimError: Closed or unknown meeting, unknown participant, theme or priority.
    """
    priority = check_priority(priority)
    meeting = open_meeting(session, meeting_id)
    assert meeting is not None
    person = next(
        (p for p in meeting.participants or [] if p["name"].casefold() == participant.casefold()),
        None,
    )
    if person is None:
        raise VerbatimError(Msg.MEETING_UNKNOWN_PARTICIPANT.format(name=participant))
    board = load_board(session, run_id=meeting.run_id)
    final = board.card(lineage).lineage
    kind = None if person["kind"] == "coordinator" else person["kind"]
    role = "coordinator" if kind is None else "reviewer"
    return store_vote(
        session, lineage=final, key=participant_key(meeting, person), name=person["name"],
        role=role, kind=kind, priority=priority, meeting_id=meeting.id, recorded_by=actor,
    )  # fmt: skip


@dataclass
class SummaryRow:
    """One theme of a meeting's summary."""

    lineage: int
    label: str
    size: int
    decision: str  # French label, "" when none
    owner: str
    due_on: date | None
    decided_here: bool
    votes: dict[str, int]  # group -> number of votes
    mean_priority: dict[str, float | None]  # group -> mean priority
    comments: int


@dataclass
class MeetingSummary:
    """A meeting's outcome: its themes with decisions and the votes of each group side by side."""

    meeting: ReviewMeeting
    rows: list[SummaryRow]

    @property
    def decided(self) -> list[SummaryRow]:
        """Rows with a decision."""
        return [r for r in self.rows if r.decision]


@requires(Permission.VIEW_THEMES)
def summary(session: Session, *, actor: Principal, meeting_id: int) -> MeetingSummary:
    """Decisions and votes by group for every theme of the meeting (current votes on the theme)."""
    meeting = find_meeting(session, meeting_id)
    return summary_of(meeting, load_board(session, run_id=meeting.run_id))


def summary_of(meeting: ReviewMeeting, board: Board) -> MeetingSummary:
    """:func:`summary` from the meeting and board already read (e.g. by :func:`agenda`)."""
    return MeetingSummary(meeting=meeting, rows=[_summary_row(c, meeting) for c in board.active])


def _summary_row(card: Card, meeting: ReviewMeeting) -> SummaryRow:
    review = card.review
    by_group = review.votes_by_group()
    decision = review.decision
    return SummaryRow(
        lineage=card.lineage,
        label=card.label,
        size=card.size,
        decision=DECISION_LABELS.get(decision.kind, "") if decision else "",
        owner=decision.owner if decision else "",
        due_on=decision.due_on if decision else None,
        decided_here=bool(decision and decision.meeting_id == meeting.id),
        votes={g: len(v) for g, v in by_group.items()},
        mean_priority={g: (round(mean(v), 2) if v else None) for g, v in by_group.items()},
        comments=len(review.comments),
    )


__all__ = [
    "COORDINATION",
    "GROUP_LABELS",
    "PARTICIPANT_KINDS",
    "PATIENTS",
    "PROFESSIONALS",
    "MeetingSummary",
    "SummaryRow",
    "agenda",
    "close_meeting",
    "create_meeting",
    "go_to",
    "list_meetings",
    "record_participant_vote",
    "reopen_meeting",
    "summary",
    "summary_of",
]
