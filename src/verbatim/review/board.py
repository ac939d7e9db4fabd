"""The review board: one card per theme of a run, with every human edit applied.

The board of a run is computed on reading: the engine's assignment of each answer to a primary
theme, then the answers people moved (:class:`~verbatim.db.tables_review.AnswerMove`), then the
merges, by lineage (:mod:`verbatim.review.lineage`). Counts are recomputed from that, so the sizes
of the cards always add up to the answers that have a theme on the board, whatever was merged or
split. Edits live in :mod:`verbatim.review.edits`; votes, comments and decisions in
:mod:`verbatim.review.decisions`.

Quotes are the pseudonymised ``Answer.text``, never ``raw_text``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from verbatim.db.tables import Answer, Response
from verbatim.db.tables_review import AnswerMove, ManualTheme, OffTopicMark
from verbatim.db.tables_themes import AnalysisRun, AnswerAnalysis
from verbatim.errors import Msg, VerbatimError
from verbatim.review.decisions import LineageReview, reviews_for
from verbatim.review.lineage import Lineages, is_manual, manual_lineage
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.themes.runs import latest_run, themes_of

TONES = ("negative", "mixed", "positive", "neutral")
TONE_LABELS = {"positive": "positif", "negative": "négatif", "mixed": "mitigé", "neutral": "neutre"}
CHANGE_LABELS = {"new": "nouveau", "grown": "en hausse", "shrunk": "en baisse", "stable": "stable"}


@dataclass
class Card:
    """One theme as the board shows it."""

    lineage: int
    label: str
    theme_id: int | None  # the run's theme of this lineage (None: board-only or absent)
    origin: str  # framework | discovered | manual
    keywords: list[str]
    answer_ids: list[int]  # newest answer first
    tone: dict[str, int]
    trend: list[tuple[str, int]]  # (month "AAAA-MM", answers)
    change: str
    off_topic: bool = False
    merged_labels: list[str] = field(default_factory=list)
    moved_in: int = 0  # answers a person put here
    engine_quotes: list[int] = field(default_factory=list)  # answers the engine quoted
    review: LineageReview = field(default_factory=LineageReview)

    @property
    def size(self) -> int:
        """Answers whose main idea is in this theme, after the board's edits."""
        return len(self.answer_ids)

    @property
    def manual(self) -> bool:
        """True for a theme created on the board."""
        return is_manual(self.lineage)


@dataclass
class Board:
    """The cards of one run, active themes first (largest first), "hors sujet" last."""

    run_id: int
    run_created_at: datetime
    scope_key: str
    cards: list[Card]
    analysed: int  # answers of the run
    informative: int  # informative answers of the run (the engine's judgement)
    lineages: Lineages

    @property
    def assigned(self) -> int:
        """Answers that have a theme on the board (the sum of the card sizes)."""
        return sum(card.size for card in self.cards)

    @property
    def active(self) -> list[Card]:
        """Cards not marked "hors sujet"."""
        return [c for c in self.cards if not c.off_topic]

    @property
    def off_topic(self) -> list[Card]:
        """Cards marked "hors sujet"."""
        return [c for c in self.cards if c.off_topic]

    def card(self, lineage: int) -> Card:
        """The card showing ``lineage`` (merged lineages lead to their target's card).

        Raises:
            VerbatimError: No card of this board shows it.
        """
        target = self.lineages.resolve(lineage)
        for card in self.cards:
            if card.lineage == target:
                return card
        raise VerbatimError(Msg.REVIEW_UNKNOWN_LINEAGE.format(lineage=lineage))

    def card_of_answer(self) -> dict[int, int]:
        """Answer id → lineage of the card holding it."""
        return {a: card.lineage for card in self.cards for a in card.answer_ids}


def current_run(session: Session, run_id: int | None = None) -> AnalysisRun:
    """The run ``run_id``, or the latest successful run.

    Raises:
        VerbatimError: No analysis yet, or no such run.
    """
    run = session.get(AnalysisRun, run_id) if run_id is not None else latest_run(session)
    if run is None or run.status != "ok":
        raise VerbatimError(Msg.NO_ANALYSIS_RUN)
    return run


@requires(Permission.VIEW_THEMES)
def list_runs(session: Session, *, actor: Principal) -> list[AnalysisRun]:
    """Successful runs, newest first (for the run picker)."""
    order = (col(AnalysisRun.created_at).desc(), col(AnalysisRun.id).desc())
    stmt = select(AnalysisRun).where(AnalysisRun.status == "ok").order_by(*order)
    return list(session.exec(stmt).all())


@requires(Permission.VIEW_THEMES)
def build_board(session: Session, *, actor: Principal, run_id: int | None = None) -> Board:
    """The board of a run (the latest when ``run_id`` is None), with every human edit applied.

    Args:
        session: Open session (read only).
        actor: Who looks (needs ``view_themes``).
        run_id: The run; the latest successful run when None.

    Returns:
        The board.

    Raises:
        VerbatimError: No analysis run yet.
        PermissionDenied: ``actor`` may not see themes.
    """
    return load_board(session, run_id=run_id)


def load_board(session: Session, *, run_id: int | None = None) -> Board:
    """:func:`build_board` without the permission check, for other services (already checked)."""
    run = current_run(session, run_id)
    run_id = int(run.id or 0)
    lineages = Lineages.load(session)
    themes = themes_of(session, run_id=run_id)

    rows = session.exec(
        select(
            AnswerAnalysis.answer_id,
            AnswerAnalysis.theme_id,
            AnswerAnalysis.informative,
            AnswerAnalysis.tone,
            Response.submitted_at,
        )
        .join(Answer, col(Answer.id) == col(AnswerAnalysis.answer_id))
        .join(Response, col(Response.id) == col(Answer.response_id))
        .where(AnswerAnalysis.run_id == run_id)
    ).all()
    moves = dict(
        session.exec(
            select(AnswerMove.answer_id, AnswerMove.target_lineage)
            .join(AnswerAnalysis, col(AnswerAnalysis.answer_id) == col(AnswerMove.answer_id))
            .where(AnswerAnalysis.run_id == run_id)
        ).all()
    )

    holder: dict[int, int] = {}  # answer -> final lineage
    tone_of: dict[int, str] = {}
    month_of: dict[int, str] = {}
    informative = 0
    for answer_id, theme_id, is_informative, tone, submitted_at in rows:
        informative += bool(is_informative)
        tone_of[answer_id] = tone or "neutral"
        month_of[answer_id] = submitted_at.strftime("%Y-%m")
        if answer_id in moves:
            lineage = moves[answer_id]
        elif theme_id is not None and is_informative:
            lineage = lineages.of_theme(theme_id)
        else:
            continue
        holder[answer_id] = lineages.resolve(lineage)

    order = {a: (month_of[a], a) for a in holder}
    by_lineage: dict[int, list[int]] = defaultdict(list)
    for answer_id in sorted(holder, key=lambda a: order[a], reverse=True):
        by_lineage[holder[answer_id]].append(answer_id)
    months = _month_range(sorted(set(month_of.values())))

    run_theme_of: dict[int, list] = defaultdict(list)  # final lineage -> run themes in it
    for theme in themes:
        run_theme_of[lineages.resolve(lineages.of_theme(int(theme.id or 0)))].append(theme)
    manual_here = _manual_of_scope(session, run.scope_key)
    finals = set(by_lineage) | set(run_theme_of) | {lineages.resolve(m) for m in manual_here}
    off_topic = set(session.exec(select(OffTopicMark.lineage)).all())
    reviews = reviews_for(session, lineages=lineages, finals=sorted(finals))

    cards: list[Card] = []
    for lineage in finals:
        own = [t for t in run_theme_of.get(lineage, []) if lineages.of_theme(t.id) == lineage]
        main = own[0] if own else None
        members = run_theme_of.get(lineage, [])
        keywords: list[str] = []
        for theme in ([main] if main else []) + [t for t in members if t is not main]:
            keywords += [k for k in theme.keywords or [] if k not in keywords]
        answer_ids = by_lineage.get(lineage, [])
        per_month = Counter(month_of[a] for a in answer_ids)
        merged = sorted({lineages.label(m) for m in lineages.members(lineage) if m != lineage})
        cards.append(
            Card(
                lineage=lineage,
                label=main.label if main else lineages.label(lineage),
                theme_id=int(main.id) if main and main.id else None,
                origin="manual" if is_manual(lineage) else (main.origin if main else "discovered"),
                keywords=keywords[:12],
                answer_ids=answer_ids,
                tone={t: sum(1 for a in answer_ids if tone_of[a] == t) for t in TONES},
                trend=[(m, per_month.get(m, 0)) for m in months],
                change=main.change if main else ("new" if not members else "stable"),
                off_topic=lineage in off_topic,
                merged_labels=merged,
                moved_in=sum(1 for a in answer_ids if a in moves),
                engine_quotes=[a for t in members for a in (t.quote_answer_ids or [])],
                review=reviews.get(lineage, LineageReview()),
            )
        )
    cards.sort(key=lambda c: (c.off_topic, -c.size, c.label.casefold(), c.lineage))
    return Board(
        run_id=run_id,
        run_created_at=run.created_at,
        scope_key=run.scope_key,
        cards=cards,
        analysed=len(rows),
        informative=informative,
        lineages=lineages,
    )


@requires(Permission.VIEW_THEMES)
def quotes(
    session: Session, *, actor: Principal, card: Card, limit: int = 3, offset: int = 0
) -> list[tuple[int, str]]:
    """Pseudonymised quotes of a card: the engine's representative answers first, then newest.

    Args:
        session: Open session.
        actor: Who reads (needs ``view_themes``).
        card: The card.
        limit: How many quotes.
        offset: How many to skip ("more on demand").

    Returns:
        (answer id, pseudonymised text) pairs.
    """
    if not card.answer_ids:
        return []
    texts: dict[int, str] = {}
    ids = card.answer_ids
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        stmt = select(Answer.id, Answer.text).where(col(Answer.id).in_(chunk))
        texts.update({int(i): t or "" for i, t in session.exec(stmt).all()})
    representative = {a: i for i, a in enumerate(card.engine_quotes)}
    position = {a: i for i, a in enumerate(ids)}
    ordered = sorted(ids, key=lambda a: (representative.get(a, len(representative)), position[a]))
    chosen = ordered[offset : offset + limit]
    return [(a, texts.get(a, "")) for a in chosen if texts.get(a)]


def _manual_of_scope(session: Session, scope_key: str) -> list[int]:
    """Lineages of the board-only themes created on runs of this scope."""
    stmt = select(ManualTheme.id).where(ManualTheme.scope_key == scope_key)
    return [manual_lineage(i) for i in session.exec(stmt).all()]


def _month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last (so that a sparkline shows gaps as zeros)."""
    if not months:
        return []
    year, month = (int(x) for x in months[0].split("-"))
    last = months[-1]
    out: list[str] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append(key)
        if key >= last or len(out) > 240:
            return out
        month += 1
        if month > 12:
            year, month = year + 1, 1
