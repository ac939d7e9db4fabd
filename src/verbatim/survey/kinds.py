"""Question kinds: their French names, their fixed options, and how an answer is checked and stored.

A kind is a plain string on :class:`~verbatim.db.tables.Question`. Each kind says which
:class:`~verbatim.db.tables.Answer` column holds its value.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from verbatim.errors import Msg, VerbatimError

SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
LIKERT5 = "likert5"
SCALE10 = "scale10"
YES_NO = "yes_no"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"

KIND_LABELS: dict[str, str] = {
    SINGLE_CHOICE: "Choix unique",
    MULTIPLE_CHOICE: "Choix multiple",
    LIKERT5: "Échelle de satisfaction (1 à 5)",
    SCALE10: "Note de 0 à 10",
    YES_NO: "Oui / non",
    SHORT_TEXT: "Texte court",
    LONG_TEXT: "Texte libre",
}
KINDS = tuple(KIND_LABELS)
TEXT_KINDS = frozenset({SHORT_TEXT, LONG_TEXT})
CHOICE_KINDS = frozenset({SINGLE_CHOICE, MULTIPLE_CHOICE})
NUMBER_KINDS = frozenset({LIKERT5, SCALE10})

LIKERT_LABELS = [
    "Pas du tout satisfait",
    "Peu satisfait",
    "Moyennement satisfait",
    "Satisfait",
    "Très satisfait",
]
YES_NO_OPTIONS = [{"value": "oui", "label": "Oui"}, {"value": "non", "label": "Non"}]


@dataclass(frozen=True)
class StoredValue:
    """What goes into the answer row: one of the three value columns."""

    choice: str | None = None
    number: float | None = None
    text: str | None = None


def options_for(kind: str, options: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The options a patient chooses from, derived for kinds with fixed answers.

    Args:
        kind: The question kind.
        options: The options stored on the question (used for choice kinds, and to relabel Likert).

    Returns:
        A list of ``{"value", "label"}`` dicts; empty for text kinds.
    """
    if kind in CHOICE_KINDS:
        return list(options or [])
    if kind == LIKERT5:
        labels = [o["label"] for o in options] if options and len(options) == 5 else LIKERT_LABELS
        return [{"value": i + 1, "label": label} for i, label in enumerate(labels)]
    if kind == SCALE10:
        return [{"value": i, "label": str(i)} for i in range(11)]
    if kind == YES_NO:
        return list(YES_NO_OPTIONS)
    return []


def is_empty(value: Any) -> bool:
    """True when a value counts as "no answer" (None, blank text, empty list, NaN)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple | set) and len(value) == 0


def _allowed_text(opts: list[dict[str, Any]]) -> str:
    return ", ".join(str(o["value"]) for o in opts)


def coerce(
    kind: str, options: list[dict[str, Any]] | None, value: Any, *, question: str
) -> StoredValue:
    """Check one answer against its question and convert it to the stored form.

    Choices are matched on their value or, case-insensitively, on their label, so that imported
    files holding "Très satisfait" or "Oui" work as well as "5" or "oui".

    Args:
        kind: The question kind.
        options: The question's stored options.
        value: The answer as given (str, number, list of str).
        question: The question's text, for the error message.

    Returns:
        The value to store.

    Raises:
        VerbatimError: The value is not a possible answer to this question.
    """
    if kind in TEXT_KINDS:
        return StoredValue(text=str(value).strip())
    opts = options_for(kind, options)

    def match(item: Any) -> Any:
        text = str(item).strip()
        for opt in opts:
            if text == str(opt["value"]) or text.casefold() == str(opt["label"]).casefold():
                return opt["value"]
        if kind in NUMBER_KINDS:
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                number = math.nan
            for opt in opts:
                if number == opt["value"]:
                    return opt["value"]
        raise VerbatimError(
            Msg.INVALID_CHOICE.format(value=text, question=question)
            + f" Réponses possibles : {_allowed_text(opts)}."
        )

    if kind == MULTIPLE_CHOICE:
        items = value if isinstance(value, list | tuple) else _split_multi(str(value))
        chosen = [match(item) for item in items if not is_empty(item)]
        ordered = [o["value"] for o in opts if o["value"] in chosen]
        return StoredValue(choice=json.dumps(ordered, ensure_ascii=False))
    matched = match(value)
    if kind in NUMBER_KINDS:
        return StoredValue(number=float(matched))
    return StoredValue(choice=str(matched))


def _split_multi(text: str) -> list[str]:
    # LimeSurvey and Google Forms join several choices with ";" or ", "
    for sep in (";", "|", ","):
        if sep in text:
            return [part.strip() for part in text.split(sep)]
    return [text]


def display_value(kind: str, options: list[dict[str, Any]] | None, stored: StoredValue) -> str:
    """The answer as a person reads it (labels, not codes)."""
    if kind in TEXT_KINDS:
        return stored.text or ""
    opts = {str(o["value"]): o["label"] for o in options_for(kind, options)}
    if kind == MULTIPLE_CHOICE:
        values = json.loads(stored.choice or "[]")
        return " ; ".join(opts.get(str(v), str(v)) for v in values)
    if kind in NUMBER_KINDS:
        if stored.number is None:
            return ""
        key = str(int(stored.number))
        return key if kind == SCALE10 else f"{key} – {opts.get(key, '')}"
    return opts.get(str(stored.choice), stored.choice or "")


def condition_value(kind: str, stored: StoredValue) -> Any:
    """The stored value as show-if conditions compare it (a list for multiple choice)."""
    if kind == MULTIPLE_CHOICE:
        return json.loads(stored.choice or "[]")
    if stored.number is not None:
        return stored.number
    return stored.choice if stored.choice is not None else stored.text


def condition_met(show_if: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """Whether a question with this show-if condition is shown, given the answers so far.

    Args:
        show_if: ``{"question": link_id, "operator": "=" | "!=" | "exists", "value": ...}`` or None.
        answers: Answers given so far, by link id (as entered or as stored values).

    Returns:
        True when the question should be shown (always when there is no condition).
    """
    if not show_if:
        return True
    given = answers.get(show_if["question"])
    operator = show_if.get("operator", "=")
    if operator == "exists":
        return not is_empty(given)
    expected = show_if.get("value")
    if isinstance(given, list | tuple):
        hit = any(str(g) == str(expected) for g in given)
    else:
        hit = not is_empty(given) and _same(given, expected)
    return hit if operator == "=" else not hit


def _same(a: Any, b: Any) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a).strip().casefold() == str(b).strip().casefold()
