"""Export hooks of the weak signals: signals.csv, and flagged / flag_reason in verbatims.csv."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlmodel import Session

from verbatim.output.export import ExportContext, VerbatimRow, file_writers, verbatim_columns
from verbatim.output.readme import describe_columns, describe_file

SIGNALS_HEADER = ["kind", "subject", "period", "score", "reason", "status", "response_ids"]

describe_file(
    "signals.csv",
    "Un signal faible par ligne (dernière analyse), du plus fort au plus faible, écartés compris.",
    columns={
        "kind": "Type de signal : réponse rare mais grave, hausse brusque, thème émergent…",
        "subject": "Ce que le signal concerne (thème, mot ou réponse).",
        "period": "Période où le signal apparaît (mois ou trimestre).",
        "score": "Force du signal (plus élevé = plus marquant), pour le classement.",
        "reason": "Raison du signal, en une phrase.",
        "status": "Statut donné par les relecteurs : À examiner, Confirmé ou Écarté.",
        "response_ids": "Numéros des réponses concernées (lien avec responses.csv), séparés par "
        "des espaces.",
    },
)
describe_columns(
    "verbatims.csv",
    {
        "flagged": "1 si la réponse fait partie d'un signal faible, 0 sinon (vide sans analyse).",
        "flag_reason": "Raison du signal faible qui concerne la réponse.",
    },
)


@file_writers.register("signals", order=70)
def write_signals(ctx: ExportContext) -> list[Path]:
    """``signals.csv``: the ranked signals of the latest analysis (nothing before a first run)."""
    from verbatim.signals.service import latest_run, ranked_signals

    if latest_run(ctx.session) is None:
        return []
    rows = [
        [
            item.signal.kind_label,
            item.signal.subject,
            item.signal.period,
            f"{item.signal.score:.2f}".replace(".", ",")
            if ctx.sep == ";"
            else f"{item.signal.score:.2f}",
            item.signal.reason,
            item.status_label,
            " ".join(str(r) for r in item.signal.response_ids),
        ]
        for item in ranked_signals(ctx.session, include_dismissed=True)
    ]
    return [ctx.write("signals.csv", header=SIGNALS_HEADER, rows=rows)]


@verbatim_columns.register("flags", order=70)
def flag_columns(session: Session, rows: Sequence[VerbatimRow]) -> Mapping[str, Sequence[Any]]:
    """``flagged`` (1/0) and ``flag_reason`` of each verbatim (empty before a first analysis)."""
    from verbatim.signals.service import flagged_answers, latest_run

    if latest_run(session) is None:
        return {"flagged": ["" for _ in rows], "flag_reason": ["" for _ in rows]}
    flags = flagged_answers(session, answer_ids=[r.answer_id for r in rows])
    return {
        "flagged": [1 if r.answer_id in flags else 0 for r in rows],
        "flag_reason": [flags.get(r.answer_id, "") for r in rows],
    }
