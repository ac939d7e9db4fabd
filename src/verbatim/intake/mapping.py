"""Columns of an imported file → questions of a questionnaire, or a special role.

A column is matched to a question by its link id, its exact text, then its text ignoring accents,
case and punctuation. LimeSurvey headers (``G01Q01. Question text``, ``Q1 [SQ001]``) and
multiple-choice sub-columns (``Question text [Option]``) are understood. Special columns (date,
external id, site, context, language) are recognised by their usual names in French and English
exports. A new questionnaire's questions are inferred from a header and its values by
:mod:`verbatim.intake.inference`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from verbatim.errors import Msg, VerbatimError
from verbatim.survey import kinds

QUESTION = "question"
DATE = "date"
SITE = "site"
EXTERNAL_ID = "external_id"
CONTEXT = "context"
LANGUAGE = "language"
IGNORE = "ignore"
UNKNOWN = "unknown"
SPECIAL_ROLES = (DATE, EXTERNAL_ID, SITE, CONTEXT, LANGUAGE)
# what a mapping dict holds for a special column (a question is named by its link id)
ROLE_TARGETS = {
    DATE: "@date",
    SITE: "@site",
    EXTERNAL_ID: "@id",
    CONTEXT: "@context",
    LANGUAGE: "@language",
}
TARGET_ROLES = {target: role for role, target in ROLE_TARGETS.items()}
ROLE_LABELS = {
    QUESTION: "question",
    DATE: "date de la réponse",
    SITE: "site",
    EXTERNAL_ID: "identifiant de la réponse",
    CONTEXT: "contexte du parcours",
    LANGUAGE: "langue des réponses",
    IGNORE: "colonne ignorée",
    UNKNOWN: "colonne inconnue",
}
_SPECIAL_NAMES = {
    DATE: [
        "horodateur",
        "horodatage",
        "timestamp",
        "submitdate",
        "date de soumission",
        "date submitted",
        "date",
    ],
    EXTERNAL_ID: ["id", "response id", "id de la reponse", "identifiant", "numero"],
    SITE: ["site", "lieu", "structure"],
    CONTEXT: ["contexte", "parcours", "context"],
    # LimeSurvey's "startlanguage": the language the patient answered in
    LANGUAGE: ["startlanguage", "start language", "langue de depart", "langue des reponses"],
}
# Bookkeeping columns of LimeSurvey and Google Forms, ignored unless mapped. E-mail addresses are
# personal data: never imported.
_METADATA_NAMES = {
    "lastpage",
    "startlanguage",  # also the language column (detected first, see _SPECIAL_NAMES)
    "langue de depart",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "token",
    "interviewtime",
    "derniere page",
    "tete de serie",
    "date de lancement",
    "date de la derniere action",
    "adresse ip",
    "url de provenance",
    "temps total",
    "adresse e mail",
    "adresse mail",
    "email address",
    "email",
    "e mail",
    "score",
    "note totale",
}
YES_WORDS = {"oui", "o", "yes", "y", "vrai", "true", "1", "x", "coche"}
NO_WORDS = {"non", "n", "no", "faux", "false", "0"}


def normalise(text: Any) -> str:
    """Text folded for comparison: no accents, no case, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.casefold().replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


@dataclass(frozen=True)
class HeaderParts:
    """A header split into LimeSurvey code, question text and sub-column option."""

    code: str | None
    text: str
    option: str | None = None
    option_code: str | None = None


_CODE_PREFIX = re.compile(
    r"^(?P<code>[A-Za-z][A-Za-z0-9_]{0,39})\s*(?:\[(?P<sub>[^\[\]]+)\])?\s*\.\s+(?P<rest>.+)$"
)
_SUB_COLUMN = re.compile(r"^(?P<base>.*?\S)\s*\[(?P<option>[^\[\]]+)\]\s*$")
_BARE_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\d[A-Za-z0-9_]*$")


def parse_header(name: str) -> HeaderParts:
    """Split a header as LimeSurvey and Google Forms write it.

    ``G01Q01. Texte`` → code G01Q01, text "Texte"; ``Q1 [SQ001]`` → code Q1, option code SQ001;
    ``Texte [Choix]`` → text "Texte", option "Choix"; ``Q1[SQ001]. Texte [Choix]`` → all four.

    Args:
        name: The column's header.

    Returns:
        Its parts; ``text`` is the whole header when there is nothing to split.
    """
    name = name.strip()
    code = sub_code = None
    rest = name
    prefix = _CODE_PREFIX.match(name)
    if prefix:
        code, sub_code, rest = prefix["code"], prefix["sub"], prefix["rest"].strip()
    sub = _SUB_COLUMN.match(rest)
    if sub:
        base, option = sub["base"].strip(), sub["option"].strip()
        if code is None and _BARE_CODE.match(base):
            return HeaderParts(code=base, text=base, option=None, option_code=option)
        return HeaderParts(code=code, text=base, option=option, option_code=sub_code)
    return HeaderParts(code=code, text=rest, option=None, option_code=sub_code)


@dataclass
class ColumnMatch:
    """What one column of the file becomes.

    Attributes:
        column: The header, as in the file.
        role: "question", "date", "site", "external_id", "context", "language", "ignore" or
            "unknown".
        link_id: The question's link id (role "question").
        option: For a multiple-choice sub-column, the option value this column ticks.
        question: The question's text, for display.
        how: How it was matched, in French, for the preview.
    """

    column: str
    role: str
    link_id: str | None = None
    option: str | None = None
    question: str | None = None
    how: str = ""

    @property
    def target(self) -> str:
        """This match as a mapping value: a link id, ``link_id[option]``, ``@date``…, ``ignore``."""
        if self.role == QUESTION:
            return (
                f"{self.link_id}[{self.option}]" if self.option is not None else str(self.link_id)
            )
        if self.role in ROLE_TARGETS:
            return ROLE_TARGETS[self.role]
        return IGNORE if self.role == IGNORE else ""


def detect_special(
    header: Sequence[str],
    *,
    date_column: str | None = None,
    site_column: str | None = None,
    id_column: str | None = None,
    context_column: str | None = None,
    language_column: str | None = None,
    exclude: Collection[str] = (),
) -> dict[str, str]:
    """Find the date, external id, site, context and language columns.

    Args:
        header: The file's columns.
        date_column: The date column, when the coordinator names it.
        site_column: The site column, when named.
        id_column: The external-id column, when named.
        context_column: The care-path context column, when named.
        language_column: The column of the language answers were given in (LimeSurvey's
            ``startlanguage``), when named.
        exclude: Columns the coordinator mapped otherwise (never detected as special).

    Returns:
        ``{role: column}`` for the roles found.

    Raises:
        VerbatimError: A named column is not in the file, or one column is given two roles.
    """
    given = {
        DATE: date_column,
        SITE: site_column,
        EXTERNAL_ID: id_column,
        CONTEXT: context_column,
        LANGUAGE: language_column,
    }
    found: dict[str, str] = {}
    for role, column in given.items():
        if column:
            if column not in header:
                raise VerbatimError(Msg.UNKNOWN_COLUMN_OPTION.format(column=column), column=column)
            found[role] = column
    by_norm = {normalise(c): c for c in header if c not in exclude}
    for role, names in _SPECIAL_NAMES.items():
        if role in found:
            continue
        for name in names:
            column = by_norm.get(name)
            if column is not None and column not in found.values():
                found[role] = column
                break
    seen: dict[str, str] = {}
    for role, column in found.items():
        if column in seen:
            raise VerbatimError(
                Msg.COLUMN_TWO_ROLES.format(
                    column=column, first=ROLE_LABELS[seen[column]], second=ROLE_LABELS[role]
                ),
                column=column,
            )
        seen[column] = role
    return found


def is_metadata(column: str) -> bool:
    """True for a survey tool's bookkeeping column (last page, seed, IP address, e-mail…)."""
    return normalise(column) in _METADATA_NAMES


def match_columns(
    header: Sequence[str],
    questions: Sequence[Any],
    *,
    special: Mapping[str, str],
    mapping: Mapping[str, str] | None = None,
    questionnaire: str = "",
) -> list[ColumnMatch]:
    """Match every column to a question, a special role, "ignore" or "unknown".

    Args:
        header: The file's columns.
        questions: The questions (rows or specs: link_id, text, kind, options).
        special: ``{role: column}`` from :func:`detect_special`.
        mapping: ``{column: target}`` chosen by the coordinator, which wins over matching.
            A target is a link id, ``link_id[option]`` for a multiple-choice sub-column, one of
            ``@date``, ``@site``, ``@id``, ``@context``, ``@language``, or ``ignore``.
        questionnaire: The questionnaire's slug, for messages.

    Returns:
        One match per column, in header order.

    Raises:
        VerbatimError: A mapping names a column not in the file or a question not in the
            questionnaire.
    """
    mapping = dict(mapping or {})
    for column in mapping:
        if column not in header:
            raise VerbatimError(Msg.UNKNOWN_COLUMN_OPTION.format(column=column), column=column)
    finder = _QuestionFinder(questions)
    roles = {column: role for role, column in special.items()}
    matches = []
    for column in header:
        if column in roles:
            matches.append(ColumnMatch(column, roles[column], how="colonne spéciale"))
        elif column in mapping:
            matches.append(finder.from_target(column, mapping[column], questionnaire))
        else:
            matches.append(finder.match(column))
    return matches


def check_matches(
    matches: Sequence[ColumnMatch], questions: Sequence[Any], *, questionnaire: str
) -> None:
    """Refuse a mapping that leaves a column unknown, reads a question twice or misses one.

    Raises:
        VerbatimError: The first problem, in French, naming the column.
    """
    seen: dict[tuple[str, str | None], str] = {}
    whole: dict[str, str] = {}
    for match in matches:
        if match.role == UNKNOWN:
            raise VerbatimError(
                Msg.UNKNOWN_COLUMN.format(column=match.column, questionnaire=questionnaire),
                row=1,
                column=match.column,
            )
        if match.role != QUESTION:
            continue
        key = (str(match.link_id), match.option)
        first = seen.get(key) or (whole.get(str(match.link_id)) if match.option else None)
        if first is None and match.option is None:
            first = next((c for (lid, _), c in seen.items() if lid == match.link_id), None)
        if first is not None:
            raise VerbatimError(
                Msg.COLUMN_SAME_QUESTION.format(
                    first=first, second=match.column, question=match.question
                ),
                row=1,
                column=match.column,
            )
        seen[key] = match.column
        if match.option is None:
            whole[str(match.link_id)] = match.column
    answered = {lid for lid, _ in seen}
    for q in questions:
        if q.required and not q.show_if and q.link_id not in answered:
            raise VerbatimError(Msg.REQUIRED_QUESTION_NO_COLUMN.format(question=q.text))


class _QuestionFinder:
    def __init__(self, questions: Sequence[Any]):
        self.by_link = {q.link_id.casefold(): q for q in questions}
        self.by_text: dict[str, Any] = {}
        self.by_norm: dict[str, Any] = {}
        for q in questions:
            self.by_text.setdefault(q.text.strip(), q)
            self.by_norm.setdefault(normalise(q.text), q)

    def find(self, text: str) -> tuple[Any, str] | None:
        if (q := self.by_link.get(text.strip().casefold())) is not None:
            return q, "identifiant"
        if (q := self.by_text.get(text.strip())) is not None:
            return q, "texte exact"
        if (q := self.by_norm.get(normalise(text))) is not None:
            return q, "texte approché"
        return None

    def match(self, column: str) -> ColumnMatch:
        found = self.find(column)
        if found:
            return ColumnMatch(column, QUESTION, found[0].link_id, None, found[0].text, found[1])
        parts = parse_header(column)
        found = (self.find(parts.code) if parts.code else None) or self.find(parts.text)
        if found is None and parts.code and parts.text != parts.code:
            found = self.find(parts.text)
        if found is None:
            if is_metadata(column) or is_metadata(parts.text):
                return ColumnMatch(column, IGNORE, how="métadonnée de l'outil d'enquête")
            return ColumnMatch(column, UNKNOWN, how="aucune question ne correspond")
        q, how = found
        if parts.option is None and parts.option_code is None:
            how = "code LimeSurvey" if parts.code else how
            return ColumnMatch(column, QUESTION, q.link_id, None, q.text, how)
        option = _find_option(q, parts.option, parts.option_code)
        if q.kind == kinds.MULTIPLE_CHOICE and option is not None:
            return ColumnMatch(column, QUESTION, q.link_id, option, q.text, "sous-question")
        return ColumnMatch(column, UNKNOWN, how="choix inconnu de la question « " + q.text + " »")

    def from_target(self, column: str, target: str, questionnaire: str) -> ColumnMatch:
        target = target.strip()
        if target == IGNORE or not target:
            return ColumnMatch(column, IGNORE, how="choisi")
        if target in TARGET_ROLES:
            return ColumnMatch(column, TARGET_ROLES[target], how="choisi")
        sub = _SUB_COLUMN.match(target)
        link_id, option = (sub["base"], sub["option"]) if sub else (target, None)
        q = self.by_link.get(link_id.casefold())
        chosen = _find_option(q, option, option) if q is not None and option else None
        if q is None or (option is not None and chosen is None):
            raise VerbatimError(
                Msg.UNKNOWN_MAPPING_TARGET.format(
                    column=column, target=target, questionnaire=questionnaire
                ),
                column=column,
            )
        return ColumnMatch(column, QUESTION, q.link_id, chosen, q.text, "choisi")


def _find_option(question: Any, label: str | None, code: str | None) -> str | None:
    for candidate in (code, label):
        if not candidate:
            continue
        wanted = normalise(candidate)
        for opt in question.options or []:
            if wanted in (normalise(opt["value"]), normalise(opt["label"])):
                return str(opt["value"])
    return None


def is_ticked(value: str) -> bool:
    """Whether a multiple-choice sub-column cell means "chosen" ("Oui", "Y", "1", "X", the label).

    An empty cell and the usual spellings of "no" (N, Non, 0, faux) mean "not chosen".
    """
    text = normalise(value)
    return bool(text) and text not in NO_WORDS


def yes_no_value(value: str) -> str | None:
    """ "oui" or "non" for the usual spellings of yes and no (Y/N, yes/no, vrai/faux, 1/0)."""
    text = normalise(value)
    if text in YES_WORDS:
        return "oui"
    if text in NO_WORDS:
        return "non"
    return None
