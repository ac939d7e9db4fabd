"""« Vous nous avez dit, nous avons fait » : the decisions the team made public, for patients.

On the waiting-room screen (``verbatim serve --public``, ``VERBATIM_MODE=public``) nobody signs in
and this is the only page: large type, no menu, refreshed every few minutes. Inside the app the
coordinator sees the same board and prints it as an A4 poster. Nothing here comes from an answer's
text (:mod:`verbatim.public.board`).
"""

from __future__ import annotations

import html
from datetime import timedelta

import streamlit as st

from app_pages import _state
from verbatim.public.board import PublicItem, public_board
from verbatim.public.poster import EMPTY, INTRO, TITLE, footer, item_html

REFRESH = timedelta(minutes=3)  # the screen picks up new decisions without anyone touching it

SCREEN_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stStatusWidget"] {
  display: none !important;
}
.block-container { padding-top: 1.5rem; max-width: 1400px; }
.stApp h1 { font-size: 52px; line-height: 1.15; color: #0b3d5c; }
.stApp p { font-size: 26px; line-height: 1.4; }
.stApp .public-item h2 { font-size: 40px; }
.stApp .public-item .kind { font-size: 24px; }
.stApp .public-item .text { font-size: 32px; }
.stApp .public-item .meta { font-size: 24px; }
.stApp .public-footer { font-size: 20px; }
</style>
"""

ITEM_CSS = """
<style>
.public-item { border-left: 10px solid #0b6e4f; padding: 4px 0 4px 18px; margin: 0 0 26px 0; }
.public-item.watch { border-left-color: #8a5a00; }
.public-item.no_follow_up { border-left-color: #555; }
.public-item h2 { font-size: 26px; margin: 0 0 2px 0; padding: 0; }
.public-item .kind { font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em;
                     color: #0b6e4f; margin: 0 0 4px 0; }
.public-item.watch .kind { color: #7a4f00; }
.public-item.no_follow_up .kind { color: #444; }
.public-item .text { margin: 0 0 4px 0; }
.public-item .meta { color: #333; margin: 0; }
</style>
"""


def load_items() -> list[PublicItem]:
    """The public decisions, read fresh (a new decision shows at the next refresh)."""
    with _state.read() as session:
        return public_board(session)


@st.fragment(run_every=REFRESH)
def board() -> None:
    """The decisions; re-run on its own every few minutes."""
    items = load_items()
    if not items:
        st.html(f'<p class="text">{html.escape(EMPTY)}</p>')
        return
    blocks = "".join(item_html(item, tag="section", css_class="public-item ") for item in items)
    st.html(ITEM_CSS + blocks)


def poster_tools() -> None:
    """The coordinator's A4 poster (PDF) and how to show this page in the waiting room."""
    st.divider()
    st.caption(
        "Seules les décisions cochées « Afficher en salle d'attente » (pages Relecture et "
        "Séance) apparaissent ici. Pour l'écran de la salle d'attente, lancez "
        "`verbatim serve --public` (port 8503) et ouvrez son adresse sur l'écran : cette page "
        "seule, sans connexion, mise à jour toutes les 3 minutes."
    )
    if st.button("Préparer l'affiche A4 (PDF)", icon=":material/print:"):
        from verbatim.public.poster import poster_pdf

        with st.spinner("Préparation de l'affiche…"):
            st.session_state[_state.PUBLIC_POSTER] = poster_pdf(load_items())
    poster = st.session_state.get(_state.PUBLIC_POSTER)
    if poster:
        st.download_button(
            "Télécharger l'affiche (PDF)",
            data=poster,
            file_name="vous-nous-avez-dit.pdf",
            mime="application/pdf",
            icon=":material/download:",
        )


screen = _state.public_mode()
if screen:
    st.html(SCREEN_CSS)
else:
    _state.guard("public")
st.title(TITLE)
st.markdown(INTRO)
board()
st.html(f'<p class="public-footer">{html.escape(footer())}</p>')
if not screen:
    poster_tools()
