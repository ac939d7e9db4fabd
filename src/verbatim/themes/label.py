"""A suggested French label for a discovered theme, from its c-TF-IDF keywords."""

from __future__ import annotations

from verbatim.text.prepare import NEGATED_PREFIX


def display_keyword(keyword: str) -> str:
    """A keyword as a person reads it: ``pas_suivi`` becomes "sans suivi"."""
    if keyword.startswith(NEGATED_PREFIX):
        return f"sans {keyword.removeprefix(NEGATED_PREFIX)}"
    return keyword


def suggest_label(keywords: list[str], *, max_words: int = 3) -> str:
    """Label built from the first keywords: "Téléconsultation, connexion et vidéo".

    Args:
        keywords: Keywords, best first (lemmas; negated ones prefixed ``pas_``).
        max_words: Keywords used at most.

    Returns:
        A capitalised French label, or "Thème sans mot-clé" when there are none.
    """
    words: list[str] = []
    for keyword in keywords:
        word = display_keyword(keyword)
        if word not in words:
            words.append(word)
        if len(words) == max_words:
            break
    if not words:
        return "Thème sans mot-clé"
    text = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} et {words[-1]}"
    return text[0].upper() + text[1:]
