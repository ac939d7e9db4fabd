"""questionnaire translations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_translation",
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("items", sa.JSON(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("title_source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column(
            "description_source", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False
        ),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["questionnaire.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("questionnaire_id", "language", name="uq_translation_language"),
    )
    with op.batch_alter_table("questionnaire_translation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_translation_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("questionnaire_translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_translation_questionnaire_id"))
    op.drop_table("questionnaire_translation")
