"""Tables of the review board: human edits, votes, comments, decisions and review meetings.

Nothing here changes the engine's rows of a run. Every row is keyed by a theme *lineage*: the id of
the first theme of a ``Theme.previous_theme_id`` chain (positive), or minus the id of a board-only
theme created by a split (negative). A new run whose themes the engine maps onto the previous
run's therefore gets every human edit back (see :mod:`verbatim.review.lineage`).

Lineage ids carry no foreign key on purpose: a lineage outlives the themes of any one run.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from verbatim.db.tables import utcnow


class ManualTheme(SQLModel, table=True):
    """A theme a person created on the board by splitting answers off another theme."""

    __tablename__ = "review_manual_theme"
    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=200)
    scope_key: str = Field(default="", max_length=64, index=True)
    source_lineage: int | None = None  # the lineage it was split from
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=200)


class ThemeMerge(SQLModel, table=True):
    """Lineage ``source_lineage`` is shown inside lineage ``target_lineage``."""

    __tablename__ = "review_merge"
    __table_args__ = (UniqueConstraint("source_lineage", name="uq_review_merge_source"),)
    id: int | None = Field(default=None, primary_key=True)
    source_lineage: int
    target_lineage: int = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=200)


class AnswerMove(SQLModel, table=True):
    """An answer a person put in a theme: it stays there in every later run."""

    __tablename__ = "review_answer_move"
    __table_args__ = (UniqueConstraint("answer_id", name="uq_review_answer_move"),)
    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE")
    target_lineage: int = Field(index=True)
    from_lineage: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=200)


class OffTopicMark(SQLModel, table=True):
    """A lineage marked "hors sujet": shown apart on the board, left out of meetings."""

    __tablename__ = "review_off_topic"
    __table_args__ = (UniqueConstraint("lineage", name="uq_review_off_topic"),)
    id: int | None = Field(default=None, primary_key=True)
    lineage: int
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=200)


class ReviewMeeting(SQLModel, table=True):
    """A review session: a date, its participants, a questionnaire and the run reviewed.

    ``participants`` is a list of ``{"name", "kind", "username"}`` (username optional: a
    participant with an account votes under the same identity on the board and in the meeting).
    """

    __tablename__ = "review_meeting"
    id: int | None = Field(default=None, primary_key=True)
    held_on: date
    title: str = Field(default="", max_length=200)
    questionnaire_id: int | None = Field(
        default=None, foreign_key="questionnaire.id", ondelete="SET NULL"
    )
    run_id: int | None = Field(default=None, foreign_key="analysis_run.id", ondelete="SET NULL")
    participants: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    status: str = Field(default="open", max_length=20)  # open | closed
    position: int = 0  # index of the theme on screen
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=200)
    closed_at: datetime | None = None


class PriorityVote(SQLModel, table=True):
    """One voter's priority for one lineage (1 low, 2 medium, 3 high); a new vote replaces it."""

    __tablename__ = "review_vote"
    __table_args__ = (UniqueConstraint("lineage", "voter_key", name="uq_review_vote"),)
    id: int | None = Field(default=None, primary_key=True)
    lineage: int = Field(index=True)
    voter_key: str = Field(max_length=160)  # "account:<username>" or "participant:<m>:<name>"
    voter_name: str = Field(max_length=120)
    voter_role: str = Field(max_length=20)
    voter_kind: str | None = Field(default=None, max_length=30)
    priority: int
    meeting_id: int | None = Field(
        default=None, foreign_key="review_meeting.id", ondelete="SET NULL"
    )
    cast_at: datetime = Field(default_factory=utcnow)
    recorded_by: str = Field(default="", max_length=200)


class ThemeComment(SQLModel, table=True):
    """A comment on a lineage."""

    __tablename__ = "review_comment"
    id: int | None = Field(default=None, primary_key=True)
    lineage: int = Field(index=True)
    text: str = Field(max_length=4000)
    author: str = Field(max_length=200)
    author_role: str = Field(max_length=20)
    author_kind: str | None = Field(default=None, max_length=30)
    meeting_id: int | None = Field(
        default=None, foreign_key="review_meeting.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)


class ThemeDecision(SQLModel, table=True):
    """What the team decided about a lineage (one current decision; the audit log keeps history).

    ``public`` decisions may be shown to patients ("Vous nous avez dit, nous avons fait").
    """

    __tablename__ = "review_decision"
    __table_args__ = (UniqueConstraint("lineage", name="uq_review_decision"),)
    id: int | None = Field(default=None, primary_key=True)
    lineage: int
    kind: str = Field(max_length=20)  # action | watch | no_follow_up
    owner: str = Field(default="", max_length=200)
    due_on: date | None = None
    note: str = Field(default="", max_length=4000)
    public: bool = False
    meeting_id: int | None = Field(
        default=None, foreign_key="review_meeting.id", ondelete="SET NULL"
    )
    decided_at: datetime = Field(default_factory=utcnow)
    decided_by: str = Field(default="", max_length=200)
