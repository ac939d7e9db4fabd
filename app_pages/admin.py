"""Administration: accounts (roles and kinds), staff names to redact, theme framework, lexicon."""

from __future__ import annotations

import streamlit as st

from app_pages import _state
from verbatim.review import accounts
from verbatim.review.permissions import KIND_LABELS, ROLE_LABELS
from verbatim.signals.serious import EntryDraft, editable_lexicon, save_lexicon
from verbatim.text.staff import add_staff_name, list_staff_names, remove_staff_name
from verbatim.themes.framework import FrameworkTheme, load_framework, save_framework

principal = _state.guard("admin")


def act(action, notice: str) -> None:  # type: ignore[no-untyped-def]
    """Run one write; show its French error, or rerun and say what was done."""
    _state.act(action, notice, notice_key=_state.ADMIN_NOTICE)


st.title("Administration")
_state.show_notice(_state.ADMIN_NOTICE)
tab_accounts, tab_staff, tab_framework, tab_lexicon = st.tabs(
    ["Comptes", "Noms du personnel", "Référentiel des thèmes", "Lexique de gravité"]
)

with tab_accounts:
    with _state.read() as session:
        people = accounts.list_accounts(session, actor=principal)
    st.dataframe(
        [
            {
                "Identifiant": a.username,
                "Nom": a.display_name,
                "Rôle": ROLE_LABELS.get(a.role, a.role),
                "Profil": KIND_LABELS.get(a.reviewer_kind, "") if a.reviewer_kind else "",
                "Profession": a.profession or "",
                "Actif": "oui" if a.active else "non",
            }
            for a in people
        ],
        hide_index=True,
        use_container_width=True,
    )
    st.subheader("Ajouter un compte")
    with st.form("new-account", clear_on_submit=True):
        cols = st.columns(2)
        display_name = cols[0].text_input("Nom affiché (ex. « Marie D. »)")
        username = cols[1].text_input("Identifiant")
        role = cols[0].selectbox(
            "Rôle", list(ROLE_LABELS), format_func=lambda r: ROLE_LABELS[r], index=1
        )
        kind = cols[1].selectbox(
            "Profil (relecteurs)",
            [None, *KIND_LABELS],
            format_func=lambda k: "—" if k is None else KIND_LABELS[k],
        )
        profession = cols[0].text_input("Profession (professionnels)")
        password = cols[1].text_input(
            "Mot de passe initial (10 caractères au moins)", type="password"
        )
        submitted = st.form_submit_button("Créer le compte", type="primary")
    if submitted:
        act(
            lambda s: accounts.create_account(
                s,
                actor=principal,
                username=username,
                password=password,
                display_name=display_name,
                role=role,
                reviewer_kind=kind,
                profession=profession or None,
            ),
            f"Compte « {username} » créé.",
        )
    active = [a.username for a in people if a.active and a.username != principal.username]
    if active:
        st.subheader("Désactiver un compte")
        who = st.selectbox("Compte", active, key="deactivate-who")
        if st.button("Désactiver", key="deactivate"):
            act(
                lambda s: accounts.deactivate_account(s, actor=principal, username=who),
                f"Compte « {who} » désactivé.",
            )

with tab_staff:
    st.write(
        "Les noms de cette liste sont remplacés par [NOM] dans les réponses enregistrées "
        "désormais (en plus des noms que le modèle reconnaît)."
    )
    with _state.read() as session:
        names = [n.name for n in list_staff_names(session)]
    st.write(", ".join(names) if names else "Aucun nom pour l'instant.")
    with st.form("staff-add", clear_on_submit=True):
        name = st.text_input("Nom à ajouter")
        if st.form_submit_button("Ajouter"):
            act(lambda s: add_staff_name(s, name=name, actor=principal), f"« {name} » ajouté.")
    if names:
        gone = st.selectbox("Nom à retirer", names, key="staff-remove-who")
        if st.button("Retirer", key="staff-remove"):
            act(lambda s: remove_staff_name(s, name=gone, actor=principal), f"« {gone} » retiré.")

with tab_framework:
    st.write(
        "Les thèmes de référence de l'analyse : un nom, des mots-clés (séparés par des virgules) "
        "et une description. Ajoutez une ligne pour un nouveau thème ; la prochaine analyse "
        "utilisera le référentiel enregistré."
    )
    framework = load_framework()
    edited = st.data_editor(
        [
            {
                "Clé": t.key,
                "Thème": t.label,
                "Mots-clés": ", ".join(t.seeds),
                "Description": t.description,
            }
            for t in framework.themes
        ],
        num_rows="dynamic",
        use_container_width=True,
        key="admin_framework",
        column_config={"Clé": st.column_config.TextColumn(disabled=False, width="small")},
    )
    if st.button("Enregistrer le référentiel", key="admin_framework_save"):
        themes = [
            FrameworkTheme(
                key=str(row.get("Clé") or ""),
                label=str(row.get("Thème") or ""),
                seeds=[w for w in str(row.get("Mots-clés") or "").split(",")],
                description=str(row.get("Description") or ""),
            )
            for row in edited
        ]
        act(lambda s: save_framework(s, actor=principal, themes=themes), "Référentiel enregistré.")

with tab_lexicon:
    st.write(
        "Les mots et expressions qui signalent une réponse à lire en priorité. Une étoile « * » "
        "termine un début de mot (rappel* : rappelé, rappeler) ; « … » laisse jusqu'à quatre mots "
        "entre deux autres. Les expressions sont séparées par « ; »."
    )
    edited_lexicon = st.data_editor(
        [
            {
                "Libellé": e.label,
                "Catégorie": e.category,
                "Poids (1 à 3)": e.weight,
                "Ignoré après une négation": e.negatable,
                "Expressions": " ; ".join(e.patterns),
            }
            for e in editable_lexicon()
        ],
        num_rows="dynamic",
        use_container_width=True,
        key="admin_lexicon",
    )
    if st.button("Enregistrer le lexique", key="admin_lexicon_save"):
        entries = [
            EntryDraft(
                label=str(row.get("Libellé") or ""),
                category=str(row.get("Catégorie") or ""),
                weight=int(row.get("Poids (1 à 3)") or 0),
                negatable=bool(row.get("Ignoré après une négation")),
                patterns=tuple(str(row.get("Expressions") or "").split(";")),
            )
            for row in edited_lexicon
        ]
        act(lambda s: save_lexicon(s, actor=principal, entries=entries), "Lexique enregistré.")
