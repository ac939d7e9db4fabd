"""Tables of the translations area: a questionnaire's texts in another language than French.

A translation belongs to a questionnaire and a language, not to a version: questions are matched by
their link id, so a translation carries over to the next version when questions are edited. Each
translated text keeps the French text it translates (its "source"); when the French text changes,
the translation is "à revoir" (see :mod:`verbatim.survey.translations`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from verbatim.db.tables import utcnow


class QuestionnaireTranslationBase(SQLModel):
    language: str = Field(max_length=10)  # ISO 639-1 code: "en", "ar"…
    title: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=4000)
    # {link_id: {"text", "source", "help_text", "help_source",
    #            "options": {str(value): label}, "option_sources": {str(value): French label}}}
    items: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class QuestionnaireTranslationCreate(QuestionnaireTranslationBase):
    pass


class QuestionnaireTranslation(QuestionnaireTranslationBase, table=True):
    """The texts of one questionnaire in one language, as the coordinator entered them."""

    __tablename__ = "questionnaire_translation"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "language", name="uq_translation_language"),
    )
    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id", index=True)
    # the French title and description the translated ones render
    title_source: str = Field(default="", max_length=300)
    description_source: str = Field(default="", max_length=4000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=200)
