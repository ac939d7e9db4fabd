"""CSV exports for French Excel: the responses as a table, and the verbatims one per row.

:func:`export_all` writes, into one folder:

* ``responses.csv`` — one row per response (with the language it was given in), one column per
  question, answers as people read them (labels, not codes). Questions of every version of a
  questionnaire are merged by their link id, headed by their newest wording. When several
  questionnaires are exported (no ``--questionnaire`` and more than one questionnaire has
  responses), their questions differ, so each gets its own ``responses_<slug>.csv`` and no
  ``responses.csv`` is written.
* ``verbatims.csv`` — one row per free-text answer of every exported questionnaire, with its
  questionnaire, question, site and date. Only the pseudonymised text (``Answer.text``) leaves the
  database, never ``raw_text``.

Rows are sorted by submission date, then id, so two exports of the same data are identical.

Extending it (Datasette-style hooks; the defaults above use the same hooks):

* a new file: ``@file_writers.register("themes")`` on a ``(ctx: ExportContext) -> list[Path]``
  function, which usually calls ``ctx.write("themes.csv", header=..., rows=...)``;
* new columns in ``verbatims.csv``: ``@verbatim_columns.register("themes")`` on a
  ``(session, rows: Sequence[VerbatimRow]) -> dict[header, list[value]]`` function returning one
  value per row (batch your queries on ``row.answer_id``). They sit between the base columns
  (order 0) and the text (order 1000, always last), by ``order`` (default 50).

Hooks return plain Python values (int, float, datetime, str): the writer formats numbers and dates
for the chosen separator and neutralises formula-like text.

Put such hooks in a module named ``verbatim/output/export_<feature>.py`` (imported automatically
on the first export) or expose it as a ``verbatim.export`` entry point from another package.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from verbatim.db.tables import Answer, Question, Questionnaire, QuestionnaireVersion, Response, Site
from verbatim.errors import Msg, VerbatimError
from verbatim.intake.submit import CHANNEL_LABELS
from verbatim.output.csv_safe import SEPARATORS, write_csv
from verbatim.output.registry import Registry
from verbatim.review.permissions import Permission, Principal, require
from verbatim.survey import kinds
from verbatim.survey.questionnaires import get_questionnaire

ENTRY_POINT_GROUP = "verbatim.export"


@dataclass(frozen=True)
class VerbatimRow:
    """One free-text answer as exported (and as column hooks receive it)."""

    answer_id: int
    response_id: int
    external_id: str | None
    questionnaire_slug: str
    questionnaire_title: str
    link_id: str
    question: str
    polarity: str | None
    site: str | None
    submitted_at: datetime
    channel: str
    context: str | None
    text: str


@dataclass
class ExportContext:
    """What every file writer receives."""

    session: Session
    out_dir: Path
    sep: str
    questionnaires: list[Questionnaire] = field(default_factory=list)
    actor: Principal | None = None  # who exports (already checked: may export)
    written: list[Path] = field(default_factory=list)  # files written so far, in order

    def write(self, name: str, *, header: Sequence[str], rows: Any) -> Path:
        """Write ``out_dir/name`` as a French-Excel CSV (see :func:`write_csv`)."""
        return write_csv(self.out_dir / name, header=header, rows=rows, sep=self.sep)

    @cached_property
    def verbatim_rows(self) -> list[VerbatimRow]:
        """Every free-text answer of the exported questionnaires, by date then id."""
        return load_verbatim_rows(
            self.session, questionnaire_ids=[q.id for q in self.questionnaires]
        )


FileWriter = Callable[[ExportContext], list[Path]]
ColumnProvider = Callable[[Session, Sequence[VerbatimRow]], Mapping[str, Sequence[Any]]]

file_writers: Registry[FileWriter] = Registry("file")
verbatim_columns: Registry[ColumnProvider] = Registry("verbatim column")

_plugins_loaded = False


def load_plugins() -> None:
    """Import ``verbatim.output.export_*`` modules and ``verbatim.export`` entry points, once."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    package = importlib.import_module("verbatim.output")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("export_"):
            importlib.import_module(f"verbatim.output.{info.name}")
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        entry.load()


def export_all(
    session: Session,
    *,
    actor: Principal,
    out_dir: Path,
    sep: str = ";",
    questionnaire_slug: str | None = None,
) -> list[Path]:
    """Write every export file into ``out_dir`` (created if needed).

    Args:
        session: Open session (read only).
        actor: Who exports (needs the export permission).
        out_dir: Destination folder; existing files of the same names are replaced.
        sep: ``;`` for French Excel (default) or ``,``.
        questionnaire_slug: Export only this questionnaire; otherwise every questionnaire that has
            responses.

    Returns:
        The files written, in writing order.

    Raises:
        VerbatimError: Unknown questionnaire or separator, ``out_dir`` is a file, or a file cannot
            be written.
    """
    require(actor, Permission.EXPORT_DATA)
    if sep not in SEPARATORS:
        raise VerbatimError(Msg.EXPORT_BAD_SEPARATOR.format(sep=sep))
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise VerbatimError(Msg.EXPORT_NOT_A_FOLDER.format(path=out_dir))
    if questionnaire_slug:
        selected = [get_questionnaire(session, slug=questionnaire_slug)]
    else:
        with_responses = select(Response.questionnaire_id).distinct()
        stmt = (
            select(Questionnaire)
            .where(Questionnaire.id.in_(with_responses))  # type: ignore[union-attr]
            .order_by(Questionnaire.slug)
        )
        selected = list(session.exec(stmt))
    load_plugins()
    ctx = ExportContext(
        session=session, out_dir=out_dir, sep=sep, questionnaires=selected, actor=actor
    )
    for writer in file_writers:
        ctx.written.extend(writer(ctx))
    return list(ctx.written)


def export_archive(
    session: Session, *, actor: Principal, sep: str = ";", questionnaire_slug: str | None = None
) -> bytes:
    """The same files as :func:`export_all`, in one ZIP archive (for a page's download button).

    Returns:
        The archive's bytes; each CSV is at its root, under its usual name.
    """
    import tempfile
    import zipfile
    from io import BytesIO

    buffer = BytesIO()
    with tempfile.TemporaryDirectory(prefix="verbatim-export-") as tmp:
        paths = export_all(
            session, actor=actor, out_dir=Path(tmp), sep=sep, questionnaire_slug=questionnaire_slug
        )
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


# --- responses.csv -------------------------------------------------------------------------------

RESPONSE_BASE_HEADER = [
    "response_id",
    "external_id",
    "version",
    "site",
    "date",
    "channel",
    "context",
    "language",
]


@dataclass(frozen=True)
class QuestionColumn:
    """One question column of responses.csv: a link id across versions, with its newest wording."""

    link_id: str
    header: str


def question_columns(session: Session, *, questionnaire_id: int) -> list[QuestionColumn]:
    """The question columns of a questionnaire, merged across versions by link id.

    Versions that have responses count (or the newest version when none has any). Order: the newest
    such version's questions, then questions only older versions had, in their order. Two link ids
    with the same wording get the link id appended to tell them apart.
    """
    answered = select(Response.version_id).where(Response.questionnaire_id == questionnaire_id)
    stmt = (
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
        .order_by(QuestionnaireVersion.number.desc())  # type: ignore[attr-defined]
    )
    all_versions = list(session.exec(stmt))
    answered_ids = set(session.exec(answered.distinct()))
    chosen = [v for v in all_versions if v.id in answered_ids] or all_versions[:1]
    texts: dict[str, str] = {}
    for version in chosen:  # newest first: the first wording seen wins
        questions = session.exec(
            select(Question).where(Question.version_id == version.id).order_by(Question.position)
        )
        for q in questions:
            texts.setdefault(q.link_id, q.text)
    counts: dict[str, int] = {}
    for text in texts.values():
        counts[text] = counts.get(text, 0) + 1
    return [
        QuestionColumn(link_id, text if counts[text] == 1 else f"{text} [{link_id}]")
        for link_id, text in texts.items()
    ]


def response_table(
    session: Session, *, questionnaire: Questionnaire
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of a questionnaire's responses.csv.

    Returns:
        ``(header, rows)``; rows sorted by submission date, then id.
    """
    columns = question_columns(session, questionnaire_id=questionnaire.id)
    answers: dict[int, dict[str, str]] = {}
    stmt = (
        select(Answer, Question.link_id, Question.kind, Question.options)
        .join(Question, Answer.question_id == Question.id)  # type: ignore[arg-type]
        .join(Response, Answer.response_id == Response.id)  # type: ignore[arg-type]
        .where(Response.questionnaire_id == questionnaire.id)
    )
    for answer, link_id, kind, options in session.exec(stmt):
        stored = kinds.StoredValue(choice=answer.choice, number=answer.number, text=answer.text)
        answers.setdefault(answer.response_id, {})[link_id] = kinds.display_value(
            kind, options, stored
        )
    numbers = dict(
        session.exec(
            select(QuestionnaireVersion.id, QuestionnaireVersion.number).where(
                QuestionnaireVersion.questionnaire_id == questionnaire.id
            )
        ).all()
    )
    rows_stmt = (
        select(Response, Site.name)
        .outerjoin(Site, Response.site_id == Site.id)  # type: ignore[arg-type]
        .where(Response.questionnaire_id == questionnaire.id)
        .order_by(Response.submitted_at, Response.id)
    )
    rows = []
    for response, site_name in session.exec(rows_stmt):
        given = answers.get(response.id, {})
        rows.append(
            [
                response.id,
                response.external_id,
                numbers.get(response.version_id),
                site_name,
                as_utc(response.submitted_at),
                CHANNEL_LABELS.get(response.channel, response.channel),
                response.context,
                response.language,
                *(given.get(c.link_id, "") for c in columns),
            ]
        )
    return [*RESPONSE_BASE_HEADER, *(c.header for c in columns)], rows


@file_writers.register("responses", order=0)
def write_responses(ctx: ExportContext) -> list[Path]:
    """``responses.csv``, or one ``responses_<slug>.csv`` per questionnaire if there are several."""
    if not ctx.questionnaires:
        return [ctx.write("responses.csv", header=RESPONSE_BASE_HEADER, rows=[])]
    several = len(ctx.questionnaires) > 1
    written = []
    for questionnaire in ctx.questionnaires:
        header, rows = response_table(ctx.session, questionnaire=questionnaire)
        name = f"responses_{questionnaire.slug}.csv" if several else "responses.csv"
        written.append(ctx.write(name, header=header, rows=rows))
    return written


# --- verbatims.csv -------------------------------------------------------------------------------


def load_verbatim_rows(session: Session, *, questionnaire_ids: Sequence[int]) -> list[VerbatimRow]:
    """Every non-empty free-text answer of these questionnaires, by date, response id, position.

    Only ``Answer.text`` (pseudonymised when it was stored) is read, never ``raw_text``.
    """
    if not questionnaire_ids:
        return []
    stmt = (
        select(
            Answer.id,
            Answer.response_id,
            Answer.text,
            Response.external_id,
            Response.submitted_at,
            Response.channel,
            Response.context,
            Question.link_id,
            Question.text,
            Question.polarity,
            Questionnaire.slug,
            Questionnaire.title,
            Site.name,
        )
        .join(Response, Answer.response_id == Response.id)  # type: ignore[arg-type]
        .join(Question, Answer.question_id == Question.id)  # type: ignore[arg-type]
        .join(Questionnaire, Response.questionnaire_id == Questionnaire.id)  # type: ignore[arg-type]
        .outerjoin(Site, Response.site_id == Site.id)  # type: ignore[arg-type]
        .where(Response.questionnaire_id.in_(questionnaire_ids))  # type: ignore[attr-defined]
        .where(Question.kind.in_(sorted(kinds.TEXT_KINDS)))  # type: ignore[attr-defined]
        .where(func.length(func.trim(Answer.text)) > 0)
        .order_by(Response.submitted_at, Response.id, Question.position, Answer.id)
    )
    return [
        VerbatimRow(
            answer_id=r[0],
            response_id=r[1],
            text=r[2],
            external_id=r[3],
            submitted_at=as_utc(r[4]),
            channel=r[5],
            context=r[6],
            link_id=r[7],
            question=r[8],
            polarity=r[9],
            questionnaire_slug=r[10],
            questionnaire_title=r[11],
            site=r[12],
        )
        for r in session.exec(stmt)
    ]


@verbatim_columns.register("base", order=0)
def base_columns(session: Session, rows: Sequence[VerbatimRow]) -> dict[str, list[Any]]:
    """Identifiers and context of each verbatim."""
    return {
        "answer_id": [r.answer_id for r in rows],
        "response_id": [r.response_id for r in rows],
        "external_id": [r.external_id for r in rows],
        "questionnaire": [r.questionnaire_title for r in rows],
        "question": [r.question for r in rows],
        "site": [r.site for r in rows],
        "date": [r.submitted_at for r in rows],
        "channel": [CHANNEL_LABELS.get(r.channel, r.channel) for r in rows],
        "context": [r.context for r in rows],
    }


@verbatim_columns.register("text", order=1000)
def text_column(session: Session, rows: Sequence[VerbatimRow]) -> dict[str, list[Any]]:
    """The pseudonymised text itself, last so that long texts do not hide the other columns."""
    return {"text": [r.text for r in rows]}


def verbatim_table(
    session: Session, rows: Sequence[VerbatimRow]
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of verbatims.csv, built from every registered column hook.

    Raises:
        ValueError: A hook returned a column whose length differs from the number of rows.
    """
    header: list[str] = []
    columns: list[Sequence[Any]] = []
    for provider in verbatim_columns:
        for name, values in provider(session, rows).items():
            if len(values) != len(rows):
                raise ValueError(
                    f"verbatim column {name!r}: {len(values)} values, {len(rows)} rows"
                )
            header.append(name)
            columns.append(values)
    table = [[column[i] for column in columns] for i in range(len(rows))]
    return header, table


@file_writers.register("verbatims", order=10)
def write_verbatims(ctx: ExportContext) -> list[Path]:
    """``verbatims.csv``: one row per free-text answer."""
    header, rows = verbatim_table(ctx.session, ctx.verbatim_rows)
    return [ctx.write("verbatims.csv", header=header, rows=rows)]


def as_utc(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite may hand back naive values, which are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
