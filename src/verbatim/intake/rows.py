"""Checking every row of an import before anything is written.

Each cell is read against its question (labels and codes matched ignoring accents and case, numbers
checked against their scale), then the whole response goes through
:func:`verbatim.intake.submit.build_response`. Any problem raises a French
:class:`~verbatim.errors.VerbatimError` naming the file's line and the column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from verbatim.db.tables import Question, Questionnaire, QuestionnaireVersion, Response, utcnow
from verbatim.errors import Msg, VerbatimError
from verbatim.intake import mapping as mp
from verbatim.intake.dates import parse_datetime
from verbatim.intake.files import Table
from verbatim.intake.submit import PendingResponse, build_response
from verbatim.survey import kinds
from verbatim.survey.languages import SOURCE_LANGUAGE, normalise_language
from verbatim.survey.questionnaires import get_or_create_site, list_sites

MAX_SHORT_FIELD = 200  # external id, site name, context: VARCHAR(200) columns
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:[-–:.)]\s*\S.*)?$")
_PROGRESS_EVERY = 250


class _BadValue(Exception):
    """A cell that is not a possible answer; carries the French message without row/column."""

    def __init__(self, template: str, **fields: Any):
        super().__init__(template)
        self.template = template
        self.fields = fields


class ValueReader:
    """Reads one question's cells into the values :func:`build_response` accepts."""

    def __init__(self, question: Any):
        self.kind = question.kind
        self.options = kinds.options_for(question.kind, question.options)
        self.lookup: dict[str, Any] = {}
        for opt in self.options:
            self.lookup.setdefault(mp.normalise(opt["value"]), opt["value"])
        for opt in self.options:
            self.lookup.setdefault(mp.normalise(opt["label"]), opt["value"])
        labels = [str(o["label"]) for o in self.options]
        if self.kind == kinds.LIKERT5:
            self.allowed = "1 à 5, ou " + " / ".join(labels)
        elif self.kind == kinds.SCALE10:
            self.allowed = "nombre entier de 0 à 10"
        else:
            self.allowed = ", ".join(labels)

    def read(self, cell: str) -> Any:
        """The answer for one non-empty cell.

        Raises:
            _BadValue: The cell is not a possible answer.
        """
        if self.kind in kinds.TEXT_KINDS:
            return cell
        if self.kind == kinds.YES_NO:
            value = mp.yes_no_value(cell) or self.lookup.get(mp.normalise(cell))
            return self._or_fail(value, cell)
        if self.kind in kinds.NUMBER_KINDS:
            return self._number(cell)
        if self.kind == kinds.MULTIPLE_CHOICE:
            return self._several(cell)
        return self._or_fail(self.lookup.get(mp.normalise(cell)), cell)

    def _or_fail(self, value: Any, cell: str) -> Any:
        if value is None:
            raise _BadValue(Msg.OUT_OF_SCALE, value=cell, allowed=self.allowed)
        return value

    def _number(self, cell: str) -> int:
        by_label = self.lookup.get(mp.normalise(cell))
        if by_label is not None:
            return int(by_label)
        match = _LEADING_NUMBER.match(cell)
        if match is None:
            if self.kind == kinds.SCALE10:
                raise _BadValue(Msg.NOT_A_NUMBER, value=cell)
            raise _BadValue(Msg.OUT_OF_SCALE, value=cell, allowed=self.allowed)
        number = float(match[1].replace(",", "."))
        low, high = (1, 5) if self.kind == kinds.LIKERT5 else (0, 10)
        if not number.is_integer() or not low <= number <= high:
            raise _BadValue(Msg.OUT_OF_SCALE, value=cell, allowed=self.allowed)
        return int(number)

    def _several(self, cell: str) -> list[Any]:
        whole = self.lookup.get(mp.normalise(cell))
        if whole is not None:
            return [whole]
        sep = next((s for s in (";", "|", ",") if s in cell), None)
        if sep is None:
            raise _BadValue(Msg.OUT_OF_SCALE, value=cell, allowed=self.allowed)
        parts = [p.strip() for p in cell.split(sep)]
        chosen: list[Any] = []
        start = 0
        while start < len(parts):
            if not parts[start]:
                start += 1
                continue
            # longest run of parts that names an option ("Oui, par téléphone" holds a comma)
            for end in range(len(parts), start, -1):
                value = self.lookup.get(mp.normalise(sep.join(parts[start:end])))
                if value is not None:
                    chosen.append(value)
                    start = end
                    break
            else:
                raise _BadValue(Msg.OUT_OF_SCALE, value=parts[start], allowed=self.allowed)
        return chosen


@dataclass
class Checked:
    """Every valid row, built and not yet stored."""

    pendings: list[PendingResponse] = field(default_factory=list)
    site_names: list[str | None] = field(default_factory=list)
    empty_rows: int = 0
    undated_rows: int = 0


class RowChecker:
    """Checks the rows of a table against a mapping, and manages the site column."""

    def __init__(
        self,
        session: Session,
        *,
        table: Table,
        plan_matches: Sequence[mp.ColumnMatch],
        special: dict[str, str],
    ):
        self.session = session
        self.table = table
        self.matches = list(plan_matches)
        self.index = {role: table.header.index(column) for role, column in special.items()}
        self.special = dict(special)
        self.known_sites = {s.name.casefold(): s for s in list_sites(session)}

    def _site_cells(self, names: Iterable[str | None] | None = None) -> dict[str, str]:
        """Site names (of the given rows, or of the whole file), by folded name, first spelling."""
        if names is None:
            if mp.SITE not in self.index:
                return {}
            i = self.index[mp.SITE]
            names = (" ".join(row[i].split()) for row in self.table.rows)
        found: dict[str, str] = {}
        for name in names:
            if name:
                found.setdefault(name.casefold(), name)
        return found

    def new_site_names(self, names: Iterable[str | None] | None = None) -> list[str]:
        """Site names that are not known sites yet, in order of appearance.

        Args:
            names: The site of each checked response; the whole site column when omitted.
        """
        return [n for k, n in self._site_cells(names).items() if k not in self.known_sites]

    def create_sites(self, names: Iterable[str | None]) -> dict[str, int]:
        """Create the sites not known yet; returns the id of each name, by folded name."""
        ids: dict[str, int] = {}
        for key, name in self._site_cells(names).items():
            site = self.known_sites.get(key) or get_or_create_site(self.session, name=name)
            ids[key] = int(site.id or 0)
        return ids

    def check(
        self,
        *,
        version: QuestionnaireVersion,
        questions: Sequence[Question],
        questionnaire: Questionnaire | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Checked:
        """Check every row and build its response (nothing is written).

        Raises:
            VerbatimError: The first bad cell, naming the file's line and the column.
        """
        by_link = {q.link_id: q for q in questions}
        readers = {q.link_id: ValueReader(q) for q in questions}
        cells = [
            (i, m, readers[str(m.link_id)])
            for i, m in enumerate(self.matches)
            if m.role == mp.QUESTION and m.link_id in by_link
        ]
        column_of: dict[str, str] = {}
        for _, m, _ in cells:
            column_of.setdefault(str(m.link_id), m.column)
        already = self._imported_ids(questionnaire)
        seen_ids: dict[str, int] = {}
        result = Checked()
        total = len(self.table.rows)
        for done, (row, line) in enumerate(zip(self.table.rows, self.table.lines, strict=True)):
            if progress is not None and done % _PROGRESS_EVERY == 0:
                progress(done, total)
            answers: dict[str, Any] = {}
            for i, match, reader in cells:
                cell = row[i].strip()
                if match.option is not None:
                    if mp.is_ticked(cell):
                        answers.setdefault(str(match.link_id), []).append(match.option)
                    continue
                if not cell:
                    continue
                try:
                    answers[str(match.link_id)] = reader.read(cell)
                except _BadValue as bad:
                    raise _row_error(bad, line=line, column=match.column) from None
            if not answers:
                result.empty_rows += 1
                continue
            submitted_at = self._date(row, line)
            if submitted_at is None:
                result.undated_rows += 1
                continue
            external_id = self._short(row, line, mp.EXTERNAL_ID)
            if external_id:
                first = seen_ids.setdefault(external_id, line)
                if first != line or external_id in already:
                    column = self.special[mp.EXTERNAL_ID]
                    message = (
                        Msg.DUPLICATE_EXTERNAL_ID_IN_FILE.format(
                            row=line, column=column, value=external_id, first=first
                        )
                        if first != line
                        else Msg.DUPLICATE_EXTERNAL_ID.format(
                            row=line, column=column, value=external_id
                        )
                    )
                    raise VerbatimError(message, row=line, column=column)
            site = self._short(row, line, mp.SITE)
            try:
                pending = build_response(
                    version=version,
                    questions=questions,
                    answers=answers,
                    channel="import",
                    context=self._short(row, line, mp.CONTEXT),
                    language=self._language(row, line),
                    external_id=external_id,
                    submitted_at=submitted_at,
                )
            except VerbatimError as error:
                link = error.column or ""
                raise _wrap(
                    error, line=line, column=column_of.get(link), question=by_link.get(link)
                ) from None
            result.pendings.append(pending)
            result.site_names.append(" ".join(site.split()) if site else None)
        if progress is not None:
            progress(total, total)
        return result

    def _date(self, row: list[str], line: int) -> datetime | None:
        """The row's date; None when the cell is empty (LimeSurvey's unfinished responses)."""
        if mp.DATE not in self.index:
            return utcnow()
        cell = row[self.index[mp.DATE]].strip()
        if not cell:
            return None
        try:
            return parse_datetime(cell)
        except ValueError:
            column = self.special[mp.DATE]
            raise VerbatimError(
                Msg.BAD_DATE.format(row=line, column=column, value=cell), row=line, column=column
            ) from None

    def _language(self, row: list[str], line: int) -> str:
        """The row's language code ("en-GB" → "en"); French when there is no language column."""
        cell = self._short(row, line, mp.LANGUAGE)
        if not cell:
            return SOURCE_LANGUAGE
        code = normalise_language(cell)
        if code is None:
            column = self.special[mp.LANGUAGE]
            raise VerbatimError(
                Msg.ROW_ERROR.format(
                    row=line, column=column, message=Msg.UNKNOWN_LANGUAGE_VALUE.format(value=cell)
                ),
                row=line,
                column=column,
            )
        return code

    def _short(self, row: list[str], line: int, role: str) -> str | None:
        if role not in self.index:
            return None
        cell = row[self.index[role]].strip()
        if len(cell) > MAX_SHORT_FIELD:
            column = self.special[role]
            raise VerbatimError(
                Msg.CELL_TOO_LONG.format(
                    row=line, column=column, length=len(cell), max_chars=MAX_SHORT_FIELD
                ),
                row=line,
                column=column,
            )
        return cell or None

    def _imported_ids(self, questionnaire: Questionnaire | None) -> set[str]:
        if questionnaire is None or mp.EXTERNAL_ID not in self.index:
            return set()
        i = self.index[mp.EXTERNAL_ID]
        candidates = sorted({row[i].strip() for row in self.table.rows if row[i].strip()})
        found: set[str] = set()
        for start in range(0, len(candidates), 500):
            stmt = select(Response.external_id).where(
                Response.questionnaire_id == questionnaire.id,
                Response.external_id.in_(candidates[start : start + 500]),  # type: ignore[union-attr]
            )
            found.update(str(x) for x in self.session.exec(stmt))
        return found


def _row_error(bad: _BadValue, *, line: int, column: str) -> VerbatimError:
    return VerbatimError(
        bad.template.format(row=line, column=column, **bad.fields), row=line, column=column
    )


def _wrap(error: VerbatimError, *, line: int, column: str | None, question: Any) -> VerbatimError:
    """Add the file's line and the column to an error from :func:`build_response`."""
    message = str(error)
    name = column or (question.text if question is not None else None)
    if question is not None and message == Msg.REQUIRED_ANSWER.format(question=question.text):
        return VerbatimError(
            Msg.MISSING_REQUIRED.format(row=line, column=name), row=line, column=name
        )
    if name:
        return VerbatimError(
            Msg.ROW_ERROR.format(row=line, column=name, message=message), row=line, column=name
        )
    return VerbatimError(Msg.ROW_ERROR_NO_COLUMN.format(row=line, message=message), row=line)
