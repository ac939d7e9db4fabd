"""Signaux faibles: what is rare, new or serious in the latest analysis, each with its reason.

Thin page over verbatim.signals.service, which checks permissions and records decisions.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

from app_pages import _state
from verbatim.errors import VerbatimError
from verbatim.output.signal_charts import emergence_figure, sparkline_figure
from verbatim.review.permissions import Permission
from verbatim.signals import service
from verbatim.signals.periods import MONTH, QUARTER
from verbatim.survey.kinds import TEXT_KINDS
from verbatim.survey.questionnaires import (
    latest_version,
    list_questionnaires,
    list_sites,
    questions_of,
)
from verbatim.survey.responses import contexts

PARIS = ZoneInfo("Europe/Paris")
ALL = "Tous"

principal = _state.guard("signals")

st.title("Signaux faibles")
st.caption(
    "Ce qui est rare, nouveau ou grave dans les verbatims de la dernière analyse, avec la raison "
    "en une phrase. Un signal se confirme ou s'écarte avec un commentaire ; un signal écarté "
    "revient s'il grandit."
)

with _state.read() as session:
    run = service.latest_run(session)
    questionnaires = list_questionnaires(session)
    sites = [s.name for s in list_sites(session)]
    known_contexts = contexts(session)
if run is None:
    st.info(
        "Aucune analyse n'a encore été lancée. Lancez d'abord l'analyse des verbatims "
        "(page « Analyse »)."
    )
    st.stop()
set_aside = (run.counts or {}).get("other_language_answers", 0)
if set_aside:
    st.info(
        f"{set_aside} réponse(s) écrite(s) dans une autre langue que le français ne sont pas "
        "cherchées ici (le lexique de gravité est français) : une personne doit les lire "
        "(page « Analyse », « Réponses dans une autre langue »).",
        icon=":material/translate:",
    )

with st.expander("Sous-ensemble étudié (comparé au reste)", expanded=False):
    cols = st.columns(4)
    by_slug = {q.slug: q for q in questionnaires}
    slug = cols[0].selectbox(
        "Questionnaire",
        [ALL, *by_slug],
        format_func=lambda s: s if s == ALL else by_slug[s].title,
    )
    question_options = {ALL: ALL}
    if slug != ALL:
        with _state.read() as session:
            version = latest_version(session, questionnaire_id=by_slug[slug].id)
            for q in questions_of(session, version_id=version.id):
                if q.kind in TEXT_KINDS:
                    question_options[q.link_id] = q.text
    link_id = cols[1].selectbox(
        "Question", list(question_options), format_func=question_options.__getitem__
    )
    site = cols[2].selectbox("Site", [ALL, *sites])
    context = cols[3].selectbox("Contexte du parcours", [ALL, *known_contexts])
    unit = st.radio(
        "Période",
        [MONTH, QUARTER],
        format_func=lambda u: "Mois" if u == MONTH else "Trimestre",
        horizontal=True,
    )
    include_dismissed = st.checkbox("Montrer aussi les signaux écartés")

slice_ = service.SignalSlice(
    questionnaire_slug=None if slug == ALL else slug,
    question_link_id=None if link_id == ALL else link_id,
    site=None if site == ALL else site,
    context=None if context == ALL else context,
)

try:
    with _state.read() as session:
        found = service.compute_signals(
            session, actor=principal, slice_=slice_, unit=unit, include_dismissed=include_dismissed
        )
except VerbatimError as error:
    _state.show_error(error)
    st.stop()

can_review = principal is not None and principal.can(Permission.REVIEW_THEMES)
tab_list, tab_map = st.tabs(["Signaux classés", "Carte d'émergence"])

with tab_list:
    if not found:
        st.success("Aucun signal dans ce sous-ensemble.")
    for rank, item in enumerate(found, start=1):
        signal = item.signal
        with st.container(border=True):
            head, spark = st.columns([3, 1])
            head.markdown(
                f"**{rank}. {signal.subject}** · {signal.kind_label} · _{item.status_label}_"
            )
            head.write(signal.reason)
            if item.grown_since_dismissal:
                head.warning("Ce signal avait été écarté, mais il a grandi depuis.")
            if item.comment:
                head.caption(f"Commentaire ({item.decided_by}) : {item.comment}")
            if signal.sparkline:
                spark.plotly_chart(
                    sparkline_figure(signal.periods, signal.sparkline),
                    key=f"spark-{rank}",
                    config={"displayModeBar": False},
                )
            with st.expander(f"Réponses derrière ce signal ({len(signal.answer_ids)})"):
                with _state.read() as session:
                    quotes = service.answers_behind(
                        session, actor=principal, answer_ids=signal.answer_ids
                    )
                for quote in quotes:
                    when = quote.submitted_at.astimezone(PARIS).strftime("%d/%m/%Y")
                    st.markdown(f"> {quote.text}")
                    st.caption(f"{when} · {quote.site or 'site inconnu'} · {quote.question}")
            if can_review:
                comment = st.text_input("Commentaire", key=f"comment-{signal.key}")
                left, right = st.columns(2)
                decision = None
                confirmed = item.status == service.CONFIRMED
                if not confirmed and left.button("Confirmer", key=f"confirm-{signal.key}"):
                    decision = service.CONFIRMED
                if right.button("Écarter", key=f"dismiss-{signal.key}"):
                    decision = service.DISMISSED
                if decision:
                    try:
                        with _state.write() as session:
                            if decision == service.CONFIRMED:
                                where = service.confirm_signal(
                                    session,
                                    signal=signal,
                                    actor=principal,
                                    comment=comment,
                                    slice_=slice_,
                                )
                            else:
                                service.review_signal(
                                    session,
                                    signal=signal,
                                    status=decision,
                                    actor=principal,
                                    comment=comment,
                                    slice_=slice_,
                                )
                    except VerbatimError as error:
                        _state.show_error(error)
                    else:
                        if decision == service.CONFIRMED:
                            st.toast(f"Signal confirmé : voir « {where} » au tableau de relecture.")
                        st.rerun()

with tab_map:
    with _state.read() as session:
        themes_map, terms_map = service.emergence(
            session, actor=principal, slice_=slice_, unit=unit
        )
    st.plotly_chart(emergence_figure(themes_map, title="Thèmes : fréquence et croissance"))
    top_terms = sorted(terms_map, key=lambda p: -p.frequency)[:40]
    st.plotly_chart(emergence_figure(top_terms, title="Mots : fréquence et croissance"))
    st.caption(
        "Méthode : degrés de visibilité et de diffusion pondérés dans le temps (Yoon, 2012). "
        "En bas à droite les sujets bien connus, en haut à gauche les signaux faibles "
        "(rares mais en croissance)."
    )
