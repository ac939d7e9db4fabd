"""Relecture: the review board, one card per theme of the analysis, with every action on it.

Thin page: the services (verbatim.review.board / edits / decisions) check permissions, record
the audit trail and apply edits by lineage, so they survive new analyses.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import streamlit as st
from sqlmodel import Session

from app_pages import _state
from app_pages._state import md
from verbatim.errors import Msg, VerbatimError
from verbatim.output.board_charts import trend_sparkline
from verbatim.review import decisions, edits
from verbatim.review.board import CHANGE_LABELS, TONE_LABELS, Board, Card, build_board, list_runs
from verbatim.review.board import quotes as card_quotes
from verbatim.review.permissions import Permission, Principal

PARIS = ZoneInfo("Europe/Paris")
QUOTES_STEP = 3
NEW_THEME = "__new__"


def run_label(run) -> str:
    """ "Analyse n° 3 du 23/11/2026 à 15:10"."""
    when = run.created_at.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")
    return f"Analyse n° {run.id} du {when}"


def act(action: Callable[[Session], object], notice: str) -> None:
    """Run one write service; show its French error, or rerun with a notice."""
    _state.act(action, notice, notice_key=_state.REVIEW_NOTICE)


def tone_text(card: Card) -> str:
    """ "2 négatif · 1 positif" (tones present only)."""
    parts = [f"{n} {TONE_LABELS[t]}" for t, n in card.tone.items() if n]
    return " · ".join(parts) or "aucune réponse"


def votes_text(card: Card) -> str:
    """Votes per group, e.g. "Patients partenaires et RU : 2 (moy. 2,5)"."""
    parts = []
    for group, values in card.review.votes_by_group().items():
        if values:
            avg = f"{sum(values) / len(values):.1f}".replace(".", ",")
            parts.append(f"{decisions.GROUP_LABELS[group]} : {len(values)} (moy. {avg})")
    return " · ".join(parts) or "aucun vote"


def show_quotes(card: Card, principal: Principal) -> None:
    """The first quotes, and more on demand (pseudonymised text only)."""
    shown_key = f"rv_more_{card.lineage}"
    count = st.session_state.get(shown_key, QUOTES_STEP)
    with _state.read() as session:
        items = card_quotes(session, actor=principal, card=card, limit=count)
    for _, text in items:
        st.markdown(f"> {md(text)}")
    if count < card.size and st.button("Plus de citations", key=f"rv_morebtn_{card.lineage}"):
        st.session_state[shown_key] = count + QUOTES_STEP * 2
        st.rerun()


def actions(card: Card, board: Board, principal: Principal) -> None:
    """The actions the principal may take on a card, in tabs."""
    tabs = []
    if principal.can(Permission.VOTE):
        tabs.append(("Voter", vote_tab))
    if principal.can(Permission.COMMENT):
        tabs.append(("Commenter", comment_tab))
    if principal.can(Permission.REVIEW_THEMES):
        tabs += [("Renommer", rename_tab), ("Fusionner", merge_tab), ("Scinder", split_tab)]
    if principal.can(Permission.DECIDE):
        tabs.append(("Décider", decide_tab))
    if not tabs:
        return
    for (_, draw), tab in zip(tabs, st.tabs([name for name, _ in tabs]), strict=True):
        with tab:
            draw(card, board, principal)


def vote_tab(card: Card, board: Board, principal: Principal) -> None:
    mine = card.review.vote_of(decisions.voter_key(principal))
    options = list(decisions.PRIORITY_LABELS)
    # a form: choosing a priority does not rerun the page (which would close this panel)
    with st.form(key=f"rv_voteform_{card.lineage}", border=False):
        choice = st.radio(
            "Priorité de ce thème", options, format_func=decisions.PRIORITY_LABELS.get,
            index=options.index(mine) if mine else None, horizontal=True,
            key=f"rv_vote_{card.lineage}",
        )  # fmt: skip
        st.caption("Un vote par personne et par thème : voter à nouveau remplace votre vote.")
        submitted = st.form_submit_button("Voter", key=f"rv_votebtn_{card.lineage}")
    if submitted:
        if choice is None:
            st.warning("Choisissez d'abord une priorité.")
            return
        act(lambda s: decisions.cast_vote(s, actor=principal, lineage=card.lineage,
                                          priority=choice), "Vote enregistré.")  # fmt: skip


def comment_tab(card: Card, board: Board, principal: Principal) -> None:
    for comment in card.review.comments[-5:]:
        when = comment.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
        st.markdown(f"**{md(comment.author)}**, {when} : {md(comment.text)}")
    text = st.text_area("Votre commentaire", key=f"rv_comment_{card.lineage}", height=80)
    if st.button("Commenter", key=f"rv_commentbtn_{card.lineage}"):
        act(lambda s: decisions.add_comment(s, actor=principal, lineage=card.lineage, text=text),
            "Commentaire ajouté.")  # fmt: skip


def rename_tab(card: Card, board: Board, principal: Principal) -> None:
    label = st.text_input("Nouveau nom", value=card.label, key=f"rv_label_{card.lineage}")
    left, right = st.columns(2)
    if left.button("Renommer", key=f"rv_renamebtn_{card.lineage}"):
        act(lambda s: edits.rename(s, actor=principal, lineage=card.lineage, label=label,
                                   run_id=board.run_id), "Thème renommé.")  # fmt: skip
    mark = "Remettre dans le sujet" if card.off_topic else "Marquer « hors sujet »"
    if right.button(mark, key=f"rv_offbtn_{card.lineage}"):
        act(lambda s: edits.set_off_topic(s, actor=principal, lineage=card.lineage,
                                          off_topic=not card.off_topic), "C'est noté.")  # fmt: skip


def merge_tab(card: Card, board: Board, principal: Principal) -> None:
    others = {c.lineage: c.label for c in board.cards if c.lineage != card.lineage}
    if card.merged_labels:
        st.caption("Contient aussi : " + md(", ".join(card.merged_labels)))
        members = [m for m in board.lineages.members(card.lineage) if m != card.lineage]
        undo = st.selectbox("Annuler la fusion de", members, format_func=board.lineages.label,
                            key=f"rv_unmerge_{card.lineage}")  # fmt: skip
        if st.button("Séparer", key=f"rv_unmergebtn_{card.lineage}"):
            act(lambda s: edits.unmerge(s, actor=principal, lineage=undo), "Fusion annulée.")
    if not others:
        return
    target = st.selectbox(
        "Fusionner ce thème dans", list(others), format_func=others.get,
        key=f"rv_merge_{card.lineage}",
    )  # fmt: skip
    if st.button("Fusionner", key=f"rv_mergebtn_{card.lineage}"):
        act(lambda s: edits.merge(s, actor=principal, source=card.lineage, target=target,
                                  run_id=board.run_id), "Thèmes fusionnés.")  # fmt: skip


def split_tab(card: Card, board: Board, principal: Principal) -> None:
    with _state.read() as session:
        items = card_quotes(session, actor=principal, card=card, limit=200)
    texts = dict(items)
    chosen = st.multiselect(
        "Réponses à déplacer", list(texts), format_func=lambda a: texts[a][:90],
        key=f"rv_split_{card.lineage}",
    )  # fmt: skip
    others = {c.lineage: c.label for c in board.cards if c.lineage != card.lineage}
    target = st.selectbox(
        "Vers", [NEW_THEME, *others],
        format_func=lambda x: "un nouveau thème" if x == NEW_THEME else others[x],
        key=f"rv_splitto_{card.lineage}",
    )  # fmt: skip
    new_label = ""
    if target == NEW_THEME:
        new_label = st.text_input("Nom du nouveau thème", key=f"rv_splitlabel_{card.lineage}")
    if st.button("Déplacer", key=f"rv_splitbtn_{card.lineage}"):
        act(
            lambda s: edits.move_answers(
                s, actor=principal, answer_ids=chosen, run_id=board.run_id,
                target=None if target == NEW_THEME else target,
                new_label=new_label if target == NEW_THEME else None,
            ),
            "Réponses déplacées : elles resteront dans ce thème aux prochaines analyses.",
        )  # fmt: skip


def decide_tab(card: Card, board: Board, principal: Principal) -> None:
    current = card.review.decision
    kinds = list(decisions.DECISION_LABELS)
    key = f"rv_dec_{card.lineage}"
    kind = st.selectbox("Décision", kinds, format_func=decisions.DECISION_LABELS.get,
                        index=kinds.index(current.kind) if current else 0, key=key)  # fmt: skip
    left, right = st.columns(2)
    owner = left.text_input("Responsable", value=current.owner if current else "", key=key + "o")
    due = right.date_input("Échéance", value=current.due_on if current else None,
                           format="DD/MM/YYYY", key=key + "d")  # fmt: skip
    note = st.text_input("Ce qui sera fait", value=current.note if current else "", key=key + "n")
    public = st.checkbox("Afficher en salle d'attente (« Vous nous avez dit, nous avons fait »)",
                         value=current.public if current else False, key=key + "p")  # fmt: skip
    if st.button("Enregistrer la décision", key=key + "btn"):
        act(lambda s: decisions.decide(s, actor=principal, lineage=card.lineage, kind=kind,
                                       owner=owner, due_on=due, note=note, public=public),
            "Décision enregistrée.")  # fmt: skip


def draw_card(card: Card, board: Board, principal: Principal) -> None:
    """One theme: label, keywords, size, tone split, trend, quotes, reviews and actions."""
    with st.container(border=True):
        head, spark = st.columns([3, 1])
        with head:
            badge = " · créé sur le tableau" if card.manual else ""
            st.markdown(f"### {md(card.label)}")
            keywords = md(", ".join(card.keywords)) or "—"
            st.caption(f"{keywords} · {CHANGE_LABELS.get(card.change, '')}{badge}")
            st.markdown(f"**{card.size} réponse(s)** — ton : {tone_text(card)}")
            if card.merged_labels:
                st.caption("Fusion de : " + md(", ".join(card.merged_labels)))
            if card.moved_in:
                st.caption(f"{card.moved_in} réponse(s) placée(s) à la main")
        with spark:
            if len(card.trend) > 1:
                st.plotly_chart(trend_sparkline(card.trend), key=f"rv_spark_{card.lineage}",
                                config={"displayModeBar": False})  # fmt: skip
        show_quotes(card, principal)
        decision = card.review.decision
        line = f"Votes : {votes_text(card)} · {len(card.review.comments)} commentaire(s)"
        if decision:
            due = decision.due_on.strftime("%d/%m/%Y") if decision.due_on else "sans échéance"
            line += (f" · **{decisions.DECISION_LABELS[decision.kind]}**"
                     f" ({md(decision.owner) or 'sans responsable'}, {due})")  # fmt: skip
        st.markdown(line)
        with st.expander("Agir sur ce thème"):
            actions(card, board, principal)


st.title("Tableau de relecture")
principal = _state.guard("review")
st.caption(f"Connecté : {principal.label}")

try:
    with _state.read() as session:
        runs = list_runs(session, actor=principal)
except VerbatimError as error:
    _state.show_error(error)
    st.stop()
if not runs:
    st.info(Msg.NO_ANALYSIS_RUN)
    st.stop()

ids = [r.id for r in runs]
chosen_run = st.selectbox(
    "Analyse", ids, format_func=lambda i: run_label(runs[ids.index(i)]), key=_state.REVIEW_RUN
)
with _state.read() as session:
    board = build_board(session, actor=principal, run_id=chosen_run)

_state.show_notice(_state.REVIEW_NOTICE)

a, b, c = st.columns(3)
a.metric("Thèmes", len(board.active))
b.metric("Réponses classées", board.assigned)
c.metric("Réponses informatives", board.informative)
if chosen_run != ids[0]:
    st.warning("Vous relisez une analyse ancienne : la plus récente est en tête de liste.")

for item in board.active:
    draw_card(item, board, principal)
if board.off_topic:
    st.subheader("Hors sujet")
    for item in board.off_topic:
        draw_card(item, board, principal)
