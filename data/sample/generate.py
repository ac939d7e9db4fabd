"""Generate the synthetic French sample: responses.jsonl and two import files to try.

Run ``.venv/bin/python data/sample/generate.py [--out DIR]``. The seed is fixed: the output is the
same byte for byte on every run. See data/sample/README.md for the format and the planted signals.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from sample_closed import MOODS, closed_answers
from sample_exports import write_google_forms, write_limesurvey
from sample_languages import other_language_records
from sample_noise import noisify

HERE = Path(__file__).resolve().parent
SEED = 20261031
ANCHOR = date(2026, 10, 31)  # last day of the newest month of the sample
MONTHS = 12
HOSPITAL_CONTEXT = "après une hospitalisation"

SITES = ["MSP des Tilleuls", "MSP du Port", "Centre de santé Jean-Moulin"]
SITE_WEIGHTS = [0.40, 0.35, 0.25]
QUESTIONNAIRES = ["experience_msp", "retour_hospitalisation", "acces_soins"]
QUESTIONNAIRE_WEIGHTS = [0.55, 0.25, 0.20]
EXPORT_ROWS = 50
NONINFORMATIVE_TONE = {
    "neutral": "neutral",
    "liked_all": "positive",
    "nothing_wrong": "positive",
    "negative": "negative",
}

# Random theme weights by questionnaire (confidentialite_bruit is planted separately: a burst).
THEME_WEIGHTS: dict[str, dict[str, float]] = {
    "experience_msp": {
        "acces_rdv": 14, "attente": 12, "accueil_secretariat": 12, "relation_humaine": 18,
        "information": 7, "competence_soins": 12, "coordination_parcours": 6,
        "medicaments_pharmacie": 5, "cout_demarches": 4, "locaux_accessibilite": 8,
        "teleconsultation_technique": 2,
    },
    "retour_hospitalisation": {
        "sortie_hospitalisation": 30, "coordination_parcours": 14, "relation_humaine": 12,
        "competence_soins": 10, "medicaments_pharmacie": 8, "information": 8, "attente": 2,
        "cout_demarches": 2, "locaux_accessibilite": 1,
    },
    "acces_soins": {
        "acces_rdv": 30, "accueil_secretariat": 14, "teleconsultation_technique": 12,
        "attente": 8, "cout_demarches": 4, "locaux_accessibilite": 3, "relation_humaine": 4,
        "information": 2,
    },
}  # fmt: skip
POLARITY_BIAS = {
    "positive": {"relation_humaine": 1.6, "competence_soins": 1.3, "acces_rdv": 0.7,
                 "attente": 0.6, "confidentialite_bruit": 0.0},
    "negative": {"attente": 1.4, "acces_rdv": 1.5, "relation_humaine": 0.5,
                 "competence_soins": 0.6},
}  # fmt: skip
SITE_BIAS = {
    "MSP du Port": {"locaux_accessibilite": 2.5},
    "Centre de santé Jean-Moulin": {"acces_rdv": 1.4, "cout_demarches": 1.5},
}


@dataclass
class Spec:
    """One response to generate: where, when, and any planted idea."""

    questionnaire: str
    site: str
    when: datetime
    planted: str | None = None  # "confidentialite" | "serious:<n>"


@dataclass
class Box:
    """One free-text answer and its truth."""

    text: str
    themes: list[str]
    informative: bool
    serious: bool
    tone: str
    extra: dict[str, Any] = field(default_factory=dict)
    polarity_of: dict[str, str] = field(default_factory=dict)

    def truth(self) -> dict[str, Any]:
        out = {"themes": self.themes, "informative": self.informative, "serious": self.serious,
               "tone": self.tone}  # fmt: skip
        out.update(self.extra)
        return out


def month_starts() -> list[date]:
    """The first day of each month of the sample, oldest first."""
    firsts = []
    y, m = ANCHOR.year, ANCHOR.month
    for _ in range(MONTHS):
        firsts.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return firsts[::-1]


def random_moment(rng: random.Random, first: date) -> datetime:
    """A weekday opening-hours moment in the month starting at ``first`` (UTC)."""
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    days = (nxt - first).days
    while True:
        day = date(first.year, first.month, rng.randint(1, days))
        if day.weekday() < 5 or rng.random() < 0.15:
            break
    return datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59),
                    rng.randint(0, 59), tzinfo=UTC)  # fmt: skip


def plan(rng: random.Random, serious_count: int) -> list[Spec]:
    """Decide every response's questionnaire, site and date, plus the planted ones."""
    specs: list[Spec] = []
    firsts = month_starts()
    for index, first in enumerate(firsts):
        for _ in range(88 + 2 * index + rng.randint(-8, 8)):
            questionnaire = rng.choices(QUESTIONNAIRES, weights=QUESTIONNAIRE_WEIGHTS)[0]
            site = rng.choices(SITES, weights=SITE_WEIGHTS)[0]
            specs.append(Spec(questionnaire, site, random_moment(rng, first)))
        # The burst: about one privacy/noise complaint a month, six in the last month.
        burst_sites = [SITES[0]] * 5 + [SITES[1]] if index == MONTHS - 1 else [rng.choice(SITES)]
        for site in burst_sites:
            specs.append(Spec("experience_msp", site, random_moment(rng, first), "confidentialite"))
    # Serious post-discharge problems: only in the last two months, mostly at MSP du Port.
    serious_sites = [SITES[1]] * 7 + [SITES[0], SITES[2], SITES[0], SITES[1]]
    for n in range(serious_count):
        first = firsts[-2] if n % 5 in (0, 3) else firsts[-1]
        site = serious_sites[n % len(serious_sites)]
        specs.append(
            Spec("retour_hospitalisation", site, random_moment(rng, first), f"serious:{n}")
        )
    specs.sort(key=lambda s: s.when)
    return specs


class Writer:
    """Composes free-text answers from the phrase bank."""

    def __init__(self, rng: random.Random, bank: dict[str, Any]):
        self.rng = rng
        self.bank = bank
        self.doctors: list[str] = bank["doctors"]

    def _phrase(self, theme: str, polarity: str) -> tuple[str, list[str], list[str]]:
        item = self.rng.choice(self.bank["themes"][theme][polarity])
        text, also = (item, []) if isinstance(item, str) else (item["text"], item.get("also", []))
        names = []
        if "{doc}" in text:
            name = self.rng.choice(self.doctors)
            text = text.replace("{doc}", name)
            names.append(name)
        return text, [theme, *also], names

    def _pick_theme(self, weights: dict[str, float], polarity: str, site: str, used: list[str]):
        keys = [k for k in weights if k not in used]
        w = [
            weights[k] * POLARITY_BIAS[polarity].get(k, 1.0) * SITE_BIAS.get(site, {}).get(k, 1.0)
            for k in keys
        ]
        return self.rng.choices(keys, weights=w)[0]

    def noninformative(self, kind: str) -> Box:
        """An answer with no theme ("RAS", "rien", "tout"); ``kind`` names a list in the bank."""
        text = self.rng.choice(self.bank["noninformative"][kind])
        if self.rng.random() < 0.2:
            text = text.lower() if self.rng.random() < 0.7 else text.upper()
        return Box(text, [], False, False, NONINFORMATIVE_TONE[kind])

    def story(self, box: str | None, weights: dict[str, float]) -> Box | None:
        """A long answer told as a story, if one fits this box and questionnaire."""
        fits = [
            s
            for s in self.bank["stories"]
            if s["box"] in ("any", box)
            and weights.get(s["themes"][0], 0) > 0
            and (box is None or s["tone"] in ("mixed", box))
        ]
        if not fits:
            return None
        item = self.rng.choice(fits)
        text = noisify(self.rng, item["text"])
        pol = {
            t: ("negative" if item["tone"] == "negative" else "positive") for t in item["themes"]
        }
        if item["tone"] == "mixed":
            pol = {}
        return Box(text, list(item["themes"]), True, False, item["tone"], {}, pol)

    def negated(self) -> Box:
        """A serious-sounding answer that denies the problem ("aucune chute"): not serious."""
        text = noisify(self.rng, self.rng.choice(self.bank["negated"]), typos=False)
        return Box(text, [], False, False, "positive", {"negated": True})

    def serious(self, n: int) -> tuple[Box, dict[str, Any]]:
        """The n-th planted serious post-discharge problem and the closed answers it forces."""
        item = self.bank["serious"][n % len(self.bank["serious"])]
        text = noisify(self.rng, item["text"], typos=False)
        pol = dict.fromkeys(item["themes"], "negative")
        return Box(text, list(item["themes"]), True, True, "negative", {}, pol), item["closed"]

    def ideas(self, *, first: str, n: int, mixed: bool, weights, site: str, forced=()) -> Box:
        """An informative answer of ``n`` ideas; the first has polarity ``first``."""
        rng = self.rng
        parts: list[str] = []
        themes: list[str] = []
        polarity_of: dict[str, str] = {}
        names: list[str] = []
        polarities = [first] + [
            ("negative" if first == "positive" else "positive") if mixed and i == 1 else first
            for i in range(1, n)
        ]
        for i, polarity in enumerate(polarities):
            if i < len(forced):
                theme = forced[i]
            else:
                theme = self._pick_theme(weights, polarity, site, themes)
            if n == 1 and rng.random() < 0.12 and self.bank["themes"][theme].get("short"):
                text, found = rng.choice(self.bank["themes"][theme]["short"]), [theme]
            else:
                text, found, who = self._phrase(theme, polarity)
                names += who
            for t in found:
                if t not in themes:
                    themes.append(t)
                polarity_of.setdefault(t, polarity)
            if parts:
                same = polarity == polarities[i - 1]
                joins = (
                    [", ", " et ", ". ", ", ", " + ", "; ", ", aussi "]
                    if same
                    else [
                        " mais ",
                        ", par contre ",
                        ". Par contre ",
                        " mais bon ",
                        ", en revanche ",
                    ]
                )
                parts.append(rng.choice(joins))
            parts.append(text)
        if rng.random() < 0.08:
            parts.insert(0, rng.choice(["franchement ", "perso ", "bonjour, ", "à mon avis "]))
        text = noisify(rng, "".join(parts), protected=tuple(names))
        tones = set(polarities)
        tone = "mixed" if len(tones) > 1 else polarities[0]
        extra = {"identifiers": names} if names else {}
        return Box(text, themes, True, False, tone, extra, polarity_of)

    def box(self, *, box: str | None, mood: str, weights, site: str) -> Box | None:
        """A free-text answer to a box asking for positives, negatives, or anything (None)."""
        rng = self.rng
        blank = {
            "positive": {"positive": 0.25, "mixed": 0.35, "negative": 0.55},
            "negative": {"positive": 0.45, "mixed": 0.22, "negative": 0.1},
            None: {"positive": 0.6, "mixed": 0.55, "negative": 0.45},
        }[box][mood]
        if rng.random() < blank:
            return None
        if box == "negative" and mood == "positive" and rng.random() < 0.5:
            return self.noninformative(rng.choice(["neutral", "nothing_wrong"]))
        if rng.random() < 0.1:
            if box == "positive":
                unhappy = mood == "negative" and rng.random() < 0.5
                kind = "negative" if unhappy else rng.choice(["neutral", "liked_all"])
            else:
                kind = "neutral" if box is None or rng.random() < 0.8 else "nothing_wrong"
            return self.noninformative(kind)
        if rng.random() < 0.04:
            told = self.story(box, weights)
            if told is not None:
                return told
        first = box or ("negative" if mood == "negative" else "positive")
        if box is None and mood == "mixed":
            first = rng.choice(["positive", "negative"])
        n = rng.choices([1, 2, 3], weights=[0.55, 0.35, 0.10])[0]
        mixed = n > 1 and (mood == "mixed" or rng.random() < 0.2)
        return self.ideas(first=first, n=n, mixed=mixed, weights=weights, site=site)


BOXES = {
    "experience_msp": [("apprecie", "positive"), ("ameliorer", "negative")],
    "retour_hospitalisation": [("probleme", "negative"), ("apprecie", "positive")],
    "acces_soins": [("commentaire_acces", "negative"), ("commentaire_libre", None)],
}
ORDER = {
    "experience_msp": ["acces", "accueil", "attente", "ecoute", "information", "coordination",
                       "recommandation", "apprecie", "ameliorer"],
    "retour_hospitalisation": ["courrier", "ordonnance", "rdv_suivi", "qui_appeler", "aides",
                               "satisfaction_retour", "probleme", "apprecie"],
    "acces_soins": ["delai", "moyen_rdv", "facilite", "teleconsultation", "teleconsultation_avis",
                    "renoncement", "commentaire_acces", "commentaire_libre"],
}  # fmt: skip


def make_response(rng: random.Random, writer: Writer, spec: Spec) -> dict[str, Any]:
    """One response: free text first (with its truth), then closed answers matching its tone."""
    q = spec.questionnaire
    mood = rng.choices(MOODS, weights=[0.55, 0.27, 0.18])[0]
    boxes: dict[str, Box] = {}
    forced_closed: dict[str, Any] = {}
    context = None
    if q == "retour_hospitalisation" or rng.random() < 0.05:
        context = HOSPITAL_CONTEXT
    elif q == "experience_msp" and rng.random() < 0.1:
        context = rng.choice(["suivi de maladie chronique", "suivi de grossesse"])
    weights = dict(THEME_WEIGHTS[q])
    if context == HOSPITAL_CONTEXT and q != "retour_hospitalisation":
        weights["sortie_hospitalisation"] = 6
    for link, polarity in BOXES[q]:
        if spec.planted and spec.planted.startswith("serious") and link == "probleme":
            mood = "negative"
            box, forced_closed = writer.serious(int(spec.planted.split(":")[1]))
        elif spec.planted == "confidentialite" and link == "ameliorer":
            mood = rng.choice(["mixed", "negative"])
            n = rng.choices([1, 2], weights=[0.6, 0.4])[0]
            box = writer.ideas(first="negative", n=n, mixed=False, weights=weights,
                               site=spec.site, forced=["confidentialite_bruit"])  # fmt: skip
        elif link == "probleme" and rng.random() < 0.08:
            box = writer.negated()
        else:
            box = writer.box(box=polarity, mood=mood, weights=weights, site=spec.site)
        if box is not None:
            boxes[link] = box
    pol: dict[str, str] = {}
    for box in boxes.values():
        for theme, p in box.polarity_of.items():
            pol.setdefault(theme, p)
    answers = closed_answers(rng, q, mood, pol)
    answers.update(forced_closed)
    if forced_closed:
        answers["satisfaction_retour"] = rng.choice([1, 2])
    answers.update({link: box.text for link, box in boxes.items()})
    channel = rng.choices(["kiosk", "paper", "import"], weights=[0.5, 0.3, 0.2])[0]
    return {
        "questionnaire": q,
        "site": spec.site,
        "submitted_at": spec.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "channel": channel,
        "context": context,
        "external_id": None,
        "answers": {k: answers[k] for k in ORDER[q] if k in answers},
        "truth": {link: boxes[link].truth() for link in ORDER[q] if link in boxes},
    }


def load_bank() -> dict[str, Any]:
    """The phrase bank (data/sample/phrases.yaml)."""
    return yaml.safe_load((HERE / "phrases.yaml").read_text(encoding="utf-8"))


def generate(seed: int = SEED) -> list[dict[str, Any]]:
    """Every sample response, oldest first, with a stable ``sample_id``."""
    rng = random.Random(seed)
    bank = load_bank()
    writer = Writer(rng, bank)
    records = []
    for number, spec in enumerate(plan(rng, len(bank["serious"])), start=1):
        record = make_response(rng, writer, spec)
        if record["channel"] == "import":
            prefix = "LS" if record["questionnaire"] == "acces_soins" else "GF"
            record["external_id"] = f"{prefix}-{spec.when:%Y%m}-{number:04d}"
        records.append({"sample_id": f"S{number:04d}", **record})
    # A few answers in other languages, appended with their own random source (the French records
    # above stay the same byte for byte).
    extra = random.Random(seed + 2)
    recent = month_starts()[-3:]
    records += other_language_records(
        extra,
        first_number=len(records) + 1,
        sites=SITES,
        moment=lambda: random_moment(extra, extra.choice(recent)),
        order=ORDER,
    )
    return records


def _when(record: dict[str, Any]) -> str:
    return record["submitted_at"]


def main(argv: Sequence[str] | None = None) -> int:
    """Write responses.jsonl, limesurvey_export.csv and google_forms_export.csv to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (data/sample)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    records = generate()
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    (args.out / "responses.jsonl").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    rng = random.Random(SEED + 1)
    writer = Writer(rng, load_bank())
    recent = month_starts()[-2:]
    limesurvey = [
        make_response(rng, writer, Spec("acces_soins", "", random_moment(rng, rng.choice(recent))))
        for _ in range(EXPORT_ROWS)
    ]
    write_limesurvey(args.out / "limesurvey_export.csv", sorted(limesurvey, key=_when))
    write_google_forms(
        args.out / "google_forms_export.csv",
        rng,
        boxes=lambda box, mood: writer.box(
            box=box, mood=mood, weights=THEME_WEIGHTS["experience_msp"], site=""
        ),
        moments=sorted(random_moment(rng, rng.choice(recent)) for _ in range(EXPORT_ROWS)),
        sites=SITES,
    )
    print(f"{len(records)} réponses écrites dans {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
