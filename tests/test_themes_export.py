"""themes.csv and the theme columns of verbatims.csv, as a coordinator opens them in Excel."""

from __future__ import annotations

import csv

import pytest
from _principals import COORDINATOR
from theme_corpus import CORPUS, load_corpus

from verbatim.db import session_scope
from verbatim.output.export import export_all
from verbatim.themes.engine import analyse

pytestmark = pytest.mark.model


def _read(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_export_writes_themes_and_theme_columns(sqlite_engine, nlp, tmp_path):
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s)
        analyse(s, nlp=nlp)
    with session_scope(sqlite_engine) as s:
        export_all(s, actor=COORDINATOR, out_dir=tmp_path / "out")
    themes = _read(tmp_path / "out" / "themes.csv")
    assert list(themes[0]) == [
        "theme_id", "label", "origin", "keywords", "size", "share", "negative_share", "trend",
        "quote_1", "quote_2", "quote_3",
    ]  # fmt: skip
    attente = next(t for t in themes if t["label"] == "Attente")
    assert attente["origin"] == "framework"
    assert "attente" in attente["keywords"]
    assert int(attente["size"]) >= 4 and attente["quote_1"]
    assert "," in attente["share"]  # French decimal comma for Excel

    verbatims = _read(tmp_path / "out" / "verbatims.csv")
    assert len(verbatims) == len(CORPUS)
    by_text = {v["text"]: v for v in verbatims}
    empty = by_text["RAS"]
    assert empty["informative"] == "0" and empty["theme_id"] == "" and empty["theme_label"] == ""
    mixed = by_text["L'attente était longue mais les infirmières adorables."]
    assert mixed["informative"] == "1"
    assert mixed["theme_label"] == "Attente"
    assert mixed["themes"] == "Attente | Relation humaine"
    assert mixed["tone"] == "mitigé"
    assert mixed["theme_id"] == attente["theme_id"]


def test_export_before_any_analysis_has_empty_theme_columns(sqlite_engine, tmp_path):
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s, rows=CORPUS[:3])
    with session_scope(sqlite_engine) as s:
        export_all(s, actor=COORDINATOR, out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "themes.csv").exists()
    verbatims = _read(tmp_path / "out" / "verbatims.csv")
    assert all(v["theme_label"] == "" and v["tone"] == "" for v in verbatims)
