"""Verbatim's Streamlit entry point: page configuration, sign-in, then the navigation of the role.

The waiting-room screen (``VERBATIM_MODE=public``) shows the public decisions only. Kiosk mode
(``VERBATIM_MODE=kiosk``, a browser session locked from the "Borne" page, or a kiosk
account) has the kiosk page only, hidden, so no other page or answer can be reached: any other
address shows the kiosk. Otherwise nobody sees anything before signing in, and the menu holds the
pages the person's role may open (verbatim.review.permissions, the same table the services check).
"""

from pathlib import Path

import streamlit as st

from app_pages import _state
from verbatim.review.permissions import Role, pages_for

PAGES = Path(__file__).parent / "app_pages"
# page key -> (file, title, icon, url path, menu section); keys as in PAGE_PERMISSIONS
REGISTRY = {
    "home": ("home.py", "Accueil", ":material/home:", "accueil", ""),
    "questionnaires": (
        "questionnaires.py",
        "Questionnaires",
        ":material/edit_note:",
        None,
        "Recueillir",
    ),
    "kiosk": ("kiosk_setup.py", "Borne", ":material/tablet:", _state.KIOSK_URL_PATH, "Recueillir"),
    "paper": ("paper.py", "Saisie papier", ":material/draw:", "saisie", "Recueillir"),
    "imports": ("imports.py", "Import", ":material/upload_file:", "import", "Recueillir"),
    "answers": ("answers.py", "Réponses", ":material/bar_chart:", "reponses", "Lire"),
    "analysis": ("analysis.py", "Analyse", ":material/insights:", "analyse", "Lire"),
    "signals": ("signals.py", "Signaux faibles", ":material/crisis_alert:", "signaux", "Lire"),
    "report": ("report.py", "Rapport", ":material/summarize:", "rapport", "Lire"),
    "review": ("review.py", "Relecture", ":material/rate_review:", "relecture", "Relire ensemble"),
    "meeting": ("meeting.py", "Séance", ":material/groups:", "seance", "Relire ensemble"),
    "public": (
        "public.py",
        "Vous nous avez dit",
        ":material/campaign:",
        _state.PUBLIC_URL_PATH,
        "Relire ensemble",
    ),
    "redactions": (
        "redactions.py",
        "Pseudonymisation",
        ":material/visibility_off:",
        "pseudonymisation",
        "Administrer",
    ),
    "audit": ("audit.py", "Journal", ":material/history:", "journal", "Administrer"),
    "admin": ("admin.py", "Comptes", ":material/manage_accounts:", "comptes", "Administrer"),
}


def single_page(file: str, title: str, own: str, fallback: str) -> None:
    """A one-page app (kiosk, waiting-room screen): every address shows that page.

    Any other path typed in the browser is registered as a hidden alias of the page; and since
    Streamlit answers "page not found" for the default page's own path, the default page takes
    ``fallback`` when that path is typed.
    """
    alias = _state.kiosk_alias("")
    path = fallback if alias == own else own
    pages = [st.Page(PAGES / file, title=title, url_path=path)]
    if alias and alias != path:
        pages.append(st.Page(PAGES / file, title=title, url_path=alias, visibility="hidden"))
    st.navigation(pages, position="hidden").run()


def kiosk_navigation() -> None:
    single_page("kiosk.py", "Questionnaire", _state.KIOSK_URL_PATH, "questionnaire")


def sign_out() -> None:
    from verbatim.review.accounts import sign_out as close

    token = st.session_state.get(_state.AUTH_TOKEN)
    principal = _state.current_principal()
    if token and principal:
        with _state.write() as session:
            close(session, principal=principal, token=token)
    _state.forget_principal()


if _state.public_mode():  # the waiting-room screen: the public page only, no sign-in
    st.set_page_config(
        page_title="Vous nous avez dit, nous avons fait",
        page_icon=":material/forum:",
        layout="wide",
        initial_sidebar_state="collapsed",
    )
    _state.declare_french()
    single_page("public.py", "Vous nous avez dit", _state.PUBLIC_URL_PATH, "ecran")
    st.stop()

kiosk = _state.kiosk_mode()
st.set_page_config(
    page_title="Questionnaire" if kiosk else "Verbatim",
    page_icon=":material/forum:",
    layout="centered" if kiosk else "wide",
    initial_sidebar_state="collapsed" if kiosk else "auto",
)
_state.declare_french()

if kiosk:
    kiosk_navigation()
else:
    # Plotly uses pandas only if it is already in sys.modules: two sessions starting at once could
    # see it half-imported ("partially initialized module"). A real import waits for it instead.
    import pandas  # noqa: F401

    principal = _state.refresh_principal()
    if principal is None:
        st.navigation([st.Page(PAGES / "login.py", title="Connexion")], position="hidden").run()
    elif principal.role == Role.KIOSK:
        kiosk_navigation()
    else:
        sections: dict[str, list] = {}
        for key in pages_for(principal):
            if key not in REGISTRY or not (PAGES / REGISTRY[key][0]).is_file():
                continue
            file, title, icon, url_path, section = REGISTRY[key]
            sections.setdefault(section, []).append(
                st.Page(
                    PAGES / file, title=title, icon=icon, url_path=url_path, default=key == "home"
                )
            )
        with st.sidebar:
            st.caption(f"Connecté : {principal.label}")
            st.button("Se déconnecter", on_click=sign_out, icon=":material/logout:")
        st.navigation(sections, expanded=True).run()  # no "View more" (an English link)
