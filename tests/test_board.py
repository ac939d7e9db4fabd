"""The review board: cards, renames, merges, splits, "hors sujet", carry-over and permissions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from _review_fixtures import (
    COORDINATOR,
    DOCTOR,
    KIOSK,
    PATIENT,
    Corpus,
    StoredRun,
    board_world,
    first_run,
    make_corpus,
    second_run,
)
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, AuditEvent
from verbatim.db.tables_review import AnswerMove, ThemeDecision, ThemeMerge
from verbatim.db.tables_themes import AnswerAnalysis, Theme
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.review import decisions, edits, meetings
from verbatim.review.board import build_board, list_runs, load_board, quotes
from verbatim.review.permissions import Principal


@pytest.fixture
def world(engine: Engine) -> tuple[Engine, Corpus, StoredRun]:
    return board_world(engine)


def _board(engine: Engine, actor: Principal = COORDINATOR, run_id: int | None = None):
    with Session(engine) as s:
        return build_board(s, actor=actor, run_id=run_id)


def _sizes(board) -> dict[str, int]:
    return {card.label: card.size for card in board.cards}


def _informative_with_theme(engine: Engine, run_id: int) -> int:
    with Session(engine) as s:
        stmt = (
            select(func.count())
            .select_from(AnswerAnalysis)
            .where(
                AnswerAnalysis.run_id == run_id,
                AnswerAnalysis.informative,
                AnswerAnalysis.theme_id.is_not(None),  # type: ignore[union-attr]
            )
        )
        return int(s.exec(stmt).one())


def test_the_board_shows_one_card_per_theme_with_size_tone_and_trend(world):
    engine, _, run = world
    board = _board(engine, PATIENT)
    assert _sizes(board) == {"Attente": 3, "Secrétariat": 3, "Accès aux rendez-vous": 2}
    assert board.assigned == _informative_with_theme(engine, run.run_id) == 8
    secretariat = board.card(run.theme_ids["secretariat"])
    assert secretariat.tone["positive"] == 1 and secretariat.tone["negative"] == 2
    assert [m for m, _ in secretariat.trend] == ["2026-01", "2026-02", "2026-03"]
    assert [n for _, n in secretariat.trend] == [1, 1, 1]
    assert "secretariat" in secretariat.keywords


def test_quotes_are_pseudonymised_text_never_raw_text_and_more_come_on_demand(world):
    engine, corpus, run = world
    with session_scope(engine, write=True) as s:
        answer = s.get(Answer, corpus.answer_ids[0])
        answer.raw_text = "SECRET Dr Dupont 06 12 34 56 78"
        s.add(answer)
    board = _board(engine, PATIENT)
    card = board.card(run.theme_ids["attente"])
    with Session(engine) as s:
        first = quotes(s, actor=PATIENT, card=card, limit=2)
        more = quotes(s, actor=PATIENT, card=card, limit=2, offset=2)
    shown = [text for _, text in first + more]
    assert len(first) == 2 and len(more) == 1
    assert not any("SECRET" in text for text in shown)
    assert {a for a, _ in first + more} == set(corpus.answer_ids[:3])


def test_a_patient_partner_renames_a_theme_and_the_audit_says_who(world):
    engine, _, run = world
    with session_scope(engine, write=True) as s:
        edits.rename(s, actor=PATIENT, lineage=run.theme_ids["rdv"], label="Délais de rendez-vous")
    with Session(engine) as s:
        theme = s.get(Theme, run.theme_ids["rdv"])
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "theme.rename")).one()
    assert theme.label == "Délais de rendez-vous" and theme.label_edited
    assert event.actor == "Marie D. (relecteur, patient partenaire)"
    assert event.detail["by"]["reviewer_kind"] == "patient_partner"
    assert _board(engine).card(run.theme_ids["rdv"]).label == "Délais de rendez-vous"


def test_merging_two_themes_keeps_the_total_and_can_be_undone(world):
    engine, _, run = world
    with session_scope(engine, write=True) as s:
        board = edits.merge(
            s, actor=DOCTOR, source=run.theme_ids["rdv"], target=run.theme_ids["attente"]
        )
    assert _sizes(board) == {"Attente": 5, "Secrétariat": 3}
    assert board.assigned == _informative_with_theme(engine, run.run_id)
    merged = board.card(run.theme_ids["rdv"])  # the merged lineage leads to its target's card
    assert merged.label == "Attente" and merged.merged_labels == ["Accès aux rendez-vous"]
    with session_scope(engine, write=True) as s, pytest.raises(VerbatimError, match="différents"):
        edits.merge(s, actor=DOCTOR, source=run.theme_ids["rdv"], target=run.theme_ids["attente"])
    with session_scope(engine, write=True) as s:
        edits.unmerge(s, actor=DOCTOR, lineage=run.theme_ids["rdv"])
    assert _sizes(_board(engine))["Accès aux rendez-vous"] == 2


def test_splitting_a_theme_into_a_new_one_keeps_counts_consistent(world):
    engine, corpus, run = world
    phone = [corpus.answer_ids[3], corpus.answer_ids[4]]
    with session_scope(engine, write=True) as s:
        lineage = edits.move_answers(s, actor=PATIENT, answer_ids=phone, new_label="Téléphone")
    board = _board(engine)
    assert lineage < 0
    assert _sizes(board) == {"Attente": 3, "Secrétariat": 1, "Accès aux rendez-vous": 2,
                             "Téléphone": 2}  # fmt: skip
    assert board.assigned == 8
    assert board.card(lineage).manual and board.card(lineage).moved_in == 2
    # move one answer on to an existing theme, and a non-informative one into a theme
    with session_scope(engine, write=True) as s:
        edits.move_answers(s, actor=PATIENT, answer_ids=[phone[0]], target=run.theme_ids["rdv"])
        edits.move_answers(
            s, actor=PATIENT, answer_ids=[corpus.answer_ids[8]], target=run.theme_ids["attente"]
        )
    board = _board(engine)
    assert _sizes(board) == {"Attente": 4, "Secrétariat": 1, "Accès aux rendez-vous": 3,
                             "Téléphone": 1}  # fmt: skip
    assert board.assigned == 9
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(AnswerMove)).one() == 3


def test_bad_moves_are_refused_in_french_and_change_nothing(world):
    engine, corpus, run = world
    with session_scope(engine, write=True) as s:
        with pytest.raises(VerbatimError, match="au moins une réponse"):
            edits.move_answers(s, actor=PATIENT, answer_ids=[], new_label="X")
        with pytest.raises(VerbatimError, match="l'un des deux"):
            edits.move_answers(s, actor=PATIENT, answer_ids=[corpus.answer_ids[0]])
        with pytest.raises(VerbatimError, match="ne fait pas partie"):
            edits.move_answers(s, actor=PATIENT, answer_ids=[10**6], target=run.theme_ids["rdv"])
        with pytest.raises(VerbatimError, match="n'existe pas"):
            edits.move_answers(s, actor=PATIENT, answer_ids=[corpus.answer_ids[0]], target=999)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(AnswerMove)).one() == 0


def test_deleting_a_moved_answer_removes_its_move_and_counts_stay_consistent(world):
    engine, corpus, run = world
    moved = corpus.answer_ids[3]
    with session_scope(engine, write=True) as s:
        edits.move_answers(s, actor=PATIENT, answer_ids=[moved], target=run.theme_ids["rdv"])
    with session_scope(engine, write=True) as s:
        s.delete(s.get(Answer, moved))
    board = _board(engine)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(AnswerMove)).one() == 0
    assert _sizes(board) == {"Attente": 3, "Secrétariat": 2, "Accès aux rendez-vous": 2}
    assert board.assigned == _informative_with_theme(engine, run.run_id) == 7


def test_off_topic_themes_are_shown_apart(world):
    engine, _, run = world
    with session_scope(engine, write=True) as s:
        edits.set_off_topic(s, actor=PATIENT, lineage=run.theme_ids["secretariat"])
    board = _board(engine)
    assert [c.label for c in board.off_topic] == ["Secrétariat"]
    assert "Secrétariat" not in [c.label for c in board.active]
    with session_scope(engine, write=True) as s:
        edits.set_off_topic(s, actor=PATIENT, lineage=run.theme_ids["secretariat"], off_topic=False)
    assert not _board(engine).off_topic


def test_every_edit_survives_a_new_run_and_hand_moved_answers_stay_put(world):
    engine, corpus, run1 = world
    with session_scope(engine, write=True) as s:
        edits.merge(
            s, actor=PATIENT, source=run1.theme_ids["rdv"], target=run1.theme_ids["attente"]
        )
        new = edits.move_answers(
            s, actor=PATIENT, answer_ids=[corpus.answer_ids[3]], new_label="Téléphone"
        )
        edits.set_off_topic(s, actor=PATIENT, lineage=run1.theme_ids["secretariat"])
        decisions.cast_vote(s, actor=PATIENT, lineage=run1.theme_ids["attente"], priority=3)
        decisions.add_comment(s, actor=DOCTOR, lineage=run1.theme_ids["attente"], text="À suivre")
        decisions.decide(s, actor=COORDINATOR, lineage=run1.theme_ids["attente"], kind="action",
                         owner="Dr Paul", due_on=date(2027, 1, 31))  # fmt: skip
    # the engine now puts answer 3 (moved by hand) in "attente" and answer 8 in "secretariat"
    with session_scope(engine, write=True) as s:
        run2 = second_run(s, corpus, run1, i3="attente", i8="secretariat")
    board = _board(engine)
    assert board.run_id == run2.run_id
    attente = board.card(run2.theme_ids["attente"])
    assert attente.lineage == run1.theme_ids["attente"]
    assert attente.size == 5 and attente.merged_labels == ["Accès aux rendez-vous"]
    assert board.card(new).size == 1 and board.card(new).label == "Téléphone"
    assert corpus.answer_ids[3] in board.card(new).answer_ids
    assert [c.label for c in board.off_topic] == ["Secrétariat"]
    assert attente.review.vote_of("account:marie") == 3
    assert [c.text for c in attente.review.comments] == ["À suivre"]
    assert attente.review.decision.owner == "Dr Paul"
    assert board.assigned == _informative_with_theme(engine, run2.run_id) == 9
    # the earlier run's board is unchanged by the new run
    assert board.card(run2.theme_ids["rdv"]).lineage == run1.theme_ids["attente"]
    assert _board(engine, run_id=run1.run_id).assigned == 8


# --- permissions -----------------------------------------------------------------------------


def _calls(
    run: StoredRun, corpus: Corpus, meeting_id: int
) -> dict[str, Callable[[Session, Principal], object]]:
    t, m = run.theme_ids, meeting_id
    return {
        "list_runs": lambda s, a: list_runs(s, actor=a),
        "build_board": lambda s, a: build_board(s, actor=a),
        "quotes": lambda s, a: quotes(s, actor=a, card=load_board(s).cards[0]),
        "rename": lambda s, a: edits.rename(s, actor=a, lineage=t["rdv"], label="X"),
        "merge": lambda s, a: edits.merge(s, actor=a, source=t["rdv"], target=t["attente"]),
        "unmerge": lambda s, a: edits.unmerge(s, actor=a, lineage=t["secretariat"]),
        "move": lambda s, a: edits.move_answers(
            s, actor=a, answer_ids=[corpus.answer_ids[0]], new_label="Y"
        ),
        "off_topic": lambda s, a: edits.set_off_topic(s, actor=a, lineage=t["rdv"]),
        "vote": lambda s, a: decisions.cast_vote(s, actor=a, lineage=t["rdv"], priority=2),
        "comment": lambda s, a: decisions.add_comment(s, actor=a, lineage=t["rdv"], text="ok"),
        "decide": lambda s, a: decisions.decide(s, actor=a, lineage=t["rdv"], kind="watch"),
        "public_decisions": lambda s, a: decisions.public_decisions(s, actor=a),
        "create_meeting": lambda s, a: meetings.create_meeting(
            s, actor=a, held_on=date(2026, 12, 1), participants=[]
        ),
        "list_meetings": lambda s, a: meetings.list_meetings(s, actor=a),
        "agenda": lambda s, a: meetings.agenda(s, actor=a, meeting_id=m),
        "go_to": lambda s, a: meetings.go_to(s, actor=a, meeting_id=m, position=1),
        "participant_vote": lambda s, a: meetings.record_participant_vote(
            s, actor=a, meeting_id=m, participant="Marie D.", lineage=t["rdv"], priority=3
        ),
        "summary": lambda s, a: meetings.summary(s, actor=a, meeting_id=m),
        "close_meeting": lambda s, a: meetings.close_meeting(s, actor=a, meeting_id=m),
        "reopen_meeting": lambda s, a: meetings.reopen_meeting(s, actor=a, meeting_id=m),
    }


# Services a reviewer may not call (coordinators only); all others are open to reviewers.
REVIEWER_REFUSED = {
    "decide", "create_meeting", "go_to", "participant_vote", "close_meeting", "reopen_meeting"
}  # fmt: skip
ONCE = {"move", "merge", "unmerge"}  # done by the reviewer; a second call would be refused
SERVICES = sorted(
    _calls(StoredRun(0, {"rdv": 0, "attente": 0, "secretariat": 0}), Corpus([], 0), 0)
)


@pytest.mark.parametrize("name", SERVICES)
def test_roles_are_enforced_by_every_service(sqlite_engine: Engine, name: str):
    engine = sqlite_engine  # permissions do not depend on the database
    with session_scope(engine, write=True) as s:
        corpus = make_corpus(s)
        run = first_run(s, corpus)
        meeting = meetings.create_meeting(
            s, actor=COORDINATOR, held_on=date(2026, 12, 1),
            participants=[{"name": "Marie D.", "kind": "patient_partner"}],
        )  # fmt: skip
        edits.merge(
            s, actor=COORDINATOR, source=run.theme_ids["secretariat"],
            target=run.theme_ids["attente"],
        )  # fmt: skip
        before = s.exec(select(func.count()).select_from(AuditEvent)).one()
    call = _calls(run, corpus, int(meeting.id or 0))[name]
    for actor in (None, KIOSK) + ((PATIENT, DOCTOR) if name in REVIEWER_REFUSED else ()):
        with session_scope(engine, write=True) as s, pytest.raises(PermissionDenied) as refused:
            call(s, actor)
        assert "ne permet pas" in str(refused.value) or "Connectez-vous" in str(refused.value)
    with Session(engine) as s:  # a refused call changed nothing, not even the audit log
        assert s.exec(select(func.count()).select_from(AuditEvent)).one() == before
    if name not in REVIEWER_REFUSED:
        with session_scope(engine, write=True) as s:
            call(s, PATIENT)
    if name not in ONCE:
        with session_scope(engine, write=True) as s:
            call(s, COORDINATOR)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(ThemeDecision)).one() == (
            1 if name == "decide" else 0
        )
        merges = {"merge": 2, "unmerge": 0}.get(name, 1)
        assert s.exec(select(func.count()).select_from(ThemeMerge)).one() == merges


# --- with the real theme engine ----------------------------------------------------------------


@pytest.mark.model
def test_board_edits_survive_a_real_second_analysis(sqlite_engine: Engine, nlp):
    """Uses the real engine (verbatim.themes.engine.analyse) and its theme mapping across runs."""
    from theme_corpus import load_corpus

    from verbatim.themes.engine import analyse

    with session_scope(sqlite_engine, write=True) as s:
        corpus = load_corpus(s)
        analyse(s, nlp=nlp)
    with Session(sqlite_engine) as s:
        board = build_board(s, actor=PATIENT)
    by_key = {}
    with Session(sqlite_engine) as s:
        for card in board.cards:
            if card.theme_id:
                by_key[s.get(Theme, card.theme_id).key] = card
    attente, acces = by_key["attente"], by_key["acces_rdv"]
    informative = sum(1 for _, theme in corpus.values() if theme)
    assert board.assigned <= informative and board.assigned == sum(c.size for c in board.cards)
    moved = acces.answer_ids[0]
    with session_scope(sqlite_engine, write=True) as s:
        edits.rename(s, actor=PATIENT, lineage=attente.lineage, label="Temps d'attente")
        new = edits.move_answers(
            s, actor=PATIENT, answer_ids=[moved], new_label="Créneaux en ligne"
        )
        decisions.cast_vote(s, actor=DOCTOR, lineage=attente.lineage, priority=3)
        decisions.decide(s, actor=COORDINATOR, lineage=acces.lineage, kind="watch")
    with session_scope(sqlite_engine, write=True) as s:
        load_corpus(s, rows=[("ameliorer", "Encore une heure d'attente ce matin.", "attente")])
        second = analyse(s, nlp=nlp)
    with Session(sqlite_engine) as s:
        board2 = build_board(s, actor=PATIENT)
    assert board2.run_id == second.run_id != board.run_id
    renamed = board2.card(attente.lineage)
    assert renamed.label == "Temps d'attente" and renamed.theme_id != attente.theme_id
    assert renamed.review.vote_of("account:paul") == 3
    assert board2.card(new).answer_ids == [moved]
    assert board2.card(acces.lineage).review.decision.kind == "watch"
    assert board2.assigned == sum(c.size for c in board2.cards)
