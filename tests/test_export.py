"""CSV exports: files French Excel opens correctly, safely, and in the same order every time."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _principals import COORDINATOR
from sqlalchemy import Engine
from sqlmodel import Session

from verbatim.db import session_scope
from verbatim.db.tables import Questionnaire
from verbatim.errors import VerbatimError
from verbatim.intake.submit import build_response
from verbatim.output import export as export_mod
from verbatim.output.csv_safe import format_cell
from verbatim.output.export import export_all
from verbatim.survey import questionnaires as svc

BOM = b"\xef\xbb\xbf"
LIKED = "Qu'avez-vous apprécié ?"
IMPROVE = "Que pourrions-nous améliorer ?"


def add_response(
    s: Session,
    questionnaire: Questionnaire,
    answers: dict,
    *,
    when: datetime,
    external_id: str | None = None,
    site: str | None = None,
    raw: dict[str, str] | None = None,
) -> int:
    """Store a response as the intake would; ``raw`` sets original text beside the redacted one."""
    version = svc.published_version(s, questionnaire_id=questionnaire.id)
    questions = svc.questions_of(s, version_id=version.id)
    site_id = svc.get_or_create_site(s, name=site).id if site else None
    pending = build_response(
        version=version,
        questions=questions,
        answers=answers,
        channel="paper",
        site_id=site_id,
        external_id=external_id,
        submitted_at=when,
    )
    by_id = {q.id: q.link_id for q in questions}
    s.add(pending.response)
    s.flush()
    for answer in pending.answers:
        answer.response_id = pending.response.id
        if raw and by_id[answer.question_id] in raw:
            answer.raw_text = raw[by_id[answer.question_id]]
        s.add(answer)
    s.flush()
    return pending.response.id


def read(path: Path, sep: str = ";") -> list[list[str]]:
    """Read a CSV as Excel would: BOM-aware UTF-8, the given separator, quoted multi-line cells."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=sep))


def as_dicts(path: Path, sep: str = ";") -> list[dict[str, str]]:
    header, *rows = read(path, sep)
    return [dict(zip(header, row, strict=True)) for row in rows]


CLOSED = {"acces": 4, "accueil": "Très satisfait", "ecoute": 5, "attente": "moins_15"}


@pytest.fixture
def msp(engine: Engine) -> Engine:
    """One MSP questionnaire with three responses, given out of date order."""
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        add_response(
            s,
            q,
            {**CLOSED, "apprecie": "L'écoute du médecin, très humaine.", "recommandation": 9},
            when=datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
            site="MSP des Tilleuls",
            external_id="B",
        )
        add_response(
            s,
            q,
            {**CLOSED, "ameliorer": "L'attente au secrétariat ; trop longue.\nVraiment."},
            when=datetime(2026, 1, 15, 9, 30, tzinfo=UTC),
            site="MSP des Tilleuls",
            external_id="A",
        )
        add_response(s, q, CLOSED, when=datetime(2026, 3, 2, 17, 5, tzinfo=UTC))
    return engine


def test_files_open_in_french_excel(msp: Engine, tmp_path: Path):
    with session_scope(msp) as s:
        written = export_all(s, actor=COORDINATOR, out_dir=tmp_path / "out")
    assert [p.name for p in written] == [
        "responses.csv",
        "verbatims.csv",
        "breakdowns.csv",
        "LISEZMOI.txt",
    ]
    for path in written:
        assert path.read_bytes().startswith(BOM), f"{path.name} must start with a UTF-8 BOM"

    rows = as_dicts(tmp_path / "out" / "responses.csv")
    assert len(rows) == 3  # one row per response
    first = rows[0]
    assert first["external_id"] == "A"
    assert first["site"] == "MSP des Tilleuls"
    assert first["date"] == "15/01/2026 10:30"  # Europe/Paris, winter time
    assert rows[2]["date"] == "01/07/2026 10:00"  # summer time
    assert first["channel"] == "Papier"
    # one column per question, headed by its text, holding labels rather than codes
    assert first["Avez-vous eu facilement un rendez-vous ?"] == "4 – Satisfait"
    assert first["Comment avez-vous été accueilli au secrétariat ?"] == "5 – Très satisfait"
    assert first["Combien de temps avez-vous attendu avant la consultation ?"] == (
        "Moins de 15 minutes"
    )
    assert first[IMPROVE] == "L'attente au secrétariat ; trop longue.\nVraiment."
    assert first[LIKED] == ""
    assert (
        rows[2]["Sur une échelle de 0 à 10, recommanderiez-vous la maison de santé à un proche ?"]
        == "9"
    )


def test_comma_separator_on_request(msp: Engine, tmp_path: Path):
    with session_scope(msp) as s:
        export_all(s, actor=COORDINATOR, out_dir=tmp_path, sep=",")
    raw = (tmp_path / "verbatims.csv").read_bytes()
    assert raw.startswith(BOM)
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("answer_id,response_id,")
    rows = as_dicts(tmp_path / "verbatims.csv", sep=",")
    assert [r["date"] for r in rows] == ["2026-01-15 10:30", "2026-07-01 10:00"]  # ISO


def test_verbatims_one_row_per_free_text_answer(msp: Engine, tmp_path: Path):
    with session_scope(msp) as s:
        export_all(s, actor=COORDINATOR, out_dir=tmp_path)
    rows = as_dicts(tmp_path / "verbatims.csv")
    assert [(r["external_id"], r["question"]) for r in rows] == [("A", IMPROVE), ("B", LIKED)]
    assert rows[0]["text"] == "L'attente au secrétariat ; trop longue.\nVraiment."
    assert rows[0]["questionnaire"] == "Votre expérience à la maison de santé"
    assert rows[0]["site"] == "MSP des Tilleuls"
    assert list(rows[0])[-1] == "text"


def test_formula_cells_are_neutralised(session: Session, tmp_path: Path):
    q = svc.create_from_template(
        session, actor=COORDINATOR, template="experience_msp", publish=True
    )
    attacks = {
        '=HYPERLINK("http://evil.example";"cliquez")': "'=HYPERLINK",
        "+33 rappel svp": "'+33",
        "-moins d'attente": "'-moins",
        "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM",
    }
    for i, text in enumerate(attacks):
        add_response(
            session,
            q,
            {**CLOSED, "ameliorer": text},
            when=datetime(2026, 2, 1 + i, 12, tzinfo=UTC),
            external_id=f"=ID{i}" if i == 0 else f"id{i}",
        )
    session.commit()
    export_all(session, actor=COORDINATOR, out_dir=tmp_path)
    texts = [r["text"] for r in as_dicts(tmp_path / "verbatims.csv")]
    assert [t[: len(p)] for t, p in zip(texts, attacks.values(), strict=True)] == list(
        attacks.values()
    )
    assert texts[0] == "'" + next(iter(attacks))  # nothing else changes
    responses = as_dicts(tmp_path / "responses.csv")
    assert responses[0]["external_id"] == "'=ID0"  # imported identifiers are untrusted too
    assert responses[0][IMPROVE].startswith("'=HYPERLINK")
    assert responses[1]["external_id"] == "id1"
    for path in (tmp_path / "responses.csv", tmp_path / "verbatims.csv"):
        for row in read(path):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_only_pseudonymised_text_leaves_the_database(session: Session, tmp_path: Path):
    q = svc.create_from_template(
        session, actor=COORDINATOR, template="experience_msp", publish=True
    )
    add_response(
        session,
        q,
        {**CLOSED, "apprecie": "[NOM] m'a rappelé au [TÉLÉPHONE]."},
        when=datetime(2026, 4, 1, tzinfo=UTC),
        raw={"apprecie": "Dr Albertine Vasseur m'a rappelé au 06 12 34 56 78."},
    )
    session.commit()
    written = export_all(session, actor=COORDINATOR, out_dir=tmp_path)
    rows = as_dicts(tmp_path / "verbatims.csv")
    assert [r["text"] for r in rows] == ["[NOM] m'a rappelé au [TÉLÉPHONE]."]
    for path in written:
        content = path.read_text(encoding="utf-8-sig")
        assert "Vasseur" not in content and "06 12 34 56 78" not in content


def test_questions_of_every_version_merge_by_link_id(session: Session, tmp_path: Path):
    q = svc.create_from_template(
        session, actor=COORDINATOR, template="experience_msp", publish=True
    )
    add_response(session, q, {**CLOSED, "apprecie": "v1"}, when=datetime(2026, 1, 1, tzinfo=UTC))
    v1 = svc.published_version(session, questionnaire_id=q.id)
    specs = svc.question_specs(session, version_id=v1.id)
    specs[0].text = "Avez-vous obtenu un rendez-vous rapidement ?"
    specs = [sp for sp in specs if sp.link_id != "coordination"]
    svc.save_questions(session, actor=COORDINATOR, questionnaire_id=q.id, questions=specs)
    svc.publish_version(session, actor=COORDINATOR, questionnaire_id=q.id)
    add_response(session, q, {**CLOSED, "apprecie": "v2"}, when=datetime(2026, 2, 1, tzinfo=UTC))
    session.commit()

    export_all(session, actor=COORDINATOR, out_dir=tmp_path)
    header, *rows = read(tmp_path / "responses.csv")
    assert "Avez-vous obtenu un rendez-vous rapidement ?" in header  # newest wording
    assert "Avez-vous eu facilement un rendez-vous ?" not in header
    assert header.count(LIKED) == 1  # one column across both versions
    assert header[-1].startswith("Les professionnels")  # dropped in v2, kept for v1's answers
    liked = header.index(LIKED)
    assert [r[liked] for r in rows] == ["v1", "v2"]
    assert [r[header.index("version")] for r in rows] == ["1", "2"]
    rdv = header.index("Avez-vous obtenu un rendez-vous rapidement ?")
    assert [r[rdv] for r in rows] == ["4 – Satisfait", "4 – Satisfait"]


def test_several_questionnaires_get_one_responses_file_each(msp: Engine, tmp_path: Path):
    with session_scope(msp, write=True) as s:
        other = svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        svc.create_from_template(
            s, actor=COORDINATOR, template="retour_hospitalisation", publish=True
        )  # no answers
        add_response(
            s,
            other,
            {"delai": "semaine", "facilite": 2, "teleconsultation": "non"},
            when=datetime(2026, 5, 5, tzinfo=UTC),
        )
    with session_scope(msp) as s:
        names = [p.name for p in export_all(s, actor=COORDINATOR, out_dir=tmp_path / "all")]
        only = [
            p.name
            for p in export_all(
                s, actor=COORDINATOR, out_dir=tmp_path / "one", questionnaire_slug=other.slug
            )
        ]
    assert names == [
        f"responses_{other.slug}.csv",
        "responses_experience-msp.csv",
        "verbatims.csv",
        "breakdowns.csv",
        "LISEZMOI.txt",
    ]
    assert len(as_dicts(tmp_path / "all" / "responses_experience-msp.csv")) == 3
    assert len(as_dicts(tmp_path / "all" / f"responses_{other.slug}.csv")) == 1
    assert only == ["responses.csv", "verbatims.csv", "breakdowns.csv", "LISEZMOI.txt"]
    assert len(as_dicts(tmp_path / "one" / "responses.csv")) == 1
    assert as_dicts(tmp_path / "one" / "verbatims.csv") == []


def test_exports_are_deterministic(msp: Engine, tmp_path: Path):
    with session_scope(msp) as s:
        first = export_all(s, actor=COORDINATOR, out_dir=tmp_path / "a")
        second = export_all(s, actor=COORDINATOR, out_dir=tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    dates = [r["date"] for r in as_dicts(tmp_path / "a" / "responses.csv")]
    assert dates == ["15/01/2026 10:30", "02/03/2026 18:05", "01/07/2026 10:00"]


def test_empty_database_gives_header_only_files(session: Session, tmp_path: Path):
    written = export_all(session, actor=COORDINATOR, out_dir=tmp_path)
    assert [p.name for p in written] == ["responses.csv", "verbatims.csv", "LISEZMOI.txt"]
    assert read(written[0])[0][:2] == ["response_id", "external_id"]
    assert len(read(written[1])) == 1


def test_bad_requests_get_french_errors(session: Session, tmp_path: Path):
    with pytest.raises(VerbatimError, match="Le questionnaire « inconnu » n'existe pas"):
        export_all(
            session, actor=COORDINATOR, out_dir=tmp_path / "out", questionnaire_slug="inconnu"
        )
    with pytest.raises(VerbatimError, match="Séparateur « \\| »"):
        export_all(session, actor=COORDINATOR, out_dir=tmp_path / "out", sep="|")
    (tmp_path / "out").mkdir()
    a_file = tmp_path / "out" / "fichier.txt"
    a_file.write_text("x")
    with pytest.raises(VerbatimError, match="n'est pas un dossier"):
        export_all(session, actor=COORDINATOR, out_dir=a_file)
    assert list((tmp_path / "out").iterdir()) == [a_file]  # nothing written


def test_numbers_and_dates_use_french_formats():
    assert format_cell(3.5, sep=";") == "3,5"
    assert format_cell(3.5, sep=",") == "3.5"
    assert format_cell(4.0, sep=";") == "4"
    assert format_cell(12, sep=";") == "12"
    assert format_cell(-2, sep=";") == "-2"  # real numbers are not text: no quote prefix
    assert format_cell(0.1 + 0.2, sep=";") == "0,3"
    assert format_cell(None) == ""
    assert format_cell(True) == "oui"
    # intake strips surrounding blanks, but cells from other hooks may start with tab or CR
    assert format_cell("\t=1+1") == "'\t=1+1"
    assert format_cell("\r=1+1") == "'\r=1+1"


def test_later_features_add_files_and_columns_through_hooks(msp: Engine, tmp_path: Path):
    @export_mod.verbatim_columns.register("test_words", order=5)
    def words(session, rows):
        return {"mots": [len(r.text.split()) for r in rows]}

    @export_mod.file_writers.register("test_themes")
    def themes(ctx):
        return [ctx.write("themes.csv", header=["thème", "verbatims"], rows=[["attente", 1.5]])]

    try:
        with session_scope(msp) as s:
            names = [p.name for p in export_all(s, actor=COORDINATOR, out_dir=tmp_path)]
    finally:
        export_mod.verbatim_columns.unregister("test_words")
        export_mod.file_writers.unregister("test_themes")
    assert names[:2] == ["responses.csv", "verbatims.csv"]
    assert "themes.csv" in names
    header, *rows = read(tmp_path / "verbatims.csv")
    # order 5: right after the base columns; the text stays last
    assert header.index("mots") == header.index("context") + 1
    assert header[-1] == "text"
    assert [r[header.index("mots")] for r in rows] == ["7", "5"]
    assert read(tmp_path / "themes.csv") == [["thème", "verbatims"], ["attente", "1,5"]]


def test_a_file_open_in_excel_gives_a_french_error_and_keeps_the_old_file(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    export_all(session, actor=COORDINATOR, out_dir=tmp_path)
    before = (tmp_path / "responses.csv").read_bytes()

    def locked(src, dst):  # what Windows does while Excel holds the file
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr("verbatim.output.csv_safe.os.replace", locked)
    with pytest.raises(VerbatimError, match=r"responses\.csv » : le fichier est peut-être ouvert"):
        export_all(session, actor=COORDINATOR, out_dir=tmp_path)
    assert (tmp_path / "responses.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "LISEZMOI.txt",
        "data",
        "responses.csv",
        "verbatims.csv",
    ]


def test_archive_for_a_download_button_holds_the_same_files(msp: Engine, tmp_path: Path):
    import io
    import zipfile

    from verbatim.output.export import export_archive

    with session_scope(msp) as s:
        files = {p.name: p.read_bytes() for p in export_all(s, actor=COORDINATOR, out_dir=tmp_path)}
        archive = zipfile.ZipFile(io.BytesIO(export_archive(s, actor=COORDINATOR)))
    assert {name: archive.read(name) for name in archive.namelist()} == files
