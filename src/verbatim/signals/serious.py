"""Rare but serious: answers that a severity lexicon says a person should read, with the reason.

Matching works on a folded form of the text (lowercase, no accents, apostrophes split, doubled
letters collapsed) so that "ordonance", "ORDONNANCE" and "ordonnance" agree. A pattern's words
follow each other, except where it says "…": there up to four other words may stand, within one
clause, so that "pas eu de compte rendu" matches "pas … compte rendu" but "on n'attend pas, aussi le
courrier" does not. A negatable entry is silenced by a negation just before it ("aucune chute",
"pas de chute", "jamais tombé").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlmodel import Session

from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.permissions import Permission, Principal, require
from verbatim.team_files import save_yaml, team_file

DEFAULT_LEXICON = Path(__file__).parent / "lexicons" / "severity.yaml"
TEAM_LEXICON = "lexicons/severity.yaml"  # the team's copy, in the data folder
MAX_GAP = 4  # other words a "…" in a pattern allows
NEGATION_WINDOW = 3  # words before a match in which a negation silences it
NEGATORS = frozenset({"pas", "aucun", "aucune", "jamais", "sans", "ni", "non", "rien", "nul"})
GAP = "…"
_CLAUSE_END = re.compile(r"[.,;:!?+\n()]")


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


def _tokens(text: str) -> list[tuple[str, int, int, int]]:
    """Folded words with their character span in the original text and their clause number."""
    out = []
    clause = 0
    position = 0
    for match in re.finditer(r"[^\W_]+", text):
        clause += len(_CLAUSE_END.findall(text, position, match.start()))
        position = match.end()
        folded = fold(match.group())
        if folded:
            out.append((folded, match.start(), match.end(), clause))
    return out


def _compile(pattern: str) -> tuple[str, ...]:
    words: list[str] = []
    for raw in pattern.replace("...", GAP).replace(GAP, f" {GAP} ").split():
        if raw == GAP:
            if words and words[-1] != GAP:
                words.append(GAP)
            continue
        star = raw.endswith("*")
        word = fold(raw.rstrip("*"))
        if word:
            words.append(word + ("*" if star else ""))
    while words and words[-1] == GAP:
        words.pop()
    return tuple(words)


def _word_matches(pattern_word: str, token: str) -> bool:
    if pattern_word.endswith("*"):
        return token.startswith(pattern_word[:-1])
    return token == pattern_word


def lexicon_path() -> Path:
    """The lexicon in force: the team's copy in the data folder, else the shipped one."""
    local = team_file(TEAM_LEXICON)
    return local if local.is_file() else DEFAULT_LEXICON


def load_lexicon(path: Path | None = None) -> tuple[Entry, ...]:
    """Read the severity lexicon: ``path``, else the team's copy, else the shipped one.

    Args:
        path: A YAML file in the shipped format.

    Returns:
        The entries, in file order.
    """
    path = path or lexicon_path()
    return _load(str(path), path.stat().st_mtime)


@dataclass(frozen=True)
class EntryDraft:
    """One lexicon entry as a coordinator edits it (patterns as written, with "*" and "…")."""

    label: str
    category: str
    weight: int
    negatable: bool
    patterns: tuple[str, ...]


def editable_lexicon() -> list[EntryDraft]:
    """The lexicon in force, as written in its file (for the administration page)."""
    raw = yaml.safe_load(lexicon_path().read_text(encoding="utf-8")) or {}
    return [
        EntryDraft(
            label=str(item["label"]),
            category=str(item.get("category", "")),
            weight=int(item.get("weight", 1)),
            negatable=bool(item.get("negatable", True)),
            patterns=tuple(str(p) for p in item["patterns"]),
        )
        for item in raw.get("entries", [])
    ]


def save_lexicon(session: Session, *, actor: Principal, entries: Sequence[EntryDraft]) -> Path:
    """Save the team's severity lexicon in the data folder; the next signals use it.

    Args:
        session: Open write session (the change is audited).
        actor: Who edits (needs the permission to manage settings).
        entries: Every entry, in order.

    Returns:
        The file written.

    Raises:
        PermissionDenied: ``actor`` may not change settings.
        VerbatimError: An entry has no label or no expression, or a weight outside 1–3 (French
            message naming the row); nothing is written.
    """
    require(actor, Permission.MANAGE_SETTINGS)
    rows = []
    for number, entry in enumerate(entries, start=1):
        patterns = [p.strip() for p in entry.patterns if p and p.strip()]
        if not entry.label.strip():
            raise VerbatimError(Msg.LEXICON_ROW.format(row=number, problem="le libellé est vide"))
        if not [p for p in patterns if _compile(p)]:
            raise VerbatimError(Msg.LEXICON_ROW.format(row=number, problem="aucune expression"))
        if entry.weight not in (1, 2, 3):
            raise VerbatimError(
                Msg.LEXICON_ROW.format(row=number, problem="le poids doit valoir 1, 2 ou 3")
            )
        rows.append(
            {
                "label": entry.label.strip(),
                "category": entry.category.strip(),
                "weight": entry.weight,
                "negatable": entry.negatable,
                "patterns": patterns,
            }
        )
    path = save_yaml(TEAM_LEXICON, {"entries": rows})
    audit.record(
        session,
        actor=actor,
        action="lexicon_save",
        object_type="settings",
        object_id="severity",
        detail={"entries": len(rows)},
    )
    return path


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


def _find(
    pattern: tuple[str, ...], tokens: Sequence[tuple[str, int, int, int]]
) -> list[tuple[int, int]]:
    """Spans (first, last token index) where the pattern occurs within one clause."""
    spans = []
    for start in range(len(tokens)):
        end = _match_from(pattern, tokens, start)
        if end is not None:
            spans.append((start, end))
    return spans


def _match_from(
    pattern: tuple[str, ...], tokens: Sequence[tuple[str, int, int, int]], start: int
) -> int | None:
    if not _word_matches(pattern[0], tokens[start][0]):
        return None
    clause = tokens[start][3]
    position = start
    gap = False
    for pattern_word in pattern[1:]:
        if pattern_word == GAP:
            gap = True
            continue
        last = min(len(tokens) - 1, position + 1 + (MAX_GAP if gap else 0))
        found = None
        for i in range(position + 1, last + 1):
            if tokens[i][3] != clause:
                break
            if _word_matches(pattern_word, tokens[i][0]):
                found = i
                break
        if found is None:
            return None
        position, gap = found, False
    return position


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
            spans = _find(pattern, tokens)
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
