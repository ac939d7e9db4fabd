"""Write one analysis run: the run row, its themes, every answer's analysis and ideas."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlmodel import Session

from verbatim.db.tables_themes import AnalysisRun, AnswerAnalysis, AnswerIdea, Theme
from verbatim.themes.runs import ThemeDraft

BATCH = 5000


def store_run(
    session: Session,
    *,
    scope: dict[str, Any],
    scope_key: str,
    settings: dict[str, Any],
    model_versions: dict[str, Any],
    counts: dict[str, Any],
    drafts: list[ThemeDraft],
    vanished: list[dict[str, Any]],
    previous_run_id: int | None,
    answer_rows: list[dict[str, Any]],
    idea_rows: list[dict[str, Any]],
    coords: dict[int, tuple[float, float]],
    actor: str,
) -> int:
    """Insert the run and everything in it (flushed, not committed); returns the run id."""
    changes = {
        "new": [d.label for d in drafts if d.change == "new"],
        "grown": [d.label for d in drafts if d.change == "grown"],
        "shrunk": [d.label for d in drafts if d.change == "shrunk"],
        "vanished": [v["label"] for v in vanished],
    }
    run = AnalysisRun(
        status="ok",
        actor=actor,
        scope_key=scope_key,
        scope=scope,
        settings=_jsonable(settings),
        model_versions=model_versions,
        counts=_jsonable(counts),
        changes=changes,
        previous_run_id=previous_run_id,
    )
    session.add(run)
    session.flush()
    theme_id: dict[int, int] = {}
    for draft in drafts:
        theme = Theme(
            run_id=run.id,
            key=draft.key,
            label=draft.label,
            suggested_label=draft.suggested_label,
            label_edited=draft.label_edited,
            origin=draft.origin,
            keywords=draft.keywords,
            quote_answer_ids=draft.quote_answer_ids,
            size=draft.size,
            primary_size=draft.primary_size,
            idea_count=draft.idea_count,
            negative_share=draft.negative_share,
            centroid=np.asarray(draft.centroid, dtype=np.float32).tobytes(),
            previous_theme_id=draft.previous_theme_id,
            change=draft.change,
        )
        session.add(theme)
        session.flush()
        theme_id[draft.index] = int(theme.id or 0)
    analysis = [
        {
            "run_id": run.id,
            "answer_id": r["answer_id"],
            "informative": r["informative"],
            "tone": r["tone"],
            "theme_id": theme_id.get(r["label"]),
            "x": coords.get(r["answer_id"], (None, None))[0],
            "y": coords.get(r["answer_id"], (None, None))[1],
            "language": r.get("language"),
        }
        for r in answer_rows
    ]
    ideas = [
        {
            "run_id": run.id,
            "answer_id": r["answer_id"],
            "position": r["position"],
            "text": r["text"],
            "theme_id": theme_id.get(r["label"]),
            "is_primary": r["is_primary"],
            "tone": r["tone"],
        }
        for r in idea_rows
    ]
    for table, rows in ((AnswerAnalysis, analysis), (AnswerIdea, ideas)):
        for start in range(0, len(rows), BATCH):
            session.execute(table.__table__.insert(), rows[start : start + BATCH])  # type: ignore[attr-defined]
    session.flush()
    return int(run.id or 0)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, np.generic):
            value = value.item()
        out[key] = value
    return out
