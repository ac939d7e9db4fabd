"""Two files a coordinator can try the import with: a LimeSurvey and a Google Forms export."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "verbatim" / "survey" / "templates"
PARIS = ZoneInfo("Europe/Paris")
LIMESURVEY_META = ["id", "submitdate", "lastpage", "startlanguage", "seed"]


def _labels(template: str) -> dict[str, dict[str, str]]:
    raw = yaml.safe_load((TEMPLATES / f"{template}.yaml").read_text(encoding="utf-8"))
    yes_no = {"oui": "Oui", "non": "Non"}
    out = {}
    for q in raw["questions"]:
        if q["kind"] == "yes_no":
            out[q["link_id"]] = yes_no
        elif q.get("options"):
            out[q["link_id"]] = {str(o["value"]): o["label"] for o in q["options"]}
    return out


def _local(moment: str | datetime) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return moment.astimezone(UTC).astimezone(PARIS)


def write_limesurvey(path: Path, records: Sequence[dict[str, Any]]) -> None:
    """A LimeSurvey-style CSV export of ``acces_soins`` answers: Windows-1252, ``;``, CRLF.

    Columns are LimeSurvey's metadata (id, submitdate, lastpage, startlanguage, seed) then one
    column per question code; choices are written as their labels ("full answers"), Likert answers
    as codes 1-5, and several choices joined with "|".
    """
    labels = _labels("acces_soins")
    codes = list(
        yaml.safe_load((TEMPLATES / "acces_soins.yaml").read_text(encoding="utf-8"))["questions"]
    )
    columns = [q["link_id"] for q in codes]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(LIMESURVEY_META + columns)
    for number, record in enumerate(records, start=101):
        row: list[Any] = [
            number,
            _local(record["submitted_at"]).strftime("%Y-%m-%d %H:%M:%S"),
            len(columns) // 3,
            "fr",
            1_000_000 + number * 7919 % 900_000,
        ]
        for link in columns:
            value = record["answers"].get(link)
            if value is None:
                row.append("")
            elif isinstance(value, list):
                row.append("|".join(labels[link][v] for v in value))
            elif link in labels:
                row.append(labels[link][str(value)])
            else:
                row.append(value)
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode("cp1252"))


GOOGLE_COLUMNS = [
    "Horodateur",
    "Dans quel lieu avez-vous consulté ?",
    "Globalement, êtes-vous satisfait(e) de votre visite ?",
    "Qui avez-vous consulté ?",
    "Recommanderiez-vous la maison de santé à un proche ? (de 0 à 10)",
    "Qu'avez-vous apprécié ?",
    "Que pourrions-nous améliorer ?",
]
PROFESSIONALS = ["Médecin généraliste", "Infirmier(e)", "Kinésithérapeute", "Sage-femme"]


def write_google_forms(
    path: Path,
    rng: random.Random,
    *,
    boxes: Callable[[str, str], Any],
    moments: Sequence[datetime],
    sites: Sequence[str],
) -> None:
    """A Google Forms CSV export of a free-form questionnaire: UTF-8, ``,``, French timestamps.

    The "Horodateur" column uses the French locale's ``dd/mm/yyyy HH:MM:SS`` (Paris time);
    checkbox answers are joined with ", " as Google does; linear scales are plain numbers.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
    writer.writerow(GOOGLE_COLUMNS)
    for moment in moments:
        mood = rng.choices(["positive", "mixed", "negative"], weights=[0.55, 0.27, 0.18])[0]
        low, high = {"positive": (4, 5), "mixed": (3, 4), "negative": (1, 3)}[mood]
        seen = [p for p in PROFESSIONALS if rng.random() < (0.8 if p == PROFESSIONALS[0] else 0.2)]
        liked, improve = boxes("positive", mood), boxes("negative", mood)
        writer.writerow(
            [
                _local(moment).strftime("%d/%m/%Y %H:%M:%S"),
                rng.choice(sites),
                rng.randint(low, high),
                ", ".join(seen or PROFESSIONALS[:1]),
                "" if rng.random() < 0.1 else rng.randint(low * 2, high * 2),
                liked.text if liked else "",
                improve.text if improve else "",
            ]
        )
    path.write_bytes(buffer.getvalue().encode("utf-8"))
