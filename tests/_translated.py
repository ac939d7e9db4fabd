"""A short published questionnaire translated into English and Arabic (Spanish left unfinished)."""

from __future__ import annotations

from _principals import COORDINATOR
from sqlalchemy import Engine

from verbatim.db import session_scope
from verbatim.db.tables import QuestionCreate, QuestionnaireCreate
from verbatim.survey import questionnaires as svc
from verbatim.survey.translations import save_translation

SLUG = "accueil"
QUESTIONS = [
    QuestionCreate(link_id="acces", text="Avez-vous eu facilement un rendez-vous ?",
                   kind="likert5", required=True),
    QuestionCreate(link_id="retour", text="Sortez-vous de l'hôpital ?", kind="yes_no"),
    QuestionCreate(link_id="attente", text="Combien de temps avez-vous attendu ?",
                   kind="single_choice", options=[
                       {"value": "moins_15", "label": "Moins de 15 minutes"},
                       {"value": "plus_15", "label": "Plus de 15 minutes"}]),
    QuestionCreate(link_id="ameliorer", text="Que pourrions-nous améliorer ?", kind="long_text",
                   polarity="negative"),
]  # fmt: skip

ARABIC = {
    "title": "تجربتك في دار الصحة",
    "items": {
        "acces": {"text": "هل حصلت على موعد بسهولة؟"},
        "retour": {"text": "هل خرجت من المستشفى مؤخرًا؟"},
        "attente": {
            "text": "كم من الوقت انتظرت؟",
            "options": {"moins_15": "أقل من 15 دقيقة", "plus_15": "أكثر من 15 دقيقة"},
        },
        "ameliorer": {"text": "ما الذي يمكننا تحسينه؟"},
    },
}
ENGLISH = {
    "title": "Your visit to the health centre",
    "items": {
        "acces": {"text": "Was it easy to get an appointment?"},
        "retour": {"text": "Are you just out of hospital?"},
        "attente": {
            "text": "How long did you wait?",
            "options": {"moins_15": "Less than 15 minutes", "plus_15": "More than 15 minutes"},
        },
        "ameliorer": {"text": "What could we do better?"},
    },
}


def translated_questionnaire(engine: Engine) -> int:
    """Publish the questionnaire with complete English and Arabic translations and a Spanish one
    with only its title; returns the published version's id."""
    with session_scope(engine, write=True) as s:
        q = svc.create_questionnaire(
            s,
            actor=COORDINATOR,
            data=QuestionnaireCreate(slug=SLUG, title="Votre visite à la maison de santé"),
            questions=QUESTIONS,
            publish=True,
        )
        for language, texts in (("en", ENGLISH), ("ar", ARABIC)):
            save_translation(
                s, actor=COORDINATOR, questionnaire_id=q.id, language=language, **texts
            )
        save_translation(
            s, actor=COORDINATOR, questionnaire_id=q.id, language="es",
            title="Su visita", items={"acces": {"text": "¿Obtuvo cita fácilmente?"}},
        )  # fmt: skip
        return svc.published_version(s, questionnaire_id=q.id).id
