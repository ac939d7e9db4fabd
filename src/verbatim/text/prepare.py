"""Text preparation for free-text answers: normalise, spot empty answers, split ideas, negation.

Pure functions over strings and spaCy ``Doc`` objects; nothing here touches the database. The word
lists live in ``lexicons/`` as plain text files a coordinator may edit. Everything is compared after
accent folding, so "medecin" and "médecin", "RAS" and "r.a.s." meet.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LEXICON_DIR = Path(__file__).parent / "lexicons"
NEGATED_PREFIX = "pas_"
NON_INFORMATIVE_MAX_CHARS = 60
NEGATION_SCOPE = 2  # content words a negation governs ("pas de rendez-vous de suivi")

_REPEATS = re.compile(r"([a-z])\1{2,}")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SENTENCE_END = re.compile(r"[.!?;\n\r+]+|\s[-–—]\s|\(|\)")
_SPACES = re.compile(r"\s+")


def _fold_one(char: str) -> str:
    if char in "’‘`´":
        return "'"
    base = unicodedata.normalize("NFKD", char.lower())
    base = "".join(c for c in base if not unicodedata.combining(c))
    return base[:1] if base else " "


# Length-preserving translation table (Latin letters with accents, typographic apostrophes).
_FOLD_TABLE = {i: _fold_one(chr(i)) for i in range(0x250) if _fold_one(chr(i)) != chr(i)}
_FOLD_TABLE.update({ord(c): "'" for c in "’‘`´"})


def fold_same_length(text: str) -> str:
    """:func:`fold` without squeezing repeats: same length as ``text``, for cutting positions."""
    return text.translate(_FOLD_TABLE).lower() if text.isascii() is False else text.lower()


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten apostrophes, squeeze letters typed 3+ times.

    Args:
        text: Any text.

    Returns:
        The folded text ("Trooop LONG, l’attente" -> "trop long, l'attente").
    """
    folded = text.translate(_FOLD_TABLE).lower()
    if not folded.isascii():
        folded = "".join(c if c.isascii() else _fold_one(c) for c in folded)
    return _REPEATS.sub(r"\1", folded)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Cached :func:`fold` for single words."""
    return fold(word)


def clean(text: str) -> str:
    """Collapse whitespace and trim; keeps case and accents (what readers see in quotes)."""
    return _SPACES.sub(" ", text or "").strip()


@lru_cache(maxsize=32)
def load_lexicon(name: str) -> frozenset[str]:
    """Entries of ``lexicons/<name>.txt``, folded; ``#`` lines are comments.

    Args:
        name: File name without ``.txt``.

    Returns:
        The set of folded entries.
    """
    path = LEXICON_DIR / f"{name}.txt"
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.add(_key(line) or line)
    return frozenset(entries)


def _key(text: str) -> str:
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def is_non_informative(text: str | None) -> bool:
    """True for answers that say nothing: empty, punctuation only, "RAS", "rien", "ok", "non"...

    Args:
        text: The answer as typed.

    Returns:
        Whether the answer is kept out of themes (and counted apart).
    """
    if text is None:
        return True
    if len(text) > NON_INFORMATIVE_MAX_CHARS and sum(c.isalpha() for c in text[:80]) > 20:
        return False  # long answers with words are never in the list; skip folding them
    key = _key(text)
    if not key or not re.search(r"[a-z]", key):
        return True
    return key in load_lexicon("non_informative")


@lru_cache(maxsize=1)
def _splitter_pattern() -> re.Pattern[str]:
    words = sorted(load_lexicon("idea_splitters"), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?:,\s*|\s)(?=(?:{alternatives})\b)")


def split_ideas(text: str, *, min_words: int = 2) -> list[str]:
    """Split an answer into its ideas: sentences, then clauses opened by "mais", "par contre"...

    Fragments shorter than ``min_words`` words are glued to their neighbour, and fragments that are
    non-informative on their own ("Merci.") are dropped when another idea remains.

    Args:
        text: The answer.
        min_words: Shortest idea kept on its own.

    Returns:
        The ideas in reading order, as they were written (at least one unless the text is empty).
    """
    text = clean(text)
    if not text:
        return []
    folded = fold_same_length(text)
    cuts = {0, len(text)}
    for match in _SENTENCE_END.finditer(folded):
        cuts.update((match.start(), match.end()))
    for match in _splitter_pattern().finditer(folded):
        cuts.add(match.end())
    bounds = sorted(cuts)
    pieces = [text[a:b].strip(" ,.;:!?-–—()\n") for a, b in itertools.pairwise(bounds)]
    pieces = [p for p in pieces if p]
    ideas: list[str] = []
    for piece in pieces:
        if ideas and len(piece.split()) < min_words and not is_non_informative(piece):
            ideas[-1] = f"{ideas[-1]}, {piece}"
        else:
            ideas.append(piece)
    if len(ideas) > 1 and len(ideas[0].split()) < min_words and not is_non_informative(ideas[0]):
        ideas[1] = f"{ideas[0]}, {ideas[1]}"
        ideas.pop(0)
    kept = [i for i in ideas if not is_non_informative(i)]
    return kept or ideas[:1]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French stop words (spaCy's list) plus the domain list, folded."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset({fold(w) for w in STOP_WORDS} | load_lexicon("domain_stopwords"))


@dataclass(frozen=True)
class Term:
    """A content word of an idea.

    Attributes:
        text: Lower-cased surface form (used for vectors and seed matching).
        lemma: Lemma, folded (used for keywords).
        negated: Whether a negation word governs it ("pas de *suivi*").
    """

    text: str
    lemma: str
    negated: bool

    @property
    def keyword(self) -> str:
        """The lemma, prefixed with ``pas_`` when negated, so keywords keep the negation."""
        return f"{NEGATED_PREFIX}{self.lemma}" if self.negated else self.lemma


def negation_flags(words: list[str]) -> list[bool]:
    """For each folded word, whether it sits in the scope of a preceding negation word.

    The scope covers the next ``NEGATION_SCOPE`` content words, and stops at punctuation or an
    idea connector.

    Args:
        words: Folded token texts.

    Returns:
        One flag per word (negation words themselves are not flagged).
    """
    negations = load_lexicon("negation")
    splitters = load_lexicon("idea_splitters")
    stops = stop_words()
    flags: list[bool] = []
    remaining = 0  # content words still in the scope of the last negation
    for word in words:
        if word in splitters or (word and not any(c.isalnum() for c in word)):
            remaining = 0
            flags.append(False)
        elif word in negations or word in ("n'", "n", "ne"):
            remaining = NEGATION_SCOPE
            flags.append(False)
        else:
            flags.append(remaining > 0)
            if remaining and word not in stops:
                remaining -= 1
    return flags


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize an idea, lower-cased first so that "Rendez-vous" splits like "rendez-vous".

    spaCy's French tokenizer exceptions are lower-case; answers typed in capitals would otherwise
    be cut differently from the same words in lower case.
    """
    return nlp.make_doc(clean(text).lower())


def content_terms(doc: Doc, *, lemmas: dict[str, str] | None = None) -> list[Term]:
    """Content words of a Doc: no stop words, punctuation, numbers or one-letter tokens.

    Args:
        doc: A Doc from the tokenizer alone (``nlp.make_doc``) or a full pipeline.
        lemmas: Lemma per lower-cased word form, used when the Doc has no lemmas.

    Returns:
        The content terms in order, with negation marks.
    """
    stops = stop_words() | load_lexicon("negation")
    words = [fold_word(t.text) for t in doc]
    flags = negation_flags(words)
    terms = []
    for token, word, negated in zip(doc, words, flags, strict=True):
        if len(word) < 2 or word in stops or not word[0].isalpha() or token.like_num:
            continue
        lower = token.text.lower().replace("’", "'")
        if "'" in lower:  # "l'attente" when the tokenizer kept the elision
            lower = lower.split("'")[-1]
            word = word.split("'")[-1]
            if len(word) < 2 or word in stops:
                continue
        lemma = token.lemma_ if token.lemma_ else (lemmas or {}).get(lower, lower)
        terms.append(Term(text=lower, lemma=lemma.lower(), negated=negated))
    return terms
