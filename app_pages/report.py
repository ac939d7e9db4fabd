"""Rapport: the committee report of a period, as interactive HTML and as PDF.

Thin page over verbatim.output.report, which checks the export permission and masks small counts.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import func
from sqlmodel import select

from app_pages import _state
from verbatim.db.tables import Response
from verbatim.errors import VerbatimError
from verbatim.signals.periods import MONTHS_FR

KINDS = {"quarter": "Trimestre", "month": "Mois", "year": "Année"}
QUARTERS = {f"Q{n}": f"{'1er' if n == 1 else f'{n}e'} trimestre" for n in range(1, 5)}

principal = _state.guard("report")
st.title("Rapport au comité")
st.caption(
    "Participation, résultats des questions fermées, thèmes et citations pseudonymisées, signaux "
    "faibles, décisions de la relecture et note de méthode, pour une période. Les effectifs de "
    "moins de 5 sont affichés « < 5 »."
)

with _state.read() as session:
    first, last = session.exec(
        select(func.min(Response.submitted_at), func.max(Response.submitted_at))
    ).one()
now = datetime.now(UTC)
years = list(range((first or now).year, (last or now).year + 1))

cols = st.columns(3)
kind = cols[0].selectbox("Période", list(KINDS), format_func=KINDS.get, key="rep_kind")
year = cols[1].selectbox("Année", years, index=len(years) - 1, key="rep_year")
if kind == "quarter":
    part = cols[2].selectbox("Trimestre", list(QUARTERS), format_func=QUARTERS.get, key="rep_q")
    period = f"{year}-{part}"
elif kind == "month":
    month = cols[2].selectbox(
        "Mois", range(1, 13), format_func=lambda m: MONTHS_FR[m - 1], key="rep_month"
    )
    period = f"{year}-{month:02d}"
else:
    period = str(year)

if st.button("Préparer le rapport", type="primary", key="rep_build"):
    from verbatim.output.report import build_report

    try:
        with st.spinner("Préparation du rapport (HTML et PDF)…"), _state.read() as session:
            st.session_state[_state.REPORT_FILES] = build_report(
                session, actor=principal, period=period
            )
    except VerbatimError as error:
        _state.show_error(error)

files = st.session_state.get(_state.REPORT_FILES)
if files is not None:
    st.success(f"Rapport prêt : {files.name}.")
    left, right = st.columns(2)
    left.download_button(
        "Télécharger le rapport HTML", data=files.html.encode("utf-8"),
        file_name=f"{files.name}.html", mime="text/html", key="rep_html",
    )  # fmt: skip
    right.download_button(
        "Télécharger le rapport PDF", data=files.pdf, file_name=f"{files.name}.pdf",
        mime="application/pdf", key="rep_pdf",
    )  # fmt: skip
