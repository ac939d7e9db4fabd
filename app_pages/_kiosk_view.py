"""How one kiosk question looks: large touch targets, one question per screen.

Shared by the kiosk page and the builder's preview (which draws the same widgets, disabled).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import streamlit as st

from verbatim.config import get_settings
from verbatim.survey import i18n, kinds
from verbatim.survey.kiosk import KioskQuestion

# Buttons at least 64 px high and text at least 20 px: readable at arm's length, easy to touch.
KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.block-container { padding-top: 1.5rem; max-width: 960px; }
.stApp p, .stApp li, .stApp label, .stApp .stMarkdown { font-size: 22px; line-height: 1.45; }
.stApp h1 { font-size: 34px; }
.stApp h2 { font-size: 30px; }
.stApp .stButton button, .stApp .stFormSubmitButton button {
  min-height: 68px; width: 100%; border-radius: 14px; padding: 10px 18px;
}
.stApp .stButton button p, .stApp .stFormSubmitButton button p {
  font-size: 23px; font-weight: 600;
}
.stApp textarea { font-size: 22px !important; min-height: 180px; }
/* Streamlit's captions (60 % opacity) are too pale for WCAG AA (4.5:1): 7.5:1 grey instead */
.stApp [data-testid="stCaptionContainer"] { opacity: 1; }
.stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stCaptionContainer"] p {
  color: #4b5563; font-size: 20px;
}
/* Streamlit's own dialogs (e.g. its English "Connection error") never show on the kiosk */
[data-testid="stDialog"], [data-testid="stConnectionStatus"] { display: none !important; }
[data-testid="stSkipToContent"] { font-size: 20px; }
/* Streamlit's small English hint under text boxes ("Press Ctrl+Enter to apply") */
[data-testid="InputInstructions"] { display: none !important; }
#kiosk-offline {
  position: fixed; top: 0; left: 0; right: 0; z-index: 100000; padding: 18px 24px;
  background: #7c2d12; color: #ffffff; font-size: 24px; font-weight: 600; line-height: 1.4;
  text-align: center; box-shadow: 0 4px 12px rgba(0, 0, 0, 0.3);
}
#kiosk-offline[hidden] { display: none; }
.st-key-kiosk_print .stButton button { min-height: 56px; }
.st-key-kiosk_print [data-testid="stIconMaterial"] { font-size: 30px; }
.st-key-kiosk_languages .stButton button p { font-size: 26px; }
.kiosk-question { font-size: 30px; font-weight: 700; margin: 0.5rem 0 1rem 0; line-height: 1.3; }
.kiosk-progress { font-size: 20px; color: #4a5568; }
[class*="_scale"] .stButton button { padding: 6px 0; min-width: 0; }
.kiosk-scale-ends {
  display: flex; justify-content: space-between; color: #4b5563; font-size: 20px;
}
.st-key-kiosk_team .stButton button { min-height: 44px; width: auto; }
.st-key-kiosk_team .stButton button p, .st-key-kiosk_team p { font-size: 18px; font-weight: 400; }
@media (max-width: 640px) {
  .block-container { padding-left: 0.75rem; padding-right: 0.75rem; }
  .kiosk-question { font-size: 26px; }
  .stApp h1 { font-size: 28px; }
}
</style>
"""

# Large print: about one and a half times the kiosk's usual sizes.
LARGE_PRINT_CSS = """
<style>
.stApp p, .stApp li, .stApp label, .stApp .stMarkdown { font-size: 32px; line-height: 1.4; }
.stApp h1 { font-size: 46px; }
.kiosk-question { font-size: 44px; }
.kiosk-progress, .kiosk-scale-ends { font-size: 28px; }
.stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stCaptionContainer"] p {
  font-size: 28px;
}
.stApp .stButton button p, .stApp .stFormSubmitButton button p { font-size: 32px; }
.stApp .stButton button { min-height: 84px; }
.stApp textarea { font-size: 32px !important; }
</style>
"""

# Right-to-left languages: the whole kiosk reads from the right (columns swap sides too).
RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stMain"] * { direction: rtl; }
[data-testid="stMain"] p, [data-testid="stMain"] h1, .kiosk-question, .kiosk-progress,
[data-testid="stMain"] textarea { text-align: right; }
</style>
"""

# A face for each Likert answer, from very unhappy (1) to very happy (5): (fill, mouth control y)
FACES = {
    1: ("#fecaca", 25),
    2: ("#fed7aa", 29),
    3: ("#fef08a", 33),
    4: ("#d9f99d", 38),
    5: ("#bbf7d0", 42),
}


def _face_svg(fill: str, mouth: int) -> str:
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 48 48'>"
        f"<circle cx='24' cy='24' r='21' fill='{fill}' stroke='#1f2937' stroke-width='2.5'/>"
        "<circle cx='17' cy='19' r='2.6' fill='#1f2937'/>"
        "<circle cx='31' cy='19' r='2.6' fill='#1f2937'/>"
        f"<path d='M14 33 Q24 {mouth} 34 33' fill='none' stroke='#1f2937' stroke-width='2.8' "
        "stroke-linecap='round'/></svg>"
    )
    return svg.replace("#", "%23").replace("<", "%3C").replace(">", "%3E")


def faces_css() -> str:
    """CSS that puts a face before each Likert answer's words (decorative: the words stay)."""
    rules = [
        f'[class*="_likert"] [class*="_opt_{level}"] button::before {{'
        f' background-image: url("data:image/svg+xml,{_face_svg(fill, mouth)}"); }}'
        for level, (fill, mouth) in FACES.items()
    ]
    return (
        "<style>\n"
        '[class*="_likert"] .stButton button { justify-content: flex-start; gap: 16px; }\n'
        '[class*="_likert"] .stButton button::before { content: ""; flex: 0 0 48px; '
        "height: 48px; background-repeat: no-repeat; background-size: contain; }\n"
        + "\n".join(rules)
        + "\n</style>"
    )


Callback = Callable[..., None]


def inject_css(*, large_print: bool = False, faces: bool = False, language: str = "fr") -> None:
    """Large, touch-friendly styles for the kiosk (and hide Streamlit's header and menu).

    Args:
        large_print: Add the large-print sizes.
        faces: Show a face before each Likert answer.
        language: The patient's language (right-to-left scripts get a right-to-left layout).
    """
    css = KIOSK_CSS
    if large_print:
        css += LARGE_PRINT_CSS
    if faces:
        css += faces_css()
    if i18n.direction(language) == "rtl":
        css += RTL_CSS
    st.html(css)


def declare_language(language: str) -> None:
    """Set ``<html lang dir>`` to the patient's language, so screen readers read it right.

    app.py declares every page French; a kiosk in Arabic says ``lang="ar" dir="rtl"``.
    """
    code = language if i18n.has_interface(language) else i18n.FRENCH
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(code)};"
        f"document.documentElement.dir = {json.dumps(i18n.direction(code))};</script>",
        unsafe_allow_javascript=True,
    )


# Watches the connection to the server (and puts Streamlit's skip link in the patient's language):
# Streamlit marks its connection state on the app element while it reconnects, and the browser
# knows when the network is gone. The patient then reads a message in their
# language; the page itself stays as it is, so what was typed stays in its box and is sent
# once the connection is back (the server keeps the session for two minutes).
CONNECTION_WATCH = """
<script>
(() => {
  window.verbatimOfflineText = %s;
  window.verbatimSkipText = %s;
  if (window.verbatimWatch) { return; }
  const banner = document.createElement("div");
  banner.id = "kiosk-offline";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  document.body.appendChild(banner);
  let lost = false;
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute("data-test-connection-state") : null;
    if (state === "PINGING_SERVER" || state === "DISCONNECTED_FOREVER") {
      lost = true;
    } else if (state === "CONNECTED") {
      lost = false;
    }  // while reconnecting ("CONNECTING"), keep what was shown
    lost = lost || !navigator.onLine;
    banner.textContent = window.verbatimOfflineText;
    banner.lang = document.documentElement.lang;
    banner.dir = document.documentElement.dir || "ltr";
    banner.hidden = !lost;
    // Streamlit's skip link is in English: say it in the patient's language
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip && skip.textContent !== window.verbatimSkipText) {
      skip.textContent = window.verbatimSkipText;
    }
  };
  window.verbatimWatch = setInterval(check, 500);
  window.addEventListener("offline", check);
  window.addEventListener("online", check);
})();
</script>
"""


def connection_watch(language: str) -> None:
    """Show a message in the patient's language whenever the connection to the server is lost."""
    st.html(
        CONNECTION_WATCH
        % (json.dumps(i18n.text(language, "offline")), json.dumps(i18n.text(language, "skip"))),
        unsafe_allow_javascript=True,
    )


def question_title(question: KioskQuestion, *, language: str = "fr") -> None:
    """The question text in large type, with its help text and an "optional" hint."""
    # The text comes from the coordinator's questionnaire; escape it before putting it in HTML.
    text = html.escape(question.text)
    if language == i18n.FRENCH:  # French puts a space before ? ! : ; — never a line break
        text = re.sub(r" ([?!:;])", "\u00a0\\1", text)
    st.html(f'<div class="kiosk-question">{text}</div>')
    if question.help_text:
        st.caption(question.help_text)
    if not question.required:
        st.caption(i18n.text(language, "optional"))


def answer_widgets(
    question: KioskQuestion,
    value: Any,
    *,
    key: str,
    on_choose: Callback | None = None,
    on_toggle: Callback | None = None,
    on_text: Callback | None = None,
    disabled: bool = False,
    language: str = "fr",
) -> None:
    """The answer buttons (or text box) of one question.

    Args:
        question: The question.
        value: The current answer (None when unanswered).
        key: Prefix that makes widget keys unique (includes the kiosk's round).
        on_choose: ``on_choose(link_id, value)`` when an option is tapped (single answers).
        on_toggle: ``on_toggle(link_id, value)`` when a multiple-choice option is tapped.
        on_text: ``on_text(link_id, widget_key)`` when the text box's value is committed.
        disabled: Draw only (builder preview).
        language: The patient's language (for the kiosk's own words).
    """
    kind, link_id = question.kind, question.link_id
    if question.is_text:
        widget_key = f"{key}_text"
        st.text_area(
            i18n.text(language, "answer_label"),
            value=value or "",
            key=widget_key,
            height=200 if kind == kinds.LONG_TEXT else 90,
            max_chars=question.max_length or get_settings().max_cell_chars,
            placeholder=i18n.text(language, "placeholder"),
            on_change=on_text,
            args=(link_id, widget_key),
            disabled=disabled,
        )
        return
    chosen = set(value) if isinstance(value, list) else {value}
    options = question.options
    if kind == kinds.SCALE10:
        with st.container(key=f"{key}_scale"):
            columns = st.columns(len(options), gap="small")
            for column, (option, label) in zip(columns, options, strict=True):
                with column:
                    _option_button(
                        label, option, option in chosen, key, link_id, on_choose, disabled
                    )
        low, high = i18n.text(language, "scale_low"), i18n.text(language, "scale_high")
        st.html(
            f'<div class="kiosk-scale-ends"><span>{html.escape(low)}</span>'
            f"<span>{html.escape(high)}</span></div>"
        )
        return
    if kind == kinds.YES_NO:
        columns = st.columns(len(options))
        for column, (option, label) in zip(columns, options, strict=True):
            with column:
                _option_button(label, option, option in chosen, key, link_id, on_choose, disabled)
        return
    callback = on_toggle if kind == kinds.MULTIPLE_CHOICE else on_choose
    if kind == kinds.MULTIPLE_CHOICE:
        st.caption(i18n.text(language, "several"))
    # the Likert answers sit in their own container so the faces' CSS can find them
    with st.container(key=f"{key}_likert") if kind == kinds.LIKERT5 else nullcontext():
        for option, label in options:
            _option_button(label, option, option in chosen, key, link_id, callback, disabled)


def _option_button(
    label: str,
    option: Any,
    selected: bool,
    key: str,
    link_id: str,
    callback: Callback | None,
    disabled: bool,
) -> None:
    st.button(
        f"✓ {label}" if selected else label,
        key=f"{key}_opt_{option}",
        type="primary" if selected else "secondary",
        width="stretch",
        on_click=callback,
        args=(link_id, option),
        disabled=disabled,
    )


def preview(questions: list[KioskQuestion], *, key: str) -> None:
    """Every question as the patient sees it, one framed screen each (builder preview)."""
    total = len(questions)
    for position, question in enumerate(questions, start=1):
        with st.container(border=True):
            st.caption(f"Écran {position} sur {total}")
            if question.show_if:
                st.caption(_condition_text(question, questions))
            question_title(question)
            answer_widgets(question, None, key=f"{key}_{question.link_id}", disabled=True)


def _condition_text(question: KioskQuestion, questions: list[KioskQuestion]) -> str:
    cond = question.show_if or {}
    source = next((q for q in questions if q.link_id == cond.get("question")), None)
    name = f"« {source.text} »" if source else cond.get("question", "?")
    if cond.get("operator") == "exists":
        return f"Affichée seulement si la question {name} a une réponse."
    labels = dict(source.options) if source else {}
    shown_value = labels.get(cond.get("value"), cond.get("value"))
    for option, label in labels.items():
        if str(option) == str(cond.get("value")):
            shown_value = label
    verb = "est" if cond.get("operator", "=") == "=" else "n'est pas"
    return f"Affichée seulement si la réponse à {name} {verb} « {shown_value} »."
