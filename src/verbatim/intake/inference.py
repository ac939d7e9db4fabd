"""A new questionnaire's questions, inferred from an imported file's header and values.

Integers 1–5 or satisfaction labels make a Likert question, integers 0–10 a 0-to-10 scale,
oui/non a yes/no question, a few repeated values a single choice, ``;``-joined combinations (or
LimeSurvey's one-column-per-option sub-columns) a multiple choice, and anything else free text,
short or long by length. A free-text column asking what could be improved gets the "negative"
polarity, one asking what was appreciated the "positive" one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from verbatim.db.tables import QuestionCreate
from verbatim.intake.mapping import (
    IGNORE,
    NO_WORDS,
    QUESTION,
    YES_WORDS,
    ColumnMatch,
    is_metadata,
    normalise,
    parse_header,
)
from verbatim.survey import kinds
from verbatim.survey.questionnaires import slugify

# Five-point scales seen in French surveys, worst first (the first is Verbatim's own).
LIKERT_SCALES: list[list[str]] = [
    list(kinds.LIKERT_LABELS),
    [
        "Très insatisfait",
        "Insatisfait",
        "Ni satisfait ni insatisfait",
        "Satisfait",
        "Très satisfait",
    ],
    ["Très mécontent", "Mécontent", "Neutre", "Content", "Très content"],
    [
        "Pas du tout d'accord",
        "Pas d'accord",
        "Ni d'accord ni pas d'accord",
        "D'accord",
        "Tout à fait d'accord",
    ],
    ["Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon"],
    ["Très mal", "Mal", "Moyennement", "Bien", "Très bien"],
    ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
]
_YES_NO_WORDS = {"oui", "non", "yes", "no", "y", "n", "o", "vrai", "faux"}
_SCALE10_HINT = re.compile(r"\b0 (a|sur) 10\b|\bsur 10\b|\b10 points?\b|\brecommand")
_FREE_TEXT_HINT = re.compile(
    r"commentaire|\bcomments\b|remarque|precis|pourquoi|suggestion|ameliorer|amelioration|apprecie|"
    r"qu avez vous|que pourrions|expliqu|dites nous|racontez|autre chose|avis libre|verbatim"
)
_NEGATIVE_HINT = re.compile(
    r"amelior|probleme|regrett|moins (aime|apprecie)|pas (aime|apprecie|plu)|decu|deception|"
    r"reproche|difficulte|plainte|negatif|a changer|manque"
)
_POSITIVE_HINT = re.compile(r"apprecie|aime|positif|points? forts?|\bplu\b|satisfait de")
_LIKERT_PREFIX = re.compile(r"^([1-5])\s*[-–:.)]\s*\S")
_INTEGER = re.compile(r"^[+-]?\d+$")
MAX_CHOICES = 8
MAX_MULTI_OPTIONS = 12
MAX_OPTION_CHARS = 80


def infer(
    table: Any, *, skip: Collection[str] = ()
) -> tuple[list[QuestionCreate], list[ColumnMatch]]:
    """Questions for a new questionnaire, and how each column maps onto them.

    Args:
        table: The :class:`~verbatim.intake.files.Table` read from the file.
        skip: Columns that are not questions (date, id, site, context, or ignored).

    Returns:
        The questions in column order, and one match per column not skipped (bookkeeping columns
        such as LimeSurvey's "lastpage" or an e-mail address are matched to "ignore").
    """
    questions: list[QuestionCreate] = []
    matches: list[ColumnMatch] = []
    used: set[str] = set()
    columns = [(i, c) for i, c in enumerate(table.header) if c not in skip]
    values = {c: [row[i].strip() for row in table.rows] for i, c in columns}
    names = [c for _, c in columns]
    position = 0
    while position < len(names):
        column = names[position]
        if is_metadata(column):
            matches.append(ColumnMatch(column, IGNORE, how="métadonnée de l'outil d'enquête"))
            position += 1
            continue
        group = _sub_column_group(names, position, values)
        if len(group) >= 2:
            question, group_matches = _multiple_choice_group(group, used)
            questions.append(question)
            matches.extend(group_matches)
            position += len(group)
            continue
        parts = parse_header(column)
        code = parts.code if parts.code and _is_code(parts.code) else None
        text = parts.text if code and parts.option is None and parts.option_code is None else column
        link_id = _link_id(code or text, used)
        kind, options = infer_kind(text, values[column])
        questions.append(
            QuestionCreate(
                link_id=link_id,
                text=text[:2000],
                kind=kind,
                options=options,
                polarity=infer_polarity(text) if kind in kinds.TEXT_KINDS else None,
            )
        )
        matches.append(ColumnMatch(column, QUESTION, link_id, None, text, "nouvelle question"))
        position += 1
    return questions, matches


def infer_kind(header: str, values: Sequence[str]) -> tuple[str, list[dict[str, Any]] | None]:
    """The kind (and options) a column's values suggest.

    Args:
        header: The question's text (a "0 à 10" or a "commentaire" in it helps decide).
        values: The column's cells.

    Returns:
        ``(kind, options)``; options only for choice kinds and relabelled Likert scales.
    """
    answers = [v.strip() for v in values if v and v.strip()]
    head = normalise(header)
    free_text_hint = bool(_FREE_TEXT_HINT.search(head))
    if not answers:
        return (kinds.LONG_TEXT if free_text_hint else kinds.SHORT_TEXT), None
    folded = {normalise(a) for a in answers}
    if folded <= _YES_NO_WORDS:
        return kinds.YES_NO, None
    if all(_INTEGER.match(a) for a in answers):
        numbers = {int(a) for a in answers}
        if min(numbers) >= 0 and max(numbers) <= 10:
            if min(numbers) >= 1 and max(numbers) <= 5 and not _SCALE10_HINT.search(head):
                return kinds.LIKERT5, None
            return kinds.SCALE10, None
    elif not free_text_hint:
        scale = _likert_scale(folded)
        if scale is not None:
            if scale == kinds.LIKERT_LABELS:
                return kinds.LIKERT5, None
            return kinds.LIKERT5, [{"value": i + 1, "label": lab} for i, lab in enumerate(scale)]
        if all(_LIKERT_PREFIX.match(a) for a in answers):
            return kinds.LIKERT5, None
    if not free_text_hint:
        multi = _multiple_options(answers)
        if multi is not None:
            return kinds.MULTIPLE_CHOICE, _options(multi)
        distinct = _distinct(answers)
        if (
            2 <= len(distinct) <= MAX_CHOICES
            and len(answers) >= 2 * len(distinct)
            and max(len(a) for a in distinct) <= MAX_OPTION_CHARS
        ):
            return kinds.SINGLE_CHOICE, _options(distinct)
    longest = max(len(a) for a in answers)
    mean = sum(len(a) for a in answers) / len(answers)
    if free_text_hint or longest > 80 or mean > 40:
        return kinds.LONG_TEXT, None
    return kinds.SHORT_TEXT, None


def infer_polarity(header: str) -> str | None:
    """ "negative" for a box asking what to improve, "positive" for what was appreciated."""
    head = normalise(header)
    if _NEGATIVE_HINT.search(head):
        return "negative"
    if _POSITIVE_HINT.search(head):
        return "positive"
    return None


def _likert_scale(folded: set[str]) -> list[str] | None:
    for scale in LIKERT_SCALES:
        if folded <= {normalise(label) for label in scale}:
            return scale
    return None


def _distinct(answers: Sequence[str]) -> list[str]:
    """Distinct answers (first spelling seen), ignoring accents and case."""
    seen: dict[str, str] = {}
    for a in answers:
        seen.setdefault(normalise(a), a)
    return list(seen.values())


def _multiple_options(answers: Sequence[str]) -> list[str] | None:
    """The options of a column of ``;``- (or Google Forms ``, ``-) joined combinations."""
    for sep in (";", ", "):
        if not any(sep in a for a in answers):
            continue
        parts = [p.strip() for a in answers for p in a.split(sep) if p.strip()]
        counts = Counter(normalise(p) for p in parts)
        distinct = _distinct(parts)
        if (
            2 <= len(distinct) <= MAX_MULTI_OPTIONS
            and max(len(p) for p in distinct) <= MAX_OPTION_CHARS
            and sum(counts.values()) >= 2 * len(distinct)
        ):
            return distinct
    return None


def _options(labels: Sequence[str]) -> list[dict[str, Any]]:
    used: set[str] = set()
    return [{"value": _unique(_slug(label), used), "label": label} for label in labels]


def _slug(text: str) -> str:
    return slugify(text, max_length=40).replace("-", "_")


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def _is_code(code: str) -> bool:
    """ "G01Q01" or "acces" are LimeSurvey question codes; "Dr" (of "Dr. Martin…") is not."""
    return any(ch.isdigit() for ch in code) or (code.islower() and len(code) >= 3)


def _link_id(text: str, used: set[str]) -> str:
    base = _slug(text)
    if base == "questionnaire":  # slugify's answer to text without letters
        base = "question"
    return _unique(base, used)


def _sub_column_group(names: Sequence[str], start: int, values: dict[str, list[str]]) -> list[str]:
    """Consecutive ``Question [Option]`` columns whose cells are ticks (Oui/Y/1/X/the label)."""
    first = parse_header(names[start])
    if first.option is None and first.option_code is None:
        return []
    base = first.code or first.text
    group = []
    for column in names[start:]:
        parts = parse_header(column)
        if (parts.code or parts.text) != base or (parts.option or parts.option_code) is None:
            break
        label = normalise(parts.option or parts.option_code)
        ticks = YES_WORDS | NO_WORDS | {label}
        if not all(normalise(v) in ticks for v in values[column] if v):
            break
        group.append(column)
    return group


def _multiple_choice_group(
    group: Sequence[str], used: set[str]
) -> tuple[QuestionCreate, list[ColumnMatch]]:
    first = parse_header(group[0])
    text = first.text
    link_id = _link_id(first.code or text, used)
    labels = [str(parse_header(c).option or parse_header(c).option_code) for c in group]
    options = _options(labels)
    question = QuestionCreate(
        link_id=link_id, text=text[:2000], kind=kinds.MULTIPLE_CHOICE, options=options
    )
    matches = [
        ColumnMatch(column, QUESTION, link_id, opt["value"], text, "nouvelle question")
        for column, opt in zip(group, options, strict=True)
    ]
    return question, matches
