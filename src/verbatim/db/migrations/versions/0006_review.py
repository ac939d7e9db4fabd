"""review board: manual themes, merges, answer moves, off-topic marks, meetings, votes, comments,
decisions

Revision ID: 0006_review
Revises: 0001
Create Date: 2026-11-23 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_review"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_dt = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "review_manual_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", _str(length=200), nullable=False),
        sa.Column("scope_key", _str(length=64), nullable=False),
        sa.Column("source_lineage", sa.Integer(), nullable=True),
        sa.Column("created_at", _dt(), nullable=False),
        sa.Column("created_by", _str(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_review_manual_theme_scope_key", "review_manual_theme", ["scope_key"], unique=False
    )
    op.create_table(
        "review_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_lineage", sa.Integer(), nullable=False),
        sa.Column("target_lineage", sa.Integer(), nullable=False),
        sa.Column("created_at", _dt(), nullable=False),
        sa.Column("created_by", _str(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_lineage", name="uq_review_merge_source"),
    )
    op.create_index(
        "ix_review_merge_target_lineage", "review_merge", ["target_lineage"], unique=False
    )
    op.create_table(
        "review_answer_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("target_lineage", sa.Integer(), nullable=False),
        sa.Column("from_lineage", sa.Integer(), nullable=True),
        sa.Column("created_at", _dt(), nullable=False),
        sa.Column("created_by", _str(length=200), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("answer_id", name="uq_review_answer_move"),
    )
    op.create_index(
        "ix_review_answer_move_target_lineage",
        "review_answer_move",
        ["target_lineage"],
        unique=False,
    )
    op.create_table(
        "review_off_topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lineage", sa.Integer(), nullable=False),
        sa.Column("created_at", _dt(), nullable=False),
        sa.Column("created_by", _str(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lineage", name="uq_review_off_topic"),
    )
    op.create_table(
        "review_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", _str(length=200), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("participants", sa.JSON(), nullable=True),
        sa.Column("status", _str(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", _dt(), nullable=False),
        sa.Column("created_by", _str(length=200), nullable=False),
        sa.Column("closed_at", _dt(), nullable=True),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["questionnaire.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "review_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lineage", sa.Integer(), nullable=False),
        sa.Column("voter_key", _str(length=160), nullable=False),
        sa.Column("voter_name", _str(length=120), nullable=False),
        sa.Column("voter_role", _str(length=20), nullable=False),
        sa.Column("voter_kind", _str(length=30), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("cast_at", _dt(), nullable=False),
        sa.Column("recorded_by", _str(length=200), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["review_meeting.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lineage", "voter_key", name="uq_review_vote"),
    )
    op.create_index("ix_review_vote_lineage", "review_vote", ["lineage"], unique=False)
    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lineage", sa.Integer(), nullable=False),
        sa.Column("text", _str(length=4000), nullable=False),
        sa.Column("author", _str(length=200), nullable=False),
        sa.Column("author_role", _str(length=20), nullable=False),
        sa.Column("author_kind", _str(length=30), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _dt(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["review_meeting.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_comment_lineage", "review_comment", ["lineage"], unique=False)
    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lineage", sa.Integer(), nullable=False),
        sa.Column("kind", _str(length=20), nullable=False),
        sa.Column("owner", _str(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("note", _str(length=4000), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", _dt(), nullable=False),
        sa.Column("decided_by", _str(length=200), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["review_meeting.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lineage", name="uq_review_decision"),
    )


def downgrade() -> None:
    op.drop_table("review_decision")
    op.drop_index("ix_review_comment_lineage", table_name="review_comment")
    op.drop_table("review_comment")
    op.drop_index("ix_review_vote_lineage", table_name="review_vote")
    op.drop_table("review_vote")
    op.drop_table("review_meeting")
    op.drop_table("review_off_topic")
    op.drop_index("ix_review_answer_move_target_lineage", table_name="review_answer_move")
    op.drop_table("review_answer_move")
    op.drop_index("ix_review_merge_target_lineage", table_name="review_merge")
    op.drop_table("review_merge")
    op.drop_index("ix_review_manual_theme_scope_key", table_name="review_manual_theme")
    op.drop_table("review_manual_theme")
