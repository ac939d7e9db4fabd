"""The public board: the decisions the team marked public, in plain words, for patients.

"Vous nous avez dit, nous avons fait" is shown on the waiting-room screen (``verbatim serve
--public``) and printed as an A4 poster (:mod:`verbatim.public.poster`). Anyone in the waiting room
can read it, so it holds only what the team chose to publish: the theme's name, the kind of
decision in plain French, the decision's note, when it is due, and how many patients raised the
theme. It never holds an answer's text (not even pseudonymised), the decision's owner or who
decided; a count under the small-count threshold reads "moins de 5".

The count is the number of answers whose main idea is in the theme on the review board (every human
edit applied), taken from the newest analysis whose board has the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from verbatim.db.tables_review import ThemeDecision
from verbatim.db.tables_themes import AnalysisRun
from verbatim.privacy.settings import small_count_threshold
from verbatim.review.board import load_board
from verbatim.review.lineage import Lineages

# What patients read for each kind of decision (verbatim.review.decisions.DECISION_LABELS).
PUBLIC_KIND_LABELS = {
    "action": "Nous agissons",
    "watch": "Nous restons attentifs",
    "no_follow_up": "Nous en avons parlé",
}
# Shown when the team wrote no note.
DEFAULT_TEXTS = {
    "action": "L'équipe a décidé d'agir sur ce point.",
    "watch": "L'équipe suit ce point de près.",
    "no_follow_up": "L'équipe en a discuté ; aucun changement n'est prévu pour le moment.",
}
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


@dataclass(frozen=True)
class PublicItem:
    """One decision as patients see it (nothing in it may point at a patient)."""

    theme: str  # the theme's name, e.g. "Attente"
    kind: str  # action | watch | no_follow_up
    kind_label: str  # "Nous agissons", …
    text: str  # what the team decided, in its own words (the decision's note)
    patients: str | None  # "12" or "moins de 5"; None when no analysis holds the theme
    due: str | None  # "d'ici juin 2026" (actions with a due date)
    decided_on: date

    @property
    def patients_sentence(self) -> str | None:
        """ "12 patients en ont parlé", "Moins de 5 patients en ont parlé", "1 patient …"."""
        if self.patients is None:
            return None
        if self.patients == "1":
            return "1 patient en a parlé"
        text = f"{self.patients} patients en ont parlé"
        return text[0].upper() + text[1:]


def shown_count(n: int, *, threshold: int | None = None) -> str | None:
    """A count as patients may read it: "moins de 5" under the threshold, None for zero."""
    limit = small_count_threshold() if threshold is None else threshold
    if n <= 0:
        return None
    return f"moins de {limit}" if n < limit else str(n)


def month_year(day: date) -> str:
    """ "juin 2026"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def public_board(session: Session, *, threshold: int | None = None) -> list[PublicItem]:
    """The decisions marked public, newest first, as the waiting room may show them.

    No permission is checked: this is what the team chose to show to everyone, and it holds no
    answer text (see the module docstring).

    Args:
        session: Open session (read only).
        threshold: Smallest count shown as a number; ``VERBATIM_SMALL_COUNT_THRESHOLD`` (default
            5) when omitted.

    Returns:
        One item per public decision.
    """
    stmt = select(ThemeDecision).where(col(ThemeDecision.public).is_(True))
    order = (col(ThemeDecision.decided_at).desc(), col(ThemeDecision.id).desc())
    decisions = list(session.exec(stmt.order_by(*order)).all())
    if not decisions:
        return []
    lineages = Lineages.load(session)
    finals = {d.id: lineages.resolve(d.lineage) for d in decisions}
    sizes, labels = _theme_sizes(session, wanted=set(finals.values()))
    items = []
    for decision in decisions:
        final = finals[decision.id]
        kind = decision.kind if decision.kind in PUBLIC_KIND_LABELS else "watch"
        due = decision.due_on if kind == "action" else None
        items.append(
            PublicItem(
                theme=labels.get(final) or lineages.label(final),
                kind=kind,
                kind_label=PUBLIC_KIND_LABELS[kind],
                text=(decision.note or "").strip() or DEFAULT_TEXTS[kind],
                patients=shown_count(sizes.get(final, 0), threshold=threshold),
                due=f"d'ici {month_year(due)}" if due else None,
                decided_on=decision.decided_at.date(),
            )
        )
    return items


def _theme_sizes(session: Session, *, wanted: set[int]) -> tuple[dict[int, int], dict[int, str]]:
    """Answers and label of each wanted lineage, from the newest board (one per scope) holding it.

    An analysis may cover one questionnaire or all of them (its scope): the newest run of each
    scope is read, newest scope first, until every wanted lineage has been found.
    """
    order = (col(AnalysisRun.created_at).desc(), col(AnalysisRun.id).desc())
    runs = session.exec(select(AnalysisRun).where(AnalysisRun.status == "ok").order_by(*order))
    sizes: dict[int, int] = {}
    labels: dict[int, str] = {}
    seen_scopes: set[str] = set()
    for run in runs.all():
        if wanted <= sizes.keys():
            break
        if run.scope_key in seen_scopes:
            continue
        seen_scopes.add(run.scope_key)
        board = load_board(session, run_id=run.id)
        for card in board.cards:
            if card.lineage in wanted and card.lineage not in sizes and card.size > 0:
                sizes[card.lineage] = card.size
                labels[card.lineage] = card.label
    return sizes, labels
