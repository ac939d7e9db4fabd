"""Priority votes, comments and decisions on themes, keyed by lineage so they survive new runs.

Each voter has one vote per theme (a new vote replaces the old one). A decision is one of
"Action à mener", "À surveiller", "Sans suite", with an owner, a due date, a note and a ``public``
flag (decisions patients may read: "Vous nous avez dit, nous avons fait"). Every write checks the
actor's permission and is recorded in the audit log with the actor's role and kind.

When themes are merged, the target's card shows the votes, comments and decision of every
lineage merged into it: a voter's vote on the target wins, else their latest vote on a merged one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from verbatim.db.tables import utcnow
from verbatim.db.tables_review import PriorityVote, ReviewMeeting, ThemeComment, ThemeDecision
from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.lineage import Lineages
from verbatim.review.permissions import (
    KIND_LABELS,
    Permission,
    Principal,
    ReviewerKind,
    Role,
    requires,
)

PRIORITY_LABELS = {1: "Faible", 2: "Moyenne", 3: "Forte"}
DECISION_LABELS = {
    "action": "Action à mener",
    "watch": "À surveiller",
    "no_follow_up": "Sans suite",
}
COMMENT_MAX_CHARS = 4000

# Reviewer groups compared side by side in meetings and summaries.
PATIENTS = "patients"
PROFESSIONALS = "professionals"
COORDINATION = "coordination"
GROUP_LABELS = {
    PATIENTS: "Patients partenaires et RU",
    PROFESSIONALS: "Professionnels",
    COORDINATION: "Coordination",
}
# Columns of the export, one per reviewer kind (coordinators have no kind).
KIND_COLUMNS = (*[k.value for k in ReviewerKind], Role.COORDINATOR.value)

audit.ACTION_LABELS.update(
    {
        "review.vote": "Vote de priorité",
        "review.comment": "Commentaire",
        "review.decide": "Décision",
    }
)


def group_of(kind: str | None, role: str | None = None) -> str:
    """The group of a reviewer kind: patients (partners and RU), professionals, coordination."""
    if kind in (ReviewerKind.PATIENT_PARTNER, ReviewerKind.USER_REPRESENTATIVE):
        return PATIENTS
    if kind == ReviewerKind.PROFESSIONAL:
        return PROFESSIONALS
    return COORDINATION


def kind_label(kind: str | None) -> str:
    """French name of a reviewer kind ("coordinateur" when none)."""
    return KIND_LABELS.get(kind or "", "coordinateur")


@dataclass
class LineageReview:
    """What people said about one card: effective votes, comments (oldest first), decision."""

    votes: list[PriorityVote] = field(default_factory=list)
    comments: list[ThemeComment] = field(default_factory=list)
    decision: ThemeDecision | None = None

    def votes_by_group(self) -> dict[str, list[int]]:
        """Priorities cast by each group (every group present, possibly empty)."""
        out: dict[str, list[int]] = {g: [] for g in GROUP_LABELS}
        for vote in self.votes:
            out[group_of(vote.voter_kind, vote.voter_role)].append(vote.priority)
        return out

    def votes_by_kind(self) -> dict[str, list[int]]:
        """Priorities cast by each reviewer kind (and by coordinators)."""
        out: dict[str, list[int]] = {k: [] for k in KIND_COLUMNS}
        for vote in self.votes:
            out[vote.voter_kind or Role.COORDINATOR.value].append(vote.priority)
        return out

    def vote_of(self, voter_key: str) -> int | None:
        """The priority a voter gave, if any."""
        return next((v.priority for v in self.votes if v.voter_key == voter_key), None)


def voter_key(actor: Principal) -> str:
    """The identity under which a signed-in person votes (one vote per theme)."""
    return f"account:{actor.username}"


def reviews_for(
    session: Session, *, lineages: Lineages, finals: list[int]
) -> dict[int, LineageReview]:
    """Votes, comments and decisions of each final lineage, merged lineages included."""
    member_of = {m: final for final in finals for m in lineages.members(final)}
    if not member_of:
        return {}
    ids = list(member_of)
    out: dict[int, LineageReview] = {final: LineageReview() for final in finals}
    votes = session.exec(
        select(PriorityVote)
        .where(col(PriorityVote.lineage).in_(ids))
        .order_by(col(PriorityVote.cast_at), col(PriorityVote.id))
    ).all()
    chosen: dict[int, dict[str, PriorityVote]] = defaultdict(dict)
    for vote in votes:  # oldest first: later votes replace earlier ones, the target's wins
        final = member_of[vote.lineage]
        if _replaces(vote, chosen[final].get(vote.voter_key), final):
            chosen[final][vote.voter_key] = vote
    for final, by_voter in chosen.items():
        out[final].votes = sorted(by_voter.values(), key=lambda v: (v.voter_name, v.id or 0))
    comments = session.exec(
        select(ThemeComment)
        .where(col(ThemeComment.lineage).in_(ids))
        .order_by(col(ThemeComment.created_at), col(ThemeComment.id))
    ).all()
    for comment in comments:
        out[member_of[comment.lineage]].comments.append(comment)
    decisions = session.exec(
        select(ThemeDecision)
        .where(col(ThemeDecision.lineage).in_(ids))
        .order_by(col(ThemeDecision.decided_at), col(ThemeDecision.id))
    ).all()
    for decision in decisions:
        final = member_of[decision.lineage]
        if _replaces(decision, out[final].decision, final):
            out[final].decision = decision
    return out


def _replaces(
    row: PriorityVote | ThemeDecision, current: PriorityVote | ThemeDecision | None, final: int
) -> bool:
    """True when ``row`` (read after ``current``) is the one a card of ``final`` shows: the
    later row, unless ``current`` is on the card's own lineage and ``row`` on a merged one."""
    return current is None or current.lineage != final or row.lineage == final


def find_meeting(session: Session, meeting_id: int) -> ReviewMeeting:
    """The meeting ``meeting_id``, refusing an unknown one."""
    meeting = session.get(ReviewMeeting, meeting_id)
    if meeting is None:
        raise VerbatimError(Msg.MEETING_UNKNOWN.format(meeting_id=meeting_id))
    return meeting


def open_meeting(session: Session, meeting_id: int | None) -> ReviewMeeting | None:
    """The meeting ``meeting_id`` (None for None), refusing a closed or unknown one."""
    if meeting_id is None:
        return None
    meeting = find_meeting(session, meeting_id)
    if meeting.status == "closed":
        raise VerbatimError(Msg.MEETING_CLOSED.format(date=meeting.held_on.strftime("%d/%m/%Y")))
    return meeting


def check_priority(priority: Any) -> int:
    """A priority of 1, 2 or 3."""
    if isinstance(priority, bool) or priority not in PRIORITY_LABELS:
        raise VerbatimError(Msg.REVIEW_BAD_PRIORITY.format(value=priority))
    return int(priority)


def store_vote(
    session: Session,
    *,
    lineage: int,
    key: str,
    name: str,
    role: str,
    kind: str | None,
    priority: int,
    meeting_id: int | None,
    recorded_by: Principal,
) -> PriorityVote:
    """Insert or replace one vote and log it (callers have checked permission and input)."""
    vote = session.exec(
        select(PriorityVote).where(PriorityVote.lineage == lineage, PriorityVote.voter_key == key)
    ).first()
    previous = vote.priority if vote else None
    if vote is None:
        vote = PriorityVote(lineage=lineage, voter_key=key, voter_name=name, voter_role=role,
                            priority=priority)  # fmt: skip
    vote.voter_name = name[:120]
    vote.voter_role = role
    vote.voter_kind = kind
    vote.priority = priority
    vote.meeting_id = meeting_id
    vote.cast_at = utcnow()
    vote.recorded_by = recorded_by.label[:200]
    session.add(vote)
    session.flush()
    audit.record(
        session,
        actor=recorded_by,
        action="review.vote",
        object_type="theme_lineage",
        object_id=lineage,
        detail={"voter": name, "voter_kind": kind, "priority": priority, "previous": previous,
                "meeting_id": meeting_id},
    )  # fmt: skip
    return vote


@requires(Permission.VOTE)
def cast_vote(
    session: Session,
    *,
    actor: Principal,
    lineage: int,
    priority: int,
    meeting_id: int | None = None,
) -> PriorityVote:
    """Record the actor's priority for a theme (replacing their previous vote on it).

    Args:
        session: Open session (flushed, not committed).
        actor: The voter (needs ``vote``).
        lineage: The theme's lineage (a merged lineage votes on its target's card).
        priority: 1 (faible), 2 (moyenne) or 3 (forte).
        meeting_id: The open meeting the vote is cast in, if any.

    Returns:
        The stored vote.

    Raises:
        PermissionDenied: ``actor`` may not vote.
        VerbatimError: Unknown theme or priority, or a closed meeting.
    """
    priority = check_priority(priority)
    final = Lineages.load(session).final(lineage)
    open_meeting(session, meeting_id)
    return store_vote(
        session, lineage=final, key=voter_key(actor), name=actor.display_name, role=actor.role,
        kind=actor.reviewer_kind, priority=priority, meeting_id=meeting_id, recorded_by=actor,
    )  # fmt: skip


@requires(Permission.COMMENT)
def add_comment(
    session: Session, *, actor: Principal, lineage: int, text: str, meeting_id: int | None = None
) -> ThemeComment:
    """Add a comment to a theme.

    Raises:
        PermissionDenied: ``actor`` may not comment.
        VerbatimError: Empty or too long comment, unknown theme, closed meeting.
    """
    text = (text or "").strip()
    if not text:
        raise VerbatimError(Msg.REVIEW_EMPTY_COMMENT)
    if len(text) > COMMENT_MAX_CHARS:
        raise VerbatimError(
            Msg.REVIEW_COMMENT_TOO_LONG.format(max_chars=COMMENT_MAX_CHARS, length=len(text))
        )
    final = Lineages.load(session).final(lineage)
    open_meeting(session, meeting_id)
    comment = ThemeComment(
        lineage=final,
        text=text,
        author=actor.label[:200],
        author_role=actor.role,
        author_kind=actor.reviewer_kind,
        meeting_id=meeting_id,
    )
    session.add(comment)
    session.flush()
    audit.record(
        session, actor=actor, action="review.comment", object_type="theme_lineage",
        object_id=final, detail={"comment_id": comment.id, "meeting_id": meeting_id},
    )  # fmt: skip
    return comment


@requires(Permission.DECIDE)
def decide(
    session: Session,
    *,
    actor: Principal,
    lineage: int,
    kind: str,
    owner: str = "",
    due_on: date | None = None,
    note: str = "",
    public: bool = False,
    meeting_id: int | None = None,
) -> ThemeDecision:
    """Record (or revise) the team's decision on a theme.

    Args:
        session: Open session (flushed, not committed).
        actor: Who records it (needs ``decide``).
        lineage: The theme's lineage.
        kind: ``action``, ``watch`` or ``no_follow_up``.
        owner: Who carries it out (required for an action).
        due_on: By when.
        note: What exactly.
        public: May be shown to patients in the waiting room.
        meeting_id: The open meeting where it was decided, if any.

    Returns:
        The stored decision.

    Raises:
        PermissionDenied: ``actor`` may not decide.
        VerbatimError: Unknown kind or theme, an action without owner, closed meeting.
    """
    if kind not in DECISION_LABELS:
        allowed = ", ".join(f"{k} = {v}" for k, v in DECISION_LABELS.items())
        raise VerbatimError(Msg.REVIEW_BAD_DECISION.format(kind=kind, allowed=allowed))
    owner = (owner or "").strip()
    note = (note or "").strip()
    if kind == "action" and not owner:
        raise VerbatimError(Msg.REVIEW_ACTION_NEEDS_OWNER)
    if len(owner) > 200:
        raise VerbatimError(Msg.REVIEW_TEXT_TOO_LONG.format(field="responsable", max_chars=200))
    if len(note) > COMMENT_MAX_CHARS:
        raise VerbatimError(
            Msg.REVIEW_TEXT_TOO_LONG.format(field="note", max_chars=COMMENT_MAX_CHARS)
        )
    final = Lineages.load(session).final(lineage)
    open_meeting(session, meeting_id)
    decision = session.exec(select(ThemeDecision).where(ThemeDecision.lineage == final)).first()
    previous = decision.kind if decision else None
    decision = decision or ThemeDecision(lineage=final, kind=kind)
    decision.kind = kind
    decision.owner = owner
    decision.due_on = due_on
    decision.note = note
    decision.public = bool(public)
    decision.meeting_id = meeting_id
    decision.decided_at = utcnow()
    decision.decided_by = actor.label[:200]
    session.add(decision)
    session.flush()
    audit.record(
        session, actor=actor, action="review.decide", object_type="theme_lineage",
        object_id=final,
        detail={"kind": kind, "previous": previous, "owner": owner,
                "due_on": due_on.isoformat() if due_on else None, "public": bool(public),
                "meeting_id": meeting_id},
    )  # fmt: skip
    return decision


@requires(Permission.VIEW_THEMES)
def public_decisions(session: Session, *, actor: Principal) -> list[tuple[str, ThemeDecision]]:
    """Decisions marked public, newest first, with their theme's label (for the waiting room)."""
    lineages = Lineages.load(session)
    stmt = select(ThemeDecision).where(col(ThemeDecision.public).is_(True))
    rows = session.exec(stmt.order_by(col(ThemeDecision.decided_at).desc())).all()
    return [(lineages.label(lineages.resolve(d.lineage)), d) for d in rows]
