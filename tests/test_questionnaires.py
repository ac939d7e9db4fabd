"""Questionnaires: templates, versions frozen by answers, publishing."""

from __future__ import annotations

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine

from verbatim.db import session_scope
from verbatim.db.tables import QuestionCreate
from verbatim.errors import VerbatimError
from verbatim.intake.submit import submit_response
from verbatim.survey import questionnaires as svc
from verbatim.survey.templates import list_templates


def test_three_french_templates_are_shipped():
    names = {t.name for t in list_templates()}
    assert names == {"experience_msp", "retour_hospitalisation", "acces_soins"}
    msp = next(t for t in list_templates() if t.name == "experience_msp")
    texts = [q.text for q in msp.questions]
    assert "Qu'avez-vous apprécié ?" in texts
    assert "Que pourrions-nous améliorer ?" in texts


def test_editing_a_version_with_answers_makes_a_new_version(engine: Engine):
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        v1 = svc.published_version(s, questionnaire_id=q.id)
        submit_response(
            s, version=v1, channel="paper", answers={"acces": 4, "accueil": 5, "ecoute": 5}
        )
    with session_scope(engine, write=True) as s:
        specs = svc.question_specs(s, version_id=v1.id)
        specs[0].text = "Avez-vous obtenu un rendez-vous rapidement ?"
        v2 = svc.save_questions(s, actor=COORDINATOR, questionnaire_id=q.id, questions=specs)
        assert v2.number == 2
        # the published version patients answer is still version 1 until v2 is published
        assert svc.published_version(s, questionnaire_id=q.id).id == v1.id
        assert (
            svc.questions_of(s, version_id=v1.id)[0].text
            == "Avez-vous eu facilement un rendez-vous ?"
        )
        svc.publish_version(s, actor=COORDINATOR, questionnaire_id=q.id)
        assert svc.published_version(s, questionnaire_id=q.id).number == 2


def test_editing_a_version_without_answers_edits_it_in_place(engine: Engine):
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins")
        specs = svc.question_specs(s, version_id=svc.latest_version(s, questionnaire_id=q.id).id)
        v = svc.save_questions(
            s, actor=COORDINATOR, questionnaire_id=q.id, questions=list(reversed(specs[:2]))
        )
        assert v.number == 1
        assert [x.link_id for x in svc.questions_of(s, version_id=v.id)] == ["moyen_rdv", "delai"]


def test_show_if_must_point_at_an_earlier_question(engine: Engine):
    questions = [
        QuestionCreate(
            link_id="b",
            text="Pourquoi ?",
            kind="long_text",
            show_if={"question": "a", "operator": "=", "value": "non"},
        ),
        QuestionCreate(link_id="a", text="Satisfait ?", kind="yes_no"),
    ]
    with session_scope(engine, write=True) as s, pytest.raises(VerbatimError, match="Question 1"):
        svc.save_questions(
            s,
            actor=COORDINATOR,
            questionnaire_id=svc.create_from_template(
                s, actor=COORDINATOR, template="acces_soins"
            ).id,
            questions=questions,
        )
