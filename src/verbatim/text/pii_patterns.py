"""Pattern recognisers for identifiers in French free text (no model needed).

Each ``find_*`` function returns :class:`Span` objects over the original string, written for what
patients actually type: odd spacing, dots or dashes, a letter O for a zero, "[at]" for "@".

Dates: only birth dates are redacted (see docs/PRIVACY.md). An appointment date ("rendez-vous le
12/03") is useful to the analysis and identifies no one; a date introduced by a birth word ("né le",
"date de naissance", "DDN") or a full date with a year within a few words of a birth word is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

NOM = "[NOM]"
TELEPHONE = "[TÉLÉPHONE]"
EMAIL = "[EMAIL]"
NIR = "[NIR]"
DATE = "[DATE]"
ADRESSE = "[ADRESSE]"

# When two spans overlap, the one with the higher priority wins (then the longer one).
PRIORITY = {EMAIL: 6, NIR: 5, TELEPHONE: 4, ADRESSE: 3, DATE: 2, NOM: 1}


class Span(NamedTuple):
    """A stretch of text to replace by ``label``."""

    start: int
    end: int
    label: str


_SEP = r"[ \t.\-/]{0,3}"  # between digits: spaces, dots, dashes, slashes, doubled by accident
_ZERO = r"[0Oo]"

PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[ .\-])"
    r"(?:"
    rf"(?:\+|00)\s?33{_SEP}(?:\(\s?{_ZERO}\s?\){_SEP})?{_ZERO}?{_SEP}[1-9](?:{_SEP}\d){{8}}"
    r"|"
    rf"{_ZERO}{_SEP}[1-9](?:{_SEP}\d){{8}}"
    r")(?![\d])"
)
# After a cue ("tél", "portable", "numéro"...), accept a number with a digit too few or too many.
PHONE_CUE_RE = re.compile(
    r"\b(?:t[ée]l[ée]?(?:phone)?|tel\.|portable|mobile|num[ée]ro|n°|fixe|joignable|joindre|"
    r"rappeler|appeler)\b\s*(?:au|:|est|le)?\s*(?:au|:|le)?\s*"
    r"(?P<num>(?:\+\s?33|[0Oo])(?:[ \t.\-/()]{0,3}\d){7,11})(?!\d)",
    re.IGNORECASE,
)

_TLD = r"(?:fr|com|net|org|eu|be|ch|info|io|biz|re|gp|mq|gf|yt|nc|pf|lu|ca|de|es|it|uk)"
EMAIL_RE = re.compile(
    r"(?<![\w.])"
    r"(?P<local>[\w+\-]+(?:[ ]?[._][ ]?[\w+\-]+)*)"
    r"\s*(?:@|\[\s*at\s*\]|\(\s*at\s*\)|\s(?:at|arobase|arrobase)\s)\s*"
    r"(?P<domain>[\w\-]+(?:\.[\w\-]+)*"
    rf"(?:\s*(?:\.|\[\s*dot\s*\]|\(\s*dot\s*\)|\spoint\s)\s*{_TLD}\b|\.[a-z]{{2,6}}\b))",
    re.IGNORECASE,
)

_NS = r"[ .\-]{0,2}"  # separators inside a NIR, anywhere (people group digits as they like)
NIR_RE = re.compile(
    r"(?<![\w])(?<!\d[ .\-])"
    rf"[12](?:{_NS}\d){{4}}{_NS}(?:\d{_NS}\d|2{_NS}[ABab])(?:{_NS}\d){{6}}(?:{_NS}\d){{0,2}}"
    r"(?![\w])"
)
# After a cue ("sécu", "numéro de sécurité sociale", "NIR"), a number with a digit too few or many.
NIR_CUE_RE = re.compile(
    r"\b(?:s[ée]cu(?:rit[ée] sociale)?|nir|carte vitale|vitale|n° ss|num[ée]ro ss|insee)\b"
    r"[^\d\n]{0,25}(?P<num>[12Oo](?:[ .\-]{0,3}[\dAaBb]){10,15})(?![\w])",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:janv(?:ier)?|f[ée]v(?:rier)?|fevr(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|"
    r"ao[uû]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)\.?"
)
_NUM_DATE = r"\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})(?!\d)"
_TEXT_DATE = rf"(?:1er|\d{{1,2}})(?:er)?\s+{_MONTHS}\s+(?:\d{{4}}|\d{{2}})(?!\d)"
_ANY_DATE = rf"(?:{_NUM_DATE}|{_TEXT_DATE})"
_BIRTH_CUE = (
    r"(?:\bn[ée]e?s?\s+(?:le\s+|en\s+)?|\bdate\s+de\s+naissance\s*(?::|est|=)?\s*(?:le\s+)?|"
    r"\bd\.?d\.?n\.?\s*(?::|=)?\s*|\bnaissance\s*(?::|=)?\s*(?:le\s+)?)"
)
BIRTH_DATE_RE = re.compile(
    rf"{_BIRTH_CUE}(?P<date>{_ANY_DATE}|(?<=en )\d{{4}}(?!\d))",
    re.IGNORECASE,
)
FULL_DATE_RE = re.compile(rf"(?<!\d){_ANY_DATE}", re.IGNORECASE)
BIRTH_WORD_RE = re.compile(
    r"\b(?:n[ée]e?s?|naissance|anniversaire|d\.?d\.?n|[âa]g[ée]e?)\b", re.IGNORECASE
)
BIRTH_WINDOW = 30  # characters between a birth word and a full date for the date to be redacted

_STREET_TYPES = (
    r"(?:rue|r\.|avenue|av\.?|ave|bd|bld|boulevard|blvd|chemin|che|ch\.|place|pl\.|impasse|imp\.?|"
    r"all[ée]e|all\.|route|rte|quai|cours|square|sq\.|r[ée]sidence|r[ée]s\.|lotissement|lot\.|"
    r"lieu[- ]dit|passage|voie|sentier|hameau|faubourg|fbg|cit[ée]|mont[ée]e|rond[- ]point|"
    r"villa|esplanade|promenade|parvis|clos|domaine|traverse|venelle|ruelle|sente)"
)
STREET_RE = re.compile(
    r"(?<![\w])\d{1,4}\s?(?:bis|ter|quater|[abcABC])?\b,?\s*" + _STREET_TYPES + r"(?![\w])",
    re.IGNORECASE,
)
_PARTICLES = {
    "de",
    "des",
    "du",
    "la",
    "le",
    "les",
    "d",
    "l",
    "aux",
    "au",
    "à",
    "a",
    "sur",
    "sous",
    "lès",
}
POSTCODE_TOWN_RE = re.compile(
    r"(?<![\w])(?:F-?)?\d{2}\s?\d{3}\s+(?:[A-ZÀ-Ý][\w'’\-]*|[a-zà-ÿ]{3,}(?=\s*(?:$|[,.;!?)])))"
    r"(?:[ \-](?:(?:sur|sous|en|lès|les|le|la|de|du|d'|aux)[ \-])?[A-ZÀ-Ý][\w'’\-]*){0,3}"
    r"(?:\s+(?:CEDEX|cedex)(?:\s?\d{1,2})?)?"
)
_STREET_TAIL = {"svp", "stp", "merci", "pour", "depuis", "et", "mais"}
_WORD_RE = re.compile(r"[\w'’\-]+|[^\w\s]")


def find_phones(text: str) -> list[Span]:
    """French phone numbers, national or international, whatever the separators."""
    spans = [Span(m.start(), m.end(), TELEPHONE) for m in PHONE_RE.finditer(text)]
    spans += [Span(m.start("num"), m.end("num"), TELEPHONE) for m in PHONE_CUE_RE.finditer(text)]
    return spans


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, also written "jean @ gmail . com", "jean[at]gmail.com"."""
    return [Span(m.start(), m.end(), EMAIL) for m in EMAIL_RE.finditer(text)]


def find_nirs(text: str) -> list[Span]:
    """Social security numbers (NIR, 13 digits + key), with spaces, Corsica's 2A/2B."""
    spans = [Span(m.start(), m.end(), NIR) for m in NIR_RE.finditer(text)]
    spans += [Span(m.start("num"), m.end("num"), NIR) for m in NIR_CUE_RE.finditer(text)]
    return spans


def find_birth_dates(text: str) -> list[Span]:
    """Dates introduced as birth dates, and full dates with a year close to a birth word."""
    spans = [Span(m.start("date"), m.end("date"), DATE) for m in BIRTH_DATE_RE.finditer(text)]
    birth_words = [m.span() for m in BIRTH_WORD_RE.finditer(text)]
    if birth_words:
        for m in FULL_DATE_RE.finditer(text):
            near = any(
                -BIRTH_WINDOW <= m.start() - end <= BIRTH_WINDOW
                or -BIRTH_WINDOW <= start - m.end() <= BIRTH_WINDOW
                for start, end in birth_words
            )
            if near:
                spans.append(Span(m.start(), m.end(), DATE))
    return spans


def find_addresses(text: str, stop_words: frozenset[str] = frozenset()) -> list[Span]:
    """Postal addresses: number + street type + name (+ postcode and town), or postcode + town.

    Args:
        text: The text to search.
        stop_words: Lowercase words that end a street name (function words other than particles).
    """
    spans = []
    for m in STREET_RE.finditer(text):
        end = _street_name_end(text, m.end(), stop_words)
        if end > m.end():
            spans.append(Span(m.start(), end, ADRESSE))
    for m in POSTCODE_TOWN_RE.finditer(text):
        spans.append(Span(m.start(), m.end(), ADRESSE))
    return spans


def _street_name_end(text: str, pos: int, stop_words: frozenset[str]) -> int:
    """Where the street name that starts at ``pos`` ends (a few words, before punctuation).

    Particles ("de la", "des") join words; after the first word, only capitalised words go on,
    unless the name was typed all in lowercase ("rue victor hugo": two words at most).
    """
    end = pos
    named = 0
    lowercase = False
    for m in _WORD_RE.finditer(text, pos):
        word = m.group()
        if "\n" in text[end : m.start()] or not word[0].isalnum():
            break
        lower = word.lower().rstrip("'’")
        if lower in _PARTICLES:
            continue
        if named >= 5 or lower in stop_words or lower in _STREET_TAIL:
            break
        if named == 0:
            lowercase = not word[0].isupper()
        elif not word[0].isupper() and not (lowercase and named < 2):
            break
        end = m.end()
        named += 1
    if named == 0:
        return pos
    # a postcode and town right after the street
    rest = text[end:]
    tail = POSTCODE_TOWN_RE.match(text, end + len(rest) - len(rest.lstrip(" ,")))
    return tail.end() if tail else end


def resolve(spans: list[Span]) -> list[Span]:
    """Drop spans overlapping a stronger one; merge what remains into a sorted, disjoint list."""
    ordered = sorted(spans, key=lambda s: (-PRIORITY[s.label], -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept)


def apply(text: str, spans: list[Span]) -> str:
    """Replace each span of ``text`` by its label."""
    out = []
    pos = 0
    for span in resolve(spans):
        out.append(text[pos : span.start])
        out.append(span.label)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
