"""Importing real-looking exports into a template questionnaire or a new one made from the header.

LimeSurvey (Windows-1252, ;), Google Forms (UTF-8, ,), a tab file with a BOM, an XLSX workbook.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _principals import COORDINATOR
from click.testing import CliRunner
from sqlalchemy import Engine, func
from sqlmodel import select

from verbatim.cli import main
from verbatim.db import session_scope
from verbatim.db.tables import (
    Answer,
    AuditEvent,
    ImportBatch,
    Question,
    QuestionCreate,
    Questionnaire,
    QuestionnaireCreate,
    Response,
    Site,
)
from verbatim.errors import VerbatimError
from verbatim.intake.importer import preview_import, run_import
from verbatim.survey import questionnaires as svc

DATA = Path(__file__).parent / "data"
LIME = "limesurvey_msp_cp1252.csv"
AGE = "G05Q01. Votre tranche d'âge"
AMELIORER = "ameliorer. Que pourrions-nous améliorer ?"


def _counts(engine: Engine) -> dict[str, int]:
    tables = (Response, Answer, Questionnaire, Question, Site, ImportBatch, AuditEvent)
    with session_scope(engine) as s:
        return {t.__name__: s.exec(select(func.count()).select_from(t)).one() for t in tables}


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _answers(engine: Engine, external_id: str) -> dict[str, Answer]:
    with session_scope(engine) as s:
        rows = s.exec(
            select(Question.link_id, Answer)
            .join(Answer, Answer.question_id == Question.id)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.external_id == external_id)
        ).all()
    return dict(rows)


def test_limesurvey_export_into_a_template_questionnaire(engine: Engine):
    with session_scope(engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
    data = (DATA / LIME).read_bytes()
    before = _counts(engine)
    with session_scope(engine, write=True) as s:
        preview = preview_import(
            s,
            actor=COORDINATOR,
            data=data,
            filename=LIME,
            questionnaire_slug="experience-msp",
            mapping={AGE: "ignore"},
        )
    assert _counts(engine) == before  # a preview writes nothing
    assert (preview.encoding_label, preview.delimiter_label) == ("Windows-1252", "point-virgule")
    targets = preview.mapping
    assert (
        targets["id"] == "@id" and targets["submitdate"] == "@date" and targets["Lieu"] == "@site"
    )
    assert targets["lastpage"] == "ignore" and targets[AGE] == "ignore"
    assert targets["acces. Avez-vous eu facilement un rendez-vous ?"] == "acces"
    assert targets[AMELIORER] == "ameliorer"
    assert preview.new_sites == ["MSP des Tilleuls", "Cabinet du Port"]
    assert preview.problem is None
    assert (preview.responses, preview.empty_rows, preview.undated_rows) == (3, 1, 1)
    # French accents of Windows-1252 read back intact, multi-line cell included
    assert "l'œil du patient" in preview.sample_rows[4][AMELIORER]
    assert "5 € de parking" in preview.sample_rows[4][AMELIORER]
    assert preview.sample_rows[1][AMELIORER].endswith(
        "trop long.\nEt le parking est souvent plein."
    )

    with session_scope(engine, write=True) as s:
        result = run_import(
            s,
            actor=COORDINATOR,
            data=data,
            filename=LIME,
            questionnaire_slug="experience-msp",
            mapping=preview.mapping,
        )
    assert (result.responses, result.undated_rows, result.empty_rows) == (3, 1, 1)
    assert result.new_sites == ["MSP des Tilleuls", "Cabinet du Port"]
    assert not result.created_questionnaire
    after = _counts(engine)
    assert after["Response"] == before["Response"] + 3
    assert after["Site"] == before["Site"] + 2
    assert after["Questionnaire"] == before["Questionnaire"]
    with session_scope(engine) as s:
        responses = s.exec(select(Response).order_by(Response.external_id)).all()
        sites = {site.id: site.name for site in s.exec(select(Site))}
        batch = s.get(ImportBatch, result.batch_id)
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert [r.external_id for r in responses] == ["101", "102", "104"]
    assert {r.channel for r in responses} == {"import"}
    assert {r.import_batch_id for r in responses} == {result.batch_id}
    assert [sites[r.site_id] for r in responses] == [
        "MSP des Tilleuls",
        "MSP des Tilleuls",
        "Cabinet du Port",
    ]
    # naive LimeSurvey times are Paris time: UTC+1 in January, UTC+2 in July
    assert _utc(responses[0].submitted_at) == datetime(2025, 1, 14, 9, 22, 33, tzinfo=UTC)
    assert _utc(responses[1].submitted_at) == datetime(2025, 7, 2, 16, 5, tzinfo=UTC)
    assert batch.rows == 3 and batch.filename == LIME
    assert audit.detail["responses"] == 3 and audit.detail["filename"] == LIME
    first = _answers(engine, "101")
    assert first["acces"].number == 5 and first["accueil"].number == 4
    assert first["attente"].choice == "moins_15"
    assert first["recommandation"].number == 9
    assert first["ameliorer"].text  # stored (pseudonymised)
    assert "information" not in _answers(engine, "102")  # empty cell: no answer


def test_google_forms_export_makes_a_new_published_questionnaire(sqlite_engine: Engine):
    name = "google_forms_utf8.csv"
    data = (DATA / name).read_bytes()
    with session_scope(sqlite_engine, write=True) as s:
        preview = preview_import(s, actor=COORDINATOR, data=data, filename=name)
    assert preview.creates_questionnaire and preview.questionnaire_slug == "google-forms-utf8"
    assert (preview.encoding, preview.delimiter) == ("utf-8", ",")
    kinds = {q.text: (q.kind, q.polarity) for q in preview.new_questions}
    assert kinds == {
        "Êtes-vous satisfait de l'accueil ?": ("likert5", None),
        "Sur une échelle de 0 à 10, recommanderiez-vous la MSP ?": ("scale10", None),
        "Êtes-vous venu(e) pour vous-même ?": ("yes_no", None),
        "Comment avez-vous pris rendez-vous ?": ("single_choice", None),
        "Comment nous contactez-vous ?": ("multiple_choice", None),
        "Qu'avez-vous apprécié ?": ("long_text", "positive"),
        "Que pourrions-nous améliorer ?": ("long_text", "negative"),
    }
    with session_scope(sqlite_engine, write=True) as s:
        result = run_import(s, actor=COORDINATOR, data=data, filename=name)
    assert result.created_questionnaire and result.responses == 6
    with session_scope(sqlite_engine) as s:
        questionnaire = svc.get_questionnaire(s, slug=result.questionnaire_slug)
        version = svc.published_version(s, questionnaire_id=questionnaire.id)
        questions = {q.text: q for q in svc.questions_of(s, version_id=version.id)}
        first = s.exec(select(Response).order_by(Response.submitted_at)).first()
    assert questionnaire.title == "Google forms utf8"
    assert _utc(first.submitted_at) == datetime(2025, 3, 14, 9, 22, 33, tzinfo=UTC)
    contact = questions["Comment nous contactez-vous ?"]
    assert [o["label"] for o in contact.options] == ["Téléphone", "Internet", "Sur place"]
    with session_scope(sqlite_engine) as s:
        chosen = s.exec(
            select(Answer.choice).where(
                Answer.question_id == contact.id, Answer.response_id == first.id
            )
        ).one()
    assert json.loads(chosen) == ["telephone", "internet"]


def test_tab_file_with_bom_french_dates_sites_and_context(sqlite_engine: Engine):
    name = "tab_bom_utf8.tsv"
    with session_scope(sqlite_engine, write=True) as s:
        result = run_import(s, actor=COORDINATOR, data=(DATA / name).read_bytes(), filename=name)
    # "msp des tilleuls" is the same site as "MSP des Tilleuls"
    assert result.new_sites == ["MSP des Tilleuls", "Maison de santé du Lac"]
    with session_scope(sqlite_engine) as s:
        responses = s.exec(select(Response).order_by(Response.submitted_at)).all()
        question = s.exec(select(Question).where(Question.text.startswith("Que pourrions"))).one()
        assert [s.get(Site, r.site_id).name for r in responses] == [
            "MSP des Tilleuls",
            "Maison de santé du Lac",
            "MSP des Tilleuls",
        ]
    assert [r.context for r in responses] == ["après une hospitalisation", None, "suivi chronique"]
    assert _utc(responses[0].submitted_at) == datetime(2025, 3, 14, 9, 22, tzinfo=UTC)
    assert _utc(responses[1].submitted_at) == datetime(2025, 3, 14, 23, 0, tzinfo=UTC)
    assert question.kind == "long_text" and question.polarity == "negative"


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_workbook_with_real_dates(sqlite_engine: Engine):
    data = _xlsx(
        [
            ["Date de soumission", "Site", "Note de 0 à 10", "Commentaire"],
            [datetime(2025, 3, 14, 10, 22, 33), "MSP Nord", 9, "Très bon accueil"],
            [datetime(2025, 8, 1, 8, 0), "MSP Nord", 4, None],
            [None, None, None, None],
            [datetime(2025, 8, 2, 12, 30), "MSP Sud", 10.0, "Médecin à l'écoute"],
        ]
    )
    with session_scope(sqlite_engine, write=True) as s:
        preview = preview_import(s, actor=COORDINATOR, data=data, filename="enquête été.xlsx")
        assert preview.kind == "xlsx" and preview.sample_rows[0]["Note de 0 à 10"] == "9"
        assert preview.sample_rows[0]["Date de soumission"] == "2025-03-14 10:22:33"
        result = run_import(s, actor=COORDINATOR, data=data, filename="enquête été.xlsx")
    assert (result.responses, result.empty_rows, result.questionnaire_slug) == (3, 1, "enquete-ete")
    with session_scope(sqlite_engine) as s:
        dates = [_utc(r.submitted_at) for r in s.exec(select(Response).order_by(Response.id))]
        kinds = {q.text: q.kind for q in s.exec(select(Question))}
    assert dates[0] == datetime(2025, 3, 14, 9, 22, 33, tzinfo=UTC)
    assert dates[1] == datetime(2025, 8, 1, 6, 0, tzinfo=UTC)
    assert kinds == {"Note de 0 à 10": "scale10", "Commentaire": "long_text"}


def test_mapping_sub_columns_and_renamed_columns_into_an_existing_questionnaire(
    sqlite_engine: Engine,
):
    questions = [
        QuestionCreate(link_id="note", text="Note globale", kind="likert5", required=True),
        QuestionCreate(
            link_id="moyen",
            text="Comment avez-vous pris rendez-vous ?",
            kind="multiple_choice",
            options=[
                {"value": "tel", "label": "Téléphone"},
                {"value": "web", "label": "Internet"},
                {"value": "place", "label": "Sur place"},
            ],
        ),
        QuestionCreate(link_id="remarque", text="Remarques", kind="long_text"),
    ]
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_questionnaire(
            s,
            actor=COORDINATOR,
            data=QuestionnaireCreate(slug="rdv", title="RDV"),
            questions=questions,
            publish=True,
        )
    text = (
        "Horodateur;Votre note;Comment avez-vous pris rendez-vous ? [Téléphone];"
        "COMMENT AVEZ-VOUS PRIS RENDEZ-VOUS ? [internet];remarques\n"
        "14/03/2025 10:00;4;Oui;;rien\n"
        "15/03/2025 10:00;Très satisfait;Oui;Oui;\n"
    )
    with session_scope(sqlite_engine, write=True) as s:
        preview = preview_import(
            s, actor=COORDINATOR, data=text.encode(), filename="rdv.csv", questionnaire_slug="rdv"
        )
        assert preview.unknown_columns == ["Votre note"]
        assert "Votre note" in (preview.problem or "")
        mapping = preview.mapping | {"Votre note": "note"}
        result = run_import(
            s,
            actor=COORDINATOR,
            data=text.encode(),
            filename="rdv.csv",
            questionnaire_slug="rdv",
            mapping=mapping,
        )
    assert result.responses == 2
    with session_scope(sqlite_engine) as s:
        rows = s.exec(
            select(Question.link_id, Answer.choice, Answer.number)
            .join(Answer, Answer.question_id == Question.id)
            .order_by(Answer.response_id, Question.position)
        ).all()
    assert rows[0] == ("note", None, 4) and rows[1] == ("moyen", '["tel"]', None)
    assert rows[3] == ("note", None, 5) and rows[4] == ("moyen", '["tel", "web"]', None)


def test_importing_the_same_export_twice_is_refused(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
    data = (DATA / LIME).read_bytes()
    options = {"questionnaire_slug": "experience-msp", "mapping": {AGE: "ignore"}}
    with session_scope(sqlite_engine, write=True) as s:
        run_import(s, actor=COORDINATOR, data=data, filename=LIME, **options)
    before = _counts(sqlite_engine)
    with pytest.raises(VerbatimError) as caught, session_scope(sqlite_engine, write=True) as s:
        run_import(s, actor=COORDINATOR, data=data, filename=LIME, **options)
    assert str(caught.value) == (
        "Ligne 2, colonne « id » : l'identifiant « 101 » a déjà été importé."
    )
    assert _counts(sqlite_engine) == before


def test_cli_imports_a_file_and_prints_a_french_summary(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(DATA / "google_forms_utf8.csv")])
    assert result.exit_code == 0, result.output
    assert "6 réponses importées dans « google-forms-utf8 »." in result.output
    again = runner.invoke(main, ["import", str(DATA / "tab_bom_utf8.tsv"), "--site-column", "site"])
    assert again.exit_code == 0, again.output
    assert "2 nouveaux sites : MSP des Tilleuls, Maison de santé du Lac." in again.output


def test_cli_refuses_a_bad_file_with_exit_code_1(tmp_path: Path):
    bad = tmp_path / "reponses.csv"
    bad.write_bytes(b"Horodateur;Note\n")
    result = CliRunner().invoke(main, ["import", str(bad)])
    assert result.exit_code == 1
    assert "Le fichier « reponses.csv » ne contient qu'une ligne d'en-tête" in result.stderr
    unknown = CliRunner().invoke(main, ["import", str(DATA / LIME), "--questionnaire", "absent"])
    assert unknown.exit_code == 1
    assert "Le questionnaire « absent » n'existe pas." in unknown.stderr


def test_limesurvey_yes_no_codes_and_sub_columns_make_a_new_questionnaire(sqlite_engine: Engine):
    text = (
        "id;submitdate;G01Q01. Êtes-vous venu seul ?;G01Q02 [SQ001];G01Q02 [SQ002];Commentaire\n"
        "1;2025-03-14 10:00:00;Y;Y;;Bien\n"
        "2;2025-03-15 10:00:00;N;Y;Y;\n"
        "3;2025-03-16 10:00:00;Y;;;Rien\n"
    )
    with session_scope(sqlite_engine, write=True) as s:
        result = run_import(s, actor=COORDINATOR, data=text.encode(), filename="lime.csv")
    assert result.responses == 3
    second = _answers(sqlite_engine, "2")
    assert second["g01q01"].choice == "non"
    assert json.loads(second["g01q02"].choice) == ["sq001", "sq002"]
    assert "g01q02" not in _answers(sqlite_engine, "3")  # nothing ticked: no answer


def test_counts_are_written_the_french_way():
    from verbatim.cli.imports import french_number

    assert (french_number(7), french_number(1234), french_number(1234567)) == (
        "7",
        "1 234",
        "1 234 567",
    )
