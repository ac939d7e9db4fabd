"""Easy-read advice: the French score, the warnings, the shipped templates and the builder."""

from __future__ import annotations

import pytest
import yaml
from _apptest import COORDINATOR, app, ok
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from app_pages import _state
from verbatim.db import session_scope
from verbatim.survey import jargon
from verbatim.survey import questionnaires as svc
from verbatim.survey import readability as rd
from verbatim.survey.templates import TEMPLATES_DIR, list_templates

JARGON_QUESTION = (
    "Êtes-vous satisfait de la prise en charge pluriprofessionnelle de votre parcours de soins ?"
)
EASY = "Avez-vous eu facilement un rendez-vous ?"
ADMINISTRATIVE = (
    "Comment évaluez-vous l'accessibilité organisationnelle des consultations proposées par "
    "l'établissement ?"
)


def codes(text: str, *, help_text: str = "") -> list[str]:
    return [issue.code for issue in rd.check_question(text, help_text=help_text)]


# --- the score ---------------------------------------------------------------------------------


def test_the_kandel_moles_formula_on_a_sentence_counted_by_hand():
    # « Le chat dort. »: 3 words, 1 sentence, 3 syllables
    assert rd.readability_score("Le chat dort.") == pytest.approx(207 - 1.015 * 3 - 73.6 * 1)
    # two sentences, 4 words, 7 syllables (ma-man é-crit, pa-pa lit)
    assert rd.readability_score("Maman écrit. Papa lit.") == pytest.approx(
        207 - 1.015 * 4 / 2 - 73.6 * 7 / 4
    )


def test_an_easy_question_scores_higher_than_an_administrative_one():
    easy, hard = rd.readability_score(EASY), rd.readability_score(ADMINISTRATIVE)
    assert easy > rd.MIN_SCORE > hard
    assert rd.assess(EASY).label in {"facile", "très facile"}
    assert rd.assess(ADMINISTRATIVE).label in {"difficile", "très difficile"}


def test_one_long_sentence_scores_lower_than_two_short_ones_with_the_same_words():
    two = rd.readability_score("Le chat dort. Le chien dort.")
    one = rd.readability_score("Le chat dort et le chien dort.")
    assert one < two


def test_the_caption_the_builder_shows():
    assessment = rd.assess(EASY)
    assert assessment.caption == f"Lisibilité : {assessment.score}/100 — {assessment.label}"
    assert 0 <= assessment.score <= 100
    assert rd.assess("   ").caption == "" and rd.assess("").issues == []


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("chat", 1),
        ("maison", 2),
        ("santé", 2),
        ("une", 1),  # silent final e
        ("votre", 1),
        ("journée", 2),
        ("choses", 1),  # silent -es
        ("parlent", 1),  # silent verb ending -ent
        ("souvent", 2),  # but a heard -ent
        ("facilement", 4),
        ("question", 2),  # « qu » is a consonant
        ("réalité", 4),  # é before a vowel starts a syllable
        ("naïf", 2),
        ("payer", 2),
        ("professionnels", 4),
        ("téléconsultation", 6),
        ("kinésithérapeute", 6),
        ("le", 1),
        ("12", 2),
    ],
)
def test_french_syllables(word: str, syllables: int):
    assert rd.count_syllables(word) == syllables


def test_words_are_counted_as_a_word_processor_counts_them():
    text = "Avez-vous pris rendez-vous à l'hôpital ?"
    assert rd.count_words(text) == 5
    assert rd.formula_words(text) == ["Avez", "vous", "pris", "rendez", "vous", "à", "hôpital"]
    assert rd.formula_words("Vous a-t-il écouté ?") == ["Vous", "a", "il", "écouté"]


# --- each warning, on a realistic bad question and not on a good one ---------------------------


def test_a_long_question_is_flagged_with_its_word_count():
    long = (
        "Pendant votre dernière visite à la maison de santé, avez-vous trouvé que les horaires "
        "proposés pour les rendez-vous vous convenaient ?"
    )
    issues = rd.check_question(long)
    assert "long_sentence" in [i.code for i in issues]
    assert "20 mots" in issues[0].message and "15 mots au plus" in issues[0].message
    assert codes("Les horaires vous conviennent-ils ?") == []


def test_a_very_long_text_is_flagged_even_in_short_sentences():
    text = (
        "Vous êtes venu à la maison de santé. Vous avez vu un soignant. Il vous a donné des "
        "conseils. Vous avez posé des questions. Avez-vous tout compris ?"
    )
    assert "long_text" in codes(text)
    assert "long_sentence" not in codes(text)


def test_a_hard_question_says_difficile_a_lire():
    issues = rd.check_question(ADMINISTRATIVE)
    hard = next(i for i in issues if i.code == "hard_to_read")
    assert hard.message.startswith("Difficile à lire")
    assert "hard_to_read" not in codes(EASY)


@pytest.mark.parametrize(
    "text",
    [
        "Avez-vous eu un rendez-vous rapidement ? Étiez-vous bien accueilli ?",
        "Comment avez-vous été accueilli et combien de temps avez-vous attendu ?",
        "Le médecin vous a-t-il écouté et avez-vous pu poser vos questions ?",
        "Qu'avez-vous apprécié et que pourrions-nous améliorer ?",
    ],
)
def test_two_questions_in_one_are_flagged(text: str):
    issues = rd.check_question(text)
    assert [i.code for i in issues] == ["several_questions"]
    assert "une seule question à la fois" in issues[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Avez-vous compris les informations sur votre santé et vos traitements ?",
        "Êtes-vous venu seul ou accompagné ?",
        "Avez-vous eu un problème après votre retour ? Racontez-nous.",
        "Combien de temps avez-vous attendu, entre 15 et 30 minutes ?",
    ],
)
def test_one_question_with_et_or_ou_is_not_flagged(text: str):
    assert "several_questions" not in codes(text)


def test_jargon_is_flagged_with_a_plainer_suggestion():
    issues = rd.check_question(JARGON_QUESTION)
    jargon = [i for i in issues if i.code == "jargon"]
    assert [i.found for i in jargon] == [
        "prise en charge",
        "pluriprofessionnelle",
        "parcours de soins",
    ]
    assert "Écrivez plutôt : « soins »" in jargon[0].message
    assert codes("Êtes-vous satisfait des soins ?") == []


def test_jargon_is_found_in_the_plural_and_without_accents():
    assert [i.found for i in rd.check_question("Les praticiens et la posologie ?")] == [
        "praticiens",
        "posologie",
    ]
    assert "jargon" in codes("Etes-vous satisfait de la therapeutique proposee ?")


def test_sigles_are_flagged_and_known_ones_are_not():
    issues = rd.check_question("Avez-vous vu l'IDE de la MSP ou un médecin du CHU ?")
    assert [(i.code, i.found) for i in issues] == [
        ("jargon", "IDE"),
        ("jargon", "MSP"),
        ("acronym", "CHU"),
    ]
    assert "infirmier" in issues[0].message
    assert "Le sigle « CHU »" in issues[2].message
    assert codes("Avez-vous reçu un SMS de rappel ?") == []
    # sigles match in capitals only: « âme » is not the AME
    assert codes("Avez-vous pris soin de votre âme ?") == []


@pytest.mark.parametrize(
    "text",
    [
        "N'êtes-vous pas insatisfait de l'accueil ?",
        "Ne pensez-vous pas que l'attente n'est pas trop longue ?",
    ],
)
def test_a_double_negation_is_flagged(text: str):
    issues = rd.check_question(text)
    assert [i.code for i in issues] == ["double_negation"]
    assert "forme positive" in issues[0].message


def test_one_negation_per_clause_is_not_a_double_negation():
    assert codes("N'importe quel soignant vous a-t-il aidé ?") == []
    assert codes("Votre avis ?", help_text="Ne répondez pas si vous ne savez pas.") == []


def test_the_help_text_is_checked_too_and_says_so():
    issues = rd.check_question(
        "Votre avis ?", help_text="Parlez-nous de votre prise en charge au secrétariat."
    )
    assert [(i.code, i.field) for i in issues] == [("jargon", "help_text")]
    assert issues[0].message.startswith("Dans l'aide : « prise en charge »")


def test_the_questionnaire_summary_names_the_questions_to_review():
    summary = rd.summarise(
        [(EASY, ""), (JARGON_QUESTION, ""), ("Voulez-vous ajouter autre chose ?", "")]
    )
    assert summary.total == 3 and summary.flagged == [2]
    assert summary.caption.startswith("Lisibilité moyenne : ")
    assert summary.caption.endswith("1 question(s) sur 3 à revoir (n° 2)")


def test_every_jargon_entry_has_a_suggestion():
    raw = yaml.safe_load(jargon.JARGON_FILE.read_text(encoding="utf-8"))
    for entry in raw["terms"]:
        assert entry["term"] and entry["suggestion"], entry
        # the suggestion itself is plain
        assert "jargon" not in codes(entry["suggestion"]), entry


# --- the shipped templates: the easy-read review ------------------------------------------------

TEMPLATE_QUESTIONS = [
    pytest.param(q.text, q.help_text, id=f"{t.name}.{q.link_id}")
    for t in list_templates()
    for q in t.questions
]


@pytest.mark.parametrize(("text", "help_text"), TEMPLATE_QUESTIONS)
def test_every_shipped_question_reads_easily(text: str, help_text: str):
    assert rd.check_question(text, help_text=help_text) == []


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: t.name)
def test_answer_labels_use_no_jargon_and_no_sigle(template):
    raw = yaml.safe_load((TEMPLATES_DIR / f"{template.name}.yaml").read_text(encoding="utf-8"))
    for question in raw["questions"]:
        for option in question.get("options") or []:
            assert set(option) == {"value", "label"}, option  # a comma in a label needs quotes
            issues = rd.check_question(str(option["label"]))
            assert not [i for i in issues if i.code in {"jargon", "acronym"}], option


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: t.name)
def test_every_template_speaks_to_the_patient_as_vous(template):
    texts = [template.title, template.description] + [q.text for q in template.questions]
    assert rd.check_question(template.description) == []
    for text in texts:
        assert not any(w.lower() in {"tu", "te", "ton", "ta", "tes"} for w in text.split()), text


# --- the builder, as the coordinator uses it ----------------------------------------------------


def _builder() -> AppTest:
    at = ok(app().run())
    return ok(at.switch_page("app_pages/questionnaires.py").run())


def test_the_builder_warns_on_jargon_as_the_coordinator_types(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp")
    at = _builder()
    assert not at.warning  # the shipped template reads easily
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Lisibilité : ") and "/100 — " in c for c in captions)
    assert any(c.startswith("Lisibilité moyenne : ") for c in captions)

    uid = at.session_state[_state.BUILDER_DRAFT]["questions"][0]["uid"]
    at.text_input(key=f"b_{uid}_text").input(JARGON_QUESTION)
    ok(at.run())
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert "« prise en charge » : terme de spécialiste" in warnings[0]
    assert "« soins »" in warnings[0]
    assert any("1 question(s) sur 9 à revoir (n° 1)" in c.value for c in at.caption)

    # advice never blocks saving
    ok(at.button(key="save_False").click().run())
    assert "enregistrées" in at.success[0].value
    with session_scope(sqlite_engine) as s:
        version = svc.latest_version(s, questionnaire_id=q.id)
        assert svc.questions_of(s, version_id=version.id)[0].text == JARGON_QUESTION
