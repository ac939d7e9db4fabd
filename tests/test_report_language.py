"""The committee report counts the answers written in another language, small counts masked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from _report_data import analyse, plant
from _review_fixtures import COORDINATOR
from sqlalchemy import Engine
from sqlmodel import Session, select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question
from verbatim.db.tables_themes import AnswerAnalysis
from verbatim.intake.submit import submit_response
from verbatim.output.report import build_report
from verbatim.output.report_data import build_report_data
from verbatim.survey import questionnaires as svc
from verbatim.themes.results import run_or_latest

FOREIGN = (
    [("en", "The doctor was very kind and explained everything")] * 7
    + [("es", "La espera fue muy larga, más de dos horas")] * 6
    + [("ar", "شكرا جزيلا الطبيب ممتاز")] * 2
)


def _set_aside(session: Session, *, month: int) -> None:
    """Answers in three languages, stored as the engine stores set-aside answers."""
    run = run_or_latest(session)
    assert run is not None
    questionnaire = svc.get_questionnaire(session, slug="experience-msp")
    version = svc.published_version(session, questionnaire_id=questionnaire.id)
    for i, (code, text) in enumerate(FOREIGN):
        response = submit_response(
            session, version=version, channel="kiosk",
            answers={"acces": 4, "accueil": 5, "ecoute": 4, "ameliorer": text},
            submitted_at=datetime(2026, month, 1 + i, 9, 0, tzinfo=UTC),
        )  # fmt: skip
        session.flush()
        answer = session.exec(
            select(Answer)
            .join(Question, Question.id == Answer.question_id)  # type: ignore[arg-type]
            .where(Answer.response_id == response.id, Question.link_id == "ameliorer")
        ).one()
        session.add(
            AnswerAnalysis(run_id=run.id, answer_id=answer.id, informative=False, language=code)
        )
    session.flush()


@pytest.fixture
def with_foreign(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    with session_scope(engine, write=True) as s:
        analyse(s, plant(s, monkeypatch))
        _set_aside(s, month=8)
    return engine


def test_report_counts_other_languages_and_masks_small_counts(with_foreign: Engine):
    with session_scope(with_foreign) as s:
        data = build_report_data(s, actor=COORDINATOR, period="2026-Q3")
        files = build_report(s, actor=COORDINATOR, period="2026-Q3")
    shown = {row.label: row.shown for row in data.other_languages}
    # 2 answers in Arabic: masked; Spanish masked too, or "< 5" could be found from the total
    assert shown == {"anglais": "7", "espagnol": "masqué", "arabe": "< 5"}
    assert data.other_languages_total == "15"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", files.html))
    assert (
        "Réponses dans une autre langue que le français, lues à part et hors des thèmes : 15 "
        "(anglais 7, espagnol masqué, arabe &lt; 5)" in text
    )
    assert "شكرا" not in files.html  # counted, never quoted in the report


def test_report_counts_only_the_answers_of_its_period(with_foreign: Engine):
    with session_scope(with_foreign) as s:
        july = build_report_data(s, actor=COORDINATOR, period="2026-07")
        october = build_report_data(s, actor=COORDINATOR, period="2026-10")
    assert july.other_languages == [] and october.other_languages == []
    with session_scope(with_foreign) as s:
        files = build_report(s, actor=COORDINATOR, period="2026-10")
    assert "Réponses dans une autre langue" not in files.html
