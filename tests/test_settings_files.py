"""The coordinator edits the theme framework and the severity lexicon; the next runs use them."""

from __future__ import annotations

import pytest
from _principals import COORDINATOR, REVIEWER
from sqlalchemy import Engine
from sqlmodel import select

from verbatim.db import session_scope
from verbatim.db.tables import AuditEvent
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.signals.serious import EntryDraft, editable_lexicon, find_serious, save_lexicon
from verbatim.themes.framework import FRAMEWORK_PATH, load_framework, save_framework


def test_a_renamed_and_an_added_theme_are_what_the_next_analysis_reads(sqlite_engine: Engine):
    themes = load_framework().themes
    themes[0].label = "Prendre rendez-vous"
    themes.append(
        type(themes[0])(key="", label="Confidentialité", seeds=["confidentialité", "voix"])
    )
    with session_scope(sqlite_engine, write=True) as s:
        path = save_framework(s, actor=COORDINATOR, themes=themes)
    framework = load_framework()
    assert framework.path == str(path) != str(FRAMEWORK_PATH)
    assert framework.label_of("acces_rdv") == "Prendre rendez-vous"
    assert framework.label_of("confidentialite") == "Confidentialité"
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "framework_save")).one()


def test_a_theme_without_words_is_refused_and_nothing_changes(sqlite_engine: Engine):
    themes = load_framework().themes
    themes[2].seeds = []
    with (
        session_scope(sqlite_engine, write=True) as s,
        pytest.raises(VerbatimError, match="ligne 3 : aucun mot-clé"),
    ):
        save_framework(s, actor=COORDINATOR, themes=themes)
    assert load_framework().path == str(FRAMEWORK_PATH)


def test_a_new_severity_expression_flags_answers_from_then_on(sqlite_engine: Engine):
    text = "une escarre est apparue après le retour à domicile"
    assert find_serious(text) == []
    entries = [*editable_lexicon(), EntryDraft("escarre", "soins", 3, True, ("escarre*",))]
    with session_scope(sqlite_engine, write=True) as s:
        save_lexicon(s, actor=COORDINATOR, entries=entries)
    assert [h.label for h in find_serious(text)] == ["escarre"]
    assert find_serious("aucune escarre, soins parfaits") == []


def test_a_weight_outside_one_to_three_is_refused(sqlite_engine: Engine):
    entries = [EntryDraft("chute", "sécurité", 5, True, ("chute*",))]
    with (
        session_scope(sqlite_engine, write=True) as s,
        pytest.raises(VerbatimError, match="ligne 1"),
    ):
        save_lexicon(s, actor=COORDINATOR, entries=entries)


def test_reviewers_cannot_change_settings(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        with pytest.raises(PermissionDenied):
            save_framework(s, actor=REVIEWER, themes=load_framework().themes)
        with pytest.raises(PermissionDenied):
            save_lexicon(s, actor=REVIEWER, entries=editable_lexicon())
