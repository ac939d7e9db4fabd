"""Translations in the app (AppTest): the coordinator's "Traductions" tab, paper entry in another
language, and the answers page showing and filtering the language."""

from __future__ import annotations

import pytest
from _apptest import app, ok
from _principals import COORDINATOR
from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest
from test_translations import ARABIC, _questionnaire

from verbatim.db import session_scope
from verbatim.db.tables import AuditEvent, Response
from verbatim.intake.submit import submit_response
from verbatim.survey import questionnaires as svc
from verbatim.survey import translations as tr


@pytest.fixture
def questionnaire(sqlite_engine: Engine) -> Engine:
    with session_scope(sqlite_engine, write=True) as s:
        _questionnaire(s)
    return sqlite_engine


def _translations(language: str) -> AppTest:
    at = ok(ok(app().run()).switch_page("app_pages/questionnaires.py").run())
    at.selectbox(key="tr_language_experience").select(language)
    return ok(at.run())


def _save_button(at: AppTest):
    return next(b for b in at.button if b.label.startswith("Enregistrer la traduction"))


def test_coordinator_translates_into_arabic_and_sees_it_right_to_left(questionnaire: Engine):
    at = _translations("ar")
    assert any("4 question(s) manquante(s) · titre manquant" in m.value for m in at.markdown)
    at.text_input(key="tr_ar_1_title").input(ARABIC["title"])
    at.text_area(key="tr_ar_1_description").input(ARABIC["description"])
    for link_id, item in ARABIC["items"].items():
        at.text_input(key=f"tr_ar_1_{link_id}_text").input(item["text"])
        if "help_text" in item:
            at.text_input(key=f"tr_ar_1_{link_id}_help").input(item["help_text"])
        for value, label in item.get("options", {}).items():
            at.text_input(key=f"tr_ar_1_{link_id}_opt_{value}").input(label)
    ok(_save_button(at).click().run())
    assert at.success[0].value == "Traduction (arabe) enregistrée : complète."
    with session_scope(questionnaire) as s:
        vid = svc.latest_version(s, questionnaire_id=1).id
        assert tr.kiosk_languages(s, version_id=vid) == ["fr", "ar"]
        texts = tr.translated_texts(s, version_id=vid, language="ar")
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "translation_save")).one()
    assert texts.questions["attente"].options["moins_15"] == "أقل من 15 دقيقة"
    assert audit.actor == COORDINATOR.label
    # the preview renders the Arabic right to left, and the inputs are typed right to left
    page = "".join(str(h.proto.body) for h in at.get("html"))
    assert 'dir="rtl" lang="ar"' in page and "هل حصلت على موعد بسهولة؟" in page
    assert "direction: rtl" in page


def test_an_outdated_translation_is_only_restamped_once_checked(questionnaire: Engine):
    with session_scope(questionnaire, write=True) as s:
        tr.save_translation(s, actor=COORDINATOR, questionnaire_id=1, language="ar", **ARABIC)
        questions = svc.question_specs(s, version_id=1)
        questions[2] = questions[2].model_copy(update={"text": "Reviendrez-vous chez nous ?"})
        svc.save_questions(s, actor=COORDINATOR, questionnaire_id=1, questions=questions)
    at = _translations("ar")
    assert any("1 question(s) à revoir" in m.value for m in at.markdown)
    ok(_save_button(at).click().run())  # saving without checking leaves it à revoir
    assert "1 question(s) à revoir" in at.success[0].value
    at.checkbox(key="tr_ar_1_revenir_reviewed").check()
    ok(_save_button(at).click().run())
    assert at.success[0].value == "Traduction (arabe) enregistrée : complète."


def test_paper_entry_stores_the_language_of_the_sheet(questionnaire: Engine):
    with session_scope(questionnaire, write=True) as s:
        tr.save_translation(s, actor=COORDINATOR, questionnaire_id=1, language="ar", **ARABIC)
    at = ok(ok(app().run()).switch_page("app_pages/paper.py").run())
    language = at.selectbox(key="paper_language_experience")
    assert language.options == ["Français", "Arabe"] and language.value == "fr"
    language.select("ar")
    at = ok(at.run())
    key = next(w.key for w in at.radio if w.key and w.key.endswith("_acces"))
    at.radio(key=key).set_value(4)
    text = next(w.key for w in at.text_area if w.key and w.key.endswith("_ameliorer"))
    at.text_area(key=text).input("الانتظار طويل")
    ok(next(b for b in at.button if b.label == "Enregistrer la réponse").click().run())
    assert "enregistrée" in at.success[0].value
    with session_scope(questionnaire) as s:
        response = s.exec(select(Response)).one()
    assert (response.channel, response.language) == ("paper", "ar")


def test_answers_page_shows_and_filters_the_language(questionnaire: Engine):
    with session_scope(questionnaire, write=True) as s:
        version = svc.published_version(s, questionnaire_id=1)
        for language, text in (("fr", "Rien"), ("ar", "لا شيء"), ("en", "Nothing")):
            submit_response(
                s, version=version, channel="kiosk", language=language,
                answers={"acces": 4, "ameliorer": text},
            )  # fmt: skip
    at = ok(ok(app().run()).switch_page("app_pages/answers.py").run())
    table = at.dataframe[0].value
    assert sorted(table["Langue"]) == ["anglais", "arabe", "français"]
    at.selectbox(key="ans_language").select("ar")
    at = ok(at.run())
    assert next(m.value for m in at.metric if m.label == "Réponses") == "1"
    assert list(at.dataframe[0].value["Que pourrions-nous améliorer ?"]) == ["لا شيء"]
