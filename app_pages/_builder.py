"""The questionnaire builder's working copy and its question editor.

Under each question's text, easy-read advice (:mod:`verbatim.survey.readability`): its
readability score and plain warnings, updated on every rerun; they never block saving.

The draft lives in session state as plain dicts (one per question, with a stable ``uid`` that keys
its widgets, so moving a question up or down keeps what was typed in it). Saving turns it into
``QuestionCreate`` specs for :func:`verbatim.survey.questionnaires.save_questions`.
"""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from app_pages import _state
from verbatim.db.tables import QuestionCreate
from verbatim.survey import kinds, readability
from verbatim.survey.kiosk import KioskQuestion
from verbatim.survey.questionnaires import slugify

POLARITY_LABELS = {
    None: "Sans orientation",
    "positive": "Ce qui va bien (positif)",
    "negative": "Ce qui peut être amélioré (négatif)",
}
OPERATOR_LABELS = {"=": "est", "!=": "n'est pas", "exists": "a une réponse"}
ALWAYS = "__always__"


# --- the draft ---------------------------------------------------------------------------------


def draft_from_specs(slug: str, version_id: int, specs: list[QuestionCreate]) -> dict[str, Any]:
    """A fresh working copy of a version's questions."""
    questions = []
    for spec in specs:
        item = spec.model_dump()
        item["uid"] = uuid.uuid4().hex[:10]
        questions.append(item)
    return {"slug": slug, "version_id": version_id, "questions": questions}


def specs_from_draft(draft: dict[str, Any]) -> list[QuestionCreate]:
    """The draft as specs to save (options and polarity only where the kind uses them)."""
    specs = []
    for item in draft["questions"]:
        kind = item["kind"]
        options = item.get("options") if kind in kinds.CHOICE_KINDS else None
        if kind == kinds.LIKERT5 and item.get("options") and len(item["options"]) == 5:
            options = item["options"]  # custom Likert labels from a template or FHIR
        specs.append(
            QuestionCreate(
                link_id=item["link_id"],
                text=(item.get("text") or "").strip(),
                kind=kind,
                required=bool(item.get("required")),
                help_text=(item.get("help_text") or "").strip(),
                options=options,
                show_if=item.get("show_if") or None,
                polarity=item.get("polarity") if kind in kinds.TEXT_KINDS else None,
                max_length=item.get("max_length"),
            )
        )
    return specs


def kiosk_questions(draft: dict[str, Any]) -> list[KioskQuestion]:
    """The draft as the kiosk would show it (for the preview)."""
    out = []
    for spec in specs_from_draft(draft):
        out.append(
            KioskQuestion(
                link_id=spec.link_id,
                text=spec.text or "(question sans texte)",
                kind=spec.kind,
                required=spec.required,
                help_text=spec.help_text,
                options=tuple(
                    (o["value"], str(o["label"]))
                    for o in kinds.options_for(spec.kind, spec.options)
                ),
                show_if=spec.show_if,
            )
        )
    return out


def add_question(draft: dict[str, Any]) -> None:
    """Append an empty free-text question with a new identifier."""
    taken = {q["link_id"] for q in draft["questions"]}
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    draft["questions"].append(
        {
            "uid": uuid.uuid4().hex[:10], "link_id": f"q{n}", "text": "", "kind": kinds.LONG_TEXT,
            "required": False, "help_text": "", "options": None, "show_if": None,
            "polarity": None, "max_length": None,
        }
    )  # fmt: skip


def move(draft: dict[str, Any], uid: str, step: int) -> None:
    """Move a question up (-1) or down (+1)."""
    items = draft["questions"]
    i = next(i for i, q in enumerate(items) if q["uid"] == uid)
    j = i + step
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]


def delete(draft: dict[str, Any], uid: str) -> None:
    """Remove a question (and the conditions that pointed at it)."""
    items = draft["questions"]
    gone = next(q for q in items if q["uid"] == uid)
    draft["questions"] = [q for q in items if q["uid"] != uid]
    for q in draft["questions"]:
        if (q.get("show_if") or {}).get("question") == gone["link_id"]:
            q["show_if"] = None


def options_from_lines(text: str, previous: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Choices typed one per line; a label kept from before keeps its stored value."""
    known = {str(o["label"]).strip(): o["value"] for o in previous or []}
    options, used = [], set()
    for line in text.splitlines():
        label = line.strip()
        if not label or label in {o["label"] for o in options}:
            continue
        value = known.get(label) or slugify(label, max_length=40).replace("-", "_")
        base, n = value, 1
        while value in used:
            n += 1
            value = f"{base}_{n}"
        used.add(value)
        options.append({"value": value, "label": label})
    return options


# --- the editor --------------------------------------------------------------------------------


def _draft() -> dict[str, Any]:
    return st.session_state[_state.BUILDER_DRAFT]


def question_editor(position: int, item: dict[str, Any], earlier: list[dict[str, Any]]) -> None:
    """One question's fields; the widgets write straight back into ``item``."""
    uid = item["uid"]
    with st.container(border=True):
        head, up, down, remove = st.columns([8, 1, 1, 1], vertical_alignment="center")
        head.markdown(f"**Question {position}** · identifiant `{item['link_id']}`")
        up.button(
            ":material/arrow_upward:",
            key=f"b_{uid}_up",
            help="Monter",
            on_click=lambda: move(_draft(), uid, -1),
        )
        down.button(
            ":material/arrow_downward:",
            key=f"b_{uid}_down",
            help="Descendre",
            on_click=lambda: move(_draft(), uid, 1),
        )
        remove.button(
            ":material/delete:",
            key=f"b_{uid}_del",
            help="Supprimer",
            on_click=lambda: delete(_draft(), uid),
        )
        item["text"] = st.text_input(
            "Texte de la question", value=item["text"], key=f"b_{uid}_text"
        )
        advice = st.container()  # filled once the help text below is read too
        left, right = st.columns([2, 1])
        item["kind"] = left.selectbox(
            "Type de réponse",
            list(kinds.KIND_LABELS),
            index=list(kinds.KIND_LABELS).index(item["kind"]),
            format_func=kinds.KIND_LABELS.get,
            key=f"b_{uid}_kind",
        )
        right.write("")
        item["required"] = right.checkbox(
            "Obligatoire", value=bool(item["required"]), key=f"b_{uid}_req"
        )
        if item["kind"] in kinds.CHOICE_KINDS:
            lines = "\n".join(str(o["label"]) for o in item.get("options") or [])
            typed = st.text_area("Choix (un par ligne)", value=lines, key=f"b_{uid}_opts")
            item["options"] = options_from_lines(typed, item.get("options"))
        if item["kind"] in kinds.TEXT_KINDS:
            item["polarity"] = st.selectbox(
                "Ce que la zone de texte demande",
                list(POLARITY_LABELS),
                index=list(POLARITY_LABELS).index(item.get("polarity")),
                format_func=POLARITY_LABELS.get,
                key=f"b_{uid}_pol",
            )
        item["help_text"] = st.text_input(
            "Aide sous la question (facultatif)", value=item.get("help_text") or "",
            key=f"b_{uid}_help",
        )  # fmt: skip
        with advice:
            readability_advice(item)
        _show_if_editor(item, earlier)


def readability_advice(item: dict[str, Any]) -> None:
    """The question's score (« Lisibilité : 72/100 — facile ») and its easy-read warnings."""
    assessment = readability.assess(item.get("text") or "", help_text=item.get("help_text") or "")
    if assessment.score is None:
        return
    st.caption(assessment.caption)
    if assessment.issues:
        st.warning(
            "\n".join(f"- {issue.message}" for issue in assessment.issues),
            icon=":material/lightbulb:",
        )


def _show_if_editor(item: dict[str, Any], earlier: list[dict[str, Any]]) -> None:
    uid, current = item["uid"], item.get("show_if") or {}
    sources = {q["link_id"]: q for q in earlier}
    if current and current.get("question") not in sources:
        st.warning("La condition portait sur une question qui n'est plus avant celle-ci : retirée.")
        current = {}
    choices = [ALWAYS, *sources]
    source_id = st.selectbox(
        "Afficher cette question",
        choices,
        index=choices.index(current.get("question", ALWAYS)),
        format_func=lambda c: (
            "Toujours"
            if c == ALWAYS
            else f"Seulement si : {sources[c]['text'] or sources[c]['link_id']}"
        ),
        key=f"b_{uid}_si_q",
    )
    if source_id == ALWAYS:
        item["show_if"] = None
        return
    source = sources[source_id]
    left, right = st.columns(2)
    operator = left.selectbox(
        "Condition",
        list(OPERATOR_LABELS),
        index=list(OPERATOR_LABELS).index(current.get("operator", "=")),
        format_func=OPERATOR_LABELS.get,
        key=f"b_{uid}_si_op",
    )
    value: Any = None
    if operator != "exists":
        opts = kinds.options_for(source["kind"], source.get("options"))
        if opts:
            values = [o["value"] for o in opts]
            labels = {o["value"]: str(o["label"]) for o in opts}
            old = current.get("value")
            index = next((i for i, v in enumerate(values) if str(v) == str(old)), 0)
            value = right.selectbox(
                "Réponse", values, index=index, format_func=labels.get,
                key=f"b_{uid}_si_v_{source_id}",
            )  # fmt: skip
        else:
            value = right.text_input(
                "Réponse", value=str(current.get("value") or ""), key=f"b_{uid}_si_t_{source_id}"
            )
    item["show_if"] = {"question": source_id, "operator": operator, "value": value}


def editor(draft: dict[str, Any]) -> None:
    """Every question's editor, in order, then "Ajouter une question"."""
    overview = st.empty()  # the questionnaire's readability, once every text is read
    for position, item in enumerate(list(draft["questions"]), start=1):
        question_editor(position, item, draft["questions"][: position - 1])
    summary = readability.summarise(
        (q.get("text") or "", q.get("help_text") or "") for q in draft["questions"]
    )
    if summary.caption:
        overview.caption(summary.caption)
    st.button(
        ":material/add: Ajouter une question", key="b_add", on_click=lambda: add_question(_draft())
    )
