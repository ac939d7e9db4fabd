"""Roles and permissions: what each role may do, which pages it sees, and the French refusals."""

from __future__ import annotations

import pytest

from verbatim.errors import PermissionDenied
from verbatim.review.permissions import (
    ACTION_PHRASES,
    PAGE_PERMISSIONS,
    Permission,
    Principal,
    Role,
    can_open,
    pages_for,
    require,
    require_page,
    requires,
)

COORDINATOR = Principal(1, "sophie", "Sophie L.", "coordinator")
PATIENT = Principal(2, "marie", "Marie D.", "reviewer", "patient_partner")
RU = Principal(3, "jean", "Jean P.", "reviewer", "user_representative")
DOCTOR = Principal(4, "dr.martin", "Dr Martin", "reviewer", "professional", "médecin généraliste")
KIOSK = Principal(5, "borne1", "Borne accueil", "kiosk")
EVERYONE = [COORDINATOR, PATIENT, RU, DOCTOR, KIOSK]


def _allowed(principal: Principal, permission: Permission) -> bool:
    try:
        require(principal, permission)
    except PermissionDenied:
        return False
    return True


def test_a_reviewer_cannot_import_and_is_told_why_in_french():
    with pytest.raises(PermissionDenied) as refused:
        require(PATIENT, Permission.IMPORT_DATA)
    assert str(refused.value) == "Votre rôle (relecteur) ne permet pas d'importer des données."


@pytest.mark.parametrize("reviewer", [PATIENT, RU, DOCTOR], ids=["patient", "ru", "pro"])
def test_reviewers_cannot_collect_import_change_settings_or_read_raw_text(reviewer: Principal):
    for forbidden in (
        Permission.COLLECT,
        Permission.TRANSCRIBE_PAPER,
        Permission.IMPORT_DATA,
        Permission.MANAGE_SETTINGS,
        Permission.MANAGE_ACCOUNTS,
        Permission.VIEW_RAW_TEXT,
        Permission.DELETE_RESPONSE,
        Permission.PURGE,
    ):
        assert not _allowed(reviewer, forbidden), forbidden
    for allowed in (Permission.VIEW_THEMES, Permission.REVIEW_THEMES, Permission.VOTE):
        assert _allowed(reviewer, allowed), allowed
    pages = pages_for(reviewer)
    assert "review" in pages and "home" in pages
    for page in ("questionnaires", "kiosk", "paper", "imports", "answers", "admin"):
        assert page not in pages


def test_a_kiosk_may_only_collect_and_only_sees_the_kiosk():
    assert [p for p in Permission if _allowed(KIOSK, p)] == [Permission.COLLECT]
    assert pages_for(KIOSK) == ["kiosk"]
    with pytest.raises(PermissionDenied, match="Votre rôle \\(borne\\) ne permet pas"):
        require_page(KIOSK, "home")


def test_the_coordinator_may_do_everything_and_sees_every_page():
    assert all(_allowed(COORDINATOR, p) for p in Permission)
    assert pages_for(COORDINATOR) == list(PAGE_PERMISSIONS)


@pytest.mark.parametrize("principal", EVERYONE, ids=lambda p: p.username)
def test_menus_and_services_agree_for_every_role_and_page(principal: Principal):
    for page, permission in PAGE_PERMISSIONS.items():
        assert (page in pages_for(principal)) == _allowed(principal, permission), page
        assert can_open(principal, page) == _allowed(principal, permission), page


def test_nobody_signed_in_sees_no_page_and_is_asked_to_sign_in():
    assert pages_for(None) == []
    with pytest.raises(PermissionDenied, match="Connectez-vous"):
        require(None, Permission.VIEW_THEMES)


def test_every_refusal_names_the_action_in_french():
    nobody = Principal(9, "x", "X", "unknown-role")
    assert set(ACTION_PHRASES) == set(Permission)
    for permission in Permission:
        with pytest.raises(PermissionDenied) as refused:
            require(nobody, permission)
        assert str(refused.value).endswith(ACTION_PHRASES[permission] + ".")


def test_the_decorator_refuses_a_reviewer_before_the_service_runs():
    calls: list[str] = []

    @requires(Permission.IMPORT_DATA)
    def import_file(session: object, *, actor: Principal, name: str) -> int:
        calls.append(name)
        return 7

    with pytest.raises(PermissionDenied, match="d'importer des données"):
        import_file(None, actor=PATIENT, name="a.csv")
    with pytest.raises(PermissionDenied, match="Connectez-vous"):
        import_file(None, name="b.csv")  # type: ignore[call-arg]
    assert calls == []
    assert import_file(None, actor=COORDINATOR, name="c.csv") == 7
    assert calls == ["c.csv"]
    assert import_file.required_permission == Permission.IMPORT_DATA  # type: ignore[attr-defined]
    assert import_file.__name__ == "import_file"


def test_the_decorator_only_fits_services_with_an_actor():
    with pytest.raises(TypeError, match="actor"):

        @requires(Permission.PURGE)
        def purge(session: object) -> None: ...


def test_labels_say_role_and_kind():
    assert PATIENT.label == "Marie D. (relecteur, patient partenaire)"
    assert RU.label == "Jean P. (relecteur, représentant des usagers)"
    assert DOCTOR.label == "Dr Martin (relecteur, médecin généraliste)"
    assert COORDINATOR.label == "Sophie L. (coordinateur)"
    assert KIOSK.label == "Borne accueil (borne)"
    assert Principal.command_line().role == Role.COORDINATOR
