"""The "Traductions" tab of the questionnaires page: the coordinator enters a questionnaire's texts
in another language, question by question, next to the French text.

Arabic (and any right-to-left language) is typed in right-to-left inputs and previewed as the
kiosk shows it (``dir="rtl"``).
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from app_pages import _state
from verbatim.db.tables import Question
from verbatim.errors import VerbatimError
from verbatim.review.permissions import Principal
from verbatim.survey import questionnaires as svc
from verbatim.survey import translations as tr

STATE_LABELS = {"missing": "à traduire", "outdated": "à revoir", "complete": "traduite"}
STATE_ICONS = {"missing": "🔴", "outdated": "🟠", "complete": "🟢"}


def _rtl_css(prefix: str) -> str:
    """Right-to-left typing in every input whose key starts with ``prefix``."""
    selector = f'[class*="st-key-{prefix}"]'
    return (
        f"<style>{selector} input, {selector} textarea "
        "{ direction: rtl; text-align: right; unicode-bidi: plaintext; }</style>"
    )


def preview_html(texts: tr.VersionTexts, questions: list[Question]) -> str:
    """The translated texts as one block of HTML with the language's direction."""
    parts = [f"<h4>{html.escape(texts.title)}</h4>"]
    if texts.description:
        parts.append(f"<p>{html.escape(texts.description)}</p>")
    parts.append("<ol>")
    for q in questions:
        item = texts.questions[q.link_id]
        parts.append(f"<li><strong>{html.escape(item.text)}</strong>")
        if item.help_text:
            parts.append(f"<br><small>{html.escape(item.help_text)}</small>")
        if item.options:
            labels = "".join(f"<li>{html.escape(label)}</li>" for label in item.options.values())
            parts.append(f"<ul>{labels}</ul>")
        parts.append("</li>")
    parts.append("</ol>")
    return (
        f'<div class="translation-preview" dir="{texts.direction}" lang="{texts.language}" '
        f'style="text-align: start">{"".join(parts)}</div>'
    )


def _overview(questionnaire_id: int, version_id: int, published_id: int | None) -> None:
    """Every language's state, for the version being edited (and the published one if older)."""
    rows = []
    with _state.read() as session:
        started = tr.translated_languages(session, questionnaire_id=questionnaire_id)
        for code, lang in tr.LANGUAGES.items():
            row: dict[str, Any] = {"Langue": lang.label}
            for column, vid in (
                ("Version en cours", version_id),
                ("Version publiée (borne)", published_id),
            ):
                if vid is None or (column != "Version en cours" and vid == version_id):
                    continue
                row[column] = (
                    tr.status(session, version_id=vid, language=code).summary
                    if code in started
                    else "pas encore traduite"
                )
            rows.append(row)
    st.dataframe(rows, hide_index=True, width="stretch")


def _question_inputs(
    q: Question, item: dict[str, Any], state: tr.QuestionState, key: str
) -> tuple[dict[str, Any], bool]:
    """The inputs of one question; returns what was typed and whether it was marked reviewed."""
    st.markdown(f"{STATE_ICONS[state.state]} **{q.text}**")
    notes = []
    if state.missing:
        notes.append("à traduire : " + ", ".join(state.missing))
    if state.outdated:
        notes.append("le français a changé depuis la traduction : " + ", ".join(state.outdated))
    st.caption(f"`{q.link_id}` · " + ("; ".join(notes) if notes else "traduite"))
    typed: dict[str, Any] = {
        "text": st.text_input(
            "Traduction de la question", value=item.get("text", ""), key=f"{key}_text"
        )
    }
    if q.help_text:
        typed["help_text"] = st.text_input(
            f"Aide (en français : « {q.help_text} »)",
            value=item.get("help_text", ""),
            key=f"{key}_help",
        )
    labels = item.get("options") or {}
    typed["options"] = {
        value: st.text_input(
            f"Choix « {french} »", value=labels.get(value, ""), key=f"{key}_opt_{value}"
        )
        for value, french in tr.translatable_options(q).items()
    }
    reviewed = False
    if state.state == "outdated":
        reviewed = st.checkbox(
            "Traduction vérifiée : elle correspond au nouveau texte français",
            key=f"{key}_reviewed",
        )
    return typed, reviewed


def _same(typed: dict[str, Any], stored: dict[str, Any]) -> bool:
    options = {v: label.strip() for v, label in typed["options"].items() if label.strip()}
    return (
        typed["text"].strip() == stored.get("text", "")
        and typed.get("help_text", "").strip() == stored.get("help_text", "")
        and options == (stored.get("options") or {})
    )


def translations_tab(slug: str, principal: Principal) -> None:
    """Choose a language, translate each question next to its French text, save (audited)."""
    with _state.read() as session:
        q = svc.get_questionnaire(session, slug=slug)
        version = svc.latest_version(session, questionnaire_id=q.id)
        published = svc.published_version(session, questionnaire_id=q.id)
        questions = svc.questions_of(session, version_id=version.id)
    st.caption(
        "Les traductions sont du texte affiché : vous pouvez les modifier même quand la version a "
        "déjà des réponses. La borne propose une langue seulement quand tout est traduit et à "
        "jour ; les choix Oui/Non, les notes de 0 à 10 et l'échelle de satisfaction standard sont "
        "traduits par la borne elle-même."
    )
    _overview(q.id, version.id, published.id if published else None)
    codes = list(tr.LANGUAGES)
    language = st.selectbox(
        "Langue à traduire",
        codes,
        format_func=lambda c: tr.LANGUAGES[c].label,
        key=f"tr_language_{slug}",
    )
    lang = tr.LANGUAGES[language]
    with _state.read() as session:
        row = tr.get_translation(session, questionnaire_id=q.id, language=language)
        current = tr.status(session, version_id=version.id, language=language)
    items = dict((row.items if row else None) or {})
    st.markdown(f"**État ({lang.name}, version {version.number}) :** {current.summary}")
    prefix = f"tr_{language}_{version.id}_"
    if lang.rtl:
        st.html(_rtl_css(prefix))
    states = {s.link_id: s for s in current.questions}
    with st.form(f"translation_form_{language}_{version.id}"):
        st.markdown(f"**Titre** (en français : « {q.title} »)")
        title = st.text_input("Titre traduit", value=row.title if row else "", key=f"{prefix}title")
        description = ""
        if q.description:
            description = st.text_area(
                f"Présentation (en français : « {q.description} »)",
                value=row.description if row else "",
                key=f"{prefix}description",
            )
        typed: dict[str, tuple[dict[str, Any], bool]] = {}
        for question in questions:
            st.divider()
            typed[question.link_id] = _question_inputs(
                question,
                items.get(question.link_id) or {},
                states[question.link_id],
                f"{prefix}{question.link_id}",
            )
        submitted = st.form_submit_button(
            f"Enregistrer la traduction ({lang.name})", type="primary"
        )
    if submitted:
        # Only what changed, or was marked reviewed, is re-stamped with today's French text.
        changed = {
            link_id: values
            for link_id, (values, reviewed) in typed.items()
            if reviewed or not _same(values, items.get(link_id) or {})
        }
        try:
            with _state.write() as session:
                tr.save_translation(
                    session,
                    actor=principal,
                    questionnaire_id=q.id,
                    language=language,
                    title=title,
                    description=description,
                    items=changed,
                    version_id=version.id,
                )
                after = tr.status(session, version_id=version.id, language=language)
        except VerbatimError as error:
            _state.show_error(error)
        else:
            st.session_state[_state.BUILDER_NOTICE] = (
                f"Traduction ({lang.name}) enregistrée : {after.summary}."
            )
            st.rerun()
    if row is not None:
        with st.expander("Aperçu de la traduction", expanded=lang.rtl):
            with _state.read() as session:
                texts = tr.translated_texts(
                    session, version_id=version.id, language=language, allow_incomplete=True
                )
            if texts is not None:
                st.caption("Ce qui manque encore est montré en français.")
                st.html(preview_html(texts, questions))
