"""The analysis page (AppTest): run an analysis on a small database, read themes, rename one."""

from __future__ import annotations

import pytest
from _apptest import open_page
from streamlit.testing.v1 import AppTest
from theme_corpus import load_corpus

from verbatim.db import session_scope
from verbatim.db.tables_themes import Theme

pytestmark = pytest.mark.model

PAGE = "app_pages/analysis.py"


def _page() -> AppTest:
    at = open_page(PAGE)
    at.default_timeout = 120
    return at


def test_empty_database_invites_to_run_an_analysis(sqlite_engine):
    at = _page()
    assert not at.exception
    assert any("Aucune analyse" in i.value for i in at.info)


def test_running_an_analysis_shows_themes_and_renames_one(sqlite_engine, nlp, monkeypatch):
    monkeypatch.setattr("verbatim.themes.engine.get_nlp", lambda: nlp)
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s)
    at = _page()
    at.button[0].click().run()  # "Lancer l'analyse" (the period covers the last year)
    assert not at.exception, [e.message for e in at.exception]
    if any("Aucune réponse" in e.value for e in at.error):  # corpus dated before the period
        pytest.fail("analysis found no answers in the default period")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Réponses"] == "40" and metrics["Non informatives"] == "5"
    assert "Attente" in " ".join(str(o) for o in at.selectbox(key="analysis_theme").options)
    at.selectbox(key="analysis_theme").select_index(0).run()
    at.text_input[0].set_value("Thème renommé")
    at.button(key="FormSubmitter:rename_theme-Renommer").click().run()
    assert not at.exception, [e.message for e in at.exception]
    with session_scope(sqlite_engine) as s:
        from sqlmodel import select

        assert s.exec(select(Theme).where(Theme.label == "Thème renommé")).one().label_edited
