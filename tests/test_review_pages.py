"""The review, meeting and audit pages through AppTest, with a coordinator and with reviewers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from _review_fixtures import COORDINATOR, DOCTOR, KIOSK, PATIENT, StoredRun, first_run, make_corpus
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from app_pages import _state
from verbatim.db import session_scope
from verbatim.db.tables_review import PriorityVote, ReviewMeeting, ThemeDecision
from verbatim.db.tables_themes import Theme
from verbatim.review.permissions import Principal

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["review", "meeting", "audit"]


def _page(name: str, principal: Principal | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=60)
    if principal is not None:
        at.session_state[_state.PRINCIPAL] = principal
    return at.run()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.fixture
def analysed(sqlite_engine: Engine) -> StoredRun:
    with session_scope(sqlite_engine, write=True) as s:
        return first_run(s, make_corpus(s))


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_on_an_empty_database(name: str, sqlite_engine: Engine):
    at = _ok(_page(name, COORDINATOR))
    assert at.title and not _errors(at)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("principal", [COORDINATOR, PATIENT, DOCTOR], ids=lambda p: p.username)
def test_pages_open_with_an_analysis_for_coordinators_and_reviewers(
    name: str, principal: Principal, analysed: StoredRun
):
    at = _ok(_page(name, principal))
    if name == "audit" and principal.role == "reviewer":
        assert _errors(at) == [
            "Votre rôle (relecteur) ne permet pas de consulter le journal des actions."
        ]
        assert not at.dataframe
    else:
        assert not _errors(at)


@pytest.mark.parametrize("name", PAGES)
def test_pages_refuse_nobody_and_the_kiosk(name: str, analysed: StoredRun):
    assert _errors(_ok(_page(name, None))) == ["Connectez-vous pour continuer."]
    assert "ne permet pas" in _errors(_ok(_page(name, KIOSK)))[0]


def test_a_patient_partner_renames_and_votes_and_the_coordinator_sees_both(
    analysed: StoredRun, sqlite_engine: Engine
):
    lineage = analysed.theme_ids["rdv"]
    at = _page("review", PATIENT)
    at.text_input(key=f"rv_label_{lineage}").input("Délais de rendez-vous")
    at = _ok(at.button(key=f"rv_renamebtn_{lineage}").click().run())
    assert [s.value for s in at.success] == ["Thème renommé."]
    at.radio(key=f"rv_vote_{lineage}").set_value(3)
    at = _ok(at.button(key=f"rv_votebtn_{lineage}").click().run())
    with Session(sqlite_engine) as s:
        assert s.get(Theme, lineage).label == "Délais de rendez-vous"
        vote = s.exec(select(PriorityVote)).one()
    assert (vote.lineage, vote.voter_kind, vote.priority) == (lineage, "patient_partner", 3)
    # the patient partner has no "Décider" tab; the coordinator has, and sees the rename and vote
    assert not [b for b in at.button if b.key == f"rv_dec_{lineage}btn"]
    coordinator = _ok(_page("review", COORDINATOR))
    markdown = " ".join(m.value for m in coordinator.markdown)
    assert "### Délais de rendez-vous" in markdown
    assert "Patients partenaires et RU : 1 (moy. 3,0)" in markdown
    audit_page = _ok(_page("audit", COORDINATOR))
    table = audit_page.dataframe[0].value
    assert "Marie D. (relecteur, patient partenaire)" in set(table["Qui"])
    assert {"Thème renommé", "Vote de priorité"} <= set(table["Action"])


def test_the_coordinator_records_a_decision_on_the_board(analysed: StoredRun, sqlite_engine):
    lineage = analysed.theme_ids["attente"]
    at = _page("review", COORDINATOR)
    at.selectbox(key=f"rv_dec_{lineage}").set_value("action")
    at.text_input(key=f"rv_dec_{lineage}o").input("Dr Paul")
    at = _ok(at.button(key=f"rv_dec_{lineage}btn").click().run())
    with Session(sqlite_engine) as s:
        decision = s.exec(select(ThemeDecision)).one()
    assert (decision.lineage, decision.kind, decision.owner) == (lineage, "action", "Dr Paul")
    # an action without owner is refused with the French message, nothing stored twice
    at.text_input(key=f"rv_dec_{lineage}o").input("")
    at = _ok(at.button(key=f"rv_dec_{lineage}btn").click().run())
    assert _errors(at) == ["Une action à mener doit avoir un responsable."]


def test_a_meeting_is_opened_led_and_voted_from_the_page(analysed: StoredRun, sqlite_engine):
    at = _page("meeting", COORDINATOR)
    at.text_input(key="mt_title").input("Comité usagers")
    at.text_area(key="mt_people").input("Marie D. ; patient\nDr Paul ; pro")
    at = _ok(at.button(key="mt_create").click().run())
    with Session(sqlite_engine) as s:
        meeting = s.exec(select(ReviewMeeting)).one()
    assert [p["kind"] for p in meeting.participants] == ["patient_partner", "professional"]
    assert "Attente" in " ".join(m.value for m in at.markdown)  # the first theme, on screen
    at = _ok(at.button(key="mt_next").click().run())
    first = analysed.theme_ids["secretariat"]
    at.radio(key=f"mt_pv_{meeting.id}_{first}_0").set_value(3)
    at.radio(key=f"mt_pv_{meeting.id}_{first}_1").set_value(1)
    at = _ok(at.button(key="mt_pvbtn").click().run())
    with Session(sqlite_engine) as s:
        votes = {v.voter_name: v.priority for v in s.exec(select(PriorityVote)).all()}
        assert s.get(ReviewMeeting, meeting.id).position == 1
    assert votes == {"Marie D.": 3, "Dr Paul": 1}
    # a reviewer follows on their own device: same theme, their own vote, no navigation
    reviewer = _ok(_page("meeting", PATIENT))
    assert "Secrétariat" in " ".join(m.value for m in reviewer.markdown)
    assert not [b for b in reviewer.button if b.key in ("mt_next", "mt_prev", "mt_pvbtn")]
    assert reviewer.radio(key=f"mt_myvote_{first}").value is None  # "Marie D." has no account
    assert reviewer.dataframe  # the summary table


def test_the_board_page_shows_merged_split_and_off_topic_themes(
    analysed: StoredRun, sqlite_engine: Engine
):
    from verbatim.db.tables_themes import AnswerAnalysis
    from verbatim.review import edits, meetings

    t = analysed.theme_ids
    with session_scope(sqlite_engine, write=True) as s:
        answer = s.exec(
            select(AnswerAnalysis.answer_id).where(AnswerAnalysis.theme_id == t["secretariat"])
        ).first()
        edits.merge(s, actor=COORDINATOR, source=t["rdv"], target=t["attente"])
        edits.move_answers(s, actor=COORDINATOR, answer_ids=[answer], new_label="Téléphone")
        edits.set_off_topic(s, actor=COORDINATOR, lineage=t["secretariat"])
        meeting = meetings.create_meeting(
            s, actor=COORDINATOR, held_on=date(2026, 12, 1), participants=[]
        )
        meetings.close_meeting(s, actor=COORDINATOR, meeting_id=meeting.id)
    at = _ok(_page("review", DOCTOR))
    headers = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headers == ["### Attente", "### Téléphone", "### Secrétariat"]
    assert [h.value for h in at.subheader] == ["Hors sujet"]
    assert any("Fusion de : Accès aux rendez-vous" in c.value for c in at.caption)
    closed = _ok(_page("meeting", COORDINATOR))
    assert closed.button(key="mt_reopen") and closed.button(key="mt_decbtn").disabled
