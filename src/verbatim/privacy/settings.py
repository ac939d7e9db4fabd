"""Privacy settings, read from the environment at each call (so tests and the CLI can change them).

- ``VERBATIM_KEEP_RAW_TEXT``: "1"/"true"/"oui" keeps the original free text in ``Answer.raw_text``
  (off by default). Raw text is never shown to reviewers nor exported.
- ``VERBATIM_SMALL_COUNT_THRESHOLD``: counts below it are shown as "< N" (default 5).
- ``VERBATIM_RETENTION_MONTHS``: responses older than this many months are purged by
  ``verbatim purge`` (default: none, everything is kept).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from verbatim.errors import Msg, VerbatimError

DEFAULT_SMALL_COUNT_THRESHOLD = 5
_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _positive_int(name: str, value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise VerbatimError(Msg.BAD_SETTING.format(name=name, value=value)) from None
    if number < 0:
        raise VerbatimError(Msg.BAD_SETTING.format(name=name, value=value))
    return number


def keep_raw_text(environ: Mapping[str, str] | None = None) -> bool:
    """True when the original free text is kept next to its pseudonymised version."""
    return _env(environ).get("VERBATIM_KEEP_RAW_TEXT", "").strip().lower() in _TRUE


def small_count_threshold(environ: Mapping[str, str] | None = None) -> int:
    """Counts below this are masked in charts, tables and exports."""
    value = _env(environ).get("VERBATIM_SMALL_COUNT_THRESHOLD", "").strip()
    if not value:
        return DEFAULT_SMALL_COUNT_THRESHOLD
    return _positive_int("VERBATIM_SMALL_COUNT_THRESHOLD", value)


def retention_months(environ: Mapping[str, str] | None = None) -> int | None:
    """How many months responses are kept; None keeps them for ever."""
    value = _env(environ).get("VERBATIM_RETENTION_MONTHS", "").strip()
    if not value:
        return None
    months = _positive_int("VERBATIM_RETENTION_MONTHS", value)
    return months or None
