"""The kiosk in the patient's language: the choice on the first screen, translated questions, the
kiosk's own words, answers stored with their language, and back to French for the next patient."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from _apptest import app, ok
from _principals import COORDINATOR
from _translated import ARABIC, QUESTIONS, SLUG, translated_questionnaire
from sqlalchemy import Engine
from sqlmodel import select

from app_pages import _state
from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, Response
from verbatim.survey import i18n
from verbatim.survey import questionnaires as svc
from verbatim.survey.kiosk import NOTICE, THANKS, Step, load_flow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def translated(engine: Engine) -> Engine:
    translated_questionnaire(engine)
    return engine


def test_the_kiosk_offers_french_and_each_complete_translation(translated: Engine):
    with session_scope(translated) as s:
        flow = load_flow(s, slug=SLUG)
    # Spanish has only its title translated: not offered
    assert flow.languages == ("fr", "en", "ar")


def test_in_arabic_the_questions_and_the_kiosks_own_words_are_arabic(translated: Engine):
    with session_scope(translated) as s:
        flow = load_flow(s, slug=SLUG)
    state = flow.choose_language(flow.new_state(T0), "ar", T0)
    assert flow.title_in("ar") == ARABIC["title"]
    flow.begin(state, T0)
    first = flow.question(state)
    assert first.text == ARABIC["items"]["acces"]["text"]
    assert [label for _, label in first.options] == i18n.likert_labels("ar")
    assert flow.next(state, T0) is Step.BLOCKED  # required
    assert state.error == i18n.text("ar", "required")
    flow.set_answer(state, "acces", 4, T0)
    flow.next(state, T0)
    assert [label for _, label in flow.question(state).options] == ["نعم", "لا"]
    flow.next(state, T0)
    choice = flow.question(state)
    assert dict(choice.options) == ARABIC["items"]["attente"]["options"]


def test_an_answer_given_in_arabic_keeps_its_language_and_its_values(translated: Engine):
    with session_scope(translated) as s:
        flow = load_flow(s, slug=SLUG)
    state = flow.begin(flow.choose_language(flow.new_state(T0), "ar", T0), T0)
    for link_id, value in (("acces", 2), ("retour", "oui"), ("attente", "plus_15")):
        flow.set_answer(state, link_id, value, T0)
        flow.next(state, T0)
    flow.set_answer(state, "ameliorer", "الانتظار طويل جدًا", T0)
    assert flow.next(state, T0) is Step.READY
    with session_scope(translated, write=True) as s:
        flow.submit(s, state, now=T0)
    assert state.screen == THANKS
    with session_scope(translated) as s:
        response = s.exec(select(Response)).one()
        stored = {
            q.link_id: a
            for a, q in s.exec(select(Answer, Question).where(Answer.question_id == Question.id))
        }
    assert response.language == "ar"
    assert stored["acces"].number == 2
    assert stored["retour"].choice == "oui"
    assert stored["attente"].choice == "plus_15"
    assert stored["ameliorer"].text == "الانتظار طويل جدًا"


def test_a_kiosk_left_in_arabic_is_back_in_french_for_the_next_patient(translated: Engine):
    with session_scope(translated) as s:
        flow = load_flow(s, slug=SLUG)
    state = flow.new_state(T0)
    assert not flow.expired(state, T0 + timedelta(hours=1))  # untouched first screen
    flow.choose_language(state, "ar", T0)
    flow.toggle_large_print(state, T0)
    assert flow.expired(state, T0 + timedelta(seconds=flow.reset_seconds))
    state, reset = flow.tick(state, T0 + timedelta(seconds=flow.reset_seconds))
    assert reset and state.screen == NOTICE
    assert state.language == "fr" and not state.large_print


def test_a_language_not_offered_cannot_be_chosen(translated: Engine):
    with session_scope(translated) as s:
        flow = load_flow(s, slug=SLUG)
    state = flow.choose_language(flow.new_state(T0), "es", T0)
    assert state.language == "fr"


def test_a_translation_made_outdated_by_a_new_french_text_is_no_longer_offered(
    translated: Engine,
):
    with session_scope(translated, write=True) as s:
        q = svc.get_questionnaire(s, slug=SLUG)
        version = svc.published_version(s, questionnaire_id=q.id)
        s.add(Response(questionnaire_id=q.id, version_id=version.id))  # freezes version 1
    changed = [q.model_copy() for q in QUESTIONS]
    changed[0] = changed[0].model_copy(update={"text": "Avez-vous eu un rendez-vous à temps ?"})
    with session_scope(translated, write=True) as s:
        q = svc.get_questionnaire(s, slug=SLUG)
        svc.save_questions(s, actor=COORDINATOR, questionnaire_id=q.id, questions=changed)
        svc.publish_version(s, actor=COORDINATOR, questionnaire_id=q.id)
    with session_scope(translated) as s:
        flow = load_flow(s, slug=SLUG)
    assert flow.languages == ("fr",)


# --- the page ----------------------------------------------------------------------------------


def test_the_patient_chooses_arabic_on_the_first_screen_and_answers(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    translated_questionnaire(sqlite_engine)
    monkeypatch.setenv("VERBATIM_MODE", "kiosk")
    at = ok(app().run())
    labels = [b.label for b in at.button if b.key and "_lang_" in b.key]
    assert labels == ["Français", "English", "العربية"]
    ok(at.button(key="kiosk_0_lang_ar").click().run())
    assert at.title[0].value == ARABIC["title"]
    assert at.button(key="kiosk_0_begin").label == "ابدأ"
    assert "مجهول الهوية" in at.markdown[0].value
    ok(at.button(key="kiosk_0_begin").click().run())
    assert at.button(key="kiosk_0_acces_next").label == i18n.text("ar", "next")
    ok(at.button(key="kiosk_0_acces_opt_5").click().run())
    assert at.button(key="kiosk_0_acces_opt_5").label == "✓ " + i18n.likert_labels("ar")[4]
    for key in ("acces", "retour", "attente"):
        ok(at.button(key=f"kiosk_0_{key}_next").click().run())
    at.text_area(key="kiosk_0_ameliorer_text").input("Very long wait")
    ok(at.button(key="kiosk_0_ameliorer_next").click().run())
    assert at.title[0].value == i18n.text("ar", "thanks_title")
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(Response.language)).one() == "ar"
    ok(at.button(key="kiosk_0_done").click().run())
    assert at.session_state[_state.KIOSK_STATE].language == "fr"
    assert at.button(key="kiosk_1_begin").label == "Commencer"


def test_the_large_print_switch_is_on_every_screen_and_says_what_it_does(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    translated_questionnaire(sqlite_engine)
    monkeypatch.setenv("VERBATIM_MODE", "kiosk")
    at = ok(app().run())
    assert at.button(key="kiosk_0_print").label == "Agrandir le texte"
    ok(at.button(key="kiosk_0_print").click().run())
    assert at.button(key="kiosk_0_print").label == "Texte de taille normale"
    ok(at.button(key="kiosk_0_begin").click().run())
    assert at.button(key="kiosk_0_print").label == "Texte de taille normale"
    assert at.session_state[_state.KIOSK_STATE].large_print


def test_every_language_a_coordinator_can_translate_into_has_the_kiosks_own_words():
    from verbatim.survey.languages import LANGUAGES

    french = set(i18n.STRINGS["fr"])
    for code in LANGUAGES:
        assert i18n.has_interface(code), code
        assert set(i18n.STRINGS[code]) == french, code
        assert len(i18n.likert_labels(code)) == 5
    assert i18n.direction("ar") == "rtl" and i18n.direction("en") == "ltr"


def test_the_borne_page_tells_the_coordinator_which_languages_patients_get(
    sqlite_engine: Engine,
):
    translated_questionnaire(sqlite_engine)
    at = ok(ok(app().run()).switch_page("app_pages/kiosk_setup.py").run())
    captions = " ".join(c.value for c in at.caption)
    assert "Langues proposées aux patients : français, anglais, arabe." in captions
