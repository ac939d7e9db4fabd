"""Analyse: group the free-text answers into themes, show them, rename a theme."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st
from sqlmodel import select

from app_pages import _state
from verbatim.db.tables import Question
from verbatim.db.tables_themes import Theme
from verbatim.errors import VerbatimError
from verbatim.output import theme_charts
from verbatim.survey import kinds
from verbatim.survey import questionnaires as svc
from verbatim.themes import results
from verbatim.themes.runs import rename_theme, themes_of

CHANGE_LABELS = {"new": "nouveau", "grown": "en hausse", "shrunk": "en baisse", "stable": "stable"}
ORIGIN_LABELS = {"framework": "référentiel", "discovered": "découvert"}

PARIS = ZoneInfo("Europe/Paris")


def scope_form() -> dict | None:
    """The analysis scope; returns the chosen options when the button is pressed."""
    with _state.read() as s:
        questionnaires = {q.slug: q.title for q in svc.list_questionnaires(s)}
        sites = {site.id: site.name for site in svc.list_sites(s)}
        questions = sorted(
            {
                (q.link_id, q.text)
                for q in s.exec(
                    select(Question).where(Question.kind.in_(sorted(kinds.TEXT_KINDS)))  # type: ignore[attr-defined]
                )
            }
        )
    with st.form("analysis_scope"):
        left, right = st.columns(2)
        slugs = left.multiselect(
            "Questionnaires", list(questionnaires), format_func=questionnaires.get,
            placeholder="Tous",
        )  # fmt: skip
        site_ids = right.multiselect(
            "Sites", list(sites), format_func=sites.get, placeholder="Tous"
        )
        links = dict(questions)
        link_ids = left.multiselect(
            "Questions", list(links), format_func=lambda k: links[k], placeholder="Toutes"
        )
        period = right.date_input(
            "Période", value=(date.today() - timedelta(days=365), date.today()),
            format="DD/MM/YYYY",
        )  # fmt: skip
        pressed = st.form_submit_button("Lancer l'analyse", type="primary")
    if not pressed:
        return None
    since = datetime.combine(period[0], time.min, UTC) if len(period) > 0 else None
    until = datetime.combine(period[1], time.max, UTC) if len(period) > 1 else None
    return {
        "questionnaire_slugs": slugs or None,
        "question_link_ids": link_ids or None,
        "site_ids": site_ids or None,
        "since": since,
        "until": until,
    }


def run_with_progress(options: dict) -> None:
    """Run the engine with a progress display; the run is stored only if it succeeds."""
    from verbatim.themes.engine import STAGES, run_analysis

    order = list(STAGES)
    with st.status("Analyse en cours…", expanded=True) as status:
        bar = st.progress(0.0, text="Chargement du modèle de langue…")
        nlp = _state.nlp()

        def progress(stage: str, share: float) -> None:
            value = (order.index(stage) + min(max(share, 0.0), 1.0)) / len(order)
            bar.progress(min(value, 1.0), text=STAGES[stage])

        try:
            with _state.write() as s:
                summary = run_analysis(s, actor=principal, nlp=nlp, progress=progress, **options)
        except VerbatimError as error:
            status.update(label="Analyse impossible", state="error")
            _state.show_error(error)
            return
        bar.progress(1.0, text="Terminé")
        label = f"Analyse terminée : {summary.counts['themes']} thèmes"
        if summary.counts.get("other_language_answers"):
            label += (
                f", {summary.counts['other_language_answers']} réponses dans une autre langue "
                "mises à part"
            )
        status.update(label=label, state="complete")


def show_run() -> None:
    """The latest analysis: figures, changes, charts, then one theme in detail."""
    with _state.read() as s:
        run = results.run_or_latest(s)
        if run is None or run.id is None:
            st.info("Aucune analyse pour l'instant : choisissez les réponses et lancez l'analyse.")
            return
        themes = themes_of(s, run_id=run.id)
        tones = results.tone_split(s, run_id=run.id)
        months = results.theme_months(s, run_id=run.id)
        points = results.map_points(s, run_id=run.id)
        foreign = results.other_language_answers(s, run_id=run.id)
    counts = run.counts or {}
    st.subheader(f"Analyse du {run.created_at.astimezone(PARIS):%d/%m/%Y à %H:%M}")
    cols = st.columns(6)
    cols[0].metric("Réponses", counts.get("answers", 0))
    cols[1].metric("Informatives", counts.get("informative", 0))
    cols[2].metric("Non informatives", counts.get("non_informative", 0), help="« RAS », « rien »…")
    cols[3].metric(
        "Autre langue",
        counts.get("other_language_answers", 0),
        help="Réponses écrites dans une autre langue que le français : mises à part, à lire "
        "plus bas.",
    )
    cols[4].metric("Thèmes", counts.get("themes", 0))
    cols[5].metric("Sans thème", f"{counts.get('unthemed_share', 0):.0%}")
    changes = run.changes or {}
    if run.previous_run_id:
        parts = [
            f"{name} : {', '.join(changes[key])}"
            for key, name in (
                ("new", "Nouveaux"), ("grown", "En hausse"), ("shrunk", "En baisse"),
                ("vanished", "Disparus"),
            )
            if changes.get(key)
        ]  # fmt: skip
        st.caption("Depuis l'analyse précédente — " + (" · ".join(parts) or "aucun changement."))
    if not themes:
        st.warning("Aucun thème : trop peu de réponses informatives.")
    else:
        show_themes(themes, tones, months, points, results.theme_trends(months, themes))
    other_languages(foreign)


def show_themes(
    themes: list[Theme],
    tones: dict[int, dict[str, int]],
    months: dict[int, dict[str, int]],
    points: list[dict],
    trends: dict[int, str],
) -> None:
    """Charts of the run's themes, then one theme in detail."""
    label_of = {t.id: t.label for t in themes}
    sizes, by_month, maps = st.tabs(["Thèmes", "Par mois", "Carte"])
    sizes.plotly_chart(
        theme_charts.theme_sizes(
            [{"label": t.label, "size": t.size, "tones": tones.get(t.id or 0, {})} for t in themes]
        ),
        width="stretch",
    )
    by_month.plotly_chart(
        theme_charts.themes_by_month({label_of[k]: v for k, v in months.items() if k in label_of}),
        width="stretch",
    )
    maps.plotly_chart(theme_charts.answer_map(points), width="stretch")
    theme_detail(themes, trends)


def other_languages(answers: list[results.OtherLanguageAnswer]) -> None:
    """Answers written in another language: counted per language and listed for a person to read
    (the themes are French, so they are kept out of them)."""
    if not answers:
        return
    st.subheader("Réponses dans une autre langue")
    st.caption(
        "Ces réponses ne sont ni classées dans les thèmes ni comptées dans leurs effectifs "
        "(l'analyse des thèmes est faite en français) : lisez-les ici."
    )
    by_language: dict[str, list[results.OtherLanguageAnswer]] = {}
    for answer in answers:
        by_language.setdefault(answer.language_name, []).append(answer)
    ordered = sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    st.markdown(" · ".join(f"**{name.capitalize()}** : {len(group)}" for name, group in ordered))
    for name, group in ordered:
        with st.expander(f"{name.capitalize()} ({len(group)})"):
            for answer in group:
                when = answer.submitted_at.astimezone(PARIS)
                st.markdown(f"*{when:%d/%m/%Y} — {answer.question}*")
                st.markdown(f"> {answer.text}")


def theme_detail(themes, trends: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    """Keywords, quotes and renaming of one theme."""
    st.subheader("Un thème en détail")
    by_id = {t.id: t for t in themes}
    chosen = st.selectbox(
        "Thème",
        list(by_id),
        format_func=lambda i: f"{by_id[i].label} ({by_id[i].size} réponses)",
        key="analysis_theme",
    )
    theme = by_id[chosen]
    st.markdown(
        f"**{theme.label}** — {ORIGIN_LABELS.get(theme.origin, theme.origin)}, "
        f"{theme.size} réponses, {theme.negative_share:.0%} négatives, "
        f"tendance {results.TREND_LABELS.get(trends.get(theme.id or 0, 'stable'))}, "
        f"{CHANGE_LABELS.get(theme.change, theme.change)} depuis l'analyse précédente."
    )
    st.markdown("**Mots-clés :** " + (", ".join(theme.keywords or []) or "—"))
    with _state.read() as s:
        quotes = results.theme_quotes(s, theme=theme)
    for quote in quotes:
        st.markdown(f"> {quote}")
    with st.form("rename_theme"):
        label = st.text_input("Nouveau nom du thème", value=theme.label, max_chars=200)
        if st.form_submit_button("Renommer"):
            try:
                with _state.write() as s:
                    rename_theme(s, theme_id=theme.id, label=label, actor=principal)
            except VerbatimError as error:
                _state.show_error(error)
            else:
                st.success("Thème renommé : ce nom sera repris aux prochaines analyses.")
                st.rerun()


principal = _state.guard("analysis")
st.title("Analyse des verbatims")
st.caption(
    "Les réponses en texte libre sont regroupées en thèmes. Les réponses vides de sens "
    "(« RAS », « rien »…) sont comptées à part ; celles écrites dans une autre langue que le "
    "français sont listées à part pour être lues."
)
chosen_scope = scope_form()
if chosen_scope is not None:
    run_with_progress(chosen_scope)
show_run()
