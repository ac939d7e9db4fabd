"""Small counts: a count below the threshold (5 by default) may point at one person, so it is shown
as "< 5". A breakdown that shows its total also hides a second cell when only one is masked, so that
the masked one cannot be recovered by subtraction. Zero is shown: it reveals no one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from verbatim.privacy.settings import small_count_threshold


def _threshold(threshold: int | None) -> int:
    return small_count_threshold() if threshold is None else threshold


def mask_count(n: int, *, threshold: int | None = None) -> str:
    """A count as it may be shown: "< 5" under the threshold, else the number.

    Args:
        n: The count.
        threshold: Smallest count shown as such; ``VERBATIM_SMALL_COUNT_THRESHOLD`` (default 5)
            when omitted.

    Returns:
        "< 5" (for a threshold of 5) when 1 ≤ n < 5, else ``str(n)``.
    """
    limit = _threshold(threshold)
    return f"< {limit}" if 0 < n < limit else str(n)


def mask_breakdown(
    counts: Mapping[str, int], *, threshold: int | None = None, with_total: bool = True
) -> dict[str, str]:
    """Mask a one-way breakdown (category → count), keeping the categories' order.

    Args:
        counts: Count per category.
        threshold: See :func:`mask_count`.
        with_total: The total will be shown next to the breakdown: when exactly one category is
            masked, the next smallest non-zero one is masked too (complementary suppression).

    Returns:
        Category → shown value ("< 5" or the number).
    """
    limit = _threshold(threshold)
    masked = {key for key, n in counts.items() if 0 < n < limit}
    if with_total and len(masked) == 1:
        others = sorted((n, key) for key, n in counts.items() if n > 0 and key not in masked)
        if others:
            masked.add(others[0][1])
    return {
        key: (
            f"< {limit}" if key in masked and n < limit else ("masqué" if key in masked else str(n))
        )
        for key, n in counts.items()
    }


def mask_rows(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *, threshold: int | None = None
) -> list[dict[str, Any]]:
    """Mask the count ``columns`` of a table given as rows (dicts); other columns are kept.

    Args:
        rows: The table, one dict per row.
        columns: Names of the count columns to mask.
        threshold: See :func:`mask_count`.

    Returns:
        New rows where each count column holds the shown value (a string).
    """
    out = []
    for row in rows:
        new = dict(row)
        for column in columns:
            value = row.get(column)
            if isinstance(value, int | float) and not isinstance(value, bool):
                new[column] = mask_count(int(value), threshold=threshold)
        out.append(new)
    return out


def mask_frame(frame: Any, columns: Sequence[str] | None = None, *, threshold: int | None = None):
    """Mask the count columns of a pandas DataFrame (all integer columns when ``columns`` is None).

    Returns:
        A copy whose masked columns hold strings.
    """
    out = frame.copy()
    if columns is None:
        columns = [c for c in out.columns if str(out[c].dtype).startswith(("int", "Int"))]
    for column in columns:
        out[column] = [mask_count(int(v), threshold=threshold) for v in out[column]]
    return out
