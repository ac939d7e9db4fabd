"""Exports as shared with the committee: pseudonymised text only, small counts masked, LISEZMOI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _report_data import BIG_SITE, IDENTIFIERS, SMALL_SITE, analyse, plant
from _review_fixtures import COORDINATOR
from sqlalchemy import Engine

from verbatim.db import session_scope
from verbatim.output.export import export_all
from verbatim.output.readme import UNDESCRIBED


def _rows(path: Path, sep: str = ";") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=sep))


@pytest.fixture
def exported(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    with session_scope(engine, write=True) as s:
        analyse(s, plant(s, monkeypatch))
    with session_scope(engine) as s:
        return export_all(s, actor=COORDINATOR, out_dir=tmp_path / "out")


def test_no_planted_identifier_leaves_in_any_export_file(exported: list[Path]):
    names = [p.name for p in exported]
    assert {"responses.csv", "verbatims.csv", "themes.csv", "breakdowns.csv"} <= set(names)
    assert names[-1] == "LISEZMOI.txt"
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in exported)
    assert "[TÉLÉPHONE]" in everything and "[EMAIL]" in everything  # the redacted answers are there
    for identifier in IDENTIFIERS:
        assert identifier not in everything, identifier


def test_lisezmoi_lists_exactly_the_files_written_and_describes_every_column(
    exported: list[Path],
):
    readme = exported[-1].read_text(encoding="utf-8-sig")
    csv_files = [p for p in exported if p.suffix == ".csv"]
    listed = [line[3:-3] for line in readme.splitlines() if line.startswith("== ")]
    assert listed == [p.name for p in csv_files]
    for path in csv_files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=";"))
        section = readme.split(f"== {path.name} ==")[1].split("\n== ")[0]
        for column in header:
            line = next((x for x in section.splitlines() if x.startswith(f"  - {column} : ")), None)
            assert line is not None, (path.name, column)
            assert UNDESCRIBED not in line, (path.name, column)
    assert "« < 5 »" in readme and "pseudonymisés" in readme


def test_breakdowns_by_site_mask_small_counts(exported: list[Path]):
    rows = _rows(exported[0].parent / "breakdowns.csv")
    accueil = [r for r in rows if r["question"].startswith("Comment avez-vous été accueilli")]
    shown = {(r["site"], r["answer"]): r["count"] for r in accueil if r["count"] != "0"}
    # 7 "very satisfied" at the big site, 2 "fairly satisfied" at the small one
    assert shown == {
        ("Tous les sites", "Très satisfait"): "masqué",  # would give the 2 away from the total
        ("Tous les sites", "Moyennement satisfait"): "< 5",
        (BIG_SITE, "Très satisfait"): "7",
        (SMALL_SITE, "Moyennement satisfait"): "< 5",
    }
