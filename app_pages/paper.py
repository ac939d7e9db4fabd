"""Saisie papier: transcribe paper questionnaires quickly, one form per sheet, keyboard only.

Site, date and context stay set from one sheet to the next; the answers are cleared after each
saved sheet, and kept (with the message) when something is missing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import streamlit as st

from app_pages import _state
from verbatim.db.tables import Question
from verbatim.errors import Msg, VerbatimError
from verbatim.intake.paper import transcribe
from verbatim.survey import kinds
from verbatim.survey import questionnaires as svc
from verbatim.survey.kiosk import published_questionnaires
from verbatim.survey.translations import SOURCE_LANGUAGE, language_name, translated_languages


def answer_input(question: Question, key: str, questions: dict[str, Question]):
    """One input per question, chosen for fast typing (radios answer to the arrow keys)."""
    label = question.text + (" *" if question.required else "")
    help_text = question.help_text or None
    if question.show_if:
        source = questions.get(question.show_if.get("question"))
        help_text = f"Seulement si la question « {source.text if source else '?'} » le demande."
    opts = kinds.options_for(question.kind, question.options)
    labels = {o["value"]: str(o["label"]) for o in opts}
    if question.kind in kinds.TEXT_KINDS:
        widget = st.text_area if question.kind == kinds.LONG_TEXT else st.text_input
        return widget(label, key=key, help=help_text)
    if question.kind == kinds.MULTIPLE_CHOICE:
        return st.multiselect(label, list(labels), format_func=labels.get, key=key, help=help_text)
    if question.kind == kinds.LIKERT5:
        labels = {v: f"{v} – {text}" for v, text in labels.items()}
    return st.radio(
        label,
        list(labels),
        index=None,
        format_func=labels.get,
        horizontal=True,
        key=key,
        help=help_text,
    )


st.title("Saisie papier")
principal = _state.guard("paper")
st.write(
    "Recopiez un questionnaire papier par formulaire. Le site, la date et le contexte restent "
    "choisis d'une feuille à l'autre ; les réponses sont effacées après chaque enregistrement."
)

with _state.read() as session:
    published = dict(published_questionnaires(session))
    sites = [s.name for s in svc.list_sites(session)]

if not published:
    st.info(Msg.KIOSK_NO_PUBLISHED)
    st.stop()

last = st.session_state.pop(_state.PAPER_LAST, None)
if last is not None:
    st.success(
        f"Réponse n° {last} enregistrée. Vous pouvez saisir la feuille suivante.",
        icon=":material/check_circle:",
    )

slug = st.selectbox("Questionnaire", list(published), format_func=published.get, key="paper_q")
left, middle, right = st.columns(3)
site = left.selectbox(
    "Site", sites, index=0 if sites else None, accept_new_options=True,
    placeholder="Choisissez ou tapez un site", key="paper_site",
)  # fmt: skip
answered_on = middle.date_input(
    "Date de la réponse", value=date.today(), max_value=date.today(), format="DD/MM/YYYY",
    key="paper_date",
)  # fmt: skip
context = right.text_input("Contexte (facultatif)", key="paper_context")

with _state.read() as session:
    questionnaire = svc.get_questionnaire(session, slug=slug)
    version = svc.published_version(session, questionnaire_id=questionnaire.id)
    questions = svc.questions_of(session, version_id=version.id)
    languages = [SOURCE_LANGUAGE, *translated_languages(session, questionnaire_id=questionnaire.id)]

language = SOURCE_LANGUAGE
if len(languages) > 1:
    language = st.selectbox(
        "Langue de la feuille",
        languages,
        format_func=lambda code: language_name(code).capitalize(),
        key=f"paper_language_{slug}",
        help="La langue dans laquelle le patient a rempli la feuille (questionnaire traduit).",
    )

round_ = st.session_state.get(_state.PAPER_ROUND, 0)
by_link = {q.link_id: q for q in questions}
with st.form(f"paper_form_{round_}"):
    st.caption("Les questions marquées d'un astérisque (\\*) sont obligatoires.")
    values = {
        q.link_id: answer_input(q, f"paper_{round_}_{version.id}_{q.link_id}", by_link)
        for q in questions
    }
    submitted = st.form_submit_button("Enregistrer la réponse", type="primary")

if submitted:
    answers = {k: v for k, v in values.items() if not kinds.is_empty(v)}
    if not answers:
        st.error(Msg.PAPER_NOTHING_ENTERED)
    else:
        try:
            with _state.write() as session:
                response = transcribe(
                    session,
                    actor=principal,
                    version=version,
                    answers=answers,
                    site_name=site,
                    context=context,
                    submitted_at=datetime.combine(answered_on, time(12, 0), tzinfo=UTC),
                    language=language,
                )
        except VerbatimError as error:
            _state.show_error(error)
        else:
            st.session_state[_state.PAPER_LAST] = response.id
            st.session_state[_state.PAPER_ROUND] = round_ + 1
            st.rerun()
