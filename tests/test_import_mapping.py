"""Column matching, special columns, type inference, dates and delimiters of imported files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from verbatim.db.tables import QuestionCreate
from verbatim.intake.dates import parse_datetime
from verbatim.intake.files import read_table, sniff_delimiter
from verbatim.intake.inference import infer, infer_kind
from verbatim.intake.mapping import (
    detect_special,
    match_columns,
    parse_header,
)
from verbatim.survey.templates import load_template


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-14", datetime(2025, 3, 13, 23, 0, tzinfo=UTC)),
        ("2025-03-14 10:22:33", datetime(2025, 3, 14, 9, 22, 33, tzinfo=UTC)),  # LimeSurvey
        ("2025-07-14 10:22:33", datetime(2025, 7, 14, 8, 22, 33, tzinfo=UTC)),  # summer time
        ("2025-03-14T10:22:33+01:00", datetime(2025, 3, 14, 9, 22, 33, tzinfo=UTC)),
        ("14/03/2025", datetime(2025, 3, 13, 23, 0, tzinfo=UTC)),
        ("14/03/2025 10:22", datetime(2025, 3, 14, 9, 22, tzinfo=UTC)),
        ("14/03/2025 10:22:33", datetime(2025, 3, 14, 9, 22, 33, tzinfo=UTC)),  # Google Forms FR
        ("2025/03/14 10:22:33 UTC+1", datetime(2025, 3, 14, 9, 22, 33, tzinfo=UTC)),
        ("2025/03/14 10:22:33 PM GMT+1", datetime(2025, 3, 14, 21, 22, 33, tzinfo=UTC)),
        ("2025-03-14T09:00:00Z", datetime(2025, 3, 14, 9, 0, tzinfo=UTC)),
    ],
)
def test_dates_of_survey_tools_are_read_as_utc(text: str, expected: datetime):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "hier", "2025-13-01", "14/03/2025 25:00", ""])
def test_impossible_dates_are_refused(text: str):
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_limesurvey_and_google_header_shapes():
    code_text = parse_header("G01Q01. Votre avis ?")
    assert (code_text.code, code_text.text, code_text.option) == ("G01Q01", "Votre avis ?", None)
    sub = parse_header("Q1 [SQ001]")
    assert (sub.code, sub.option_code) == ("Q1", "SQ001")
    choice = parse_header("Comment avez-vous pris rendez-vous ? [Téléphone]")
    assert (choice.text, choice.option) == ("Comment avez-vous pris rendez-vous ?", "Téléphone")


def test_special_columns_are_recognised_by_their_usual_names():
    header = ["Horodateur", "ID de la réponse", "Lieu", "Parcours", "Note"]
    assert detect_special(header) == {
        "date": "Horodateur",
        "external_id": "ID de la réponse",
        "site": "Lieu",
        "context": "Parcours",
    }
    limesurvey = ["Response ID", "Date submitted", "Site", "Q1"]
    assert detect_special(limesurvey)["date"] == "Date submitted"
    assert detect_special(["submitdate", "startdate"])["date"] == "submitdate"
    # a column named explicitly wins; an unknown one is named in the error
    assert detect_special(header, date_column="Note")["date"] == "Note"


def test_columns_match_questions_by_id_text_and_folded_text():
    questions = load_template("experience_msp").questions
    header = [
        "acces",
        "Comment avez-vous été accueilli au secrétariat ?",
        "COMBIEN DE TEMPS AVEZ VOUS ATTENDU AVANT LA CONSULTATION",
        "ecoute. Le professionnel vous a-t-il bien écouté ?",
        "G07Q02. Que pourrions-nous améliorer ?",
        "Votre âge",
        "lastpage",
    ]
    matches = match_columns(header, questions, special={})
    assert [(m.role, m.link_id) for m in matches] == [
        ("question", "acces"),
        ("question", "accueil"),
        ("question", "attente"),
        ("question", "ecoute"),
        ("question", "ameliorer"),
        ("unknown", None),
        ("ignore", None),
    ]
    assert [m.how for m in matches[:3]] == ["identifiant", "texte exact", "texte approché"]


def test_multiple_choice_sub_columns_match_their_option():
    question = QuestionCreate(
        link_id="moyen",
        text="Moyen de prise de rendez-vous",
        kind="multiple_choice",
        options=[{"value": "tel", "label": "Téléphone"}, {"value": "web", "label": "Internet"}],
    )
    header = ["moyen [tel]", "Moyen de prise de rendez-vous [internet]", "moyen [Fax]"]
    matches = match_columns(header, [question], special={})
    assert [m.target for m in matches] == ["moyen[tel]", "moyen[web]", ""]
    assert matches[2].role == "unknown"


@pytest.mark.parametrize(
    ("header", "values", "kind"),
    [
        ("Satisfaction", ["1", "5", "3", "4"], "likert5"),
        ("Note de 0 à 10", ["1", "5", "3", "4"], "scale10"),
        ("Recommandation", ["0", "7", "10", "9"], "scale10"),
        ("Accueil", ["Très satisfait", "Peu satisfait", "satisfait"], "likert5"),
        ("Avis", ["Tout à fait d'accord", "Pas d'accord", "D'accord"], "likert5"),
        ("Pour vous ?", ["Oui", "non", "OUI", "Non"], "yes_no"),
        ("Seul ?", ["Y", "N", "Y"], "yes_no"),  # LimeSurvey's yes/no codes
        (
            "Moyen",
            ["Téléphone", "Internet", "Téléphone", "Internet", "Sur place", "Téléphone"],
            "single_choice",
        ),
        (
            "Moyens",
            ["Téléphone; Internet", "Internet", "Téléphone", "Sur place; Internet"],
            "multiple_choice",
        ),
        ("Ville", ["Lyon", "Paris", "Nantes"], "short_text"),
        (
            "Votre avis",
            ["Un accueil vraiment chaleureux et un médecin très attentif, merci"],
            "long_text",
        ),
        ("Commentaire", ["Bien", "Bien", "Bien", "Bien"], "long_text"),
        ("Rien encore", [], "short_text"),
    ],
)
def test_question_kinds_are_inferred_from_values(header: str, values: list[str], kind: str):
    assert infer_kind(header, values)[0] == kind


def test_a_relabelled_likert_scale_keeps_its_labels_in_order():
    kind, options = infer_kind("Accueil", ["Tout à fait d'accord", "Pas d'accord"])
    assert kind == "likert5"
    assert [o["label"] for o in options] == [
        "Pas du tout d'accord",
        "Pas d'accord",
        "Ni d'accord ni pas d'accord",
        "D'accord",
        "Tout à fait d'accord",
    ]


def test_infer_questions_from_a_limesurvey_header_with_sub_columns():
    text = (
        "id;G01Q01. Qu'avez-vous le moins aimé ?;G01Q02 [SQ001];G01Q02 [SQ002];"
        "Qu'avez-vous le plus apprécié ?\n"
        "1;L'attente;Y;;La gentillesse\n"
        "2;Le bruit;Y;Y;Le sourire\n"
    )
    table = read_table(text.encode(), filename="lime.csv")
    questions, _ = infer(table, skip={"id"})
    assert [(q.link_id, q.kind, q.polarity) for q in questions] == [
        ("g01q01", "long_text", "negative"),
        ("g01q02", "multiple_choice", None),
        ("qu_avez_vous_le_plus_apprecie", "long_text", "positive"),
    ]
    assert [o["label"] for o in questions[1].options] == ["SQ001", "SQ002"]


def test_delimiter_is_found_despite_commas_in_free_text():
    text = (
        "Horodateur;Commentaire, libre;Note\n"
        "14/03/2025;Bien, très bien, merci;4\n"
        "15/03/2025;Accueil, attente, parking;5\n"
    )
    assert sniff_delimiter(text) == ";"
    assert sniff_delimiter("a\tb\tc\n1\t2, 3\t4\n") == "\t"
    assert sniff_delimiter("Seule colonne\nvaleur\n") == ","


def test_a_limesurvey_export_gives_questions_named_by_their_codes():
    from pathlib import Path

    data = (Path(__file__).parent / "data" / "limesurvey_msp_cp1252.csv").read_bytes()
    table = read_table(data, filename="lime.csv")
    questions, _ = infer(table, skip={"id", "submitdate", "Lieu"})
    assert [(q.link_id, q.kind) for q in questions] == [
        ("acces", "likert5"),
        ("accueil", "likert5"),
        ("attente", "short_text"),  # three answers, three values: too few to call it a choice
        ("ecoute", "likert5"),
        ("information", "likert5"),
        ("recommandation", "scale10"),
        ("apprecie", "long_text"),
        ("ameliorer", "long_text"),
        ("g05q01", "short_text"),
    ]
    assert questions[0].text == "Avez-vous eu facilement un rendez-vous ?"
    assert [q.polarity for q in questions[6:8]] == ["positive", "negative"]
