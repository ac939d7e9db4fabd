"""Réponses: filter the responses, read them, chart the closed questions, delete one, export all."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st

from app_pages import _state
from verbatim.errors import VerbatimError
from verbatim.intake.submit import CHANNEL_LABELS
from verbatim.output import charts
from verbatim.output.export import export_all
from verbatim.review.permissions import Permission
from verbatim.survey import kinds
from verbatim.survey import questionnaires as svc
from verbatim.survey.responses import (
    ResponseFilter,
    closed_question_summary,
    contexts,
    count_responses,
    delete_response,
    languages,
    list_responses,
)
from verbatim.survey.translations import language_name

PARIS = ZoneInfo("Europe/Paris")
PAGE_SIZE = 100
ALL = "__all__"


def filters_bar(
    questionnaires: dict[int, str], sites: dict[int, str], known: list[str], spoken: list[str]
):
    """The filters, in one row (a language filter when answers came in several languages)."""
    first, second, third = st.columns([2, 1, 1])
    questionnaire_id = first.selectbox(
        "Questionnaire", list(questionnaires), format_func=questionnaires.get, key="ans_q"
    )
    site_id = second.selectbox(
        "Site",
        [ALL, *sites],
        format_func=lambda s: "Tous" if s == ALL else sites[s],
        key="ans_site",
    )
    channel = third.selectbox(
        "Canal", [ALL, *CHANNEL_LABELS],
        format_func=lambda c: "Tous" if c == ALL else CHANNEL_LABELS[c], key="ans_channel",
    )  # fmt: skip
    left, right, *rest = st.columns([2, 2, 1] if len(spoken) > 1 else [2, 2])
    language = ALL
    if rest:
        language = rest[0].selectbox(
            "Langue", [ALL, *spoken], key="ans_language",
            format_func=lambda c: "Toutes" if c == ALL else language_name(c).capitalize(),
        )  # fmt: skip
    period = left.date_input(
        "Période (toutes les dates si vide)", value=(), max_value=date.today(),
        format="DD/MM/YYYY", key="ans_period",
    )  # fmt: skip
    context = right.selectbox(
        "Contexte", [ALL, *known], format_func=lambda c: "Tous" if c == ALL else c, key="ans_ctx"
    )
    since = period[0] if len(period) > 0 else None
    until = period[1] if len(period) > 1 else None
    return ResponseFilter(
        questionnaire_id=questionnaire_id,
        site_id=None if site_id == ALL else site_id,
        since=since,
        until=until,
        channel=None if channel == ALL else channel,
        context=None if context == ALL else context,
        language=None if language == ALL else language,
    )


def charts_tab(filters: ResponseFilter) -> None:
    """Likert bars, 0–10 distributions and choice bars of the filtered responses."""
    with _state.read() as session:
        summaries = closed_question_summary(
            session, actor=principal, questionnaire_id=filters.questionnaire_id, filters=filters
        )
    if not summaries:
        st.info("Ce questionnaire n'a pas de question fermée à représenter.")
        return
    if any(s.kind == kinds.LIKERT5 for s in summaries):
        st.plotly_chart(charts.likert_stacked_bars(summaries), key="chart_likert")
    for summary in summaries:
        if summary.kind == kinds.SCALE10:
            score = charts.nps(summary)
            if score is not None:
                st.metric(f"Score de recommandation (NPS) · {summary.text}", score)
            st.plotly_chart(charts.scale_distribution(summary), key=f"chart_{summary.link_id}")
        elif summary.kind != kinds.LIKERT5:
            st.plotly_chart(charts.choice_bars(summary), key=f"chart_{summary.link_id}")


def table_tab(filters: ResponseFilter, total: int) -> None:
    """The responses, newest first, one page at a time, and the deletion of one (RGPD)."""
    pages = max(1, -(-total // PAGE_SIZE))
    page = st.number_input("Page", min_value=1, max_value=pages, value=1, key="ans_page") - 1
    with _state.read() as session:
        rows = list_responses(
            session, actor=principal, filters=filters, limit=PAGE_SIZE, offset=page * PAGE_SIZE
        )
    several = any(r.language != "fr" for r in rows)  # a language column only when it says something
    st.dataframe(
        [
            {
                "N°": r.id,
                "Date": r.submitted_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M"),
                "Site": r.site_name or "",
                "Canal": CHANNEL_LABELS.get(r.channel, r.channel),
                "Contexte": r.context or "",
                **({"Langue": language_name(r.language)} if several else {}),
                **r.answers,
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(f"Page {page + 1} sur {pages} · {total} réponse(s)")
    if principal.can(Permission.DELETE_RESPONSE):
        delete_section([r.id for r in rows])


def delete_section(ids: list[int]) -> None:
    """Delete one response, after an explicit confirmation (a patient's objection, RGPD)."""
    with st.expander("Supprimer une réponse (demande d'un patient)"):
        if not ids:
            st.caption("Aucune réponse sur cette page.")
            return
        chosen = st.selectbox("Réponse n°", ids, key="ans_delete_id")
        confirm = st.checkbox(
            f"Je confirme la suppression définitive de la réponse n° {chosen}.",
            key=f"ans_delete_confirm_{chosen}",
        )
        if st.button("Supprimer", disabled=not confirm, key="ans_delete"):
            try:
                with _state.write() as session:
                    delete_response(session, actor=principal, response_id=chosen)
            except VerbatimError as error:
                _state.show_error(error)
            else:
                st.session_state[_state.ANSWERS_NOTICE] = f"Réponse n° {chosen} supprimée."
                st.rerun()


def export_tab(slug: str | None) -> None:
    """Every export file (CSV for French Excel) in one zip."""
    st.write(
        "Les fichiers CSV s'ouvrent directement dans Excel (séparateur « ; », accents conservés). "
        "Les textes libres sont pseudonymisés."
    )
    scope = st.radio(
        "Contenu", ["this", "all"], horizontal=True, key="ans_export_scope",
        format_func=lambda s: "Ce questionnaire" if s == "this" else "Tous les questionnaires",
    )  # fmt: skip
    if st.button("Préparer l'export", key="ans_export"):
        try:
            with tempfile.TemporaryDirectory() as folder, _state.read() as session:
                files = export_all(
                    session,
                    actor=principal,
                    out_dir=Path(folder),
                    questionnaire_slug=slug if scope == "this" else None,
                )
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                    for path in files:
                        archive.write(path, arcname=path.name)
            st.session_state[_state.EXPORT_ZIP] = buffer.getvalue()
        except VerbatimError as error:
            _state.show_error(error)
    data = st.session_state.get(_state.EXPORT_ZIP)
    if data:
        st.download_button(
            "Télécharger l'export (zip)", data=data, file_name="verbatim-export.zip",
            mime="application/zip", type="primary", key="ans_download",
        )  # fmt: skip


principal = _state.guard("answers")
st.title("Réponses")
_state.show_notice(_state.ANSWERS_NOTICE)

with _state.read() as session:
    listed = svc.list_questionnaires(session)
    questionnaires = {q.id: q.title for q in listed}
    slugs = {q.id: q.slug for q in listed}
    sites = {s.id: s.name for s in svc.list_sites(session)}
    known_contexts = contexts(session)
    spoken = languages(session)

if not questionnaires:
    st.info("Aucun questionnaire pour l'instant : les réponses apparaîtront ici.")
    st.stop()

filters = filters_bar(questionnaires, sites, known_contexts, spoken)
with _state.read() as session:
    total = count_responses(session, actor=principal, filters=filters)
st.metric("Réponses", total)
exporting = principal.can(Permission.EXPORT_DATA)
tabs = st.tabs(["Graphiques", "Réponses", "Export"] if exporting else ["Graphiques", "Réponses"])
graphs, table = tabs[:2]
with graphs:
    if total:
        charts_tab(filters)
    else:
        st.info("Aucune réponse pour ces filtres.")
with table:
    table_tab(filters, total)
if exporting:
    with tabs[2]:
        export_tab(slugs[filters.questionnaire_id])
