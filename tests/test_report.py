"""The committee report: HTML and PDF of a period, with data and without, privacy kept."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _report_data import IDENTIFIERS, SMALL_SITE, analyse, plant
from _review_fixtures import COORDINATOR, PATIENT
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import Session

from verbatim.cli import main
from verbatim.db import session_scope
from verbatim.errors import PermissionDenied, VerbatimError
from verbatim.output.report import build_report, render_html
from verbatim.output.report_data import build_report_data, parse_period
from verbatim.output.report_svg import bar_chart_svg


def _text(html: str) -> str:
    """What a reader sees: the HTML without scripts and tags."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def analysed(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    with session_scope(sqlite_engine, write=True) as s:
        analyse(s, plant(s, monkeypatch))
    return sqlite_engine


def test_periods_are_years_quarters_and_months_in_paris_time():
    q3 = parse_period("2026-Q3")
    assert (q3.label, q3.months) == ("3e trimestre 2026", ("2026-07", "2026-08", "2026-09"))
    assert q3.start.isoformat() == "2026-06-30T22:00:00+00:00"  # midnight in Paris, summer time
    assert parse_period("2026-10").label == "octobre 2026"
    assert parse_period("2026").months[-1] == "2026-12"
    assert q3.contains("2026-08") and not q3.contains("2026-10")
    for bad in ("2026-13", "2026-Q5", "T3 2026", ""):
        with pytest.raises(VerbatimError, match=r"Période « .* » non reconnue"):
            parse_period(bad)


def test_report_with_data_shows_every_part_and_masks_small_counts(analysed: Engine, tmp_path):
    with session_scope(analysed) as s:
        files = build_report(s, actor=COORDINATOR, period="2026-Q3")
    assert files.name == "rapport-2026-Q3"
    text = _text(files.html)
    for heading in ("Participation", "Résultats des questions fermées", "Thèmes des commentaires",
                    "Signaux faibles", "Décisions de la relecture", "Note de méthode"):  # fmt: skip
        assert heading in text
    assert "3e trimestre 2026" in text
    site_row = re.search(rf"<td>{SMALL_SITE}</td><td class=\"n\">([^<]*)</td>", files.html)
    assert site_row and site_row.group(1) == "&lt; 5"  # 2 responses at the small site
    assert "Secrétariat" in text and "Revoir les créneaux du matin." in text
    assert "[TÉLÉPHONE]" in text and "[EMAIL]" in text  # the planted answer, quoted pseudonymised
    # self-contained: plotly.js inline, no script or stylesheet fetched from the network
    assert "Plotly.newPlot" in files.html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?:", files.html)
    assert files.pdf.startswith(b"%PDF")


def test_no_planted_identifier_appears_in_the_report(analysed: Engine, tmp_path: Path):
    with session_scope(analysed) as s:
        data = build_report_data(s, actor=COORDINATOR, period="2026")
        files = build_report(s, actor=COORDINATOR, period="2026")
    printed = render_html(data, for_pdf=True)  # what WeasyPrint lays out
    assert "<svg" in printed and "Plotly" not in printed
    pdf_text = _pdf_text(files.pdf, tmp_path)
    for identifier in IDENTIFIERS:
        assert identifier not in files.html, identifier
        assert identifier not in printed, identifier
        assert pdf_text is None or identifier not in pdf_text, identifier


def test_report_without_any_data_still_renders(session: Session):
    files = build_report(session, actor=COORDINATOR, period="2026-10")
    text = _text(files.html)
    assert "Aucune réponse n'a été recueillie sur cette période." in text
    assert "Aucune analyse des commentaires libres ne couvre cette période." in text
    assert "Aucune décision n'a encore été enregistrée." in text
    assert files.pdf.startswith(b"%PDF")


def test_only_people_who_may_export_get_the_report(session: Session):
    with pytest.raises(PermissionDenied):
        build_report_data(session, actor=PATIENT, period="2026")


def test_masked_counts_get_no_bar_in_the_pdf_charts():
    from verbatim.output.report_data import masked_breakdown

    block = masked_breakdown("Réponses par site", {"A": 12, "B": 2, "C": 30})
    assert [r.shown for r in block.rows] == ["masqué", "< 5", "30"]
    svg = bar_chart_svg(block.bars)
    assert svg.count("<rect") == 1 and "&lt; 5" in svg


def test_cli_writes_html_and_pdf(tmp_path: Path):
    out = tmp_path / "rapports"
    result = CliRunner().invoke(main, ["report", "--period", "2026-Q3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "rapport-2026-Q3.html").is_file()
    assert (out / "rapport-2026-Q3.pdf").read_bytes().startswith(b"%PDF")


def test_cli_refuses_a_bad_period_in_french(tmp_path: Path):
    result = CliRunner().invoke(
        main, ["report", "--period", "3e trimestre", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "Période « 3e trimestre » non reconnue" in result.output
    assert list(tmp_path.iterdir()) == []


def _page(principal):  # type: ignore[no-untyped-def]
    from streamlit.testing.v1 import AppTest

    from app_pages import _state

    root = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(root / "app_pages" / "report.py"), default_timeout=60)
    at.session_state[_state.PRINCIPAL] = principal
    return at.run()


def test_page_prepares_both_downloads_for_the_chosen_quarter(analysed: Engine):
    from app_pages import _state

    at = _page(COORDINATOR)
    assert not at.exception
    at.selectbox(key="rep_kind").set_value("quarter")
    at.selectbox(key="rep_year").set_value(2026)
    at.selectbox(key="rep_q").set_value("Q3")
    at.button(key="rep_build").click().run()
    assert not at.exception, [e.message for e in at.exception]
    files = at.session_state[_state.REPORT_FILES]
    assert files.name == "rapport-2026-Q3" and files.pdf.startswith(b"%PDF")
    assert len(at.get("download_button")) == 2


def test_page_refuses_reviewers(sqlite_engine: Engine):
    at = _page(PATIENT)
    assert [e.value for e in at.error] == [
        "Votre rôle (relecteur) ne permet pas d'exporter des données."
    ]
