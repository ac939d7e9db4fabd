"""Accounts: the first coordinator, creating and deactivating accounts, passwords, signing in.

Passwords are hashed with argon2id (see :mod:`verbatim.review.credentials`). Signing in is slowed
down per typed username: after :data:`FREE_FAILURES` failures, each further failure locks
that username for twice as long as the previous one (5 s, 10 s, 20 s … up to 15 minutes). Unknown
usernames take exactly the same path, argon2 time included, so the answers do not reveal which
accounts exist. Time comes from an injectable ``now``; nothing sleeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from verbatim.db.tables import utcnow
from verbatim.db.tables_accounts import Account, AccountPublic, LoginThrottle
from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.credentials import (
    check_display_name,
    check_password,
    check_role,
    check_username,
    dummy_hash,
    hash_password,
    normalise_username,
    password_needs_rehash,
    verify_password,
)
from verbatim.review.permissions import Permission, Principal, Role, require, requires
from verbatim.review.sessions import close_session, close_sessions_of, open_session

__all__ = [
    "LoginRefused",
    "authenticate",
    "change_password",
    "check_password",
    "create_account",
    "create_first_coordinator",
    "deactivate_account",
    "find_account",
    "list_accounts",
    "needs_first_coordinator",
    "reactivate_account",
    "sign_in",
    "sign_out",
]

FREE_FAILURES = 2  # the 3rd consecutive failure starts the lock
FIRST_LOCK = timedelta(seconds=5)
MAX_LOCK = timedelta(minutes=15)
# Failures older than this, with none since, are forgotten.
FAILURE_MEMORY = timedelta(hours=24)


class LoginRefused(VerbatimError):
    """Signing in failed. ``retry_after`` is the wait in seconds when the username is locked."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


# ---------------------------------------------------------------- accounts


def find_account(session: Session, *, username: str) -> Account | None:
    """The account with this username (any case), or None."""
    key = normalise_username(username)
    return session.exec(select(Account).where(Account.username == key)).first()


def _get_account(session: Session, username: str) -> Account:
    account = find_account(session, username=username)
    if account is None:
        raise VerbatimError(Msg.UNKNOWN_ACCOUNT.format(username=username))
    return account


def _coordinator_count(session: Session, *, active_only: bool) -> int:
    query = select(func.count()).select_from(Account).where(Account.role == Role.COORDINATOR)
    if active_only:
        query = query.where(col(Account.active).is_(True))
    return int(session.exec(query).one())


def needs_first_coordinator(session: Session) -> bool:
    """True on the first start: no coordinator account exists yet."""
    return _coordinator_count(session, active_only=False) == 0


def _insert(
    session: Session,
    *,
    username: str,
    password: str,
    display_name: str,
    role: str,
    reviewer_kind: str | None,
    profession: str | None,
    now: datetime | None,
) -> Account:
    key = check_username(username)
    name = check_display_name(display_name)
    role_, kind, profession = check_role(role, reviewer_kind, profession)
    check_password(password, username=key)
    if find_account(session, username=key) is not None:
        raise VerbatimError(Msg.DUPLICATE_USERNAME.format(username=key))
    account = Account(
        username=key,
        display_name=name,
        role=role_.value,
        reviewer_kind=kind.value if kind else None,
        profession=profession,
        password_hash=hash_password(password),
        created_at=now or utcnow(),
        password_changed_at=now or utcnow(),
    )
    session.add(account)
    session.flush()
    return account


def create_first_coordinator(
    session: Session,
    *,
    username: str,
    password: str,
    display_name: str,
    now: datetime | None = None,
) -> AccountPublic:
    """Create the first coordinator account (the first start asks for it).

    Args:
        session: Open write session; flushed, not committed.
        username: Sign-in identifier (3 to 40 characters, any case).
        password: At least :data:`PASSWORD_MIN_CHARS` characters.
        display_name: Name shown in menus and in the audit log.
        now: Current time (tests pass it); now when omitted.

    Returns:
        The new account.

    Raises:
        VerbatimError: A coordinator already exists, or bad input (French message).
    """
    if not needs_first_coordinator(session):
        raise VerbatimError(Msg.COORDINATOR_EXISTS)
    account = _insert(
        session,
        username=username,
        password=password,
        display_name=display_name,
        role=Role.COORDINATOR,
        reviewer_kind=None,
        profession=None,
        now=now,
    )
    principal = Principal.from_account(account)
    audit.record(
        session,
        actor=principal,
        action="account_create",
        object_type="account",
        object_id=account.username,
        detail={"role": account.role, "first_coordinator": True},
        at=now,
    )
    return AccountPublic.model_validate(account)


@requires(Permission.MANAGE_ACCOUNTS)
def create_account(
    session: Session,
    *,
    actor: Principal,
    username: str,
    password: str,
    display_name: str,
    role: str,
    reviewer_kind: str | None = None,
    profession: str | None = None,
    now: datetime | None = None,
) -> AccountPublic:
    """Create an account (coordinators only).

    Args:
        session: Open write session; flushed, not committed.
        actor: Who creates it (needs ``manage_accounts``).
        username: Sign-in identifier, unique whatever the case.
        password: Initial password (policy of :func:`check_password`).
        display_name: Name shown in menus and the audit log, e.g. "Marie D.".
        role: ``coordinator``, ``reviewer`` or ``kiosk``.
        reviewer_kind: For reviewers: ``patient_partner``, ``user_representative`` or
            ``professional``.
        profession: For professional reviewers, e.g. "médecin généraliste".
        now: Current time (tests pass it); now when omitted.

    Returns:
        The new account.

    Raises:
        PermissionDenied: ``actor`` may not manage accounts.
        VerbatimError: Bad input (French message naming the field).
    """
    account = _insert(
        session,
        username=username,
        password=password,
        display_name=display_name,
        role=role,
        reviewer_kind=reviewer_kind,
        profession=profession,
        now=now,
    )
    audit.record(
        session,
        actor=actor,
        action="account_create",
        object_type="account",
        object_id=account.username,
        detail={
            "role": account.role,
            "reviewer_kind": account.reviewer_kind,
            "profession": account.profession,
        },
        at=now,
    )
    return AccountPublic.model_validate(account)


@requires(Permission.MANAGE_ACCOUNTS)
def list_accounts(
    session: Session, *, actor: Principal, include_inactive: bool = True
) -> list[AccountPublic]:
    """Every account, coordinators first, then reviewers, then kiosks (no password hashes)."""
    query = select(Account)
    if not include_inactive:
        query = query.where(col(Account.active).is_(True))
    order = {role.value: i for i, role in enumerate(Role)}
    accounts = sorted(session.exec(query).all(), key=lambda a: (order.get(a.role, 9), a.username))
    return [AccountPublic.model_validate(a) for a in accounts]


@requires(Permission.MANAGE_ACCOUNTS)
def deactivate_account(
    session: Session, *, actor: Principal, username: str, now: datetime | None = None
) -> AccountPublic:
    """Stop an account from signing in and end its sessions (its history stays).

    Raises:
        PermissionDenied: ``actor`` may not manage accounts.
        VerbatimError: Unknown account, or the last active coordinator.
    """
    account = _get_account(session, username)
    if (
        account.active
        and account.role == Role.COORDINATOR
        and _coordinator_count(session, active_only=True) <= 1
    ):
        raise VerbatimError(Msg.LAST_COORDINATOR.format(username=account.username))
    account.active = False
    session.add(account)
    close_sessions_of(session, account_id=account.id)
    audit.record(
        session,
        actor=actor,
        action="account_deactivate",
        object_type="account",
        object_id=account.username,
        at=now,
    )
    return AccountPublic.model_validate(account)


@requires(Permission.MANAGE_ACCOUNTS)
def reactivate_account(
    session: Session, *, actor: Principal, username: str, now: datetime | None = None
) -> AccountPublic:
    """Let a deactivated account sign in again."""
    account = _get_account(session, username)
    account.active = True
    session.add(account)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="account_reactivate",
        object_type="account",
        object_id=account.username,
        at=now,
    )
    return AccountPublic.model_validate(account)


def change_password(
    session: Session,
    *,
    actor: Principal,
    username: str,
    new_password: str,
    current_password: str | None = None,
    now: datetime | None = None,
) -> None:
    """Change a password and end every session of that account.

    A person changes their own password by giving the current one; a coordinator (or the command
    line) resets anyone else's without it. The page signs the person in again afterwards.

    Raises:
        PermissionDenied: Someone else's password, without ``manage_accounts``.
        VerbatimError: Wrong current password, or the new one breaks the policy.
    """
    account = _get_account(session, username)
    if actor.account_id is not None and actor.account_id == account.id:
        if current_password is None or not verify_password(account.password_hash, current_password):
            raise VerbatimError(Msg.WRONG_CURRENT_PASSWORD)
    else:
        require(actor, Permission.MANAGE_ACCOUNTS)
    check_password(new_password, username=account.username)
    account.password_hash = hash_password(new_password)
    account.password_changed_at = now or utcnow()
    session.add(account)
    close_sessions_of(session, account_id=account.id)
    audit.record(
        session,
        actor=actor,
        action="password_change",
        object_type="account",
        object_id=account.username,
        at=now,
    )


# ---------------------------------------------------------------- signing in


def lock_delay(failed_count: int) -> timedelta:
    """How long a username is locked after ``failed_count`` consecutive failures."""
    if failed_count <= FREE_FAILURES:
        return timedelta(0)
    doublings = min(failed_count - FREE_FAILURES - 1, 30)  # 5 s × 2**30 is far past the cap
    return min(FIRST_LOCK * 2**doublings, MAX_LOCK)


def format_wait(seconds: float) -> str:
    """A French duration such as "5 secondes" or "2 minutes 30 secondes" (rounded up)."""
    total = max(1, int(-(-seconds // 1)))
    minutes, secs = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    if secs:
        parts.append(f"{secs} seconde{'s' if secs > 1 else ''}")
    return " ".join(parts)


def _throttle(session: Session, key: str) -> LoginThrottle | None:
    return session.exec(select(LoginThrottle).where(LoginThrottle.username == key)).first()


def authenticate(
    session: Session, *, username: str, password: str, now: datetime | None = None
) -> Principal:
    """Check a username and password, slowing down repeated failures.

    This is the one service that commits: a failed attempt must be remembered although the error
    it raises makes the caller's transaction roll back. Call it in its own transaction, e.g.
    ``with session_scope(engine, write=True) as s: p = authenticate(s, …); token = open_session(s,
    principal=p)``.

    Args:
        session: Open write session.
        username: What was typed (any case).
        password: What was typed.
        now: Current time (tests pass it); now when omitted.

    Returns:
        The signed-in principal.

    Raises:
        LoginRefused: Wrong username or password (one message for both), username locked for a
            while (``retry_after`` seconds), or account deactivated.
    """
    now = now or utcnow()
    key = normalise_username(username)[:80]
    throttle = _throttle(session, key)
    if throttle is not None and throttle.locked_until is not None and now < throttle.locked_until:
        wait = (throttle.locked_until - now).total_seconds()
        raise LoginRefused(
            Msg.LOGIN_THROTTLED.format(username=key, wait=format_wait(wait)), retry_after=wait
        )
    account = session.exec(select(Account).where(Account.username == key)).first()
    valid = verify_password(account.password_hash if account else dummy_hash(), password)
    if account is None or not valid:
        _refuse(session, key=key, throttle=throttle, now=now)
    assert account is not None
    if not account.active:
        raise LoginRefused(Msg.ACCOUNT_INACTIVE)
    if throttle is not None:
        session.delete(throttle)
    if password_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.last_login_at = now
    session.add(account)
    session.flush()
    principal = Principal.from_account(account)
    audit.record(session, actor=principal, action="login", object_type="account", at=now)
    return principal


def _refuse(session: Session, *, key: str, throttle: LoginThrottle | None, now: datetime) -> None:
    if throttle is None:
        throttle = LoginThrottle(username=key)
    elif throttle.last_failed_at is not None and now - throttle.last_failed_at > FAILURE_MEMORY:
        throttle.failed_count = 0
    throttle.failed_count += 1
    throttle.last_failed_at = now
    delay = lock_delay(throttle.failed_count)
    throttle.locked_until = now + delay if delay else None
    session.add(throttle)
    audit.record(
        session,
        actor=key or "?",
        action="login_failed",
        object_type="account",
        detail={"failed_count": throttle.failed_count},
        at=now,
    )
    try:
        session.commit()
    except IntegrityError:  # a simultaneous first failure for the same name: count one
        session.rollback()
    message = Msg.LOGIN_FAILED
    if delay:
        wait = delay.total_seconds()
        locked = Msg.LOGIN_THROTTLED.format(username=key, wait=format_wait(wait))
        raise LoginRefused(f"{message} {locked}", retry_after=wait)
    raise LoginRefused(message)


def sign_in(
    session: Session, *, username: str, password: str, now: datetime | None = None
) -> tuple[Principal, str]:
    """Authenticate and open a session in one call (what a login form needs).

    Call it in its own write transaction; see :func:`authenticate` for the refusals.

    Returns:
        The principal and the session token to keep in the browser.
    """
    principal = authenticate(session, username=username, password=password, now=now)
    return principal, open_session(session, principal=principal, now=now)


def sign_out(
    session: Session, *, principal: Principal, token: str, now: datetime | None = None
) -> None:
    """Close a session (sign out) and log it."""
    if close_session(session, token=token):
        audit.record(session, actor=principal, action="logout", object_type="account", at=now)
