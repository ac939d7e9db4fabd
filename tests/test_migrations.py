"""Schema: Alembic creates it from nothing, and the tables in code match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

import verbatim.db.models  # noqa: F401  (every table on the metadata)
from verbatim.db import upgrade
from verbatim.db.migrate import current_revision, head_revision


def test_a_new_database_is_at_the_newest_schema(engine: Engine):
    assert current_revision(engine) == head_revision()
    assert upgrade(engine) == head_revision()  # upgrading again changes nothing


def test_every_table_change_comes_with_its_migration(engine: Engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
