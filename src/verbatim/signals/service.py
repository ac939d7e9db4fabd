"""Signals of the latest analysis: build the answers' records, detect, keep reviewers' decisions.

A signal is computed on a slice (questionnaire, question, site, care-path context) and compared
with the rest. Reviewers confirm a signal or dismiss it with a comment; a dismissed signal stays
dismissed at the next run unless it has grown since.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from verbatim.db.tables import (
    Answer,
    Question,
    Questionnaire,
    Response,
    Site,
    utcnow,
)
from verbatim.db.tables_signals import SignalReview
from verbatim.db.tables_themes import AnalysisRun, AnswerAnalysis, AnswerIdea, EmbeddingCache, Theme
from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.permissions import Permission, Principal, require
from verbatim.signals.detect import (
    BURST,
    EMERGING_THEME,
    Signal,
    SignalDoc,
    detect_signals,
    emergence_points,
)
from verbatim.signals.emergence import EmergencePoint
from verbatim.signals.periods import MONTH
from verbatim.signals.serious import score_answer
from verbatim.themes.runs import latest_run

OPEN = "open"
CONFIRMED = "confirmed"
DISMISSED = "dismissed"
STATUS_LABELS = {OPEN: "À examiner", CONFIRMED: "Confirmé", DISMISSED: "Écarté"}


@dataclass(frozen=True)
class SignalSlice:
    """The part of the answers a signal is computed on; empty fields mean "all"."""

    questionnaire_slug: str | None = None
    question_link_id: str | None = None
    site: str | None = None
    context: str | None = None

    @property
    def key(self) -> str:
        """Identity of the slice, under which reviewers' decisions are kept."""
        parts = {
            "q": self.questionnaire_slug,
            "question": self.question_link_id,
            "site": self.site,
            "context": self.context,
        }
        return json.dumps({k: v for k, v in parts.items() if v}, sort_keys=True, ensure_ascii=False)

    @property
    def is_everything(self) -> bool:
        """True when the slice holds every answer."""
        return self.key == "{}"

    def contains(self, doc: SignalDoc, slug: str | None, link_id: str | None) -> bool:
        """Whether an answer belongs to the slice."""
        return (
            (not self.questionnaire_slug or slug == self.questionnaire_slug)
            and (not self.question_link_id or link_id == self.question_link_id)
            and (not self.site or doc.site == self.site)
            and (not self.context or doc.context == self.context)
        )


@dataclass(frozen=True)
class ReviewedSignal:
    """A signal with what reviewers decided about it."""

    signal: Signal
    status: str
    comment: str = ""
    decided_by: str = ""
    grown_since_dismissal: bool = False

    @property
    def status_label(self) -> str:
        """The status in French."""
        return STATUS_LABELS[self.status]


def _lemmas_by_idea_text(session: Session, texts: set[str]) -> dict[str, list[str]]:
    from verbatim.themes.embed import text_hash

    by_hash = {text_hash(t): t for t in texts}
    out: dict[str, list[str]] = {}
    hashes = sorted(by_hash)
    for start in range(0, len(hashes), 900):
        chunk = hashes[start : start + 900]
        rows = session.exec(
            select(EmbeddingCache.text_hash, EmbeddingCache.lemmas).where(
                EmbeddingCache.text_hash.in_(chunk)  # type: ignore[attr-defined]
            )
        )
        for text_hash_, lemmas in rows:
            out[by_hash[text_hash_]] = lemmas.split()
    return out


def load_docs(
    session: Session, *, run: AnalysisRun | None = None, slice_: SignalSlice | None = None
) -> tuple[list[SignalDoc], list[SignalDoc]]:
    """The informative answers of a run as signal records, split into the slice and the rest.

    Args:
        session: Open session.
        run: The analysis run; the latest successful one when omitted.
        slice_: The slice under study; everything when omitted.

    Returns:
        ``(docs in the slice, docs outside it)``, both ordered by date then answer id.

    Raises:
        VerbatimError: No analysis has been run yet.
    """
    run = run or latest_run(session)
    if run is None:
        raise VerbatimError(Msg.NO_ANALYSIS_RUN)
    slice_ = slice_ or SignalSlice()
    themes = {t.id: t for t in session.exec(select(Theme).where(Theme.run_id == run.id))}
    ideas: dict[int, list[AnswerIdea]] = defaultdict(list)
    for idea in session.exec(select(AnswerIdea).where(AnswerIdea.run_id == run.id)):
        ideas[idea.answer_id].append(idea)
    lemmas = _lemmas_by_idea_text(session, {i.text for group in ideas.values() for i in group})
    stmt = (
        select(AnswerAnalysis, Answer, Response, Question, Questionnaire, Site)
        .join(Answer, Answer.id == AnswerAnalysis.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Questionnaire, Questionnaire.id == Response.questionnaire_id)
        .outerjoin(Site, Site.id == Response.site_id)
        .where(AnswerAnalysis.run_id == run.id, AnswerAnalysis.informative == True)  # noqa: E712
        .order_by(Response.submitted_at, Answer.id)
    )
    inside, outside = [], []
    for analysis, answer, response, question, questionnaire, site in session.exec(stmt):
        own = sorted(ideas.get(answer.id, []), key=lambda i: (not i.is_primary, i.position))
        labels = [themes[i.theme_id].label for i in own if i.theme_id in themes]
        primary = themes.get(analysis.theme_id) if analysis.theme_id else None
        doc = SignalDoc(
            answer_id=answer.id,
            response_id=response.id,
            submitted_at=response.submitted_at,
            text=answer.text or "",
            terms=tuple(w for i in own for w in lemmas.get(i.text, [])),
            themes=tuple(dict.fromkeys(labels)),
            tone=analysis.tone,
            primary_theme_size=primary.size if primary else None,
            site=site.name if site else None,
            questionnaire=questionnaire.title,
            question=question.text,
            context=response.context,
        )
        target = inside if slice_.contains(doc, questionnaire.slug, question.link_id) else outside
        target.append(doc)
    return inside, outside


def _reviews(session: Session, scope_key: str) -> dict[str, SignalReview]:
    stmt = select(SignalReview).where(SignalReview.scope_key == scope_key)
    return {r.signal_key: r for r in session.exec(stmt)}


def compute_signals(
    session: Session,
    *,
    actor: Principal,
    slice_: SignalSlice | None = None,
    unit: str = MONTH,
    until: datetime | None = None,
    include_dismissed: bool = False,
) -> list[ReviewedSignal]:
    """The ranked signals of a slice with reviewers' decisions applied.

    Args:
        session: Open session.
        actor: Who asks (needs the permission to view signals).
        slice_: The slice; everything when omitted (then nothing to compare with).
        unit: "month" (default) or "quarter".
        until: The last period is the one containing this moment (default: the newest answer).
        include_dismissed: Also return dismissed signals that have not grown.

    Returns:
        The signals, highest score first; dismissed ones that grew come back as open.
    """
    require(actor, Permission.VIEW_SIGNALS)
    return ranked_signals(
        session, slice_=slice_, unit=unit, until=until, include_dismissed=include_dismissed
    )


def ranked_signals(
    session: Session,
    *,
    slice_: SignalSlice | None = None,
    unit: str = MONTH,
    until: datetime | None = None,
    include_dismissed: bool = False,
) -> list[ReviewedSignal]:
    """:func:`compute_signals` without the permission check, for exports already authorised."""
    slice_ = slice_ or SignalSlice()
    docs, rest = load_docs(session, slice_=slice_)
    signals = detect_signals(
        docs, unit=unit, until=until, rest=None if slice_.is_everything else rest
    )
    reviews = _reviews(session, slice_.key)
    out = []
    for signal in signals:
        review = reviews.get(signal.key)
        if review is None:
            out.append(ReviewedSignal(signal=signal, status=OPEN))
            continue
        grown = review.status == DISMISSED and len(signal.answer_ids) > review.count_at_decision
        status = OPEN if grown else review.status
        if status == DISMISSED and not include_dismissed:
            continue
        out.append(
            ReviewedSignal(
                signal=signal,
                status=status,
                comment=review.comment,
                decided_by=review.actor,
                grown_since_dismissal=grown,
            )
        )
    return out


def review_signal(
    session: Session,
    *,
    signal: Signal,
    status: str,
    actor: Principal,
    comment: str = "",
    slice_: SignalSlice | None = None,
) -> SignalReview:
    """Record a reviewer's decision on a signal (attributed and logged).

    Args:
        session: Open session (write transaction).
        signal: The signal decided on.
        status: "confirmed" or "dismissed" (or "open" to reopen).
        actor: Who decides (needs the permission to review themes).
        comment: Why; required to dismiss.
        slice_: The slice the signal was computed on.

    Returns:
        The stored decision.

    Raises:
        VerbatimError: Dismissing without a comment, or an unknown status.
    """
    require(actor, Permission.REVIEW_THEMES)
    if status not in STATUS_LABELS:
        raise VerbatimError(Msg.SIGNAL_BAD_STATUS.format(status=status))
    if status == DISMISSED and not comment.strip():
        raise VerbatimError(Msg.SIGNAL_DISMISS_NEEDS_COMMENT)
    scope_key = (slice_ or SignalSlice()).key
    review = _reviews(session, scope_key).get(signal.key) or SignalReview(
        scope_key=scope_key, signal_key=signal.key
    )
    review.status = status
    review.comment = comment.strip()
    review.count_at_decision = len(signal.answer_ids)
    review.actor = actor.label
    review.decided_at = utcnow()
    session.add(review)
    audit.record(
        session,
        actor=actor,
        action=f"signal_{status}",
        object_type="signal",
        object_id=signal.key[:80],
        detail={"scope": scope_key, "answers": len(signal.answer_ids), "comment": review.comment},
    )
    session.flush()
    return review


def flagged_answers(session: Session, *, answer_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Answers flagged as rare but serious in the latest run, with the reason, by answer id."""
    docs, rest = load_docs(session)
    wanted = set(answer_ids) if answer_ids is not None else None
    out = {}
    for doc in [*docs, *rest]:
        if wanted is not None and doc.answer_id not in wanted:
            continue
        flag = score_answer(doc.text, tone=doc.tone, theme_size=doc.primary_theme_size)
        if flag is not None:
            out[doc.answer_id] = flag.reason
    return out


def emergence(
    session: Session,
    *,
    actor: Principal,
    slice_: SignalSlice | None = None,
    unit: str = MONTH,
) -> tuple[list[EmergencePoint], list[EmergencePoint]]:
    """The slice's themes and its lemmas on the emergence maps (the answers are read once).

    Returns:
        ``(theme points, lemma points)``.
    """
    require(actor, Permission.VIEW_SIGNALS)
    docs, _ = load_docs(session, slice_=slice_)
    return (
        emergence_points(docs, unit=unit, by="themes"),
        emergence_points(docs, unit=unit, by="terms"),
    )


@dataclass(frozen=True)
class AnswerQuote:
    """One answer behind a signal, as reviewers may read it (pseudonymised text only)."""

    answer_id: int
    response_id: int
    submitted_at: datetime
    site: str | None
    question: str
    text: str


def answers_behind(
    session: Session, *, actor: Principal, answer_ids: Sequence[int]
) -> list[AnswerQuote]:
    """The pseudonymised answers behind a signal, oldest first.

    Args:
        session: Open session.
        actor: Who reads (needs the permission to view signals).
        answer_ids: The signal's answers.

    Returns:
        The answers that still exist (a deleted one simply drops out).
    """
    require(actor, Permission.VIEW_SIGNALS)
    if not answer_ids:
        return []
    stmt = (
        select(Answer, Response, Question, Site)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(Site, Site.id == Response.site_id)
        .where(Answer.id.in_(list(answer_ids)))  # type: ignore[union-attr]
        .order_by(Response.submitted_at, Answer.id)
    )
    return [
        AnswerQuote(
            answer_id=answer.id,
            response_id=response.id,
            submitted_at=response.submitted_at,
            site=site.name if site else None,
            question=question.text,
            text=answer.text or "",
        )
        for answer, response, question, site in session.exec(stmt)
    ]


def confirm_signal(
    session: Session,
    *,
    signal: Signal,
    actor: Principal,
    comment: str = "",
    slice_: SignalSlice | None = None,
) -> str:
    """Confirm a signal: it goes onto the review board, where the team decides what to do.

    A signal about words (rare but serious answers, an emerging term) becomes a theme of its own
    on the board, holding the answers behind it (they stay there in later runs). A signal about a
    theme (a burst, an emerging theme) adds a comment with its reason to that theme's card.

    Args:
        session: Open write session.
        signal: The signal confirmed.
        actor: Who confirms (needs the permission to review themes).
        comment: Why, optionally.
        slice_: The slice the signal was computed on.

    Returns:
        The label of the board theme that now carries the signal.
    """
    from verbatim.review.board import load_board
    from verbatim.review.decisions import add_comment
    from verbatim.review.edits import move_answers

    review_signal(
        session, signal=signal, status=CONFIRMED, actor=actor, comment=comment, slice_=slice_
    )
    note = f"Signal confirmé ({signal.kind_label}) : {signal.reason}"
    if comment.strip():
        note += f" — {comment.strip()}"
    if signal.kind in {BURST, EMERGING_THEME}:
        card = next((c for c in load_board(session).cards if c.label == signal.subject), None)
        if card is not None:
            add_comment(session, actor=actor, lineage=card.lineage, text=note[:4000])
            return card.label
    label = f"Signal : {signal.subject}"[:200]
    lineage = move_answers(
        session, actor=actor, answer_ids=list(signal.answer_ids), new_label=label
    )
    add_comment(session, actor=actor, lineage=lineage, text=note[:4000])
    return label
