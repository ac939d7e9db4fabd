"""Language of free-text answers: foreign answers are recognised, French ones stay French."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from verbatim.text.language import detect_language, language_name

ROOT = Path(__file__).resolve().parents[1]
LABELLED = yaml.safe_load((ROOT / "bench" / "data" / "languages.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("The receptionist was rude on the phone", "en", "anglais"),
        ("I waited two hours for my appointment", "en", "anglais"),
        ("La doctora es muy amable y me explicó todo", "es", "espagnol"),
        ("Esperei muito tempo para ser atendido", "pt", "portugais"),
        ("Attesa troppo lunga, ho aspettato due ore", "it", "italien"),
        ("Die Wartezeit war zu lang", "de", "allemand"),
        ("Doktor çok iyi, teşekkür ederim", "tr", "turc"),
        ("Ik moest erg lang wachten op mijn afspraak", "nl", "néerlandais"),
        ("الانتظار طويل جدا", "ar", "arabe"),
        ("پزشک خیلی مهربان بود", "fa", "persan"),
        ("Очень долго ждали приёма", "ru", "russe"),
        ("等待时间太长了", "zh", "chinois"),
    ],
)
def test_answers_in_another_language_are_recognised(text: str, code: str, name: str):
    found = detect_language(text)
    assert (found.code, found.name) == (code, name)
    assert not found.is_french


@pytest.mark.parametrize(
    "text",
    [
        "le médecin était top, very nice",
        "accueil au top, very nice and friendly staff",
        "merci, thank you",
        "Le kiné est cool et le feeling passe bien",
        "pas de place au parking le week-end",
        "le doc m'a dit: don't worry, mais j'étais inquiète quand même",
        "ya trop d'attente pcq le doc est en retard",
        "TRES BONNE PRISE EN CHARGE",
    ],
)
def test_french_with_english_words_or_slang_stays_french(text: str):
    assert detect_language(text).code == "fr"


@pytest.mark.parametrize(
    "text", ["RAS", "ok", "top", "super", "Nice", "good", "no comment", "", "-"]
)
def test_short_or_ambiguous_answers_stay_french(text: str):
    found = detect_language(text)
    assert found.is_french and found.name == "français"


def test_pseudonymisation_placeholders_are_no_evidence():
    assert detect_language("Please call me back at [TÉLÉPHONE] or [EMAIL]").code == "en"
    assert detect_language("[NOM] [DATE]", prior="fr").basis == "undetermined"


def test_the_chosen_language_decides_only_when_the_text_does_not():
    assert detect_language("Gracias", prior="es").code == "es"  # one word: the text says little
    assert detect_language("Gracias").code == "fr"  # undetermined without a prior
    assert detect_language("Gracias").basis == "undetermined"
    # the text wins over the kiosk's language, both ways
    assert detect_language("L'attente est trop longue", prior="en").code == "fr"
    assert detect_language("The waiting time was too long", prior="fr").code == "en"
    assert detect_language("شكرا", prior="fr").code == "ar"


def test_labelled_set_is_recognised():
    wrong = [
        (code, text, detect_language(text).code)
        for code, texts in LABELLED.items()
        for text in texts
        if detect_language(text).code != code
    ]
    assert wrong == []


def test_no_french_sample_answer_is_called_foreign():
    lines = (ROOT / "data" / "sample" / "responses.jsonl").read_text("utf-8").splitlines()
    called_foreign = [
        record["answers"][link]
        for record in map(json.loads, lines)
        for link, truth in record["truth"].items()
        if "language" not in truth and not detect_language(record["answers"][link]).is_french
    ]
    assert called_foreign == []


def test_sample_answers_in_another_language_are_recognised():
    lines = (ROOT / "data" / "sample" / "responses.jsonl").read_text("utf-8").splitlines()
    planted = [
        (truth["language"], detect_language(record["answers"][link]).code)
        for record in map(json.loads, lines)
        for link, truth in record["truth"].items()
        if "language" in truth
    ]
    assert len(planted) >= 8
    assert all(expected == found for expected, found in planted), planted


def test_detection_is_deterministic_and_names_are_french():
    texts = [t for texts in LABELLED.values() for t in texts]
    assert [detect_language(t) for t in texts] == [detect_language(t) for t in reversed(texts)][
        ::-1
    ]
    assert language_name("ar") == "arabe" and language_name(None) == "français"
    assert language_name("xx") == "xx"
