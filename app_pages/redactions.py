"""Pseudonymisation: the coordinator checks the answers that hold a redaction and corrects them.

A correction is pseudonymised again with the patterns and the staff list (a phone number cannot
be put back by accident); the model's name guesses are not applied again, so a word wrongly taken
for a name can be restored. Reviewers never reach this page.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

from app_pages import _state
from verbatim.privacy.correction import correct_answer_text, redacted_answers

PARIS = ZoneInfo("Europe/Paris")
PAGE_SIZE = 50

principal = _state.guard("redactions")
st.title("Pseudonymisation")
st.write(
    "Les réponses ci-dessous contiennent un remplacement ([NOM], [TÉLÉPHONE], [EMAIL], [NIR], "
    "[DATE], [ADRESSE]). Vérifiez-les : si un mot ordinaire a été pris pour un nom, corrigez le "
    "texte. Les numéros, adresses et noms du personnel restent masqués même si vous les retapez."
)
_state.show_notice(_state.REDACTIONS_NOTICE)

page = st.number_input("Page", min_value=1, value=1, step=1, key="redactions_page")
with _state.read() as session:
    items = redacted_answers(
        session, actor=principal, limit=PAGE_SIZE, offset=(int(page) - 1) * PAGE_SIZE
    )
if not items:
    st.info("Aucune réponse à vérifier sur cette page.")
for item in items:
    when = item.submitted_at.astimezone(PARIS).strftime("%d/%m/%Y")
    with st.container(border=True):
        st.caption(f"Réponse n° {item.response_id} · {when} · {item.question}")
        text = st.text_area(
            "Texte pseudonymisé", value=item.text, key=f"redaction_{item.answer_id}", height=90
        )
        if st.button("Enregistrer la correction", key=f"redaction_save_{item.answer_id}"):
            _state.act(
                lambda s, a=item.answer_id, t=text: correct_answer_text(
                    s, answer_id=a, text=t, actor=principal
                ),
                f"Réponse n° {item.response_id} corrigée.",
                notice_key=_state.REDACTIONS_NOTICE,
            )
