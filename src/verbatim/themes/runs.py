"""Analysis runs: find the previous run, carry its labels over, report changes, rename themes.

A new run's themes are mapped onto the previous run's: a framework theme onto the same key, a
discovered theme onto the previous discovered theme with the closest centroid (cosine at least
``MATCH_SIMILARITY``, best match both ways). A label a person edited carries over.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlmodel import Session, col, select

from verbatim.db.tables_themes import AnalysisRun, Theme
from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.permissions import Permission, Principal, require

MATCH_SIMILARITY = 0.8
GROWTH = 0.2  # relative size change that counts as grown / shrunk


@dataclass
class ThemeDraft:
    """A theme of the run being built, before it is stored."""

    index: int
    key: str
    label: str
    origin: str
    keywords: list[str]
    centroid: np.ndarray
    suggested_label: str = ""
    label_edited: bool = False
    size: int = 0
    primary_size: int = 0
    idea_count: int = 0
    negative_share: float = 0.0
    quote_answer_ids: list[int] = field(default_factory=list)
    previous_theme_id: int | None = None
    previous_size: int | None = None
    change: str = "new"


def scope_key(scope: dict[str, Any]) -> str:
    """Stable key of an analysis scope (questionnaires, questions, sites; not dates)."""
    parts = {k: scope.get(k) for k in ("questionnaires", "questions", "sites")}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def previous_run(session: Session, *, key: str) -> AnalysisRun | None:
    """Latest successful run with the same scope, else the latest successful run at all."""
    base = select(AnalysisRun).where(AnalysisRun.status == "ok")
    order = (col(AnalysisRun.created_at).desc(), col(AnalysisRun.id).desc())
    same = session.exec(base.where(AnalysisRun.scope_key == key).order_by(*order)).first()
    return same or session.exec(base.order_by(*order)).first()


def latest_run(session: Session) -> AnalysisRun | None:
    """The latest successful run."""
    order = (col(AnalysisRun.created_at).desc(), col(AnalysisRun.id).desc())
    return session.exec(
        select(AnalysisRun).where(AnalysisRun.status == "ok").order_by(*order)
    ).first()


def themes_of(session: Session, *, run_id: int) -> list[Theme]:
    """Themes of a run, largest first."""
    stmt = select(Theme).where(Theme.run_id == run_id)
    return list(session.exec(stmt.order_by(col(Theme.size).desc(), col(Theme.id))).all())


def carry_over(drafts: list[ThemeDraft], previous: list[Theme]) -> list[dict[str, Any]]:
    """Map drafts onto the previous run's themes, carry edited labels, set each draft's change.

    Args:
        drafts: The new run's themes (changed in place).
        previous: The previous run's themes.

    Returns:
        The previous themes that found no successor (vanished), as {"label", "size"}.
    """
    matched: set[int] = set()
    prev_by_key = {t.key: t for t in previous if t.origin == "framework"}
    for draft in drafts:
        if draft.origin == "framework" and draft.key in prev_by_key:
            _link(draft, prev_by_key[draft.key])
            matched.add(prev_by_key[draft.key].id or 0)
    discovered_prev = [t for t in previous if t.origin == "discovered" and t.centroid]
    discovered_new = [d for d in drafts if d.origin == "discovered"]
    if discovered_prev and discovered_new:
        prev_mat = np.array(
            [np.frombuffer(t.centroid or b"", dtype=np.float32) for t in discovered_prev]
        )
        new_mat = np.array([d.centroid for d in discovered_new], dtype=np.float32)
        sims = new_mat @ prev_mat.T
        for i, draft in enumerate(discovered_new):
            j = int(np.argmax(sims[i]))
            if sims[i, j] >= MATCH_SIMILARITY and int(np.argmax(sims[:, j])) == i:
                _link(draft, discovered_prev[j])
                matched.add(discovered_prev[j].id or 0)
    return [
        {"label": t.label, "size": t.size, "key": t.key}
        for t in previous
        if (t.id or 0) not in matched and t.size > 0
    ]


def _link(draft: ThemeDraft, prev: Theme) -> None:
    draft.previous_theme_id = prev.id
    draft.previous_size = prev.size
    if prev.label_edited:
        draft.label = prev.label
        draft.label_edited = True
    elif draft.origin == "discovered":
        draft.key = prev.key
    delta = draft.size - prev.size
    if abs(delta) >= max(2, GROWTH * max(prev.size, 1)):
        draft.change = "grown" if delta > 0 else "shrunk"
    else:
        draft.change = "stable"


def rename_theme(session: Session, *, theme_id: int, label: str, actor: Principal) -> Theme:
    """Give a theme a human label; it carries over to the next runs.

    Args:
        session: Open session (flushed, not committed).
        theme_id: The theme.
        label: The new French label.
        actor: Who renames it (needs the permission to review themes; audit log).

    Returns:
        The renamed theme.

    Raises:
        PermissionDenied: ``actor`` may not edit themes.
        VerbatimError: Empty label or unknown theme.
    """
    require(actor, Permission.REVIEW_THEMES)
    label = (label or "").strip()
    if not label:
        raise VerbatimError(Msg.EMPTY_THEME_LABEL)
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise VerbatimError(Msg.UNKNOWN_THEME.format(theme_id=theme_id))
    old = theme.label
    theme.label = label[:200]
    theme.label_edited = True
    session.add(theme)
    audit.record(
        session,
        actor=actor,
        action="theme.rename",
        object_type="theme",
        object_id=str(theme_id),
        detail={"from": old, "to": theme.label, "run_id": theme.run_id},
    )
    session.flush()
    return theme


def record_failed_run(session: Session, *, scope: dict[str, Any], error: str, actor: str) -> int:
    """Store a failed run (no themes) so the failure is visible; the last good run stays current."""
    run = AnalysisRun(
        status="failed",
        actor=actor,
        scope_key=scope_key(scope),
        scope=scope,
        counts={"error": error[:500]},
    )
    session.add(run)
    session.flush()
    return int(run.id or 0)
