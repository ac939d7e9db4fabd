"""Privacy services: staff list, corrections, raw text, small counts, retention and purge, CLI."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert, select
from sqlmodel import Session, func

from verbatim.cli import main
from verbatim.db import session_scope
from verbatim.db.tables import Answer, AuditEvent, Response
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.intake.submit import submit_response
from verbatim.privacy import purge as purge_module
from verbatim.privacy.correction import correct_answer_text
from verbatim.privacy.purge import cutoff, purge
from verbatim.privacy.small_counts import mask_breakdown, mask_count, mask_frame, mask_rows
from verbatim.review.permissions import Principal
from verbatim.survey.questionnaires import create_from_template, published_version
from verbatim.text.staff import add_staff_name, list_staff_names, remove_staff_name, staff_names

COORDINATOR = Principal(account_id=None, username="coord", display_name="Coord", role="coordinator")
REVIEWER = Principal(account_id=None, username="rev", display_name="Rev", role="reviewer")

BASE = {"acces": 4, "accueil": 5, "ecoute": 5}


def _questionnaire(session: Session):
    q = create_from_template(session, actor=COORDINATOR, template="experience_msp", publish=True)
    return published_version(session, questionnaire_id=q.id)


def _submit(session: Session, version, *, text: str, when: datetime) -> Response:
    return submit_response(
        session,
        version=version,
        answers={**BASE, "apprecie": text},
        channel="kiosk",
        submitted_at=when,
    )


def _text_answer(session: Session, response_id: int) -> Answer:
    query = select(Answer).where(Answer.response_id == response_id, Answer.text.is_not(None))
    return session.execute(query).scalars().one()


def _count(session: Session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


# --- staff list ---------------------------------------------------------------------------------


def test_staff_list_add_remove_is_audited_without_the_name(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine, write=True) as s:
        add_staff_name(s, name="  Sophie   Martin ", actor=COORDINATOR)
        add_staff_name(s, name="Élodie Béranger", actor=COORDINATOR)
    with session_scope(sqlite_engine) as s:
        assert [r.name for r in list_staff_names(s)] == ["Élodie Béranger", "Sophie Martin"]
        assert staff_names(s) == ["Élodie Béranger", "Sophie Martin"]
    with session_scope(sqlite_engine, write=True) as s:
        remove_staff_name(s, name="elodie beranger", actor=COORDINATOR)
    with session_scope(sqlite_engine) as s:
        assert staff_names(s) == ["Sophie Martin"]
        events = s.execute(select(AuditEvent)).scalars().all()
    assert [e.action for e in events] == ["staff_add", "staff_add", "staff_remove"]
    assert all("Martin" not in str(e.detail) and "Béranger" not in str(e.detail) for e in events)


def test_staff_duplicates_and_unknown_names_are_refused(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine, write=True) as s:
        add_staff_name(s, name="Sophie Martin", actor=COORDINATOR)
    with pytest.raises(VerbatimError, match="figure déjà"), session_scope(sqlite_engine) as s:
        add_staff_name(s, name="SOPHIE martin", actor=COORDINATOR)
    with pytest.raises(VerbatimError, match="ne figure pas"), session_scope(sqlite_engine) as s:
        remove_staff_name(s, name="Paul Durand", actor=COORDINATOR)
    with pytest.raises(VerbatimError, match="vide"), session_scope(sqlite_engine) as s:
        add_staff_name(s, name="   ", actor=COORDINATOR)
    with pytest.raises(PermissionDenied), session_scope(sqlite_engine) as s:
        add_staff_name(s, name="Paul Durand", actor=REVIEWER)


def test_submitted_text_is_redacted_with_the_staff_list(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine, write=True) as s:
        add_staff_name(s, name="Kévin Dubreuil", actor=COORDINATOR)
        version = _questionnaire(s)
        response = _submit(
            s,
            version,
            text="Merci à kevin dubreuil, rappelez-moi au 06 12 34 56 78",
            when=datetime(2026, 5, 1, tzinfo=UTC),
        )
    with session_scope(sqlite_engine) as s:
        answer = _text_answer(s, response.id)
    assert answer.text == "Merci à [NOM], rappelez-moi au [TÉLÉPHONE]"
    assert answer.raw_text is None


def test_raw_text_is_kept_only_when_the_setting_is_on(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERBATIM_KEEP_RAW_TEXT", "1")
    original = "Appelez le 06 12 34 56 78"
    with session_scope(sqlite_engine, write=True) as s:
        response = _submit(
            s, _questionnaire(s), text=original, when=datetime(2026, 5, 1, tzinfo=UTC)
        )
    with session_scope(sqlite_engine) as s:
        answer = _text_answer(s, response.id)
    assert answer.text == "Appelez le [TÉLÉPHONE]"
    assert answer.raw_text == original


# --- corrections ----------------------------------------------------------------------------------


def test_correction_restores_a_word_but_cannot_reintroduce_an_identifier(
    sqlite_engine: Engine,
) -> None:
    with session_scope(sqlite_engine, write=True) as s:
        add_staff_name(s, name="Sophie Martin", actor=COORDINATOR)
        response = _submit(
            s, _questionnaire(s), text="Très bien reçu.", when=datetime(2026, 5, 1, tzinfo=UTC)
        )
        answer_id = _text_answer(s, response.id).id
    corrected = "Attente correcte, merci Sophie Martin, mon numéro 06.12.34.56.78"
    with session_scope(sqlite_engine, write=True) as s:
        answer = correct_answer_text(s, answer_id=answer_id, text=corrected, actor=COORDINATOR)
    assert answer.text == "Attente correcte, merci [NOM], mon numéro [TÉLÉPHONE]"
    with session_scope(sqlite_engine) as s:
        assert s.get(Answer, answer_id).text == answer.text
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "answer_correct"))
        detail = event.scalars().one().detail
    assert "06" not in str(detail) and "Martin" not in str(detail) and "Attente" not in str(detail)
    assert detail["redacted_again"] == 2


def test_correction_refuses_unknown_or_non_text_answers(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine, write=True) as s:
        response = _submit(s, _questionnaire(s), text="Bien", when=datetime(2026, 5, 1, tzinfo=UTC))
        choice = s.execute(
            select(Answer).where(Answer.response_id == response.id, Answer.text.is_(None))
        ).scalars()
        choice_id = next(iter(choice)).id
    with pytest.raises(VerbatimError, match="n'existe pas"), session_scope(sqlite_engine) as s:
        correct_answer_text(s, answer_id=999_999, text="x", actor=COORDINATOR)
    with pytest.raises(VerbatimError, match="texte libre"), session_scope(sqlite_engine) as s:
        correct_answer_text(s, answer_id=choice_id, text="x", actor=COORDINATOR)
    with pytest.raises(PermissionDenied), session_scope(sqlite_engine) as s:
        correct_answer_text(s, answer_id=choice_id, text="x", actor=REVIEWER)


# --- small counts ---------------------------------------------------------------------------------


def test_mask_count_hides_small_counts_but_not_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    assert [mask_count(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]
    assert mask_count(9, threshold=10) == "< 10"
    monkeypatch.setenv("VERBATIM_SMALL_COUNT_THRESHOLD", "3")
    assert [mask_count(n) for n in (2, 3)] == ["< 3", "3"]
    monkeypatch.setenv("VERBATIM_SMALL_COUNT_THRESHOLD", "beaucoup")
    with pytest.raises(VerbatimError, match="VERBATIM_SMALL_COUNT_THRESHOLD"):
        mask_count(2)


def test_breakdown_with_total_cannot_be_unmasked_by_subtraction() -> None:
    shown = mask_breakdown({"Site A": 40, "Site B": 2, "Site C": 9})
    assert shown["Site B"] == "< 5"
    assert shown["Site C"] == "masqué"  # else 51 - 40 - 9 would give Site B
    assert shown["Site A"] == "40"
    assert mask_breakdown({"A": 40, "B": 2, "C": 9}, with_total=False)["C"] == "9"
    assert mask_breakdown({"A": 40, "B": 2, "C": 3}) == {"A": "40", "B": "< 5", "C": "< 5"}


def test_mask_rows_and_frame_mask_only_count_columns() -> None:
    import pandas as pd

    rows = [{"theme": "Attente", "n": 3}, {"theme": "Accueil", "n": 17}]
    assert mask_rows(rows, ["n"]) == [
        {"theme": "Attente", "n": "< 5"},
        {"theme": "Accueil", "n": "17"},
    ]
    frame = mask_frame(pd.DataFrame(rows))
    assert list(frame["n"]) == ["< 5", "17"] and list(frame["theme"]) == ["Attente", "Accueil"]


# --- retention and purge --------------------------------------------------------------------------

OLD = datetime(2024, 1, 10, tzinfo=UTC)
NEW = datetime(2026, 6, 1, tzinfo=UTC)


def _two_responses(engine: Engine) -> tuple[int, int]:
    with session_scope(engine, write=True) as s:
        version = _questionnaire(s)
        old = _submit(s, version, text="Ancienne réponse", when=OLD).id
        new = _submit(s, version, text="Réponse récente", when=NEW).id
    return old, new


def test_purge_dry_run_then_real_on_both_databases(engine: Engine) -> None:
    old, new = _two_responses(engine)
    before = datetime(2025, 1, 1, tzinfo=UTC)
    with session_scope(engine) as s:
        answers_of_old = _count_answers(s, old)
        plan = purge(s, before=before, dry_run=True, actor=COORDINATOR)
    assert (plan.responses, plan.answers) == (1, answers_of_old)
    with session_scope(engine) as s:
        assert _count(s, Response) == 2  # a dry run deletes nothing
    with session_scope(engine, write=True) as s:
        done = purge(s, before=before, actor=COORDINATOR)
    assert (done.responses, done.answers) == (1, answers_of_old)
    with session_scope(engine) as s:
        assert [r.id for r in s.execute(select(Response)).scalars()] == [new]
        assert _count_answers(s, old) == 0 and _count_answers(s, new) > 0
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "purge")).scalars().one()
    assert event.detail["responses"] == 1


def _count_answers(s: Session, response_id: int) -> int:
    query = select(func.count()).select_from(Answer).where(Answer.response_id == response_id)
    return s.execute(query).scalar_one()


def test_purge_cleans_any_table_with_an_answer_or_response_column(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table another area adds later (here: made up for the test) is cleaned too."""
    old, new = _two_responses(engine)
    extra = MetaData()
    note = Table(
        "test_reviewer_note",
        extra,
        Column("id", Integer, primary_key=True),
        Column("answer_id", Integer),
        Column("note", String(50)),
    )
    extra.create_all(engine)
    with session_scope(engine, write=True) as s:
        ids = {
            r: [a.id for a in s.execute(select(Answer).where(Answer.response_id == r)).scalars()]
            for r in (old, new)
        }
        s.execute(insert(note), [{"answer_id": a, "note": "x"} for r in ids for a in ids[r]])
    real_tables = purge_module._tables
    monkeypatch.setattr(
        purge_module, "_tables", lambda: {**real_tables(), "test_reviewer_note": note}
    )
    with session_scope(engine, write=True) as s:
        report = purge(s, before=datetime(2025, 1, 1, tzinfo=UTC), actor=COORDINATOR)
    assert report.other == {"test_reviewer_note": len(ids[old])}
    with session_scope(engine) as s:
        left = s.execute(select(note.c.answer_id)).scalars().all()
    assert sorted(left) == sorted(ids[new])
    extra.drop_all(engine)


def test_purge_needs_a_date_or_a_retention_setting(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        pytest.raises(VerbatimError, match="VERBATIM_RETENTION_MONTHS"),
        session_scope(sqlite_engine) as s,
    ):
        purge(s, dry_run=True, actor=COORDINATOR)
    monkeypatch.setenv("VERBATIM_RETENTION_MONTHS", "12")
    now = datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
    assert cutoff(now) == datetime(2025, 3, 31, 8, 0, tzinfo=UTC)
    monkeypatch.setenv("VERBATIM_RETENTION_MONTHS", "1")
    assert cutoff(now) == datetime(2026, 2, 28, 8, 0, tzinfo=UTC)
    with pytest.raises(PermissionDenied), session_scope(sqlite_engine) as s:
        purge(s, before=OLD, dry_run=True, actor=REVIEWER)


# --- CLI ------------------------------------------------------------------------------------------


def test_cli_staff_add_list_remove(sqlite_engine: Engine) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["staff", "add", "Sophie", "Martin"])
    assert result.exit_code == 0, result.output
    assert "« Sophie Martin » ajouté" in result.output
    assert runner.invoke(main, ["staff", "list"]).output.strip() == "Sophie Martin"
    again = runner.invoke(main, ["staff", "add", "sophie", "martin"])
    assert again.exit_code == 1 and "figure déjà" in again.output
    assert runner.invoke(main, ["staff", "remove", "Sophie Martin"]).exit_code == 0
    assert "vide" in runner.invoke(main, ["staff", "list"]).output


def test_cli_purge_dry_run_then_for_real(sqlite_engine: Engine) -> None:
    _old, new = _two_responses(sqlite_engine)
    runner = CliRunner()
    dry = runner.invoke(main, ["purge", "--dry-run", "--before", "2025-01-01"])
    assert dry.exit_code == 0, dry.output
    assert "avant le 2025-01-01" in dry.output and "1 réponse," in dry.output
    assert "rien n'a été supprimé" in dry.output
    real = runner.invoke(main, ["purge", "--before", "2025-01-01", "--yes"])
    assert real.exit_code == 0, real.output
    assert "Supprimé : 1 réponse" in real.output
    with session_scope(sqlite_engine) as s:
        assert [r.id for r in s.execute(select(Response)).scalars()] == [new]
    bad = runner.invoke(main, ["purge", "--before", "hier"])
    assert bad.exit_code == 1 and "n'est pas une date" in bad.output
    none = runner.invoke(main, ["purge", "--dry-run"])
    assert none.exit_code == 1 and "VERBATIM_RETENTION_MONTHS" in none.output
