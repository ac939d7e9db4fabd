"""Tables of the privacy area: the staff names redacted from free text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from verbatim.db.tables import utcnow


class StaffNameBase(SQLModel):
    name: str = Field(max_length=200)


class StaffNameCreate(StaffNameBase):
    pass


class StaffName(StaffNameBase, table=True):
    """A staff member's name, as the coordinator typed it ("Sophie Martin", "Dr Dupont")."""

    __tablename__ = "staff_name"
    __table_args__ = (UniqueConstraint("name", name="uq_staff_name_name"),)
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
