"""Tables of the theme engine: the embedding cache, analysis runs, their themes and assignments.

A run is written in one transaction at its end, so a failed analysis leaves the last good run in
place. Assignment rows point to answers with ``ON DELETE CASCADE``: a deleted answer vanishes from
every run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from verbatim.db.tables import utcnow


class EmbeddingCache(SQLModel, table=True):
    """What the engine learnt about one idea text, so the next run skips it.

    ``vector`` is float32 bytes; ``terms`` the content words (negated ones prefixed ``pas_``),
    ``lemmas`` their lemmas, ``cues`` the tone cue counts "positive,negative,negation".
    """

    __tablename__ = "embedding_cache"
    __table_args__ = (UniqueConstraint("text_hash", "model_version", name="uq_embedding_text"),)
    id: int | None = Field(default=None, primary_key=True)
    text_hash: str = Field(max_length=64)
    model_version: str = Field(max_length=120)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    terms: str = ""
    lemmas: str = ""
    cues: str = Field(default="0,0,0", max_length=40)
    created_at: datetime = Field(default_factory=utcnow)


class AnalysisRun(SQLModel, table=True):
    """One analysis: its scope, settings, model versions and counts."""

    __tablename__ = "analysis_run"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    status: str = Field(default="ok", max_length=20)  # ok | failed
    actor: str = Field(default="coordinator", max_length=200)
    scope_key: str = Field(default="", max_length=64, index=True)
    scope: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    settings: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    model_versions: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    counts: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    changes: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    previous_run_id: int | None = Field(default=None, foreign_key="analysis_run.id")


class Theme(SQLModel, table=True):
    """A theme of a run. ``label`` is what people see (a human edit wins and carries over)."""

    __tablename__ = "theme"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="analysis_run.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=80)
    label: str = Field(max_length=200)
    suggested_label: str = Field(default="", max_length=200)
    label_edited: bool = False
    origin: str = Field(default="discovered", max_length=20)  # framework | discovered
    keywords: list[str] | None = Field(default=None, sa_column=Column(JSON))
    # answers quoted as examples, closest to the theme's centre first: ids, never copies of the
    # text, so a deleted or purged answer disappears from every run's quotes too
    quote_answer_ids: list[int] | None = Field(default=None, sa_column=Column(JSON))
    size: int = 0  # answers that mention the theme
    primary_size: int = 0  # answers whose main idea has the theme
    idea_count: int = 0
    negative_share: float = 0.0
    centroid: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    previous_theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL")
    change: str = Field(default="new", max_length=20)  # new | grown | shrunk | stable


class AnswerAnalysis(SQLModel, table=True):
    """One answer in one run: informative or not, tone, primary theme.

    ``language`` is NULL for French answers; otherwise the ISO 639-1 code of the language the
    answer was set aside in (then ``informative`` is false and there is no theme).
    """

    __tablename__ = "answer_analysis"
    __table_args__ = (
        UniqueConstraint("run_id", "answer_id", name="uq_answer_analysis"),
        Index("ix_answer_analysis_answer", "answer_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="analysis_run.id", index=True, ondelete="CASCADE")
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE")
    informative: bool = True
    tone: str = Field(default="neutral", max_length=20)
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL")
    x: float | None = None  # 2-D map coordinates
    y: float | None = None
    language: str | None = Field(default=None, max_length=12)


class AnswerIdea(SQLModel, table=True):
    """One idea (sentence or clause) of an answer in one run, with its theme and tone."""

    __tablename__ = "answer_idea"
    __table_args__ = (Index("ix_answer_idea_answer", "answer_id"),)
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="analysis_run.id", index=True, ondelete="CASCADE")
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE")
    position: int = 0
    text: str = ""
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL")
    is_primary: bool = False
    tone: str = Field(default="neutral", max_length=20)
