"""Weak signals on the sample data, end to end: engine run, ranked signals, reviews, CLI, export.

The sample (data/sample/README.md) plants eleven serious post-discharge problems in the last two
months, mostly at one site. One module
fixture loads it and analyses it once (about 20 s with the model); the tests then read that run.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from _principals import COORDINATOR, REVIEWER
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import select

from verbatim.db import make_engine, session_scope, upgrade
from verbatim.db.tables import Answer, AuditEvent, Question, Response
from verbatim.db.tables_signals import SignalReview
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.sample import load_sample, load_truth
from verbatim.signals.detect import SERIOUS
from verbatim.signals.service import (
    CONFIRMED,
    DISMISSED,
    SignalSlice,
    answers_behind,
    compute_signals,
    confirm_signal,
    review_signal,
)
from verbatim.themes.engine import analyse

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, nlp) -> Path:
    """A SQLite file holding the sample and one analysis of it (copied fresh for each test)."""
    path = tmp_path_factory.mktemp("signals") / "sample.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_scope(engine, write=True) as s:
        load_sample(s)
    with session_scope(engine, write=True) as s:
        analyse(s, nlp=nlp)
    engine.dispose()
    return path


@pytest.fixture
def db(analysed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    copy = tmp_path / "data" / "verbatim.db"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(analysed, copy)
    monkeypatch.setenv("VERBATIM_DATABASE_URL", f"sqlite:///{copy}")
    from verbatim.db import get_engine

    return get_engine()


def _serious_answer_ids(engine: Engine) -> set[int]:
    truth = load_truth()
    with session_scope(engine) as s:
        rows = s.exec(
            select(Answer.id, Response.external_id, Question.link_id)
            .join(Response, Response.id == Answer.response_id)
            .join(Question, Question.id == Answer.question_id)
        ).all()
    return {i for i, ext, link in rows if truth.get((ext, link), {}).get("serious")}


def test_the_planted_post_discharge_problems_rank_in_the_top_three(db: Engine):
    planted = _serious_answer_ids(db)
    assert len(planted) == 11
    with session_scope(db) as s:
        ranked = compute_signals(s, actor=COORDINATOR)
    top = ranked[:3]
    assert all(item.signal.kind == SERIOUS for item in top), [i.signal.subject for i in top]
    for item in top:  # each of the three is made of planted answers, and says why
        behind = set(item.signal.answer_ids)
        assert len(behind & planted) >= len(behind) / 2, item.signal
        assert "mots : «" in item.signal.reason
    covered = set().union(*(item.signal.answer_ids for item in top)) & planted
    assert len(covered) >= 6


def test_negated_answers_are_never_behind_a_serious_signal(db: Engine):
    truth = load_truth()
    negated = {key for key, t in truth.items() if t.get("negated")}
    assert negated
    with session_scope(db) as s:
        serious = [
            i.signal for i in compute_signals(s, actor=COORDINATOR) if i.signal.kind == SERIOUS
        ]
        ids = {a for sig in serious for a in sig.answer_ids}
        rows = s.exec(
            select(Response.external_id, Question.link_id)
            .join(Answer, Answer.response_id == Response.id)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.id.in_(ids))
        ).all()
    assert not {(e, link) for e, link in rows} & negated


def test_a_slice_by_site_is_compared_with_the_other_sites(db: Engine):
    with session_scope(db) as s:
        port = compute_signals(s, actor=COORDINATOR, slice_=SignalSlice(site="MSP du Port"))
    serious = [i for i in port if i.signal.kind == SERIOUS]
    assert serious
    assert "(ailleurs : " in serious[0].signal.reason


def test_a_dismissed_signal_stays_dismissed_unless_it_grows(db: Engine):
    with session_scope(db) as s:
        first = compute_signals(s, actor=COORDINATOR)[0]
    with session_scope(db, write=True) as s, pytest.raises(VerbatimError, match="dites pourquoi"):
        review_signal(s, signal=first.signal, status=DISMISSED, actor=REVIEWER)
    with session_scope(db, write=True) as s:
        review_signal(
            s,
            signal=first.signal,
            status=DISMISSED,
            actor=REVIEWER,
            comment="Déjà traité avec le CH.",
        )
    with session_scope(db) as s:
        keys = [i.signal.key for i in compute_signals(s, actor=COORDINATOR)]
        shown = compute_signals(s, actor=COORDINATOR, include_dismissed=True)
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "signal_dismissed")).one()
    assert first.signal.key not in keys
    assert next(i for i in shown if i.signal.key == first.signal.key).status == DISMISSED
    assert "relecteur" in event.actor
    # it grows: it had one answer fewer when it was dismissed than it has now
    with session_scope(db, write=True) as s:
        review = s.exec(select(SignalReview)).one()
        review.count_at_decision = len(first.signal.answer_ids) - 1
        s.add(review)
    with session_scope(db) as s:
        again = next(
            i for i in compute_signals(s, actor=COORDINATOR) if i.signal.key == first.signal.key
        )
    assert again.grown_since_dismissal and again.status == "open"


def test_confirming_is_attributed_and_reviewers_read_only_pseudonymised_answers(db: Engine):
    with session_scope(db) as s:
        top = compute_signals(s, actor=REVIEWER)[0]
        quotes = answers_behind(s, actor=REVIEWER, answer_ids=top.signal.answer_ids)
    assert quotes and all(q.text for q in quotes)
    with session_scope(db, write=True) as s:
        review_signal(
            s, signal=top.signal, status=CONFIRMED, actor=REVIEWER, comment="À voir en réunion"
        )
    with session_scope(db) as s:
        again = compute_signals(s, actor=COORDINATOR)[0]
    assert again.status == CONFIRMED
    assert "relecteur" in again.decided_by


def test_signals_need_the_permission(db: Engine):
    from _principals import KIOSK

    with session_scope(db) as s, pytest.raises(PermissionDenied):
        compute_signals(s, actor=KIOSK)


def test_the_cli_prints_the_ranked_list_and_the_export_writes_signals_and_flags(
    db: Engine, tmp_path
):
    from verbatim.cli import main

    result = CliRunner().invoke(main, ["signals"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(" 1. [Rare mais grave]")
    out = tmp_path / "export"
    result = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "signals.csv").open(encoding="utf-8-sig") as f:
        signals = list(csv.DictReader(f, delimiter=";"))
    assert signals[0]["kind"] == "Rare mais grave" and signals[0]["response_ids"]
    with (out / "verbatims.csv").open(encoding="utf-8-sig") as f:
        verbatims = list(csv.DictReader(f, delimiter=";"))
    flagged = [v for v in verbatims if v["flagged"] == "1"]
    planted = _serious_answer_ids(db)
    assert {int(v["answer_id"]) for v in flagged} >= planted
    assert all(v["flag_reason"].startswith("mots : «") for v in flagged)


def test_a_confirmed_serious_signal_becomes_a_theme_of_the_review_board(db: Engine):
    from verbatim.review.board import build_board

    with session_scope(db) as s:
        top = compute_signals(s, actor=REVIEWER)[0].signal
    with session_scope(db, write=True) as s:
        label = confirm_signal(s, signal=top, actor=REVIEWER, comment="À discuter avec le CH")
    with session_scope(db) as s:
        card = next(c for c in build_board(s, actor=COORDINATOR).cards if c.label == label)
        again = next(i for i in compute_signals(s, actor=COORDINATOR) if i.signal.key == top.key)
    assert label == f"Signal : {top.subject}"
    assert set(card.answer_ids) == set(top.answer_ids)
    assert card.review.comments and "À discuter avec le CH" in card.review.comments[0].text
    assert again.status == CONFIRMED


def test_the_signals_page_lists_the_ranked_signals_with_their_reasons(db: Engine):
    from _apptest import app, ok

    at = ok(app(principal=REVIEWER).run())
    at = ok(at.switch_page("app_pages/signals.py").run())
    assert at.title[0].value == "Signaux faibles"
    with session_scope(db) as s:
        top = compute_signals(s, actor=REVIEWER)[0].signal
    shown = [m.value for m in at.markdown]
    assert any(top.subject in m and "Rare mais grave" in m for m in shown)
    assert top.reason in shown
    # a reviewer may confirm or dismiss: the buttons are there
    assert any(b.label == "Confirmer" for b in at.button)
