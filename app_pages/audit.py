"""Journal des actions: who (name, role and kind) did what, and when — newest first."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

import verbatim.review.decisions
import verbatim.review.edits
import verbatim.review.meetings  # noqa: F401
from app_pages import _state
from verbatim.errors import PermissionDenied
from verbatim.review import audit
from verbatim.review.permissions import KIND_LABELS, ROLE_LABELS

PARIS = ZoneInfo("Europe/Paris")
ALL = "__all__"
LIMIT = 1000

st.title("Journal des actions")
principal = _state.guard("audit")

actions = sorted(audit.ACTION_LABELS, key=audit.action_label)
action = st.selectbox(
    "Action", [ALL, *actions],
    format_func=lambda a: "Toutes" if a == ALL else audit.action_label(a), key="audit_action",
)  # fmt: skip
try:
    with _state.read() as session:
        events = audit.list_events(
            session, actor=principal, limit=LIMIT, action=None if action == ALL else action
        )
except PermissionDenied as refused:
    _state.show_error(refused)
    st.stop()

rows = []
for event in events:
    by = (event.detail or {}).get("by") or {}
    rows.append(
        {
            "Quand": event.at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M:%S"),
            "Qui": event.actor,
            "Rôle": ROLE_LABELS.get(by.get("role") or "", by.get("role") or ""),
            "Type": KIND_LABELS.get(by.get("reviewer_kind") or "", ""),
            "Action": audit.action_label(event.action),
            "Objet": f"{event.object_type} {event.object_id or ''}".strip(),
        }
    )
st.caption(f"{len(rows)} action(s) affichée(s) (au plus {LIMIT}, les plus récentes d'abord).")
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.info("Aucune action enregistrée.")
