"""The answers page's service: filters, RGPD deletion, counts of closed answers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine, func
from sqlmodel import select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, AuditEvent, Response
from verbatim.errors import VerbatimError
from verbatim.intake.submit import submit_response
from verbatim.survey import questionnaires as svc
from verbatim.survey.responses import (
    ResponseFilter,
    closed_question_summary,
    contexts,
    count_responses,
    delete_response,
    list_responses,
)

HOSPI = "après une hospitalisation"


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


@pytest.fixture
def msp(engine: Engine) -> dict:
    """Six responses to the MSP questionnaire at two sites, on paper and at the kiosk."""
    given = [
        # site, when, channel, context, answers
        ("Tilleuls", _at(3, 1), "kiosk", None, {"acces": 4, "accueil": 5, "ecoute": 5}),
        ("Tilleuls", _at(3, 15), "paper", HOSPI, {"acces": 2, "accueil": 3, "ecoute": 4,
         "ameliorer": "Trop d'attente au téléphone.", "recommandation": 6}),
        ("Tilleuls", _at(4, 2), "kiosk", None, {"acces": 5, "accueil": 5, "ecoute": 5,
         "recommandation": 10, "attente": "moins_15"}),
        ("Gare", _at(3, 10), "kiosk", "consultation de suivi", {"acces": 3, "accueil": 4,
         "ecoute": 2, "recommandation": 8}),
        ("Gare", _at(3, 31, 23), "paper", HOSPI, {"acces": 1, "accueil": 2, "ecoute": 3}),
        ("Gare", _at(4, 20), "kiosk", None, {"acces": 4, "accueil": 4, "ecoute": 4,
         "attente": "30_60"}),
    ]  # fmt: skip
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        version = svc.published_version(s, questionnaire_id=q.id)
        sites = {
            name: svc.get_or_create_site(s, name=f"MSP {name}").id for name in ("Tilleuls", "Gare")
        }
        ids = [
            submit_response(
                s,
                version=version,
                answers=answers,
                channel=channel,
                site_id=sites[site],
                context=context,
                submitted_at=when,
            ).id
            for site, when, channel, context, answers in given
        ]
    return {"engine": engine, "questionnaire": q, "sites": sites, "ids": ids}


def test_filters_by_site_period_channel_and_context(msp: dict):
    q, sites = msp["questionnaire"], msp["sites"]
    with session_scope(msp["engine"]) as s:

        def ids(**kw) -> list[int]:
            rows = list_responses(
                s, actor=COORDINATOR, filters=ResponseFilter(questionnaire_id=q.id, **kw)
            )
            assert count_responses(
                s, actor=COORDINATOR, filters=ResponseFilter(questionnaire_id=q.id, **kw)
            ) == len(rows)
            return [msp["ids"].index(r.id) for r in rows]

        assert ids() == [5, 2, 4, 1, 3, 0]  # newest first
        assert ids(site_id=sites["Gare"]) == [5, 4, 3]
        # whole days in French time: 31 March 23:00 UTC is already 1 April in Paris
        assert ids(since=date(2025, 3, 10), until=date(2025, 3, 31)) == [1, 3]
        assert ids(since=date(2025, 4, 1), until=date(2025, 4, 2)) == [2, 4]
        assert ids(since=_at(3, 15), until=_at(4, 2)) == [4, 1]
        assert ids(channel="paper") == [4, 1]
        assert ids(context=HOSPI, site_id=sites["Tilleuls"]) == [1]
        assert contexts(s) == ["après une hospitalisation", "consultation de suivi"]


def test_rows_show_answers_as_people_read_them(msp: dict):
    q = msp["questionnaire"]
    with session_scope(msp["engine"]) as s:
        rows = list_responses(
            s, actor=COORDINATOR, filters=ResponseFilter(channel="paper"), limit=1, offset=1
        )
    assert len(rows) == 1
    row = rows[0]
    assert (row.site_name, row.channel, row.context) == ("MSP Tilleuls", "paper", HOSPI)
    assert row.questionnaire_title == q.title
    assert row.submitted_at == _at(3, 15)
    assert list(row.answers) == [
        "Avez-vous eu facilement un rendez-vous ?",
        "Comment avez-vous été accueilli au secrétariat ?",
        "Le professionnel vous a-t-il bien écouté ?",
        "Sur une échelle de 0 à 10, recommanderiez-vous la maison de santé à un proche ?",
        "Que pourrions-nous améliorer ?",
    ]
    assert row.answers["Avez-vous eu facilement un rendez-vous ?"] == "2 – Peu satisfait"
    assert row.answers["Que pourrions-nous améliorer ?"] == "Trop d'attente au téléphone."


def test_deleting_a_response_removes_its_answers_and_is_audited(msp: dict):
    engine, target = msp["engine"], msp["ids"][1]
    with session_scope(engine, write=True) as s:
        delete_response(s, actor=COORDINATOR, response_id=target)
    with session_scope(engine) as s:
        assert s.get(Response, target) is None
        left = s.exec(select(func.count()).select_from(Answer).where(Answer.response_id == target))
        assert left.one() == 0
        assert count_responses(s, actor=COORDINATOR, filters=ResponseFilter()) == 5
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "response.delete")).one()
    assert (event.actor, event.object_type, event.object_id) == (
        "Claire C. (coordinateur)",
        "response",
        str(target),
    )
    assert event.detail["by"]["role"] == "coordinator"
    assert event.detail["answers"] == 5
    assert "attente" not in json.dumps(event.detail, ensure_ascii=False).casefold()
    with pytest.raises(VerbatimError, match="n'existe pas"), session_scope(engine, write=True) as s:
        delete_response(s, actor=COORDINATOR, response_id=target)


def test_summaries_count_each_option(msp: dict):
    q = msp["questionnaire"]
    with session_scope(msp["engine"]) as s:
        summaries = {
            x.link_id: x
            for x in closed_question_summary(
                s, actor=COORDINATOR, questionnaire_id=q.id, filters=ResponseFilter()
            )
        }
        gare = closed_question_summary(
            s,
            actor=COORDINATOR,
            questionnaire_id=q.id,
            filters=ResponseFilter(site_id=msp["sites"]["Gare"]),
        )
    assert list(summaries) == [
        "acces", "accueil", "attente", "ecoute", "information", "coordination", "recommandation"
    ]  # fmt: skip
    acces = summaries["acces"]
    assert [(o.value, o.label, o.count) for o in acces.options] == [
        (1, "Pas du tout satisfait", 1),
        (2, "Peu satisfait", 1),
        (3, "Moyennement satisfait", 1),
        (4, "Satisfait", 2),
        (5, "Très satisfait", 1),
    ]
    assert acces.answered == 6
    reco = summaries["recommandation"]
    assert reco.answered == 3 and [o.count for o in reco.options if o.count] == [1, 1, 1]
    assert [o.value for o in reco.options] == list(range(11))
    assert [(o.label, o.count) for o in summaries["attente"].options] == [
        ("Moins de 15 minutes", 1),
        ("De 15 à 30 minutes", 0),
        ("De 30 minutes à 1 heure", 1),
        ("Plus d'une heure", 0),
    ]
    assert summaries["information"].answered == 0
    assert next(x for x in gare if x.link_id == "acces").answered == 3


def test_summaries_follow_show_if_and_versions(engine: Engine):
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        v1 = svc.published_version(s, questionnaire_id=q.id)
        for tele, avis, ways in [("oui", 5, ["telephone"]), ("non", 2, ["internet", "sur_place"])]:
            # the second patient's "avis" is hidden by the show-if and must not count
            submit_response(
                s,
                version=v1,
                channel="kiosk",
                answers={"delai": "jour", "facilite": 4, "teleconsultation": tele,
                         "teleconsultation_avis": avis, "moyen_rdv": ways},
            )  # fmt: skip
        specs = svc.question_specs(s, version_id=v1.id)
        specs[0].text = "Sous quel délai avez-vous eu votre rendez-vous ?"
        specs[0].options = [*specs[0].options, {"value": "jamais", "label": "Jamais obtenu"}]
        svc.save_questions(s, actor=COORDINATOR, questionnaire_id=q.id, questions=specs)
        v2 = svc.publish_version(s, actor=COORDINATOR, questionnaire_id=q.id)
        submit_response(
            s,
            version=v2,
            channel="paper",
            answers={"delai": "jamais", "facilite": 1, "teleconsultation": "oui",
                     "teleconsultation_avis": 3, "moyen_rdv": ["telephone", "internet"]},
        )  # fmt: skip
    with session_scope(engine) as s:
        got = {
            x.link_id: x
            for x in closed_question_summary(
                s, actor=COORDINATOR, questionnaire_id=q.id, filters=ResponseFilter()
            )
        }
    assert "commentaire_acces" not in got  # free text is not summarised
    avis = got["teleconsultation_avis"]
    assert avis.answered == 2
    assert {o.value: o.count for o in avis.options} == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert {o.value: o.count for o in got["teleconsultation"].options} == {"oui": 2, "non": 1}
    delai = got["delai"]
    assert delai.text == "Sous quel délai avez-vous eu votre rendez-vous ?"
    assert [(o.value, o.count) for o in delai.options] == [
        ("jour", 2), ("semaine", 0), ("mois", 0), ("plus", 0), ("jamais", 1)
    ]  # fmt: skip
    ways = got["moyen_rdv"]
    assert ways.answered == 3
    assert {o.value: o.count for o in ways.options} == {
        "telephone": 2,
        "internet": 2,
        "sur_place": 1,
    }
    assert ways.share("telephone") == pytest.approx(2 / 3)
