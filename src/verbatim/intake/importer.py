"""Import a CSV/XLSX export into a questionnaire, all or nothing.

:func:`preview_import` reads the file and says what would happen (no write). :func:`run_import`
checks every row first, with :func:`verbatim.intake.submit.build_response`, and only then writes the
responses in bulk, with their import batch and an audit event. Any bad row raises a French
:class:`~verbatim.errors.VerbatimError` naming the file's line and column; the caller's transaction
then rolls back, so the database is unchanged.

Both take a keyword ``actor`` and refuse, before reading the file, unless it may ``import_data``;
the import is audited under that principal (its name, role and kind).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from sqlmodel import Session

from verbatim.db.tables import (
    ImportBatch,
    Question,
    QuestionCreate,
    Questionnaire,
    QuestionnaireCreate,
    QuestionnaireVersion,
)
from verbatim.errors import Msg, VerbatimError
from verbatim.intake import mapping as mp
from verbatim.intake.files import Table, read_table
from verbatim.intake.inference import infer
from verbatim.intake.rows import RowChecker
from verbatim.intake.submit import PendingResponse, store_all
from verbatim.review.audit import record
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey import questionnaires as svc

Progress = Callable[[int, int], None]
PREVIEW_ROWS = 5


@dataclass
class ImportPreview:
    """What an import would do, shown before the coordinator confirms.

    Attributes:
        filename: The file's name.
        kind: "csv" or "xlsx".
        encoding: Encoding found ("utf-8", "utf-8-sig", "cp1252", "utf-16"; None for XLSX).
        delimiter: Delimiter found (None for XLSX).
        encoding_label: The encoding as a person reads it.
        delimiter_label: The delimiter as a person reads it.
        header: The file's columns.
        row_count: Data rows in the file (blank lines included).
        questionnaire_slug: The questionnaire imported into, or the slug a new one would get.
        creates_questionnaire: True when the import makes a new questionnaire from the header.
        columns: What each column becomes (question, special role, ignored, unknown).
        new_questions: The questions a new questionnaire would have.
        sample_rows: The first rows, as ``{column: value}``.
        new_sites: Site names in the site column that do not exist yet (they will be created).
        empty_rows: Rows with no answer at all (skipped).
        undated_rows: Rows with an empty date, such as LimeSurvey's unfinished responses (skipped).
        responses: Responses the import would store.
        problem: The first error checking the rows found, in French, or None when all is well.
    """

    filename: str
    kind: str
    encoding: str | None
    delimiter: str | None
    encoding_label: str
    delimiter_label: str
    header: list[str]
    row_count: int
    questionnaire_slug: str | None
    creates_questionnaire: bool
    columns: list[mp.ColumnMatch]
    new_questions: list[QuestionCreate]
    sample_rows: list[dict[str, str]]
    new_sites: list[str] = field(default_factory=list)
    empty_rows: int = 0
    undated_rows: int = 0
    responses: int = 0
    problem: str | None = None

    @property
    def mapping(self) -> dict[str, str]:
        """``{column: target}`` as :func:`run_import` accepts it (edit it, then pass it back)."""
        return {m.column: m.target for m in self.columns if m.target}

    @property
    def unknown_columns(self) -> list[str]:
        """Columns that match no question (the import refuses them unless set to "ignore")."""
        return [m.column for m in self.columns if m.role == mp.UNKNOWN]


@dataclass
class ImportResult:
    """What an import stored."""

    questionnaire_slug: str
    responses: int
    new_sites: list[str]
    created_questionnaire: bool
    batch_id: int
    empty_rows: int = 0
    undated_rows: int = 0


@dataclass
class _Plan:
    table: Table
    questionnaire: Questionnaire | None
    version: QuestionnaireVersion
    questions: list[Question]
    new_specs: list[QuestionCreate]
    matches: list[mp.ColumnMatch]
    special: dict[str, str]
    slug: str


@requires(Permission.IMPORT_DATA)
def preview_import(
    session: Session,
    *,
    actor: Principal,
    data: bytes,
    filename: str,
    questionnaire_slug: str | None = None,
    mapping: Mapping[str, str] | None = None,
    date_column: str | None = None,
    site_column: str | None = None,
    id_column: str | None = None,
    context_column: str | None = None,
    language_column: str | None = None,
) -> ImportPreview:
    """Read a file and say what importing it would do, without writing anything.

    Every row is checked, so that :attr:`ImportPreview.problem` shows the first error before the
    coordinator confirms. Arguments are those of :func:`run_import`.

    Returns:
        The preview.

    Raises:
        PermissionDenied: ``actor`` may not import data.
        VerbatimError: The file cannot be read at all (empty, binary, bad encoding, header only…),
            or the questionnaire or a named column does not exist.
    """
    table = read_table(data, filename=filename)
    plan = _plan(
        session,
        table=table,
        questionnaire_slug=questionnaire_slug,
        mapping=mapping,
        given={
            mp.DATE: date_column,
            mp.SITE: site_column,
            mp.EXTERNAL_ID: id_column,
            mp.CONTEXT: context_column,
            mp.LANGUAGE: language_column,
        },
    )
    preview = ImportPreview(
        filename=table.filename,
        kind=table.kind,
        encoding=table.encoding,
        delimiter=table.delimiter,
        encoding_label=table.encoding_label,
        delimiter_label=table.delimiter_label,
        header=list(table.header),
        row_count=len(table.rows),
        questionnaire_slug=plan.slug,
        creates_questionnaire=plan.questionnaire is None,
        columns=plan.matches,
        new_questions=plan.new_specs,
        sample_rows=table.records(PREVIEW_ROWS),
    )
    checker = RowChecker(session, table=table, plan_matches=plan.matches, special=plan.special)
    preview.new_sites = checker.new_site_names()
    try:
        if plan.questionnaire is not None:
            mp.check_matches(plan.matches, plan.questions, questionnaire=plan.slug)
        checked = checker.check(
            version=plan.version, questions=plan.questions, questionnaire=plan.questionnaire
        )
    except VerbatimError as error:
        preview.problem = str(error)
    else:
        preview.new_sites = checker.new_site_names(checked.site_names)
        preview.responses = len(checked.pendings)
        preview.empty_rows = checked.empty_rows
        preview.undated_rows = checked.undated_rows
        if not checked.pendings:
            preview.problem = Msg.NO_ANSWERS.format(name=table.filename)
    return preview


@requires(Permission.IMPORT_DATA)
def run_import(
    session: Session,
    *,
    actor: Principal,
    data: bytes,
    filename: str,
    questionnaire_slug: str | None = None,
    mapping: Mapping[str, str] | None = None,
    date_column: str | None = None,
    site_column: str | None = None,
    id_column: str | None = None,
    context_column: str | None = None,
    language_column: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every row of a file as responses, or none.

    Without a questionnaire, one is made from the header (slug and title from the file name,
    questions typed from the values, published) in the same transaction.

    Args:
        session: Open session inside a write transaction (the caller commits or rolls back).
        actor: Who imports (needs ``import_data``); recorded in the audit log.
        data: The file's bytes.
        filename: The file's name.
        questionnaire_slug: Questionnaire to import into; a new one when omitted.
        mapping: ``{column: target}`` overriding the automatic matching: a link id,
            ``link_id[option]`` (multiple-choice sub-column), ``@date``, ``@site``, ``@id``,
            ``@context``, ``@language`` or ``ignore``.
        date_column: Column holding when each response was given.
        site_column: Column holding the site's name (unknown sites are created).
        id_column: Column holding the source system's response id (refused if already imported).
        context_column: Column holding the care-path context.
        language_column: Column holding the language each response was given in (LimeSurvey's
            ``startlanguage``, found by itself): "fr", "en-GB"… are stored as "fr", "en"….
        progress: Called with (rows checked, total rows) while rows are checked.

    Returns:
        What was stored.

    Raises:
        PermissionDenied: ``actor`` may not import data; nothing is read or written.
        VerbatimError: Any problem with the file or any row, naming the line and the column.
            Nothing has been written to the session when it is raised.
    """
    table = read_table(data, filename=filename)
    plan = _plan(
        session,
        table=table,
        questionnaire_slug=questionnaire_slug,
        mapping=mapping,
        given={
            mp.DATE: date_column,
            mp.SITE: site_column,
            mp.EXTERNAL_ID: id_column,
            mp.CONTEXT: context_column,
            mp.LANGUAGE: language_column,
        },
    )
    if plan.questionnaire is not None:
        mp.check_matches(plan.matches, plan.questions, questionnaire=plan.slug)
    checker = RowChecker(session, table=table, plan_matches=plan.matches, special=plan.special)
    checked = checker.check(
        version=plan.version,
        questions=plan.questions,
        questionnaire=plan.questionnaire,
        progress=progress,
    )
    if not checked.pendings:
        raise VerbatimError(Msg.NO_ANSWERS.format(name=table.filename))

    # Every row is valid: write.
    questionnaire = plan.questionnaire
    if questionnaire is None:
        questionnaire = _create_questionnaire(session, plan=plan, pendings=checked.pendings)
    site_ids = checker.create_sites(checked.site_names)
    batch = ImportBatch(
        filename=table.filename[:500],
        questionnaire_id=questionnaire.id,
        rows=len(checked.pendings),
        actor=actor.label[:200],
    )
    session.add(batch)
    session.flush()
    for pending, site_name in zip(checked.pendings, checked.site_names, strict=True):
        pending.response.import_batch_id = batch.id
        if site_name is not None:
            pending.response.site_id = site_ids[site_name.casefold()]
    store_all(session, checked.pendings)
    new_sites = checker.new_site_names(checked.site_names)
    record(
        session,
        actor=actor,
        action="import",
        object_type="questionnaire",
        object_id=questionnaire.id,
        detail={
            "filename": table.filename,
            "batch_id": batch.id,
            "responses": len(checked.pendings),
            "empty_rows": checked.empty_rows,
            "undated_rows": checked.undated_rows,
            "new_sites": new_sites,
            "created_questionnaire": plan.questionnaire is None,
        },
    )
    return ImportResult(
        questionnaire_slug=questionnaire.slug,
        responses=len(checked.pendings),
        new_sites=new_sites,
        created_questionnaire=plan.questionnaire is None,
        batch_id=int(batch.id or 0),
        empty_rows=checked.empty_rows,
        undated_rows=checked.undated_rows,
    )


def _plan(
    session: Session,
    *,
    table: Table,
    questionnaire_slug: str | None,
    mapping: Mapping[str, str] | None,
    given: dict[str, str | None],
) -> _Plan:
    mapping = dict(mapping or {})
    for column, target in mapping.items():
        role = mp.TARGET_ROLES.get(target.strip())
        if role is not None and not given.get(role):
            given[role] = column
    exclude = {c for c, t in mapping.items() if t.strip() not in mp.TARGET_ROLES}
    special = mp.detect_special(
        table.header,
        date_column=given[mp.DATE],
        site_column=given[mp.SITE],
        id_column=given[mp.EXTERNAL_ID],
        context_column=given[mp.CONTEXT],
        language_column=given.get(mp.LANGUAGE),
        exclude=exclude,
    )
    question_mapping = {c: t for c, t in mapping.items() if c not in special.values()}
    if questionnaire_slug:
        questionnaire = svc.get_questionnaire(session, slug=questionnaire_slug)
        version = svc.current_version(session, questionnaire_id=questionnaire.id)
        questions = svc.questions_of(session, version_id=version.id)
        matches = mp.match_columns(
            table.header,
            questions,
            special=special,
            mapping=question_mapping,
            questionnaire=questionnaire.slug,
        )
        return _Plan(
            table, questionnaire, version, questions, [], matches, special, questionnaire.slug
        )
    ignored = {c for c, t in question_mapping.items() if t.strip() in ("", mp.IGNORE)}
    specs, inferred = infer(table, skip=set(special.values()) | ignored)
    if not specs:
        raise VerbatimError(Msg.NO_QUESTION_COLUMNS.format(name=table.filename))
    svc.validate_questions(specs)
    by_column = {m.column: m for m in inferred}
    roles = {column: role for role, column in special.items()}
    matches = [
        by_column.get(c)
        or mp.ColumnMatch(
            c, roles.get(c, mp.IGNORE), how="colonne spéciale" if c in roles else "choisi"
        )
        for c in table.header
    ]
    # Transient rows with negative ids: answers are checked against them, then re-pointed at the
    # real questions once every row is known to be valid.
    version = QuestionnaireVersion(id=-1, questionnaire_id=-1, number=1, status="published")
    questions = [
        Question.model_validate(spec, update={"id": -(i + 1), "version_id": -1, "position": i})
        for i, spec in enumerate(specs)
    ]
    slug = svc.unique_slug(session, base=svc.slugify(PurePath(table.filename).stem))
    return _Plan(table, None, version, questions, specs, matches, special, slug)


def _create_questionnaire(
    session: Session, *, plan: _Plan, pendings: list[PendingResponse]
) -> Questionnaire:
    stem = PurePath(plan.table.filename).stem
    title = " ".join(stem.replace("_", " ").replace("-", " ").split()) or plan.slug
    questionnaire = svc.store_questionnaire(
        session,
        data=QuestionnaireCreate(
            slug=plan.slug,
            title=(title[:1].upper() + title[1:])[:300],
            description=f"Importé depuis le fichier « {plan.table.filename} »."[:4000],
        ),
        questions=plan.new_specs,
        publish=True,
    )
    version = svc.published_version(session, questionnaire_id=questionnaire.id)
    assert version is not None
    real = {q.link_id: q.id for q in svc.questions_of(session, version_id=version.id)}
    fake = {q.id: real[q.link_id] for q in plan.questions}
    for pending in pendings:
        pending.response.questionnaire_id = questionnaire.id
        pending.response.version_id = version.id
        for answer in pending.answers:
            answer.question_id = fake[answer.question_id]
    return questionnaire
