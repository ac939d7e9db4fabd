"""Charts of the review board and meetings, as pure functions returning ``go.Figure``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

GROUP_COLOURS = {"patients": "#2a9d8f", "professionals": "#264653", "coordination": "#e9c46a"}


def trend_sparkline(points: Sequence[tuple[str, int]], *, height: int = 60) -> go.Figure:
    """A small line of answers per month, without axes (for a theme card).

    Args:
        points: (month "AAAA-MM", answers) in time order.
        height: Height in pixels.

    Returns:
        The figure (empty when there are no points).
    """
    months = [m for m, _ in points]
    counts = [c for _, c in points]
    fig = go.Figure(
        go.Scatter(
            x=months,
            y=counts,
            mode="lines+markers" if len(points) < 3 else "lines",
            line={"width": 2, "color": "#264653"},
            fill="tozeroy",
            fillcolor="rgba(38,70,83,0.12)",
            hovertemplate="%{x} : %{y} réponse(s)<extra></extra>",
        )
    )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False, "rangemode": "tozero"},
        showlegend=False,
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def votes_by_group(
    labels: Sequence[str],
    means: Mapping[str, Sequence[float | None]],
    counts: Mapping[str, Sequence[int]],
    group_labels: Mapping[str, str],
) -> go.Figure:
    """Grouped bars: the mean priority each group gave each theme, side by side.

    Args:
        labels: Theme labels (x axis).
        means: Group key → mean priority per theme (None when the group did not vote).
        counts: Group key → number of votes per theme (shown on hover and as text).
        group_labels: Group key → French legend label.

    Returns:
        One bar trace per group that voted at least once.
    """
    fig = go.Figure()
    for group, values in means.items():
        if not any(v is not None for v in values):
            continue
        fig.add_trace(
            go.Bar(
                name=group_labels.get(group, group),
                x=list(labels),
                y=[v if v is not None else 0 for v in values],
                text=[f"{n} vote(s)" if n else "" for n in counts[group]],
                textposition="outside",
                marker_color=GROUP_COLOURS.get(group),
                hovertemplate="%{x}<br>priorité moyenne %{y:.1f} (%{text})<extra>%{fullData.name}"
                "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        yaxis={"title": "Priorité moyenne (1 faible – 3 forte)", "range": [0, 3.5]},
        legend={"orientation": "h", "y": -0.25},
        margin={"t": 20},
    )
    return fig
