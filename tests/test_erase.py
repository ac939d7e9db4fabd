"""Erasure reaches the analysis: a deleted or purged answer leaves no text-derived cache behind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine
from sqlmodel import func, select
from theme_corpus import load_corpus

from verbatim.db import session_scope
from verbatim.db.tables import Answer
from verbatim.db.tables_themes import AnswerIdea, EmbeddingCache
from verbatim.privacy.purge import purge
from verbatim.survey.responses import delete_response
from verbatim.text.prepare import split_ideas
from verbatim.themes.embed import text_hash
from verbatim.themes.engine import analyse

pytestmark = pytest.mark.model

ROWS = [
    ("ameliorer", "Le secrétariat ne répond jamais, j'ai appelé dix fois.", "accueil_secretariat"),
    ("ameliorer", "Une heure d'attente en salle d'attente avec un enfant malade.", "attente"),
    ("ameliorer", "Le médecin a toujours du retard, on attend longtemps.", "attente"),
    ("apprecie", "Le docteur écoute bien et prend le temps d'expliquer.", "relation_humaine"),
]


def _cached(session, text: str) -> bool:
    hashes = [text_hash(t) for t in split_ideas(text) or [text]]
    stmt = (
        select(func.count()).select_from(EmbeddingCache).where(EmbeddingCache.text_hash.in_(hashes))
    )
    return session.exec(stmt).one() > 0


def test_deleting_a_response_forgets_what_the_analysis_derived_from_its_text(
    sqlite_engine: Engine, nlp
):
    with session_scope(sqlite_engine, write=True) as s:
        corpus = load_corpus(s, rows=ROWS)
        analyse(s, nlp=nlp)
    answer_id, (text, _) = next(iter(corpus.items()))
    with session_scope(sqlite_engine) as s:
        assert _cached(s, text)
        response_id = s.get(Answer, answer_id).response_id
    with session_scope(sqlite_engine, write=True) as s:
        delete_response(s, actor=COORDINATOR, response_id=response_id)
    with session_scope(sqlite_engine) as s:
        assert not _cached(s, text)
        assert s.exec(select(AnswerIdea).where(AnswerIdea.answer_id == answer_id)).all() == []
        others = [t for a, (t, _) in corpus.items() if a != answer_id]
        assert all(_cached(s, t) for t in others)  # the other answers keep their cache


def test_a_purge_forgets_the_cache_of_the_purged_answers(sqlite_engine: Engine, nlp):
    with session_scope(sqlite_engine, write=True) as s:
        old = load_corpus(s, rows=ROWS[:2], start=datetime(2024, 1, 5, tzinfo=UTC))
        recent = load_corpus(s, rows=ROWS[2:], start=datetime(2026, 6, 5, tzinfo=UTC))
        analyse(s, nlp=nlp)
    with session_scope(sqlite_engine, write=True) as s:
        report = purge(s, actor=COORDINATOR, before=datetime(2025, 1, 1, tzinfo=UTC))
    assert report.responses == 2 and report.other.get("embedding_cache", 0) >= 2
    with session_scope(sqlite_engine) as s:
        assert not any(_cached(s, t) for t, _ in old.values())
        assert all(_cached(s, t) for t, _ in recent.values())
