"""Reading an exported table (CSV from LimeSurvey, Google Forms or Excel, or an XLSX workbook).

:func:`read_table` turns the bytes of an uploaded file into a header and rows of strings, or raises
a French :class:`~verbatim.errors.VerbatimError` naming the line (as the coordinator sees it in the
file, header = line 1) and the column. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from verbatim.config import get_settings
from verbatim.errors import Msg, VerbatimError

CSV = "csv"
XLSX = "xlsx"
DELIMITERS = (",", ";", "\t")
DELIMITER_LABELS = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 avec BOM",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
}
# Bytes a text file never holds (tab, LF, VT, FF, CR, DOS end-of-file and ESC aside).
_CONTROL_BYTES = (
    frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1A)) | {0x1C, 0x1D, 0x1E, 0x1F}
)
_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc",
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls / .doc
_ZIP = b"PK\x03\x04"
_SNIFF_CHARS = 64 * 1024
# UTF-8 sequences for French letters and typographic marks, as seen in the raw bytes
_UTF8_FRENCH = re.compile(rb"\xc3[\x80-\xbf]|\xc5[\x92\x93]|\xe2\x80[\x93-\xa6]|\xc2[\xa0-\xbf]")


@dataclass
class Table:
    """A table read from a file: the header and every data row, as strings.

    Attributes:
        filename: The file's name, for messages.
        header: Column names, stripped, in file order.
        rows: Data rows, each exactly as long as the header ("" for an empty cell).
        lines: For each row, the line of the file where it starts (header = line 1), as the
            coordinator sees it in a text editor or in Excel.
        kind: "csv" or "xlsx".
        encoding: "utf-8", "utf-8-sig", "cp1252" or "utf-16"; None for XLSX.
        delimiter: ",", ";" or tab; None for XLSX.
    """

    filename: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    kind: str = CSV
    encoding: str | None = None
    delimiter: str | None = None

    def records(self, limit: int | None = None) -> list[dict[str, str]]:
        """Rows as ``{column: value}`` dicts (the first ``limit`` rows when given)."""
        rows = self.rows if limit is None else self.rows[:limit]
        return [dict(zip(self.header, row, strict=True)) for row in rows]

    @property
    def encoding_label(self) -> str:
        """The encoding as a person reads it ("Windows-1252"), or "Excel (XLSX)"."""
        if self.kind == XLSX:
            return "Excel (XLSX)"
        return ENCODING_LABELS.get(self.encoding or "", self.encoding or "")

    @property
    def delimiter_label(self) -> str:
        """The delimiter as a person reads it ("point-virgule"), or "" for XLSX."""
        return DELIMITER_LABELS.get(self.delimiter or "", "")


def read_table(data: bytes, *, filename: str) -> Table:
    """Read a CSV or XLSX export into a :class:`Table`.

    CSV files may be UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (Excel's
    French default), delimited by comma, semicolon or tab, with quoted multi-line cells.

    Args:
        data: The file's bytes.
        filename: The file's name (for messages, and to tell an XLSX workbook).

    Returns:
        The header and rows.

    Raises:
        VerbatimError: The file is empty, too large, binary, in an unknown encoding, has no header,
            only a header, a duplicate column, a row with the wrong number of cells, or a cell
            longer than the settings allow.
    """
    settings = get_settings()
    name = PurePath(filename).name or filename
    if len(data) > settings.max_import_bytes:
        raise VerbatimError(
            Msg.FILE_TOO_LARGE.format(name=name, max_mb=settings.max_import_bytes // 2**20)
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise VerbatimError(Msg.EMPTY_FILE.format(name=name))
    if data.startswith(_ZIP):
        return _read_xlsx(data, name=name, max_chars=settings.max_cell_chars)
    if data.startswith(_OLE2):
        raise VerbatimError(Msg.OLD_XLS.format(name=name))
    if data.startswith(_BINARY_SIGNATURES):
        raise VerbatimError(Msg.BINARY_FILE.format(name=name))
    text, encoding = _decode(data.rstrip(b"\x1a"), name=name)
    return _read_csv(text, name=name, encoding=encoding, max_chars=settings.max_cell_chars)


# --- decoding ----------------------------------------------------------------------------------


def _decode(data: bytes, *, name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise VerbatimError(Msg.BINARY_FILE.format(name=name)) from error
    head = data[:_SNIFF_CHARS]
    if b"\x00" in head or sum(b in _CONTROL_BYTES for b in head) > len(head) // 100:
        raise VerbatimError(Msg.BINARY_FILE.format(name=name))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start + 3) + 1
            raise VerbatimError(Msg.BAD_ENCODING.format(name=name, row=line)) from error
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as error:
        text = _decode_cp1252(data, name=name, utf8_error=error)
        encoding = "cp1252"
    if "\x00" in text:
        raise VerbatimError(Msg.BINARY_FILE.format(name=name))
    return text, encoding


def _decode_cp1252(data: bytes, *, name: str, utf8_error: UnicodeDecodeError) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise VerbatimError(Msg.BAD_ENCODING.format(name=name, row=line)) from error
    # A UTF-8 file with a few Windows-1252 lines pasted in decodes as Windows-1252 too, but its
    # UTF-8 accents then read "Ã©": refuse it, naming the first line that is not UTF-8.
    if _UTF8_FRENCH.search(data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        raise VerbatimError(Msg.BAD_ENCODING.format(name=name, row=line))
    return text


# --- CSV ---------------------------------------------------------------------------------------


def _read_csv(text: str, *, name: str, encoding: str, max_chars: int) -> Table:
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    # The csv module refuses fields over 128 KiB by default; let the length check below speak.
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_line = 0
    try:
        for record in reader:
            start = previous_line + 1
            previous_line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                if header is not None and record:
                    rows.append([""] * len(header))
                    lines.append(start)
                continue
            _check_lengths(record, header, line=start, max_chars=max_chars)
            if header is None:
                header = _make_header(record, name=name)
                continue
            record = [c.replace("\r\n", "\n") if "\r" in c else c for c in record]
            rows.append(_fit_row(record, header, line=start))
            lines.append(start)
    except csv.Error as error:
        raise VerbatimError(
            Msg.CSV_SYNTAX.format(name=name, row=reader.line_num, detail=str(error))
        ) from error
    return _finish(name, header, rows, lines, kind=CSV, encoding=encoding, delimiter=delimiter)


def sniff_delimiter(text: str) -> str:
    """Guess the delimiter among comma, semicolon and tab.

    ``csv.Sniffer`` (restricted to those three) proposes one; it is kept when it splits the header
    into several columns and most of the first records into as many cells. Otherwise the delimiter
    that splits the header into the most columns, consistently, wins (semicolon on a tie, as French
    Excel writes it).

    Args:
        text: The decoded file (only its beginning is read).

    Returns:
        The delimiter.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    scores = {d: _consistency(sample, d) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in scores and scores[sniffed][1] > 1 and scores[sniffed][0] >= 0.9:
        return sniffed
    best = max(DELIMITERS, key=lambda d: (scores[d][1] > 1, scores[d][0], scores[d][1], d == ";"))
    return best if scores[best][1] > 1 else ","


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of the first records as wide as the header, header width) for one delimiter."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            if record:
                records.append(record)
            if len(records) > 50:
                break
    except csv.Error:
        return 0.0, 0
    if len(records) > 2 and len(records[-1]) < len(records[0]):
        records.pop()  # the sample may cut the last record short
    if not records:
        return 0.0, 0
    width = len(records[0])
    same = sum(len(r) == width for r in records)
    return same / len(records), width


def _make_header(record: list[str], *, name: str) -> list[str]:
    cells = [cell.strip().lstrip("\ufeff").strip() for cell in record]
    while cells and not cells[-1]:
        cells.pop()
    if any(_looks_like_data(cell) for cell in cells):
        raise VerbatimError(Msg.NO_HEADER.format(name=name))
    header: list[str] = []
    seen: dict[str, str] = {}
    for position, cell in enumerate(cells, start=1):
        label = " ".join(cell.split()) or f"Colonne {position}"
        key = label.casefold()
        if key in seen:
            raise VerbatimError(Msg.DUPLICATE_COLUMN.format(column=label), row=1, column=label)
        seen[key] = label
        header.append(label)
    return header


_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_DATE_LIKE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}([ T]\d{1,2}:\d{2}.*)?$")


def _looks_like_data(cell: str) -> bool:
    """A header cell never is a bare number or a date: such a first row is data, not a header."""
    return bool(_NUMBER.match(cell) or _DATE_LIKE.match(cell))


def _check_lengths(
    record: list[str] | tuple[str, ...], header: list[str] | None, *, line: int, max_chars: int
) -> None:
    for index, cell in enumerate(record):
        if len(cell) > max_chars:
            if header is None:
                column = f"Colonne {index + 1}"
            else:
                column = header[index] if index < len(header) else f"Colonne {index + 1}"
            raise VerbatimError(
                Msg.CELL_TOO_LONG.format(
                    row=line, column=column, length=len(cell), max_chars=max_chars
                ),
                row=line,
                column=column,
            )


def _fit_row(record: list[str], header: list[str], *, line: int, pad: bool = False) -> list[str]:
    width = len(header)
    if len(record) > width and not any(cell.strip() for cell in record[width:]):
        record = record[:width]  # trailing empty cells, as Excel writes them
    if len(record) < width and pad:
        record = list(record) + [""] * (width - len(record))
    if len(record) != width:
        raise VerbatimError(
            Msg.RAGGED_ROW.format(row=line, found=len(record), expected=width), row=line
        )
    return record


def _finish(
    name: str,
    header: list[str] | None,
    rows: list[list[str]],
    lines: list[int],
    *,
    kind: str,
    encoding: str | None,
    delimiter: str | None,
) -> Table:
    if header is None:
        raise VerbatimError(Msg.EMPTY_FILE.format(name=name))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # blank lines at the end of the file
        lines.pop()
    if not rows:
        raise VerbatimError(Msg.HEADER_ONLY.format(name=name), row=1)
    return Table(
        filename=name,
        header=header,
        rows=rows,
        lines=lines,
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
    )


# --- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, *, name: str, max_chars: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any failure to open it means it is no readable workbook
        raise VerbatimError(Msg.BINARY_FILE.format(name=name)) from error
    try:
        if not workbook.worksheets:
            raise VerbatimError(Msg.EMPTY_FILE.format(name=name))
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store wrong dimensions
        header: list[str] | None = None
        rows: list[list[str]] = []
        lines: list[int] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            record = [_cell_text(v) for v in values]
            while record and not record[-1].strip():
                record.pop()
            if not record:
                if header is not None:
                    rows.append([""] * len(header))
                    lines.append(line)
                continue
            _check_lengths(record, header, line=line, max_chars=max_chars)
            if header is None:
                header = _make_header(record, name=name)
                continue
            rows.append(_fit_row(record, header, line=line, pad=True))
            lines.append(line)
    finally:
        workbook.close()
    return _finish(name, header, rows, lines, kind=XLSX, encoding=None, delimiter=None)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
