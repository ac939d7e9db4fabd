"""Accueil: what the team has collected so far, and where to go next.

Counts of responses need ``view_responses``: a reviewer sees the welcome and links to the pages of
their role only.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from app_pages import _state
from verbatim.intake.submit import CHANNEL_LABELS
from verbatim.review.permissions import Permission, can_open
from verbatim.survey import questionnaires as svc
from verbatim.survey.responses import ResponseFilter, count_responses

LINKS = [
    ("questionnaires", "questionnaires.py", "Créer ou modifier un questionnaire", "edit_note"),
    ("kiosk", "kiosk_setup.py", "Démarrer la borne", "tablet"),
    ("paper", "paper.py", "Saisir des questionnaires papier", "draw"),
    ("imports", "imports.py", "Importer un fichier CSV ou Excel", "upload_file"),
    ("answers", "answers.py", "Lire les réponses", "bar_chart"),
    ("analysis", "analysis.py", "Thèmes et signaux faibles", "insights"),
    ("signals", "signals.py", "Signaux faibles", "crisis_alert"),
    ("review", "review.py", "Relire les thèmes", "rate_review"),
    ("meeting", "meeting.py", "Séance de relecture", "groups"),
]


def where_to_start(principal) -> None:
    """Links to the pages this person may open (and that exist)."""
    links = [
        (file, label, icon)
        for key, file, label, icon in LINKS
        if can_open(principal, key) and (Path(__file__).parent / file).is_file()
    ]
    if not links:
        return
    st.subheader("Par où commencer")
    columns = st.columns(2)
    for index, (file, label, icon) in enumerate(links):
        with columns[index % 2]:
            st.page_link(f"app_pages/{file}", label=label, icon=f":material/{icon}:")


principal = _state.guard("home")
st.title("Verbatim")
st.write(
    "Recueillez l'expérience des patients (borne, papier, import), lisez leurs réponses et "
    "repérez les thèmes et les signaux faibles dans leurs verbatims."
)
if not principal.can(Permission.VIEW_RESPONSES):
    st.write(
        "Vous participez à la relecture : les thèmes et les citations que vous lirez sont "
        "pseudonymisés."
    )
    where_to_start(principal)
    st.stop()

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
                "Réponses": count_responses(session, actor=principal, filters=mine),
                "30 derniers jours": count_responses(
                    session,
                    actor=principal,
                    filters=ResponseFilter(questionnaire_id=q.id, since=since),
                ),
                **{
                    label: count_responses(
                        session,
                        actor=principal,
                        filters=ResponseFilter(questionnaire_id=q.id, channel=channel),
                    )
                    for channel, label in CHANNEL_LABELS.items()
                },
            }
        )
    total = count_responses(session, actor=principal, filters=ResponseFilter())
    recent = count_responses(session, actor=principal, filters=ResponseFilter(since=since))
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

where_to_start(principal)
