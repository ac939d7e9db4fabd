"""How one kiosk question looks: large touch targets, one question per screen.

Shared by the kiosk page and the builder's preview (which draws the same widgets, disabled).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from verbatim.config import get_settings
from verbatim.survey import kinds
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
  color: #4b5563;
}
.kiosk-question { font-size: 30px; font-weight: 700; margin: 0.5rem 0 1rem 0; line-height: 1.3; }
.kiosk-progress { font-size: 20px; color: #4a5568; }
[class*="_scale"] .stButton button { padding: 6px 0; min-width: 0; }
.kiosk-scale-ends {
  display: flex; justify-content: space-between; color: #4b5563; font-size: 20px;
}
.st-key-kiosk_team .stButton button { min-height: 44px; width: auto; }
.st-key-kiosk_team .stButton button p, .st-key-kiosk_team p { font-size: 16px; font-weight: 400; }
</style>
"""

Callback = Callable[..., None]


def inject_css() -> None:
    """Large, touch-friendly styles for the kiosk (and hide Streamlit's header and menu)."""
    st.html(KIOSK_CSS)  # app.py declares the page French (lang="fr") for every page


def question_title(question: KioskQuestion) -> None:
    """The question text in large type, with its help text and an "optional" hint."""
    # The text comes from the coordinator's questionnaire; escape it before putting it in HTML.
    import html

    st.html(f'<div class="kiosk-question">{html.escape(question.text)}</div>')
    if question.help_text:
        st.caption(question.help_text)
    if not question.required:
        st.caption("Question facultative : vous pouvez passer à la suivante.")


def answer_widgets(
    question: KioskQuestion,
    value: Any,
    *,
    key: str,
    on_choose: Callback | None = None,
    on_toggle: Callback | None = None,
    on_text: Callback | None = None,
    disabled: bool = False,
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
    """
    kind, link_id = question.kind, question.link_id
    if question.is_text:
        widget_key = f"{key}_text"
        st.text_area(
            "Votre réponse",
            value=value or "",
            key=widget_key,
            height=200 if kind == kinds.LONG_TEXT else 90,
            max_chars=question.max_length or get_settings().max_cell_chars,
            placeholder="Écrivez ici (sans nom ni information sur votre santé)",
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
        st.html(
            '<div class="kiosk-scale-ends"><span>0 = pas du tout</span>'
            "<span>10 = tout à fait</span></div>"
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
        st.caption("Plusieurs réponses possibles.")
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
