"""A few answers written in another language than French, appended after the French sample.

Patients also answer in English, Arabic, Spanish or Portuguese. Verbatim sets such answers apart
from the French themes and lists them for a person to read; these records let the demo show it.
They are appended after the chronological records (their own random generator, so the French
records stay byte for byte the same) and dated in the last three months. Their truth is
``informative: false`` with no theme, plus ``language`` (ISO 639-1), so the theme benchmark skips
them and bench/language.py checks they are recognised.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sample_closed import closed_answers

# (questionnaire, free-text box, language, tone, text)
OTHER_LANGUAGE_ANSWERS = [
    ("experience_msp", "apprecie", "en", "positive",
     "The doctor was very kind and took the time to explain everything to me"),
    ("experience_msp", "ameliorer", "en", "negative",
     "I waited more than an hour and nobody told us why"),
    ("acces_soins", "commentaire_acces", "en", "negative",
     "It is hard to get an appointment when you don't speak French, the phone is always busy"),
    ("experience_msp", "apprecie", "es", "positive",
     "La doctora fue muy amable, me explicó todo con paciencia"),
    ("acces_soins", "commentaire_acces", "es", "negative",
     "Muy difícil conseguir una cita, siempre está todo lleno"),
    ("experience_msp", "apprecie", "ar", "positive", "الطبيب لطيف جدا ويشرح كل شيء"),
    ("experience_msp", "ameliorer", "ar", "negative", "الانتظار طويل جدا في قاعة الانتظار"),
    ("experience_msp", "ameliorer", "ar", "negative",
     "لا أحد يتكلم العربية في الاستقبال، من الصعب أن أشرح مشكلتي"),
    ("experience_msp", "apprecie", "pt", "positive",
     "Muito bom atendimento, a enfermeira foi muito simpática"),
    ("acces_soins", "commentaire_acces", "pt", "negative",
     "Esperei muito tempo para ser atendido, ninguém atende o telefone"),
]  # fmt: skip


def other_language_records(
    rng: random.Random,
    *,
    first_number: int,
    sites: list[str],
    moment: Callable[[], datetime],
    order: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """One response per answer of :data:`OTHER_LANGUAGE_ANSWERS`, numbered from ``first_number``.

    Args:
        rng: The generator's own random source for these records.
        first_number: Number of the first ``sample_id``.
        sites: Site names to pick from.
        moment: Draws a submission time (the generator's recent months).
        order: Link ids of each questionnaire, in display order.
    """
    records = []
    for number, (questionnaire, box, language, tone, text) in enumerate(
        OTHER_LANGUAGE_ANSWERS, start=first_number
    ):
        mood = "positive" if tone == "positive" else "negative"
        answers = closed_answers(rng, questionnaire, mood, {})
        answers[box] = text
        truth = {"themes": [], "informative": False, "serious": False, "tone": tone,
                 "language": language}  # fmt: skip
        records.append(
            {
                "sample_id": f"S{number:04d}",
                "questionnaire": questionnaire,
                "site": rng.choice(sites),
                "submitted_at": moment().strftime("%Y-%m-%dT%H:%M:%SZ"),
                "channel": "kiosk",
                "context": None,
                "external_id": None,
                "answers": {k: answers[k] for k in order[questionnaire] if k in answers},
                "truth": {box: truth},
            }
        )
    return records
