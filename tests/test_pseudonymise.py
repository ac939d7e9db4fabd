"""Pseudonymisation of free text with the real French model: what is redacted, what stays."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from verbatim.text import pseudonymise as module
from verbatim.text.pii_names import resources
from verbatim.text.pseudonymise import pseudonymise, pseudonymise_many

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rappelez-moi au 06 12 34 56 78 svp", "Rappelez-moi au [TÉLÉPHONE] svp"),
        ("mon portable 06.12.34.56.78", "mon portable [TÉLÉPHONE]"),
        ("0612345678 c'est mon numéro", "[TÉLÉPHONE] c'est mon numéro"),
        ("joignable au +33 6 12 34 56 78.", "joignable au [TÉLÉPHONE]."),
        ("fixe : +33 (0)1 23 45 67 89", "fixe : [TÉLÉPHONE]"),
        ("Appelez le 01-23-45-67-89 le matin", "Appelez le [TÉLÉPHONE] le matin"),
        ("tel 06 12  34 5678 merci", "tel [TÉLÉPHONE] merci"),
        ("tél O6 12 34 56 78", "tél [TÉLÉPHONE]"),  # letter O for a zero
        ("0033 6 12 34 56 78", "[TÉLÉPHONE]"),
    ],
)
def test_phone_numbers_in_their_usual_spellings(text: str, expected: str) -> None:
    assert pseudonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Écrivez-moi à jean.dupont@gmail.com svp", "Écrivez-moi à [EMAIL] svp"),
        ("mail : jean.dupont @ orange.fr", "mail : [EMAIL]"),
        ("contact marie_l75[at]laposte.net merci", "contact [EMAIL] merci"),
        ("dupont @ free . fr", "[EMAIL]"),
    ],
)
def test_email_addresses_also_with_spaces_or_at(text: str, expected: str) -> None:
    assert pseudonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon numéro de sécu 1 85 05 78 006 084 36", "mon numéro de sécu [NIR]"),
        ("NIR 185057800608436 illisible", "NIR [NIR] illisible"),
        ("carte vitale 2 85 2A 078 006 084 refusée", "carte vitale [NIR] refusée"),
        ("numéro 2 72 06 6 9 583 524 40", "numéro [NIR]"),  # odd spacing
    ],
)
def test_social_security_numbers(text: str, expected: str) -> None:
    assert pseudonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je suis née le 12/03/1950.", "Je suis née le [DATE]."),
        ("date de naissance : 12 mars 1950", "date de naissance : [DATE]"),
        ("DDN 12.03.50", "DDN [DATE]"),
        ("né en 1947, suivi depuis longtemps", "né en [DATE], suivi depuis longtemps"),
        ("mon anniversaire, le 1er avril 1962", "mon anniversaire, le [DATE]"),
    ],
)
def test_birth_dates_are_redacted(text: str, expected: str) -> None:
    assert pseudonymise(text) == expected


def test_other_dates_are_kept_for_the_analysis() -> None:
    text = "Rendez-vous du 12/03/2024 annulé, puis reporté au 3 avril 2024."
    assert pseudonymise(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'habite 12 rue des Lilas depuis 20 ans.", "J'habite [ADRESSE] depuis 20 ans."),
        ("au 3 bis avenue Jean Jaurès 75011 Paris svp", "au [ADRESSE] svp"),
        ("8 chemin des vignes, pas de bus", "[ADRESSE], pas de bus"),
        ("courrier parti au 2 place de la République", "courrier parti au [ADRESSE]"),
        ("7 impasse du Moulin 69003 Lyon", "[ADRESSE]"),
        ("45 bd Voltaire et le 2 allée des Tilleuls", "[ADRESSE] et le [ADRESSE]"),
    ],
)
def test_postal_addresses(text: str, expected: str) -> None:
    assert pseudonymise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le Dr Martin est super.", "Le Dr [NOM] est super."),
        ("J'ai vu le docteur dupont qui est top", "J'ai vu le docteur [NOM] qui est top"),
        ("Madame Lefebvre m'a bien expliqué", "Madame [NOM] m'a bien expliqué"),
        ("Mme Le Goff au secrétariat", "Mme [NOM] au secrétariat"),
        ("M. Durand a été parfait", "M. [NOM] a été parfait"),
        ("l'infirmière Julie est formidable", "l'infirmière [NOM] est formidable"),
        (
            "Merci à Julie et Thomas pour leur gentillesse",
            "Merci à [NOM] et [NOM] pour leur gentillesse",
        ),
        ("Très bon suivi par Nathalie Bernard, kiné.", "Très bon suivi par [NOM], kiné."),
        ("Merci à Yasmina pour sa patience", "Merci à [NOM] pour sa patience"),
        ("grâce à julie j'ai eu un rendez-vous", "grâce à [NOM] j'ai eu un rendez-vous"),
        ("le dr pelletier ne répond jamais", "le dr [NOM] ne répond jamais"),
        ("Mme Benali et M. Charrier sont souriants", "Mme [NOM] et M. [NOM] sont souriants"),
        ("Secrétaire Nathalie top", "Secrétaire [NOM] top"),
        ("La sage-femme Mme Benali", "La sage-femme Mme [NOM]"),
        ("Mon fils Lucas (8 ans) a été bien soigné", "Mon fils [NOM] (8 ans) a été bien soigné"),
        ("Je remercie Rodolphe marchetti", "Je remercie [NOM]"),
    ],
)
def test_person_names_from_the_model_titles_and_lexicons(text: str, expected: str) -> None:
    assert pseudonymise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Accueil très agréable.",
        "Merci",
        "Attente trop longue aux urgences.",
        "Rien à dire.",
        "RAS",
        "IDE très disponible, SAMU arrivé vite, consultation ORL rapide.",
        "Secrétariat injoignable, Attente interminable",
        "Le docteur est très gentil",
        "le docteur traitant est absent",
        "Le docteur de garde était là",
        "Médecin traitant à l'écoute",
        "Les Urgences de Lyon sont débordées",
        "Claire et précise, l'explication m'a rassurée.",
        "Merci Docteur ! Bravo à toute l'équipe",
        "Merci à Doctolib pour le rappel SMS",
        "Écoute, gentillesse, disponibilité.",
        "J'ai 72 ans et je viens depuis 1998.",
        "Rdv à 8h30, reçu à 10h, 3 semaines d'attente",
        "Le bus 12 ne passe plus, 10 euros de dépassement",
        "Mme la Directrice n'a jamais répondu",
        "La MSP de Saint-Martin est top",
        "Pas de parking rue de la Gare",
        "il faut attendre un mois pr consultation, pr voir son medecin",
        "",
        "   ",
    ],
)
def test_ordinary_answers_are_untouched(text: str) -> None:
    assert pseudonymise(text) == text


def test_staff_names_whatever_case_accents_and_order() -> None:
    staff = ["Kévin Dubreuil", "Anaëlle Quéméner"]
    text = (
        "Merci à kevin DUBREUIL, au Dr Dubreuil et à dr dubreuil ; "
        "Quemener Anaelle est adorable, madame quéméner aussi."
    )
    assert pseudonymise(text, staff_names=staff) == (
        "Merci à [NOM], au Dr [NOM] et à dr [NOM] ; [NOM] est adorable, madame [NOM] aussi."
    )


def test_several_identifiers_in_one_answer() -> None:
    text = (
        "Bonjour, je suis Mme Kowalski, née le 03/02/1948, 12 rue des Lilas 35000 Rennes, "
        "tél 06 12 34 56 78, mail k.kowalski@free.fr, sécu 2 48 02 35 238 012 44."
    )
    assert pseudonymise(text) == (
        "Bonjour, je suis Mme [NOM], née le [DATE], [ADRESSE], "
        "tél [TÉLÉPHONE], mail [EMAIL], sécu [NIR]."
    )


def test_batch_gives_the_same_result_as_one_by_one() -> None:
    texts = [
        "Le Dr Martin est super.",
        "",
        "Accueil très agréable.",
        "Rappelez-moi au 06 12 34 56 78",
        "Merci à Julie et à Sophie Martin",
        "J'habite 12 rue des Lilas",
    ] * 3
    staff = ["Sophie Martin"]
    assert pseudonymise_many(texts, staff_names=staff) == [
        pseudonymise(t, staff_names=staff) for t in texts
    ]


def test_progress_is_reported_for_long_batches() -> None:
    seen: list[int] = []
    texts = ["Merci au Dr Martin"] * 300
    out = pseudonymise_many(texts, progress=seen.append)
    assert out == ["Merci au Dr [NOM]"] * 300
    assert seen == [256, 300]


def test_long_answers_are_cut_for_the_model_without_losing_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module, "MAX_NER_CHARS", 200)
    text = "Très bien. " * 40 + "Merci à Nathalie Bernard pour tout."
    assert pseudonymise(text).endswith("Merci à [NOM] pour tout.")


def test_model_is_loaded_once_with_ner_only_and_shared_by_threads() -> None:
    res = resources()
    assert res.nlp.pipe_names == ["ner"]
    texts = [f"Merci au Dr Martin, appelez le 06 12 34 56 {10 + i}" for i in range(40)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(pseudonymise, texts))
    assert set(results) == {"Merci au Dr [NOM], appelez le [TÉLÉPHONE]"}
    assert resources() is res


def test_importing_the_module_does_not_load_spacy() -> None:
    code = (
        "import sys, verbatim.text.pseudonymise, verbatim.intake.submit, verbatim.cli; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
