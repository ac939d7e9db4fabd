"""Questionnaires and their versions: create, edit (a version with answers is frozen), publish.

Functions take the session first and keyword-only arguments, as in the FastAPI template; they flush
but never commit: the caller's :func:`~verbatim.db.engine.session_scope` owns the transaction.

Permissions: the functions a person's request reaches (pages, CLI) — :func:`create_questionnaire`,
:func:`create_from_template`, :func:`save_questions`, :func:`publish_version` — take a keyword
``actor`` and refuse unless it may ``manage_questionnaires``. Other services that make a
questionnaire as part of their own job (an import without a questionnaire, a FHIR Questionnaire,
the sample loader) have already checked their own permission and call the unchecked building
blocks :func:`store_questionnaire` and :func:`store_template`; no page calls those. Reading
functions (lists, versions, questions) are unchecked: the kiosk, the board and the exports all
need the questions, and the services that show answers check their own permission.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, select

from verbatim.db.tables import (
    Question,
    QuestionCreate,
    Questionnaire,
    QuestionnaireCreate,
    QuestionnaireVersion,
    Response,
    Site,
    utcnow,
)
from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey import kinds
from verbatim.survey.templates import load_template


def slugify(text: str, *, max_length: int = 60) -> str:
    """A lowercase ASCII identifier ("Retour à domicile" → "retour-a-domicile")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or "questionnaire"


# --- sites -------------------------------------------------------------------------------------


def list_sites(session: Session) -> list[Site]:
    """All sites, by name."""
    return list(session.exec(select(Site).order_by(Site.name)))


def get_or_create_site(session: Session, *, name: str, kind: str = "msp") -> Site:
    """The site with this name, created if it does not exist yet."""
    name = name.strip()
    site = session.exec(select(Site).where(Site.name == name)).first()
    if site is None:
        site = Site(name=name, kind=kind)
        session.add(site)
        session.flush()
    return site


def find_site(session: Session, *, name: str) -> Site | None:
    """The site whose name matches, ignoring case and surrounding spaces."""
    wanted = name.strip().casefold()
    return next((s for s in list_sites(session) if s.name.casefold() == wanted), None)


# --- questionnaires ----------------------------------------------------------------------------


def list_questionnaires(session: Session) -> list[Questionnaire]:
    """All questionnaires, by title."""
    return list(session.exec(select(Questionnaire).order_by(Questionnaire.title, Questionnaire.id)))


def get_questionnaire(session: Session, *, slug: str) -> Questionnaire:
    """The questionnaire with this slug.

    Raises:
        VerbatimError: No questionnaire has this slug.
    """
    found = session.exec(select(Questionnaire).where(Questionnaire.slug == slug)).first()
    if found is None:
        raise VerbatimError(Msg.UNKNOWN_QUESTIONNAIRE.format(slug=slug))
    return found


def unique_slug(session: Session, *, base: str) -> str:
    """``base`` or ``base-2``, ``base-3``… whichever is free."""
    slug, n = base, 1
    while session.exec(select(Questionnaire.id).where(Questionnaire.slug == slug)).first():
        n += 1
        slug = f"{base}-{n}"
    return slug


def validate_questions(questions: Sequence[QuestionCreate]) -> None:
    """Check a list of questions before it is saved.

    Raises:
        VerbatimError: A question has no text, a choice question has fewer than two choices, a
            show-if condition points at a later or unknown question, or the list is empty.
    """
    if not questions:
        raise VerbatimError(Msg.NO_QUESTIONS)
    seen: set[str] = set()
    for position, q in enumerate(questions, start=1):
        if not q.text.strip():
            raise VerbatimError(Msg.EMPTY_QUESTION_TEXT.format(position=position))
        if q.kind not in kinds.KINDS:
            raise VerbatimError(f"Question {position} : type « {q.kind} » inconnu.")
        if q.kind in kinds.CHOICE_KINDS and len(q.options or []) < 2:
            raise VerbatimError(Msg.CHOICES_REQUIRED.format(position=position))
        if q.show_if and q.show_if.get("question") not in seen:
            raise VerbatimError(Msg.BAD_SHOW_IF.format(position=position))
        if q.link_id in seen:
            raise VerbatimError(
                f"Question {position} : l'identifiant « {q.link_id} » est en double."
            )
        seen.add(q.link_id)


def store_questionnaire(
    session: Session,
    *,
    data: QuestionnaireCreate,
    questions: Sequence[QuestionCreate],
    publish: bool = False,
) -> Questionnaire:
    """Create a questionnaire with its first version, without any permission check.

    For services that have checked their own permission (imports, FHIR, the sample loader); pages
    and the CLI call :func:`create_questionnaire`.

    Args:
        session: Open session.
        data: Slug, title, description; the slug must be free.
        questions: The questions of version 1, in order.
        publish: Publish version 1 at once (imports and templates loaded by the demo do).

    Returns:
        The new questionnaire.

    Raises:
        VerbatimError: The slug is taken or a question is invalid.
    """
    validate_questions(questions)
    exists = session.exec(select(Questionnaire.id).where(Questionnaire.slug == data.slug)).first()
    if exists:
        raise VerbatimError(Msg.DUPLICATE_SLUG.format(slug=data.slug))
    questionnaire = Questionnaire.model_validate(data)
    session.add(questionnaire)
    session.flush()
    version = QuestionnaireVersion(questionnaire_id=questionnaire.id, number=1)
    session.add(version)
    session.flush()
    _add_questions(session, version=version, questions=questions)
    if publish:
        _publish_newest(session, questionnaire_id=questionnaire.id)
    return questionnaire


def store_template(
    session: Session,
    *,
    template: str,
    slug: str | None = None,
    title: str | None = None,
    publish: bool = False,
) -> Questionnaire:
    """Create a questionnaire from a shipped template, without any permission check.

    For services that have checked their own permission (the sample loader); pages and the CLI
    call :func:`create_from_template`. Arguments are those of :func:`create_from_template`.
    """
    spec = load_template(template)
    data = QuestionnaireCreate(
        slug=slug or unique_slug(session, base=spec.slug),
        title=title or spec.title,
        description=spec.description,
        template=template,
    )
    return store_questionnaire(session, data=data, questions=spec.questions, publish=publish)


@requires(Permission.MANAGE_QUESTIONNAIRES)
def create_questionnaire(
    session: Session,
    *,
    actor: Principal,
    data: QuestionnaireCreate,
    questions: Sequence[QuestionCreate],
    publish: bool = False,
) -> Questionnaire:
    """Create a questionnaire with its first version.

    Args:
        session: Open session.
        actor: Who creates it (needs ``manage_questionnaires``).
        data: Slug, title, description; the slug must be free.
        questions: The questions of version 1, in order.
        publish: Publish version 1 at once.

    Returns:
        The new questionnaire.

    Raises:
        PermissionDenied: ``actor`` may not manage questionnaires; nothing is written.
        VerbatimError: The slug is taken or a question is invalid.
    """
    return store_questionnaire(session, data=data, questions=questions, publish=publish)


@requires(Permission.MANAGE_QUESTIONNAIRES)
def create_from_template(
    session: Session,
    *,
    actor: Principal,
    template: str,
    slug: str | None = None,
    title: str | None = None,
    publish: bool = False,
) -> Questionnaire:
    """Create a questionnaire from one of the shipped templates.

    Args:
        session: Open session.
        actor: Who creates it (needs ``manage_questionnaires``).
        template: Template name (see :func:`verbatim.survey.templates.list_templates`).
        slug: Slug to use; the template's own, made unique, when omitted.
        title: Title to use; the template's when omitted.
        publish: Publish it at once.

    Returns:
        The new questionnaire.

    Raises:
        PermissionDenied: ``actor`` may not manage questionnaires; nothing is written.
    """
    return store_template(session, template=template, slug=slug, title=title, publish=publish)


def _add_questions(
    session: Session, *, version: QuestionnaireVersion, questions: Sequence[QuestionCreate]
) -> list[Question]:
    rows = []
    for position, q in enumerate(questions):
        row = Question.model_validate(q, update={"version_id": version.id, "position": position})
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def versions(session: Session, *, questionnaire_id: int) -> list[QuestionnaireVersion]:
    """Every version of a questionnaire, oldest first."""
    stmt = (
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
        .order_by(QuestionnaireVersion.number)
    )
    return list(session.exec(stmt))


def latest_version(session: Session, *, questionnaire_id: int) -> QuestionnaireVersion:
    """The newest version (draft or published)."""
    return versions(session, questionnaire_id=questionnaire_id)[-1]


def published_version(session: Session, *, questionnaire_id: int) -> QuestionnaireVersion | None:
    """The version patients answer now, or None if none is published."""
    for version in reversed(versions(session, questionnaire_id=questionnaire_id)):
        if version.status == "published":
            return version
    return None


def current_version(session: Session, *, questionnaire_id: int) -> QuestionnaireVersion:
    """The published version, else the newest one (what an import or an export reads by default)."""
    found = versions(session, questionnaire_id=questionnaire_id)
    return next((v for v in reversed(found) if v.status == "published"), found[-1])


def questions_of(session: Session, *, version_id: int) -> list[Question]:
    """The questions of a version, in order."""
    stmt = select(Question).where(Question.version_id == version_id).order_by(Question.position)
    return list(session.exec(stmt))


def response_count(session: Session, *, version_id: int) -> int:
    """How many responses were given to this version."""
    stmt = select(func.count()).select_from(Response).where(Response.version_id == version_id)
    return int(session.exec(stmt).one())


def is_frozen(session: Session, *, version_id: int) -> bool:
    """A version with at least one response can no longer change."""
    return response_count(session, version_id=version_id) > 0


@requires(Permission.MANAGE_QUESTIONNAIRES)
def save_questions(
    session: Session,
    *,
    actor: Principal,
    questionnaire_id: int,
    questions: Sequence[QuestionCreate],
) -> QuestionnaireVersion:
    """Replace the questions of the questionnaire's newest version.

    If that version already has responses it is frozen: a new version is made instead, as a draft
    that replaces the published one when published.

    Args:
        session: Open session.
        actor: Who edits (needs ``manage_questionnaires``).
        questionnaire_id: The questionnaire to edit.
        questions: The full new list of questions, in order.

    Returns:
        The version that now holds these questions.

    Raises:
        PermissionDenied: ``actor`` may not manage questionnaires; nothing is written.
        VerbatimError: A question is invalid.
    """
    validate_questions(questions)
    version = latest_version(session, questionnaire_id=questionnaire_id)
    if is_frozen(session, version_id=version.id):
        version = QuestionnaireVersion(questionnaire_id=questionnaire_id, number=version.number + 1)
        session.add(version)
        session.flush()
    else:
        for old in questions_of(session, version_id=version.id):
            session.delete(old)
        session.flush()
    _add_questions(session, version=version, questions=questions)
    return version


@requires(Permission.MANAGE_QUESTIONNAIRES)
def publish_version(
    session: Session, *, actor: Principal, questionnaire_id: int
) -> QuestionnaireVersion:
    """Publish the newest version; the previously published one is archived.

    Args:
        session: Open session.
        actor: Who publishes (needs ``manage_questionnaires``).
        questionnaire_id: The questionnaire.

    Returns:
        The version now published.

    Raises:
        PermissionDenied: ``actor`` may not manage questionnaires; nothing is written.
    """
    return _publish_newest(session, questionnaire_id=questionnaire_id)


def _publish_newest(session: Session, *, questionnaire_id: int) -> QuestionnaireVersion:
    newest = latest_version(session, questionnaire_id=questionnaire_id)
    for version in versions(session, questionnaire_id=questionnaire_id):
        if version.id != newest.id and version.status == "published":
            version.status = "archived"
            session.add(version)
    newest.status = "published"
    newest.published_at = utcnow()
    session.add(newest)
    session.flush()
    return newest


def question_specs(session: Session, *, version_id: int) -> list[QuestionCreate]:
    """A version's questions as editable specs (what the builder and exports start from)."""
    return [
        QuestionCreate.model_validate(q.model_dump(exclude={"id", "version_id", "position"}))
        for q in questions_of(session, version_id=version_id)
    ]
