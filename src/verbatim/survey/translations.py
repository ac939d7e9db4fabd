"""Translations of a questionnaire: the coordinator enters them, the kiosk shows them.

A translation belongs to a questionnaire and a language (:class:`QuestionnaireTranslation`), and
matches questions by link id, so it carries over to the next version when questions are edited.
Every translated text keeps the French text it renders (its "source"): when the French text
changes, that translation is "à revoir" (outdated) until the coordinator saves it again.

What needs translating, per question: its text, its help text when it has one, and the labels of
its choices for choice questions (and for a satisfaction scale relabelled with its own five
labels). Yes/no, 0–10 and the standard satisfaction labels come from the kiosk's interface strings
(:mod:`verbatim.survey.i18n`), not from here.

The kiosk offers French and every language whose translation is complete and up to date for the
version it shows (:func:`kiosk_languages`), and reads the texts with :func:`translated_texts`.
Saving a translation needs ``manage_questionnaires`` and is audited; translations are display text,
so they can change even when the version already has answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlmodel import Session, select

from verbatim.db.tables import Question, Questionnaire, QuestionnaireVersion, utcnow
from verbatim.db.tables_translations import QuestionnaireTranslation
from verbatim.errors import Msg, VerbatimError
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey.languages import (  # noqa: F401  (re-exported: the kiosk imports them here)
    FRENCH,
    LANGUAGES,
    SOURCE_LANGUAGE,
    Language,
    language_name,
    normalise_language,
)
from verbatim.survey.questionnaires import latest_version, questions_of
from verbatim.survey.translation_parts import (  # noqa: F401  (re-exported)
    QuestionState,
    QuestionTexts,
    TranslationStatus,
    VersionTexts,
    question_state,
    translatable_options,
)

MAX_TEXT = 2000  # as Question.text and Question.help_text
MAX_TITLE = 300
MAX_DESCRIPTION = 4000


# --- reading --------------------------------------------------------------------------------------


def get_translation(
    session: Session, *, questionnaire_id: int, language: str
) -> QuestionnaireTranslation | None:
    """The stored translation of a questionnaire into ``language``, if any."""
    stmt = select(QuestionnaireTranslation).where(
        QuestionnaireTranslation.questionnaire_id == questionnaire_id,
        QuestionnaireTranslation.language == language,
    )
    return session.exec(stmt).first()


def translated_languages(session: Session, *, questionnaire_id: int) -> list[str]:
    """Codes of the languages this questionnaire has a translation into (complete or not)."""
    stmt = select(QuestionnaireTranslation.language).where(
        QuestionnaireTranslation.questionnaire_id == questionnaire_id
    )
    found = set(session.exec(stmt))
    return [code for code in LANGUAGES if code in found]


def _version(session: Session, version_id: int) -> tuple[Questionnaire, list[Question]]:
    version = session.get(QuestionnaireVersion, version_id)
    if version is None:
        raise VerbatimError(Msg.UNKNOWN_QUESTIONNAIRE.format(slug=f"version n° {version_id}"))
    questionnaire = session.get(Questionnaire, version.questionnaire_id)
    assert questionnaire is not None
    return questionnaire, questions_of(session, version_id=version_id)


def _status(
    questionnaire: Questionnaire,
    questions: list[Question],
    row: QuestionnaireTranslation | None,
    language: str,
) -> TranslationStatus:
    items = (row.items if row else None) or {}
    title = row.title if row else ""
    description = row.description if row else ""
    has_description = bool(questionnaire.description.strip())
    return TranslationStatus(
        language=language,
        questions=tuple(question_state(q, items.get(q.link_id)) for q in questions),
        title_missing=not title,
        title_outdated=bool(title) and row is not None and row.title_source != questionnaire.title,
        description_missing=has_description and not description,
        description_outdated=has_description
        and bool(description)
        and row is not None
        and row.description_source != questionnaire.description,
    )


def status(session: Session, *, version_id: int, language: str) -> TranslationStatus:
    """Which questions of a version are untranslated or à revoir in ``language``.

    Args:
        session: Open session.
        version_id: The version shown (its questions and the questionnaire's title count).
        language: A code of :data:`LANGUAGES`.

    Returns:
        The status; ``complete`` is True when the kiosk can offer the language.
    """
    questionnaire, questions = _version(session, version_id)
    row = get_translation(session, questionnaire_id=int(questionnaire.id or 0), language=language)
    return _status(questionnaire, questions, row, language)


def kiosk_languages(
    session: Session, *, version_id: int, interface: Collection[str] | None = None
) -> list[str]:
    """The languages the kiosk offers for a version: French first, then every complete one.

    Args:
        session: Open session.
        version_id: The version the kiosk shows.
        interface: Codes the kiosk has interface strings for; when given, other languages are left
            out even if their translation is complete.

    Returns:
        ``["fr", ...]``, translation languages in :data:`LANGUAGES` order.
    """
    questionnaire, questions = _version(session, version_id)
    rows = session.exec(
        select(QuestionnaireTranslation).where(
            QuestionnaireTranslation.questionnaire_id == questionnaire.id
        )
    )
    by_language = {row.language: row for row in rows}
    offered = [SOURCE_LANGUAGE]
    for code in LANGUAGES:
        if code not in by_language or (interface is not None and code not in interface):
            continue
        if _status(questionnaire, questions, by_language[code], code).complete:
            offered.append(code)
    return offered


def translated_texts(
    session: Session, *, version_id: int, language: str, allow_incomplete: bool = False
) -> VersionTexts | None:
    """A version's texts in ``language``, for the kiosk (French for "fr").

    Args:
        session: Open session.
        version_id: The version shown.
        language: "fr" or a code of :data:`LANGUAGES`.
        allow_incomplete: Return a partial translation, French standing in for what is missing
            (the coordinator's preview); otherwise an incomplete or outdated one gives None.

    Returns:
        The texts, or None when the language has no (complete) translation for this version.
    """
    questionnaire, questions = _version(session, version_id)
    if language == SOURCE_LANGUAGE:
        return VersionTexts(
            title=questionnaire.title,
            description=questionnaire.description,
            questions={
                q.link_id: QuestionTexts(q.text, q.help_text, translatable_options(q))
                for q in questions
            },
        )
    lang = LANGUAGES.get(language)
    row = get_translation(session, questionnaire_id=int(questionnaire.id or 0), language=language)
    if lang is None or row is None:
        return None
    if not allow_incomplete and not _status(questionnaire, questions, row, language).complete:
        return None
    items = row.items or {}
    texts = {}
    for q in questions:
        item = items.get(q.link_id) or {}
        labels = item.get("options") or {}
        texts[q.link_id] = QuestionTexts(
            text=item.get("text") or q.text,
            help_text=(item.get("help_text") or q.help_text) if q.help_text else "",
            options={v: labels.get(v) or fr for v, fr in translatable_options(q).items()},
        )
    return VersionTexts(
        title=row.title or questionnaire.title,
        description=(row.description or questionnaire.description)
        if questionnaire.description
        else "",
        questions=texts,
        language=language,
        direction=lang.direction,
    )


# --- writing --------------------------------------------------------------------------------------


def _clean(value: Any, *, field_name: str, max_chars: int) -> str:
    text = str(value or "").strip()
    if len(text) > max_chars:
        raise VerbatimError(
            Msg.TRANSLATION_TOO_LONG.format(field=field_name, length=len(text), max_chars=max_chars)
        )
    return text


def _stored_item(question: Question, given: Mapping[str, Any]) -> dict[str, Any] | None:
    where = f"la question « {question.text} »"
    text = _clean(given.get("text"), field_name=f"de {where}", max_chars=MAX_TEXT)
    help_text = _clean(
        given.get("help_text"), field_name=f"de l'aide de {where}", max_chars=MAX_TEXT
    )
    french = translatable_options(question)
    labels: dict[str, str] = {}
    for value, label in (given.get("options") or {}).items():
        key = str(value)
        if key not in french:
            allowed = ", ".join(f"{v} ({fr})" for v, fr in french.items()) or "aucun"
            raise VerbatimError(
                Msg.TRANSLATION_UNKNOWN_OPTION.format(
                    question=question.text, value=key, allowed=allowed
                )
            )
        clean = _clean(label, field_name=f"d'un choix de {where}", max_chars=MAX_TEXT)
        if clean:
            labels[key] = clean
    if not (text or help_text or labels):
        return None
    return {
        "text": text,
        "source": question.text,
        "help_text": help_text if question.help_text else "",
        "help_source": question.help_text,
        "options": labels,
        "option_sources": {v: french[v] for v in labels},
    }


@requires(Permission.MANAGE_QUESTIONNAIRES)
def save_translation(
    session: Session,
    *,
    actor: Principal,
    questionnaire_id: int,
    language: str,
    title: str,
    description: str = "",
    items: Mapping[str, Mapping[str, Any]],
    version_id: int | None = None,
) -> QuestionnaireTranslation:
    """Save (create or update) a questionnaire's translation into one language; audited.

    Each given question's translation replaces the stored one and is stamped with the French texts
    it renders (so it is up to date); questions not given keep their stored translation. A
    question given with nothing in it loses its translation.

    Args:
        session: Open session inside a write transaction.
        actor: Who translates (needs ``manage_questionnaires``).
        questionnaire_id: The questionnaire.
        language: A code of :data:`LANGUAGES` (not "fr").
        title: The translated title.
        description: The translated presentation text.
        items: ``{link_id: {"text", "help_text", "options": {str(value): label}}}``.
        version_id: The version whose questions are translated; the newest when omitted.

    Returns:
        The stored translation.

    Raises:
        PermissionDenied: ``actor`` may not manage questionnaires; nothing is written.
        VerbatimError: Unknown language or question, a choice the question does not have, a text
            too long; nothing is written.
    """
    if language == SOURCE_LANGUAGE:
        raise VerbatimError(Msg.TRANSLATION_FRENCH)
    if language not in LANGUAGES:
        allowed = ", ".join(f"{c} ({lang.name})" for c, lang in LANGUAGES.items())
        raise VerbatimError(
            Msg.TRANSLATION_UNKNOWN_LANGUAGE.format(language=language, allowed=allowed)
        )
    questionnaire = session.get(Questionnaire, questionnaire_id)
    if questionnaire is None:
        raise VerbatimError(Msg.UNKNOWN_QUESTIONNAIRE.format(slug=f"n° {questionnaire_id}"))
    if version_id is None:
        version = latest_version(session, questionnaire_id=questionnaire_id)
    else:
        version = session.get(QuestionnaireVersion, version_id)
        if version is None or version.questionnaire_id != questionnaire_id:
            raise VerbatimError(Msg.UNKNOWN_QUESTIONNAIRE.format(slug=f"version n° {version_id}"))
    by_link = {q.link_id: q for q in questions_of(session, version_id=int(version.id or 0))}
    cleaned: dict[str, dict[str, Any] | None] = {}
    for link_id, given in items.items():
        question = by_link.get(link_id)
        if question is None:
            raise VerbatimError(
                Msg.TRANSLATION_UNKNOWN_QUESTION.format(link_id=link_id, number=version.number)
            )
        cleaned[link_id] = _stored_item(question, given)
    title = _clean(title, field_name="du titre", max_chars=MAX_TITLE)
    description = _clean(description, field_name="de la présentation", max_chars=MAX_DESCRIPTION)

    row = get_translation(session, questionnaire_id=questionnaire_id, language=language)
    if row is None:
        row = QuestionnaireTranslation(questionnaire_id=questionnaire_id, language=language)
    stored = dict(row.items or {})
    for link_id, item in cleaned.items():
        if item is None:
            stored.pop(link_id, None)
        else:
            stored[link_id] = item
    row.items = stored  # a new dict, so SQLAlchemy sees the JSON change
    row.title = title
    row.title_source = questionnaire.title if title else ""
    row.description = description
    row.description_source = questionnaire.description if description else ""
    row.updated_at = utcnow()
    row.updated_by = actor.label[:200]
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="translation_save",
        object_type="questionnaire",
        object_id=questionnaire_id,
        detail={"language": language, "version_id": version.id, "questions": sorted(cleaned)},
    )
    return row
