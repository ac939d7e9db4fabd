"""Which language a short free-text answer is written in, offline and by rules (French first).

Verbatim's themes are French: an answer in another language must be set aside for a person to
read, never embedded with the French model. Patients write a few words, so statistical detectors
trained on long texts guess wildly on "ok", "top" or "RAS"; these rules only call an answer foreign
when the evidence is clear, and keep everything else French.

1. **Script.** When most letters are not Latin, the script names the language (Arabic → ``ar``,
   with Persian and Urdu told apart by their own letters; Cyrillic → ``ru``/``uk``; Hebrew, Greek,
   Chinese, Japanese, Korean, Devanagari, Thai…). No other evidence is needed.
2. **Words**, for Latin script. ``lexicons/lang_<code>.txt`` hold frequent words of each language
   (English, Spanish, Portuguese, Italian, German, Turkish, Dutch); ``lang_fr.txt`` plus spaCy's
   French stop words hold French evidence. A word listed for French *and* another language counts
   for neither, so shared words ("de", "la", "que", "mais") never count against French, and
   loanwords ("top", "parking", "week-end") are listed as French. The answer is foreign only when
   the best language has at least :data:`MIN_HITS` words **and** more than :data:`FRENCH_RATIO`
   times the French words: "le médecin était top, very nice" stays French.
3. **Prior.** Only when the words decide nothing (no French word, no clear foreign language) does
   the language the patient chose on the kiosk (``Response.language``) decide. Without a prior such
   an answer is "undetermined" and counted as French.

Deterministic: no randomness, ties broken by a fixed order. Pure Python, no download, no model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from verbatim.text.prepare import fold, load_lexicon

FRENCH = "fr"
MIN_HITS = 2  # foreign words needed before an answer is called foreign
FRENCH_RATIO = 2  # ... and more than this many times the French words
LATIN_LANGUAGES = ("en", "es", "pt", "it", "de", "tr", "nl")  # also the tie-break order

LANGUAGE_NAMES = {
    "fr": "français",
    "en": "anglais",
    "es": "espagnol",
    "pt": "portugais",
    "it": "italien",
    "de": "allemand",
    "tr": "turc",
    "nl": "néerlandais",
    "ar": "arabe",
    "fa": "persan",
    "ur": "ourdou",
    "ru": "russe",
    "uk": "ukrainien",
    "he": "hébreu",
    "el": "grec",
    "zh": "chinois",
    "ja": "japonais",
    "ko": "coréen",
    "hi": "hindi",
    "bn": "bengali",
    "ta": "tamoul",
    "th": "thaï",
    "hy": "arménien",
    "ka": "géorgien",
    "am": "amharique",
    "mis": "autre langue",
}

# First word of a letter's Unicode name -> language (refined below for Arabic, Cyrillic, CJK).
SCRIPT_LANGUAGE = {
    "ARABIC": "ar",
    "CYRILLIC": "ru",
    "HEBREW": "he",
    "GREEK": "el",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "THAI": "th",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "ETHIOPIC": "am",
}
URDU_LETTERS = set("ٹڈڑںےۓھ")
PERSIAN_LETTERS = set("پچژگکی")
UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
# Letters that belong to one Latin-script language only: each counts as one more word for it.
LATIN_MARKS = {"es": set("ñ¿¡"), "pt": set("ãõ"), "de": set("ß"), "tr": set("ğşıİ")}
# spaCy's French stop words that are not French words a patient writes ("i", "hi", "o"...).
NOT_FRENCH_STOPS = frozenset({"i", "hi", "o", "na", "da", "ha", "he", "ho", "hem", "hep", "hue"})

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PLACEHOLDER = re.compile(r"\[[A-ZÉÈ]+\]")  # what pseudonymisation leaves: [NOM], [TÉLÉPHONE]…


@dataclass(frozen=True)
class Language:
    """The language of one answer.

    Attributes:
        code: ISO 639-1 code ("fr", "en", "ar"…; "mis" for an unlisted script); "fr" also for
            undetermined text.
        name: French name ("français", "anglais"…).
        basis: What decided: "script", "words", "prior" or "undetermined".
    """

    code: str
    name: str
    basis: str

    @property
    def is_french(self) -> bool:
        """True for French and for undetermined answers (both go to the French themes)."""
        return self.code == FRENCH


def language_name(code: str | None) -> str:
    """The French name of a language code ("en" → "anglais"); the code itself when unknown."""
    if not code:
        return LANGUAGE_NAMES[FRENCH]
    return LANGUAGE_NAMES.get(code, code)


def _make(code: str, basis: str) -> Language:
    return Language(code=code, name=language_name(code), basis=basis)


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """(French-only words, {language: its words that are not French})."""
    from spacy.lang.fr.stop_words import STOP_WORDS  # a word list: spaCy needs no model for it

    stops = {w for w in (_fold_word(s) for s in STOP_WORDS) if w and w not in NOT_FRENCH_STOPS}
    french = frozenset(stops | load_lexicon("lang_fr"))
    listed = {code: load_lexicon(f"lang_{code}") for code in LATIN_LANGUAGES}
    every_foreign = frozenset().union(*listed.values())
    return french - every_foreign, {code: words - french for code, words in listed.items()}


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    return fold(word.replace("ı", "i").replace("İ", "i")).strip("'- ")


def _script_language(text: str) -> str | None:
    """The language named by the script when most letters are not Latin, else None."""
    if text.isascii():
        return None
    counts: dict[str, int] = {}
    latin = 0
    for char in text:
        if not char.isalpha():
            continue
        if char < "\u0250":  # ASCII, Latin-1 and Latin Extended letters
            latin += 1
            continue
        script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        if script == "LATIN":
            latin += 1
        else:
            counts[script] = counts.get(script, 0) + 1
    other = sum(counts.values())
    if other < 2 or other <= latin:
        return None
    letters = set(text)
    if {"HIRAGANA", "KATAKANA"} & set(counts):
        return "ja"
    script = max(sorted(counts), key=lambda s: counts[s])
    code = SCRIPT_LANGUAGE.get(script, "mis")
    if code == "ar":
        if letters & URDU_LETTERS:
            return "ur"
        if letters & PERSIAN_LETTERS:
            return "fa"
    if code == "ru" and letters & UKRAINIAN_LETTERS:
        return "uk"
    return code


def word_scores(text: str) -> tuple[int, dict[str, int]]:
    """French words and each listed language's words in ``text`` (Latin script).

    Args:
        text: The answer.

    Returns:
        ``(French hits, {language code: hits})``, one hit per word occurrence; a letter unique to
        a language (ñ, ã, ß, ğ…) adds one hit to it.
    """
    french_only, foreign = _lexicons()
    words = [_fold_word(w) for w in _WORD.findall(_PLACEHOLDER.sub(" ", text))]
    french = sum(w in french_only for w in words)
    hits = {code: sum(w in foreign[code] for w in words) for code in LATIN_LANGUAGES}
    letters = set(text)
    for code, marks in LATIN_MARKS.items():
        if letters & marks:
            hits[code] += 1
    return french, hits


def detect_language(text: str | None, *, prior: str | None = None) -> Language:
    """The language of a free-text answer, French unless the evidence for another is clear.

    Args:
        text: The answer (pseudonymised text is fine: placeholders such as [NOM] are ignored).
        prior: The language the patient chose (``Response.language``); used only when the text
            itself decides nothing.

    Returns:
        The language, its French name and what decided it.
    """
    text = _PLACEHOLDER.sub(" ", text or "")
    script = _script_language(text)
    if script is not None:
        return _make(script, "script")
    french, hits = word_scores(text)
    best = max(LATIN_LANGUAGES, key=lambda code: (hits[code], -LATIN_LANGUAGES.index(code)))
    if hits[best] >= MIN_HITS and hits[best] > FRENCH_RATIO * french:
        return _make(best, "words")
    if french > 0:
        return _make(FRENCH, "words")
    if prior and prior != FRENCH:
        return _make(prior.split("-")[0].lower(), "prior")
    return _make(FRENCH, "undetermined")
