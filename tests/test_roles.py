"""Roles are enforced in the services, not only in the menu (issue 5).

For every service a page or the CLI calls, a reviewer and a kiosk are refused with the French
message and the database is left exactly as it was; a coordinator succeeds. Every page of the app,
run directly as a reviewer, shows the refusal and no data unless the reviewer may open it, and the
reviewer's menu holds only their pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from _apptest import ROOT, fill, ok
from _apptest import app as whole_app
from _principals import COORDINATOR, KIOSK, REVIEWER
from sqlalchemy import Engine, select
from sqlmodel import Session, SQLModel
from streamlit.testing.v1 import AppTest

from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, QuestionCreate, QuestionnaireCreate
from verbatim.errors import PermissionDenied
from verbatim.intake.importer import preview_import, run_import
from verbatim.intake.paper import transcribe
from verbatim.intake.submit import submit_response
from verbatim.privacy.correction import correct_answer_text
from verbatim.privacy.purge import purge
from verbatim.review.permissions import (
    ACTION_PHRASES,
    ROLE_LABELS,
    Permission,
    Principal,
    can_open,
)
from verbatim.survey import questionnaires as svc
from verbatim.survey.fhir import (
    questionnaire_from_fhir,
    questionnaire_to_fhir,
    responses_from_fhir,
    responses_to_fhir,
)
from verbatim.survey.kiosk import Step, load_flow
from verbatim.survey.responses import (
    ResponseFilter,
    closed_question_summary,
    count_responses,
    delete_response,
    list_responses,
)
from verbatim.text.staff import add_staff_name, remove_staff_name

CSV = "Note;Commentaire\n4;Bien accueilli\n5;Très bonne écoute\n".encode()
ANSWERS = {"acces": 4, "accueil": 5, "ecoute": 3, "ameliorer": "L'attente était trop longue."}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass
class World:
    """A published questionnaire with two responses, a staff name and FHIR copies of both."""

    questionnaire_id: int
    slug: str
    version_id: int
    response_ids: list[int]
    text_answer_id: int
    questionnaire_fhir: str
    responses_fhir: str


@pytest.fixture
def world(engine: Engine) -> World:
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        version = svc.published_version(s, questionnaire_id=q.id)
        ids = [
            submit_response(s, version=version, answers=ANSWERS, channel="kiosk").id
            for _ in range(2)
        ]
        text_answer = s.exec(
            select(Answer)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.response_id == ids[0], Question.link_id == "ameliorer")
        ).scalar_one()
        add_staff_name(s, name="Paul Durand", actor=COORDINATOR)
        world = World(q.id, q.slug, version.id, ids, text_answer.id, "", "")
    with session_scope(engine) as s:
        world.questionnaire_fhir = json.dumps(
            questionnaire_to_fhir(s, actor=COORDINATOR, questionnaire_id=world.questionnaire_id)
        )
        bundle = responses_to_fhir(s, actor=COORDINATOR, questionnaire_id=world.questionnaire_id)
    for entry in bundle["entry"]:  # re-importable: without their identifiers they are new
        entry["resource"].pop("identifier", None)
    world.responses_fhir = json.dumps(bundle)
    return world


def _kiosk_submit(s: Session, actor: Principal, w: World) -> Any:
    flow = load_flow(s, slug=w.slug)
    state = flow.begin(flow.new_state(NOW), NOW)
    while True:
        if state.current in ANSWERS:
            flow.set_answer(state, state.current, ANSWERS[state.current], NOW)
        if flow.next(state, NOW) is Step.READY:
            break
    return flow.submit(s, state, now=NOW, actor=actor)


def _specs(s: Session, w: World) -> list[QuestionCreate]:
    return svc.question_specs(s, version_id=w.version_id)[:4]


Call = Callable[[Session, Principal, World], Any]
# service -> (permission it needs, call, True when it writes)
SERVICES: dict[str, tuple[Permission, Call, bool]] = {
    "preview_import": (
        Permission.IMPORT_DATA,
        lambda s, a, w: preview_import(s, actor=a, data=CSV, filename="avis.csv"),
        False,
    ),
    "run_import": (
        Permission.IMPORT_DATA,
        lambda s, a, w: run_import(s, actor=a, data=CSV, filename="avis.csv"),
        True,
    ),
    "create_questionnaire": (
        Permission.MANAGE_QUESTIONNAIRES,
        lambda s, a, w: svc.create_questionnaire(
            s,
            actor=a,
            data=QuestionnaireCreate(slug="nouveau", title="Nouveau"),
            questions=[QuestionCreate(link_id="avis", text="Votre avis ?", kind="long_text")],
        ),
        True,
    ),
    "create_from_template": (
        Permission.MANAGE_QUESTIONNAIRES,
        lambda s, a, w: svc.create_from_template(s, actor=a, template="acces_soins"),
        True,
    ),
    "save_questions": (
        Permission.MANAGE_QUESTIONNAIRES,
        lambda s, a, w: svc.save_questions(
            s, actor=a, questionnaire_id=w.questionnaire_id, questions=_specs(s, w)
        ),
        True,
    ),
    "publish_version": (
        Permission.MANAGE_QUESTIONNAIRES,
        lambda s, a, w: (
            svc.save_questions(
                s, actor=COORDINATOR, questionnaire_id=w.questionnaire_id, questions=_specs(s, w)
            ),
            svc.publish_version(s, actor=a, questionnaire_id=w.questionnaire_id),
        ),
        True,
    ),
    "questionnaire_from_fhir": (
        Permission.MANAGE_QUESTIONNAIRES,
        lambda s, a, w: questionnaire_from_fhir(
            s, actor=a, resource=w.questionnaire_fhir, slug="copie"
        ),
        True,
    ),
    "responses_from_fhir": (
        Permission.IMPORT_DATA,
        lambda s, a, w: responses_from_fhir(s, actor=a, resource=w.responses_fhir),
        True,
    ),
    "questionnaire_to_fhir": (
        Permission.EXPORT_DATA,
        lambda s, a, w: questionnaire_to_fhir(s, actor=a, questionnaire_id=w.questionnaire_id),
        False,
    ),
    "responses_to_fhir": (
        Permission.EXPORT_DATA,
        lambda s, a, w: responses_to_fhir(s, actor=a, questionnaire_id=w.questionnaire_id),
        False,
    ),
    "list_responses": (
        Permission.VIEW_RESPONSES,
        lambda s, a, w: list_responses(s, actor=a, filters=ResponseFilter()),
        False,
    ),
    "count_responses": (
        Permission.VIEW_RESPONSES,
        lambda s, a, w: count_responses(s, actor=a, filters=ResponseFilter()),
        False,
    ),
    "closed_question_summary": (
        Permission.VIEW_RESPONSES,
        lambda s, a, w: closed_question_summary(
            s, actor=a, questionnaire_id=w.questionnaire_id, filters=ResponseFilter()
        ),
        False,
    ),
    "delete_response": (
        Permission.DELETE_RESPONSE,
        lambda s, a, w: delete_response(s, actor=a, response_id=w.response_ids[0]),
        True,
    ),
    "transcribe": (
        Permission.TRANSCRIBE_PAPER,
        lambda s, a, w: transcribe(
            s,
            actor=a,
            version=svc.published_version(s, questionnaire_id=w.questionnaire_id),
            answers=ANSWERS,
            site_name="MSP des Tilleuls",
        ),
        True,
    ),
    "kiosk_submit": (Permission.COLLECT, _kiosk_submit, True),
    "purge": (
        Permission.PURGE,
        lambda s, a, w: purge(s, actor=a, before=datetime.now(UTC) + timedelta(days=1)),
        True,
    ),
    "correct_answer_text": (
        Permission.EDIT_RESPONSE,
        lambda s, a, w: correct_answer_text(
            s, actor=a, answer_id=w.text_answer_id, text="L'attente était longue."
        ),
        True,
    ),
    "add_staff_name": (
        Permission.MANAGE_SETTINGS,
        lambda s, a, w: add_staff_name(s, actor=a, name="Jeanne Martin"),
        True,
    ),
    "remove_staff_name": (
        Permission.MANAGE_SETTINGS,
        lambda s, a, w: remove_staff_name(s, actor=a, name="Paul Durand"),
        True,
    ),
}


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table, to show that a refused call changed nothing."""
    with engine.connect() as conn:
        return {
            table.name: sorted(repr(tuple(row)) for row in conn.execute(table.select()))
            for table in SQLModel.metadata.sorted_tables
        }


def refusal(principal: Principal, permission: Permission) -> str:
    role = ROLE_LABELS[principal.role]
    return f"Votre rôle ({role}) ne permet pas {ACTION_PHRASES[permission]}."


@pytest.mark.parametrize("name", list(SERVICES))
def test_each_service_refuses_reviewers_and_kiosks_and_serves_the_coordinator(
    name: str, engine: Engine, world: World
):
    permission, call, writes = SERVICES[name]
    before = snapshot(engine)
    anonymous_ok = name == "kiosk_submit"  # patients answer the kiosk without signing in
    for principal in (REVIEWER, KIOSK, None):
        if (principal is None and anonymous_ok) or (principal and principal.can(permission)):
            continue  # allowed: checked below with the coordinator
        with pytest.raises(PermissionDenied) as refused, session_scope(engine, write=True) as s:
            call(s, principal, world)
        expected = "Connectez-vous pour continuer."
        if principal is not None:
            expected = refusal(principal, permission)
        assert str(refused.value) == expected
        assert snapshot(engine) == before, f"{name} changed the database for {principal}"
    allowed = [COORDINATOR] + [p for p in (REVIEWER, KIOSK) if p.can(permission)]
    allowed += [None] if anonymous_ok else []
    for principal in allowed:
        with session_scope(engine, write=True) as s:
            result = call(s, principal, world)
        if writes:
            assert snapshot(engine) != before, f"{name} did nothing for {principal}"
        else:
            assert result, f"{name} returned nothing for {principal}"


def test_a_reviewers_import_of_a_valid_file_is_refused_and_stores_nothing(
    engine: Engine, world: World
):
    with pytest.raises(PermissionDenied) as refused, session_scope(engine, write=True) as s:
        run_import(s, actor=REVIEWER, data=CSV, filename="avis.csv")
    assert str(refused.value) == "Votre rôle (relecteur) ne permet pas d'importer des données."
    with session_scope(engine) as s:
        assert count_responses(s, actor=COORDINATOR, filters=ResponseFilter()) == 2
        assert [q.slug for q in svc.list_questionnaires(s)] == [world.slug]
    with session_scope(engine, write=True) as s:
        assert run_import(s, actor=COORDINATOR, data=CSV, filename="avis.csv").responses == 2


def test_only_the_coordinator_may_correct_an_answer_and_it_is_audited(engine: Engine, world: World):
    from verbatim.db.tables import AuditEvent

    with session_scope(engine, write=True) as s:
        correct_answer_text(
            s, actor=COORDINATOR, answer_id=world.text_answer_id, text="Attente trop longue."
        )
    with session_scope(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.object_type == "answer")).scalar_one()
    assert event.actor == "Claire C. (coordinateur)"
    assert refusal(REVIEWER, Permission.EDIT_RESPONSE) == (
        "Votre rôle (relecteur) ne permet pas de corriger une réponse."
    )


# --- pages -------------------------------------------------------------------------------------


def _registry() -> dict[str, tuple]:
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "REGISTRY":
            return {
                key.value: (value.elts[0].value,)
                for key, value in zip(node.value.keys, node.value.values, strict=True)
            }
    raise AssertionError("app.py has no REGISTRY")


REGISTRY = _registry()
REVIEWER_PAGES = [key for key in REGISTRY if can_open(REVIEWER, key)]


def _page(file: str, principal: Principal | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / file), default_timeout=60)
    if principal is not None:
        at.session_state["principal"] = principal
    return at.run()


def _shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [str(d.value) for d in at.dataframe]
    parts += [str(m.value) for m in at.metric] + [c.value for c in at.caption]
    return "\n".join(parts)


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_page_run_directly_by_a_reviewer_refuses_or_opens_as_its_role_says(
    key: str, sqlite_engine: Engine
):
    fill(sqlite_engine)
    file = REGISTRY[key][0]
    if key in REVIEWER_PAGES:  # its links need the app's navigation: open it through the app
        at = ok(whole_app(principal=REVIEWER).run()).switch_page(f"app_pages/{file}").run()
        assert not at.exception, [e.message for e in at.exception]
        assert not any("ne permet pas" in e.value for e in at.error)
        return
    at = _page(file, REVIEWER)
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [refusal(REVIEWER, _permission(key))]
    assert not at.dataframe and not at.metric and not at.button
    assert "attente" not in _shown_text(at).casefold()


def _permission(key: str) -> Permission:
    from verbatim.review.permissions import PAGE_PERMISSIONS

    return PAGE_PERMISSIONS[key]


@pytest.mark.parametrize("key", [k for k in REGISTRY if not can_open(KIOSK, k)])
def test_a_kiosk_account_running_a_team_page_directly_is_refused(key: str, sqlite_engine: Engine):
    fill(sqlite_engine)
    at = _page(REGISTRY[key][0], KIOSK)
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [refusal(KIOSK, _permission(key))]
    assert not at.dataframe and not at.metric


def test_the_kiosk_page_refuses_a_signed_in_reviewer_but_serves_patients(sqlite_engine: Engine):
    fill(sqlite_engine)
    at = _page("kiosk.py", REVIEWER)
    assert [e.value for e in at.error] == [refusal(REVIEWER, Permission.COLLECT)]
    assert not at.button
    anonymous = _page("kiosk.py", None)  # a patient on a tablet: nobody signed in
    assert not anonymous.exception and not anonymous.error
    assert anonymous.button(key="kiosk_0_begin").label == "Commencer"
    kiosk = _page("kiosk.py", KIOSK)
    assert not kiosk.error and kiosk.button(key="kiosk_0_begin")


def test_a_reviewers_menu_holds_only_the_reviewers_pages(sqlite_engine: Engine):
    fill(sqlite_engine)
    at = ok(whole_app(principal=REVIEWER).run())
    assert REVIEWER_PAGES == ["home", "signals", "review", "meeting"]
    for key, (file, *_) in REGISTRY.items():
        if key in REVIEWER_PAGES:
            shown = ok(at.switch_page(f"app_pages/{file}").run())
            assert not any("ne permet pas" in e.value for e in shown.error)
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(f"app_pages/{file}")


def test_a_reviewers_home_page_shows_no_counts_of_answers(sqlite_engine: Engine):
    fill(sqlite_engine)
    at = ok(whole_app(principal=REVIEWER).run())
    assert at.title[0].value == "Verbatim"
    assert not at.metric and not at.dataframe
    coordinator = ok(whole_app(principal=COORDINATOR).run())
    assert {m.label: m.value for m in coordinator.metric}["Réponses"] == "3"


def test_no_page_shows_the_raw_text_even_when_it_is_kept(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("VERBATIM_KEEP_RAW_TEXT", "1")
    with session_scope(sqlite_engine, write=True) as s:
        add_staff_name(s, name="Paul Durand", actor=COORDINATOR)
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        version = svc.published_version(s, questionnaire_id=q.id)
        said = "Merci à Paul Durand, appelez-moi au 06 12 34 56 78."
        submit_response(s, version=version, channel="kiosk", answers=ANSWERS | {"ameliorer": said})
    with session_scope(sqlite_engine) as s:
        kept = s.exec(select(Answer.raw_text).where(Answer.raw_text.is_not(None))).scalars().all()
        shown = list_responses(s, actor=COORDINATOR, filters=ResponseFilter())[0].answers
    assert kept == [said]  # kept in the database, as configured
    assert "Durand" not in json.dumps(shown, ensure_ascii=False)
    at = ok(whole_app(principal=COORDINATOR).run()).switch_page("app_pages/answers.py").run()
    ok(at)
    table = "\n".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "Merci à" in table and "Durand" not in table and "06 12" not in table
