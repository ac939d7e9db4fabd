"""What a questionnaire translation is made of, and how far it is (no database access here).

See :mod:`verbatim.survey.translations` for the service that stores and reads translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from verbatim.survey import kinds
from verbatim.survey.languages import SOURCE_LANGUAGE

# --- what a question needs translated ------------------------------------------------------------


def translatable_options(question: Any) -> dict[str, str]:
    """The French labels, by ``str(value)``, of the choices of a question that need translating.

    Choice questions have their own labels; a satisfaction scale has its own only when the
    coordinator relabelled its five steps. Other kinds take theirs from the kiosk interface.
    """
    relabelled = question.kind == kinds.LIKERT5 and len(question.options or []) == 5
    if question.kind not in kinds.CHOICE_KINDS and not relabelled:
        return {}
    return {
        str(o["value"]): str(o["label"]) for o in kinds.options_for(question.kind, question.options)
    }


@dataclass(frozen=True)
class QuestionState:
    """How far one question's translation is.

    Attributes:
        link_id: The question.
        missing: Parts with no translation, in French ("texte", "aide", "choix « Oui »").
        outdated: Translated parts whose French text changed since ("texte"…).
    """

    link_id: str
    missing: tuple[str, ...] = ()
    outdated: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        """ "missing", "outdated" (everything translated, something à revoir) or "complete"."""
        if self.missing:
            return "missing"
        return "outdated" if self.outdated else "complete"


@dataclass(frozen=True)
class TranslationStatus:
    """How far a version's translation into one language is."""

    language: str
    questions: tuple[QuestionState, ...] = ()
    title_missing: bool = False
    title_outdated: bool = False
    description_missing: bool = False
    description_outdated: bool = False

    @property
    def missing(self) -> list[str]:
        """Link ids of the questions with something untranslated."""
        return [q.link_id for q in self.questions if q.state == "missing"]

    @property
    def outdated(self) -> list[str]:
        """Link ids of the translated questions whose French text changed since (à revoir)."""
        return [q.link_id for q in self.questions if q.state == "outdated"]

    @property
    def complete(self) -> bool:
        """True when the kiosk can show the whole version in this language."""
        return not (
            self.missing
            or self.outdated
            or self.title_missing
            or self.title_outdated
            or self.description_missing
            or self.description_outdated
        )

    @property
    def summary(self) -> str:
        """In French: "complète", or "2 question(s) manquante(s) · 1 à revoir · titre à revoir"."""
        if self.complete:
            return "complète"
        parts = []
        if self.missing:
            parts.append(f"{len(self.missing)} question(s) manquante(s)")
        if self.outdated:
            parts.append(f"{len(self.outdated)} question(s) à revoir")
        for flag, text in (
            (self.title_missing, "titre manquant"),
            (self.title_outdated, "titre à revoir"),
            (self.description_missing, "présentation manquante"),
            (self.description_outdated, "présentation à revoir"),
        ):
            if flag:
                parts.append(text)
        return " · ".join(parts)


@dataclass(frozen=True)
class QuestionTexts:
    """One question's texts in one language (options: translated choice labels by value)."""

    text: str
    help_text: str = ""
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VersionTexts:
    """A version's texts in one language, as the kiosk shows them."""

    title: str
    description: str
    questions: dict[str, QuestionTexts]
    language: str = SOURCE_LANGUAGE
    direction: str = "ltr"


def question_state(question: Any, item: Mapping[str, Any] | None) -> QuestionState:
    """What is missing or outdated in one question's stored translation ``item``."""
    item = item or {}
    missing: list[str] = []
    outdated: list[str] = []
    if not item.get("text"):
        missing.append("texte")
    elif item.get("source") != question.text:
        outdated.append("texte")
    if question.help_text:
        if not item.get("help_text"):
            missing.append("aide")
        elif item.get("help_source") != question.help_text:
            outdated.append("aide")
    labels = item.get("options") or {}
    sources = item.get("option_sources") or {}
    for value, french in translatable_options(question).items():
        if not labels.get(value):
            missing.append(f"choix « {french} »")
        elif sources.get(value) != french:
            outdated.append(f"choix « {french} »")
    return QuestionState(question.link_id, tuple(missing), tuple(outdated))
