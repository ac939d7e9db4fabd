"""What the committee report shows for a period, gathered once and already masked.

Every count of a breakdown (by questionnaire, site, channel, month, closed answer, theme) goes
through :mod:`verbatim.privacy.small_counts`: below the threshold it is the text "< 5", and a
masked count never leaks through a percentage or a bar. Only pseudonymised text (``Answer.text``,
via :func:`verbatim.themes.results.theme_quotes`) is read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from verbatim.db.tables import Questionnaire, Response, Site
from verbatim.errors import Msg, VerbatimError
from verbatim.intake.submit import CHANNEL_LABELS
from verbatim.privacy.settings import small_count_threshold
from verbatim.privacy.small_counts import mask_breakdown, mask_count
from verbatim.review.permissions import Permission, Principal, require
from verbatim.signals.periods import PARIS, period_label

NO_SITE = "Sans site"
MAX_THEMES = 12
QUOTES_PER_THEME = 2
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    """A report period: a year, a quarter or a month, in Paris time.

    Attributes:
        key: "2026", "2026-Q3" or "2026-10".
        label: French label ("3e trimestre 2026").
        start: First instant (UTC).
        end: First instant after the period (UTC, excluded).
        months: The months it covers ("2026-07", …).
    """

    key: str
    label: str
    start: datetime
    end: datetime
    months: tuple[str, ...]

    def contains(self, other_key: str) -> bool:
        """True when another period key (month or quarter) lies within this one."""
        try:
            other = parse_period(other_key)
        except VerbatimError:
            return False
        return self.start <= other.start and other.end <= self.end


def _local(year: int, month: int) -> datetime:
    if month > 12:
        year, month = year + 1, month - 12
    return datetime(year, month, 1, tzinfo=PARIS).astimezone(UTC)


def parse_period(text: str) -> Period:
    """Read "2026", "2026-Q3" or "2026-10".

    Raises:
        VerbatimError: Anything else (French message).
    """
    match = _PERIOD.match((text or "").strip().upper())
    if not match:
        raise VerbatimError(Msg.REPORT_BAD_PERIOD.format(period=text))
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        first, count, label = 1, 12, f"année {year}"
    elif part.startswith("Q"):
        first, count, label = (int(part[1]) - 1) * 3 + 1, 3, period_label(f"{year}-{part}")
    else:
        first, count, label = int(part), 1, period_label(f"{year}-{part}")
    key = f"{year}" if part is None else f"{year}-{part}"
    months = tuple(f"{year}-{m:02d}" for m in range(first, first + count))
    return Period(key, label, _local(year, first), _local(year, first + count), months)


@dataclass
class Bars:
    """One bar chart: a bar per label; ``values`` None where the count is masked."""

    title: str
    labels: list[str]
    values: list[float | None]
    texts: list[str]
    unit: str = "%"


@dataclass
class TableRow:
    label: str
    shown: str  # count as shown ("< 5" or the number)
    percent: str = ""  # "" when masked


@dataclass
class Breakdown:
    title: str
    rows: list[TableRow]
    total: str
    bars: Bars


@dataclass
class ThemeBlock:
    label: str
    shown: str
    negative: str
    keywords: str
    quotes: list[str]


@dataclass
class ReportData:
    """Everything the report templates need (plain, already masked values)."""

    period: Period
    generated_at: datetime
    threshold: int
    total: str
    participation: list[Breakdown] = field(default_factory=list)
    closed: list[tuple[str, list[Breakdown]]] = field(default_factory=list)
    themes: list[ThemeBlock] = field(default_factory=list)
    theme_bars: Bars | None = None
    run_date: datetime | None = None
    signals: list[dict[str, str]] = field(default_factory=list)
    decisions: list[dict[str, str]] = field(default_factory=list)
    # answers the analysis set aside as not French, per language (French name), masked
    other_languages: list[TableRow] = field(default_factory=list)
    other_languages_total: str = "0"


def masked_breakdown(title: str, counts: dict[str, int], *, bar_title: str = "") -> Breakdown:
    """A table and a chart of ``counts`` where small counts (and their complement) are masked."""
    total = sum(counts.values())
    shown = mask_breakdown(counts, with_total=True)
    rows, values = [], []
    for label, n in counts.items():
        masked = shown[label] != str(n)
        percent = "" if masked or not total else f"{round(100 * n / total)} %"
        rows.append(TableRow(label, shown[label], percent))
        values.append(None if masked or not total else round(100 * n / total, 1))
    texts = [f"{r.percent} ({r.shown})" if r.percent else r.shown for r in rows]
    bars = Bars(bar_title or title, list(counts), values, texts)
    return Breakdown(title, rows, mask_count(total), bars)


def build_report_data(session: Session, *, actor: Principal, period: str) -> ReportData:
    """Gather the report of ``period`` ("2026", "2026-Q3", "2026-10").

    Raises:
        VerbatimError: Bad period.
        PermissionDenied: ``actor`` may not export.
    """
    require(actor, Permission.EXPORT_DATA)
    chosen = parse_period(period)
    data = ReportData(
        period=chosen,
        generated_at=datetime.now(UTC),
        threshold=small_count_threshold(),
        total="0",
    )
    _participation(session, data)
    _closed(session, actor, data)
    _themes(session, data)
    _signals(session, data)
    _decisions(session, data)
    return data


def _participation(session: Session, data: ReportData) -> None:
    period = data.period
    stmt = (
        select(Response.submitted_at, Response.channel, Site.name, Questionnaire.title)
        .join(Questionnaire, col(Questionnaire.id) == col(Response.questionnaire_id))
        .outerjoin(Site, col(Site.id) == col(Response.site_id))
        .where(Response.submitted_at >= period.start, Response.submitted_at < period.end)
    )
    rows = session.exec(stmt).all()
    data.total = mask_count(len(rows))
    if not rows:
        return
    by_month = Counter({m: 0 for m in period.months})
    for submitted_at, *_ in rows:
        moment = submitted_at if submitted_at.tzinfo else submitted_at.replace(tzinfo=UTC)
        local = moment.astimezone(PARIS)
        by_month[f"{local.year}-{local.month:02d}"] += 1
    month_counts = {period_label(m): by_month[m] for m in period.months}
    by_questionnaire = Counter(r[3] for r in rows)
    by_site = Counter(r[2] or NO_SITE for r in rows)
    by_channel = Counter(CHANNEL_LABELS.get(r[1], r[1]) for r in rows)
    data.participation = [
        masked_breakdown("Réponses par questionnaire", dict(sorted(by_questionnaire.items()))),
        masked_breakdown("Réponses par site", dict(sorted(by_site.items()))),
        masked_breakdown("Réponses par canal", dict(sorted(by_channel.items()))),
    ]
    if len(period.months) > 1:
        data.participation.append(masked_breakdown("Réponses par mois", month_counts))


def _closed(session: Session, actor: Principal, data: ReportData) -> None:
    from verbatim.survey.responses import ResponseFilter, closed_question_summary

    period = data.period
    ids = session.exec(
        select(Response.questionnaire_id)
        .where(Response.submitted_at >= period.start, Response.submitted_at < period.end)
        .distinct()
    ).all()
    questionnaires = sorted(
        (q for q in (session.get(Questionnaire, i) for i in ids) if q is not None),
        key=lambda q: q.title,
    )
    filters = ResponseFilter(since=period.start, until=period.end)
    for questionnaire in questionnaires:
        blocks = []
        for summary in closed_question_summary(
            session, actor=actor, questionnaire_id=questionnaire.id, filters=filters
        ):
            if not summary.answered:
                continue
            counts: dict[str, int] = {}
            for option in summary.options:
                counts[option.label] = counts.get(option.label, 0) + option.count
            block = masked_breakdown(summary.text, counts)
            block.total = mask_count(summary.answered)
            if summary.kind == "multiple_choice":  # shares of respondents, not of answers
                block = _shares_of(block, counts, summary.answered)
            blocks.append(block)
        if blocks:
            data.closed.append((questionnaire.title, blocks))


def _shares_of(block: Breakdown, counts: dict[str, int], answered: int) -> Breakdown:
    """Multiple choice: each option's share of the people who answered (total hidden cells stay)."""
    for i, (row, n) in enumerate(zip(block.rows, counts.values(), strict=True)):
        if row.percent:
            row.percent = f"{round(100 * n / answered)} %"
            block.bars.values[i] = round(100 * n / answered, 1)
            block.bars.texts[i] = f"{row.percent} ({row.shown})"
    return block


def _themes(session: Session, data: ReportData) -> None:
    from verbatim.themes.results import run_or_latest, theme_months, theme_quotes, themes_of

    run = run_or_latest(session)
    if run is None or run.id is None:
        return
    data.run_date = run.created_at
    _other_languages(session, data, run_id=run.id)
    months = theme_months(session, run_id=run.id)
    counted = []
    for theme in themes_of(session, run_id=run.id):
        n = sum(months.get(theme.id or 0, {}).get(m, 0) for m in data.period.months)
        if n:
            counted.append((n, theme))
    counted.sort(key=lambda item: (-item[0], item[1].label))
    for n, theme in counted[:MAX_THEMES]:
        data.themes.append(
            ThemeBlock(
                label=theme.label,
                shown=mask_count(n),
                negative=f"{round(100 * theme.negative_share)} %",
                keywords=", ".join((theme.keywords or [])[:6]),
                quotes=theme_quotes(session, theme=theme)[:QUOTES_PER_THEME],
            )
        )
    if data.themes:
        values = [None if b.shown.startswith("<") else float(n) for (n, _), b in
                  zip(counted, data.themes, strict=False)]  # fmt: skip
        data.theme_bars = Bars(
            "Réponses par thème sur la période",
            [b.label for b in data.themes],
            values,
            [b.shown for b in data.themes],
            unit="réponses",
        )


def _other_languages(session: Session, data: ReportData, *, run_id: int) -> None:
    """Answers of the period the run set aside as written in another language, per language."""
    from verbatim.db.tables import Answer
    from verbatim.db.tables_themes import AnswerAnalysis
    from verbatim.text.language import language_name

    period = data.period
    codes = session.exec(
        select(AnswerAnalysis.language)
        .join(Answer, col(Answer.id) == col(AnswerAnalysis.answer_id))
        .join(Response, col(Response.id) == col(Answer.response_id))
        .where(
            AnswerAnalysis.run_id == run_id,
            col(AnswerAnalysis.language).is_not(None),
            Response.submitted_at >= period.start,
            Response.submitted_at < period.end,
        )
    ).all()
    counts = Counter(language_name(code) for code in codes)
    if not counts:
        return
    ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    shown = mask_breakdown(ordered, with_total=True)
    data.other_languages = [TableRow(name, shown[name]) for name in ordered]
    data.other_languages_total = mask_count(sum(ordered.values()))


def _signals(session: Session, data: ReportData) -> None:
    from verbatim.signals.periods import period_label as label_of
    from verbatim.signals.service import latest_run, ranked_signals

    if latest_run(session) is None:
        return
    for item in ranked_signals(session):
        signal = item.signal
        if not data.period.contains(signal.period):
            continue
        data.signals.append(
            {
                "kind": signal.kind_label,
                "subject": signal.subject,
                "period": label_of(signal.period),
                "reason": signal.reason,
                "status": item.status_label,
                "answers": mask_count(len(signal.answer_ids)),
            }
        )


def _decisions(session: Session, data: ReportData) -> None:
    from verbatim.output.export_decisions import decision_rows

    for row in decision_rows(session):
        theme, decision, owner, due_on, note, public = row[:6]
        if not decision:
            continue
        data.decisions.append(
            {
                "theme": theme,
                "decision": decision,
                "owner": owner or "",
                "due": due_on.strftime("%d/%m/%Y") if due_on else "",
                "note": note or "",
                "public": public,
                "patients": _priority(row[-4]),
                "professionals": _priority(row[-3]),
            }
        )


def _priority(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",") + " / 3"
