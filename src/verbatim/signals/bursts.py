"""Bursts: a subject whose count in the latest period jumps above its trailing baseline.

The test is conditional on the total, which handles small counts honestly: under "no change", each
of the ``x + b`` mentions (``x`` in the latest period, ``b`` in the baseline periods) falls in the
latest period with probability ``N_latest / (N_latest + N_baseline)`` — the latest period's share of
all answers. So the p-value is the binomial tail ``P(X >= x)``. Unlike a Poisson test against a
plug-in mean, this accounts for the uncertainty of a baseline estimated from a few months, and it
adjusts for a period with more answers than usual. A minimum count and a minimum ratio keep
"0 → 1" or "1 → 2" from ever being called a burst.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_ALPHA = 0.01
DEFAULT_MIN_COUNT = 3
DEFAULT_MIN_RATIO = 2.0
DEFAULT_BASELINE_PERIODS = 6


@dataclass(frozen=True)
class Burst:
    """The burst test of one subject in the latest period."""

    latest: int
    baseline_mean: float  # mean count per baseline period
    expected: float  # count expected in the latest period given its number of answers
    ratio: float  # latest / expected
    p_value: float
    is_burst: bool


def burst_test(
    counts: Sequence[int],
    docs_per_period: Sequence[int] | None = None,
    *,
    baseline_periods: int = DEFAULT_BASELINE_PERIODS,
    alpha: float = DEFAULT_ALPHA,
    min_count: int = DEFAULT_MIN_COUNT,
    min_ratio: float = DEFAULT_MIN_RATIO,
) -> Burst:
    """Test whether the last period's count is a burst against the periods before it.

    Args:
        counts: The subject's count per period, oldest first; the last one is tested.
        docs_per_period: Answers per period (exposure); equal exposure when omitted.
        baseline_periods: How many periods before the latest form the baseline.
        alpha: Significance level.
        min_count: A burst needs at least this many mentions in the latest period.
        min_ratio: ...and at least this many times the expected count.

    Returns:
        The test's figures and verdict. With no baseline period, nothing is a burst.
    """
    from scipy.stats import binom  # costs seconds to import: only when a test runs

    if not counts:
        return Burst(0, 0.0, 0.0, 0.0, 1.0, False)
    latest = int(counts[-1])
    base = list(counts[-1 - baseline_periods : -1])
    exposure = [1] * len(counts) if docs_per_period is None else list(docs_per_period)
    base_exposure = sum(exposure[-1 - baseline_periods : -1])
    latest_exposure = exposure[-1]
    if not base or base_exposure <= 0 or latest_exposure <= 0:
        return Burst(latest, 0.0, 0.0, 0.0, 1.0, False)
    base_total = int(sum(base))
    share = latest_exposure / (latest_exposure + base_exposure)
    expected = base_total * latest_exposure / base_exposure
    # a baseline of zero: compare with half a mention over the baseline, not with nothing
    ratio = latest / max(expected, 0.5 * latest_exposure / base_exposure)
    p_value = float(binom.sf(latest - 1, latest + base_total, share)) if latest else 1.0
    is_burst = latest >= min_count and ratio >= min_ratio and p_value < alpha
    return Burst(
        latest=latest,
        baseline_mean=base_total / len(base),
        expected=expected,
        ratio=ratio,
        p_value=p_value,
        is_burst=is_burst,
    )
