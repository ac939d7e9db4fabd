"""Accounts: first coordinator, argon2 passwords, slowed-down sign-in, idle sessions, audit, CLI."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import Engine, text

from verbatim.cli import main
from verbatim.db import get_engine, session_scope
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.review import accounts as acc
from verbatim.review import audit, credentials
from verbatim.review.accounts import LoginRefused
from verbatim.review.permissions import Principal
from verbatim.review.sessions import SessionExpired, close_session, open_session, resume_session

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COORD_PW = "correct horse battery"
REVIEWER_PW = "patiente-partenaire-42"


class CountingHasher(PasswordHasher):
    """Cheap argon2 parameters for speed; counts verifications to prove the cost is paid."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verifications = 0

    def verify(self, hash, password) -> bool:  # type: ignore[no-untyped-def, override]
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    cheap = CountingHasher()
    monkeypatch.setattr(credentials, "_HASHER", cheap)
    return cheap


@pytest.fixture
def team(engine: Engine, hasher: CountingHasher) -> tuple[Principal, Principal]:
    """A coordinator and a patient-partner reviewer."""
    with session_scope(engine, write=True) as s:
        acc.create_first_coordinator(
            s, username="Sophie", password=COORD_PW, display_name="Sophie L.", now=T0
        )
        coordinator = acc.authenticate(s, username="sophie", password=COORD_PW, now=T0)
        acc.create_account(
            s,
            actor=coordinator,
            username="marie",
            password=REVIEWER_PW,
            display_name="Marie D.",
            role="reviewer",
            reviewer_kind="patient_partner",
            now=T0,
        )
        reviewer = acc.authenticate(s, username="marie", password=REVIEWER_PW, now=T0)
    return coordinator, reviewer


def _login(engine: Engine, username: str, password: str, now: datetime) -> Principal:
    with session_scope(engine, write=True) as s:
        return acc.authenticate(s, username=username, password=password, now=now)


def _refusal(engine: Engine, username: str, password: str, now: datetime) -> LoginRefused:
    with pytest.raises(LoginRefused) as refused:
        _login(engine, username, password, now)
    return refused.value


def test_passwords_are_stored_as_argon2id_hashes_never_in_clear(engine: Engine):
    with session_scope(engine, write=True) as s:
        acc.create_first_coordinator(
            s, username="sophie", password=COORD_PW, display_name="Sophie L."
        )
    with engine.connect() as conn:
        rows = [tuple(map(str, r)) for r in conn.execute(text("SELECT * FROM account"))]
    assert len(rows) == 1
    assert not any(COORD_PW in cell for cell in rows[0])
    (stored,) = [cell for cell in rows[0] if cell.startswith("$argon2")]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert _login(engine, "SOPHIE", COORD_PW, T0).role == "coordinator"


def test_the_first_coordinator_can_be_created_only_once(engine: Engine, hasher: CountingHasher):
    with session_scope(engine) as s:
        assert acc.needs_first_coordinator(s)
    with session_scope(engine, write=True) as s:
        acc.create_first_coordinator(s, username="sophie", password=COORD_PW, display_name="S.")
    with session_scope(engine) as s:
        assert not acc.needs_first_coordinator(s)
    with (
        pytest.raises(VerbatimError, match="Un compte coordinateur existe déjà"),
        session_scope(engine, write=True) as s,
    ):
        acc.create_first_coordinator(s, username="paul", password=COORD_PW, display_name="P.")
    with session_scope(engine) as s:
        assert acc.find_account(s, username="paul") is None


def test_password_policy_refuses_short_passwords_in_french_and_stores_nothing(
    engine: Engine, hasher: CountingHasher
):
    with pytest.raises(VerbatimError) as refused, session_scope(engine, write=True) as s:
        acc.create_first_coordinator(s, username="sophie", password="court", display_name="S")
    assert str(refused.value) == (
        "Le mot de passe doit contenir au moins 10 caractères (5 saisis)."
    )
    with pytest.raises(VerbatimError, match="ne doit pas contenir l'identifiant"):
        acc.check_password("sophie-2026-mdp", username="Sophie")
    with session_scope(engine) as s:
        assert acc.needs_first_coordinator(s)


def test_usernames_are_unique_whatever_the_case(engine: Engine, team):
    coordinator, _ = team
    with (
        pytest.raises(VerbatimError, match="L'identifiant « marie » est déjà pris"),
        session_scope(engine, write=True) as s,
    ):
        acc.create_account(
            s,
            actor=coordinator,
            username=" MARIE ",
            password="un autre mot de passe",
            display_name="Marie bis",
            role="kiosk",
        )


@pytest.mark.parametrize(
    ("role", "kind", "profession", "message"),
    [
        ("reviewer", None, None, "Un relecteur doit avoir un type"),
        ("reviewer", "professional", None, "Indiquez la profession"),
        ("reviewer", "patient_partner", "infirmière", "Seuls les relecteurs professionnels"),
        ("kiosk", "patient_partner", None, "Seuls les relecteurs ont un type"),
        ("admin", None, None, "Rôle « admin » inconnu"),
    ],
)
def test_reviewer_kinds_and_professions_are_checked(
    session, hasher: CountingHasher, role, kind, profession, message
):
    with pytest.raises(VerbatimError, match=message):
        acc.create_account(
            session,
            actor=Principal.command_line(),
            username="nouveau",
            password="mot de passe solide",
            display_name="Nouveau",
            role=role,
            reviewer_kind=kind,
            profession=profession,
        )


def test_only_a_coordinator_creates_or_lists_accounts(engine: Engine, team):
    _, reviewer = team
    with session_scope(engine, write=True) as s:
        with pytest.raises(PermissionDenied, match="ne permet pas de gérer les comptes"):
            acc.create_account(
                s,
                actor=reviewer,
                username="intrus",
                password="mot de passe solide",
                display_name="Intrus",
                role="coordinator",
            )
        with pytest.raises(PermissionDenied):
            acc.list_accounts(s, actor=reviewer)
        listed = acc.list_accounts(s, actor=Principal.command_line())
    assert [(a.username, a.role) for a in listed] == [
        ("sophie", "coordinator"),
        ("marie", "reviewer"),
    ]
    assert not hasattr(listed[0], "password_hash")


def test_three_failures_lock_the_username_for_5_seconds_then_it_opens(engine: Engine, team):
    assert str(_refusal(engine, "marie", "mauvais", T0)) == "Identifiant ou mot de passe incorrect."
    _refusal(engine, "marie", "mauvais", T0 + timedelta(seconds=1))
    third = _refusal(engine, "marie", "mauvais", T0 + timedelta(seconds=2))
    assert "Réessayez dans 5 secondes" in str(third)
    # even the right password is refused while locked, with the time left
    locked = _refusal(engine, "Marie", REVIEWER_PW, T0 + timedelta(seconds=4))
    assert str(locked) == (
        "Trop de tentatives de connexion échouées pour « marie ». Réessayez dans 3 secondes."
    )
    assert locked.retry_after == 3
    assert _login(engine, "marie", REVIEWER_PW, T0 + timedelta(seconds=7)).username == "marie"
    # success forgets the failures
    assert "Réessayez" not in str(_refusal(engine, "marie", "mauvais", T0 + timedelta(seconds=8)))


def test_the_lock_doubles_with_each_further_failure_up_to_15_minutes(engine: Engine, team):
    now = T0
    waits = []
    for _ in range(7):
        refused = _refusal(engine, "marie", "mauvais", now)
        waits.append(refused.retry_after)
        now += timedelta(seconds=refused.retry_after or 1)
    assert waits == [None, None, 5, 10, 20, 40, 80]
    assert acc.lock_delay(50) == timedelta(minutes=15)
    assert acc.format_wait(150) == "2 minutes 30 secondes"


def test_unknown_usernames_get_the_same_answers_and_cost_an_argon2_check(
    engine: Engine, team, hasher: CountingHasher
):
    before = hasher.verifications
    known = [str(_refusal(engine, "marie", "x", T0 + timedelta(seconds=i))) for i in range(3)]
    unknown = [str(_refusal(engine, "nobody", "x", T0 + timedelta(seconds=i))) for i in range(3)]
    assert [m.replace("nobody", "marie") for m in unknown] == known
    assert hasher.verifications - before == 6
    assert "Réessayez dans 5 secondes" in unknown[-1]


def test_sessions_end_after_30_minutes_without_activity(engine: Engine, team):
    with session_scope(engine, write=True) as s:
        _, token = acc.sign_in(s, username="marie", password=REVIEWER_PW, now=T0)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM auth_session")).scalar_one()
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
    for minutes in (20, 45):  # each visit pushes the end back
        with session_scope(engine, write=True) as s:
            again = resume_session(s, token=token, now=T0 + timedelta(minutes=minutes))
        assert again.label == "Marie D. (relecteur, patient partenaire)"
    with (
        pytest.raises(SessionExpired, match="Votre session a expiré après 30 minutes"),
        session_scope(engine, write=True) as s,
    ):
        resume_session(s, token=token, now=T0 + timedelta(minutes=76))


def test_the_idle_time_is_a_setting(engine: Engine, team, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VERBATIM_SESSION_IDLE_MINUTES", "5")
    _, reviewer = team
    with session_scope(engine, write=True) as s:
        token = open_session(s, principal=reviewer, now=T0)
    with (
        pytest.raises(SessionExpired, match="après 5 minutes"),
        session_scope(engine, write=True) as s,
    ):
        resume_session(s, token=token, now=T0 + timedelta(minutes=6))


def test_signing_out_and_deactivation_end_sessions(engine: Engine, team):
    coordinator, reviewer = team
    with session_scope(engine, write=True) as s:
        first = open_session(s, principal=reviewer, now=T0)
        second = open_session(s, principal=reviewer, now=T0)
        acc.sign_out(s, principal=reviewer, token=first)
    with (
        pytest.raises(SessionExpired, match="Reconnectez-vous"),
        session_scope(engine, write=True) as s,
    ):
        resume_session(s, token=first, now=T0)
    with session_scope(engine, write=True) as s:
        acc.deactivate_account(s, actor=coordinator, username="marie")
    with pytest.raises(SessionExpired), session_scope(engine, write=True) as s:
        resume_session(s, token=second, now=T0)
    refused = _refusal(engine, "marie", REVIEWER_PW, T0)
    assert str(refused) == "Ce compte est désactivé. Adressez-vous à un coordinateur."
    with (
        pytest.raises(VerbatimError, match="dernier coordinateur actif"),
        session_scope(engine, write=True) as s,
    ):
        acc.deactivate_account(s, actor=coordinator, username="sophie")
    with session_scope(engine, write=True) as s:
        assert not close_session(s, token=first)


def test_changing_a_password(engine: Engine, team):
    coordinator, reviewer = team
    with session_scope(engine, write=True) as s:
        token = open_session(s, principal=reviewer, now=T0)
        with pytest.raises(VerbatimError, match="mot de passe actuel est incorrect"):
            acc.change_password(
                s, actor=reviewer, username="marie", new_password="x" * 12, current_password="no"
            )
        with pytest.raises(PermissionDenied):
            acc.change_password(s, actor=reviewer, username="sophie", new_password="y" * 12)
        acc.change_password(
            s,
            actor=reviewer,
            username="marie",
            new_password="nouveau mot de passe",
            current_password=REVIEWER_PW,
        )
    _refusal(engine, "marie", REVIEWER_PW, T0)
    assert _login(engine, "marie", "nouveau mot de passe", T0).username == "marie"
    with pytest.raises(SessionExpired), session_scope(engine, write=True) as s:
        resume_session(s, token=token, now=T0)
    # a coordinator resets it without the old one
    with session_scope(engine, write=True) as s:
        acc.change_password(s, actor=coordinator, username="marie", new_password="remis à zéro!")
    assert _login(engine, "marie", "remis à zéro!", T0).username == "marie"


def test_the_audit_log_records_who_with_role_and_kind(engine: Engine, team):
    coordinator, reviewer = team
    _refusal(engine, "marie", "mauvais", T0 + timedelta(minutes=1))
    with session_scope(engine, write=True) as s:
        audit.record(
            s,
            actor=reviewer,
            action="vote",
            object_type="theme",
            object_id=12,
            detail={"vote": "pour"},
            at=T0 + timedelta(minutes=2),
        )
    with session_scope(engine) as s:
        events = audit.list_events(s, actor=coordinator)
        votes = audit.list_events(s, actor=coordinator, action="vote")
        recent = audit.list_events(s, actor=coordinator, since=T0 + timedelta(minutes=1))
        with pytest.raises(PermissionDenied, match="journal des actions"):
            audit.list_events(s, actor=reviewer)
    (vote,) = votes
    assert vote.actor == "Marie D. (relecteur, patient partenaire)"
    assert vote.at == T0 + timedelta(minutes=2)
    assert vote.detail["vote"] == "pour"
    assert vote.detail["by"]["reviewer_kind"] == "patient_partner"
    assert vote.object_id == "12"
    assert [e.action for e in recent] == ["vote", "login_failed"]
    actions = [e.action for e in events]
    assert actions.count("account_create") == 2 and actions.count("login") == 2
    created = next(e for e in events if e.action == "account_create" and e.object_id == "marie")
    assert created.actor == "Sophie L. (coordinateur)"
    assert audit.action_label("login_failed") == "Échec de connexion"


def test_cli_creates_the_coordinator_then_a_reviewer_and_lists_them(hasher: CountingHasher):
    runner = CliRunner()
    pw = "mot de passe du poste\n"
    first = runner.invoke(
        main, ["account", "create-coordinator", "sophie", "--password-stdin"], input=pw
    )
    assert first.exit_code == 0, first.output
    again = runner.invoke(
        main, ["account", "create-coordinator", "paul", "--password-stdin"], input=pw
    )
    assert again.exit_code == 1 and "Un compte coordinateur existe déjà" in again.output
    added = runner.invoke(
        main,
        [
            "account",
            "add",
            "dr.martin",
            "--role",
            "reviewer",
            "--kind",
            "professional",
            "--profession",
            "médecin généraliste",
            "--display-name",
            "Dr Martin",
        ],
        input="un secret de dix\nun secret de dix\n",
    )
    assert added.exit_code == 0, added.output
    mismatch = runner.invoke(
        main, ["account", "add", "borne1", "--role", "kiosk"], input="aaaaaaaaaaaa\nbbbbbbbbbbbb\n"
    )
    assert mismatch.exit_code == 1 and "différents" in mismatch.output
    listed = runner.invoke(main, ["account", "list"])
    assert listed.exit_code == 0
    assert "Dr Martin (relecteur, médecin généraliste)" in listed.output
    assert "borne1" not in listed.output


def test_cli_resets_a_lost_password_and_deactivates(hasher: CountingHasher):
    runner = CliRunner()
    pw = "mot de passe du poste\n"
    assert (
        runner.invoke(
            main, ["account", "create-coordinator", "sophie", "--password-stdin"], input=pw
        ).exit_code
        == 0
    )
    args = ["account", "add", "borne1", "--role", "kiosk", "--password-stdin"]
    assert runner.invoke(main, args, input="tablette accueil\n").exit_code == 0
    reset = runner.invoke(
        main, ["account", "password", "sophie", "--password-stdin"], input="retrouvé enfin!\n"
    )
    assert reset.exit_code == 0, reset.output
    configured = get_engine()
    assert _login(configured, "sophie", "retrouvé enfin!", T0).role == "coordinator"
    assert runner.invoke(main, ["account", "deactivate", "borne1"]).exit_code == 0
    assert "désactivé" in str(_refusal(configured, "borne1", "tablette accueil", T0))
    last = runner.invoke(main, ["account", "deactivate", "sophie"])
    assert last.exit_code == 1 and "dernier coordinateur actif" in last.output
