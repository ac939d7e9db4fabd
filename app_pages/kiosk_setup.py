"""Borne: start the kiosk on this device, or show the QR code that opens it on tablets."""

from __future__ import annotations

import streamlit as st

from app_pages import _state
from app_pages._state import KioskConfig
from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import can_open
from verbatim.survey.kiosk import load_flow, published_questionnaires
from verbatim.survey.kiosk_link import kiosk_url, qr_png
from verbatim.survey.languages import language_name
from verbatim.survey.questionnaires import get_or_create_site, list_sites

principal = _state.guard("kiosk")
st.title("Borne")
st.write(
    "La borne montre un questionnaire publié, une question par écran, sur une tablette posée en "
    "salle d'attente. Elle ne donne accès à rien d'autre : ni aux réponses, ni aux autres pages."
)

with _state.read() as session:
    published = dict(published_questionnaires(session))
    sites = [s.name for s in list_sites(session)]

if not published:
    st.info(Msg.KIOSK_NO_PUBLISHED)
    if can_open(principal, "questionnaires"):
        st.page_link(
            "app_pages/questionnaires.py",
            label="Ouvrir les questionnaires",
            icon=":material/edit_note:",
        )
    st.stop()

slug = st.selectbox("Questionnaire", list(published), format_func=published.get, key="kiosk_q")
with _state.read() as session:
    offered = load_flow(session, slug=slug).languages
st.caption(
    "Langues proposées aux patients : "
    + ", ".join(language_name(code) for code in offered)
    + ". Une langue s'ajoute quand toutes les questions publiées sont traduites "
    "(Questionnaires › Traductions)."
)
site = st.selectbox(
    "Site (lieu où la borne est posée)",
    sites,
    index=0 if sites else None,
    accept_new_options=True,
    placeholder="Choisissez ou tapez le nom d'un site",
    key="kiosk_site",
)
context = st.text_input(
    "Contexte (facultatif)",
    placeholder="ex. consultation, après une hospitalisation",
    key="kiosk_context",
)

faces = st.checkbox(
    "Montrer un visage à côté des réponses de satisfaction (de « pas du tout satisfait » à "
    "« très satisfait »)",
    value=True,
    key="kiosk_faces",
)

here, lan = st.tabs(["Sur cet appareil", "Tablettes et téléphones du réseau"])

with here:
    st.write(
        "Cet onglet du navigateur devient la borne. Pour revenir aux pages de l'équipe, il faudra "
        "taper le code de sortie."
    )
    if _state.env_pin():
        st.caption("Code de sortie : celui défini par l'administrateur (VERBATIM_KIOSK_PIN).")
        pin = _state.env_pin()
    else:
        pin = st.text_input(
            "Code de sortie (au moins 4 caractères)", type="password", key="kiosk_pin"
        )
    if st.button("Démarrer la borne sur cet appareil", type="primary", key="kiosk_start"):
        if not pin or len(pin.strip()) < 4:
            st.error(Msg.KIOSK_PIN_TOO_SHORT)
        else:
            try:
                site_row = None
                if site and site.strip():
                    with _state.write() as session:
                        site_row = get_or_create_site(session, name=site)
                _state.lock_session(
                    KioskConfig(
                        slug=slug,
                        site_id=site_row.id if site_row else None,
                        site_name=site_row.name if site_row else None,
                        context=context.strip() or None,
                        pin=pin.strip(),
                        faces=faces,
                    )
                )
            except VerbatimError as error:
                _state.show_error(error)
            else:
                st.rerun()

with lan:
    if site and site.strip() and site not in sites:
        st.warning(f"Le site « {site} » n'existe pas encore : enregistrez-le pour la borne.")
        if st.button(f"Enregistrer le site « {site} »", key="kiosk_add_site"):
            with _state.write() as session:
                get_or_create_site(session, name=site)
            st.rerun()
        site = None
    port = _state.kiosk_port()
    url = kiosk_url(
        _state.kiosk_address(port), slug=slug, site=site, context=context.strip(), faces=faces
    )
    st.write(
        "Sur ce poste, lancez la borne du réseau local avec la commande "
        "`verbatim serve --kiosk`, puis scannez ce code avec la tablette ou le téléphone "
        "(connecté au même Wi-Fi) :"
    )
    left, right = st.columns([1, 2])
    left.image(qr_png(url), caption="Code QR de la borne", width=260)
    right.code(url, language=None, wrap_lines=True)
    right.caption(
        "Cette adresse ne mène qu'au questionnaire : la borne du réseau local n'a aucune autre "
        "page. Scannez le code avec l'appareil de la salle d'attente, puis laissez-le sur le "
        "questionnaire."
    )
