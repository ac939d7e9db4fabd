"""The analysis page lists the answers written in another language, per language, to be read."""

from __future__ import annotations

import pytest
from _apptest import open_page
from sqlalchemy import Engine
from theme_corpus import CORPUS, load_corpus

from verbatim.db import session_scope
from verbatim.themes.engine import analyse

pytestmark = pytest.mark.model

ENGLISH = "The receptionist was rude on the phone and nobody called me back"
ARABIC = "الطبيب لطيف ويشرح كل شيء"
PORTUGUESE = "Esperei muito tempo para ser atendido, ninguém atende o telefone"


def test_answers_in_another_language_are_listed_for_a_person(sqlite_engine: Engine, nlp):
    rows = [
        *CORPUS[:20],
        ("ameliorer", ENGLISH, None),
        ("apprecie", ARABIC, None),
        ("ameliorer", PORTUGUESE, None),
    ]
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s, rows=rows)
        analyse(s, nlp=nlp)
    at = open_page("app_pages/analysis.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Autre langue"] == "3"
    assert "Réponses dans une autre langue" in [h.value for h in at.subheader]
    shown = " ".join(m.value for m in at.markdown)
    assert "**Anglais** : 1" in shown and "**Arabe** : 1" in shown and "**Portugais** : 1" in shown
    for text in (ENGLISH, ARABIC, PORTUGUESE):
        assert f"> {text}" in shown
    assert {e.label for e in at.expander} >= {"Anglais (1)", "Arabe (1)", "Portugais (1)"}
    # the themes still show, without the foreign answers
    themes = " ".join(str(o) for o in at.selectbox(key="analysis_theme").options)
    assert themes
    # the weak-signals page says these answers are not searched there and where to read them
    signals = open_page("app_pages/signals.py")
    assert any("3 réponse(s) écrite(s) dans une autre langue" in i.value for i in signals.info)


def test_no_section_when_every_answer_is_french(sqlite_engine: Engine, nlp):
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s, rows=CORPUS[:20])
        analyse(s, nlp=nlp)
    at = open_page("app_pages/analysis.py")
    assert {m.label: m.value for m in at.metric}["Autre langue"] == "0"
    assert "Réponses dans une autre langue" not in [h.value for h in at.subheader]
    signals = open_page("app_pages/signals.py")
    assert not any("autre langue" in i.value for i in signals.info)
