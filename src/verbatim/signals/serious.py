"""Rare but serious: answers that a severity lexicon says a person should read, with the reason.

Matching works on a folded form of the text (lowercase, no accents, no apostrophes, doubled letters
collapsed) so that "ordonance", "ORDONNANCE" and "ordonnance" agree, and a pattern's words may have
up to two other words between them ("pas eu de compte rendu"). A negatable entry is silenced by a
negation just before it ("aucune chute", "pas de chute", "jamais tombé").
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_LEXICON = Path(__file__).parent / "lexicons" / "severity.yaml"
MAX_GAP = 2  # other words allowed between two words of a pattern
NEGATION_WINDOW = 3  # words before a match in which a negation silences it
NEGATORS = frozenset(
    {"pas", "aucun", "aucune", "jamais", "sans", "ni", "non", "rien", "nul", "nulle"}
)
# Function words skipped when a pattern is compiled, so "pas de compte rendu" needs only
# "pas … compte rendu" in the text (the gap rule then allows the "de" and "eu").
_SKIP = frozenset(
    {
        "de",
        "d",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "a",
        "au",
        "aux",
        "m",
        "me",
        "ne",
        "n",
        "en",
        "un",
        "une",
        "ma",
        "mon",
        "mes",
        "y",
    }
)


@dataclass(frozen=True)
class Entry:
    """One lexicon entry."""

    label: str
    category: str
    weight: int
    negatable: bool
    patterns: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Hit:
    """An entry found in a text, with the words that triggered it."""

    label: str
    category: str
    weight: int
    words: str  # the matched stretch of the original text


def fold(text: str) -> str:
    """Lowercase, strip accents, collapse doubled letters; keep only letters, digits and spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"([a-z])\1+", r"\1", text).strip()


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded content words with their character span in the original text (function words,
    which patterns skip too, are left out so that they do not count against the gap)."""
    out = []
    for match in re.finditer(r"[^\W_]+", text):
        folded = fold(match.group())
        if folded and folded not in _SKIP:
            out.append((folded, match.start(), match.end()))
    return out


def _compile(pattern: str) -> tuple[str, ...]:
    words = []
    for raw in pattern.split():
        star = raw.endswith("*")
        word = fold(raw.rstrip("*"))
        if word and word not in _SKIP:
            words.append(word + ("*" if star else ""))
    return tuple(words)


def _word_matches(pattern_word: str, token: str) -> bool:
    if pattern_word.endswith("*"):
        return token.startswith(pattern_word[:-1])
    return token == pattern_word


def load_lexicon(path: Path | None = None) -> tuple[Entry, ...]:
    """Read the severity lexicon: ``path``, else the data folder's copy, else the shipped one.

    Args:
        path: A YAML file in the shipped format.

    Returns:
        The entries, in file order.
    """
    if path is None:
        data_dir = Path(os.environ.get("VERBATIM_DATA_DIR", "data"))
        local = data_dir / "lexicons" / "severity.yaml"
        path = local if local.is_file() else DEFAULT_LEXICON
    return _load(str(path), path.stat().st_mtime)


@functools.lru_cache(maxsize=8)
def _load(path: str, _mtime: float) -> tuple[Entry, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return tuple(
        Entry(
            label=str(item["label"]),
            category=str(item.get("category", "")),
            weight=int(item.get("weight", 1)),
            negatable=bool(item.get("negatable", True)),
            patterns=tuple(p for p in (_compile(x) for x in item["patterns"]) if p),
        )
        for item in raw.get("entries", [])
    )


def _find(pattern: tuple[str, ...], words: Sequence[str]) -> list[tuple[int, int]]:
    """Spans (first, last token index) where the pattern's words occur in order, gaps allowed."""
    spans = []
    for start, word in enumerate(words):
        if not _word_matches(pattern[0], word):
            continue
        position, ok = start, True
        for pattern_word in pattern[1:]:
            nxt = next(
                (
                    i
                    for i in range(position + 1, min(len(words), position + 2 + MAX_GAP))
                    if _word_matches(pattern_word, words[i])
                ),
                None,
            )
            if nxt is None:
                ok = False
                break
            position = nxt
        if ok:
            spans.append((start, position))
    return spans


def find_serious(text: str, *, lexicon: Sequence[Entry] | None = None) -> list[Hit]:
    """Every lexicon entry present in ``text``, once each, in lexicon order.

    Args:
        text: An answer (or one of its ideas).
        lexicon: Entries to use; the configured lexicon when omitted.

    Returns:
        The hits, each with the words of the text that triggered it.
    """
    entries = load_lexicon() if lexicon is None else lexicon
    tokens = _tokens(text)
    words = [t[0] for t in tokens]
    hits = []
    for entry in entries:
        for pattern in entry.patterns:
            spans = _find(pattern, words)
            if entry.negatable:
                spans = [
                    (a, b)
                    for a, b in spans
                    if not any(w in NEGATORS for w in words[max(0, a - NEGATION_WINDOW) : a])
                ]
            if spans:
                a, b = spans[0]
                hits.append(
                    Hit(
                        label=entry.label,
                        category=entry.category,
                        weight=entry.weight,
                        words=text[tokens[a][1] : tokens[b][2]],
                    )
                )
                break
    return hits


@dataclass(frozen=True)
class SeriousFlag:
    """Why an answer is flagged for a person to read."""

    score: float
    hits: tuple[Hit, ...]
    negative: bool
    small_theme: bool

    @property
    def reason(self) -> str:
        """One French sentence: the triggering words, and what else weighed."""
        words = ", ".join(f"« {h.words} »" for h in self.hits)
        extra = []
        if self.negative:
            extra.append("ton négatif")
        if self.small_theme:
            extra.append("thème rare")
        suffix = f" ({', '.join(extra)})" if extra else ""
        return f"mots : {words}{suffix}"


FLAG_THRESHOLD = 3.0


def score_answer(
    text: str,
    *,
    tone: str | None = None,
    theme_size: int | None = None,
    small_theme_size: int = 5,
    lexicon: Sequence[Entry] | None = None,
) -> SeriousFlag | None:
    """Combine the lexicon with the tone and the size of the answer's theme.

    The score is the heaviest hit's weight, +1 when the answer's tone is negative or mixed, +1 when
    its theme is small (or it has none): a weight-3 entry always flags; a weight-2 entry flags
    with a negative tone or a rare theme.

    Args:
        text: The answer.
        tone: "positive", "negative", "mixed" or "neutral", if known.
        theme_size: Number of answers in the answer's primary theme (None: no theme).
        small_theme_size: A theme this small or smaller counts as rare.
        lexicon: Entries to use; the configured lexicon when omitted.

    Returns:
        The flag when the score reaches the threshold, else None.
    """
    hits = find_serious(text, lexicon=lexicon)
    if not hits:
        return None
    negative = tone in {"negative", "mixed"}
    small = theme_size is None or theme_size <= small_theme_size
    score = max(h.weight for h in hits) + (1.0 if negative else 0.0) + (1.0 if small else 0.0)
    if score < FLAG_THRESHOLD:
        return None
    return SeriousFlag(score=score, hits=tuple(hits), negative=negative, small_theme=small)
