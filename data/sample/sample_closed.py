"""Closed answers of the synthetic sample, consistent with the respondent's mood and free text.

A negative remark about a theme pulls the matching Likert question down (1-3), a positive one up
(4-5); otherwise the answer follows the respondent's overall mood.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

MOODS = ["positive", "mixed", "negative"]

# Likert question of experience_msp / acces_soins that a theme's tone pulls up or down.
THEME_QUESTION = {
    "acces_rdv": "acces", "accueil_secretariat": "accueil", "relation_humaine": "ecoute",
    "information": "information", "coordination_parcours": "coordination",
}  # fmt: skip


def likert(rng: random.Random, mood: str, pull: str | None = None) -> int:
    """A 1–5 answer consistent with the respondent's mood, pulled by a theme's tone if any."""
    if pull == "negative":
        return rng.choices([1, 2, 3], weights=[0.35, 0.45, 0.2])[0]
    if pull == "positive":
        return rng.choices([4, 5], weights=[0.4, 0.6])[0]
    values = {"positive": [3, 4, 5], "mixed": [2, 3, 4], "negative": [1, 2, 3]}[mood]
    weights = {"positive": [0.1, 0.4, 0.5], "mixed": [0.25, 0.45, 0.3],
               "negative": [0.35, 0.4, 0.25]}[mood]  # fmt: skip
    return rng.choices(values, weights=weights)[0]


def pick(rng: random.Random, mood: str, options: Sequence[Any], table: dict[str, list[float]]):
    return rng.choices(list(options), weights=table[mood])[0]


def closed_answers(rng, questionnaire: str, mood: str, pol: dict[str, str]) -> dict[str, Any]:
    """Closed answers consistent with the mood and the tone of the free text's themes."""
    a: dict[str, Any] = {}
    skip = lambda: rng.random() < 0.07  # noqa: E731 - optional questions are sometimes skipped
    if questionnaire == "experience_msp":
        for link in ("acces", "accueil", "attente", "ecoute", "information", "coordination"):
            if link in ("information", "coordination") and skip():
                continue
            if link == "attente":
                if not skip():
                    table = {"positive": [0.45, 0.4, 0.12, 0.03], "mixed": [0.25, 0.4, 0.25, 0.1],
                             "negative": [0.1, 0.3, 0.35, 0.25]}  # fmt: skip
                    opts = ["moins_15", "15_30", "30_60", "plus_60"]
                    if pol.get("attente") == "negative":
                        a[link] = rng.choice(["30_60", "plus_60"])
                    elif pol.get("attente") == "positive":
                        a[link] = "moins_15"
                    else:
                        a[link] = pick(rng, mood, opts, table)
                continue
            theme = next((t for t, q in THEME_QUESTION.items() if q == link), None)
            a[link] = likert(rng, mood, pol.get(theme))
        if not skip():
            low, high = {"positive": (7, 10), "mixed": (5, 8), "negative": (1, 6)}[mood]
            a["recommandation"] = rng.randint(low, high)
    elif questionnaire == "retour_hospitalisation":
        a["courrier"] = pick(rng, mood, ["oui", "ne_sait_pas", "non"], {
            "positive": [0.8, 0.17, 0.03], "mixed": [0.62, 0.3, 0.08],
            "negative": [0.5, 0.35, 0.15]})  # fmt: skip
        yes = {"ordonnance": (0.98, 0.96, 0.9), "rdv_suivi": (0.85, 0.75, 0.6),
               "qui_appeler": (0.9, 0.8, 0.65)}  # fmt: skip
        for link, probs in yes.items():
            a[link] = "oui" if rng.random() < probs[MOODS.index(mood)] else "non"
        if not skip():
            aides = [v for v, p in (("infirmier", 0.45), ("kine", 0.3), ("aide_domicile", 0.15),
                                    ("materiel", 0.2)) if rng.random() < p]  # fmt: skip
            a["aides"] = aides or ["aucune"]
        a["satisfaction_retour"] = likert(rng, mood, pol.get("sortie_hospitalisation"))
    else:
        pull = pol.get("acces_rdv")
        table = {"positive": [0.35, 0.45, 0.15, 0.05], "mixed": [0.2, 0.4, 0.3, 0.1],
                 "negative": [0.1, 0.3, 0.35, 0.25]}  # fmt: skip
        if pull == "negative":
            a["delai"] = rng.choice(["mois", "plus"])
        else:
            a["delai"] = pick(rng, mood, ["jour", "semaine", "mois", "plus"], table)
        if not skip():
            ways = [v for v, p in (("telephone", 0.7), ("internet", 0.45), ("sur_place", 0.15))
                    if rng.random() < p]  # fmt: skip
            a["moyen_rdv"] = ways or ["telephone"]
        a["facilite"] = likert(rng, mood, pol.get("accueil_secretariat") or pull)
        tele = pol.get("teleconsultation_technique")
        a["teleconsultation"] = "oui" if tele or rng.random() < 0.3 else "non"
        if a["teleconsultation"] == "oui" and not skip():
            a["teleconsultation_avis"] = likert(rng, mood, tele)
        if not skip():
            a["renoncement"] = (
                "oui" if rng.random() < (0.08, 0.2, 0.35)[MOODS.index(mood)] else "non"
            )
    return a
