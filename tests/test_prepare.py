"""Text preparation on spacy.blank("fr"): folding, empty answers, ideas, negation, tone cues."""

from __future__ import annotations

import pytest
import spacy

from verbatim.text.prepare import (
    content_terms,
    fold,
    is_non_informative,
    make_doc,
    negation_flags,
    split_ideas,
)
from verbatim.themes.embed import tone_cues
from verbatim.themes.label import suggest_label
from verbatim.themes.tone import answer_tone, idea_tone


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("fr")


def test_fold_tolerates_case_accents_apostrophes_and_stretched_letters():
    assert fold("TROOOP LONG, l’Attente à l'accueil") == "trop long, l'attente a l'accueil"
    assert fold("Médecin") == fold("medecin")


@pytest.mark.parametrize(
    "text",
    ["RAS", "r.a.s.", "Rien", "rien à signaler", "Non", "-", "…", "tout", "OK", "aucun", "  ", ""],
)
def test_non_informative_answers_are_recognised(text):
    assert is_non_informative(text)


@pytest.mark.parametrize(
    "text",
    ["Rien à redire sur l'accueil, parfait", "non, l'attente est trop longue", "Aucun suivi"],
)
def test_answers_with_content_are_informative(text):
    assert not is_non_informative(text)


def test_an_answer_is_split_into_its_ideas():
    assert split_ideas("L'attente était longue mais les infirmières adorables.") == [
        "L'attente était longue",
        "mais les infirmières adorables",
    ]
    assert split_ideas("Accueil top. Par contre, parking plein ; merci !") == [
        "Accueil top",
        "Par contre, parking plein",
    ]
    assert split_ideas("Trop cher + pas de parking") == ["Trop cher", "pas de parking"]
    assert split_ideas("RAS") == ["RAS"]
    assert split_ideas("") == []


def test_negation_marks_the_words_it_governs(blank):
    words = [fold(t.text) for t in blank("pas de rendez-vous de suivi, accueil correct")]
    flags = dict(zip(words, negation_flags(words), strict=True))
    assert flags["rendez-vous"] and flags["suivi"]
    assert not flags["accueil"] and not flags["correct"]


def test_negated_content_words_differ_from_plain_ones(blank):
    lacking = content_terms(make_doc(blank, "Pas de rendez-vous de suivi"))
    present = content_terms(make_doc(blank, "Rendez-vous de suivi"))
    assert [t.keyword for t in lacking] == ["pas_rendez-vous", "pas_suivi"]
    assert [t.keyword for t in present] == ["rendez-vous", "suivi"]


def test_stop_words_and_domain_words_are_not_content(blank):
    terms = [
        t.text for t in content_terms(blank("Bonjour docteur, merci pour l'écoute du médecin"))
    ]
    assert terms == ["écoute"]


def test_tone_cues_flip_under_negation():
    assert tone_cues(["pas", "de", "probleme"]) == (1, 0, 0)
    assert tone_cues(["secretaire", "pas", "aimable"]) == (0, 1, 0)
    assert tone_cues(["pas", "de", "suivi"]) == (0, 0, 1)


def test_tone_of_ideas_and_answers():
    assert idea_tone(0, 0, 1) == "negative"  # something lacks
    assert idea_tone(0, 0, 0, polarity="negative") == "negative"  # "what could be improved"
    assert idea_tone(0, 0, 0, satisfaction=0.9) == "positive"
    assert idea_tone(0, 0, 0) == "neutral"
    assert idea_tone(1, 1, 0) == "mixed"
    assert answer_tone(["negative", "positive"]) == "mixed"
    assert answer_tone(["neutral", "positive"]) == "positive"


def test_suggested_label_reads_as_french():
    assert suggest_label(["téléconsultation", "connexion", "vidéo", "appli"]) == (
        "Téléconsultation, connexion et vidéo"
    )
    assert suggest_label(["pas_suivi"]) == "Sans suivi"
    assert suggest_label([]) == "Thème sans mot-clé"
