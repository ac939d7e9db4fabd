"""The kiosk a patient answers: notice, one question per screen, thank-you, back to the start.

Every decision is made by :class:`verbatim.survey.kiosk.KioskFlow`; this page draws the screen on
which the flow stands and turns taps into flow calls. A fragment re-checks inactivity every few
seconds and brings the kiosk back to its first screen when the patient has walked away.
"""

from __future__ import annotations

import html
import logging
import os

import streamlit as st

from app_pages import _kiosk_view as view
from app_pages import _state
from app_pages._state import KioskConfig
from verbatim.db.tables import utcnow
from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import Permission, require
from verbatim.survey import i18n
from verbatim.survey.kiosk import (
    NOTICE,
    THANKS,
    KioskFlow,
    KioskState,
    Step,
    load_flow,
    published_questionnaires,
)
from verbatim.survey.questionnaires import find_site, list_sites

logger = logging.getLogger("verbatim.kiosk")
WATCH_SECONDS = 2  # how often the page checks for an idle patient
CHOOSE = "choose"  # KIOSK_SETUP value: the LAN kiosk shows its set-up screen


# --- which questionnaire this kiosk shows ------------------------------------------------------


def resolve_config() -> KioskConfig | None:
    """The kiosk's questionnaire and site: from the lock, the set-up screen, the URL or the env."""
    locked = _state.locked_config()
    if locked is not None:
        return locked
    chosen = st.session_state.get(_state.KIOSK_SETUP)
    if isinstance(chosen, KioskConfig):
        return chosen
    if chosen == CHOOSE:
        return None
    params = st.query_params
    slug = params.get("questionnaire") or os.environ.get("VERBATIM_KIOSK_QUESTIONNAIRE")
    site_name = params.get("site") or os.environ.get("VERBATIM_KIOSK_SITE")
    context = params.get("contexte") or os.environ.get("VERBATIM_KIOSK_CONTEXT")
    faces = (params.get("visages") or os.environ.get("VERBATIM_KIOSK_FACES", "oui")) != "non"
    with _state.read() as session:
        published = dict(published_questionnaires(session))
        if not slug and len(published) == 1:
            slug = next(iter(published))
        if not slug or slug not in published:
            return None
        site = find_site(session, name=site_name) if site_name else None
    config = KioskConfig(
        slug=slug,
        site_id=site.id if site else None,
        site_name=site.name if site else None,
        context=context or None,
        pin=_state.env_pin(),
        faces=faces,
    )
    st.session_state[_state.KIOSK_SETUP] = config
    return config


def setup_screen() -> None:
    """The LAN kiosk's first screen when nothing says which questionnaire to show."""
    st.title("Borne : choisir le questionnaire")
    with _state.read() as session:
        published = published_questionnaires(session)
        sites = [(s.id, s.name) for s in list_sites(session)]
    if not published:
        st.info(Msg.KIOSK_NO_PUBLISHED)
        return
    with st.form("kiosk_setup_form"):
        titles = dict(published)
        slug = st.selectbox("Questionnaire", list(titles), format_func=titles.get)
        site_names = dict(sites)
        site_id = st.selectbox(
            "Site", [None, *site_names], format_func=lambda i: site_names.get(i, "(aucun)")
        )
        context = st.text_input("Contexte (facultatif)", placeholder="ex. consultation")
        faces = st.checkbox("Visages à côté des réponses de satisfaction", value=True)
        pin = st.text_input("Code de la borne", type="password") if _state.env_pin() else ""
        if st.form_submit_button("Démarrer la borne", type="primary"):
            expected = KioskConfig(slug=slug, pin=_state.env_pin())
            if _state.env_pin() and not expected.pin_matches(pin):
                st.error(Msg.KIOSK_BAD_PIN)
                return
            st.session_state[_state.KIOSK_SETUP] = KioskConfig(
                slug=slug,
                site_id=site_id,
                site_name=site_names.get(site_id),
                context=context.strip() or None,
                pin=_state.env_pin(),
                faces=faces,
            )
            st.rerun()


# --- the flow and its state --------------------------------------------------------------------


def current_flow(config: KioskConfig, state: KioskState | None) -> KioskFlow:
    """The flow in use; re-read once per patient (each round) so a newly published version
    applies, not at every tap on the first screen."""
    flow = st.session_state.get(_state.KIOSK_FLOW)
    round_ = state.round if state is not None else 0  # a new session starts at round 0
    if (
        flow is None
        or flow.slug != config.slug
        or st.session_state.get(_state.KIOSK_FLOW_ROUND) != round_
    ):
        with _state.read() as session:
            flow = load_flow(session, slug=config.slug)
        st.session_state[_state.KIOSK_FLOW] = flow
        st.session_state[_state.KIOSK_FLOW_ROUND] = round_
    return flow


def _flow() -> KioskFlow:
    return st.session_state[_state.KIOSK_FLOW]


def _state_now() -> KioskState:
    return st.session_state[_state.KIOSK_STATE]


def _begin() -> None:
    _flow().begin(_state_now(), utcnow())


def _language(code: str) -> None:
    _flow().choose_language(_state_now(), code, utcnow())


def _large_print() -> None:
    _flow().toggle_large_print(_state_now(), utcnow())


def _choose(link_id: str, value: object) -> None:
    _flow().set_answer(_state_now(), link_id, value, utcnow())


def _toggle(link_id: str, value: object) -> None:
    _flow().toggle_choice(_state_now(), link_id, value, utcnow())


def _text(link_id: str, widget_key: str) -> None:
    _flow().set_answer(_state_now(), link_id, st.session_state.get(widget_key, ""), utcnow())


def _next(config: KioskConfig, text_key: str | None) -> None:
    flow, state, now = _flow(), _state_now(), utcnow()
    question = flow.question(state)
    if text_key and question is not None:
        flow.set_answer(state, question.link_id, st.session_state.get(text_key, ""), now)
    if flow.next(state, now) is not Step.READY:
        return
    try:
        with _state.write() as session:
            flow.submit(
                session,
                state,
                now=now,
                site_id=config.site_id,
                context=config.context,
                actor=_state.current_principal(),
            )
    except VerbatimError as error:
        state.error = str(error)
    except Exception:  # a patient must never see a traceback; the log keeps it for the team
        logger.exception("kiosk submission failed")
        state.error = i18n.text(state.language, "technical")


def _back() -> None:
    _flow().back(_state_now(), utcnow())


def _restart() -> None:
    st.session_state[_state.KIOSK_STATE] = _flow().reset(_state_now(), utcnow())


def _leave(config: KioskConfig, pin_key: str) -> None:
    if not config.pin_matches(st.session_state.get(pin_key, "")):
        st.session_state[pin_key + "_error"] = True
        return
    _state.unlock_session()
    if _state.lan_kiosk():
        st.session_state[_state.KIOSK_SETUP] = CHOOSE


@st.fragment(run_every=WATCH_SECONDS)
def watch_inactivity() -> None:
    """Every few seconds: back to the first screen if the patient has walked away."""
    flow = st.session_state.get(_state.KIOSK_FLOW)
    state = st.session_state.get(_state.KIOSK_STATE)
    if flow is None or state is None:
        return
    state, reset = flow.tick(state, utcnow())
    if reset:
        st.session_state[_state.KIOSK_STATE] = state
        st.rerun()


# --- screens -----------------------------------------------------------------------------------


def language_choice(flow: KioskFlow, state: KioskState) -> None:
    """One button per language, each in its own name and script (only when there is a choice)."""
    if len(flow.languages) < 2:
        return
    st.html(
        f'<div class="kiosk-progress">{html.escape(i18n.text(state.language, "choose_language"))}'
        "</div>"
    )
    with st.container(key="kiosk_languages", horizontal=True):
        for code in flow.languages:
            st.button(
                i18n.text(code, "name"),
                key=f"kiosk_{state.round}_lang_{code}",
                type="primary" if code == state.language else "secondary",
                on_click=_language,
                args=(code,),
            )


def large_print_switch(state: KioskState) -> None:
    """The large-print switch, on every screen (its label says what a tap will do)."""
    label = i18n.text(state.language, "large_off" if state.large_print else "large_on")
    with st.container(key="kiosk_print"):
        st.button(
            label,
            key=f"kiosk_{state.round}_print",
            icon=":material/text_increase:"
            if not state.large_print
            else ":material/text_decrease:",
            on_click=_large_print,
        )


def notice_screen(flow: KioskFlow, state: KioskState) -> None:
    """The languages, the questionnaire's title and the information notice, then "Commencer"."""
    language = state.language
    language_choice(flow, state)
    st.title(flow.title_in(language))
    description = flow.description_in(language)
    if description:
        st.write(description)
    with st.container(border=True):
        st.markdown(i18n.text(language, "notice"))
    st.button(
        i18n.text(language, "begin"),
        key=f"kiosk_{state.round}_begin",
        type="primary",
        width="stretch",
        on_click=_begin,
    )


def question_screen(flow: KioskFlow, state: KioskState, config: KioskConfig) -> None:
    """One question, its answers, and "Précédent" / "Suivant" (or "Envoyer" on the last)."""
    question = flow.question(state)
    if question is None:
        st.session_state[_state.KIOSK_STATE] = flow.reset(state, utcnow())
        st.rerun()
        return
    language = state.language
    position, total = flow.progress(state)
    progress = i18n.text(language, "progress", position=position, total=total)
    st.html(f'<div class="kiosk-progress">{html.escape(progress)}</div>')
    st.progress(position / max(total, 1))
    view.question_title(question, language=language)
    key = f"kiosk_{state.round}_{question.link_id}"
    view.answer_widgets(
        question,
        state.answers.get(question.link_id),
        key=key,
        on_choose=_choose,
        on_toggle=_toggle,
        on_text=_text,
        language=language,
    )
    if state.error:
        st.error(state.error, icon=":material/back_hand:")
    back, forward = st.columns(2)
    with back:
        st.button(i18n.text(language, "back"), key=f"{key}_back", width="stretch", on_click=_back)
    with forward:
        st.button(
            i18n.text(language, "send" if flow.is_last(state) else "next"),
            key=f"{key}_next",
            type="primary",
            width="stretch",
            on_click=_next,
            args=(config, f"{key}_text" if question.is_text else None),
        )


def thanks_screen(state: KioskState) -> None:
    """Thanks, then back to the start (by itself after a few seconds)."""
    language = state.language
    st.title(i18n.text(language, "thanks_title"))
    st.write(i18n.text(language, "thanks_body"))
    st.caption(i18n.text(language, "thanks_caption"))
    st.button(
        i18n.text(language, "done"), key=f"kiosk_{state.round}_done", type="primary",
        width="stretch", on_click=_restart,
    )  # fmt: skip


def exit_control(config: KioskConfig) -> None:
    """A discreet "Quitter la borne" for the team, behind the exit code (absent without one)."""
    if not config.pin:
        return
    pin_key = "kiosk_exit_pin"
    st.divider()
    with st.container(key="kiosk_team"), st.expander("Équipe"):
        st.text_input("Code de sortie", type="password", key=pin_key)
        if st.session_state.pop(pin_key + "_error", False):
            st.error(Msg.KIOSK_BAD_PIN)
        st.button("Quitter la borne", key="kiosk_exit", on_click=_leave, args=(config, pin_key))


def main() -> None:
    """Draw the kiosk (anonymous patients; a signed-in person must be allowed to collect)."""
    principal = _state.current_principal()
    if principal is not None:
        try:
            require(principal, Permission.COLLECT)
        except VerbatimError as refused:
            _state.show_error(refused)
            return
    _state.warm_up_pseudonymiser()
    config = resolve_config()
    if config is None:
        view.inject_css()
        setup_screen()
        return
    state = st.session_state.get(_state.KIOSK_STATE)
    try:
        flow = current_flow(config, state)
    except VerbatimError as error:
        view.inject_css()
        _state.show_error(error)
        exit_control(config)
        return
    if state is None:
        state = flow.new_state(utcnow())
        st.session_state[_state.KIOSK_STATE] = state
    if state.language not in flow.languages:  # its translation was withdrawn meanwhile
        state.language = i18n.FRENCH
    view.inject_css(large_print=state.large_print, faces=config.faces, language=state.language)
    view.declare_language(state.language)
    view.connection_watch(state.language)
    large_print_switch(state)
    if state.screen == NOTICE:
        notice_screen(flow, state)
    elif state.screen == THANKS:
        thanks_screen(state)
    else:
        question_screen(flow, state, config)
    if not flow.at_rest(state):
        watch_inactivity()
    exit_control(config)


main()
