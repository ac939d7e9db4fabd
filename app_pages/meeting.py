"""Séance de relecture: one theme at a time in large type for a projector, votes and decisions
captured live, and the summary comparing patients' and professionals' votes.

Thin page over verbatim.review.meetings / decisions (which check permissions and log actions).
Reviewers signed in on their own device follow the theme the coordinator shows and vote there.
"""

from __future__ import annotations

import html
from datetime import date
from zoneinfo import ZoneInfo

import streamlit as st

from app_pages import _state
from app_pages._state import md
from verbatim.errors import Msg, VerbatimError
from verbatim.output.board_charts import votes_by_group
from verbatim.review import decisions, meetings
from verbatim.review.board import Board, Card, list_runs
from verbatim.review.board import quotes as card_quotes
from verbatim.review.permissions import Permission, Principal
from verbatim.survey import questionnaires as svc

PARIS = ZoneInfo("Europe/Paris")
PROJECTOR_CSS = """
<style>
.vb-projector {padding: 1.5rem 2rem; border-radius: 1rem; background: #f8fafc;}
.vb-projector .vb-count {font-size: 1.4rem; color: #475569; margin: 0;}
.vb-projector .vb-theme {font-size: 3.4rem; line-height: 1.15; font-weight: 700; margin: .3rem 0;}
.vb-projector .vb-keywords {font-size: 1.5rem; color: #334155;}
.vb-projector .vb-quote {font-size: 1.9rem; line-height: 1.35; border-left: .45rem solid #1d5fa8;
  padding-left: 1rem; margin: 1rem 0;}
</style>
"""


def act(action, notice: str) -> None:  # type: ignore[no-untyped-def]
    """Run one write service; show its French error, or rerun with a notice."""
    _state.act(action, notice, notice_key=_state.REVIEW_NOTICE)


def meeting_label(m) -> str:  # type: ignore[no-untyped-def]
    """ "12/12/2026 — Comité usagers (en cours)"."""
    title = f" — {m.title}" if m.title else ""
    return f"{m.held_on.strftime('%d/%m/%Y')}{title} ({meetings.STATUS_LABELS[m.status]})"


def new_meeting_form(principal: Principal) -> None:
    """Create a meeting: date, title, questionnaire, analysis, participants."""
    with _state.read() as session:
        runs = list_runs(session, actor=principal)
        questionnaires = {q.id: q.title for q in svc.list_questionnaires(session)}
    if not runs:
        st.info(Msg.NO_ANALYSIS_RUN)
        return
    held_on = st.date_input("Date", value=date.today(), format="DD/MM/YYYY", key="mt_date")
    title = st.text_input("Titre", key="mt_title", placeholder="Comité de relecture")
    questionnaire = st.selectbox(
        "Questionnaire", [None, *questionnaires],
        format_func=lambda q: "Tous" if q is None else questionnaires[q], key="mt_q",
    )  # fmt: skip
    run_ids = [r.id for r in runs]
    run_id = st.selectbox(
        "Analyse", run_ids, key="mt_run",
        format_func=lambda i: f"Analyse n° {i} du "
        f"{runs[run_ids.index(i)].created_at.astimezone(PARIS).strftime('%d/%m/%Y')}",
    )  # fmt: skip
    people = st.text_area(
        "Participants (un par ligne : « Nom ; type », type = patient, RU, pro ou coordination)",
        key="mt_people", placeholder="Marie D. ; patient\nDr Paul ; pro",
    )  # fmt: skip
    if st.button("Ouvrir la séance", key="mt_create", type="primary"):

        def create(session):  # type: ignore[no-untyped-def]
            meeting = meetings.create_meeting(
                session, actor=principal, held_on=held_on, title=title,
                questionnaire_id=questionnaire, run_id=run_id,
                participants=meetings.parse_participants(people),
            )  # fmt: skip
            st.session_state[_state.MEETING_ID] = meeting.id

        act(create, "Séance ouverte.")


def projector(card: Card, position: int, total: int, principal: Principal) -> None:
    """The theme in large type (every text escaped: quotes are patients' words)."""
    with _state.read() as session:
        items = card_quotes(session, actor=principal, card=card, limit=2)
    quotes_html = "".join(f"<p class='vb-quote'>« {html.escape(t)} »</p>" for _, t in items)
    st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
    st.markdown(
        f"<div class='vb-projector'><p class='vb-count'>Thème {position + 1} sur {total} · "
        f"{card.size} réponse(s)</p><p class='vb-theme'>{html.escape(card.label)}</p>"
        f"<p class='vb-keywords'>{html.escape(', '.join(card.keywords[:6]))}</p>"
        f"{quotes_html}</div>",
        unsafe_allow_html=True,
    )


def votes_panel(meeting, card: Card, principal: Principal) -> None:  # type: ignore[no-untyped-def]
    """Live votes: the coordinator records each participant's; a reviewer casts their own."""
    options = list(decisions.PRIORITY_LABELS)
    open_ = meeting.status == "open"
    if principal.can(Permission.DECIDE) and meeting.participants:
        st.markdown("**Votes des participants**")
        choices = {}
        for i, person in enumerate(meeting.participants):
            current = card.review.vote_of(meetings.participant_key(meeting, person))
            choices[person["name"]] = st.radio(
                f"{person['name']} ({meetings.PARTICIPANT_KINDS[person['kind']]})", options,
                format_func=decisions.PRIORITY_LABELS.get, horizontal=True,
                index=options.index(current) if current else None,
                key=f"mt_pv_{meeting.id}_{card.lineage}_{i}",
            )  # fmt: skip
        if st.button("Enregistrer les votes", key="mt_pvbtn", disabled=not open_):

            def save(session):  # type: ignore[no-untyped-def]
                for name, priority in choices.items():
                    if priority is not None:
                        meetings.record_participant_vote(
                            session, actor=principal, meeting_id=meeting.id, participant=name,
                            lineage=card.lineage, priority=priority,
                        )  # fmt: skip

            act(save, "Votes enregistrés.")
    elif principal.can(Permission.VOTE):
        mine = card.review.vote_of(decisions.voter_key(principal))
        choice = st.radio(
            "Votre priorité pour ce thème", options, format_func=decisions.PRIORITY_LABELS.get,
            index=options.index(mine) if mine else None, horizontal=True,
            key=f"mt_myvote_{card.lineage}",
        )  # fmt: skip
        if st.button("Voter", key="mt_myvotebtn", disabled=choice is None or not open_):
            act(lambda s: decisions.cast_vote(s, actor=principal, lineage=card.lineage,
                                              priority=choice, meeting_id=meeting.id),
                "Vote enregistré.")  # fmt: skip
    tally = card.review.votes_by_group()
    cols = st.columns(len(tally))
    for col, (group, values) in zip(cols, tally.items(), strict=True):
        avg = f"{sum(values) / len(values):.1f}".replace(".", ",") if values else "—"
        col.metric(decisions.GROUP_LABELS[group], f"{len(values)} vote(s)", f"moy. {avg}",
                   delta_color="off")  # fmt: skip


def decision_panel(meeting, card: Card, principal: Principal) -> None:  # type: ignore[no-untyped-def]
    """The decision on the theme shown, recorded in this meeting."""
    if not principal.can(Permission.DECIDE):
        return
    current = card.review.decision
    kinds = list(decisions.DECISION_LABELS)
    key = f"mt_dec_{card.lineage}"
    kind = st.radio("Décision", kinds, format_func=decisions.DECISION_LABELS.get, horizontal=True,
                    index=kinds.index(current.kind) if current else 0, key=key)  # fmt: skip
    left, right = st.columns(2)
    owner = left.text_input("Responsable", value=current.owner if current else "", key=key + "o")
    due = right.date_input("Échéance", value=current.due_on if current else None,
                           format="DD/MM/YYYY", key=key + "d")  # fmt: skip
    note = st.text_input("Ce qui sera fait", value=current.note if current else "", key=key + "n")
    public = st.checkbox("Afficher en salle d'attente", value=bool(current and current.public),
                         key=key + "p")  # fmt: skip
    if st.button("Enregistrer la décision", key="mt_decbtn", disabled=meeting.status != "open"):
        act(lambda s: decisions.decide(s, actor=principal, lineage=card.lineage, kind=kind,
                                       owner=owner, due_on=due, note=note, public=public,
                                       meeting_id=meeting.id), "Décision enregistrée.")  # fmt: skip


def navigation(meeting, board: Board, principal: Principal) -> None:  # type: ignore[no-untyped-def]
    """Previous / next theme (the coordinator leads), and closing the meeting."""
    if not principal.can(Permission.DECIDE):
        st.button("Actualiser", key="mt_refresh")  # follow the theme the coordinator shows
        return
    left, mid, right = st.columns([1, 1, 2])
    total = len(board.active)
    open_ = meeting.status == "open"
    if left.button("◀ Précédent", key="mt_prev", disabled=meeting.position <= 0 or not open_):
        act(lambda s: meetings.go_to(s, actor=principal, meeting_id=meeting.id,
                                     position=meeting.position - 1), "")  # fmt: skip
    if mid.button("Suivant ▶", key="mt_next", disabled=meeting.position >= total - 1 or not open_):
        act(lambda s: meetings.go_to(s, actor=principal, meeting_id=meeting.id,
                                     position=meeting.position + 1), "")  # fmt: skip
    if open_ and right.button("Clore la séance", key="mt_close"):
        act(lambda s: meetings.close_meeting(s, actor=principal, meeting_id=meeting.id),
            "Séance close.")  # fmt: skip
    if not open_ and right.button("Rouvrir la séance", key="mt_reopen"):
        act(lambda s: meetings.reopen_meeting(s, actor=principal, meeting_id=meeting.id),
            "Séance rouverte.")  # fmt: skip


def summary_tab(meeting, board: Board) -> None:  # type: ignore[no-untyped-def]
    """Decisions, and the votes of patients and professionals side by side."""
    result = meetings.summary_of(meeting, board)  # the board the projection shows: read once
    if not result.rows:
        st.info("Aucun thème dans cette analyse.")
        return
    groups = (decisions.PATIENTS, decisions.PROFESSIONALS)
    rows = []
    for row in result.rows:
        item = {"Thème": row.label, "Réponses": row.size, "Décision": row.decision,
                "Responsable": row.owner, "Échéance": row.due_on}  # fmt: skip
        for group in groups:
            name = decisions.GROUP_LABELS[group]
            item[f"Votes {name}"] = row.votes[group]
            item[f"Priorité {name}"] = row.mean_priority[group]
        item["Commentaires"] = row.comments
        rows.append(item)
    st.dataframe(rows, hide_index=True, width="stretch")
    fig = votes_by_group(
        [r.label for r in result.rows],
        {g: [r.mean_priority[g] for r in result.rows] for g in groups},
        {g: [r.votes[g] for r in result.rows] for g in groups},
        decisions.GROUP_LABELS,
    )
    if fig.data:
        st.plotly_chart(fig, key="mt_summary_chart")
    else:
        st.caption("Aucun vote pour l'instant.")
    st.markdown(f"**{len(result.decided)} décision(s)** sur {len(result.rows)} thème(s).")


st.title("Séance de relecture")
principal = _state.guard("meeting")

_state.show_notice(_state.REVIEW_NOTICE)

with _state.read() as session:
    known = meetings.list_meetings(session, actor=principal)
if principal.can(Permission.DECIDE):
    with st.expander("Nouvelle séance", expanded=not known):
        new_meeting_form(principal)
if not known:
    st.info("Aucune séance de relecture pour l'instant.")
    st.stop()

by_id = {m.id: m for m in known}
if st.session_state.get(_state.MEETING_ID) not in by_id:
    st.session_state[_state.MEETING_ID] = known[0].id
meeting_id = st.selectbox(
    "Séance", list(by_id), format_func=lambda i: meeting_label(by_id[i]), key=_state.MEETING_ID
)
try:
    with _state.read() as session:
        meeting, board = meetings.agenda(session, actor=principal, meeting_id=meeting_id)
except VerbatimError as error:
    _state.show_error(error)
    st.stop()

people = ", ".join(
    f"{p['name']} ({meetings.PARTICIPANT_KINDS[p['kind']]})" for p in meeting.participants or []
)
st.caption(f"Participants : {md(people) or 'aucun'}")
show, recap = st.tabs(["Projection", "Synthèse"])
with show:
    if not board.active:
        st.info("Aucun thème à relire dans cette analyse.")
    else:
        position = min(meeting.position, len(board.active) - 1)
        card = board.active[position]
        navigation(meeting, board, principal)
        projector(card, position, len(board.active), principal)
        votes_panel(meeting, card, principal)
        decision_panel(meeting, card, principal)
with recap:
    summary_tab(meeting, board)
