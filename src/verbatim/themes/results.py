"""Read API over stored analysis runs, for pages, charts and exports (never writes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from verbatim.db.tables import Answer, Question, Response
from verbatim.db.tables_themes import AnalysisRun, AnswerAnalysis, AnswerIdea, Theme
from verbatim.themes.runs import latest_run, themes_of

TREND_LABELS = {"up": "en hausse", "down": "en baisse", "stable": "stable", "new": "récent"}


@dataclass
class AnswerThemes:
    """The themes of one answer in one run."""

    informative: bool
    tone: str
    theme_id: int | None = None
    theme_label: str = ""
    themes: list[str] = field(default_factory=list)  # labels, primary first
    language: str | None = None  # set aside in this language (None: French)


def run_or_latest(session: Session, run_id: int | None = None) -> AnalysisRun | None:
    """The given run, or the latest successful one."""
    return session.get(AnalysisRun, run_id) if run_id else latest_run(session)


def answer_themes(
    session: Session, *, run_id: int, answer_ids: Sequence[int]
) -> dict[int, AnswerThemes]:
    """Informative flag, tone, primary theme and every theme of each answer in a run.

    Args:
        session: Open session.
        run_id: The run.
        answer_ids: Answers wanted (those outside the run are absent from the result).

    Returns:
        {answer_id: AnswerThemes}.
    """
    labels = {t.id: t.label for t in themes_of(session, run_id=run_id)}
    wanted = sorted(set(answer_ids))
    out: dict[int, AnswerThemes] = {}
    ideas: dict[int, list[tuple[bool, int, int]]] = defaultdict(list)
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for row in session.exec(
            select(AnswerAnalysis).where(
                AnswerAnalysis.run_id == run_id, col(AnswerAnalysis.answer_id).in_(chunk)
            )
        ):
            out[row.answer_id] = AnswerThemes(
                informative=row.informative,
                tone=row.tone,
                theme_id=row.theme_id,
                theme_label=labels.get(row.theme_id, "") if row.theme_id else "",
                language=row.language,
            )
        for idea in session.exec(
            select(AnswerIdea).where(
                AnswerIdea.run_id == run_id,
                col(AnswerIdea.answer_id).in_(chunk),
                col(AnswerIdea.theme_id).is_not(None),
            )
        ):
            ideas[idea.answer_id].append((not idea.is_primary, idea.position, idea.theme_id or 0))
    for answer_id, items in ideas.items():
        if answer_id not in out:
            continue
        seen: list[str] = []
        for _, _, theme_id in sorted(items):
            label = labels.get(theme_id, "")
            if label and label not in seen:
                seen.append(label)
        out[answer_id].themes = seen
    return out


def theme_months(session: Session, *, run_id: int) -> dict[int, dict[str, int]]:
    """Answers mentioning each theme per month ("2026-01"): {theme_id: {month: answers}}."""
    stmt = (
        select(AnswerIdea.theme_id, AnswerIdea.answer_id, Response.submitted_at)
        .join(Answer, col(Answer.id) == col(AnswerIdea.answer_id))
        .join(Response, col(Response.id) == col(Answer.response_id))
        .where(AnswerIdea.run_id == run_id, col(AnswerIdea.theme_id).is_not(None))
    )
    seen: set[tuple[int, int]] = set()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for theme_id, answer_id, submitted_at in session.exec(stmt):
        if (theme_id, answer_id) in seen:
            continue
        seen.add((theme_id, answer_id))
        counts[theme_id][submitted_at.strftime("%Y-%m")] += 1
    return {k: dict(v) for k, v in counts.items()}


def trend(months: dict[str, int], *, all_months: Sequence[str]) -> str:
    """Compare the last three months with the three before: "up", "down", "stable" or "new"."""
    ordered = sorted(all_months)
    if len(ordered) < 2:
        return "stable"
    recent = sum(months.get(m, 0) for m in ordered[-3:])
    before = sum(months.get(m, 0) for m in ordered[-6:-3])
    if before == 0:
        return "new" if recent else "stable"
    ratio = recent / before
    if ratio >= 1.3 and recent - before >= 2:
        return "up"
    if ratio <= 0.7 and before - recent >= 2:
        return "down"
    return "stable"


def theme_trends(months: dict[int, dict[str, int]], themes: Sequence[Theme]) -> dict[int, str]:
    """Trend key of every theme (see :func:`trend`), from the run's :func:`theme_months`."""
    all_months = sorted({m for per in months.values() for m in per})
    return {t.id or 0: trend(months.get(t.id or 0, {}), all_months=all_months) for t in themes}


def map_points(session: Session, *, run_id: int) -> list[dict]:
    """Informative answers with 2-D coordinates, primary theme label, tone and text (the map)."""
    labels = {t.id: t.label for t in themes_of(session, run_id=run_id)}
    stmt = (
        select(AnswerAnalysis, Answer.text)
        .join(Answer, col(Answer.id) == col(AnswerAnalysis.answer_id))
        .where(AnswerAnalysis.run_id == run_id, col(AnswerAnalysis.x).is_not(None))
        .order_by(col(AnswerAnalysis.answer_id))
    )
    return [
        {
            "answer_id": row.answer_id,
            "x": row.x,
            "y": row.y,
            "theme": labels.get(row.theme_id, "Sans thème") if row.theme_id else "Sans thème",
            "tone": row.tone,
            "text": text or "",
        }
        for row, text in session.exec(stmt)
    ]


def tone_split(session: Session, *, run_id: int) -> dict[int, dict[str, int]]:
    """Per theme, answers by tone of their ideas on that theme: {theme_id: {tone: n}}."""
    stmt = select(AnswerIdea.theme_id, AnswerIdea.answer_id, AnswerIdea.tone).where(
        AnswerIdea.run_id == run_id, col(AnswerIdea.theme_id).is_not(None)
    )
    seen: set[tuple[int, int]] = set()
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for theme_id, answer_id, tone in session.exec(stmt.order_by(col(AnswerIdea.id))):
        if (theme_id, answer_id) in seen:
            continue
        seen.add((theme_id, answer_id))
        out[theme_id][tone] += 1
    return {k: dict(v) for k, v in out.items()}


QUOTE_MAX_CHARS = 280


def theme_quotes(session: Session, *, theme: Theme) -> list[str]:
    """The theme's example quotes: the current (pseudonymised) text of the quoted answers.

    Answers deleted since the analysis simply drop out; long answers are shortened.
    """
    ids = list(theme.quote_answer_ids or [])
    if not ids:
        return []
    rows = session.exec(select(Answer.id, Answer.text).where(col(Answer.id).in_(ids)))
    texts = {int(i): (t or "").strip() for i, t in rows}
    out = []
    for answer_id in ids:
        text = texts.get(answer_id)
        if text:
            out.append(text if len(text) <= QUOTE_MAX_CHARS else text[: QUOTE_MAX_CHARS - 1] + "…")
    return out


@dataclass
class OtherLanguageAnswer:
    """An answer a run set aside because it is not in French, for a person to read."""

    answer_id: int
    language: str  # ISO 639-1 code
    language_name: str  # French name ("anglais")
    text: str  # pseudonymised text (Answer.text), never the raw text
    question: str
    submitted_at: datetime


def other_language_answers(session: Session, *, run_id: int) -> list[OtherLanguageAnswer]:
    """The answers a run set aside as written in another language, by language then date.

    Args:
        session: Open session.
        run_id: The run.

    Returns:
        The answers with their language, pseudonymised text and question.
    """
    from verbatim.text.language import language_name

    rows = session.exec(
        select(
            AnswerAnalysis.answer_id,
            AnswerAnalysis.language,
            Answer.text,
            Question.text,
            Response.submitted_at,
        )
        .join(Answer, col(Answer.id) == col(AnswerAnalysis.answer_id))
        .join(Question, col(Question.id) == col(Answer.question_id))
        .join(Response, col(Response.id) == col(Answer.response_id))
        .where(AnswerAnalysis.run_id == run_id, col(AnswerAnalysis.language).is_not(None))
    ).all()
    out = [
        OtherLanguageAnswer(
            answer_id=int(answer_id),
            language=str(code),
            language_name=language_name(code),
            text=(text or "").strip(),
            question=question or "",
            submitted_at=submitted_at,
        )
        for answer_id, code, text, question, submitted_at in rows
    ]
    out.sort(key=lambda a: (a.language, a.submitted_at, a.answer_id))
    return out
