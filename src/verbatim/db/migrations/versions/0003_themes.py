"""theme engine: embedding cache, analysis runs, themes, answer assignments

Revision ID: 0003_themes
Revises: 0001
Create Date: 2026-11-23 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_themes"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_dt = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "analysis_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", _dt(), nullable=False),
        sa.Column("status", _str(length=20), nullable=False),
        sa.Column("actor", _str(length=200), nullable=False),
        sa.Column("scope_key", _str(length=64), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("model_versions", sa.JSON(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("previous_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["previous_run_id"], ["analysis_run.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_analysis_run_created_at", "analysis_run", ["created_at"])
    op.create_index("ix_analysis_run_scope_key", "analysis_run", ["scope_key"])
    op.create_table(
        "embedding_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_hash", _str(length=64), nullable=False),
        sa.Column("model_version", _str(length=120), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("terms", _str(), nullable=False),
        sa.Column("lemmas", _str(), nullable=False),
        sa.Column("cues", _str(length=40), nullable=False),
        sa.Column("created_at", _dt(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("text_hash", "model_version", name="uq_embedding_text"),
    )
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("key", _str(length=80), nullable=False),
        sa.Column("label", _str(length=200), nullable=False),
        sa.Column("suggested_label", _str(length=200), nullable=False),
        sa.Column("label_edited", sa.Boolean(), nullable=False),
        sa.Column("origin", _str(length=20), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=True),
        sa.Column("quote_answer_ids", sa.JSON(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("primary_size", sa.Integer(), nullable=False),
        sa.Column("idea_count", sa.Integer(), nullable=False),
        sa.Column("negative_share", sa.Float(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=True),
        sa.Column("previous_theme_id", sa.Integer(), nullable=True),
        sa.Column("change", _str(length=20), nullable=False),
        sa.ForeignKeyConstraint(["previous_theme_id"], ["theme.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["run_id"], ["analysis_run.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_theme_run_id", "theme", ["run_id"])
    op.create_table(
        "answer_analysis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("informative", sa.Boolean(), nullable=False),
        sa.Column("tone", _str(length=20), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["analysis_run.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "answer_id", name="uq_answer_analysis"),
    )
    op.create_index("ix_answer_analysis_answer", "answer_analysis", ["answer_id"])
    op.create_index("ix_answer_analysis_run_id", "answer_analysis", ["run_id"])
    op.create_table(
        "answer_idea",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", _str(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("tone", _str(length=20), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["analysis_run.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_answer_idea_answer", "answer_idea", ["answer_id"])
    op.create_index("ix_answer_idea_run_id", "answer_idea", ["run_id"])


def downgrade() -> None:
    op.drop_table("answer_idea")
    op.drop_table("answer_analysis")
    op.drop_table("theme")
    op.drop_table("embedding_cache")
    op.drop_table("analysis_run")
