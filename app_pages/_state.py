"""The only place with Streamlit caches and session-state keys: engine, settings, kiosk locks.

Pages import this module; services never do (nothing under ``src/verbatim`` imports streamlit).
"""

from __future__ import annotations

import contextlib
import hmac
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from verbatim.config import Settings, get_settings
from verbatim.db import get_engine, session_scope, upgrade
from verbatim.errors import VerbatimError
from verbatim.review.permissions import Principal, require_page

# --- session-state keys (every key any page uses) ----------------------------------------------
KIOSK_LOCK = "kiosk_lock"  # KioskConfig: this browser session is locked into the kiosk
KIOSK_SETUP = "kiosk_setup"  # KioskConfig chosen on the LAN kiosk's own set-up screen
KIOSK_STATE = "kiosk_state"  # verbatim.survey.kiosk.KioskState
KIOSK_FLOW = "kiosk_flow"  # verbatim.survey.kiosk.KioskFlow in use
KIOSK_FLOW_ROUND = "kiosk_flow_round"  # KioskState.round the flow was read for
BUILDER_DRAFT = "builder_draft"  # the builder's working copy of a questionnaire's questions
BUILDER_SELECTED = "builder_selected"  # slug of the questionnaire open in the builder
BUILDER_NOTICE = "builder_notice"  # message shown once after a builder action
PAPER_ROUND = "paper_round"  # bumped after each saved paper form: fresh, empty widgets
PAPER_LAST = "paper_last"  # number of the last response saved from the paper form
IMPORT_ROUND = "import_round"  # bumped after each import: a fresh, empty uploader
IMPORT_DONE = "import_done"  # message shown after an import
ANSWERS_NOTICE = "answers_notice"  # message shown once after a deletion
EXPORT_ZIP = "export_zip"  # the last export prepared on the answers page
PRINCIPAL = "principal"  # verbatim.review.permissions.Principal of the signed-in person
REVIEW_NOTICE = "review_notice"  # message shown once after a review-board action
REVIEW_RUN = "review_run"  # id of the analysis run shown on the review board
MEETING_ID = "meeting_id"  # id of the review meeting open on the meeting page
REPORT_FILES = "report_files"  # ReportFiles prepared on the report page

PUBLIC_POSTER = "public_poster"  # the A4 poster (PDF bytes) prepared on the public page

LOCK_QUERY_PARAM = "borne"  # ?borne=<token> keeps a locked session locked across reloads
KIOSK_URL_PATH = "borne"  # the kiosk page and the coordinator's "Borne" page share this path
PUBLIC_URL_PATH = "affichage"  # "Vous nous avez dit, nous avons fait" (waiting-room screen)


@dataclass(frozen=True)
class KioskConfig:
    """What a kiosk shows: one published questionnaire, a site, a context; and its exit code."""

    slug: str
    site_id: int | None = None
    site_name: str | None = None
    context: str | None = None
    pin: str | None = None  # code that unlocks a locked coordinator session
    faces: bool = True  # Likert answers shown with faces as well as words

    def pin_matches(self, typed: str) -> bool:
        """True when ``typed`` is the exit code (constant-time comparison)."""
        return bool(self.pin) and hmac.compare_digest(self.pin.encode(), typed.strip().encode())


# --- settings and database ---------------------------------------------------------------------


def settings() -> Settings:
    """Settings from the environment (cheap; not cached so tests can change the environment)."""
    return get_settings()


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = get_engine(settings())
    upgrade(engine)
    return engine


def engine() -> Engine:
    """The database engine, created (and the schema upgraded) once per database URL."""
    return _engine_for(settings().database_url)


@contextmanager
def read() -> Iterator[Session]:
    """A read-only session (one transaction)."""
    with session_scope(engine()) as session:
        yield session


@contextmanager
def write() -> Iterator[Session]:
    """A write transaction: committed at the end of the block, rolled back if it raises."""
    with session_scope(engine(), write=True) as session:
        yield session


@st.cache_resource(show_spinner="Chargement du modèle de langue français…")
def nlp():  # type: ignore[no-untyped-def]
    """The French spaCy model of the theme engine, loaded once per server process (~5 s)."""
    from verbatim.themes.engine import get_nlp

    return get_nlp()


def show_error(error: VerbatimError) -> None:
    """A French message for the person, never a traceback."""
    st.error(str(error), icon=":material/warning:")


def show_notice(notice_key: str) -> None:
    """The message :func:`act` kept under ``notice_key``, shown once."""
    notice = st.session_state.pop(notice_key, None)
    if notice:
        st.success(notice)


MARKDOWN_SPECIALS = "\\`*_[]<>#!|~$"


def md(text: str) -> str:
    """Text typed by people, shown literally in Markdown (no links, images, formulas)."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in text)


def act(action: Callable[[Session], object], notice: str, *, notice_key: str) -> None:
    """Run one write service in its own transaction; show its French error, or rerun the page
    with ``notice`` kept under ``notice_key`` for the page to show once."""
    try:
        with write() as session:
            action(session)
    except VerbatimError as error:
        show_error(error)
        return
    st.session_state[notice_key] = notice
    st.rerun()


# --- who is signed in ---------------------------------------------------------------------------


def current_principal() -> Principal | None:
    """The signed-in person (``st.session_state["principal"]``, set at sign-in), if any."""
    principal = st.session_state.get(PRINCIPAL)
    return principal if isinstance(principal, Principal) else None


def guard(page: str) -> Principal:
    """The signed-in person, if their role may open ``page``; otherwise the French refusal.

    Called first thing by a page (key as in ``PAGE_PERMISSIONS``): a refused person sees the
    message and nothing else, as the page stops there. The services the page calls check again.
    """
    principal = current_principal()
    try:
        require_page(principal, page)
    except VerbatimError as refused:
        show_error(refused)
        st.stop()
    assert principal is not None  # require_page refuses nobody-signed-in
    return principal


# --- modes -------------------------------------------------------------------------------------


def lan_kiosk() -> bool:
    """True in the separate kiosk server for tablets and phones (``VERBATIM_MODE=kiosk``)."""
    return os.environ.get("VERBATIM_MODE", "").strip().lower() == "kiosk"


def public_mode() -> bool:
    """True in the waiting-room screen server (``VERBATIM_MODE=public``): public page only."""
    return os.environ.get("VERBATIM_MODE", "").strip().lower() == "public"


def env_pin() -> str | None:
    """The kiosk exit code set by the practice (``VERBATIM_KIOSK_PIN``), if any."""
    return os.environ.get("VERBATIM_KIOSK_PIN", "").strip() or None


@st.cache_resource(show_spinner=False)
def _locks() -> tuple[dict[str, KioskConfig], threading.Lock]:
    """Locked sessions by token, shared by the server's sessions (survives a page reload)."""
    return {}, threading.Lock()


def lock_session(config: KioskConfig) -> None:
    """Lock this browser session into the kiosk (the URL keeps a token so a reload stays locked)."""
    registry, lock = _locks()
    token = secrets.token_urlsafe(16)
    with lock:
        registry[token] = config
    st.session_state[KIOSK_LOCK] = config
    st.query_params[LOCK_QUERY_PARAM] = token
    for key in (KIOSK_STATE, KIOSK_FLOW):
        st.session_state.pop(key, None)


def locked_config() -> KioskConfig | None:
    """The kiosk this session is locked into, if any."""
    config = st.session_state.get(KIOSK_LOCK)
    if config is not None:
        return config
    token = st.query_params.get(LOCK_QUERY_PARAM)
    if token:
        registry, lock = _locks()
        with lock:
            config = registry.get(token)
        if config is not None:
            st.session_state[KIOSK_LOCK] = config
            return config
    return None


def unlock_session() -> None:
    """Leave the kiosk: back to the coordinator's pages (LAN kiosk: back to its set-up screen)."""
    token = st.query_params.get(LOCK_QUERY_PARAM)
    if token:
        registry, lock = _locks()
        with lock:
            registry.pop(token, None)
    st.query_params.clear()
    for key in (KIOSK_LOCK, KIOSK_SETUP, KIOSK_STATE, KIOSK_FLOW):
        st.session_state.pop(key, None)


def kiosk_alias(own: str = KIOSK_URL_PATH) -> str | None:
    """The page name in the browser's address, when it is not the kiosk's own (``own``).

    In kiosk mode every address must show the kiosk, without Streamlit's "page not found"
    dialog: the app registers the kiosk page under this name too (hidden). The public screen
    (``own=PUBLIC_URL_PATH``) does the same.
    """
    url = st.context.url
    if not url:
        return None
    segment = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    if segment == own or not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", segment):
        return None
    return segment


def kiosk_mode() -> bool:
    """True when this session may see the kiosk page and nothing else.

    A lock token the server no longer knows (it restarted) still means "kiosk": a tablet that
    reloads must never fall back to the team's pages. It then behaves as the network kiosk.
    """
    return lan_kiosk() or locked_config() is not None or bool(st.query_params.get(LOCK_QUERY_PARAM))


def declare_french() -> None:
    """Tell browsers and screen readers the page is in French (``<html lang="fr">``).

    Streamlit's own page says ``lang="en"``: a screen reader would then read the French text with
    English pronunciation (axe-core rule ``html-lang-valid``/WCAG 3.1.1). A fixed script, no input.
    """
    st.html("<script>document.documentElement.lang = 'fr';</script>", unsafe_allow_javascript=True)


# --- cached lookups ----------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def templates() -> list[tuple[str, str, int]]:
    """The shipped templates as (name, title, number of questions)."""
    from verbatim.survey.templates import list_templates

    return [(t.name, t.title, len(t.questions)) for t in list_templates()]


@st.cache_data(show_spinner=False, ttl=60)
def kiosk_address(port: int) -> str:
    """The kiosk's address on the local network (re-checked every minute: Wi-Fi changes)."""
    from verbatim.survey.kiosk_link import kiosk_base_url

    return kiosk_base_url(port=port)


def kiosk_port() -> int:
    """The port of the LAN kiosk server (``verbatim serve --kiosk``; 8502 unless changed)."""
    try:
        return int(os.environ.get("VERBATIM_KIOSK_PORT", "8502"))
    except ValueError:
        return 8502


@st.cache_resource(show_spinner=False)
def warm_up_pseudonymiser() -> threading.Thread:
    """Load the pseudonymiser's French model in the background, once per server process.

    The model takes seconds to load on first use; without this the first patient of the day
    would wait that long after "Envoyer".
    """

    def load() -> None:
        from verbatim.text.pseudonymise import pseudonymise

        # a failure here is reported, in French, by the real submission
        with contextlib.suppress(Exception):
            pseudonymise("Merci au docteur Martin.")

    thread = threading.Thread(target=load, name="verbatim-warm-up", daemon=True)
    thread.start()
    return thread


# --- signing in --------------------------------------------------------------------------------

AUTH_TOKEN = "auth_token"  # the session token of the signed-in person (see review.sessions)
REDACTIONS_NOTICE = "redactions_notice"  # message shown once after a correction
ADMIN_NOTICE = "admin_notice"  # message shown once after an administration change
AUTH_NOTICE = "auth_notice"  # why the person was signed out (expired session), shown once


def sign_in(principal: Principal, token: str) -> None:
    """Remember who signed in on this browser session."""
    st.session_state[PRINCIPAL] = principal
    st.session_state[AUTH_TOKEN] = token


def forget_principal(notice: str | None = None) -> None:
    """Sign out this browser session (the caller closes the server-side session)."""
    st.session_state.pop(PRINCIPAL, None)
    st.session_state.pop(AUTH_TOKEN, None)
    if notice:
        st.session_state[AUTH_NOTICE] = notice


def refresh_principal() -> Principal | None:
    """The signed-in person, after checking the session has not expired (each rerun).

    A session idle for too long, or whose account was deactivated, is closed and the person is
    sent back to the sign-in page with the reason.
    """
    from verbatim.review.sessions import SessionExpired, resume_session

    token = st.session_state.get(AUTH_TOKEN)
    if token is None:
        return current_principal()
    try:
        with write() as session:
            principal = resume_session(session, token=token)
    except SessionExpired as expired:
        forget_principal(str(expired))
        return None
    st.session_state[PRINCIPAL] = principal
    return principal
