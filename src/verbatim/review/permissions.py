"""Who may do what: roles, permissions, and the pages each role may open.

One table, :data:`ROLE_PERMISSIONS`, decides everything. Services call :func:`require` (or are
wrapped with :func:`requires`), and ``app.py`` builds its menu from :func:`pages_for`, which reads
the same table through :data:`PAGE_PERMISSIONS`: a menu and a service cannot disagree.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ParamSpec, TypeVar

from verbatim.errors import Msg, PermissionDenied

P = ParamSpec("P")
R = TypeVar("R")


class Role(StrEnum):
    COORDINATOR = "coordinator"
    REVIEWER = "reviewer"
    KIOSK = "kiosk"


class ReviewerKind(StrEnum):
    PATIENT_PARTNER = "patient_partner"
    USER_REPRESENTATIVE = "user_representative"
    PROFESSIONAL = "professional"


class Permission(StrEnum):
    OPEN_WORKBENCH = "open_workbench"  # the home page and the menu
    MANAGE_QUESTIONNAIRES = "manage_questionnaires"
    COLLECT = "collect"  # submit answers on the kiosk
    TRANSCRIBE_PAPER = "transcribe_paper"
    IMPORT_DATA = "import_data"
    VIEW_RESPONSES = "view_responses"
    DELETE_RESPONSE = "delete_response"
    EDIT_RESPONSE = "edit_response"  # correct a stored answer (e.g. a name pseudonymisation missed)
    VIEW_RAW_TEXT = "view_raw_text"  # answers before pseudonymisation
    RUN_ANALYSIS = "run_analysis"
    VIEW_THEMES = "view_themes"  # pseudonymised themes and quotes
    VIEW_SIGNALS = "view_signals"
    REVIEW_THEMES = "review_themes"  # rename, merge, split, move on the board
    COMMENT = "comment"
    VOTE = "vote"
    DECIDE = "decide"
    EXPORT_DATA = "export_data"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT = "view_audit"
    PURGE = "purge"


# The one place that says who may do what.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.COORDINATOR: frozenset(Permission),
    Role.REVIEWER: frozenset(
        {
            Permission.OPEN_WORKBENCH,
            Permission.VIEW_THEMES,
            Permission.VIEW_SIGNALS,
            Permission.REVIEW_THEMES,
            Permission.COMMENT,
            Permission.VOTE,
        }
    ),
    Role.KIOSK: frozenset({Permission.COLLECT}),
}

# Page key (as used by app.py) → the permission that opens it, in menu order.
PAGE_PERMISSIONS: dict[str, Permission] = {
    "home": Permission.OPEN_WORKBENCH,
    "questionnaires": Permission.MANAGE_QUESTIONNAIRES,
    "kiosk": Permission.COLLECT,
    "paper": Permission.TRANSCRIBE_PAPER,
    "imports": Permission.IMPORT_DATA,
    "answers": Permission.VIEW_RESPONSES,
    "analysis": Permission.RUN_ANALYSIS,
    "review": Permission.REVIEW_THEMES,
    "meeting": Permission.VOTE,
    "signals": Permission.VIEW_SIGNALS,
    "exports": Permission.EXPORT_DATA,
    "report": Permission.EXPORT_DATA,
    "public": Permission.DECIDE,  # "Vous nous avez dit, nous avons fait" (waiting room, poster)
    "audit": Permission.VIEW_AUDIT,
    "admin": Permission.MANAGE_ACCOUNTS,
    "redactions": Permission.EDIT_RESPONSE,
}

ROLE_LABELS: dict[str, str] = {
    Role.COORDINATOR: "coordinateur",
    Role.REVIEWER: "relecteur",
    Role.KIOSK: "borne",
}

KIND_LABELS: dict[str, str] = {
    ReviewerKind.PATIENT_PARTNER: "patient partenaire",
    ReviewerKind.USER_REPRESENTATIVE: "représentant des usagers",
    ReviewerKind.PROFESSIONAL: "professionnel de santé",
}

# Completes "Votre rôle (…) ne permet pas …".
ACTION_PHRASES: dict[Permission, str] = {
    Permission.OPEN_WORKBENCH: "d'ouvrir l'espace de travail",
    Permission.MANAGE_QUESTIONNAIRES: "de modifier les questionnaires",
    Permission.COLLECT: "d'enregistrer des réponses sur la borne",
    Permission.TRANSCRIBE_PAPER: "de saisir des questionnaires papier",
    Permission.IMPORT_DATA: "d'importer des données",
    Permission.VIEW_RESPONSES: "de consulter les réponses",
    Permission.DELETE_RESPONSE: "de supprimer une réponse",
    Permission.EDIT_RESPONSE: "de corriger une réponse",
    Permission.VIEW_RAW_TEXT: "de lire le texte non pseudonymisé",
    Permission.RUN_ANALYSIS: "de lancer une analyse",
    Permission.VIEW_THEMES: "de consulter les thèmes",
    Permission.VIEW_SIGNALS: "de consulter les signaux faibles",
    Permission.REVIEW_THEMES: "de modifier les thèmes",
    Permission.COMMENT: "de commenter",
    Permission.VOTE: "de voter",
    Permission.DECIDE: "d'enregistrer une décision",
    Permission.EXPORT_DATA: "d'exporter des données",
    Permission.MANAGE_ACCOUNTS: "de gérer les comptes",
    Permission.MANAGE_SETTINGS: "de modifier les réglages",
    Permission.VIEW_AUDIT: "de consulter le journal des actions",
    Permission.PURGE: "de purger des données",
}


@dataclass(frozen=True)
class Principal:
    """The person (or kiosk, or command line) on whose behalf a service runs.

    Built from an account at sign-in (:func:`verbatim.review.accounts.authenticate`) and again
    from the database on every page load (:func:`verbatim.review.sessions.resume_session`), so a
    deactivated account loses its rights at once.
    """

    account_id: int | None
    username: str
    display_name: str
    role: str
    reviewer_kind: str | None = None
    profession: str | None = None

    @property
    def role_label(self) -> str:
        """French role, with the kind for reviewers: "relecteur, patient partenaire"."""
        label = ROLE_LABELS.get(self.role, self.role)
        if self.role != Role.REVIEWER or not self.reviewer_kind:
            return label
        if self.reviewer_kind == ReviewerKind.PROFESSIONAL and self.profession:
            return f"{label}, {self.profession}"
        return f"{label}, {KIND_LABELS.get(self.reviewer_kind, self.reviewer_kind)}"

    @property
    def label(self) -> str:
        """Name, role and kind, as the audit log shows it.

        Example: "Marie D. (relecteur, patient partenaire)".
        """
        return f"{self.display_name} ({self.role_label})"

    @property
    def permissions(self) -> frozenset[Permission]:
        """Everything this principal may do."""
        return permissions_of(self.role)

    def can(self, permission: Permission | str) -> bool:
        """True when the role grants ``permission``."""
        return Permission(permission) in self.permissions

    @classmethod
    def from_account(cls, account: Any) -> Principal:
        """The principal of a stored :class:`~verbatim.db.tables_accounts.Account` row."""
        return cls(
            account_id=account.id,
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            reviewer_kind=account.reviewer_kind,
            profession=account.profession,
        )

    @classmethod
    def command_line(cls) -> Principal:
        """The person at the server's terminal: full rights, audited as the command line.

        Whoever can run ``verbatim`` on the machine can already read the database file, so the CLI
        does not ask for a password; its actions are still recorded in the audit log.
        """
        return cls(
            account_id=None,
            username="cli",
            display_name="Ligne de commande",
            role=Role.COORDINATOR,
        )


def permissions_of(role: str) -> frozenset[Permission]:
    """The permissions of ``role`` (none for an unknown role)."""
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()


def require(principal: Principal | None, permission: Permission | str) -> None:
    """Refuse, with a French message naming the action, unless ``principal`` may do it.

    Args:
        principal: Who asks; None when nobody is signed in.
        permission: What they want to do.

    Raises:
        PermissionDenied: The role does not grant ``permission`` (or nobody is signed in).
    """
    permission = Permission(permission)
    if principal is None:
        raise PermissionDenied(Msg.NOT_SIGNED_IN)
    if permission not in principal.permissions:
        raise PermissionDenied(
            Msg.PERMISSION_DENIED.format(
                role=ROLE_LABELS.get(principal.role, principal.role),
                action=ACTION_PHRASES[permission],
            )
        )


def requires(permission: Permission | str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service taking a keyword ``actor: Principal`` so that it checks ``permission``.

    The check runs before the service body, so a refused call changes nothing. The wrapped function
    keeps its signature and exposes ``required_permission``.

    Example:
        >>> @requires(Permission.IMPORT_DATA)
        ... def import_file(session, *, actor: Principal, path: str) -> int: ...
    """
    permission = Permission(permission)

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        if "actor" not in inspect.signature(func).parameters:
            raise TypeError(f"{func.__qualname__} must take a keyword argument 'actor'")

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            actor: Any = kwargs.get("actor")
            require(actor if isinstance(actor, Principal) else None, permission)
            return func(*args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorate


def can_open(principal: Principal | None, page: str) -> bool:
    """True when ``principal`` may open the page with key ``page``."""
    if principal is None or page not in PAGE_PERMISSIONS:
        return False
    return PAGE_PERMISSIONS[page] in principal.permissions


def require_page(principal: Principal | None, page: str) -> None:
    """Refuse, with the French message of the page's permission, unless the page may be opened.

    Raises:
        PermissionDenied: The role may not open ``page``.
        KeyError: ``page`` is not a known page key.
    """
    require(principal, PAGE_PERMISSIONS[page])


def pages_for(principal: Principal | None) -> list[str]:
    """The page keys ``principal`` may open, in menu order (empty when nobody is signed in)."""
    return [page for page in PAGE_PERMISSIONS if can_open(principal, page)]
