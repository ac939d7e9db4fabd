"""Person names: the model's PER entities (checked), titles, name lexicons, the staff list.

In short answers the French model tags capitalised common words ("Accueil", "Attente") as persons,
and it misses names it has not seen. So its PER entities are checked against lexicons (a candidate
made only of common words at the start of a sentence, or starting with a place word such as
"Urgences de …", is kept), and names are also found without it: after a title ("Dr", "Mme",
"l'infirmière"), from a list of first names and surnames, and from the coordinator's staff list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from verbatim.text.pii_patterns import NOM, Span
from verbatim.text.pii_resources import Resources, fold, resources, run_lock

__all__ = ["Resources", "fold", "resources", "run_lock"]

# After these, the next word is a name even when typed in lowercase ("le docteur martin").
STRICT_TITLES = (
    "dr", "dre", "docteur", "docteure", "doc", "pr", "professeur", "professeure", "mme", "mmes",
    "madame", "mlle", "mademoiselle", "mr", "monsieur",
)  # fmt: skip
# After these, only a capitalised word that is not a common word (or a known name) is a name.
ROLE_TITLES = (
    "infirmière", "infirmier", "ide", "kiné", "kinésithérapeute", "secrétaire", "sage-femme",
    "pharmacien", "pharmacienne", "aide-soignante", "aide-soignant", "interne", "médecin",
    "dentiste", "orthophoniste", "psychologue", "podologue", "assistante", "coordinatrice",
    "coordinateur", "remplaçant", "remplaçante",
)  # fmt: skip
_TITLE_WORDS = frozenset(fold(t) for t in (*STRICT_TITLES, *ROLE_TITLES, "m"))
PARTICLES = {"de", "du", "des", "le", "la", "van", "von", "da", "di", "d'", "d’", "ben", "el"}
_TOKEN_RE = re.compile(r"[\w’'\-]+\.?|[^\w\s]")
_SENTENCE_END = set(".!?:;…\n-•*")
_LEXICONS = Path(__file__).parent / "pii_lexicons"


@lru_cache(maxsize=1)
def _words(name: str) -> frozenset[str]:
    lines = (_LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


def _title_followers() -> frozenset[str]:
    return _words("title_followers.txt")


def _places() -> frozenset[str]:
    return _words("places.txt")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_abbreviation(word: str) -> bool:
    return word.isupper() and len(word) <= 5


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'«(")
    return not before or before[-1] in _SENTENCE_END


def _words_of(text: str, start: int, end: int) -> list[re.Match[str]]:
    return [m for m in _TOKEN_RE.finditer(text, start, end) if m.group()[0].isalnum()]


def _is_plain_word(res: Resources, word: str) -> bool:
    """A common word that is not a name: stop word, service word, or an inflected form."""
    lower = word.lower()
    folded = fold(word)
    return (
        folded in res.stop_words
        or lower in res.stop_words
        or folded in res.not_names
        or res.is_inflected_form(lower)
    )


def accept_person(res: Resources, text: str, start: int, end: int) -> bool:
    """Decide whether a PER candidate ``text[start:end]`` (titles trimmed) is a person's name.

    Returns:
        True to redact it.
    """
    words = [m.group().rstrip(".") for m in _words_of(text, start, end)]
    if not words:
        return False
    if fold(words[0]) in _places():
        return False  # "Urgences de Villeneuve", "Hôpital Saint-Joseph"
    if len(words) == 1 and _sentence_start(text, start) and _is_plain_word(res, words[0]):
        return False  # "Claire et précise", "Rose la couleur"
    if any(res.is_known_name(w) for w in words):
        return True
    named = [w for w in words if fold(w) not in PARTICLES]
    if not any(_is_capitalised(w) for w in named):
        return False
    if all(_is_plain_word(res, w) or _is_abbreviation(w) for w in named):
        return False
    if len(named) == 1:
        word = named[0]
        common = res.is_common_word(word.lower()) or _is_plain_word(res, word)
        short = len(_words_of(text, 0, len(text))) <= 4
        if common and (short or _sentence_start(text, start)):
            return False
        if _is_abbreviation(word):
            return False
    return True


def person_spans(res: Resources, text: str, doc: Any) -> list[Span]:
    """Accepted PER entities of ``doc`` (the parsed ``text``), titles and greetings trimmed."""
    spans = []
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        if fold(ent.text.split()[0]) in _places():
            continue
        start = _trim_leading(res, text, ent.start_char, ent.end_char)
        end = _trim_trailing(res, text, start, ent.end_char)
        if start < end and accept_person(res, text, start, end):
            spans.append(Span(start, end, NOM))
    return spans


def _trim_trailing(res: Resources, text: str, start: int, end: int) -> int:
    """Drop ordinary lowercase words at the end of an entity ("Nathalie top" → "Nathalie")."""
    words = _words_of(text, start, end)
    while len(words) > 1:
        word = words[-1].group().rstrip(".")
        if _is_capitalised(word) or res.is_known_name(word):
            break
        ordinary = _is_plain_word(res, word) or fold(word) in _title_followers()
        if not ordinary and not res.is_common_word(word.lower()):
            break
        words.pop()
    return words[-1].end() if words else end


def _trim_leading(res: Resources, text: str, start: int, end: int) -> int:
    """Skip titles, greetings and lowercase words at the start of an entity.

    "Merci Dr Martin" → "Martin"; "conrte le Dr Martin" → "Martin" (names are capitalised; an
    entity typed all in lowercase is kept whole).
    """
    words = _words_of(text, start, end)
    folded = [fold(m.group().rstrip(".")) for m in words]
    last_title = max((i for i, w in enumerate(folded) if w in _TITLE_WORDS), default=-1)
    for i, m in enumerate(words):
        word = m.group().rstrip(".")
        if i <= last_title or folded[i] in PARTICLES:
            continue
        if folded[i] in res.not_names and not res.is_known_name(word):
            continue
        lowercase_word = not _is_capitalised(word) and not res.is_known_name(word)
        if lowercase_word and (_is_plain_word(res, word) or res.is_common_word(word.lower())):
            continue
        return m.start()
    return end


# --- titles ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern[str]:
    strict = "|".join(sorted((re.escape(t) for t in STRICT_TITLES), key=len, reverse=True))
    roles = "|".join(sorted((re.escape(fold(t)) for t in ROLE_TITLES), key=len, reverse=True))
    return re.compile(rf"\b(?:(?P<strict>{strict})\.?|(?P<m>m)\.|(?P<role>{roles})s?)[ \t]+")


def find_titled_names(res: Resources, text: str, staff: frozenset[str] = frozenset()) -> list[Span]:
    """Names after a title: "Dr Martin", "le docteur dupont", "l'infirmière Julie".

    Args:
        res: Loaded resources.
        text: The answer.
        staff: Folded staff surnames (accepted after a title even in lowercase).

    Returns:
        One span per name (the title itself is kept).
    """
    spans = []
    for m in _title_re().finditer(fold(text)):
        if m.group("m") and not text[m.start()].isupper():
            continue  # a lowercase "m." is rarely "Monsieur"
        strict = bool(m.group("strict") or m.group("m"))
        # "pr" and "doc" in lowercase are also SMS spellings ("pr voir", "pr consultation")
        lowercase_ok = strict and not (
            m.group("strict") in ("pr", "doc") and text[m.start()].islower()
        )
        end = _scan_name(res, text, m.end(), strict=strict, lowercase_ok=lowercase_ok, staff=staff)
        if end > m.end():
            spans.append(Span(m.end(), end, NOM))
    return spans


def _scan_name(
    res: Resources,
    text: str,
    pos: int,
    *,
    strict: bool,
    lowercase_ok: bool,
    staff: frozenset[str],
) -> int:
    """End of the name starting at ``pos`` (up to three words and particles), or ``pos``."""
    end = last = pos
    count = 0
    pending_particle = False
    for m in _TOKEN_RE.finditer(text, pos):
        gap = text[last : m.start()]
        if gap.strip() or "\n" in gap or count >= 3:
            break
        word = m.group().rstrip(".")
        if not word or not word[0].isalnum():
            break
        last = m.end()
        folded = fold(word)
        if folded in _TITLE_WORDS:
            break  # "la sage-femme Mme Benali": the next title takes over
        if folded in PARTICLES:
            pending_particle = True
            continue
        known = folded in staff or res.is_known_name(word)
        after_particle = pending_particle and count == 0
        if _is_capitalised(word) and (
            known or _capitalised_name(res, word, strict and not after_particle)
        ):
            end, count, pending_particle = m.start() + len(word), count + 1, False
            continue
        first_lowercase = count == 0 and not pending_particle and not _is_capitalised(word)
        if first_lowercase and (known or (lowercase_ok and _lowercase_name(res, word))):
            end, count = m.start() + len(word), 1
            continue
        break
    return end


def _capitalised_name(res: Resources, word: str, strict: bool) -> bool:
    folded = fold(word)
    if folded in res.stop_words or folded in res.not_names or _is_abbreviation(word):
        return False
    if strict:  # "Dr Charrier", "Mme Petit": after a title, a capitalised word is a name
        return folded not in _title_followers() and not (
            word.isupper() and _is_plain_word(res, word)
        )
    return not _is_plain_word(res, word) and not res.is_common_word(word.lower())


def _lowercase_name(res: Resources, word: str) -> bool:
    """A lowercase word after "docteur" that is not an ordinary follower ("traitant", "génial")."""
    lower = word.lower()
    if len(lower) < 2 or not lower.replace("-", "").isalpha():
        return False
    if _is_plain_word(res, word) or fold(word) in _title_followers():
        return False
    return not res.is_verb_or_adverb(lower)


# --- lexicon names, extension ------------------------------------------------------------------


def find_lexicon_names(res: Resources, text: str) -> list[Span]:
    """Known first names and surnames the model may miss ("Merci à Julie", "merci à julie").

    A capitalised first name counts anywhere unless, at a sentence start, it is also a common word
    form ("Claire et précise"); a capitalised surname counts inside a sentence; a lowercase first
    name counts when it is no French word form ("julie" yes, "marie" — from "marier" — no).
    """
    spans = []
    previous = ""
    for m in _words_of(text, 0, len(text)):
        word = m.group().rstrip(".")
        folded = fold(word)
        after_place, previous = previous in _places(), folded
        if after_place:
            continue  # "centre Jean Moulin", "rue Victor Hugo": a place, not a person
        if _is_capitalised(word):
            if _is_abbreviation(word) and len(word) < 4:
                continue
            at_start = _sentence_start(text, m.start())
            plain = _is_plain_word(res, word)
            first = folded in res.first_names and not (at_start and plain)
            surname = folded in res.surnames and not at_start and not plain
            if first or surname:
                spans.append(Span(m.start(), m.start() + len(word), NOM))
        elif (
            len(word) >= 4
            and word in res.first_names_exact
            and not _is_plain_word(res, word)
            and fold(word) not in _title_followers()
        ):
            spans.append(Span(m.start(), m.start() + len(word), NOM))
    return spans


_THANKS_RE = re.compile(
    r"\b(?i:merci|remerci\w*|gr[âa]ce|bravo|f[ée]licitations|dites|demandez)\s+(?:[àa]\s+)?"
    r"(?:(?:toute\s+l'[ée]quipe\s+et\s+)?)(?P<name>[A-ZÀ-Ý][\w\-]+)"
)


def find_thanked_names(res: Resources, text: str) -> list[Span]:
    """A capitalised unknown word right after a thank-you ("Merci à Yasmina", "grâce à Enzo")."""
    spans = []
    for m in _THANKS_RE.finditer(text):
        word = m.group("name")
        if _is_plain_word(res, word) or _is_abbreviation(word) or fold(word) in _places():
            continue
        spans.append(Span(m.start("name"), m.end("name"), NOM))
    return spans


def extend_names(res: Resources, text: str, spans: list[Span]) -> list[Span]:
    """Stretch name spans over a following surname the other finders missed ("Julie marchetti").

    A following word joins when it is capitalised and not a common word, or lowercase and unknown
    to the lemmatizer (not a French word form); two words at most.
    """
    out = []
    for span in spans:
        if span.label != NOM:
            out.append(span)
            continue
        end = span.end
        for _ in range(2):
            m = _TOKEN_RE.match(text, end + 1) if text[end : end + 1] == " " else None
            if m is None or not m.group()[0].isalpha():
                break
            word = m.group().rstrip(".")
            if _is_plain_word(res, word) or fold(word) in _title_followers():
                break
            capitalised = _is_capitalised(word)
            if capitalised and res.is_common_word(word.lower()) and not res.is_known_name(word):
                break
            if not _is_capitalised(word) and (
                res.is_common_word(word) or len(word) < 3 or not word.replace("-", "").isalpha()
            ):
                break
            end = m.start() + len(word)
        out.append(Span(span.start, end, NOM))
    return out


# --- staff list --------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def staff_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex over folded text for a staff list: full names (either order), single names."""
    alternatives = []
    for name in names:
        parts = [re.escape(p) for p in fold(name).split() if p]
        if not parts:
            continue
        alternatives.append(r"[\s\-]+".join(parts))
        if len(parts) == 2:
            alternatives.append(rf"{parts[1]}[\s\-]+{parts[0]}")
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})(?![\w])")


def staff_surnames(names: Iterable[str]) -> frozenset[str]:
    """Folded surnames (last word) of a staff list, accepted after a title in any case."""
    return frozenset(fold(name).split()[-1] for name in names if name.split())


def find_staff(text: str, names: Sequence[str]) -> list[Span]:
    """Staff names, matched whatever the case and accents."""
    pattern = staff_pattern(tuple(sorted({n.strip() for n in names if n.strip()})))
    if pattern is None:
        return []
    return [Span(m.start(), m.end(), NOM) for m in pattern.finditer(fold(text))]
