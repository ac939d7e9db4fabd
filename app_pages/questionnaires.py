"""Questionnaires: create (from a template or empty), edit, preview as the patient sees it, publish.

Also FHIR R4 import and export, for questionnaires coming from or going to other tools.
"""

from __future__ import annotations

import json

import streamlit as st

from app_pages import _builder, _state, _translations
from app_pages import _kiosk_view as view
from verbatim.db.tables import QuestionCreate, QuestionnaireCreate
from verbatim.errors import VerbatimError
from verbatim.review.permissions import Permission
from verbatim.survey import questionnaires as svc
from verbatim.survey.fhir import questionnaire_from_fhir, questionnaire_to_fhir

STATUS_LABELS = {"draft": "brouillon", "published": "publiée", "archived": "archivée"}
STARTER_QUESTION = QuestionCreate(
    link_id="ameliorer", text="Que pourrions-nous améliorer ?", kind="long_text",
    polarity="negative",
)  # fmt: skip


def _notice(message: str) -> None:
    st.session_state[_state.BUILDER_NOTICE] = message


def _open(slug: str) -> None:
    st.session_state[_state.BUILDER_SELECTED] = slug
    st.session_state.pop(_state.BUILDER_DRAFT, None)


def create_section(templates: list[tuple[str, str, int]]) -> None:
    """Create a questionnaire from a template or from scratch, or import a FHIR Questionnaire."""
    from_template, scratch, fhir = st.tabs(["À partir d'un modèle", "Vide", "Import FHIR"])
    with from_template:
        names = {name: f"{title} ({n} questions)" for name, title, n in templates}
        template = st.selectbox("Modèle", list(names), format_func=names.get, key="new_template")
        title = st.text_input("Titre (facultatif)", key="new_template_title")
        if st.button("Créer à partir du modèle", type="primary", key="new_from_template"):
            try:
                with _state.write() as session:
                    q = svc.create_from_template(
                        session, actor=principal, template=template, title=title or None
                    )
                _open(q.slug)
                _notice(f"Questionnaire « {q.title} » créé : relisez-le puis publiez-le.")
                st.rerun()
            except VerbatimError as error:
                _state.show_error(error)
    with scratch:
        title = st.text_input("Titre", key="new_scratch_title")
        if st.button("Créer un questionnaire vide", key="new_scratch"):
            try:
                with _state.write() as session:
                    slug = svc.unique_slug(session, base=svc.slugify(title or "questionnaire"))
                    q = svc.create_questionnaire(
                        session,
                        actor=principal,
                        data=QuestionnaireCreate(slug=slug, title=title.strip() or "Questionnaire"),
                        questions=[STARTER_QUESTION],
                    )
                _open(q.slug)
                _notice("Questionnaire créé avec une première question : complétez-le.")
                st.rerun()
            except VerbatimError as error:
                _state.show_error(error)
    with fhir:
        upload = st.file_uploader("Ressource FHIR Questionnaire (JSON)", type=["json"])
        if upload is not None and st.button("Importer le questionnaire FHIR", key="fhir_import"):
            try:
                with _state.write() as session:
                    q = questionnaire_from_fhir(
                        session, actor=principal, resource=upload.getvalue()
                    )
                _open(q.slug)
                _notice(f"Questionnaire « {q.title} » importé depuis FHIR.")
                st.rerun()
            except VerbatimError as error:
                _state.show_error(error)


def load_draft(slug: str) -> dict:
    """The working copy of the questionnaire's newest version (kept while the page is used)."""
    draft = st.session_state.get(_state.BUILDER_DRAFT)
    if draft is None or draft["slug"] != slug:
        with _state.read() as session:
            q = svc.get_questionnaire(session, slug=slug)
            version = svc.latest_version(session, questionnaire_id=q.id)
            specs = svc.question_specs(session, version_id=version.id)
        draft = _builder.draft_from_specs(slug, version.id, specs)
        st.session_state[_state.BUILDER_DRAFT] = draft
    return draft


def save(slug: str, draft: dict, *, publish: bool) -> None:
    """Save the draft (a new version if the current one has answers), and maybe publish."""
    specs = _builder.specs_from_draft(draft)
    with _state.write() as session:
        q = svc.get_questionnaire(session, slug=slug)
        latest = svc.latest_version(session, questionnaire_id=q.id)
        stored = svc.question_specs(session, version_id=latest.id)
        changed = [s.model_dump() for s in specs] != [s.model_dump() for s in stored]
        version = (
            svc.save_questions(session, actor=principal, questionnaire_id=q.id, questions=specs)
            if changed
            else latest
        )
        if publish:
            version = svc.publish_version(session, actor=principal, questionnaire_id=q.id)
    st.session_state.pop(_state.BUILDER_DRAFT, None)
    if publish:
        _notice(f"Version {version.number} publiée : c'est elle que les patients voient.")
    elif changed:
        _notice(f"Modifications enregistrées (version {version.number}, brouillon).")
    else:
        _notice("Aucune modification à enregistrer.")


def questionnaire_section(slug: str) -> None:
    """Status, questions editor, preview, publish, FHIR export of one questionnaire."""
    with _state.read() as session:
        q = svc.get_questionnaire(session, slug=slug)
        latest = svc.latest_version(session, questionnaire_id=q.id)
        published = svc.published_version(session, questionnaire_id=q.id)
        answered = svc.response_count(session, version_id=latest.id)
    status = STATUS_LABELS.get(latest.status, latest.status)
    st.subheader(q.title)
    st.caption(
        f"Identifiant `{q.slug}` · version {latest.number} ({status})"
        + (f" · version publiée : {published.number}" if published else " · non publié")
    )
    if answered:
        st.info(
            f"La version {latest.number} a déjà {answered} réponse(s) : enregistrer des "
            f"modifications créera la version {latest.number + 1}, sans toucher aux réponses."
        )
    draft = load_draft(slug)
    edit, preview, translate = st.tabs(["Questions", "Aperçu patient", "Traductions"])
    with edit:
        _builder.editor(draft)
    with preview:
        st.caption("Les écrans tels que la borne les montre, une question par écran.")
        view.preview(_builder.kiosk_questions(draft), key=f"preview_{slug}")
    with translate:
        _translations.translations_tab(slug, principal)
    save_col, publish_col, reset_col = st.columns(3)
    for column, label, publish, kind in (
        (save_col, "Enregistrer", False, "secondary"),
        (publish_col, "Enregistrer et publier", True, "primary"),
    ):
        if column.button(label, type=kind, key=f"save_{publish}", width="stretch"):
            try:
                save(slug, draft, publish=publish)
                st.rerun()
            except VerbatimError as error:
                _state.show_error(error)
    if reset_col.button("Annuler les modifications", key="reset_draft", width="stretch"):
        st.session_state.pop(_state.BUILDER_DRAFT, None)
        st.rerun()
    if not principal.can(Permission.EXPORT_DATA):
        return
    with st.expander("Exporter en FHIR (Questionnaire R4)"):
        with _state.read() as session:
            resource = questionnaire_to_fhir(session, actor=principal, questionnaire_id=q.id)
        st.download_button(
            "Télécharger le JSON FHIR",
            data=json.dumps(resource, ensure_ascii=False, indent=2),
            file_name=f"{q.slug}.fhir.json",
            mime="application/fhir+json",
            key="fhir_export",
        )


principal = _state.guard("questionnaires")
st.title("Questionnaires")
_state.show_notice(_state.BUILDER_NOTICE)

with _state.read() as session:
    existing = {q.slug: q.title for q in svc.list_questionnaires(session)}

with st.expander("Nouveau questionnaire", expanded=not existing):
    create_section(_state.templates())

if existing:
    selected = st.session_state.get(_state.BUILDER_SELECTED)
    slugs = list(existing)
    chosen = st.selectbox(
        "Questionnaire à modifier",
        slugs,
        index=slugs.index(selected) if selected in slugs else 0,
        format_func=existing.get,
    )
    if chosen != selected:
        _open(chosen)
    try:
        questionnaire_section(chosen)
    except VerbatimError as error:
        _state.show_error(error)
