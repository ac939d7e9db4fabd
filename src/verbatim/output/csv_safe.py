"""CSV files that French Excel opens correctly and safely.

* UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 and mangles accents.
* ``;`` between cells by default, as French Excel expects (``,`` is its decimal separator); ``,``
  on request, for English-language spreadsheets and scripts.
* Formula injection (CWE-1236, OWASP "CSV injection"): any text cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so that Excel shows it as text
  instead of running it. Patients' free text is untrusted input.
* Numbers: integers plain; decimals with a comma when the separator is ``;`` (French Excel then
  reads ``3,5`` as a number), with a dot otherwise.
* Dates in Europe/Paris time, to the minute: ``JJ/MM/AAAA HH:MM`` with ``;`` (French Excel turns it
  into a real date, so sorting and filtering by date work), ISO ``AAAA-MM-JJ HH:MM`` with ``,``
  (unambiguous in every locale, and sorts correctly even as text).
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from verbatim.errors import Msg, VerbatimError

SEPARATORS = (";", ",")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PARIS = ZoneInfo("Europe/Paris")


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet (prefix ``'`` before a formula trigger).

    Args:
        text: The cell's text.

    Returns:
        The text, prefixed with ``'`` when it starts with ``=``, ``+``, ``-``, ``@``, tab or CR.
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def format_cell(value: Any, *, sep: str = ";") -> str:
    """Turn one Python value into the text of a CSV cell for French Excel.

    Args:
        value: None, bool, int, float, datetime, date or anything with a ``str``.
        sep: The file's separator; ``;`` selects French number and date formats.

    Returns:
        The cell text, already neutralised against formula injection.
    """
    french = sep == ";"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer():
            return str(int(value))
        text = f"{value:.15g}"
        return text.replace(".", ",") if french else text
    if isinstance(value, datetime):
        local = value.astimezone(PARIS) if value.tzinfo else value
        return local.strftime("%d/%m/%Y %H:%M" if french else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y" if french else "%Y-%m-%d")
    return neutralise(str(value))


def write_csv(
    path: Path, *, header: Sequence[str], rows: Iterable[Sequence[Any]], sep: str = ";"
) -> Path:
    """Write a CSV file for French Excel, atomically (a half-written file is never left behind).

    Args:
        path: Where to write.
        header: Column titles.
        rows: Rows of Python values, formatted with :func:`format_cell`.
        sep: ``;`` (default, French Excel) or ``,``.

    Returns:
        ``path``.

    Raises:
        VerbatimError: The separator is not supported, or the file cannot be replaced (open in
            Excel on Windows, or a read-only folder).
    """
    if sep not in SEPARATORS:
        raise VerbatimError(Msg.EXPORT_BAD_SEPARATOR.format(sep=sep))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except PermissionError as error:
        raise VerbatimError(Msg.EXPORT_FILE_LOCKED.format(name=path.name)) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n")
            writer.writerow([format_cell(h, sep=sep) for h in header])
            for row in rows:
                writer.writerow([format_cell(v, sep=sep) for v in row])
        os.replace(tmp_name, path)
    except PermissionError as error:
        Path(tmp_name).unlink(missing_ok=True)
        raise VerbatimError(Msg.EXPORT_FILE_LOCKED.format(name=path.name)) from error
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path
