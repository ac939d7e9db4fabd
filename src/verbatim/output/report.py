"""The committee report: one self-contained HTML file (interactive Plotly charts) and a PDF.

For a period ("2026", "2026-Q3", "2026-10"): participation, closed-question results, themes with
pseudonymised quotes, weak signals and review decisions (where an analysis and a review exist),
and a one-page method note. Small counts are masked (see :mod:`verbatim.output.report_data`).

The HTML embeds plotly.js once, inline, so it opens without network. The PDF is rendered by
WeasyPrint from the same template, with SVG bar charts drawn by :mod:`verbatim.output.report_svg`
instead of Plotly; WeasyPrint (and Pango) is imported only when a PDF is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from functools import cache
from pathlib import Path

from sqlmodel import Session

from verbatim.errors import Msg, VerbatimError
from verbatim.output.report_data import Bars, ReportData, build_report_data
from verbatim.output.report_svg import bar_chart_svg
from verbatim.review.permissions import Principal
from verbatim.signals.periods import PARIS


@dataclass(frozen=True)
class ReportFiles:
    """The two renderings of one report."""

    name: str  # file name without extension: "rapport-2026-Q3"
    html: str
    pdf: bytes


def bar_figure(bars: Bars):  # type: ignore[no-untyped-def]
    """The Plotly figure of a bar chart (masked counts: no bar, their "< 5" text only).

    Returns:
        A ``plotly.graph_objects.Figure``.
    """
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Bar(
            x=[0 if v is None else v for v in bars.values],
            y=bars.labels,
            orientation="h",
            text=bars.texts,
            textposition="outside",
            hovertext=[f"{label} : {text}" for label, text in zip(bars.labels, bars.texts)],  # noqa: B905
            hoverinfo="text",
            marker_color="#3b6fb6",
        )
    )
    fig.update_layout(
        title={"text": bars.title, "font": {"size": 14}},
        height=90 + 28 * len(bars.labels),
        margin={"l": 10, "r": 40, "t": 40, "b": 20},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": bars.unit, "range": [0, _axis_end(bars)], "rangemode": "tozero"},
        plot_bgcolor="white",
        font={"family": "Arial, sans-serif"},
    )
    return fig


def _axis_end(bars: Bars) -> float:
    """Room for the end-of-bar texts; 0 to 1 when every bar is masked."""
    if bars.unit == "%":
        return 115.0
    known = [v for v in bars.values if v is not None]
    return max(known) * 1.2 if known else 1.0


def _plotly_div(bars: Bars) -> str:
    return bar_figure(bars).to_html(
        full_html=False,
        include_plotlyjs=False,
        config={"displaylogo": False, "responsive": True},
    )


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("verbatim.output", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_html(data: ReportData, *, for_pdf: bool = False) -> str:
    """The report as one HTML document.

    Args:
        data: What to show (see :func:`build_report_data`).
        for_pdf: Static SVG charts and print styles (the input of the PDF) instead of Plotly.

    Returns:
        The HTML text; without ``for_pdf`` it embeds plotly.js and needs no network.
    """
    from markupsafe import Markup

    def chart(bars: Bars | None) -> Markup:
        if bars is None:
            return Markup("")
        return Markup(bar_chart_svg(bars) if for_pdf else _plotly_div(bars))

    generated = data.generated_at.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")
    run_date = data.run_date.replace(tzinfo=data.run_date.tzinfo or UTC) if data.run_date else None
    template = _environment().get_template("report.html")
    return template.render(
        data=data,
        for_pdf=for_pdf,
        chart=chart,
        generated=generated,
        run_date=run_date.astimezone(PARIS).strftime("%d/%m/%Y") if run_date else "",
        plotly_js=Markup("") if for_pdf else Markup(_plotly_js()),
    )


def render_pdf(data: ReportData) -> bytes:
    """The report as a PDF (A4), rendered by WeasyPrint.

    Raises:
        VerbatimError: WeasyPrint or its system libraries cannot be loaded (French message).
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise VerbatimError(
            Msg.REPORT_PDF_UNAVAILABLE.format(detail=type(error).__name__)
        ) from error
    return HTML(string=render_html(data, for_pdf=True)).write_pdf()


def build_report(session: Session, *, actor: Principal, period: str) -> ReportFiles:
    """The HTML and PDF of a period's report.

    Args:
        session: Open session (read only).
        actor: Who asks (needs the export permission).
        period: "2026", "2026-Q3" or "2026-10".

    Raises:
        VerbatimError: Bad period, or no PDF renderer.
        PermissionDenied: ``actor`` may not export.
    """
    data = build_report_data(session, actor=actor, period=period)
    return ReportFiles(
        name=f"rapport-{data.period.key}", html=render_html(data), pdf=render_pdf(data)
    )


def write_report(session: Session, *, actor: Principal, period: str, out_dir: Path) -> list[Path]:
    """Write ``rapport-<period>.html`` and ``rapport-<period>.pdf`` into ``out_dir``.

    Returns:
        The two paths (HTML first).

    Raises:
        VerbatimError: Bad period, ``out_dir`` is a file, or no PDF renderer.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise VerbatimError(Msg.EXPORT_NOT_A_FOLDER.format(path=out_dir))
    files = build_report(session, actor=actor, period=period)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / f"{files.name}.html"
    pdf_path = out_dir / f"{files.name}.pdf"
    html_path.write_text(files.html, encoding="utf-8")
    pdf_path.write_bytes(files.pdf)
    return [html_path, pdf_path]
