"""The theme engine sets answers in another language apart: counted, listed, never themed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from theme_corpus import CORPUS, load_corpus

from verbatim.cli.analysis import format_summary
from verbatim.db import session_scope
from verbatim.db.tables import Answer, Response
from verbatim.db.tables_themes import AnswerAnalysis, AnswerIdea
from verbatim.signals.service import load_docs
from verbatim.themes.engine import analyse
from verbatim.themes.results import answer_themes, other_language_answers

pytestmark = pytest.mark.model

ENGLISH = "The waiting time was far too long and nobody told us why"
ARABIC = "الانتظار طويل جدا والطبيب لم يشرح لي شيئا"
SPANISH_WORD = "Gracias"  # one word: the kiosk language (Spanish) decides
FOREIGN = [
    ("ameliorer", ENGLISH, None),
    ("ameliorer", ARABIC, None),
    ("apprecie", SPANISH_WORD, None),
]


def test_english_and_arabic_answers_are_set_aside_and_counted(engine: Engine, nlp):
    with session_scope(engine, write=True) as s:
        corpus = load_corpus(s, rows=CORPUS + FOREIGN)
        by_text = {text: answer_id for answer_id, (text, _) in corpus.items()}
        spanish = s.get(Answer, by_text[SPANISH_WORD])
        assert spanish is not None
        response = s.get(Response, spanish.response_id)
        assert response is not None
        response.language = "es"
        s.add(response)
        s.flush()
        summary = analyse(s, nlp=nlp)
    counts = summary.counts
    assert counts["other_language"] == {"ar": 1, "en": 1, "es": 1}
    assert counts["other_language_answers"] == 3
    assert counts["answers"] == len(CORPUS) + 3
    assert counts["non_informative"] == 5  # the French corpus's "RAS", "rien"… only
    assert counts["informative"] == len(CORPUS) - 5
    assert "3 réponses dans une autre langue mises à part" in format_summary(summary)
    assert "1 en anglais" in format_summary(summary)

    foreign_ids = {by_text[ENGLISH]: "en", by_text[ARABIC]: "ar", by_text[SPANISH_WORD]: "es"}
    with session_scope(engine) as s:
        rows = {
            r.answer_id: r
            for r in s.exec(select(AnswerAnalysis).where(AnswerAnalysis.run_id == summary.run_id))
        }
        for answer_id, code in foreign_ids.items():
            row = rows[answer_id]
            assert (row.language, row.informative, row.theme_id) == (code, False, None)
        ideas = s.exec(select(AnswerIdea.answer_id).where(AnswerIdea.run_id == summary.run_id))
        assert not set(ideas.all()) & set(foreign_ids)  # never split, embedded nor clustered
        # the French answers are themed as usual, with no language
        french = [r for a, r in rows.items() if a not in foreign_ids]
        assert all(r.language is None for r in french)
        assert sum(r.theme_id is not None for r in french) >= 0.8 * (len(CORPUS) - 5)
        listed = other_language_answers(s, run_id=summary.run_id)
        assert [(a.language_name, a.text) for a in listed] == [
            ("arabe", ARABIC), ("anglais", ENGLISH), ("espagnol", SPANISH_WORD)
        ]  # fmt: skip
        assert (
            answer_themes(s, run_id=summary.run_id, answer_ids=[by_text[ENGLISH]])[
                by_text[ENGLISH]
            ].language
            == "en"
        )
        # weak signals read only the French informative answers
        inside, outside = load_docs(s)
        assert not {d.answer_id for d in inside + outside} & set(foreign_ids)
    sizes = sum(t["size"] for t in summary.themes)
    assert sizes >= len(CORPUS) - 5  # theme sizes count French answers only


def test_verbatims_csv_says_which_answers_were_set_aside_and_in_which_language(
    sqlite_engine: Engine, nlp, tmp_path
):
    import csv

    from _principals import COORDINATOR

    from verbatim.output.export import export_all

    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s, rows=CORPUS + FOREIGN[:2])
        analyse(s, nlp=nlp)
    with session_scope(sqlite_engine) as s:
        export_all(s, actor=COORDINATOR, out_dir=tmp_path)
    with (tmp_path / "verbatims.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["text"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert rows[ENGLISH]["text_language"] == "en" and rows[ENGLISH]["theme_label"] == ""
    assert rows[ARABIC]["text_language"] == "ar"
    assert {r["text_language"] for t, r in rows.items() if t not in (ENGLISH, ARABIC)} == {"fr"}
    readme = (tmp_path / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "text_language" in readme
