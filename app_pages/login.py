"""Connexion: the first start creates the coordinator account; afterwards, people sign in."""

from __future__ import annotations

import streamlit as st

from app_pages import _state
from verbatim.errors import VerbatimError
from verbatim.review.accounts import create_first_coordinator, needs_first_coordinator, sign_in


def open_session(username: str, password: str, *, first_name: str | None = None) -> None:
    """Sign in (first creating the coordinator account named ``first_name``, if given)."""
    try:
        if first_name is not None:
            with _state.write() as session:
                create_first_coordinator(
                    session, username=username, password=password, display_name=first_name
                )
        with _state.write() as session:
            principal, token = sign_in(session, username=username, password=password)
    except VerbatimError as error:
        _state.show_error(error)
    else:
        _state.sign_in(principal, token)
        st.rerun()


st.title("Verbatim")
notice = st.session_state.pop(_state.AUTH_NOTICE, None)
if notice:
    st.info(notice)

with _state.read() as session:
    first_start = needs_first_coordinator(session)

if first_start:
    st.subheader("Premier démarrage : créez le compte de coordination")
    st.write(
        "Ce compte gère les questionnaires, les réponses, l'analyse et les comptes des "
        "relecteurs (patients partenaires, représentants des usagers, professionnels)."
    )
    with st.form("first-coordinator"):
        display_name = st.text_input("Votre nom (affiché dans le journal)")
        username = st.text_input("Identifiant")
        password = st.text_input("Mot de passe (10 caractères au moins)", type="password")
        again = st.text_input("Mot de passe, une seconde fois", type="password")
        submitted = st.form_submit_button("Créer le compte", type="primary")
    if submitted:
        if password != again:
            st.error("Les deux mots de passe ne sont pas identiques.")
        else:
            open_session(username, password, first_name=display_name)
else:
    st.subheader("Connexion")
    with st.form("sign-in"):
        username = st.text_input("Identifiant")
        password = st.text_input("Mot de passe", type="password")
        submitted = st.form_submit_button("Se connecter", type="primary")
    if submitted:
        open_session(username, password)
    st.caption("Mot de passe oublié : demandez à la coordination de le changer.")
