"""SQLModel tables of accounts: who may sign in, failed-login slow-down, open sessions.

Usernames are stored normalised (trimmed, case-folded) so that uniqueness is case-insensitive on
SQLite and PostgreSQL alike; the name a person sees is ``display_name``. Only an argon2 hash of a
password and only a SHA-256 of a session token are ever stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from verbatim.db.tables import utcnow


class AccountBase(SQLModel):
    username: str = Field(max_length=80)
    display_name: str = Field(max_length=120)
    role: str = Field(max_length=20)  # coordinator | reviewer | kiosk
    # patient_partner | user_representative | professional, for reviewers only
    reviewer_kind: str | None = Field(default=None, max_length=30)
    profession: str | None = Field(default=None, max_length=120)  # professionals only


class AccountPublic(AccountBase):
    """What pages may show of an account (never the password hash)."""

    id: int
    active: bool
    created_at: datetime
    last_login_at: datetime | None = None


class Account(AccountBase, table=True):
    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("username", name="uq_account_username"),)
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    password_changed_at: datetime = Field(default_factory=utcnow)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per typed username (known or not), to slow down password guessing."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("username", name="uq_login_throttle_username"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80)
    failed_count: int = 0
    last_failed_at: datetime | None = None
    locked_until: datetime | None = None


class AuthSession(SQLModel, table=True):
    """A signed-in browser. The token itself stays with the browser; only its SHA-256 is kept."""

    __tablename__ = "auth_session"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_auth_session_token_hash"),)
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64)
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
