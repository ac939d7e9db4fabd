"""Tables of the weak-signal review: what reviewers decided about a signal, kept across runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from verbatim.db.tables import utcnow


class SignalReview(SQLModel, table=True):
    """A reviewer's decision on a signal, identified by its key within a slice.

    A dismissed signal stays dismissed at the next run unless it has grown: ``count_at_decision``
    remembers how many answers it had when it was dismissed.
    """

    __tablename__ = "signal_review"
    __table_args__ = (UniqueConstraint("scope_key", "signal_key", name="uq_signal_review"),)
    id: int | None = Field(default=None, primary_key=True)
    scope_key: str = Field(default="", max_length=300)
    signal_key: str = Field(max_length=300)
    status: str = Field(default="open", max_length=20)  # open | confirmed | dismissed
    comment: str = Field(default="", max_length=4000)
    count_at_decision: int = 0
    actor: str = Field(default="", max_length=200)
    decided_at: datetime = Field(default_factory=utcnow)
