"""HL7 FHIR R4: questionnaires and responses out and back in, foreign resources, bad files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine, func
from sqlmodel import select

from verbatim.db import make_engine, session_scope, upgrade
from verbatim.db.tables import Answer, Questionnaire, Response
from verbatim.errors import VerbatimError
from verbatim.intake.submit import submit_response
from verbatim.survey import kinds
from verbatim.survey import questionnaires as svc
from verbatim.survey.fhir import (
    questionnaire_from_fhir,
    questionnaire_to_fhir,
    responses_from_fhir,
    responses_to_fhir,
)
from verbatim.survey.templates import list_templates

TEMPLATES = [t.name for t in list_templates()]

FOREIGN = {
    "resourceType": "Questionnaire",
    "url": "http://example.org/fhir/Questionnaire/sortie-ssr",
    "status": "active",
    "title": "Sortie de SSR",
    "item": [
        {"linkId": "intro", "type": "display", "text": "Merci de répondre."},
        {
            "linkId": "g1",
            "type": "group",
            "text": "Votre sortie",
            "item": [
                {"linkId": "infos", "type": "boolean", "text": "Aviez-vous les informations ?"},
                {
                    "linkId": "quoi",
                    "type": "choice",
                    "text": "Lesquelles manquaient ?",
                    "repeats": True,
                    "enableWhen": [{"question": "infos", "operator": "=", "answerBoolean": False}],
                    "answerOption": [
                        {"valueCoding": {"code": "trt", "display": "Traitement"}},
                        {"valueCoding": {"code": "rdv", "display": "Rendez-vous"}},
                        {"valueString": "Autre"},
                    ],
                },
            ],
        },
        {
            "linkId": "note",
            "type": "integer",
            "text": "Votre note sur 10",
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10},
            ],
        },
        {"linkId": "age", "type": "integer", "text": "Votre âge"},
        {
            "linkId": "mode",
            "type": "choice",
            "text": "Mode de sortie",
            "required": True,
            "answerOption": [
                {"valueCoding": {"code": "dom", "display": "Domicile"}},
                {"valueCoding": {"code": "ehpad", "display": "EHPAD"}},
            ],
        },
        {"linkId": "com", "type": "text", "text": "Un commentaire ?"},
    ],
}


def _count(session, table) -> int:
    return int(session.exec(select(func.count()).select_from(table)).one())


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_survives_a_round_trip(sqlite_engine: Engine, template: str):
    with session_scope(sqlite_engine, write=True) as s:
        original = svc.create_from_template(s, actor=COORDINATOR, template=template, publish=True)
        resource = json.loads(
            json.dumps(questionnaire_to_fhir(s, actor=COORDINATOR, questionnaire_id=original.id))
        )
        copy = questionnaire_from_fhir(
            s, actor=COORDINATOR, resource=json.dumps(resource), slug="copie"
        )
        before = svc.question_specs(
            s, version_id=svc.latest_version(s, questionnaire_id=original.id).id
        )
        after = svc.question_specs(s, version_id=svc.latest_version(s, questionnaire_id=copy.id).id)
    assert resource["url"] == f"urn:verbatim:questionnaire:{original.slug}"
    assert resource["status"] == "active" and resource["version"] == "1"
    assert [q.model_dump() for q in after] == [q.model_dump() for q in before]
    assert (copy.title, copy.description, copy.template) == (
        original.title,
        original.description,
        original.template,
    )


def test_kinds_map_to_standard_fhir_types(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        msp = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp")
        hosp = svc.create_from_template(
            s, actor=COORDINATOR, template="retour_hospitalisation", publish=True
        )
        acces = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        items = {
            i["linkId"]: i
            for q in (msp, hosp, acces)
            for i in questionnaire_to_fhir(s, actor=COORDINATOR, questionnaire_id=q.id)["item"]
        }
        assert (
            questionnaire_to_fhir(s, actor=COORDINATOR, questionnaire_id=msp.id)["status"]
            == "draft"
        )
    likert = items["acces"]
    assert likert["type"] == "choice"
    assert [o["valueCoding"]["code"] for o in likert["answerOption"]] == ["1", "2", "3", "4", "5"]
    assert [o["valueCoding"]["display"] for o in likert["answerOption"]] == kinds.LIKERT_LABELS
    scale = items["recommandation"]
    assert scale["type"] == "integer"
    bounds = {e["url"].rsplit("/", 1)[-1]: e.get("valueInteger") for e in scale["extension"]}
    assert (bounds["minValue"], bounds["maxValue"]) == (0, 10)
    assert items["ordonnance"]["type"] == "boolean"
    assert items["aides"]["type"] == "choice" and items["aides"]["repeats"] is True
    assert items["ameliorer"]["type"] == "text"
    assert items["teleconsultation_avis"]["enableWhen"] == [
        {"question": "teleconsultation", "operator": "=", "answerBoolean": True}
    ]


def test_a_foreign_questionnaire_imports_sensibly(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        q = questionnaire_from_fhir(
            s, actor=COORDINATOR, resource=json.dumps(FOREIGN).encode(), publish=True
        )
        questions = svc.questions_of(
            s, version_id=svc.published_version(s, questionnaire_id=q.id).id
        )
    assert q.slug == "sortie-ssr" and q.title == "Sortie de SSR"
    got = {x.link_id: x for x in questions}
    assert [x.link_id for x in questions] == ["infos", "quoi", "note", "age", "mode", "com"]
    assert got["infos"].kind == "yes_no"
    assert got["quoi"].kind == "multiple_choice"
    assert got["quoi"].options == [
        {"value": "trt", "label": "Traitement"},
        {"value": "rdv", "label": "Rendez-vous"},
        {"value": "Autre", "label": "Autre"},
    ]
    assert got["quoi"].show_if == {"question": "infos", "operator": "=", "value": "non"}
    assert got["note"].kind == "scale10"
    assert got["age"].kind == "short_text"
    assert got["mode"].kind == "single_choice" and got["mode"].required
    assert got["com"].kind == "long_text"
    # the foreign system's answers find the questionnaire by its URL's last segment
    answer = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "http://example.org/fhir/Questionnaire/sortie-ssr|2.0",
        "status": "completed",
        "authored": "2025-02-03",
        "item": [
            {
                "linkId": "g1",
                "item": [
                    {"linkId": "infos", "answer": [{"valueBoolean": False}]},
                    {
                        "linkId": "quoi",
                        "answer": [
                            {"valueCoding": {"code": "rdv"}},
                            {"valueString": "Autre"},
                        ],
                    },
                ],
            },
            {"linkId": "note", "answer": [{"valueInteger": 9}]},
            {"linkId": "age", "answer": [{"valueInteger": 81}]},
            {"linkId": "mode", "answer": [{"valueCoding": {"code": "ehpad"}}]},
        ],
    }
    with session_scope(sqlite_engine, write=True) as s:
        assert responses_from_fhir(s, actor=COORDINATOR, resource=answer) == 1
    with session_scope(sqlite_engine) as s:
        (row,) = _answers_by_link(s, q.id)
    assert row["at"] == datetime(2025, 2, 3, tzinfo=UTC)
    assert (row["infos"], row["quoi"], row["note"]) == ("Non", "Rendez-vous ; Autre", "9")
    assert (row["age"], row["mode"]) == ("81", "EHPAD")


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ('{"resourceType": "Questionnaire", "title": "x",\n "item": [}', "ligne 2"),
        ({"resourceType": "Patient", "name": "x"}, "« Patient »"),
        (
            {"resourceType": "Questionnaire", "title": "T", "item": [{"type": "string"}]},
            "« linkId »",
        ),
        (
            {
                "resourceType": "Questionnaire",
                "title": "T",
                "item": [{"linkId": "photo", "type": "attachment", "text": "Une photo"}],
            },
            "« photo »",
        ),
        (
            {
                "resourceType": "Questionnaire",
                "title": "T",
                "item": [{"linkId": "c", "type": "choice", "text": "Choix ?"}],
            },
            "« answerOption »",
        ),
        ({"resourceType": "Questionnaire", "item": [{"linkId": "a"}]}, "« title »"),
    ],
)
def test_bad_questionnaires_give_french_messages_and_change_nothing(
    sqlite_engine: Engine, resource, expected: str
):
    with pytest.raises(VerbatimError) as caught, session_scope(sqlite_engine, write=True) as s:
        questionnaire_from_fhir(s, actor=COORDINATOR, resource=resource)
    assert expected in str(caught.value)
    assert any(word in str(caught.value) for word in ("Ressource", "Élément", "JSON"))
    with session_scope(sqlite_engine) as s:
        assert _count(s, Questionnaire) == 0


def _answers_by_link(session, questionnaire_id: int) -> list[dict[str, str]]:
    """Each response's answers as people read them, ordered by date."""
    rows = []
    responses = session.exec(
        select(Response)
        .where(Response.questionnaire_id == questionnaire_id)
        .order_by(Response.submitted_at)
    )
    for r in responses:
        questions = {q.id: q for q in svc.questions_of(session, version_id=r.version_id)}
        answers = session.exec(select(Answer).where(Answer.response_id == r.id))
        shown = {}
        for a in answers:
            q = questions[a.question_id]
            stored = kinds.StoredValue(choice=a.choice, number=a.number, text=a.text)
            shown[q.link_id] = kinds.display_value(q.kind, q.options, stored)
        site = svc.list_sites(session)
        names = {x.id: x.name for x in site}
        rows.append(
            {"at": r.submitted_at.astimezone(UTC), "site": names.get(r.site_id), "ctx": r.context}
            | shown
        )
    return rows


def test_responses_round_trip_into_a_fresh_database(engine: Engine, tmp_path: Path):
    given = [
        {"facilite": 2, "delai": "mois", "moyen_rdv": ["telephone", "internet"],
         "teleconsultation": "oui", "teleconsultation_avis": 4,
         "commentaire_acces": "Le standard ne répond jamais le lundi matin."},
        {"facilite": 5, "delai": "jour", "teleconsultation": "non", "renoncement": "oui"},
        {"facilite": 3, "delai": "semaine", "teleconsultation": "non",
         "commentaire_libre": "Merci à toute l'équipe."},
    ]  # fmt: skip
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        site = svc.get_or_create_site(s, name="MSP des Tilleuls")
        version = svc.published_version(s, questionnaire_id=q.id)
        for day, answers in enumerate(given, start=1):
            submit_response(
                s,
                version=version,
                answers=answers,
                channel="kiosk",
                site_id=site.id,
                context="après une hospitalisation" if day == 1 else None,
                submitted_at=datetime(2025, 3, day, 9, 30, tzinfo=UTC),
            )
    with session_scope(engine) as s:
        questionnaire = json.dumps(
            questionnaire_to_fhir(s, actor=COORDINATOR, questionnaire_id=q.id)
        )
        bundle = json.dumps(
            responses_to_fhir(s, actor=COORDINATOR, questionnaire_id=q.id), ensure_ascii=False
        )
        expected = _answers_by_link(s, q.id)
    parsed = json.loads(bundle)
    assert parsed["type"] == "collection" and len(parsed["entry"]) == 3
    assert all("subject" not in e["resource"] for e in parsed["entry"])
    assert (
        parsed["entry"][0]["resource"]["questionnaire"]
        == "urn:verbatim:questionnaire:acces-soins|1"
    )

    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(fresh)
    try:
        with session_scope(fresh, write=True) as s:
            copy = questionnaire_from_fhir(
                s, actor=COORDINATOR, resource=questionnaire, publish=True
            )
            assert responses_from_fhir(s, actor=COORDINATOR, resource=bundle.encode()) == 3
        with session_scope(fresh) as s:
            assert _answers_by_link(s, copy.id) == expected
            channels = set(s.exec(select(Response.channel)))
            assert channels == {"import"}
        # the same bundle twice is refused and stores nothing more
        with (
            pytest.raises(VerbatimError, match="déjà été importée"),
            session_scope(fresh, write=True) as s,
        ):
            responses_from_fhir(s, actor=COORDINATOR, resource=bundle)
        with session_scope(fresh) as s:
            assert _count(s, Response) == 3
    finally:
        fresh.dispose()


def test_a_bad_response_in_a_bundle_stores_none_of_them(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(
            s, actor=COORDINATOR, template="retour_hospitalisation", publish=True
        )

    def qr(items, canonical="urn:verbatim:questionnaire:retour-hospitalisation"):
        return {"resource": {"resourceType": "QuestionnaireResponse", "questionnaire": canonical,
                             "status": "completed", "item": items}}  # fmt: skip

    good = [
        {"linkId": "courrier", "answer": [{"valueCoding": {"code": "oui"}}]},
        {"linkId": "ordonnance", "answer": [{"valueBoolean": True}]},
        {"linkId": "rdv_suivi", "answer": [{"valueBoolean": False}]},
        {"linkId": "qui_appeler", "answer": [{"valueBoolean": True}]},
        {"linkId": "satisfaction_retour", "answer": [{"valueCoding": {"code": "4"}}]},
    ]
    cases = {
        "n° 2 : « 7 » n'est pas une réponse possible": [
            *good[:4],
            {"linkId": "satisfaction_retour", "answer": [{"valueCoding": {"code": "7"}}]},
        ],
        "n° 2 : La question « douleur » n'existe pas": [
            *good,
            {"linkId": "douleur", "answer": [{"valueString": "oui"}]},
        ],
        "n° 2 : La question « Aviez-vous vos ordonnances": [
            i for i in good if i["linkId"] != "ordonnance"
        ],
    }
    for message, items in cases.items():
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [qr(good), qr(items)]}
        with pytest.raises(VerbatimError) as caught, session_scope(sqlite_engine, write=True) as s:
            responses_from_fhir(s, actor=COORDINATOR, resource=bundle)
        assert message in str(caught.value)
    bundle = {"resourceType": "Bundle", "entry": [qr(good, "http://example.org/Questionnaire/x")]}
    with (
        pytest.raises(VerbatimError, match="importez d'abord le questionnaire"),
        session_scope(sqlite_engine, write=True) as s,
    ):
        responses_from_fhir(s, actor=COORDINATOR, resource=bundle)
    with session_scope(sqlite_engine) as s:
        assert _count(s, Response) == 0 and _count(s, Answer) == 0
