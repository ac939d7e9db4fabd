"""Charts of the signals page: the emergence map and the sparkline of one signal."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import plotly.graph_objects as go

from verbatim.signals.emergence import (
    LATENT,
    QUADRANT_LABELS,
    STRONG,
    WEAK,
    WELL_KNOWN,
    EmergencePoint,
)
from verbatim.signals.periods import period_label

QUADRANT_COLOURS = {WEAK: "#d95f02", STRONG: "#1b9e77", LATENT: "#7570b3", WELL_KNOWN: "#666666"}


def emergence_figure(points: Sequence[EmergencePoint], *, title: str) -> go.Figure:
    """Frequency × growth, split at the medians, each point coloured by its quadrant.

    Args:
        points: Subjects placed by :func:`verbatim.signals.emergence.emergence_map`.
        title: Chart title (French).

    Returns:
        The figure; an annotated empty one when there is nothing to show.
    """
    fig = go.Figure()
    fig.update_layout(
        title=title,
        xaxis_title="Fréquence moyenne par période",
        yaxis_title="Croissance moyenne par période",
        yaxis_tickformat=".0%",
        legend_title_text="",
        height=460,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
    )
    if not points:
        fig.add_annotation(text="Pas assez de périodes pour une carte", showarrow=False)
        return fig
    for quadrant in (WEAK, STRONG, LATENT, WELL_KNOWN):
        group = [p for p in points if p.quadrant == quadrant]
        if not group:
            continue
        fig.add_trace(
            go.Scatter(
                x=[p.frequency for p in group],
                y=[p.growth for p in group],
                mode="markers+text",
                text=[p.subject for p in group],
                textposition="top center",
                name=QUADRANT_LABELS[quadrant],
                marker={"size": 11, "color": QUADRANT_COLOURS[quadrant]},
                hovertemplate="%{text}<br>fréquence %{x:.1f}<br>croissance %{y:.0%}<extra></extra>",
            )
        )
    fig.add_vline(x=statistics.median(p.frequency for p in points), line_dash="dot")
    fig.add_hline(y=statistics.median(p.growth for p in points), line_dash="dot")
    return fig


def sparkline_figure(periods: Sequence[str], counts: Sequence[int]) -> go.Figure:
    """A small bar trend of one signal's count per period (latest bar highlighted)."""
    colours = ["#9ecae1"] * max(0, len(counts) - 1) + ["#d95f02"] if counts else []
    fig = go.Figure(
        go.Bar(
            x=[period_label(p) for p in periods],
            y=list(counts),
            marker_color=colours,
            hovertemplate="%{x} : %{y}<extra></extra>",
        )
    )
    fig.update_layout(
        height=120,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False},
        showlegend=False,
    )
    return fig
