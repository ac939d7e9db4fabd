"""The theme engine on the real French model: framework themes, negation, ideas, tone, order."""

from __future__ import annotations

import random

import pytest
from sqlmodel import Session, select
from theme_corpus import CORPUS, load_corpus

from verbatim.db import session_scope
from verbatim.db.tables import Answer
from verbatim.db.tables_themes import AnswerAnalysis, AnswerIdea, Theme
from verbatim.errors import VerbatimError
from verbatim.themes.engine import analyse, get_embedder
from verbatim.themes.results import theme_quotes

pytestmark = pytest.mark.model


def _assignments(session: Session, run_id: int) -> dict[int, str | None]:
    keys = {t.id: t.key for t in session.exec(select(Theme).where(Theme.run_id == run_id))}
    rows = session.exec(select(AnswerAnalysis).where(AnswerAnalysis.run_id == run_id)).all()
    return {r.answer_id: keys.get(r.theme_id) for r in rows}


def test_forty_answers_give_recognisable_framework_themes(sqlite_engine, nlp):
    with session_scope(sqlite_engine, write=True) as s:
        corpus = load_corpus(s)
        summary = analyse(s, nlp=nlp)
        got = _assignments(s, summary.run_id)
        themes = s.exec(select(Theme).where(Theme.run_id == summary.run_id)).all()
    informative = {a: theme for a, (_, theme) in corpus.items() if theme}
    right = sum(got[a] == theme for a, theme in informative.items())
    assert right / len(informative) >= 0.75, got
    labels = {t.label for t in themes if t.origin == "framework"}
    assert {"Attente", "Accès et rendez-vous", "Accueil et secrétariat"} <= labels
    assert summary.counts["non_informative"] == 5
    assert summary.counts["unthemed_share"] <= 0.15
    attente = next(t for t in themes if t.key == "attente")
    assert "attente" in attente.keywords
    with session_scope(sqlite_engine) as s:
        quotes = theme_quotes(s, theme=attente)
    assert len(quotes) == 3 and all(q in {c[1] for c in CORPUS} for q in quotes)
    assert set(attente.quote_answer_ids) <= {a for a, (_, t) in corpus.items() if t == "attente"}
    # a quote is the answer itself, not a copy: once the answer is erased, no run quotes it
    with session_scope(sqlite_engine, write=True) as s:
        s.delete(s.get(Answer, attente.quote_answer_ids[0]))
    with session_scope(sqlite_engine) as s:
        assert quotes[0] not in theme_quotes(s, theme=attente)
    assert attente.negative_share > 0.5


def test_negation_keeps_its_meaning(nlp):
    embedder = get_embedder(nlp)
    embedder.lemmatise(["pas de rendez-vous de suivi", "rendez-vous de suivi"])
    lacking = embedder.prepare("pas de rendez-vous de suivi")
    present = embedder.prepare("rendez-vous de suivi")
    assert lacking.terms == ["pas_rendez-vous", "pas_suivi"]
    assert present.terms == ["rendez-vous", "suivi"]
    assert float(lacking.vector @ present.vector) < 0.99
    from verbatim.themes.tone import idea_tone

    assert idea_tone(lacking.positive, lacking.negative, lacking.negations) == "negative"
    assert idea_tone(present.positive, present.negative, present.negations) == "neutral"
    no_problem = embedder.prepare("aucun problème, secrétaire aimable")
    assert idea_tone(no_problem.positive, no_problem.negative, no_problem.negations) == "positive"


def test_multi_idea_answer_carries_two_themes_and_mixed_tone(sqlite_engine, nlp):
    with session_scope(sqlite_engine, write=True) as s:
        corpus = load_corpus(s)
        summary = analyse(s, nlp=nlp)
        answer_id = next(
            a for a, (text, _) in corpus.items() if text.startswith("L'attente était longue")
        )
        ideas = s.exec(
            select(AnswerIdea)
            .where(AnswerIdea.run_id == summary.run_id, AnswerIdea.answer_id == answer_id)
            .order_by(AnswerIdea.position)
        ).all()
        keys = {t.id: t.key for t in s.exec(select(Theme).where(Theme.run_id == summary.run_id))}
        analysis = s.exec(
            select(AnswerAnalysis).where(
                AnswerAnalysis.run_id == summary.run_id, AnswerAnalysis.answer_id == answer_id
            )
        ).one()
    assert [keys.get(i.theme_id) for i in ideas] == ["attente", "relation_humaine"]
    assert [i.tone for i in ideas] == ["negative", "positive"]
    assert ideas[0].is_primary and not ideas[1].is_primary
    assert keys[analysis.theme_id] == "attente"
    assert analysis.tone == "mixed"


def test_same_answers_in_another_order_give_identical_themes(tmp_path, nlp):
    from verbatim.db import make_engine, upgrade

    results = []
    for seed in (1, 2):
        engine = make_engine(f"sqlite:///{tmp_path / f'order{seed}.db'}")
        upgrade(engine)
        rows = list(CORPUS) * 2  # duplicates too
        random.Random(seed).shuffle(rows)
        with session_scope(engine, write=True) as s:
            corpus = load_corpus(s, rows=rows)
            summary = analyse(s, nlp=nlp, settings={"min_size": 2})
            got = _assignments(s, summary.run_id)
            themes = s.exec(select(Theme).where(Theme.run_id == summary.run_id)).all()
        by_text = sorted((corpus[a][0], got[a]) for a in corpus)
        results.append(
            (by_text, sorted((t.key, t.label, t.size, tuple(t.keywords or [])) for t in themes))
        )
        engine.dispose()
    assert results[0] == results[1]


def test_no_free_text_is_a_clear_error(sqlite_engine, nlp):
    with (
        pytest.raises(VerbatimError, match="Aucune réponse"),
        session_scope(sqlite_engine, write=True) as s,
    ):
        analyse(s, nlp=nlp)


def test_scope_limits_the_answers_analysed(sqlite_engine, nlp):
    from datetime import UTC, datetime

    with session_scope(sqlite_engine, write=True) as s:
        corpus = load_corpus(s)
        liked = analyse(s, nlp=nlp, question_link_ids=["apprecie"])
        early = analyse(s, nlp=nlp, until=datetime(2026, 1, 10, tzinfo=UTC))
    assert liked.counts["answers"] == sum(1 for box, _, _ in CORPUS if box == "apprecie")
    assert 0 < early.counts["answers"] < len(corpus)
