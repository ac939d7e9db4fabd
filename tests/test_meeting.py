"""Review meetings: participants, one theme at a time, live votes and decisions, the summary."""

from __future__ import annotations

from datetime import date

import pytest
from _review_fixtures import COORDINATOR, DOCTOR, PATIENT, Corpus, StoredRun, first_run, make_corpus
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from verbatim.db import session_scope
from verbatim.db.tables import AuditEvent
from verbatim.db.tables_review import PriorityVote
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.output.board_charts import votes_by_group
from verbatim.review import decisions, edits, meetings

PEOPLE = "Marie D. ; patient\nRené L. ; RU\nDr Paul ; pro\nClaire ; coordination"


@pytest.fixture
def world(engine: Engine) -> tuple[Engine, Corpus, StoredRun, int]:
    with session_scope(engine, write=True) as s:
        corpus = make_corpus(s)
        run = first_run(s, corpus)
        people = meetings.parse_participants(PEOPLE)
        people[0]["username"] = "marie"  # Marie has an account: one identity on board and meeting
        meeting = meetings.create_meeting(
            s, actor=COORDINATOR, held_on=date(2026, 12, 3), title="Comité usagers",
            participants=people, run_id=run.run_id,
        )  # fmt: skip
        meeting_id = int(meeting.id or 0)
    return engine, corpus, run, meeting_id


def test_participants_are_typed_one_per_line_and_checked():
    people = meetings.parse_participants(PEOPLE)
    assert [p["kind"] for p in people] == [
        "patient_partner", "user_representative", "professional", "coordinator"
    ]  # fmt: skip
    with pytest.raises(VerbatimError, match="Participant « Jean » : type « chef » inconnu"):
        meetings.parse_participants("Jean ; chef")
    with pytest.raises(VerbatimError, match="deux fois"):
        meetings.parse_participants("Jean ; pro\njean ; patient")
    with pytest.raises(VerbatimError, match="un nom"):
        meetings.parse_participants(" ; pro")


def test_the_meeting_shows_one_theme_at_a_time_and_the_coordinator_leads(world):
    engine, _, _run, meeting_id = world
    with Session(engine) as s:
        meeting, board = meetings.agenda(s, actor=PATIENT, meeting_id=meeting_id)
    assert meeting.position == 0 and board.active[0].label == "Attente"
    with session_scope(engine, write=True) as s:
        assert meetings.go_to(s, actor=COORDINATOR, meeting_id=meeting_id, position=1) == 1
        assert meetings.go_to(s, actor=COORDINATOR, meeting_id=meeting_id, position=99) == 2
        with pytest.raises(PermissionDenied):
            meetings.go_to(s, actor=PATIENT, meeting_id=meeting_id, position=0)
    with Session(engine) as s:
        meeting, _ = meetings.agenda(s, actor=DOCTOR, meeting_id=meeting_id)
    assert meeting.position == 2


def test_votes_and_decisions_are_captured_live_and_the_summary_compares_groups(world):
    engine, _, run, meeting_id = world
    attente, rdv = run.theme_ids["attente"], run.theme_ids["rdv"]
    with session_scope(engine, write=True) as s:
        decisions.cast_vote(s, actor=PATIENT, lineage=attente, priority=1)  # before the meeting
        for name, priority in (("Marie D.", 3), ("René L.", 3), ("Dr Paul", 1), ("Claire", 2)):
            meetings.record_participant_vote(
                s, actor=COORDINATOR, meeting_id=meeting_id, participant=name, lineage=attente,
                priority=priority,
            )  # fmt: skip
        decisions.cast_vote(s, actor=DOCTOR, lineage=rdv, priority=3, meeting_id=meeting_id)
        decisions.decide(s, actor=COORDINATOR, lineage=attente, kind="action", owner="Claire",
                         due_on=date(2027, 3, 1), meeting_id=meeting_id)  # fmt: skip
    with Session(engine) as s:
        # Marie's vote in the meeting replaced her earlier vote: one vote per person and theme
        marie = s.exec(select(PriorityVote).where(PriorityVote.voter_key == "account:marie")).all()
        result = meetings.summary(s, actor=PATIENT, meeting_id=meeting_id)
    assert [(v.priority, v.meeting_id) for v in marie] == [(3, meeting_id)]
    rows = {r.label: r for r in result.rows}
    assert rows["Attente"].votes == {"patients": 2, "professionals": 1, "coordination": 1}
    assert rows["Attente"].mean_priority["patients"] == 3.0
    assert rows["Attente"].mean_priority["professionals"] == 1.0
    assert rows["Attente"].decision == "Action à mener" and rows["Attente"].decided_here
    assert rows["Accès aux rendez-vous"].votes["professionals"] == 1
    assert [r.label for r in result.decided] == ["Attente"]

    labels = [r.label for r in result.rows]
    groups = ("patients", "professionals")
    fig = votes_by_group(
        labels,
        {g: [r.mean_priority[g] for r in result.rows] for g in groups},
        {g: [r.votes[g] for r in result.rows] for g in groups},
        decisions.GROUP_LABELS,
    )
    assert [t.name for t in fig.data] == ["Patients partenaires et RU", "Professionnels"]
    assert list(fig.data[1].y) == [1, 0, 3]


def test_a_closed_meeting_takes_no_more_votes_and_only_known_participants_vote(world):
    engine, _, run, meeting_id = world
    attente = run.theme_ids["attente"]
    with session_scope(engine, write=True) as s:
        with pytest.raises(VerbatimError, match="ne participe pas"):
            meetings.record_participant_vote(
                s, actor=COORDINATOR, meeting_id=meeting_id, participant="Inconnu",
                lineage=attente, priority=2,
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            meetings.record_participant_vote(
                s, actor=PATIENT, meeting_id=meeting_id, participant="René L.", lineage=attente,
                priority=2,
            )  # fmt: skip
        meetings.close_meeting(s, actor=COORDINATOR, meeting_id=meeting_id)
    with session_scope(engine, write=True) as s, pytest.raises(VerbatimError, match="close"):
        decisions.cast_vote(s, actor=PATIENT, lineage=attente, priority=2, meeting_id=meeting_id)
    with session_scope(engine, write=True) as s:
        meetings.reopen_meeting(s, actor=COORDINATOR, meeting_id=meeting_id)
        decisions.cast_vote(s, actor=PATIENT, lineage=attente, priority=2, meeting_id=meeting_id)
    with Session(engine) as s:
        actions = s.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert s.exec(select(func.count()).select_from(PriorityVote)).one() == 1
    assert actions[-3:] == ["meeting.close", "meeting.reopen", "review.vote"]


def test_off_topic_themes_are_left_out_of_the_meeting(world):
    engine, _, run, meeting_id = world
    with session_scope(engine, write=True) as s:
        edits.set_off_topic(s, actor=PATIENT, lineage=run.theme_ids["secretariat"])
    with Session(engine) as s:
        _, board = meetings.agenda(s, actor=DOCTOR, meeting_id=meeting_id)
        result = meetings.summary(s, actor=DOCTOR, meeting_id=meeting_id)
    assert "Secrétariat" not in [c.label for c in board.active]
    assert "Secrétariat" not in [r.label for r in result.rows]
