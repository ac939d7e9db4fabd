"""The app through AppTest: every page opens; the builder and the paper form work."""

from __future__ import annotations

import pytest
from _apptest import COORDINATOR, COORDINATOR_PAGES, app, fill, ok
from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from app_pages import _state
from verbatim.db import session_scope
from verbatim.db.tables import Response
from verbatim.survey import questionnaires as svc


@pytest.fixture
def filled(sqlite_engine: Engine) -> Engine:
    """A published questionnaire with three responses (kiosk, paper) at two sites."""
    return fill(sqlite_engine)


# --- every page opens ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_every_page_opens_on_an_empty_database(page: str):
    at = ok(app().run())
    at = ok(at.switch_page(page).run())
    assert at.title, f"{page} shows no title"


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_every_page_opens_with_questionnaires_and_responses(page: str, filled: Engine):
    at = ok(app().run())
    at = ok(at.switch_page(page).run())
    assert at.title
    assert not at.error, [e.value for e in at.error]


def test_home_counts_what_was_collected(filled: Engine):
    at = ok(app().run())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Réponses"] == "3"
    assert metrics["Publiés"] == "1"
    assert metrics["Sites"] == "2"


# --- builder -------------------------------------------------------------------------------------


def _builder() -> AppTest:
    at = ok(app().run())
    return ok(at.switch_page("app_pages/questionnaires.py").run())


def _first_text_key(at: AppTest, suffix: str = "_text") -> str:
    return next(w.key for w in at.text_input if w.key and w.key.endswith(suffix))


def test_builder_creates_from_template_edits_and_publishes(sqlite_engine: Engine):
    at = _builder()
    at.selectbox(key="new_template").select("retour_hospitalisation")
    ok(at.button(key="new_from_template").click().run())
    assert "créé" in at.success[0].value
    with session_scope(sqlite_engine) as s:
        q = svc.get_questionnaire(s, slug="retour-hospitalisation")
        assert svc.published_version(s, questionnaire_id=q.id) is None

    at.text_input(key=_first_text_key(at)).input("Votre médecin a-t-il reçu le courrier ?")
    ok(at.button(key="save_False").click().run())
    assert "enregistrées" in at.success[0].value
    with session_scope(sqlite_engine) as s:
        version = svc.latest_version(s, questionnaire_id=q.id)
        assert version.status == "draft"
        first = svc.questions_of(s, version_id=version.id)[0]
        assert first.text == "Votre médecin a-t-il reçu le courrier ?"

    ok(at.button(key="save_True").click().run())
    assert "publiée" in at.success[0].value
    with session_scope(sqlite_engine) as s:
        assert svc.published_version(s, questionnaire_id=q.id).id == version.id


def test_builder_reorders_adds_and_deletes_questions(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins")
    at = _builder()
    draft = at.session_state[_state.BUILDER_DRAFT]
    first, _, third = (item["uid"] for item in draft["questions"][:3])
    ok(at.button(key=f"b_{first}_down").click().run())
    ok(at.button(key=f"b_{third}_del").click().run())
    ok(at.button(key="b_add").click().run())
    new_uid = at.session_state[_state.BUILDER_DRAFT]["questions"][-1]["uid"]
    at.text_input(key=f"b_{new_uid}_text").input("Un dernier mot ?")
    ok(at.button(key="save_False").click().run())
    with session_scope(sqlite_engine) as s:
        version = svc.latest_version(s, questionnaire_id=q.id)
        links = [x.link_id for x in svc.questions_of(s, version_id=version.id)]
        last = svc.questions_of(s, version_id=version.id)[-1]
    assert links[:3] == ["moyen_rdv", "delai", "teleconsultation"]
    assert "facilite" not in links
    assert (last.text, last.kind) == ("Un dernier mot ?", "long_text")


def test_builder_shows_the_french_message_when_a_question_has_no_text(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins")
    at = _builder()
    ok(at.button(key="b_add").click().run())
    ok(at.button(key="save_True").click().run())
    assert any("le texte de la question est vide" in e.value for e in at.error)


def test_builder_sets_a_show_if_condition_on_an_earlier_question(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="retour_hospitalisation")
    at = _builder()
    uid = at.session_state[_state.BUILDER_DRAFT]["questions"][6]["uid"]  # "probleme"
    at.selectbox(key=f"b_{uid}_si_q").select("qui_appeler")
    ok(at.run())
    at.selectbox(key=f"b_{uid}_si_v_qui_appeler").select("non")
    ok(at.button(key="save_False").click().run())
    with session_scope(sqlite_engine) as s:
        version = svc.latest_version(s, questionnaire_id=q.id)
        probleme = svc.questions_of(s, version_id=version.id)[6]
    assert probleme.show_if == {"question": "qui_appeler", "operator": "=", "value": "non"}


def test_builder_creates_an_empty_questionnaire(sqlite_engine: Engine):
    at = _builder()
    at.text_input(key="new_scratch_title").input("Vaccination grippe")
    ok(at.button(key="new_scratch").click().run())
    with session_scope(sqlite_engine) as s:
        q = svc.get_questionnaire(s, slug="vaccination-grippe")
        assert (
            len(svc.question_specs(s, version_id=svc.latest_version(s, questionnaire_id=q.id).id))
            == 1
        )


# --- paper form ----------------------------------------------------------------------------------


def _paper(filled: Engine) -> AppTest:
    at = ok(app().run())
    return ok(at.switch_page("app_pages/paper.py").run())


def _paper_key(at: AppTest, link_id: str) -> str:
    keys = [w.key for w in (*at.radio, *at.text_area) if w.key]
    return next(k for k in keys if k.endswith(f"_{link_id}"))


def _save(at):
    return next(b for b in at.button if b.label == "Enregistrer la réponse")


def test_paper_form_saves_a_response_and_clears_for_the_next_sheet(filled: Engine):
    at = _paper(filled)
    at.selectbox(key="paper_site").select("Pôle Nord")
    at.text_input(key="paper_context").input("consultation")
    at.radio(key=_paper_key(at, "acces")).set_value(2)
    at.radio(key=_paper_key(at, "accueil")).set_value(4)
    at.radio(key=_paper_key(at, "ecoute")).set_value(5)
    at.text_area(key=_paper_key(at, "ameliorer")).input("Plus de rendez-vous le soir.")
    ok(_save(at).click().run())
    assert "enregistrée" in at.success[0].value
    with session_scope(filled) as s:
        response = s.exec(select(Response).order_by(Response.id.desc())).first()
        assert response.channel == "paper" and response.context == "consultation"
        assert svc.find_site(s, name="Pôle Nord").id == response.site_id
        assert f"n° {response.id}" in at.success[0].value
    # a fresh, empty form; site and context stay
    assert at.radio(key=_paper_key(at, "acces")).value is None
    assert at.text_area(key=_paper_key(at, "ameliorer")).value == ""
    assert at.text_input(key="paper_context").value == "consultation"


def test_paper_form_keeps_the_answers_when_a_required_one_is_missing(filled: Engine):
    at = _paper(filled)
    at.radio(key=_paper_key(at, "acces")).set_value(2)
    at.text_area(key=_paper_key(at, "ameliorer")).input("Rien à signaler.")
    ok(_save(at).click().run())
    assert "obligatoire" in at.error[0].value
    assert at.text_area(key=_paper_key(at, "ameliorer")).value == "Rien à signaler."
    with session_scope(filled) as s:
        assert len(s.exec(select(Response)).all()) == 3


# --- FHIR and preview ----------------------------------------------------------------------------

FHIR_QUESTIONNAIRE = {
    "resourceType": "Questionnaire",
    "url": "https://cpts.example.fr/fhir/Questionnaire/vaccination",
    "status": "active",
    "title": "Vaccination en pharmacie",
    "item": [
        {"linkId": "vaccin", "text": "Avez-vous été vacciné à la pharmacie ?", "type": "boolean",
         "required": True},
        {"linkId": "avis", "text": "Qu'en avez-vous pensé ?", "type": "text",
         "enableWhen": [{"question": "vaccin", "operator": "=", "answerBoolean": True}]},
    ],
}  # fmt: skip


def test_builder_imports_a_fhir_questionnaire_and_offers_its_export(sqlite_engine: Engine):
    import json

    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins")
    at = _builder()
    assert at.get("download_button"), "the FHIR export of the open questionnaire"
    upload = json.dumps(FHIR_QUESTIONNAIRE).encode()
    at.file_uploader[0].set_value(("vaccination.json", upload, "application/fhir+json"))
    ok(at.run())
    ok(at.button(key="fhir_import").click().run())
    assert "importé" in at.success[0].value
    assert at.subheader[0].value == "Vaccination en pharmacie", "the builder opens the new one"
    with session_scope(sqlite_engine) as s:
        q = svc.get_questionnaire(s, slug=at.session_state[_state.BUILDER_SELECTED])
        questions = svc.questions_of(s, version_id=svc.latest_version(s, questionnaire_id=q.id).id)
    assert [(x.link_id, x.kind) for x in questions] == [("vaccin", "yes_no"), ("avis", "long_text")]
    assert questions[1].show_if["question"] == "vaccin"


def test_builder_preview_shows_each_screen_as_the_patient_sees_it(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins")
    at = _builder()
    preview = [b for b in at.button if b.key and b.key.startswith("preview_")]
    labels = {b.label for b in preview}
    assert {"Le jour même", "Oui", "Non", "Très satisfait"} <= labels
    assert all(b.disabled for b in preview)
    captions = " ".join(c.value for c in at.caption)
    assert "Écran 5 sur 8" in captions
    assert (
        "Affichée seulement si la réponse à « Avez-vous déjà fait une téléconsultation" in captions
    )


def test_editing_a_questionnaire_with_answers_makes_version_2(filled: Engine):
    at = _builder()
    assert "a déjà 3 réponse(s)" in at.info[0].value
    ok(at.button(key="save_False").click().run())
    assert at.success[0].value == "Aucune modification à enregistrer."
    at.text_input(key=_first_text_key(at)).input("Avez-vous obtenu un rendez-vous rapidement ?")
    ok(at.button(key="save_True").click().run())
    assert "Version 2 publiée" in at.success[0].value
    with session_scope(filled) as s:
        q = svc.get_questionnaire(s, slug="experience-msp")
        v1, v2 = svc.versions(s, questionnaire_id=q.id)
        assert (v1.status, v2.status) == ("archived", "published")
        assert svc.questions_of(s, version_id=v1.id)[0].text.startswith("Avez-vous eu facilement")
