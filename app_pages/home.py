"""Accueil: what the team has collected so far, and where to go next."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from app_pages import _state
from verbatim.intake.submit import CHANNEL_LABELS
from verbatim.survey import questionnaires as svc
from verbatim.survey.responses import ResponseFilter, count_responses

st.title("Verbatim")
st.write(
    "Recueillez l'expérience des patients (borne, papier, import), lisez leurs réponses et "
    "repérez les thèmes et les signaux faibles dans leurs verbatims."
)

since = date.today() - timedelta(days=30)
with _state.read() as session:
    rows = []
    for q in svc.list_questionnaires(session):
        published = svc.published_version(session, questionnaire_id=q.id)
        mine = ResponseFilter(questionnaire_id=q.id)
        rows.append(
            {
                "Questionnaire": q.title,
                "Version publiée": published.number if published else None,
                "Réponses": count_responses(session, filters=mine),
                "30 derniers jours": count_responses(
                    session, filters=ResponseFilter(questionnaire_id=q.id, since=since)
                ),
                **{
                    label: count_responses(
                        session, filters=ResponseFilter(questionnaire_id=q.id, channel=channel)
                    )
                    for channel, label in CHANNEL_LABELS.items()
                },
            }
        )
    total = count_responses(session, filters=ResponseFilter())
    recent = count_responses(session, filters=ResponseFilter(since=since))
    site_count = len(svc.list_sites(session))

a, b, c, d, e = st.columns(5)
a.metric("Questionnaires", len(rows))
b.metric("Publiés", sum(1 for r in rows if r["Version publiée"]))
c.metric("Réponses", total)
d.metric("Réponses (30 jours)", recent)
e.metric("Sites", site_count)

if not rows:
    st.info(
        "Aucun questionnaire pour l'instant : commencez par en créer un à partir d'un modèle "
        "(expérience à la maison de santé, retour d'hospitalisation, accès aux soins)."
    )
else:
    st.dataframe(rows, hide_index=True, width="stretch")

st.subheader("Par où commencer")
left, right = st.columns(2)
with left:
    st.page_link(
        "app_pages/questionnaires.py",
        label="Créer ou modifier un questionnaire",
        icon=":material/edit_note:",
    )
    st.page_link("app_pages/kiosk_setup.py", label="Démarrer la borne", icon=":material/tablet:")
    st.page_link(
        "app_pages/paper.py", label="Saisir des questionnaires papier", icon=":material/draw:"
    )
with right:
    st.page_link(
        "app_pages/imports.py",
        label="Importer un fichier CSV ou Excel",
        icon=":material/upload_file:",
    )
    st.page_link("app_pages/answers.py", label="Lire les réponses", icon=":material/bar_chart:")
    if (Path(__file__).parent / "analysis.py").is_file():
        st.page_link(
            "app_pages/analysis.py", label="Thèmes et signaux faibles", icon=":material/insights:"
        )
