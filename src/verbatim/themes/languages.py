"""Set answers written in another language than French apart from the French themes.

The theme engine embeds and clusters with a French model: an English or Arabic answer would land in
a meaningless theme, or in none, without anyone noticing. :func:`split_languages` decides for each
answer (with :func:`verbatim.text.language.detect_language`); the engine stores the set-aside ones
with their language, not informative and without theme, and counts them per language, and the
analysis page and the report list them for a person to read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from verbatim.text.language import detect_language, language_name
from verbatim.text.prepare import is_non_informative
from verbatim.themes.reading import ScopedAnswer


def split_languages(answers: Sequence[ScopedAnswer]) -> dict[int, str]:
    """The answers written in another language: {answer id: language code}.

    The text decides; the language the patient chose on the kiosk decides only for text that says
    nothing either way, and never for answers that are empty of meaning anyway ("ok", "RAS").

    Args:
        answers: The answers of the scope.

    Returns:
        Answer id -> ISO 639-1 code, for non-French answers only.
    """
    out: dict[int, str] = {}
    for answer in answers:
        found = detect_language(answer.text, prior=answer.language)
        if found.is_french:
            continue
        if found.basis == "prior" and is_non_informative(answer.text):
            continue
        out[answer.answer_id] = found.code
    return out


def language_counts(set_aside: dict[int, str]) -> dict[str, int]:
    """{language code: answers}, most frequent first then by code (stable for JSON and display)."""
    counts = Counter(set_aside.values())
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def set_aside_row(answer_id: int, code: str) -> dict[str, Any]:
    """The analysis row of an answer set aside: not informative, no theme, its language."""
    return {
        "answer_id": answer_id,
        "informative": False,
        "tone": "neutral",
        "label": -1,
        "language": code,
    }


def describe(counts: dict[str, int]) -> str:
    """ "3 en anglais, 2 en arabe" (empty string when nothing was set aside)."""
    return ", ".join(f"{n} en {language_name(code)}" for code, n in counts.items())
