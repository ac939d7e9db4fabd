"""Import: responses from a CSV or Excel file (LimeSurvey, Google Forms, KoboToolbox…).

Upload, look at the preview (every row is checked before anything is written), adjust what each
column becomes, then confirm. The import stores every row or none.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _state
from verbatim.errors import VerbatimError
from verbatim.intake import mapping as mp
from verbatim.intake.importer import ImportPreview, preview_import, run_import
from verbatim.survey import kinds
from verbatim.survey import questionnaires as svc

NEW = "__new__"
SPECIAL_LABELS = {
    "": "— à choisir —",
    mp.IGNORE: "Ignorer cette colonne",
    mp.ROLE_TARGETS[mp.DATE]: "Date de la réponse",
    mp.ROLE_TARGETS[mp.SITE]: "Site",
    mp.ROLE_TARGETS[mp.EXTERNAL_ID]: "Identifiant de la réponse",
    mp.ROLE_TARGETS[mp.CONTEXT]: "Contexte du parcours",
    mp.ROLE_TARGETS[mp.LANGUAGE]: "Langue des réponses",
}


def target_labels(questions) -> dict[str, str]:
    """Every value a column can be mapped to, with the label the coordinator reads."""
    labels = dict(SPECIAL_LABELS)
    for q in questions:
        labels[q.link_id] = f"Question : {q.text}"
        if q.kind == kinds.MULTIPLE_CHOICE:
            for option in kinds.options_for(q.kind, q.options):
                labels[f"{q.link_id}[{option['value']}]"] = f"{q.text} → {option['label']}"
    return labels


def mapping_editor(preview: ImportPreview, labels: dict[str, str], key: str) -> None:
    """One selector per column; "Appliquer" re-checks the file with the new correspondence."""
    with st.expander(
        "Modifier la correspondance des colonnes", expanded=bool(preview.unknown_columns)
    ):
        chosen = {}
        for index, match in enumerate(preview.columns):
            current = match.target if match.target in labels else ""
            options = list(labels)
            chosen[match.column] = st.selectbox(
                match.column,
                options,
                index=options.index(current),
                format_func=labels.get,
                key=f"{key}_col_{index}",
            )
        if st.button("Appliquer la correspondance", key=f"{key}_apply"):
            st.session_state[key] = {c: t for c, t in chosen.items() if t}
            st.rerun()


def show_preview(preview: ImportPreview, labels: dict[str, str]) -> None:
    """What the file holds and what importing it would store."""
    a, b, c, d = st.columns(4)
    a.metric("Lignes", preview.row_count)
    b.metric("Réponses à importer", preview.responses)
    c.metric("Lignes vides ignorées", preview.empty_rows)
    d.metric("Réponses non datées ignorées", preview.undated_rows)
    details = f"Format : {preview.kind.upper()}"
    if preview.kind != "xlsx":
        details += (
            f" · encodage : {preview.encoding_label} · séparateur : {preview.delimiter_label}"
        )
    st.caption(details)
    if preview.creates_questionnaire:
        st.info(
            f"Un nouveau questionnaire « {preview.questionnaire_slug} » sera créé et publié avec "
            f"{len(preview.new_questions)} question(s) déduites des colonnes."
        )
    if preview.new_sites:
        st.caption("Sites créés : " + ", ".join(preview.new_sites))
    st.dataframe(
        [
            {
                "Colonne": m.column,
                "Devient": labels.get(m.target, mp.ROLE_LABELS.get(m.role, m.role))
                if m.target
                else mp.ROLE_LABELS.get(m.role, m.role),
                "Comment": m.how,
            }
            for m in preview.columns
        ],
        hide_index=True,
        width="stretch",
    )
    if preview.sample_rows:
        st.caption("Premières lignes du fichier")
        st.dataframe(preview.sample_rows, hide_index=True, width="stretch")


principal = _state.guard("imports")
st.title("Import")
st.write(
    "Importez les réponses d'un fichier CSV ou Excel exporté de LimeSurvey, Google Forms ou "
    "KoboToolbox. Rien n'est enregistré avant votre confirmation, et une erreur sur une seule "
    "ligne arrête tout l'import."
)
done = st.session_state.pop(_state.IMPORT_DONE, None)
if done:
    st.success(done, icon=":material/check_circle:")

round_ = st.session_state.get(_state.IMPORT_ROUND, 0)
upload = st.file_uploader(
    "Fichier CSV ou Excel", type=["csv", "txt", "tsv", "xlsx"], key=f"import_file_{round_}"
)
with _state.read() as session:
    existing = {q.slug: q.title for q in svc.list_questionnaires(session)}
target = st.selectbox(
    "Questionnaire",
    [NEW, *existing],
    format_func=lambda s: (
        "Nouveau questionnaire, créé à partir du fichier" if s == NEW else existing[s]
    ),
    key="import_questionnaire",
)
if upload is None:
    st.stop()

data, filename = upload.getvalue(), upload.name
slug = None if target == NEW else target
map_key = f"import_map_{round_}_{upload.file_id}_{target}"
try:
    with _state.read() as session:
        preview = preview_import(
            session, actor=principal, data=data, filename=filename, questionnaire_slug=slug,
            mapping=st.session_state.get(map_key),
        )  # fmt: skip
        if slug:
            q = svc.get_questionnaire(session, slug=slug)
            version = svc.current_version(session, questionnaire_id=q.id)
            questions = svc.questions_of(session, version_id=version.id)
        else:
            questions = preview.new_questions
except VerbatimError as error:
    _state.show_error(error)
    st.stop()

labels = target_labels(questions)
show_preview(preview, labels)
mapping_editor(preview, labels, map_key)
if preview.problem:
    st.error(preview.problem, icon=":material/warning:")

if st.button(
    f"Importer {preview.responses} réponse(s)",
    type="primary",
    disabled=bool(preview.problem) or not preview.responses,
    key="import_run",
):
    bar = st.progress(0.0, text="Vérification des lignes…")

    def _progress(checked: int, total: int) -> None:
        bar.progress(
            checked / total if total else 1.0, text=f"Lignes vérifiées : {checked}/{total}"
        )

    try:
        with _state.write() as session:
            result = run_import(
                session, actor=principal, data=data, filename=filename, questionnaire_slug=slug,
                mapping=st.session_state.get(map_key), progress=_progress,
            )  # fmt: skip
    except VerbatimError as error:
        bar.empty()
        _state.show_error(error)
    else:
        created = " (questionnaire créé)" if result.created_questionnaire else ""
        st.session_state[_state.IMPORT_DONE] = (
            f"{result.responses} réponse(s) importée(s) dans « {result.questionnaire_slug} »"
            f"{created}."
        )
        st.session_state[_state.IMPORT_ROUND] = round_ + 1
        st.rerun()
