"""Export hooks of the theme engine: ``themes.csv``, and theme columns in ``verbatims.csv``.

Both read the latest successful analysis run; before a first analysis, ``themes.csv`` is not
written and the columns are empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlmodel import Session

from verbatim.output.export import ExportContext, VerbatimRow, file_writers, verbatim_columns
from verbatim.output.readme import describe_columns, describe_file

THEMES_HEADER = [
    "theme_id",
    "label",
    "origin",
    "keywords",
    "size",
    "share",
    "negative_share",
    "trend",
    "quote_1",
    "quote_2",
    "quote_3",
]
ORIGIN_LABELS = {"framework": "framework", "discovered": "discovered"}

describe_file(
    "themes.csv",
    "Un thème par ligne, d'après la dernière analyse des verbatims, du plus fréquent au moins "
    "fréquent.",
    columns={
        "theme_id": "Numéro du thème dans l'analyse.",
        "label": "Nom du thème (tel que les relecteurs l'ont éventuellement renommé).",
        "origin": "framework : thème du référentiel ; discovered : thème découvert dans les "
        "réponses.",
        "keywords": "Mots-clés du thème.",
        "size": "Nombre de réponses qui évoquent le thème.",
        "share": "Part des réponses informatives qui évoquent le thème (0 à 1).",
        "negative_share": "Part des idées du thème de tonalité négative (0 à 1).",
        "trend": "Tendance des trois derniers mois par rapport aux trois précédents.",
        "quote_1": "Première citation d'exemple (texte pseudonymisé).",
        "quote_2": "Deuxième citation d'exemple (texte pseudonymisé).",
        "quote_3": "Troisième citation d'exemple (texte pseudonymisé).",
    },
)
describe_columns(
    "verbatims.csv",
    {
        "informative": "1 si la réponse dit quelque chose d'exploitable, 0 sinon (dernière "
        "analyse ; vide si la réponse est plus récente ou sans analyse).",
        "theme_id": "Numéro du thème principal de la réponse (dernière analyse).",
        "theme_label": "Nom du thème principal de la réponse.",
        "themes": "Tous les thèmes évoqués par la réponse, le principal d'abord, séparés par "
        "« | ».",
        "tone": "Tonalité de la réponse : positive, négative, mitigée ou neutre.",
        "text_language": "Langue du texte reconnue par la dernière analyse (fr = français ; "
        "en, ar, es… : réponse mise à part des thèmes, à lire par une personne).",
    },
)


@file_writers.register("themes", order=60)
def write_themes(ctx: ExportContext) -> list[Path]:
    """``themes.csv``: one row per theme of the latest analysis, largest first."""
    from verbatim.themes.results import (
        TREND_LABELS,
        run_or_latest,
        theme_months,
        theme_quotes,
        theme_trends,
        themes_of,
    )

    run = run_or_latest(ctx.session)
    if run is None or run.id is None:
        return []
    informative = max(1, int((run.counts or {}).get("informative", 0)))
    themes = themes_of(ctx.session, run_id=run.id)
    trends = theme_trends(theme_months(ctx.session, run_id=run.id), themes)
    rows: list[list[Any]] = []
    for theme in themes:
        quotes = [*theme_quotes(ctx.session, theme=theme), "", "", ""][:3]
        rows.append(
            [
                theme.id,
                theme.label,
                ORIGIN_LABELS.get(theme.origin, theme.origin),
                ", ".join(theme.keywords or []),
                theme.size,
                round(theme.size / informative, 4),
                round(theme.negative_share, 4),
                TREND_LABELS.get(trends.get(theme.id or 0, "stable"), "stable"),
                *quotes,
            ]
        )
    return [ctx.write("themes.csv", header=THEMES_HEADER, rows=rows)]


@verbatim_columns.register("themes", order=60)
def theme_columns(session: Session, rows: Sequence[VerbatimRow]) -> Mapping[str, Sequence[Any]]:
    """``informative`` (1/0), primary ``theme_id`` / ``theme_label``, all ``themes``, ``tone``,
    and ``text_language`` (answers in another language are set aside from the themes)."""
    from verbatim.themes.results import answer_themes, run_or_latest
    from verbatim.themes.tone import TONE_LABELS

    run = run_or_latest(session)
    empty = ["" for _ in rows]
    if run is None or run.id is None:
        return {
            "informative": empty,
            "theme_id": empty,
            "theme_label": empty,
            "themes": empty,
            "tone": empty,
            "text_language": empty,
        }
    found = answer_themes(session, run_id=run.id, answer_ids=[r.answer_id for r in rows])
    out: dict[str, list[Any]] = {k: [] for k in ("informative", "theme_id", "theme_label")}
    out["themes"], out["tone"], out["text_language"] = [], [], []
    for row in rows:
        item = found.get(row.answer_id)
        if item is None:  # answered after the latest analysis
            for values in out.values():
                values.append("")
            continue
        out["informative"].append(1 if item.informative else 0)
        out["theme_id"].append(item.theme_id if item.theme_id else "")
        out["theme_label"].append(item.theme_label)
        out["themes"].append(" | ".join(item.themes))
        out["tone"].append(TONE_LABELS.get(item.tone, item.tone))
        out["text_language"].append(item.language or "fr")
    return out
