"""Patient-style noise for the synthetic sample: abbreviations, missing accents, typos, SMS style.

Every function takes the generator's ``random.Random`` so that the output is deterministic.
"""

from __future__ import annotations

import random
import re
import unicodedata

# (pattern, replacements): a few spellings patients really use.
ABBREVIATIONS: list[tuple[str, list[str]]] = [
    (r"\brendez-vous\b", ["rdv", "RDV", "rendez vous", "rdv"]),
    (r"\bun rdv\b", ["un rdv", "1 rdv"]),
    (r"\bmédecins?\b", ["méd", "medecin", "doc", "médecin"]),
    (r"\bordonnances?\b", ["ordo", "ordonnance", "ordonance"]),
    (r"\btoujours\b", ["tjrs", "tjs", "toujour"]),
    (r"\bbeaucoup\b", ["bcp", "bcp"]),
    (r"\bproblèmes?\b", ["pb", "probleme", "soucis"]),
    (r"\btéléphone\b", ["tel", "tél", "telephone"]),
    (r"\bsecrétariat\b", ["secretariat", "secrétaria", "secretariat"]),
    (r"\bsecrétaires?\b", ["secretaire", "secrétaire"]),
    (r"\bquelques?\b", ["qq", "qques"]),
    (r"\bpour\b", ["pr", "pour", "pour"]),
    (r"\btout\b", ["tt", "tout", "tout"]),
    (r"\bc'est\b", ["c", "cest", "c'est", "c est"]),
    (r"\bil y a\b", ["ya", "y a", "il y a"]),
    (r"\bparce que\b", ["pcq", "parce ke", "car"]),
    (r"\bminutes\b", ["min", "mn", "minutes"]),
    (r"\bune heure\b", ["1h", "1 heure", "une heure"]),
    (r"\bkinésithérapeute\b", ["kiné", "kine"]),
    (r"\binfirmières?\b", ["infirmiere", "IDE", "infirmière"]),
    (r"\bje suis\b", ["jsuis", "chuis", "je suis"]),
    (r"\bpas\b", ["pa", "pas", "pas", "pas", "pas"]),
    (r"\bqu'on\b", ["k'on", "qu'on", "qu on"]),
    (r"\btrès\b", ["tres", "trés", "très"]),
    (r"\bmerci\b", ["mrc", "merci"]),
]

ENDINGS = ["", "", "", ".", ".", ".", "!", " !", "!!", "...", " :)", " merci", ". Merci"]
WEIGHTS_END = [6, 6, 6, 8, 8, 8, 3, 2, 2, 3, 1, 2, 2]


def strip_accents(text: str) -> str:
    """Remove accents, as typed on a phone without the French keyboard."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def abbreviate(rng: random.Random, text: str, *, rate: float = 0.6) -> str:
    """Replace some words with the abbreviations patients write (rdv, ordo, tjrs, bcp, pb...)."""

    def sub(match: re.Match[str], choices: list[str]) -> str:
        if rng.random() >= rate:
            return match.group(0)
        return rng.choice(choices)

    for pattern, choices in ABBREVIATIONS:
        text = re.sub(pattern, lambda m, c=choices: sub(m, c), text, flags=re.IGNORECASE)
    return text


def drop_some_accents(rng: random.Random, text: str, *, rate: float = 0.3) -> str:
    """Lose the accents of some words only (é → e, à → a), as careless typing does."""
    words = text.split(" ")
    return " ".join(strip_accents(w) if rng.random() < rate else w for w in words)


def typo(rng: random.Random, text: str, *, protected: tuple[str, ...] = ()) -> str:
    """One keyboard slip in a word of five letters or more: swap, drop or double a letter."""
    words = text.split(" ")
    candidates = [
        i
        for i, w in enumerate(words)
        if len(w) >= 5 and w.isalpha() and w.lower() == w and w not in protected
    ]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == "drop":
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def noisify(
    rng: random.Random, text: str, *, typos: bool = True, protected: tuple[str, ...] = ()
) -> str:
    """Make a clean sentence look typed by a patient on a kiosk, a phone or a paper form.

    Args:
        rng: The generator's random source.
        text: The clean answer.
        typos: Allow keyboard slips (planted serious answers keep their key words intact).
        protected: Words never altered by typos (doctors' names).

    Returns:
        The noisy answer.
    """
    if rng.random() < 0.35:
        text = abbreviate(rng, text)
    roll = rng.random()
    if roll < 0.25:
        text = strip_accents(text)
    elif roll < 0.40:
        text = drop_some_accents(rng, text)
    if typos and rng.random() < 0.25:
        text = typo(rng, text, protected=protected)
        if rng.random() < 0.3:
            text = typo(rng, text, protected=protected)
    if rng.random() < 0.05:
        text = text.replace("'", " ")
    if rng.random() < 0.04:
        text = text.replace(", ", " ,", 1).replace(" ", "  ", 1)
    text = text[:1].upper() + text[1:] if rng.random() < 0.6 else text
    text = text.rstrip(" .") + rng.choices(ENDINGS, weights=WEIGHTS_END)[0]
    if rng.random() < 0.03:
        text = text.upper()
    return text
