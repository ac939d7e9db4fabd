"""The kiosk flow as plain logic: screens, show-if, back, required answers, inactivity reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine
from sqlmodel import select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, Response
from verbatim.errors import Msg, VerbatimError
from verbatim.survey import questionnaires as svc
from verbatim.survey.kiosk import (
    NOTICE,
    QUESTION,
    TEXT_SCREEN_FACTOR,
    THANKS,
    KioskFlow,
    KioskQuestion,
    Step,
    load_flow,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _flow() -> KioskFlow:
    questions = [
        KioskQuestion(
            link_id="tele", text="Téléconsultation ?", kind="yes_no", required=True,
            options=(("oui", "Oui"), ("non", "Non")),
        ),
        KioskQuestion(
            link_id="tele_avis", text="Satisfait de la téléconsultation ?", kind="likert5",
            options=tuple((i, str(i)) for i in range(1, 6)),
            show_if={"question": "tele", "operator": "=", "value": "oui"},
        ),
        KioskQuestion(
            link_id="aides", text="Aides ?", kind="multiple_choice",
            options=(("infirmier", "Infirmier"), ("kine", "Kiné"), ("aucune", "Aucune")),
        ),
        KioskQuestion(link_id="ameliorer", text="Que pourrions-nous améliorer ?", kind="long_text"),
    ]  # fmt: skip
    return KioskFlow.from_questions(questions, reset_seconds=20)


def _screens(flow: KioskFlow, answers: dict) -> list[str]:
    """Walk the whole flow with these answers and list the question screens seen."""
    state = flow.begin(flow.new_state(T0), T0)
    seen = []
    while True:
        seen.append(state.current)
        if state.current in answers:
            flow.set_answer(state, state.current, answers[state.current], T0)
        step = flow.next(state, T0)
        assert step is not Step.BLOCKED
        if step is Step.READY:
            return seen


def test_show_if_skips_a_question_whose_condition_is_not_met():
    flow = _flow()
    assert _screens(flow, {"tele": "non"}) == ["tele", "aides", "ameliorer"]
    assert _screens(flow, {"tele": "oui", "tele_avis": 4}) == [
        "tele", "tele_avis", "aides", "ameliorer",
    ]  # fmt: skip


def test_required_question_blocks_next_with_a_french_message():
    flow = _flow()
    state = flow.begin(flow.new_state(T0), T0)
    assert flow.next(state, T0) is Step.BLOCKED
    assert state.current == "tele"
    assert state.error == Msg.KIOSK_REQUIRED
    flow.set_answer(state, "tele", "non", T0)
    assert state.error is None
    assert flow.next(state, T0) is Step.MOVED
    # optional questions let the patient go on without answering
    assert state.current == "aides"
    assert flow.next(state, T0) is Step.MOVED
    assert flow.is_last(state)
    assert flow.next(state, T0) is Step.READY


def test_back_returns_to_the_previous_shown_question_then_the_notice():
    flow = _flow()
    state = flow.begin(flow.new_state(T0), T0)
    flow.set_answer(state, "tele", "non", T0)
    flow.next(state, T0)
    assert state.current == "aides"
    flow.back(state, T0)  # tele_avis is hidden: straight back to "tele"
    assert state.current == "tele"
    assert state.answers == {"tele": "non"}  # the answer is kept when going back
    flow.back(state, T0)
    assert state.screen == NOTICE


def test_changing_an_earlier_answer_drops_the_hidden_answer_from_the_submission():
    flow = _flow()
    state = flow.begin(flow.new_state(T0), T0)
    flow.set_answer(state, "tele", "oui", T0)
    flow.next(state, T0)
    flow.set_answer(state, "tele_avis", 2, T0)
    flow.back(state, T0)
    flow.set_answer(state, "tele", "non", T0)
    assert flow.answers_to_submit(state) == {"tele": "non"}
    assert flow.progress(state) == (1, 3)


def test_multiple_choice_toggles_keep_the_option_order():
    flow = _flow()
    state = flow.new_state(T0)
    flow.toggle_choice(state, "aides", "aucune", T0)
    flow.toggle_choice(state, "aides", "infirmier", T0)
    assert state.answers["aides"] == ["infirmier", "aucune"]
    flow.toggle_choice(state, "aides", "aucune", T0)
    flow.toggle_choice(state, "aides", "infirmier", T0)
    assert "aides" not in state.answers


def test_inactivity_mid_questionnaire_resets_and_drops_answers():
    flow = _flow()
    state = flow.begin(flow.new_state(T0), T0)
    flow.set_answer(state, "tele", "oui", T0)
    state, reset = flow.tick(state, T0 + timedelta(seconds=19))
    assert not reset and state.answers == {"tele": "oui"}
    state, reset = flow.tick(state, T0 + timedelta(seconds=20))
    assert reset
    assert state.screen == NOTICE and state.answers == {} and state.round == 1


def test_activity_postpones_the_reset():
    flow = _flow()
    state = flow.begin(flow.new_state(T0), T0)
    flow.set_answer(state, "tele", "oui", T0 + timedelta(seconds=15))
    assert not flow.expired(state, T0 + timedelta(seconds=30))
    assert flow.expired(state, T0 + timedelta(seconds=35))


def test_free_text_screens_wait_longer_because_typing_is_not_seen():
    flow = _flow()
    state = flow.begin(flow.new_state(T0), T0)
    flow.set_answer(state, "tele", "non", T0)
    flow.next(state, T0)
    flow.next(state, T0)
    assert flow.question(state).link_id == "ameliorer"
    assert not flow.expired(state, T0 + timedelta(seconds=21))
    assert flow.expired(state, T0 + timedelta(seconds=20 * TEXT_SCREEN_FACTOR))


def test_idle_notice_screen_never_resets():
    flow = _flow()
    state = flow.new_state(T0)
    state, reset = flow.tick(state, T0 + timedelta(hours=3))
    assert not reset and state.round == 0


def test_default_reset_delay_comes_from_settings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VERBATIM_KIOSK_RESET_SECONDS", "45")
    flow = KioskFlow.from_questions(_flow().questions)
    assert flow.reset_seconds == 45


def test_submit_stores_a_kiosk_response_then_thank_you_screen_resets(engine: Engine):
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        site = svc.get_or_create_site(s, name="MSP des Tilleuls")
        flow = load_flow(s, slug=q.slug)
    answers = {
        "delai": "semaine", "moyen_rdv": ["telephone"], "facilite": 4, "teleconsultation": "non",
        "renoncement": "non", "commentaire_acces": "Plus de créneaux le samedi matin.",
    }  # fmt: skip
    state = flow.begin(flow.new_state(T0), T0)
    while True:
        assert state.current != "teleconsultation_avis"
        if state.current in answers:
            flow.set_answer(state, state.current, answers[state.current], T0)
        if flow.next(state, T0) is Step.READY:
            break
    with session_scope(engine, write=True) as s:
        flow.submit(s, state, now=T0, site_id=site.id, context="consultation")
    assert state.screen == THANKS and state.answers == {}
    with session_scope(engine) as s:
        response = s.exec(select(Response)).one()
        assert (response.id, response.channel, response.site_id) == (
            state.response_id, "kiosk", site.id,
        )  # fmt: skip
        assert response.context == "consultation"
        stored = {
            question.link_id: answer
            for answer, question in s.exec(
                select(Answer, Question).join(Question, Answer.question_id == Question.id)
            )
        }
        assert stored["commentaire_acces"].text == "Plus de créneaux le samedi matin."
        assert stored["facilite"].number == 4
        assert "teleconsultation_avis" not in stored
    # the thank-you screen goes back to the notice after the reset delay
    state, reset = flow.tick(state, T0 + timedelta(seconds=flow.reset_seconds))
    assert reset and state.screen == NOTICE


def test_unpublished_questionnaire_has_no_kiosk_flow(engine: Engine):
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp")
        with pytest.raises(VerbatimError, match="n'est pas publié"):
            load_flow(s, slug=q.slug)


def test_kiosk_question_copies_likert_labels_from_the_stored_question(session):
    q = Question(link_id="a", text="Accueil ?", kind="likert5", version_id=1)
    copy = KioskQuestion.from_row(q)
    assert copy.options[0] == (1, "Pas du tout satisfait")
    assert copy.options[-1] == (5, "Très satisfait")
    flow = KioskFlow.from_questions([q], reset_seconds=20)
    state = flow.begin(flow.new_state(T0), T0)
    assert state.screen == QUESTION and flow.is_last(state)
