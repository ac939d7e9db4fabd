"""Credentials: what makes a valid username, display name, role and password; argon2 hashing.

Passwords are hashed with argon2id using argon2-cffi's defaults (the RFC 9106 low-memory profile:
64 MiB, 3 passes, 4 lanes). Usernames are compared in their normalised form (trimmed, NFC,
case-folded), so "Marie" and "marie" are one account.
"""

from __future__ import annotations

import re
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import KIND_LABELS, ROLE_LABELS, ReviewerKind, Role

PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 256
DISPLAY_NAME_MAX_CHARS = 120
USERNAME_PATTERN = re.compile(r"^[\w.@-]{3,40}$")

_HASHER = PasswordHasher()
_dummy_hashes: dict[int, str] = {}


def normalise_username(username: str) -> str:
    """The stored form of a username: trimmed, NFC, case-folded (so "Marie" is "marie")."""
    return unicodedata.normalize("NFC", username).strip().casefold()


def check_username(username: str) -> str:
    """Normalise ``username`` and refuse it, in French, unless it is a valid identifier."""
    key = normalise_username(username)
    if not USERNAME_PATTERN.fullmatch(key):
        raise VerbatimError(Msg.BAD_USERNAME.format(username=username.strip()[:60]))
    return key


def check_password(password: str, *, username: str | None = None) -> None:
    """Refuse, in French, a password that breaks the policy.

    The policy: at least :data:`PASSWORD_MIN_CHARS` characters, at most
    :data:`PASSWORD_MAX_CHARS`, and not containing the username.

    Raises:
        VerbatimError: The password is refused.
    """
    if len(password) < PASSWORD_MIN_CHARS:
        raise VerbatimError(
            Msg.PASSWORD_TOO_SHORT.format(min_chars=PASSWORD_MIN_CHARS, length=len(password))
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise VerbatimError(Msg.PASSWORD_TOO_LONG.format(max_chars=PASSWORD_MAX_CHARS))
    if username and normalise_username(username) in password.casefold():
        raise VerbatimError(Msg.PASSWORD_IS_USERNAME)


def check_display_name(display_name: str) -> str:
    """The display name with spaces tidied; refused in French when empty or too long."""
    name = " ".join(display_name.split())
    if not name or len(name) > DISPLAY_NAME_MAX_CHARS:
        raise VerbatimError(Msg.BAD_DISPLAY_NAME.format(max_chars=DISPLAY_NAME_MAX_CHARS))
    return name


def check_role(
    role: str, reviewer_kind: str | None, profession: str | None
) -> tuple[Role, ReviewerKind | None, str | None]:
    """Check that role, reviewer kind and profession fit together.

    A reviewer needs a kind; a professional reviewer needs a profession; nobody else has either.

    Returns:
        The role, the kind (reviewers only) and the tidied profession (professionals only).

    Raises:
        VerbatimError: They do not fit (French message listing what is allowed).
    """
    roles = ", ".join(f"{r.value} ({ROLE_LABELS[r]})" for r in Role)
    kinds = ", ".join(f"{k.value} ({KIND_LABELS[k]})" for k in ReviewerKind)
    try:
        role_ = Role(role)
    except ValueError:
        raise VerbatimError(Msg.UNKNOWN_ROLE.format(role=role, allowed=roles)) from None
    profession = " ".join((profession or "").split()) or None
    if role_ != Role.REVIEWER:
        if reviewer_kind:
            raise VerbatimError(Msg.KIND_ONLY_FOR_REVIEWERS)
        if profession:
            raise VerbatimError(Msg.PROFESSION_ONLY_FOR_PROFESSIONALS)
        return role_, None, None
    if not reviewer_kind:
        raise VerbatimError(Msg.KIND_REQUIRED.format(allowed=kinds))
    try:
        kind = ReviewerKind(reviewer_kind)
    except ValueError:
        raise VerbatimError(Msg.UNKNOWN_KIND.format(kind=reviewer_kind, allowed=kinds)) from None
    if kind == ReviewerKind.PROFESSIONAL and not profession:
        raise VerbatimError(Msg.PROFESSION_REQUIRED)
    if kind != ReviewerKind.PROFESSIONAL and profession:
        raise VerbatimError(Msg.PROFESSION_ONLY_FOR_PROFESSIONALS)
    return role_, kind, profession


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; the password itself is never stored)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (False for a damaged hash too)."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    """True when a stored hash uses older argon2 parameters than the current ones."""
    return _HASHER.check_needs_rehash(password_hash)


def dummy_hash() -> str:
    """A hash with the current parameters, checked for unknown usernames so they cost the same."""
    key = id(_HASHER)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _HASHER.hash("verbatim-no-such-account")
    return _dummy_hashes[key]
