"""Periods for signals: months by default, quarters on request, with French labels."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTH = "month"
QUARTER = "quarter"


def period_key(when: datetime, *, unit: str = MONTH) -> str:
    """The period of a moment, in Paris time: "2026-10" for a month, "2026-Q4" for a quarter."""
    local = when.astimezone(PARIS) if when.tzinfo else when
    if unit == QUARTER:
        return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    return f"{local.year}-{local.month:02d}"


def _index(key: str) -> int:
    year, part = key.split("-")
    if part.startswith("Q"):
        return int(year) * 4 + int(part[1:]) - 1
    return int(year) * 12 + int(part) - 1


def _key(index: int, unit: str) -> str:
    if unit == QUARTER:
        return f"{index // 4}-Q{index % 4 + 1}"
    return f"{index // 12}-{index % 12 + 1:02d}"


def period_range(first: str, last: str, *, unit: str = MONTH) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive, none skipped (empty months count)."""
    return [_key(i, unit) for i in range(_index(first), _index(last) + 1)]


def period_label(key: str) -> str:
    """French label: "octobre 2026", "3e trimestre 2026"."""
    year, part = key.split("-")
    if part.startswith("Q"):
        n = int(part[1:])
        return f"{'1er' if n == 1 else f'{n}e'} trimestre {year}"
    return f"{MONTHS_FR[int(part) - 1]} {year}"


def unit_label(unit: str) -> str:
    """ "par mois" or "par trimestre"."""
    return "par trimestre" if unit == QUARTER else "par mois"


def french_number(value: float, *, digits: int = 1) -> str:
    """A number as French readers write it: decimal comma, no trailing ",0"."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",")
