"""Keyword and issue emergence maps (Yoon 2012), as BERTrend uses them.

For a term or theme *i* in period *j* of *n* periods, with ``NN_j`` documents in period *j* and a
time weight ``tw``::

    DoV_ij = (TF_ij / NN_j) * (1 - tw * (n - j))     # degree of visibility
    DoD_ij = (DF_ij / NN_j) * (1 - tw * (n - j))     # degree of diffusion

The keyword emergence map plots mean frequency against the geometric-mean growth of DoV; the issue
map does the same with document frequency and DoD. Each axis is split at its median:
low frequency and high growth is a weak signal, high and high a strong one, low and low latent,
high frequency with low growth well known.

Yoon, J. (2012). Detecting weak signals for long-term business opportunities using text mining of
Web news. Expert Systems with Applications 39(16), 12543-12550. doi:10.1016/j.eswa.2012.04.059
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

WEAK = "weak"
STRONG = "strong"
LATENT = "latent"
WELL_KNOWN = "well_known"

QUADRANT_LABELS = {
    WEAK: "Signal faible",
    STRONG: "Signal fort",
    LATENT: "Signal latent",
    WELL_KNOWN: "Bien connu",
}

DEFAULT_TIME_WEIGHT = 0.05
# Added to every degree before taking growth ratios, so that a subject absent in a period does
# not make its growth infinite or undefined. Small against typical degrees (shares of documents).
GROWTH_EPSILON = 1e-3


@dataclass(frozen=True)
class EmergencePoint:
    """One subject (a lemma or a theme) on an emergence map."""

    subject: str
    frequency: float  # mean count per period
    growth: float  # geometric-mean growth rate of its degree, e.g. 0.25 = +25 % per period
    degrees: tuple[float, ...]  # DoV (keyword map) or DoD (issue map), one per period
    counts: tuple[int, ...]  # raw counts per period
    quadrant: str = LATENT

    @property
    def quadrant_label(self) -> str:
        """The quadrant in French."""
        return QUADRANT_LABELS[self.quadrant]


def degrees(
    counts: Sequence[float],
    docs_per_period: Sequence[int],
    *,
    time_weight: float = DEFAULT_TIME_WEIGHT,
) -> list[float]:
    """Yoon's time-weighted degree (DoV from term counts, DoD from document counts).

    Args:
        counts: The subject's count in each period, oldest first.
        docs_per_period: Number of documents in each period (``NN_j``).
        time_weight: ``tw``; older periods weigh ``1 - tw * (n - j)``.

    Returns:
        One degree per period; 0 for a period with no document.
    """
    n = len(counts)
    out = []
    for j, (count, docs) in enumerate(zip(counts, docs_per_period, strict=True), start=1):
        weight = max(0.0, 1.0 - time_weight * (n - j))
        out.append((count / docs) * weight if docs else 0.0)
    return out


def geometric_growth(values: Sequence[float], *, epsilon: float = GROWTH_EPSILON) -> float:
    """Geometric mean of the period-on-period growth ratios, minus one.

    Args:
        values: Degrees per period, oldest first.
        epsilon: Added to every value so that zeros give finite ratios.

    Returns:
        The mean growth rate per period (0.0 for fewer than two periods).
    """
    if len(values) < 2:
        return 0.0
    logs = [math.log((b + epsilon) / (a + epsilon)) for a, b in itertools.pairwise(values)]
    return math.exp(sum(logs) / len(logs)) - 1.0


def emergence_map(
    counts_by_subject: Mapping[str, Sequence[int]],
    docs_per_period: Sequence[int],
    *,
    time_weight: float = DEFAULT_TIME_WEIGHT,
    min_total: int = 1,
) -> list[EmergencePoint]:
    """Place every subject on the emergence map and name its quadrant.

    Pass term frequencies for the keyword emergence map (DoV) or document frequencies for the
    issue map (DoD); the arithmetic is the same.

    Args:
        counts_by_subject: For each subject, its count in each period (oldest first).
        docs_per_period: Documents per period.
        time_weight: Yoon's ``tw``.
        min_total: Subjects seen fewer times in total are left off the map.

    Returns:
        Points sorted by quadrant (weak signals first), then growth, then subject.
    """
    raw = []
    for subject, counts in counts_by_subject.items():
        if sum(counts) < min_total:
            continue
        deg = degrees(counts, docs_per_period, time_weight=time_weight)
        raw.append((subject, statistics.fmean(counts), geometric_growth(deg), deg, counts))
    if not raw:
        return []
    freq_median = statistics.median(r[1] for r in raw)
    growth_median = statistics.median(r[2] for r in raw)
    points = []
    for subject, freq, growth, deg, counts in raw:
        high_freq = freq > freq_median
        high_growth = growth > growth_median
        if high_growth:
            quadrant = STRONG if high_freq else WEAK
        else:
            quadrant = WELL_KNOWN if high_freq else LATENT
        points.append(
            EmergencePoint(
                subject=subject,
                frequency=freq,
                growth=growth,
                degrees=tuple(deg),
                counts=tuple(int(c) for c in counts),
                quadrant=quadrant,
            )
        )
    order = {WEAK: 0, STRONG: 1, LATENT: 2, WELL_KNOWN: 3}
    return sorted(points, key=lambda p: (order[p.quadrant], -p.growth, p.subject))
