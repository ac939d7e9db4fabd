"""Charts of an analysis run, as pure functions returning Plotly figures (French labels)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

TONE_ORDER = ("negative", "mixed", "neutral", "positive")
TONE_NAMES = {"negative": "Négatif", "mixed": "Mitigé", "neutral": "Neutre", "positive": "Positif"}
TONE_COLOURS = {
    "negative": "#c0392b",
    "mixed": "#e67e22",
    "neutral": "#95a5a6",
    "positive": "#27ae60",
}


def theme_sizes(themes: Sequence[Mapping[str, Any]]) -> go.Figure:
    """Horizontal bars: answers per theme, split by tone.

    Args:
        themes: Dicts with ``label``, ``size`` and ``tones`` ({tone: answers}), largest first.

    Returns:
        The figure (largest theme on top).
    """
    ordered = list(reversed(list(themes)))
    labels = [t["label"] for t in ordered]
    fig = go.Figure()
    for tone in TONE_ORDER:
        fig.add_bar(
            y=labels,
            x=[int((t.get("tones") or {}).get(tone, 0)) for t in ordered],
            name=TONE_NAMES[tone],
            orientation="h",
            marker_color=TONE_COLOURS[tone],
            hovertemplate="%{y} : %{x} réponses<extra>" + TONE_NAMES[tone] + "</extra>",
        )
    fig.update_layout(
        barmode="stack",
        title="Réponses par thème et par ton",
        xaxis_title="Réponses qui mentionnent le thème",
        height=max(320, 32 * len(labels) + 120),
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def themes_by_month(months: Mapping[str, Mapping[str, int]], *, top: int = 8) -> go.Figure:
    """Lines: answers mentioning each theme per month (the ``top`` largest themes).

    Args:
        months: {theme label: {"2026-01": answers}}.
        top: Themes drawn at most.

    Returns:
        The figure.
    """
    all_months = sorted({m for per in months.values() for m in per})
    largest = sorted(months, key=lambda label: (-sum(months[label].values()), label))[:top]
    fig = go.Figure()
    for label in largest:
        fig.add_scatter(
            x=all_months,
            y=[months[label].get(m, 0) for m in all_months],
            mode="lines+markers",
            name=label,
        )
    fig.update_layout(
        title="Thèmes par mois",
        xaxis_title="Mois",
        yaxis_title="Réponses",
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def answer_map(points: Sequence[Mapping[str, Any]]) -> go.Figure:
    """2-D map of the answers (close answers say similar things), one colour per theme.

    Args:
        points: Dicts with ``x``, ``y``, ``theme`` (label), ``tone`` and ``text``.

    Returns:
        The figure.
    """
    by_theme: dict[str, list[Mapping[str, Any]]] = {}
    for point in points:
        by_theme.setdefault(point["theme"], []).append(point)
    fig = go.Figure()
    for theme in sorted(by_theme, key=lambda t: (-len(by_theme[t]), t)):
        rows = by_theme[theme]
        fig.add_scatter(
            x=[p["x"] for p in rows],
            y=[p["y"] for p in rows],
            mode="markers",
            name=f"{theme} ({len(rows)})",
            text=[_short(p["text"]) for p in rows],
            hovertemplate="%{text}<extra>" + theme + "</extra>",
            marker={"size": 7, "opacity": 0.75},
        )
    fig.update_layout(
        title="Carte des réponses",
        xaxis={"visible": False},
        yaxis={"visible": False},
        legend={"orientation": "v"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=520,
    )
    return fig


def _short(text: str, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
