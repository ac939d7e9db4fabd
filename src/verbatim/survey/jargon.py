"""Words of the trade and sigles in a question, found with the editable list ``jargon.yaml``.

Terms match whatever the case and accents, in the singular or plural (« praticiens »); a term
written in capitals in the file (a sigle such as « HAD ») matches in capitals only, so that
« AME » does not fire on « âme ». Any other word of two capitals or more that is not in the
file's ``allowed_acronyms`` is reported as a sigle to spell out.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

JARGON_FILE = Path(__file__).parent / "jargon.yaml"

_ACRONYM = re.compile(r"(?<![^\W_])[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]+(?![^\W_])")
_ROMAN = re.compile(r"[IVXLC]+")


@dataclass(frozen=True)
class Hit:
    """A word of the trade or a sigle found in a text.

    Attributes:
        start: Where it starts in the text.
        found: The words as written in the text.
        term: The entry of ``jargon.yaml`` it matched (the sigle itself for an unknown sigle).
        suggestion: What to write instead; None for a sigle that is not in the file.
    """

    start: int
    found: str
    term: str
    suggestion: str | None


@dataclass(frozen=True)
class _Term:
    term: str
    suggestion: str
    pattern: re.Pattern[str]
    acronym: bool


def fold(text: str) -> str:
    """Lower case without accents, one character for one (so offsets still match the text)."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text.lower())


def _pattern(form: str, *, acronym: bool) -> str:
    words = re.split(r"[\s\-]+", form.strip() if acronym else fold(form.strip()))
    body = r"[\s\-]+".join(re.escape(w) + "(?:s|x)?" for w in words if w)
    return rf"(?<![^\W_]){body}(?![^\W_])"


@functools.lru_cache(maxsize=1)
def _load() -> tuple[tuple[_Term, ...], frozenset[str]]:
    raw: dict[str, Any] = yaml.safe_load(JARGON_FILE.read_text(encoding="utf-8"))
    terms = []
    for entry in raw.get("terms") or []:
        forms = [str(entry["term"]), *(str(f) for f in entry.get("also") or [])]
        acronym = str(entry["term"]).isupper()
        forms.sort(key=len, reverse=True)  # the longest form wins where two overlap
        terms.append(
            _Term(
                term=str(entry["term"]),
                suggestion=str(entry["suggestion"]),
                pattern=re.compile("|".join(_pattern(f, acronym=acronym) for f in forms)),
                acronym=acronym,
            )
        )
    # longest terms first, so « éducation thérapeutique » wins over « thérapeutique »
    terms.sort(key=lambda t: len(t.term), reverse=True)
    return tuple(terms), frozenset(str(a) for a in raw.get("allowed_acronyms") or [])


def find(text: str) -> list[Hit]:
    """The words of the trade and unknown sigles of a text, in the order they appear.

    Each term is reported once (its first place), and a place is reported once.
    """
    terms, allowed = _load()
    folded = fold(text)
    taken: list[tuple[int, int]] = []
    hits: list[Hit] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    for term in terms:
        for match in term.pattern.finditer(text if term.acronym else folded):
            start, end = match.span()
            if free(start, end):
                taken.append((start, end))
                hits.append(Hit(start, text[start:end], term.term, term.suggestion))
                break
    for match in _ACRONYM.finditer(text):
        start, end = match.span()
        found = match.group()
        if found in allowed or _ROMAN.fullmatch(found) or not free(start, end):
            continue
        if not any(c.isalpha() for c in found[1:]):
            continue  # « A4 », « T2 »: a letter and digits, not a sigle
        taken.append((start, end))
        hits.append(Hit(start, found, found, None))
    return sorted(hits, key=lambda hit: hit.start)
