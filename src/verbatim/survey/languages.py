"""The languages Verbatim knows: translation targets, their names, codes read from files.

French is the questionnaires' own language. :data:`LANGUAGES` are those a coordinator can translate
a questionnaire into (codes are ISO 639-1, as the kiosk's interface strings use them); other codes
an imported file carries are kept and named in French for display.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SOURCE_LANGUAGE = "fr"
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def direction(language: str) -> str:
    """The writing direction of a language: ``"rtl"`` (Arabic, Hebrew…) or ``"ltr"``."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Language:
    """A language questionnaires can be translated into.

    Attributes:
        code: ISO 639-1 code ("en", "ar").
        name: French name, lower case, as the coordinator reads it ("anglais").
        native: The language's own name, as a patient looks for it ("English", "العربية").
    """

    code: str
    name: str
    native: str

    @property
    def direction(self) -> str:
        """ "ltr" or "rtl" (right to left: Arabic)."""
        return direction(self.code)

    @property
    def rtl(self) -> bool:
        """True for a language written right to left."""
        return self.direction == "rtl"

    @property
    def label(self) -> str:
        """French name with the native one, for a select box: "arabe (العربية)"."""
        return f"{self.name} ({self.native})"


FRENCH = Language("fr", "français", "Français")
# The languages a questionnaire can be translated into, in the order they are offered.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "anglais", "English"),
        Language("ar", "arabe", "العربية"),
        Language("es", "espagnol", "Español"),
        Language("pt", "portugais", "Português"),
        Language("tr", "turc", "Türkçe"),
    )
}
# French names of other languages an imported response may carry (display only).
OTHER_LANGUAGE_NAMES = {
    "de": "allemand", "it": "italien", "nl": "néerlandais", "ro": "roumain", "ru": "russe",
    "uk": "ukrainien", "pl": "polonais", "zh": "chinois", "vi": "vietnamien", "fa": "persan",
    "ps": "pachto", "ta": "tamoul", "wo": "wolof", "bm": "bambara", "sq": "albanais",
    "ka": "géorgien", "hy": "arménien", "ber": "berbère", "kab": "kabyle",
}  # fmt: skip
_ISO_639_2 = {
    "fra": "fr", "fre": "fr", "eng": "en", "ara": "ar", "spa": "es", "por": "pt", "tur": "tr",
    "deu": "de", "ger": "de", "ita": "it", "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk",
}  # fmt: skip


def language_name(code: str | None) -> str:
    """French name of a language code ("en" → "anglais"); the code itself when unknown."""
    code = (code or SOURCE_LANGUAGE).strip()
    if code == SOURCE_LANGUAGE:
        return FRENCH.name
    if code in LANGUAGES:
        return LANGUAGES[code].name
    return OTHER_LANGUAGE_NAMES.get(code, code)


def _fold(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold().strip()


_NAMES: dict[str, str] = {
    _fold(name): code
    for code, names in {
        "fr": ("français", "french", "francais"),
        "en": ("anglais", "english"),
        "ar": ("arabe", "arabic", "العربية"),
        "es": ("espagnol", "spanish", "español"),
        "pt": ("portugais", "portuguese", "português"),
        "tr": ("turc", "turkish", "türkçe"),
    }.items()
    for name in names
} | {_fold(name): code for code, name in OTHER_LANGUAGE_NAMES.items()}
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


def normalise_language(value: str | None) -> str | None:
    """A language code from what survey tools write: "fr", "en-GB", "pt_BR", "ara", "Anglais".

    Args:
        value: A code (ISO 639-1 or 639-2, with or without region) or a language's name in
            French, English or the language itself.

    Returns:
        The ISO 639-1 code when there is one (else the three-letter code); None for an empty value
        or one that is not a language.
    """
    text = _fold(value or "")
    if not text:
        return None
    if text in _NAMES:
        return _NAMES[text]
    match = _CODE.match(text)
    if match is None:
        return None
    code = match[1]
    return _ISO_639_2.get(code, code)
