"""Verbatim's Streamlit entry point: page configuration, then the navigation for this mode.

Coordinator mode (default) lists the team's pages. Kiosk mode (``VERBATIM_MODE=kiosk``, or a
browser session locked from the "Borne" page) has the kiosk page only, hidden, so no other page or
answer can be reached: any other address shows the kiosk.
"""

from pathlib import Path

import streamlit as st

from app_pages import _state

HERE = Path(__file__).parent
PAGES = HERE / "app_pages"

kiosk = _state.kiosk_mode()
st.set_page_config(
    page_title="Questionnaire" if kiosk else "Verbatim",
    page_icon=":material/forum:",
    layout="centered" if kiosk else "wide",
    initial_sidebar_state="collapsed" if kiosk else "auto",
)

if kiosk:
    pages = [st.Page(PAGES / "kiosk.py", title="Questionnaire", url_path=_state.KIOSK_URL_PATH)]
    alias = _state.kiosk_alias()  # any other address shows the kiosk too
    if alias:
        pages.append(
            st.Page(PAGES / "kiosk.py", title="Questionnaire", url_path=alias, visibility="hidden")
        )
    page = st.navigation(pages, position="hidden")
else:
    collect = [
        st.Page(PAGES / "questionnaires.py", title="Questionnaires", icon=":material/edit_note:"),
        st.Page(
            PAGES / "kiosk_setup.py",
            title="Borne",
            icon=":material/tablet:",
            url_path=_state.KIOSK_URL_PATH,
        ),
        st.Page(
            PAGES / "paper.py", title="Saisie papier", icon=":material/draw:", url_path="saisie"
        ),
        st.Page(
            PAGES / "imports.py", title="Import", icon=":material/upload_file:", url_path="import"
        ),
    ]
    read = [
        st.Page(
            PAGES / "answers.py", title="Réponses", icon=":material/bar_chart:", url_path="reponses"
        )
    ]
    if (PAGES / "analysis.py").is_file():
        read.append(
            st.Page(
                PAGES / "analysis.py",
                title="Analyse",
                icon=":material/insights:",
                url_path="analyse",
            )
        )
    page = st.navigation(
        {
            "": [st.Page(PAGES / "home.py", title="Accueil", icon=":material/home:", default=True)],
            "Recueillir": collect,
            "Lire": read,
        }
    )
page.run()
