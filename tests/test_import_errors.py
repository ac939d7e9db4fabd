"""Bad files and bad rows: a French message naming the line and the column, and nothing written."""

from __future__ import annotations

from dataclasses import replace

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine, func
from sqlmodel import select

from verbatim.config import get_settings
from verbatim.db import session_scope
from verbatim.db.tables import (
    Answer,
    AuditEvent,
    ImportBatch,
    Question,
    Questionnaire,
    Response,
    Site,
)
from verbatim.errors import VerbatimError
from verbatim.intake import files
from verbatim.intake.importer import preview_import, run_import
from verbatim.survey import questionnaires as svc

MSP_HEADER = "id;submitdate;Lieu;acces;accueil;ecoute;attente;recommandation;ameliorer"
GOOD_ROW = "1;14/03/2025 10:00;MSP Nord;4;5;5;Moins de 15 minutes;9;Le parking"


def _counts(engine: Engine) -> dict[str, int]:
    tables = (Response, Answer, Questionnaire, Question, Site, ImportBatch, AuditEvent)
    with session_scope(engine) as s:
        return {t.__name__: s.exec(select(func.count()).select_from(t)).one() for t in tables}


def _refused(engine: Engine, data: bytes, *, filename: str = "export.csv", **options) -> str:
    """Run the import, expect a refusal, check nothing changed; return the French message."""
    before = _counts(engine)
    with pytest.raises(VerbatimError) as caught, session_scope(engine, write=True) as s:
        run_import(s, actor=COORDINATOR, data=data, filename=filename, **options)
    assert _counts(engine) == before
    return str(caught.value)


@pytest.fixture
def msp(engine: Engine) -> Engine:
    """A database holding the published "experience-msp" questionnaire and one imported row."""
    with session_scope(engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        run_import(
            s,
            actor=COORDINATOR,
            data=f"{MSP_HEADER}\n{GOOD_ROW}\n".encode(),
            filename="premier.csv",
            questionnaire_slug="experience-msp",
        )
    return engine


# --- the file itself ---------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
FILE_CASES = [
    pytest.param(b"", "export.csv", "Le fichier « export.csv » est vide.", id="empty"),
    pytest.param(b"\xef\xbb\xbf\r\n\r\n", "export.csv", "est vide", id="blank-lines-only"),
    pytest.param(PNG, "export.csv", "n'est pas un fichier texte CSV", id="image"),
    pytest.param(
        b"a;b\n\x00\x01\x02\x03;x\n", "export.csv", "n'est pas un fichier texte", id="nul"
    ),
    pytest.param(b"PK\x03\x04 broken zip", "export.xlsx", "ni un classeur Excel", id="fake-xlsx"),
    pytest.param(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "export.xls",
        "ancien classeur Excel (.xls)",
        id="old-xls",
    ),
    pytest.param(
        b"Note;Commentaire\n4;Tr\xe8s bien\n5;Tr\x81s bien\n",
        "export.csv",
        "Le fichier « export.csv » n'est ni en UTF-8 ni en Windows-1252 (ligne 3)",
        id="neither-utf8-nor-cp1252",
    ),
    pytest.param(
        "Note;Commentaire\n4;Très bien\n".encode() + b"5;D\xe9\xe7u\n",
        "export.csv",
        "n'est ni en UTF-8 ni en Windows-1252 (ligne 3)",
        id="utf8-mixed-with-cp1252",
    ),
    pytest.param(
        b"Horodateur;Note;Commentaire\r\n",
        "export.csv",
        "Le fichier « export.csv » ne contient qu'une ligne d'en-tête, aucune réponse.",
        id="header-only",
    ),
    pytest.param(
        b"14/03/2025 10:00;4;Bien\n15/03/2025 11:00;5;Parfait\n",
        "export.csv",
        "Le fichier « export.csv » n'a pas de ligne d'en-tête.",
        id="no-header",
    ),
    pytest.param(
        b"Note;Commentaire;note\n4;Bien;5\n",
        "export.csv",
        "La colonne « note » apparaît deux fois dans l'en-tête.",
        id="duplicate-column",
    ),
    pytest.param(
        b"Note;Commentaire;Site\n4;Bien;Nord\n5;Parfait\n",
        "export.csv",
        "Ligne 3 : 2 cellules au lieu de 3 (colonnes de l'en-tête).",
        id="ragged-row",
    ),
    pytest.param(
        b'Note;Commentaire\n4;"Bien\nsur deux lignes"\n5;Parfait;en trop\n',
        "export.csv",
        "Ligne 4 : 3 cellules au lieu de 2",
        id="ragged-row-after-multiline-cell",
    ),
]


@pytest.mark.parametrize(("data", "filename", "expected"), FILE_CASES)
def test_a_malformed_file_is_refused_and_nothing_changes(
    sqlite_engine: Engine, data: bytes, filename: str, expected: str
):
    assert expected in _refused(sqlite_engine, data, filename=filename)


def test_a_5_mb_cell_is_refused_naming_its_line_and_column(sqlite_engine: Engine):
    data = b"Note;Commentaire\n4;Bien\n5;" + b"x" * 5_000_000 + b"\n"
    message = _refused(sqlite_engine, data)
    assert message.startswith("Ligne 3, colonne « Commentaire » : texte trop long (5000000")


def test_a_file_over_the_size_limit_is_refused(sqlite_engine: Engine, monkeypatch):
    small = replace(get_settings(), max_import_bytes=2 * 1024 * 1024)
    monkeypatch.setattr(files, "get_settings", lambda: small)
    data = b"Note;Commentaire\n" + b"4;Bien\n" * 400_000
    assert "dépasse la taille maximale (2 Mo)" in _refused(sqlite_engine, data)


def test_a_preview_of_an_unreadable_file_says_why(sqlite_engine: Engine):
    with (
        pytest.raises(VerbatimError, match="n'a pas de ligne d'en-tête"),
        session_scope(sqlite_engine) as s,
    ):
        preview_import(s, actor=COORDINATOR, data=b"1;2;3\n4;5;6\n", filename="x.csv")


# --- rows against a questionnaire (SQLite and PostgreSQL) --------------------------------------

ROW_CASES = [
    pytest.param(
        f"{MSP_HEADER};Âge\n2;15/03/2025;MSP Nord;4;5;5;;8;;60 ans\n",
        "Ligne 1, colonne « Âge » : cette colonne ne correspond à aucune question du "
        "questionnaire « experience-msp ».",
        id="unknown-column",
    ),
    pytest.param(
        f"{MSP_HEADER}\n2;15/03/2025;MSP Nord;4;5;5;;8;\n3;31/02/2025;MSP Nord;4;5;5;;8;\n",
        "Ligne 3, colonne « submitdate » : « 31/02/2025 » n'est pas une date reconnue.",
        id="bad-date",
    ),
    pytest.param(
        f"{MSP_HEADER}\n2;15/03/2025;MSP Nord;4;7;5;;8;\n",
        "Ligne 2, colonne « accueil » : « 7 » n'est pas une réponse possible (1 à 5",
        id="likert-out-of-scale",
    ),
    pytest.param(
        f"{MSP_HEADER}\n2;15/03/2025;MSP Nord;4;5;5;;11;\n",
        "Ligne 2, colonne « recommandation » : « 11 » n'est pas une réponse possible "
        "(nombre entier de 0 à 10).",
        id="scale10-out-of-scale",
    ),
    pytest.param(
        f"{MSP_HEADER}\n2;15/03/2025;MSP Nord;4;5;5;;beaucoup;\n",
        "Ligne 2, colonne « recommandation » : « beaucoup » n'est pas un nombre.",
        id="not-a-number",
    ),
    pytest.param(
        f"{MSP_HEADER}\n2;15/03/2025;MSP Nord;4;5;5;Deux heures;8;\n",
        "Ligne 2, colonne « attente » : « Deux heures » n'est pas une réponse possible "
        "(Moins de 15 minutes, De 15 à 30 minutes",
        id="unknown-choice",
    ),
    pytest.param(
        f"{MSP_HEADER}\n2;15/03/2025;MSP Nord;4;5;5;;8;\n3;16/03/2025;MSP Nord;4;;5;;8;Rien\n",
        "Ligne 3, colonne « accueil » : la question est obligatoire.",
        id="required-missing",
    ),
    pytest.param(
        f"{MSP_HEADER}\n{GOOD_ROW}\n",
        "Ligne 2, colonne « id » : l'identifiant « 1 » a déjà été importé.",
        id="external-id-already-imported",
    ),
    pytest.param(
        f"{MSP_HEADER}\n7;15/03/2025;Sud;4;5;5;;8;\n8;15/03/2025;Sud;4;5;5;;8;\n"
        "7;16/03/2025;Sud;3;5;5;;8;\n",
        "Ligne 4, colonne « id » : l'identifiant « 7 » apparaît déjà ligne 2.",
        id="external-id-twice-in-file",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ROW_CASES)
def test_a_bad_row_is_refused_naming_line_and_column(msp: Engine, text: str, expected: str):
    message = _refused(msp, text.encode(), questionnaire_slug="experience-msp")
    assert message.startswith(expected), message


def test_an_error_on_the_last_row_leaves_no_questionnaire_site_or_batch(engine: Engine):
    rows = [f"{day:02d}/03/2025 10:00;Site {day};{day % 5 + 1};Très bien" for day in range(1, 29)]
    rows.append("30/02/2025 10:00;Site neuf;4;Très bien")  # there is no 30 February
    text = "Horodateur;Site;Note;Commentaire\n" + "\n".join(rows) + "\n"
    message = _refused(engine, text.encode("cp1252"), filename="mars.csv")
    assert (
        message
        == "Ligne 30, colonne « Horodateur » : « 30/02/2025 10:00 » n'est pas une date reconnue."
    )
    with session_scope(engine) as s:
        assert svc.list_questionnaires(s) == [] and svc.list_sites(s) == []


def test_an_explicit_column_that_does_not_exist_is_named(sqlite_engine: Engine):
    text = f"{MSP_HEADER}\n{GOOD_ROW}\n"
    message = _refused(sqlite_engine, text.encode(), date_column="Date de visite")
    assert message == "La colonne « Date de visite » n'existe pas dans le fichier."


def test_a_file_of_empty_rows_is_refused(sqlite_engine: Engine):
    text = "Horodateur;Note;Commentaire\n14/03/2025;;\n15/03/2025;;\n"
    assert "aucune réponse : toutes ses lignes sont vides" in _refused(sqlite_engine, text.encode())


def test_a_required_question_without_a_column_is_named(msp: Engine):
    text = "id;submitdate;acces;accueil\n9;15/03/2025;4;5\n"
    message = _refused(msp, text.encode(), questionnaire_slug="experience-msp")
    assert message == (
        "La question obligatoire « Le professionnel vous a-t-il bien écouté ? » ne correspond "
        "à aucune colonne du fichier."
    )
