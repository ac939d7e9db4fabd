"""Easy-read advice on questionnaire questions: a French readability score and plain warnings.

The score is Kandel & Moles' adaptation of Flesch's reading ease to French::

    L = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

(L. Kandel and A. Moles, « Application de l'indice de Flesch à la langue française », Cahiers
Études de Radio-Télévision 19, 1958, p. 253–274; the same coefficients as the French rule of the
lucid-lint accessibility linter). Higher is easier. Long words and long sentences both lower it.

The warnings follow easy-read writing (« facile à lire et à comprendre »): short sentences, one
idea per question, common words, no double negation. Each names what to change, in French a
coordinator who is not a clinician understands. They are advice: nothing here blocks saving.
The words of the trade and their plainer versions are data a coordinator can edit:
``survey/jargon.yaml`` (read by :mod:`verbatim.survey.jargon`).

Thresholds (chosen here, kept as module constants):

* ``MAX_SENTENCE_WORDS = 15``: easy-read and French plain-language guides ask for short
  sentences of about 15 words at most. Words are counted as a word processor counts them
  (« rendez-vous », « avez-vous » and « l'hôpital » are one word each), so the number in the
  message is the one the coordinator counts.
* ``MAX_TEXT_WORDS = 25``: a question and its lead-in sentences, all together.
* ``MIN_SCORE = 40`` and the bands of :data:`SCORE_BANDS`: Flesch's table (below 50
  « difficile ») was made for passages of 100 words or more. A single question is short and
  made of content words, so one long word weighs a lot: plain questions of 5 to 12 words such as
  « Comment avez-vous été accueilli au secrétariat ? » score 40 to 100, while administrative
  ones (« Comment évaluez-vous l'accessibilité organisationnelle des consultations ? ») fall
  well below 40. The bands are therefore coarser and lower than Flesch's (80 « très facile »,
  60 « facile », 40 « moyen », below that « difficile »), so that the label shown under a
  question says « difficile » exactly when the builder warns.

Pure Python, no spaCy: fast enough to run on every rerun of the builder page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from verbatim.errors import Msg
from verbatim.survey import jargon

MAX_SENTENCE_WORDS = 15
MAX_TEXT_WORDS = 25
MIN_SCORE = 40

# (lowest score, French label) for one question; « difficile » starts below MIN_SCORE.
SCORE_BANDS = (
    (80, "très facile"),
    (60, "facile"),
    (MIN_SCORE, "moyen"),
    (20, "difficile"),
)
LOWEST_BAND = "très difficile"

Code = Literal[
    "long_sentence",
    "long_text",
    "hard_to_read",
    "several_questions",
    "jargon",
    "acronym",
    "double_negation",
]
Field = Literal["text", "help_text"]


@dataclass(frozen=True)
class ReadabilityIssue:
    """One piece of advice on a question.

    Attributes:
        code: What kind of problem (``jargon``, ``long_sentence``...), for code and tests.
        message: The French advice shown to the coordinator, naming what to change.
        field: Where the problem is: the question's text or its help text.
        found: The words concerned (the jargon or sigle as written), when there are some.
    """

    code: Code
    message: str
    field: Field = "text"
    found: str = ""


@dataclass(frozen=True)
class Assessment:
    """A question's score and its advice, as the builder shows them."""

    score: int | None
    label: str
    words: int
    issues: list[ReadabilityIssue]

    @property
    def caption(self) -> str:
        """« Lisibilité : 72/100 — facile » (empty when the question has no text)."""
        if self.score is None:
            return ""
        return Msg.READ_SCORE.format(score=self.score, label=self.label)


@dataclass(frozen=True)
class Summary:
    """A whole questionnaire at a glance."""

    total: int
    mean_score: int | None
    flagged: list[int]  # 1-based positions of the questions with advice

    @property
    def caption(self) -> str:
        """« Lisibilité moyenne : 78/100 — facile · 2 question(s) sur 9 à revoir (n° 3, 7) »."""
        if self.mean_score is None:
            return ""
        text = Msg.READ_SUMMARY.format(score=self.mean_score, label=score_label(self.mean_score))
        if self.flagged:
            text += Msg.READ_SUMMARY_FLAGGED.format(
                count=len(self.flagged),
                total=self.total,
                positions=", ".join(str(p) for p in self.flagged),
            )
        return text


# --- words, sentences, syllables ---------------------------------------------------------------

_VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
# c', d', j', l', m', n', s', t', qu' glue to the next word: « qu'avez » is spoken « ka-vez ».
_ELISION = re.compile(r"(?<![^\W_])(?:[cdjlmnst]|qu)['’](?=[^\W\d_])", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+")
_EUPHONIC_T = re.compile(r"-t-", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s+|$)")
# Nouns and adjectives whose final « -ent » is heard (most other « -ent » are silent verb endings).
_SPOKEN_ENT = frozenset(
    [
        "souvent", "parent", "urgent", "récent", "absent", "présent", "différent", "fréquent",
        "excellent", "accident", "incident", "agent", "argent", "content", "talent", "évident",
        "prudent", "précédent", "équivalent", "violent", "permanent", "pertinent", "apparent",
        "transparent", "cohérent", "concurrent", "résident", "président", "décent", "innocent",
        "serpent", "torrent", "adolescent", "compétent", "intelligent", "patient", "client",
        "moment", "comment",
    ]
)  # fmt: skip


def sentences(text: str) -> list[str]:
    """The sentences of a text, split after « . », « ! », « ? » and « … »."""
    return [s.strip() for s in _SENTENCE_END.split(text) if _TOKEN.search(s)]


def formula_words(text: str) -> list[str]:
    """Words as the formula counts them: hyphens split (« avez-vous » is two), elisions glue.

    The « t » of « a-t-il » is a sound between two words, not a word.
    """
    return _TOKEN.findall(_EUPHONIC_T.sub("-", _ELISION.sub("", text)))


def count_words(text: str) -> int:
    """Words as a word processor counts them (« rendez-vous » and « l'hôpital » are one each)."""
    return sum(1 for chunk in text.split() if _TOKEN.search(chunk))


def count_syllables(word: str) -> int:
    """Spoken syllables of one French word, from its groups of vowels.

    Accented vowels count; « qu » and « gu » before e/i are consonants; « é » before a vowel
    and a vowel with a diaeresis start a new syllable (« ré-a-li-té », « na-ïf »); a final
    « -e », « -es » and the verb ending « -ent » are silent (« u-ne », « ai-dent »), except in
    one-syllable words (« le », « des ») and nouns such as « moment » or « souvent ».
    A number counts one syllable per digit. An approximation, as in every such formula.

    Args:
        word: One word, without spaces or hyphens.

    Returns:
        At least 1 for a word with letters or digits, else 0.
    """
    w = word.lower().replace("’", "'")
    if w.isdigit():
        return len(w)
    w = w.split("'")[-1] if "'" in w else w
    w = re.sub(r"qu", "k", w)
    w = re.sub(r"gu(?=[eéèêiîy])", "g", w)
    w = re.sub(rf"(?<=[{_VOWELS}])y(?=[{_VOWELS}])", "ij", w)  # pa-yer, mo-yen
    units: list[str] = []
    for group in re.findall(rf"[{_VOWELS}]+", w):
        # a new syllable after « é » followed by a vowel, and at a vowel with a diaeresis
        units.extend(p for p in re.split(rf"(?<=é)(?=[{_VOWELS}])|(?<=.)(?=[ïëü])", group) if p)
    n = len(units)
    silent_ent = w.endswith("ent") and not w.endswith("ment") and w not in _SPOKEN_ENT
    if n > 1 and units[-1] == "e" and (w.endswith(("e", "es")) or silent_ent):
        n -= 1
    if n == 0 and _TOKEN.search(w):
        return 1
    return n


def readability_score(text: str) -> float | None:
    """Kandel & Moles' reading ease of a French text (see the module docstring).

    Returns:
        The raw score (may fall outside 0–100 on very short or very hard texts), or None when
        the text has no words.
    """
    words = formula_words(text)
    if not words:
        return None
    n_sentences = max(1, len(sentences(text)))
    syllables = sum(count_syllables(w) for w in words)
    return 207 - 1.015 * (len(words) / n_sentences) - 73.6 * (syllables / len(words))


def shown_score(score: float) -> int:
    """The score as shown to people: rounded, between 0 and 100."""
    return max(0, min(100, round(score)))


def score_label(score: float) -> str:
    """The French word for a score (« facile », « difficile »...), see :data:`SCORE_BANDS`."""
    for lowest, label in SCORE_BANDS:
        if score >= lowest:
            return label
    return LOWEST_BAND


# --- jargon and sigles -------------------------------------------------------------------------


def _vocabulary(text: str, field: Field) -> list[ReadabilityIssue]:
    issues = []
    for hit in jargon.find(text):
        if hit.suggestion is None:
            message = Msg.READ_ACRONYM.format(found=hit.found)
            issues.append(ReadabilityIssue("acronym", message, field, hit.found))
        else:
            message = Msg.READ_JARGON.format(found=hit.found, suggestion=hit.suggestion)
            issues.append(ReadabilityIssue("jargon", message, field, hit.found))
    return issues


# --- one idea, no double negation -----------------------------------------------------------

# « avez-vous », « a-t-il », « pourrions-nous »: a verb with its subject after it, as in a question
_INVERTED = r"[^\W\d_]+-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles)(?![^\W_])"
_ASKING = r"(?:comment|pourquoi|combien|quand|quel|quelle|quels|quelles|où|est-ce)(?![^\W_])"
_JOINED = re.compile(
    rf"{_INVERTED}[^?]*?(?<![^\W_])(?P<joiner>et|ou|mais)\s+(?:[^\W\d_]+\s+){{0,3}}?"
    rf"(?:{_INVERTED}|{_ASKING})",
    re.IGNORECASE,
)
_NE = re.compile(r"(?<![^\W_])(?:ne(?![^\W_])|n['’](?!importe))", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[.!?…,;:]|(?<![^\W_])(?:si|s['’]|quand|lorsque|lorsqu['’]|parce|car|mais)(?![^\W_])",
    re.IGNORECASE,
)
_NEGATIVE_WORD = re.compile(
    r"(?<![^\W_])(?:sans|impossibles?|inutiles?|incapables?|insatisfaite?s?|mécontente?s?|"
    r"interdite?s?|inconnue?s?)(?![^\W_])",
    re.IGNORECASE,
)


def _ideas(text: str) -> list[ReadabilityIssue]:
    asks = text.count("?")
    if asks > 1:
        return [
            ReadabilityIssue(
                code="several_questions", message=Msg.READ_SEVERAL_QUESTIONS.format(count=asks)
            )
        ]
    match = _JOINED.search(text)
    if match:
        joiner = match.group("joiner").lower()
        return [
            ReadabilityIssue(
                code="several_questions",
                message=Msg.READ_JOINED_QUESTIONS.format(joiner=joiner),
                found=joiner,
            )
        ]
    return []


def _double_negation(text: str, field: Field) -> list[ReadabilityIssue]:
    # two negations in one clause, or a negation with a negative word (« pas insatisfait »);
    # a negation in a « si » or « quand » clause is apart: « Ne répondez pas si vous ne savez pas »
    for clause in _CLAUSE_BREAK.split(text):
        negations = len(_NE.findall(clause))
        if negations >= 2 or (negations == 1 and _NEGATIVE_WORD.search(clause)):
            return [
                ReadabilityIssue(
                    code="double_negation", message=Msg.READ_DOUBLE_NEGATION, field=field
                )
            ]
    return []


def _length(text: str, field: Field) -> list[ReadabilityIssue]:
    issues = []
    longest = max((count_words(s) for s in sentences(text)), default=0)
    if longest > MAX_SENTENCE_WORDS:
        issues.append(
            ReadabilityIssue(
                code="long_sentence",
                message=Msg.READ_LONG_SENTENCE.format(words=longest, max_words=MAX_SENTENCE_WORDS),
                field=field,
            )
        )
    total = count_words(text)
    if field == "text" and total > MAX_TEXT_WORDS:
        issues.append(
            ReadabilityIssue(
                code="long_text",
                message=Msg.READ_LONG_TEXT.format(words=total, max_words=MAX_TEXT_WORDS),
            )
        )
    return issues


# --- the checks --------------------------------------------------------------------------------


def check_question(text: str, *, help_text: str = "") -> list[ReadabilityIssue]:
    """Easy-read advice on one question, in plain French, each naming what to change.

    The question's text gets every check; its help text (shown under it) gets the sentence
    length, jargon, sigle and double-negation checks, with messages that start « Dans l'aide ».

    Args:
        text: The question as the patient reads it.
        help_text: The optional help shown under the question.

    Returns:
        The advice, most important first (empty when the question reads easily, or is empty).
    """
    issues: list[ReadabilityIssue] = []
    if formula_words(text):
        issues += _ideas(text)
        issues += _length(text, "text")
        score = readability_score(text)
        if score is not None and score < MIN_SCORE:
            issues.append(
                ReadabilityIssue(
                    code="hard_to_read", message=Msg.READ_HARD.format(score=shown_score(score))
                )
            )
        issues += _vocabulary(text, "text")
        issues += _double_negation(text, "text")
    if formula_words(help_text):
        issues += [
            replace(issue, message=Msg.READ_IN_HELP.format(message=issue.message))
            for issue in _length(help_text, "help_text")
            + _vocabulary(help_text, "help_text")
            + _double_negation(help_text, "help_text")
        ]
    return issues


def assess(text: str, *, help_text: str = "") -> Assessment:
    """The score, its label and the advice for one question (what the builder shows).

    Args:
        text: The question as the patient reads it.
        help_text: The optional help shown under the question.
    """
    score = readability_score(text)
    return Assessment(
        score=None if score is None else shown_score(score),
        label="" if score is None else score_label(score),
        words=count_words(text),
        issues=check_question(text, help_text=help_text),
    )


def summarise(questions: Iterable[tuple[str, str]]) -> Summary:
    """A questionnaire's mean score and the questions that have advice.

    Args:
        questions: ``(text, help_text)`` of each question, in order.
    """
    scores, flagged, total = [], [], 0
    for position, (text, help_text) in enumerate(questions, start=1):
        total += 1
        score = readability_score(text)
        if score is not None:
            scores.append(shown_score(score))
        if check_question(text, help_text=help_text):
            flagged.append(position)
    mean = round(sum(scores) / len(scores)) if scores else None
    return Summary(total=total, mean_score=mean, flagged=flagged)
