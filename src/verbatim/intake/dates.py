"""Dates as survey tools export them, read as timezone-aware UTC datetimes.

A time without a zone is French local time (Europe/Paris, summer time included), as LimeSurvey,
Excel and French Google Forms write it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
_EXCEL_EPOCH = datetime(1899, 12, 30)

_DATE_TIME = re.compile(
    r"^(?:(?P<y1>\d{4})[/.-](?P<m1>\d{1,2})[/.-](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}|\d{2}))"
    r"(?:(?:[ T]+|\s*(?:à|a)\s*)(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
    r"\s*(?:(?P<utc>UTC|GMT|Z)\s*(?:(?P<sign>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?"
    r"|(?P<sign2>[+-])(?P<oh2>\d{2}):?(?P<om2>\d{2}))?$"
)
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")


def parse_datetime(text: str) -> datetime:
    """Read a date, or a date and time, as exported by LimeSurvey, Google Forms or Excel.

    Accepted: ISO 8601 (``2025-03-14``, ``2025-03-14T10:22:33+01:00``), LimeSurvey's
    ``2025-03-14 10:22:33``, French ``14/03/2025``, ``14/03/2025 10:22[:33]`` (also with ``-`` or
    ``.``, or a two-digit year), Google Forms' ``2025/03/14 10:22:33 UTC+1`` or
    ``2025/03/14 10:22:33 AM GMT+1``, and Excel day numbers (``45730.43``).

    Args:
        text: The cell's text.

    Returns:
        The moment, timezone-aware, in UTC. Naive times are Europe/Paris local time.

    Raises:
        ValueError: The text is not a date in one of these forms, or not a real date (31/02).
    """
    value = text.strip()
    if not value:
        raise ValueError("empty date")
    if _EXCEL_SERIAL.match(value):
        serial = float(value.replace(",", "."))
        if 20_000 <= serial <= 80_000:
            return _to_utc(_EXCEL_EPOCH + timedelta(days=serial))
    try:
        return _to_utc(datetime.fromisoformat(value))
    except ValueError:
        pass
    match = _DATE_TIME.match(value)
    if match is None:
        raise ValueError(f"not a date: {value!r}")
    g = match.groupdict()
    if g["y1"]:
        year, month, day = int(g["y1"]), int(g["m1"]), int(g["d1"])
    else:
        year, month, day = int(g["y2"]), int(g["m2"]), int(g["d2"])
        if year < 100:
            year += 2000
    hour, minute, second = int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0)
    if g["ampm"]:
        if hour > 12:
            raise ValueError("AM/PM hour above 12")
        pm = g["ampm"][0] in "Pp"
        hour = hour % 12 + (12 if pm else 0)
    moment = datetime(year, month, day, hour, minute, second)
    zone = _zone(g)
    return _to_utc(moment.replace(tzinfo=zone) if zone else moment)


def _zone(g: dict[str, str | None]) -> timezone | None:
    sign, hours, minutes = g["sign"] or g["sign2"], g["oh"] or g["oh2"], g["om"] or g["om2"]
    if sign is None:
        return UTC if g["utc"] else None
    offset = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    return timezone(-offset if sign == "-" else offset)


def _to_utc(moment: datetime) -> datetime:
    if moment.year < 1900:
        raise ValueError("date before 1900")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(UTC)
