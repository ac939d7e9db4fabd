"""Static bar charts as SVG text, for the PDF report (no browser, no kaleido).

A pure function of the same :class:`~verbatim.output.report_data.Bars` the HTML report draws with
Plotly: masked counts get no bar, only their "< 5" text.
"""

from __future__ import annotations

from html import escape

from verbatim.output.report_data import Bars

BAR_COLOR = "#3b6fb6"
LABEL_WIDTH = 230
BAR_WIDTH = 330
ROW_HEIGHT = 22
MAX_LABEL = 40


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart_svg(bars: Bars) -> str:
    """A horizontal bar chart as an ``<svg>`` element.

    Args:
        bars: Labels, values (None: masked, no bar) and the text shown at the end of each bar.

    Returns:
        The SVG markup (escaped labels), sized for an A4 page.
    """
    top = 26
    height = top + ROW_HEIGHT * len(bars.labels) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 70
    known = [v for v in bars.values if v is not None]
    scale = 100.0 if bars.unit == "%" else max(known, default=1.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(bars.title)}">',
        f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(bars.title)}</text>',
    ]
    for i, (label, value, text) in enumerate(
        zip(bars.labels, bars.values, bars.texts, strict=True)
    ):
        y = top + i * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" font-size="11" text-anchor="end">'
            f"{escape(_short(label))}</text>"
        )
        length = 0.0 if value is None else BAR_WIDTH * min(value / scale, 1.0)
        if length > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" '
                f'height="{ROW_HEIGHT - 8}" fill="{BAR_COLOR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 15}" font-size="11">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
