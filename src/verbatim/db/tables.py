"""SQLModel tables of the collection side: sites, questionnaires, versions, questions, responses.

Follows the FastAPI template's shape: ``XBase`` holds the fields a person supplies, ``XCreate`` is
what services accept, ``X(table=True)`` is the stored row. Kinds are plain strings validated by the
services (see :mod:`verbatim.survey.kinds`), so adding a kind needs no migration.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Current time, timezone-aware UTC (every stored time is aware and returned in UTC)."""
    return datetime.now(UTC)


class SiteBase(SQLModel):
    name: str = Field(max_length=200)
    kind: str = Field(default="msp", max_length=40)  # msp | cpts_member


class SiteCreate(SiteBase):
    pass


class Site(SiteBase, table=True):
    __tablename__ = "site"
    __table_args__ = (UniqueConstraint("name", name="uq_site_name"),)
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class QuestionnaireBase(SQLModel):
    slug: str = Field(max_length=80)
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=4000)
    template: str | None = Field(default=None, max_length=80)


class QuestionnaireCreate(QuestionnaireBase):
    pass


class Questionnaire(QuestionnaireBase, table=True):
    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("slug", name="uq_questionnaire_slug"),)
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class QuestionnaireVersion(SQLModel, table=True):
    """One version of a questionnaire. A version that has responses is frozen."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "number", name="uq_version_number"),)
    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id", index=True)
    number: int = 1
    status: str = Field(default="draft", max_length=20)  # draft | published | archived
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None


class QuestionBase(SQLModel):
    link_id: str = Field(max_length=80)
    text: str = Field(max_length=2000)
    kind: str = Field(max_length=30)
    required: bool = False
    help_text: str = Field(default="", max_length=2000)
    # [{"value": "a", "label": "..."}] for choice kinds; derived for likert/scale/yes_no
    options: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    # {"question": link_id, "operator": "=" | "!=" | "exists", "value": ...}
    show_if: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # what the free-text box asks for: "positive", "negative" (what could be improved) or None
    polarity: str | None = Field(default=None, max_length=20)
    max_length: int | None = None


class QuestionCreate(QuestionBase):
    pass


class Question(QuestionBase, table=True):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("version_id", "link_id", name="uq_question_link_id"),)
    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="questionnaire_version.id", index=True)
    position: int = 0


class ResponseBase(SQLModel):
    channel: str = Field(default="kiosk", max_length=20)  # kiosk | paper | import
    context: str | None = Field(default=None, max_length=200)
    external_id: str | None = Field(default=None, max_length=200)
    language: str = Field(default="fr", max_length=10)


class Response(ResponseBase, table=True):
    __tablename__ = "response"
    __table_args__ = (
        Index("ix_response_questionnaire_submitted", "questionnaire_id", "submitted_at"),
        UniqueConstraint("questionnaire_id", "external_id", name="uq_response_external_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id", index=True)
    version_id: int = Field(foreign_key="questionnaire_version.id", index=True)
    site_id: int | None = Field(default=None, foreign_key="site.id", index=True)
    submitted_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)
    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id")


class Answer(SQLModel, table=True):
    """One answer to one question. Exactly one of the value columns is used, by question kind."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id", name="uq_answer_question"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id", index=True)
    # single choice value, yes/no ("oui"/"non"), multiple choices as a JSON list
    choice: str | None = Field(default=None, max_length=2000)
    number: float | None = None  # likert 1-5, scale 0-10
    text: str | None = None  # free text as reviewers may see it (pseudonymised)
    raw_text: str | None = None  # original free text, kept only if the coordinator chooses so


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    filename: str = Field(max_length=500)
    questionnaire_id: int = Field(foreign_key="questionnaire.id")
    rows: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    actor: str = Field(default="coordinator", max_length=200)


class AuditEvent(SQLModel, table=True):
    """Who did what, when: every write a person makes that matters afterwards."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=80)
    object_type: str = Field(max_length=80)
    object_id: str | None = Field(default=None, max_length=80)
    detail: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
