"""Translations of a questionnaire, and answers that keep their language (paper, import, export)."""

from __future__ import annotations

import csv
import re

import pytest
from _principals import COORDINATOR, REVIEWER
from sqlalchemy import Engine
from sqlmodel import Session, select

from verbatim.db import session_scope
from verbatim.db.tables import AuditEvent, QuestionCreate, QuestionnaireCreate, Response
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.intake.importer import preview_import, run_import
from verbatim.intake.paper import transcribe
from verbatim.intake.submit import submit_response
from verbatim.output.export import export_all
from verbatim.output.readme import README_NAME
from verbatim.survey import questionnaires as svc
from verbatim.survey import translations as tr
from verbatim.survey.responses import ResponseFilter, count_responses, list_responses

QUESTIONS = [
    QuestionCreate(
        link_id="acces", text="Avez-vous eu facilement un rendez-vous ?", kind="likert5",
        required=True, help_text="Pensez à votre dernier rendez-vous.",
    ),
    QuestionCreate(
        link_id="attente", text="Combien de temps avez-vous attendu ?", kind="single_choice",
        options=[
            {"value": "moins_15", "label": "Moins de 15 minutes"},
            {"value": "plus_15", "label": "Plus de 15 minutes"},
        ],
    ),
    QuestionCreate(link_id="revenir", text="Reviendrez-vous ?", kind="yes_no"),
    QuestionCreate(
        link_id="ameliorer", text="Que pourrions-nous améliorer ?", kind="long_text",
        polarity="negative",
    ),
]  # fmt: skip
ARABIC = {
    "title": "تجربتك في دار الصحة",
    "description": "استبيان مجهول الهوية.",
    "items": {
        "acces": {"text": "هل حصلت على موعد بسهولة؟", "help_text": "فكّر في موعدك الأخير."},
        "attente": {
            "text": "كم من الوقت انتظرت؟",
            "options": {"moins_15": "أقل من 15 دقيقة", "plus_15": "أكثر من 15 دقيقة"},
        },
        "revenir": {"text": "هل ستعود؟"},
        "ameliorer": {"text": "ماذا يمكننا أن نحسّن؟"},
    },
}
ENGLISH = {
    "title": "Your experience at the health centre",
    "description": "This questionnaire is anonymous.",
    "items": {
        "acces": {"text": "Was it easy to get an appointment?", "help_text": "Think of the last."},
        "attente": {
            "text": "How long did you wait?",
            "options": {"moins_15": "Less than 15 minutes", "plus_15": "More than 15 minutes"},
        },
        "revenir": {"text": "Will you come back?"},
        "ameliorer": {"text": "What could we improve?"},
    },
}


def _questionnaire(s: Session, *, publish: bool = True) -> int:
    q = svc.create_questionnaire(
        s,
        actor=COORDINATOR,
        data=QuestionnaireCreate(
            slug="experience", title="Votre expérience", description="Questionnaire anonyme."
        ),
        questions=QUESTIONS,
        publish=publish,
    )
    return int(q.id)


def _save(s: Session, qid: int, language: str, texts: dict, **extra) -> None:
    tr.save_translation(
        s, actor=COORDINATOR, questionnaire_id=qid, language=language, **texts, **extra
    )


def _version_id(s: Session, qid: int) -> int:
    return int(svc.latest_version(s, questionnaire_id=qid).id)


# --- the service ---------------------------------------------------------------------------------


def test_arabic_translation_is_stored_intact_and_offered_right_to_left(engine: Engine):
    with session_scope(engine, write=True) as s:
        qid = _questionnaire(s)
        _save(s, qid, "ar", ARABIC)
    with session_scope(engine) as s:
        row = tr.get_translation(s, questionnaire_id=qid, language="ar")
        vid = _version_id(s, qid)
        texts = tr.translated_texts(s, version_id=vid, language="ar")
        offered = tr.kiosk_languages(s, version_id=vid)
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "translation_save")).one()
    assert row.title == ARABIC["title"] and row.updated_by == COORDINATOR.label
    assert row.items["attente"]["options"]["plus_15"] == "أكثر من 15 دقيقة"
    assert offered == ["fr", "ar"]
    assert texts.direction == "rtl" and texts.language == "ar"
    assert texts.title == "تجربتك في دار الصحة" and texts.description == "استبيان مجهول الهوية."
    assert texts.questions["acces"] == tr.QuestionTexts(
        "هل حصلت على موعد بسهولة؟", "فكّر في موعدك الأخير.", {}
    )
    assert texts.questions["ameliorer"].text == "ماذا يمكننا أن نحسّن؟"  # shadda kept
    assert texts.questions["attente"].options == ARABIC["items"]["attente"]["options"]
    assert audit.actor == COORDINATOR.label and audit.detail["language"] == "ar"


def test_french_texts_come_from_the_questionnaire_itself(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
        texts = tr.translated_texts(s, version_id=_version_id(s, qid), language="fr")
        missing = tr.translated_texts(s, version_id=_version_id(s, qid), language="en")
    assert (texts.title, texts.direction) == ("Votre expérience", "ltr")
    assert texts.questions["attente"].options == {
        "moins_15": "Moins de 15 minutes",
        "plus_15": "Plus de 15 minutes",
    }
    assert texts.questions["revenir"].options == {}  # yes/no labels come from the kiosk
    assert missing is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"language": "xx"}, "Langue « xx » non prise en charge"),
        ({"language": "fr"}, "Le français est la langue d'origine"),
        (
            {"items": {"inconnue": {"text": "Unknown"}}},
            "la question « inconnue » n'existe pas dans la version 1",
        ),
        (
            {"items": {"attente": {"text": "Wait?", "options": {"demain": "Tomorrow"}}}},
            "Traduction de la question « Combien de temps avez-vous attendu ? » : le choix "
            "« demain » n'existe pas",
        ),
        (
            {"items": {"revenir": {"text": "Back?", "options": {"oui": "Yes"}}}},
            "Traduction de la question « Reviendrez-vous ? » : le choix « oui » n'existe pas "
            "(choix à traduire : aucun)",
        ),
        (
            {"items": {"ameliorer": {"text": "x" * 2001}}},
            "Traduction de la question « Que pourrions-nous améliorer ? » : texte trop long",
        ),
    ],
)
def test_bad_translations_are_refused_in_french_and_change_nothing(
    sqlite_engine: Engine, changes: dict, expected: str
):
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
    arguments = {"language": "en", **ENGLISH, **changes}
    with (
        pytest.raises(VerbatimError, match=re.escape(expected)),
        session_scope(sqlite_engine, write=True) as s,
    ):
        tr.save_translation(s, actor=COORDINATOR, questionnaire_id=qid, **arguments)
    with session_scope(sqlite_engine) as s:
        assert tr.translated_languages(s, questionnaire_id=qid) == []
        assert not s.exec(select(AuditEvent).where(AuditEvent.action == "translation_save")).all()


def test_a_reviewer_may_not_save_translations(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
    with (
        pytest.raises(PermissionDenied, match="ne permet pas de modifier les questionnaires"),
        session_scope(sqlite_engine, write=True) as s,
    ):
        tr.save_translation(s, actor=REVIEWER, questionnaire_id=qid, language="en", **ENGLISH)
    with session_scope(sqlite_engine) as s:
        assert tr.get_translation(s, questionnaire_id=qid, language="en") is None


def test_kiosk_offers_only_complete_languages(sqlite_engine: Engine):
    partial = {**ARABIC, "items": {**ARABIC["items"], "attente": {"text": "كم من الوقت انتظرت؟"}}}
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
        _save(s, qid, "en", ENGLISH)
        _save(s, qid, "ar", partial)
        vid = _version_id(s, qid)
        arabic = tr.status(s, version_id=vid, language="ar")
        assert tr.kiosk_languages(s, version_id=vid) == ["fr", "en"]
        assert tr.kiosk_languages(s, version_id=vid, interface={"fr", "ar"}) == ["fr"]
        assert tr.translated_texts(s, version_id=vid, language="ar") is None
        preview = tr.translated_texts(s, version_id=vid, language="ar", allow_incomplete=True)
        spanish = tr.status(s, version_id=vid, language="es")
    assert arabic.missing == ["attente"] and arabic.outdated == []
    states = {q.link_id: q for q in arabic.questions}
    assert states["attente"].missing == (
        "choix « Moins de 15 minutes »",
        "choix « Plus de 15 minutes »",
    )
    assert arabic.summary == "1 question(s) manquante(s)"
    # the preview shows what is there, French standing in for the missing choices
    assert preview.questions["attente"].text == "كم من الوقت انتظرت؟"
    assert preview.questions["attente"].options["moins_15"] == "Moins de 15 minutes"
    assert len(spanish.missing) == 4 and spanish.title_missing and not spanish.complete


def test_relabelled_satisfaction_scale_needs_its_own_labels_translated(sqlite_engine: Engine):
    labels = ["Jamais", "Rarement", "Parfois", "Souvent", "Toujours"]
    question = QuestionCreate(
        link_id="ecoute", text="Vous êtes-vous senti écouté ?", kind="likert5",
        options=[{"value": str(i), "label": label} for i, label in enumerate(labels, start=1)],
    )  # fmt: skip
    with session_scope(sqlite_engine, write=True) as s:
        q = svc.create_questionnaire(
            s, actor=COORDINATOR, data=QuestionnaireCreate(slug="ecoute", title="Écoute"),
            questions=[question],
        )  # fmt: skip
        vid = _version_id(s, q.id)
        _save(s, q.id, "en", {"title": "Listening", "items": {"ecoute": {"text": "Heard?"}}})
        before = tr.status(s, version_id=vid, language="en")
        english = ["Never", "Rarely", "Sometimes", "Often", "Always"]
        options = {str(i): label for i, label in enumerate(english, start=1)}
        items = {"ecoute": {"text": "Did you feel heard?", "options": options}}
        _save(s, q.id, "en", {"title": "Listening", "items": items})
        after = tr.translated_texts(s, version_id=vid, language="en")
    assert before.missing == ["ecoute"] and "choix « Jamais »" in before.questions[0].missing
    assert after.questions["ecoute"].options["5"] == "Always"


def test_translation_is_outdated_when_the_french_text_changes_in_a_new_version(
    sqlite_engine: Engine,
):
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
        _save(s, qid, "en", ENGLISH)
        v1 = svc.published_version(s, questionnaire_id=qid)
        submit_response(s, version=v1, channel="kiosk", answers={"acces": 4})  # v1 is frozen now
        edited = [q.model_copy() for q in QUESTIONS]
        edited[0] = edited[0].model_copy(
            update={"text": "Avez-vous eu un rendez-vous rapidement ?"}
        )
        edited.append(QuestionCreate(link_id="merci", text="Un dernier mot ?", kind="short_text"))
        v2 = svc.save_questions(s, actor=COORDINATOR, questionnaire_id=qid, questions=edited)
        assert v2.number == 2
        status = tr.status(s, version_id=v2.id, language="en")
        assert tr.kiosk_languages(s, version_id=v1.id) == ["fr", "en"]  # v1 is unchanged
        assert tr.kiosk_languages(s, version_id=v2.id) == ["fr"]
    assert status.outdated == ["acces"] and status.missing == ["merci"]
    assert dict((q.link_id, q.outdated) for q in status.questions)["acces"] == ("texte",)
    assert status.summary == "1 question(s) manquante(s) · 1 question(s) à revoir"

    # the other questions' translations carried over; saving the two fixes the version
    with session_scope(sqlite_engine, write=True) as s:
        items = {
            "acces": {"text": "Did you get an appointment quickly?", "help_text": "The last."},
            "merci": {"text": "A last word?"},
        }
        _save(s, qid, "en", {"title": ENGLISH["title"], "description": ENGLISH["description"],
                             "items": items}, version_id=v2.id)  # fmt: skip
        assert tr.status(s, version_id=v2.id, language="en").complete
        assert tr.kiosk_languages(s, version_id=v2.id) == ["fr", "en"]
        texts = tr.translated_texts(s, version_id=v2.id, language="en")
    assert texts.questions["attente"].options["plus_15"] == "More than 15 minutes"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("fr", "fr"), ("en-GB", "en"), ("pt_BR", "pt"), ("AR", "ar"), ("ara", "ar"),
        ("Anglais", "en"), ("العربية", "ar"), ("de-informal", "de"), ("", None), ("12", None),
    ],
)  # fmt: skip
def test_language_codes_are_read_from_what_survey_tools_write(value: str, code: str | None):
    assert tr.normalise_language(value) == code


# --- answers keep their language -----------------------------------------------------------------

LIME_HEADER = "id;submitdate;startlanguage;acces;attente;ameliorer"


def _lime(*rows: str) -> bytes:
    return ("\n".join([LIME_HEADER, *rows]) + "\n").encode("utf-8")


def test_import_keeps_the_limesurvey_start_language(engine: Engine):
    data = _lime(
        "1;2026-03-02 10:00:00;fr;4;moins_15;Rien",
        "2;2026-03-02 11:00:00;en-GB;5;plus_15;Nothing",
        "3;2026-03-02 12:00:00;ar;3;;لا شيء",
        "4;2026-03-02 13:00:00;;2;;",
    )
    with session_scope(engine, write=True) as s:
        _questionnaire(s)
        preview = preview_import(
            s, actor=COORDINATOR, data=data, filename="lime.csv", questionnaire_slug="experience"
        )
        assert preview.mapping["startlanguage"] == "@language" and preview.problem is None
        run_import(
            s, actor=COORDINATOR, data=data, filename="lime.csv", questionnaire_slug="experience"
        )
    with session_scope(engine) as s:
        found = dict(s.exec(select(Response.external_id, Response.language)).all())
        rows = list_responses(s, actor=COORDINATOR, filters=ResponseFilter(language="ar"))
        english = count_responses(s, actor=COORDINATOR, filters=ResponseFilter(language="en"))
    assert found == {"1": "fr", "2": "en", "3": "ar", "4": "fr"}
    assert [r.external_id for r in rows] == ["3"] and rows[0].language == "ar"
    assert rows[0].answers["Que pourrions-nous améliorer ?"] == "لا شيء"
    assert english == 1


def test_import_refuses_a_language_it_cannot_read_naming_line_and_column(sqlite_engine: Engine):
    data = _lime("1;2026-03-02 10:00:00;fr;4;;", "2;2026-03-02 11:00:00;??;5;;")
    with session_scope(sqlite_engine, write=True) as s:
        _questionnaire(s)
    with (
        pytest.raises(VerbatimError, match="Ligne 3, colonne « startlanguage » : « \\?\\? »"),
        session_scope(sqlite_engine, write=True) as s,
    ):
        run_import(
            s, actor=COORDINATOR, data=data, filename="l.csv", questionnaire_slug="experience"
        )
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(Response)).all() == []


def test_paper_transcription_and_export_keep_the_language(sqlite_engine: Engine, tmp_path):
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
        version = svc.published_version(s, questionnaire_id=qid)
        submit_response(s, version=version, channel="kiosk", answers={"acces": 5})
        paper = transcribe(
            s, actor=COORDINATOR, version=version, language="ar",
            answers={"acces": 2, "ameliorer": "الانتظار طويل جدا"},
        )  # fmt: skip
        paper_id = paper.id
    with session_scope(sqlite_engine) as s:
        assert s.get(Response, paper_id).language == "ar"
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "paper_transcribe")).one()
        export_all(s, actor=COORDINATOR, out_dir=tmp_path, questionnaire_slug="experience")
    assert audit.detail["language"] == "ar"
    with (tmp_path / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [(r["channel"], r["language"]) for r in rows] == [("Borne", "fr"), ("Papier", "ar")]
    assert rows[1]["Que pourrions-nous améliorer ?"] == "الانتظار طويل جدا"
    readme = (tmp_path / README_NAME).read_text(encoding="utf-8-sig")
    assert "  - language : Langue dans laquelle la personne a répondu" in readme
