"""Votes, comments and decisions on themes, and their export as decisions.csv."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from _review_fixtures import (
    COORDINATOR,
    DOCTOR,
    PATIENT,
    RU,
    Corpus,
    StoredRun,
    board_world,
    first_run,
    make_corpus,
    second_run,
)
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from verbatim.db import session_scope
from verbatim.db.tables import AuditEvent
from verbatim.db.tables_review import PriorityVote, ThemeDecision
from verbatim.errors import VerbatimError
from verbatim.review import decisions, edits
from verbatim.review.board import build_board


@pytest.fixture
def world(engine: Engine) -> tuple[Engine, Corpus, StoredRun]:
    return board_world(engine)


def _card(engine: Engine, lineage: int):
    with Session(engine) as s:
        return build_board(s, actor=COORDINATOR).card(lineage)


def test_each_reviewer_votes_once_per_theme_and_a_new_vote_replaces_the_old(world):
    engine, _, run = world
    attente = run.theme_ids["attente"]
    with session_scope(engine, write=True) as s:
        decisions.cast_vote(s, actor=PATIENT, lineage=attente, priority=1)
        decisions.cast_vote(s, actor=PATIENT, lineage=attente, priority=3)
        decisions.cast_vote(s, actor=RU, lineage=attente, priority=2)
        decisions.cast_vote(s, actor=DOCTOR, lineage=attente, priority=1)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(PriorityVote)).one() == 3
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "review.vote")).all()
    review = _card(engine, attente).review
    assert review.vote_of("account:marie") == 3
    assert review.votes_by_group() == {"patients": [3, 2], "professionals": [1], "coordination": []}
    assert len(events) == 4 and events[1].detail["previous"] == 1
    assert {e.detail["by"]["reviewer_kind"] for e in events} == {
        "patient_partner", "user_representative", "professional"
    }  # fmt: skip


def test_bad_votes_comments_and_decisions_are_refused_in_french(world):
    engine, _, run = world
    rdv = run.theme_ids["rdv"]
    with session_scope(engine, write=True) as s:
        with pytest.raises(VerbatimError, match="Priorité « 5 » inconnue"):
            decisions.cast_vote(s, actor=PATIENT, lineage=rdv, priority=5)
        with pytest.raises(VerbatimError, match="n'existe pas"):
            decisions.cast_vote(s, actor=PATIENT, lineage=999, priority=2)
        with pytest.raises(VerbatimError, match="commentaire est vide"):
            decisions.add_comment(s, actor=PATIENT, lineage=rdv, text="   ")
        with pytest.raises(VerbatimError, match="Décision « urgent » inconnue"):
            decisions.decide(s, actor=COORDINATOR, lineage=rdv, kind="urgent")
        with pytest.raises(VerbatimError, match="responsable"):
            decisions.decide(s, actor=COORDINATOR, lineage=rdv, kind="action", owner=" ")
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(ThemeDecision)).one() == 0


def test_a_decision_can_be_revised_and_public_ones_feed_the_waiting_room(world):
    engine, _, run = world
    rdv = run.theme_ids["rdv"]
    with session_scope(engine, write=True) as s:
        decisions.decide(s, actor=COORDINATOR, lineage=rdv, kind="watch")
        decisions.decide(
            s, actor=COORDINATOR, lineage=rdv, kind="action", owner="Secrétariat",
            due_on=date(2027, 2, 1), note="Plages de rendez-vous le samedi", public=True,
        )  # fmt: skip
    with Session(engine) as s:
        rows = s.exec(select(ThemeDecision)).all()
        shown = decisions.public_decisions(s, actor=PATIENT)
    assert len(rows) == 1 and rows[0].kind == "action" and rows[0].owner == "Secrétariat"
    assert [(label, d.note) for label, d in shown] == [
        ("Accès aux rendez-vous", "Plages de rendez-vous le samedi")
    ]


def test_a_merged_theme_brings_its_votes_comments_and_decision(world):
    engine, _, run = world
    rdv, attente = run.theme_ids["rdv"], run.theme_ids["attente"]
    with session_scope(engine, write=True) as s:
        decisions.cast_vote(s, actor=PATIENT, lineage=rdv, priority=3)
        decisions.cast_vote(s, actor=DOCTOR, lineage=rdv, priority=2)
        decisions.cast_vote(s, actor=DOCTOR, lineage=attente, priority=1)
        decisions.add_comment(s, actor=PATIENT, lineage=rdv, text="Pas de créneau le soir")
        decisions.decide(s, actor=COORDINATOR, lineage=rdv, kind="watch")
        edits.merge(s, actor=COORDINATOR, source=rdv, target=attente)
    review = _card(engine, attente).review
    assert review.vote_of("account:marie") == 3
    assert review.vote_of("account:paul") == 1  # the target's own vote wins
    assert [c.text for c in review.comments] == ["Pas de créneau le soir"]
    assert review.decision is not None and review.decision.kind == "watch"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_verbatim_export_writes_decisions_csv_with_votes_by_kind(sqlite_engine: Engine, tmp_path):
    from verbatim.cli import main
    from verbatim.review import meetings

    with session_scope(sqlite_engine, write=True) as s:
        corpus = make_corpus(s)
        run1 = first_run(s, corpus)
        meeting = meetings.create_meeting(
            s, actor=COORDINATOR, held_on=date(2026, 12, 3), participants=[]
        )
        attente = run1.theme_ids["attente"]
        for actor, priority in ((PATIENT, 3), (RU, 3), (DOCTOR, 2), (COORDINATOR, 1)):
            decisions.cast_vote(s, actor=actor, lineage=attente, priority=priority)
        decisions.add_comment(s, actor=DOCTOR, lineage=attente, text="=SOMME(A1)")
        decisions.decide(s, actor=COORDINATOR, lineage=attente, kind="action", owner="Dr Paul",
                         due_on=date(2027, 1, 15), meeting_id=meeting.id)  # fmt: skip
        decisions.add_comment(s, actor=PATIENT, lineage=run1.theme_ids["rdv"], text="Vu")
        edits.rename(s, actor=PATIENT, lineage=attente, label="Temps d'attente")
        second_run(s, corpus, run1)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "decisions.csv" in result.output
    rows = _read_csv(out / "decisions.csv")
    assert [r["theme"] for r in rows] == ["Accès aux rendez-vous", "Temps d'attente"]
    row = rows[1]
    assert row["decision"] == "Action à mener" and row["owner"] == "Dr Paul"
    assert row["due_date"] == "15/01/2027" and row["session_date"] == "03/12/2026"
    assert (row["votes_patient_partner"], row["votes_user_representative"]) == ("1", "1")
    assert (row["votes_professional"], row["votes_coordinator"]) == ("1", "1")
    assert row["priority_patients"] == "3" and row["priority_professionals"] == "2"
    assert row["comments"] == "1"
    assert rows[0]["decision"] == "" and rows[0]["comments"] == "1"
