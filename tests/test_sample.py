"""The synthetic French sample: generator, planted signals, loader and `verbatim demo`."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import statistics
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func
from sqlmodel import select

from verbatim.cli import main
from verbatim.db import dispose_engines, get_engine, session_scope
from verbatim.db.tables import Answer, Question, Questionnaire, Response, Site
from verbatim.errors import VerbatimError
from verbatim.sample import add_months, load_sample, load_truth, read_sample, shift_dates
from verbatim.survey import kinds
from verbatim.survey.templates import load_template

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"
GENERATED = ("responses.jsonl", "limesurvey_export.csv", "google_forms_export.csv")
THEMES = {
    "acces_rdv", "attente", "accueil_secretariat", "relation_humaine", "information",
    "competence_soins", "coordination_parcours", "sortie_hospitalisation",
    "medicaments_pharmacie", "cout_demarches", "locaux_accessibilite",
    "teleconsultation_technique", "confidentialite_bruit",
}  # fmt: skip


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return read_sample()


def _generator():
    sys.path.insert(0, str(SAMPLE_DIR))
    try:
        spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE_DIR / "generate.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["sample_generate"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SAMPLE_DIR))


def _month(record: dict) -> str:
    return record["submitted_at"][:7]


def test_generator_is_deterministic_and_matches_committed_files(tmp_path: Path) -> None:
    generate = _generator()
    for name in ("a", "b"):
        assert generate.main(["--out", str(tmp_path / name)]) == 0
    for file in GENERATED:
        first = (tmp_path / "a" / file).read_bytes()
        assert first == (tmp_path / "b" / file).read_bytes(), file
        assert first == (SAMPLE_DIR / file).read_bytes(), f"{file} is stale: rerun generate.py"
    assert (SAMPLE_DIR / "responses.jsonl").stat().st_size < 2_000_000


def test_sample_covers_sites_templates_and_twelve_months(records: list[dict]) -> None:
    assert len(records) >= 800
    assert {r["site"] for r in records} == {
        "MSP des Tilleuls",
        "MSP du Port",
        "Centre de santé Jean-Moulin",
    }
    share = Counter(r["questionnaire"] for r in records)
    assert share["experience_msp"] > share["retour_hospitalisation"] > 0
    assert 0.15 < share["acces_soins"] / len(records) < 0.3
    assert 0.2 < share["retour_hospitalisation"] / len(records) < 0.3
    assert {r["channel"] for r in records} == {"kiosk", "paper", "import"}
    months = sorted({_month(r) for r in records})
    assert len(months) == 12
    first = datetime.strptime(months[0], "%Y-%m")
    assert [add_months(first, i).strftime("%Y-%m") for i in range(12)] == months
    assert [r["sample_id"] for r in records] == [f"S{i:04d}" for i in range(1, len(records) + 1)]
    for r in records:
        if r["questionnaire"] == "retour_hospitalisation":
            assert r["context"] == "après une hospitalisation"
        if r["channel"] == "import":
            assert r["external_id"]


def test_truth_describes_every_free_text_answer(records: list[dict]) -> None:
    templates = {
        name: load_template(name).questions for name in {r["questionnaire"] for r in records}
    }
    for r in records:
        texts = {q.link_id for q in templates[r["questionnaire"]]}
        free = {q.link_id for q in templates[r["questionnaire"]] if q.kind in kinds.TEXT_KINDS}
        assert set(r["answers"]) <= texts
        assert set(r["truth"]) == free & set(r["answers"])
        for truth in r["truth"].values():
            assert set(truth["themes"]) <= THEMES
            assert truth["tone"] in {"positive", "negative", "mixed", "neutral"}
            assert truth["informative"] == bool(truth["themes"])
    truths = [t for r in records for t in r["truth"].values()]
    answers = [r["answers"][k] for r in records for k in r["truth"]]
    assert sum(not t["informative"] for t in truths) > 100  # "RAS", "rien", "-", "tout"...
    assert sum(len(t["themes"]) >= 2 for t in truths) > 200
    assert {"RAS", "rien", "-", "tout"} <= set(answers)
    assert any(re.search(r"\brdv\b", a) for a in answers)
    assert any(a.isupper() and len(a) > 15 for a in answers)  # all caps now and then
    assert len(set(answers)) > 0.75 * len(answers)
    named = [t for t in truths if t.get("identifiers")]
    assert named and all(
        any(n.casefold() in a.casefold() for n in t["identifiers"])
        for r in records
        for k, t in r["truth"].items()
        for a in [r["answers"][k]]
        if t.get("identifiers")
    )


def test_serious_discharge_problems_only_in_last_two_months(records: list[dict]) -> None:
    months = sorted({_month(r) for r in records})
    serious = [(r, k) for r in records for k, t in r["truth"].items() if t["serious"]]
    assert 8 <= len(serious) <= 12
    assert {_month(r) for r, _ in serious} <= set(months[-2:])
    assert all(r["questionnaire"] == "retour_hospitalisation" for r, _ in serious)
    top_site, top = Counter(r["site"] for r, _ in serious).most_common(1)[0]
    assert top > len(serious) / 2, top_site
    for r, _ in serious:
        a = r["answers"]
        assert a["satisfaction_retour"] <= 2
        assert "non" in {a["courrier"], a["ordonnance"], a["rdv_suivi"], a["qui_appeler"]} or (
            a.get("aides") == ["aucune"]
        )
    negated = [t for r in records for t in r["truth"].values() if t.get("negated")]
    assert len(negated) >= 5 and not any(t["serious"] for t in negated)


def test_privacy_complaints_burst_in_last_month(records: list[dict]) -> None:
    months = sorted({_month(r) for r in records})
    per_month = Counter(
        _month(r)
        for r in records
        for t in r["truth"].values()
        if "confidentialite_bruit" in t["themes"]
    )
    before = [per_month[m] for m in months[:-1]]
    assert statistics.mean(before) <= 1.5
    assert per_month[months[-1]] >= 5


def test_shift_moves_newest_month_to_now_without_future_dates() -> None:
    assert add_months(datetime(2026, 10, 31, tzinfo=UTC), 4) == datetime(2027, 2, 28, tzinfo=UTC)
    now = datetime(2027, 2, 10, 12, 0, tzinfo=UTC)
    dates = [datetime(2026, 9, 30, 9, tzinfo=UTC), datetime(2026, 10, 2, tzinfo=UTC),
             datetime(2026, 10, 31, 18, tzinfo=UTC)]  # fmt: skip
    shifted = shift_dates(dates, now=now)
    assert shifted[0] == datetime(2027, 1, 30, 9, tzinfo=UTC)
    assert all((d.year, d.month) == (2027, 2) for d in shifted[1:])
    assert shifted[1] < shifted[2] <= now


def test_load_sample_stores_every_response(engine: Engine, records: list[dict]) -> None:
    seen: list[tuple[int, int]] = []
    with session_scope(engine, write=True) as s:
        count = load_sample(s, progress=lambda done, total: seen.append((done, total)))
    assert count == len(records)
    assert seen[-1] == (len(records), len(records))
    now = datetime.now(UTC)
    truth = load_truth()
    with session_scope(engine) as s:
        assert len(s.exec(select(Site)).all()) == 3
        by_slug = Counter(
            slug
            for slug in s.exec(
                select(Questionnaire.slug).join(
                    Response, Response.questionnaire_id == Questionnaire.id
                )
            )
        )
        slugs = {name: load_template(name).slug for name in {r["questionnaire"] for r in records}}
        expected = Counter(slugs[r["questionnaire"]] for r in records)
        assert by_slug == expected
        dates = [d if d.tzinfo else d.replace(tzinfo=UTC) for d in s.exec(
            select(Response.submitted_at))]  # fmt: skip
        assert max(dates) <= now
        assert (max(dates).year, max(dates).month) == (now.year, now.month)
        assert len({(d.year, d.month) for d in dates}) == 12
        stored = s.exec(
            select(Response.external_id, Question.link_id, Answer.text)
            .join(Answer, Answer.response_id == Response.id)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.text.is_not(None))
        ).all()
        assert {(ext, link) for ext, link, _ in stored} == set(truth)
        with pytest.raises(VerbatimError, match="déjà chargées"):
            load_sample(s)


def test_demo_command_loads_once(records: list[dict], tmp_path: Path) -> None:
    # A slice of the sample (the full load is tested above): every template, the last months.
    part = records[:40] + records[-40:]
    path = tmp_path / "part.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), "utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "--path", str(path)])
    assert first.exit_code == 0, first.output
    assert "80 réponses d'exemple chargées." in first.output
    second = runner.invoke(main, ["demo", "--path", str(path)])
    assert second.exit_code == 1
    assert "déjà chargées" in second.output
    with session_scope(get_engine()) as s:
        assert s.exec(select(func.count()).select_from(Response)).one() == 80
        assert len(s.exec(select(Questionnaire)).all()) == 3
    dispose_engines()


def test_demo_command_rejects_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--path", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert "introuvable" in result.output


def test_limesurvey_export_is_windows_1252_and_importable() -> None:
    raw = (SAMPLE_DIR / "limesurvey_export.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw.decode("cp1252"), newline=""), delimiter=";"))
    assert 40 <= len(rows) <= 60
    assert list(rows[0])[:2] == ["id", "submitdate"]
    questions = {q.link_id: q for q in load_template("acces_soins").questions}
    for row in rows:
        datetime.strptime(row["submitdate"], "%Y-%m-%d %H:%M:%S")
        for link, q in questions.items():
            if row[link]:
                kinds.coerce(q.kind, q.options, row[link], question=q.text)
    assert "Le jour même" in {row["delai"] for row in rows}  # decoded right


def test_google_forms_export_is_utf8_with_french_timestamps() -> None:
    text = (SAMPLE_DIR / "google_forms_export.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert 40 <= len(rows) <= 60
    assert next(iter(rows[0])) == "Horodateur"
    for row in rows:
        datetime.strptime(row["Horodateur"], "%d/%m/%Y %H:%M:%S")
    assert any(row["Qu'avez-vous apprécié ?"] for row in rows)


def test_jsonl_lines_are_plain_objects() -> None:
    for line in (SAMPLE_DIR / "responses.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert set(record) == {
            "sample_id", "questionnaire", "site", "submitted_at", "channel", "context",
            "external_id", "answers", "truth",
        }  # fmt: skip
