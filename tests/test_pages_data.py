"""The answers and import pages through AppTest: filters, charts, deletion, export, import."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from _apptest import fill, ok, open_page
from sqlalchemy import Engine
from sqlmodel import select

from app_pages import _state
from verbatim.db import session_scope
from verbatim.db.tables import Answer, Response
from verbatim.survey import questionnaires as svc


@pytest.fixture
def filled(sqlite_engine: Engine) -> Engine:
    """A published questionnaire with three responses (kiosk, paper) at two sites."""
    return fill(sqlite_engine)


# --- answers -------------------------------------------------------------------------------------


def _answers():
    return open_page("app_pages/answers.py")


def test_answers_filters_by_site_and_draws_charts(filled: Engine):
    at = _answers()
    assert at.metric[0].value == "3"
    assert at.get("plotly_chart"), "the Likert chart is drawn"
    with session_scope(filled) as s:
        nord = svc.find_site(s, name="Pôle Nord").id
    at.selectbox(key="ans_site").select(nord)
    ok(at.run())
    assert at.metric[0].value == "1"
    table = at.dataframe[0].value
    assert list(table["Site"]) == ["Pôle Nord"]
    assert list(table["Que pourrions-nous améliorer ?"]) == ["Très bon accueil."]
    at.selectbox(key="ans_channel").select("paper")
    ok(at.run())
    assert at.metric[0].value == "0"


def test_answers_period_filter_counts_only_the_chosen_days(filled: Engine):
    at = _answers()
    assert at.metric[0].value == "3", "no period chosen: every response"
    at.date_input(key="ans_period").set_value((date(2020, 1, 1), date(2020, 12, 31)))
    ok(at.run())
    assert at.metric[0].value == "0"
    at.date_input(key="ans_period").set_value((date(2020, 1, 1), date.today()))
    ok(at.run())
    assert at.metric[0].value == "3"


def test_answers_deletes_one_response_only_after_confirmation(filled: Engine):
    at = _answers()
    assert at.button(key="ans_delete").disabled
    chosen = at.selectbox(key="ans_delete_id").value
    at.checkbox(key=f"ans_delete_confirm_{chosen}").check()
    ok(at.run())
    ok(at.button(key="ans_delete").click().run())
    assert at.success[0].value == f"Réponse n° {chosen} supprimée."
    assert at.metric[0].value == "2"
    with session_scope(filled) as s:
        assert s.get(Response, chosen) is None


def test_answers_exports_a_zip_of_csv_files(filled: Engine):

    at = _answers()
    ok(at.button(key="ans_export").click().run())
    assert at.get("download_button")
    archive = zipfile.ZipFile(io.BytesIO(at.session_state[_state.EXPORT_ZIP]))
    names = archive.namelist()
    assert "LISEZMOI.txt" in names
    assert all(name.endswith(".csv") for name in names if name != "LISEZMOI.txt")
    everything = b"".join(archive.read(n) for n in names).decode("utf-8-sig")
    assert "L'attente était trop longue." in everything


# --- import --------------------------------------------------------------------------------------

GOOGLE_FORMS_CSV = (
    "Horodateur,Site,Qu'avez-vous apprécié ?,Êtes-vous satisfait de l'accueil ?\n"
    "01/03/2026 10:00:00,MSP des Tilleuls,L'écoute du médecin,Très satisfait\n"
    "02/03/2026 11:30:00,Pôle Sud,Rien de particulier,Peu satisfait\n"
).encode()


def test_import_previews_then_stores_every_row(sqlite_engine: Engine):
    at = open_page("app_pages/imports.py")
    at.file_uploader[0].set_value(("reponses.csv", GOOGLE_FORMS_CSV, "text/csv"))
    ok(at.run())
    assert not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Réponses à importer"] == "2"
    with session_scope(sqlite_engine) as s:
        assert not s.exec(select(Response)).all(), "the preview writes nothing"
    ok(at.button(key="import_run").click().run())
    assert "2 réponse(s) importée(s)" in at.success[0].value
    with session_scope(sqlite_engine) as s:
        responses = s.exec(select(Response)).all()
        assert {r.channel for r in responses} == {"import"}
        assert svc.find_site(s, name="Pôle Sud") is not None
        texts = {a.text for a in s.exec(select(Answer)) if a.text}
    assert "L'écoute du médecin" in texts
    assert not at.file_uploader[0].value, "a fresh uploader for the next file"


def test_import_shows_the_french_message_of_a_bad_file(sqlite_engine: Engine):
    at = open_page("app_pages/imports.py")
    at.file_uploader[0].set_value(("vide.csv", b"", "text/csv"))
    ok(at.run())
    assert "est vide" in at.error[0].value


def test_import_column_mapping_can_ignore_an_unknown_column(filled: Engine):
    header = (
        "Horodateur;Avez-vous eu facilement un rendez-vous ?;"
        "Comment avez-vous été accueilli au secrétariat ?;"
        "Le professionnel vous a-t-il bien écouté ?;Couleur préférée;Que pourrions-nous améliorer ?"
    )
    data = f"{header}\n01/03/2026 10:00;4;5;5;bleu;Plus de créneaux le soir\n".encode()
    at = open_page("app_pages/imports.py")
    at.selectbox(key="import_questionnaire").select("experience-msp")
    at.file_uploader[0].set_value(("limesurvey.csv", data, "text/csv"))
    ok(at.run())
    assert "Couleur préférée" in at.error[0].value
    assert at.button(key="import_run").disabled
    column = next(w for w in at.selectbox if w.label == "Couleur préférée")
    column.select("ignore")
    ok(next(b for b in at.button if b.label == "Appliquer la correspondance").click().run())
    assert not at.error, [e.value for e in at.error]
    ok(at.button(key="import_run").click().run())
    assert "1 réponse(s) importée(s) dans « experience-msp »" in at.success[0].value
    with session_scope(filled) as s:
        assert {r.channel for r in s.exec(select(Response))} == {"kiosk", "paper", "import"}
