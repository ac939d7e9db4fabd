"""The kiosk through AppTest: a patient's whole questionnaire, required answers, the lock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from _apptest import COORDINATOR, COORDINATOR_PAGES, app, fill, ok
from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from app_pages import _state
from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, Response
from verbatim.survey import questionnaires as svc


@pytest.fixture
def filled(sqlite_engine: Engine) -> Engine:
    """A published questionnaire with three responses (kiosk, paper) at two sites."""
    return fill(sqlite_engine)


def _kiosk_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERBATIM_MODE", "kiosk")


# --- kiosk ---------------------------------------------------------------------------------------


def _kiosk_state(at: AppTest):
    return at.session_state[_state.KIOSK_STATE]


def _answer_kiosk(at: AppTest, answers: dict) -> list[str]:
    """Answer the kiosk screen by screen like a patient; returns the screens seen."""
    seen = []
    for _ in range(30):
        state = _kiosk_state(at)
        if state.screen != "question":
            return seen
        link, key = state.current, f"kiosk_{state.round}_{state.current}"
        seen.append(link)
        value = answers.get(link)
        if isinstance(value, str) and f"{key}_text" in [w.key for w in at.text_area]:
            at.text_area(key=f"{key}_text").input(value)
        elif isinstance(value, list):
            for item in value:
                ok(at.button(key=f"{key}_opt_{item}").click().run())
        elif value is not None:
            ok(at.button(key=f"{key}_opt_{value}").click().run())
        ok(at.button(key=f"{key}_next").click().run())
    raise AssertionError("the kiosk never finished")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def kiosk_db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A database with the "acces_soins" template published, on SQLite and on PostgreSQL."""
    engine = request.getfixturevalue(
        "pg_engine" if request.param == "postgres" else "sqlite_engine"
    )
    monkeypatch.setenv("VERBATIM_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    with session_scope(engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        svc.get_or_create_site(s, name="MSP des Tilleuls")
    yield engine


def test_kiosk_stores_a_full_questionnaire_with_channel_kiosk(kiosk_db, monkeypatch):
    _kiosk_mode(monkeypatch)
    at = app()
    at.query_params["site"] = "MSP des Tilleuls"
    at = ok(at.run())
    assert "anonyme" in at.markdown[0].value
    ok(at.button(key="kiosk_0_begin").click().run())
    answers = {
        "delai": "mois", "moyen_rdv": ["telephone", "internet"], "facilite": 2,
        "teleconsultation": "oui", "teleconsultation_avis": 5, "renoncement": "non",
        "commentaire_acces": "Répondre au téléphone avant 9 h.", "commentaire_libre": "Merci.",
    }  # fmt: skip
    seen = _answer_kiosk(at, answers)
    assert seen == list(answers)
    assert _kiosk_state(at).screen == "thanks"
    assert at.title[0].value == "Merci pour vos réponses !"
    with session_scope(kiosk_db) as s:
        response = s.exec(select(Response)).one()
        assert response.channel == "kiosk"
        assert response.site_id == svc.find_site(s, name="MSP des Tilleuls").id
        stored = {
            q.link_id: a
            for a, q in s.exec(select(Answer, Question).where(Answer.question_id == Question.id))
        }
    assert stored["commentaire_acces"].text == "Répondre au téléphone avant 9 h."
    assert stored["moyen_rdv"].choice == '["telephone", "internet"]'
    assert stored["teleconsultation_avis"].number == 5


def test_kiosk_required_question_blocks_and_show_if_skips(sqlite_engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
    at = ok(app().run())
    ok(at.button(key="kiosk_0_begin").click().run())
    ok(at.button(key="kiosk_0_delai_next").click().run())
    assert _kiosk_state(at).current == "delai"
    assert at.error[0].value == "Merci de répondre à cette question pour continuer."
    seen = _answer_kiosk(
        at, {"delai": "jour", "facilite": 4, "teleconsultation": "non", "renoncement": "non"}
    )
    assert "teleconsultation_avis" not in seen
    assert _kiosk_state(at).screen == "thanks"


def test_kiosk_back_button_and_inactivity_reset(sqlite_engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
    at = ok(app().run())
    ok(at.button(key="kiosk_0_begin").click().run())
    ok(at.button(key="kiosk_0_delai_opt_jour").click().run())
    ok(at.button(key="kiosk_0_delai_next").click().run())
    ok(at.button(key="kiosk_0_moyen_rdv_back").click().run())
    assert _kiosk_state(at).current == "delai"
    assert at.button(key="kiosk_0_delai_opt_jour").label == "✓ Le jour même"
    # the patient walks away: the next check brings the kiosk back to its notice, answers dropped
    state = _kiosk_state(at)
    state.last_activity -= timedelta(seconds=_state.settings().kiosk_reset_seconds + 1)
    ok(at.run())
    state = _kiosk_state(at)
    assert (state.screen, state.answers, state.round) == ("notice", {}, 1)
    assert at.button(key="kiosk_1_begin")


def test_kiosk_mode_shows_no_other_page(filled: Engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    at = ok(app().run())
    assert at.button(key="kiosk_0_begin")
    assert not at.sidebar.children
    for page in COORDINATOR_PAGES:
        with pytest.raises(ValueError, match="navigation page"):
            at.switch_page(page)
    assert not at.dataframe and not at.metric


def test_lan_kiosk_without_a_published_questionnaire_says_so(sqlite_engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    at = ok(app().run())
    assert "Aucun questionnaire n'est publié" in at.info[0].value


def test_borne_page_locks_this_session_until_the_exit_code(filled: Engine, monkeypatch):
    monkeypatch.delenv("VERBATIM_KIOSK_PIN", raising=False)
    at = ok(app().run())
    at = ok(at.switch_page("app_pages/kiosk_setup.py").run())
    assert at.image, "the QR code of the network kiosk is shown"
    at.text_input(key="kiosk_pin").input("12")
    ok(at.button(key="kiosk_start").click().run())
    assert "au moins 4" in at.error[0].value
    at.text_input(key="kiosk_pin").input("4321")
    ok(at.button(key="kiosk_start").click().run())
    # locked: only the kiosk, whatever page is asked for
    assert at.button(key="kiosk_0_begin")
    assert at.query_params[_state.LOCK_QUERY_PARAM]
    with pytest.raises(ValueError):
        at.switch_page("app_pages/answers.py")
    at.text_input(key="kiosk_exit_pin").input("0000")
    ok(at.button(key="kiosk_exit").click().run())
    assert at.button(key="kiosk_0_begin") and at.error[0].value == "Code incorrect."
    at.text_input(key="kiosk_exit_pin").input("4321")
    ok(at.button(key="kiosk_exit").click().run())
    assert at.title[0].value == "Borne"
    ok(at.switch_page("app_pages/answers.py").run())


def test_locked_session_stays_locked_after_a_reload(filled: Engine):
    at = ok(app().run())
    at = ok(at.switch_page("app_pages/kiosk_setup.py").run())
    at.text_input(key="kiosk_pin").input("4321")
    ok(at.button(key="kiosk_start").click().run())
    token = at.query_params[_state.LOCK_QUERY_PARAM]
    reloaded = app()  # a new browser session with the same address
    reloaded.query_params[_state.LOCK_QUERY_PARAM] = token
    ok(reloaded.run())
    assert reloaded.button(key="kiosk_0_begin")


def test_lan_kiosk_has_no_exit_button_without_a_pin(filled: Engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    monkeypatch.delenv("VERBATIM_KIOSK_PIN", raising=False)
    at = ok(app().run())
    assert not [b for b in at.button if b.key == "kiosk_exit"]
    monkeypatch.setenv("VERBATIM_KIOSK_PIN", "2468")
    at = ok(app().run())
    assert at.button(key="kiosk_exit")


def test_lan_kiosk_with_several_questionnaires_asks_which_one(sqlite_engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    monkeypatch.setenv("VERBATIM_KIOSK_PIN", "2468")
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        svc.create_from_template(
            s, actor=COORDINATOR, template="retour_hospitalisation", publish=True
        )
        svc.get_or_create_site(s, name="MSP des Tilleuls")
    at = ok(app().run())
    assert at.title[0].value == "Borne : choisir le questionnaire"
    at.selectbox[0].select("retour-hospitalisation")
    at.text_input[-1].input("0000")
    ok(at.button[-1].click().run())
    assert at.error[0].value == "Code incorrect."
    at.text_input[-1].input("2468")
    ok(at.button[-1].click().run())
    assert at.title[0].value == "Votre retour à la maison après l'hôpital"
    # the team leaves with the code: back to the set-up screen, never to other pages
    at.text_input(key="kiosk_exit_pin").input("2468")
    ok(at.button(key="kiosk_exit").click().run())
    assert at.title[0].value == "Borne : choisir le questionnaire"


def test_lan_kiosk_address_chooses_the_questionnaire(sqlite_engine, monkeypatch):
    _kiosk_mode(monkeypatch)
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        svc.create_from_template(
            s, actor=COORDINATOR, template="retour_hospitalisation", publish=True
        )
    at = app()
    at.query_params["questionnaire"] = "acces-soins"
    at.query_params["contexte"] = "consultation"
    ok(at.run())
    assert at.title[0].value == "L'accès aux soins et la téléconsultation"
    assert at.session_state[_state.KIOSK_SETUP].context == "consultation"


def test_a_lock_unknown_to_the_server_still_shows_only_the_kiosk(filled: Engine):
    at = app()  # e.g. the tablet reloads after the server restarted: its token is forgotten
    at.query_params[_state.LOCK_QUERY_PARAM] = "forgotten-token"
    ok(at.run())
    assert at.button(key="kiosk_0_begin")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/answers.py")
