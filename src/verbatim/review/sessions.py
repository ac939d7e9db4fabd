"""Signed-in sessions: a random token for the browser, its SHA-256 in the database.

A session ends after ``VERBATIM_SESSION_IDLE_MINUTES`` (default 30) without activity. Every page
load calls :func:`resume_session`, which reloads the account, so a deactivated account or a changed
password takes effect on the next click.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from verbatim.db.tables import utcnow
from verbatim.db.tables_accounts import Account, AuthSession
from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import Principal

DEFAULT_IDLE_MINUTES = 30
# last_seen_at is written at most once a minute, so page loads do not all write to the database.
# A session may therefore end up to a minute early, never late.
TOUCH_INTERVAL = timedelta(seconds=60)


class SessionExpired(VerbatimError):
    """The session is unknown, closed or idle for too long: the person must sign in again."""


def idle_minutes(environ: dict[str, str] | None = None) -> int:
    """Minutes of inactivity after which a session ends (``VERBATIM_SESSION_IDLE_MINUTES``)."""
    env = os.environ if environ is None else environ
    try:
        return max(1, int(env.get("VERBATIM_SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def token_hash(token: str) -> str:
    """SHA-256 (hex) of a session token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(session: Session, *, principal: Principal, now: datetime | None = None) -> str:
    """Start a session for a signed-in principal.

    Args:
        session: Open write session; the row is flushed, not committed.
        principal: Who signed in (from :func:`verbatim.review.accounts.authenticate`).
        now: Current time (tests pass it); now when omitted.

    Returns:
        The token to keep in the browser (shown once; only its hash is stored).
    """
    if principal.account_id is None:
        raise ValueError("only an account can open a session")
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            account_id=principal.account_id,
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return token


def resume_session(
    session: Session,
    *,
    token: str,
    now: datetime | None = None,
    idle: int | None = None,
) -> Principal:
    """The principal of a live session, refreshing its last activity.

    Args:
        session: Open write session (the activity time is updated).
        token: The browser's token from :func:`open_session`.
        now: Current time (tests pass it); now when omitted.
        idle: Minutes of inactivity allowed; the configured value when omitted.

    Returns:
        The principal, rebuilt from the account as it is now.

    Raises:
        SessionExpired: Unknown or closed token, idle too long, or account deactivated.
    """
    now = now or utcnow()
    idle = idle or idle_minutes()
    query = select(AuthSession).where(AuthSession.token_hash == token_hash(token))
    row = session.exec(query).first()
    if row is None:
        raise SessionExpired(Msg.SESSION_UNKNOWN)
    if now - row.last_seen_at > timedelta(minutes=idle):
        session.delete(row)
        session.flush()
        raise SessionExpired(Msg.SESSION_EXPIRED.format(minutes=idle))
    account = session.get(Account, row.account_id)
    if account is None or not account.active:
        session.delete(row)
        session.flush()
        raise SessionExpired(Msg.ACCOUNT_INACTIVE)
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
        session.flush()
    return Principal.from_account(account)


def close_session(session: Session, *, token: str) -> bool:
    """End a session (sign out). Returns True when there was one to close."""
    result = session.exec(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    session.flush()
    return bool(result.rowcount)


def close_sessions_of(session: Session, *, account_id: int) -> int:
    """End every session of an account (deactivation, password change). Returns how many."""
    result = session.exec(delete(AuthSession).where(col(AuthSession.account_id) == account_id))
    session.flush()
    return int(result.rowcount or 0)


def purge_expired_sessions(
    session: Session, *, now: datetime | None = None, idle: int | None = None
) -> int:
    """Delete sessions idle for longer than allowed. Returns how many were deleted."""
    cutoff = (now or utcnow()) - timedelta(minutes=idle or idle_minutes())
    result = session.exec(delete(AuthSession).where(col(AuthSession.last_seen_at) < cutoff))
    session.flush()
    return int(result.rowcount or 0)
