"""Find the signals in a set of analysed answers and say why, in one French sentence each.

Pure logic over :class:`SignalDoc` records (the answers with their date, lemmas, themes and tone);
:mod:`verbatim.signals.service` builds those records from the latest analysis run and stores what
reviewers decide. Three kinds of signal, ranked together by score:

* ``serious`` — answers the severity lexicon flags, grouped by lexicon entry;
* ``burst`` — a theme whose count in the latest period jumps above its trailing baseline;
* ``emerging_theme`` / ``emerging_term`` — weak signals of the Yoon emergence maps (rare, growing).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from verbatim.signals.bursts import burst_test
from verbatim.signals.emergence import WEAK, EmergencePoint, emergence_map
from verbatim.signals.periods import (
    MONTH,
    french_number,
    period_key,
    period_label,
    period_range,
    unit_label,
)
from verbatim.signals.serious import Entry, load_lexicon, score_answer

SERIOUS = "serious"
BURST = "burst"
EMERGING_THEME = "emerging_theme"
EMERGING_TERM = "emerging_term"
KIND_LABELS = {
    SERIOUS: "Rare mais grave",
    BURST: "Hausse soudaine",
    EMERGING_THEME: "Thème émergent",
    EMERGING_TERM: "Mot émergent",
}
RECENT_PERIODS = 2  # the periods that count as "now"
OLD_SERIOUS_WEIGHT = 0.25  # an older serious answer still counts, a quarter as much as a new one
MIN_RECENT_FOR_EMERGING = 2


@dataclass(frozen=True)
class SignalDoc:
    """One analysed answer, as the signal detectors see it."""

    answer_id: int
    response_id: int
    submitted_at: datetime
    text: str
    terms: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # theme labels, primary first
    tone: str | None = None
    primary_theme_size: int | None = None
    site: str | None = None
    questionnaire: str | None = None
    question: str | None = None
    context: str | None = None


@dataclass(frozen=True)
class Signal:
    """A signal for a person to look at."""

    kind: str
    subject: str
    period: str
    score: float
    reason: str
    answer_ids: tuple[int, ...]
    response_ids: tuple[int, ...]
    periods: tuple[str, ...] = ()
    sparkline: tuple[int, ...] = ()  # count per period, for a small trend chart
    words: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """Identity across runs (a dismissed signal is recognised by it)."""
        return f"{self.kind}:{self.subject}"

    @property
    def kind_label(self) -> str:
        """The kind in French."""
        return KIND_LABELS[self.kind]


def _periods(docs: Sequence[SignalDoc], unit: str, until: datetime | None) -> list[str]:
    first = min(period_key(d.submitted_at, unit=unit) for d in docs)
    last = (
        period_key(until, unit=unit)
        if until
        else max(period_key(d.submitted_at, unit=unit) for d in docs)
    )
    return period_range(first, last, unit=unit)


def _count_by_period(
    docs: Sequence[SignalDoc],
    periods: Sequence[str],
    unit: str,
    key: Callable[[SignalDoc], set[str]],
) -> dict[str, list[int]]:
    index = {p: i for i, p in enumerate(periods)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    for doc in docs:
        i = index.get(period_key(doc.submitted_at, unit=unit))
        if i is None:
            continue
        for subject in key(doc):
            counts[subject][i] += 1
    return dict(counts)


def serious_signals(
    docs: Sequence[SignalDoc],
    periods: Sequence[str],
    *,
    unit: str = MONTH,
    lexicon: Sequence[Entry] | None = None,
) -> list[Signal]:
    """Group the answers the severity lexicon flags by lexicon entry.

    Returns:
        One signal per entry found, scored by the flagged answers' scores (recent ones in full).
    """
    recent = set(periods[-RECENT_PERIODS:])
    by_label: dict[str, list[tuple[SignalDoc, float, str]]] = defaultdict(list)
    for doc in docs:
        flag = score_answer(
            doc.text, tone=doc.tone, theme_size=doc.primary_theme_size, lexicon=lexicon
        )
        if flag is None:
            continue
        for hit in flag.hits:
            by_label[hit.label].append((doc, flag.score, hit.words))
    out = []
    for label, items in by_label.items():
        items.sort(key=lambda item: (item[0].submitted_at, item[0].answer_id))
        score = sum(
            s if period_key(d.submitted_at, unit=unit) in recent else s * OLD_SERIOUS_WEIGHT
            for d, s, _ in items
        )
        words = tuple(dict.fromkeys(w.lower() for _, _, w in items))
        first = period_label(period_key(items[0][0].submitted_at, unit=unit))
        n = len(items)
        answers = "1 réponse" if n == 1 else f"{n} réponses"
        since = f"en {first}" if n == 1 else f"depuis {first}"
        quoted = ", ".join(f"« {w} »" for w in words[:4])
        spark = _count_by_period([d for d, _, _ in items], periods, unit, lambda _d: {"*"})
        out.append(
            Signal(
                kind=SERIOUS,
                subject=label,
                period=period_key(items[-1][0].submitted_at, unit=unit),
                score=round(score, 3),
                reason=f"{answers} à lire {since} ; mots : {quoted}",
                answer_ids=tuple(d.answer_id for d, _, _ in items),
                response_ids=tuple(dict.fromkeys(d.response_id for d, _, _ in items)),
                periods=tuple(periods),
                sparkline=tuple(spark.get("*", [0] * len(periods))),
                words=words,
            )
        )
    return out


def burst_signals(
    docs: Sequence[SignalDoc], periods: Sequence[str], *, unit: str = MONTH
) -> list[Signal]:
    """Themes whose count in the latest period is a burst against the periods before."""
    if len(periods) < 2:
        return []
    counts = _count_by_period(docs, periods, unit, lambda d: set(d.themes))
    exposure = _count_by_period(docs, periods, unit, lambda _d: {"*"}).get("*", [])
    latest = periods[-1]
    out = []
    for theme, series in counts.items():
        test = burst_test(series, exposure)
        if not test.is_burst:
            continue
        ids = [
            d for d in docs if theme in d.themes and period_key(d.submitted_at, unit=unit) == latest
        ]
        ids.sort(key=lambda d: (d.submitted_at, d.answer_id))
        reason = (
            f"{test.latest} réponses en {period_label(latest)} contre "
            f"{french_number(test.baseline_mean)} {unit_label(unit)} avant"
        )
        out.append(
            Signal(
                kind=BURST,
                subject=theme,
                period=latest,
                score=round(min(10.0, -math.log10(max(test.p_value, 1e-10))) + 1.0, 3),
                reason=reason,
                answer_ids=tuple(d.answer_id for d in ids),
                response_ids=tuple(dict.fromkeys(d.response_id for d in ids)),
                periods=tuple(periods),
                sparkline=tuple(series),
            )
        )
    return out


def subject_counts(
    docs: Sequence[SignalDoc], periods: Sequence[str], *, unit: str = MONTH, by: str = "themes"
) -> tuple[dict[str, list[int]], list[int], dict[str, list[SignalDoc]]]:
    """Counts per subject and period, as the emergence maps need them.

    Args:
        docs: Analysed answers.
        periods: The periods, oldest first.
        unit: Month or quarter.
        by: "themes" (issue map: answers mentioning the theme, DF) or "terms" (keyword map:
            lemma occurrences, TF).

    Returns:
        ``(counts by subject, documents per period, answers by subject)``.
    """
    index = {p: i for i, p in enumerate(periods)}
    docs_per_period = [0] * len(periods)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    members: dict[str, list[SignalDoc]] = defaultdict(list)
    for doc in docs:
        i = index.get(period_key(doc.submitted_at, unit=unit))
        if i is None:
            continue
        docs_per_period[i] += 1
        subjects = Counter(set(doc.themes)) if by == "themes" else Counter(doc.terms)
        for subject, n in subjects.items():
            counts[subject][i] += n
            members[subject].append(doc)
    return dict(counts), docs_per_period, dict(members)


def emergence_points(
    docs: Sequence[SignalDoc],
    *,
    unit: str = MONTH,
    by: str = "themes",
    until: datetime | None = None,
) -> list[EmergencePoint]:
    """Every theme (or lemma) on the emergence map, for the signals page's chart."""
    if not docs:
        return []
    periods = _periods(docs, unit, until)
    counts, docs_per_period, _ = subject_counts(docs, periods, unit=unit, by=by)
    return emergence_map(counts, docs_per_period, min_total=2)


def emerging_signals(
    docs: Sequence[SignalDoc], periods: Sequence[str], *, unit: str = MONTH, by: str = "themes"
) -> list[Signal]:
    """Weak signals of the emergence map: rare subjects whose degree grows, recently mentioned.

    Args:
        docs: Analysed answers.
        periods: The periods, oldest first.
        unit: Month or quarter.
        by: "themes" or "terms" (see :func:`subject_counts`).
    """
    if len(periods) < 3:
        return []
    counts, docs_per_period, members = subject_counts(docs, periods, unit=unit, by=by)
    kind = EMERGING_THEME if by == "themes" else EMERGING_TERM
    recent_keys = set(periods[-RECENT_PERIODS:])
    out = []
    for point in emergence_map(counts, docs_per_period, min_total=2):
        recent = sum(point.counts[-RECENT_PERIODS:])
        if point.quadrant != WEAK or point.growth <= 0 or recent < MIN_RECENT_FOR_EMERGING:
            continue
        behind = sorted(
            (
                d
                for d in members[point.subject]
                if period_key(d.submitted_at, unit=unit) in recent_keys
            ),
            key=lambda d: (d.submitted_at, d.answer_id),
        )
        what = "mot" if by == "terms" else "thème"
        reason = (
            f"{what} rare ({french_number(point.frequency)} {unit_label(unit)}) mais en hausse de "
            f"{french_number(point.growth * 100, digits=0)} % {unit_label(unit)} ; "
            f"{recent} mentions sur les deux dernières périodes"
        )
        out.append(
            Signal(
                kind=kind,
                subject=point.subject,
                period=periods[-1],
                score=round(min(4.0, 1.0 + point.growth) + 0.1 * recent, 3),
                reason=reason,
                answer_ids=tuple(d.answer_id for d in behind),
                response_ids=tuple(dict.fromkeys(d.response_id for d in behind)),
                periods=tuple(periods),
                sparkline=point.counts,
            )
        )
    return out


def detect_signals(
    docs: Sequence[SignalDoc],
    *,
    unit: str = MONTH,
    until: datetime | None = None,
    rest: Sequence[SignalDoc] | None = None,
    lexicon: Sequence[Entry] | None = None,
    terms: bool = True,
) -> list[Signal]:
    """Every signal in ``docs``, ranked (highest score first, then kind and subject).

    Args:
        docs: The analysed answers of the slice under study.
        unit: "month" or "quarter".
        until: The last period is the one containing this moment (default: the newest answer).
        rest: The answers outside the slice; when given, each reason says how often the same
            subject appears there in the same period.
        lexicon: Severity entries; the configured lexicon when omitted.
        terms: Also look for emerging terms (lemmas), not only themes.

    Returns:
        The ranked signals.
    """
    if not docs:
        return []
    periods = _periods(docs, unit, until)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    signals = [
        *serious_signals(docs, periods, unit=unit, lexicon=lexicon),
        *burst_signals(docs, periods, unit=unit),
        *emerging_signals(docs, periods, unit=unit, by="themes"),
    ]
    if terms:
        signals += emerging_signals(docs, periods, unit=unit, by="terms")
    if rest is not None:
        # score the rest once, with the same lexicon, whatever the number of signals
        rest_serious = [_serious_labels(d, lexicon) for d in rest]
        signals = [_compare(s, rest, rest_serious, unit) for s in signals]
    order = {SERIOUS: 0, BURST: 1, EMERGING_THEME: 2, EMERGING_TERM: 3}
    return sorted(signals, key=lambda s: (-s.score, order[s.kind], s.subject))


def _serious_labels(doc: SignalDoc, lexicon: Sequence[Entry]) -> set[str]:
    """The lexicon entries for which an answer is flagged (none when it is not)."""
    flag = score_answer(doc.text, tone=doc.tone, theme_size=doc.primary_theme_size, lexicon=lexicon)
    return {h.label for h in flag.hits} if flag else set()


def _compare(
    signal: Signal, rest: Sequence[SignalDoc], rest_serious: Sequence[set[str]], unit: str
) -> Signal:
    """Add to the reason how often the same subject appears outside the slice."""
    if signal.kind == SERIOUS:
        others = sum(1 for labels in rest_serious if signal.subject in labels)
        where = ""
    else:
        in_period = [d for d in rest if period_key(d.submitted_at, unit=unit) == signal.period]
        field_of = (lambda d: d.terms) if signal.kind == EMERGING_TERM else (lambda d: d.themes)
        others = sum(1 for d in in_period if signal.subject in field_of(d))
        where = f" en {period_label(signal.period)}"
    return replace(signal, reason=f"{signal.reason} (ailleurs{where} : {others})")
