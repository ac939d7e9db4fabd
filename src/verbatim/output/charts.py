"""Charts of closed answers, as pure functions returning Plotly figures (French labels).

Each function takes :class:`~verbatim.survey.responses.QuestionSummary` objects (or anything with
the same attributes: ``text``, ``kind``, ``answered`` and ``options`` of ``value``/``label``/
``count``) and never raises on empty input: it draws "Aucune réponse" instead.

Colours run red → green but stay readable printed in grey: neighbouring levels differ in lightness,
and the unfavourable side is also hatched, so that its darkest level cannot be mistaken for the
darkest favourable one.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import Any, Protocol

import plotly.graph_objects as go

NO_ANSWER = "Aucune réponse"
# 1 = "Pas du tout satisfait" … 5 = "Très satisfait"
LIKERT_COLORS = ("#a50026", "#f46d43", "#e0e0e0", "#74c476", "#1a7a3c")
LIKERT_PATTERNS = ("/", "/", "", "", "")
DETRACTOR_COLOR, PASSIVE_COLOR, PROMOTER_COLOR = "#d73027", "#bdbdbd", "#1a7a3c"
CHOICE_COLOR = "#3b6fb6"
_FONT = "Source Sans Pro, Arial, sans-serif"


class _Option(Protocol):
    value: Any
    label: str
    count: int


class Summary(Protocol):
    """What the charts read from a question summary."""

    text: str
    kind: str
    answered: int
    options: Sequence[_Option]


def _wrap(text: str, width: int = 45) -> str:
    return "<br>".join(textwrap.wrap(html.escape(text, quote=False), width)) or " "


def _pct(count: int, total: int) -> float:
    return 100.0 * count / total if total else 0.0


def _base_layout(fig: go.Figure, *, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"} if title else None,
        height=height,
        separators=", ",  # French: decimal comma, space between thousands
        font={"family": _FONT, "size": 14},
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 10, "r": 40, "t": 90 if title else 50, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
    )
    return fig


def empty_figure(title: str | None = None) -> go.Figure:
    """A figure that only says "Aucune réponse" (for a filter that matches nothing)."""
    fig = go.Figure()
    fig.add_annotation(
        text=NO_ANSWER,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 18, "color": "#555555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base_layout(fig, title=title, height=260)


def likert_stacked_bars(summaries: Sequence[Summary] | None) -> go.Figure:
    """One horizontal 100 % bar per Likert question, from dissatisfied (left) to satisfied.

    Args:
        summaries: Question summaries; only answered ``likert5`` ones are drawn, in their order.

    Returns:
        A figure with one trace per satisfaction level; ``x`` holds percentages and
        ``customdata`` the counts and number answered, shown on hover.
    """
    title = "Satisfaction"
    rows = [s for s in summaries or [] if s.kind == "likert5" and s.answered > 0]
    if not rows:
        return empty_figure(title)
    labels = [f"{_wrap(s.text)}<br><i>n = {s.answered}</i>" for s in rows]
    fig = go.Figure()
    for level in range(5):
        counts = [_count_at(s, level) for s in rows]
        pcts = [_pct(c, s.answered) for c, s in zip(counts, rows, strict=True)]
        names = {_label_at(s, level) for s in rows}
        name = names.pop() if len(names) == 1 else str(level + 1)
        fig.add_trace(
            go.Bar(
                name=name,
                y=labels,
                x=pcts,
                orientation="h",
                customdata=[[c, s.answered] for c, s in zip(counts, rows, strict=True)],
                text=[f"{p:.0f} %" if p >= 6 else "" for p in pcts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "white" if level in (0, 4) else "#222222"},
                marker={
                    "color": LIKERT_COLORS[level],
                    "line": {"color": "white", "width": 1},
                    "pattern": {
                        "shape": LIKERT_PATTERNS[level],
                        "fillmode": "overlay",
                        "fgcolor": "rgba(255,255,255,0.55)",
                        "size": 7,
                    },
                },
                hovertemplate=(
                    "<b>%{fullData.name}</b><br>%{customdata[0]} réponse(s) sur %{customdata[1]}"
                    " (%{x:.0f} %)<extra></extra>"
                ),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(range=[0, 100], dtick=20, ticksuffix=" %", title=None, gridcolor="#eeeeee")
    fig.update_yaxes(autorange="reversed", title=None)
    return _base_layout(fig, title=title, height=140 + 80 * len(rows))


def _count_at(summary: Summary, level: int) -> int:
    # Likert options are values 1..5 in order; match by value so a reordered list still counts right
    for option in summary.options:
        if str(option.value) == str(level + 1):
            return int(option.count)
    return 0


def _label_at(summary: Summary, level: int) -> str:
    for option in summary.options:
        if str(option.value) == str(level + 1):
            return str(option.label)
    return str(level + 1)


def nps(summary: Summary | None) -> int | None:
    """Net Promoter Score of a 0–10 question: % of 9–10 minus % of 0–6, rounded.

    Returns None when nobody answered.
    """
    if summary is None or not summary.answered:
        return None
    counts = _scale_counts(summary)
    promoters = sum(counts[9:])
    detractors = sum(counts[:7])
    return round(_pct(promoters - detractors, sum(counts)))


def _scale_counts(summary: Summary) -> list[int]:
    counts = [0] * 11
    for option in summary.options:
        try:
            value = int(float(option.value))
        except (TypeError, ValueError):
            continue
        if 0 <= value <= 10:
            counts[value] += int(option.count)
    return counts


def scale_distribution(summary: Summary | None) -> go.Figure:
    """Bars of a 0–10 question, coloured detractors (0–6), passives (7–8), promoters (9–10).

    Args:
        summary: The question's summary.

    Returns:
        A figure with three traces (one per group, named in the legend) whose ``x`` are the notes
        and ``y`` the counts; the title gives the NPS and the number of answers.
    """
    if summary is None or not summary.answered:
        return empty_figure(_wrap(summary.text, 80) if summary else "Note de 0 à 10")
    counts = _scale_counts(summary)
    total = sum(counts)
    score = nps(summary)
    groups = [
        ("Détracteurs (0 à 6)", range(0, 7), DETRACTOR_COLOR, "/"),
        ("Passifs (7 et 8)", range(7, 9), PASSIVE_COLOR, ""),
        ("Promoteurs (9 et 10)", range(9, 11), PROMOTER_COLOR, ""),
    ]
    fig = go.Figure()
    for name, notes, color, pattern in groups:
        ys = [counts[n] for n in notes]
        fig.add_trace(
            go.Bar(
                name=name,
                x=list(notes),
                y=ys,
                customdata=[_pct(y, total) for y in ys],
                text=[str(y) if y else "" for y in ys],
                textposition="outside",
                marker={
                    "color": color,
                    "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "white"},
                },
                hovertemplate=(
                    "Note %{x} : %{y} réponse(s) (%{customdata:.0f} %)<extra>" + name + "</extra>"
                ),
            )
        )
    title = (
        f"{_wrap(summary.text, 80)}<br><sup>NPS : {score:+d} "
        f"({total} réponse{'s' if total > 1 else ''})</sup>"
    )
    fig.update_layout(barmode="group", bargap=0.15)
    fig.update_xaxes(tickmode="array", tickvals=list(range(11)), range=[-0.6, 10.6], title="Note")
    fig.update_yaxes(
        title="Nombre de réponses",
        range=[0, max(counts) * 1.15 + 0.5],
        dtick=1 if max(counts) <= 10 else None,
        gridcolor="#eeeeee",
    )
    _base_layout(fig, title=title, height=440)
    # legend under the axis: the title already takes two lines at the top
    fig.update_layout(legend={"yanchor": "top", "y": -0.25}, margin={"b": 110})
    return fig


def choice_bars(summary: Summary | None) -> go.Figure:
    """Horizontal bars of a choice question (or yes/no), one per option, in option order.

    Args:
        summary: The question's summary.

    Returns:
        A one-trace figure whose ``y`` are the option labels, ``x`` the counts and ``customdata``
        the percentages of responses that answered (several choices may add up to over 100 %).
    """
    if summary is None or not summary.answered:
        return empty_figure(_wrap(summary.text, 80) if summary else None)
    options = list(summary.options)
    counts = [int(o.count) for o in options]
    pcts = [_pct(c, summary.answered) for c in counts]
    several = summary.kind == "multiple_choice"
    fig = go.Figure(
        go.Bar(
            y=[_wrap(str(o.label), 40) for o in options],
            x=counts,
            orientation="h",
            customdata=pcts,
            text=[f"{c} ({p:.0f} %)" for c, p in zip(counts, pcts, strict=True)],
            textposition="outside",
            cliponaxis=False,
            marker={"color": CHOICE_COLOR},
            hovertemplate="%{y} : %{x} réponse(s) (%{customdata:.0f} %)<extra></extra>",
            showlegend=False,
        )
    )
    note = "plusieurs réponses possibles, " if several else ""
    n = summary.answered
    title = f"{_wrap(summary.text, 80)}<br><sup>{note}{n} réponse{'s' if n > 1 else ''}</sup>"
    fig.update_xaxes(
        title="Nombre de réponses",
        range=[0, max(counts) * 1.3 + 0.5],
        dtick=1 if max(counts) <= 10 else None,
        gridcolor="#eeeeee",
    )
    fig.update_yaxes(autorange="reversed", title=None)
    return _base_layout(fig, title=title, height=140 + 45 * len(options))
