"""Idea embeddings from the static word vectors of ``fr_core_news_md``, cached in the database.

An idea's vector is the SIF-weighted mean of its content words' vectors (Arora et al. 2017: rare
words weigh more). The vectors are sorted by corpus frequency, so a word's rank gives its weight
without any corpus statistics, and a cached vector never depends on the other answers. Negated
words ("pas de suivi") pull the vector towards "absence", so a missing follow-up does not look like
a follow-up. Only the tokenizer runs for vectors; lemmas (for keywords) come from the morphologizer
and lemmatizer, run once per new word form and remembered.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlmodel import Session, select

from verbatim.db.tables_themes import EmbeddingCache
from verbatim.text.prepare import (
    Term,
    clean,
    content_terms,
    fold,
    fold_word,
    load_lexicon,
    make_doc,
    negation_flags,
)

if TYPE_CHECKING:
    from spacy.language import Language

EMBED_VERSION = "sif3"
SIF_A = 1e-3
NEGATION_WEIGHT = 0.5
LEMMA_PIPES = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")
TYPO_VOCABULARY = 60_000  # most frequent words a typo may be repaired to
LEMMA_CONTEXT_CAP = 1500  # ideas lemmatised in context per run; rarer forms go one by one


_DOUBLED = re.compile(r"([a-z])\1")


def _wordlike(token) -> bool:  # type: ignore[no-untyped-def]
    """Tokens worth a lemma: words, not numbers or punctuation (which never become keywords)."""
    return not token.like_num and any(c.isalpha() for c in token.text)


def text_hash(text: str) -> str:
    """Stable hash of an idea's text (whitespace-normalised)."""
    return hashlib.sha256(clean(text).encode("utf-8")).hexdigest()


@dataclass
class Prepared:
    """What the engine keeps of one idea text."""

    vector: np.ndarray
    terms: list[str]  # lower-cased content words, negated ones prefixed "pas_"
    lemmas: list[str]  # keyword lemmas, negated ones prefixed "pas_"
    positive: int
    negative: int
    negations: int


class Embedder:
    """Turns idea texts into vectors, content words, lemmas and tone cues with one spaCy model.

    Args:
        nlp: A loaded French pipeline with vectors (``fr_core_news_md``).
    """

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.vectors = nlp.vocab.vectors
        self.dim = int(self.vectors.shape[1])
        self.model_version = (
            f"{nlp.meta.get('lang', 'fr')}_{nlp.meta.get('name', '?')}-"
            f"{nlp.meta.get('version', '?')}-{EMBED_VERSION}"
        )
        self._rank: dict[int, int] | None = None
        self._folded: dict[str, int] | None = None
        self._deletes: dict[str, int] = {}
        self._word_cache: dict[str, tuple[np.ndarray | None, float]] = {}
        self._lemmas: dict[str, str] = {}
        negation = [self._word(w)[0] for w in ("absence", "manque", "pas")]
        found = [v for v in negation if v is not None]
        self._negation = _unit(np.mean(found, axis=0)) if found else np.zeros(self.dim)

    # -- words -----------------------------------------------------------------------------
    def _ranks(self) -> dict[int, int]:
        if self._rank is None:
            self._rank = {key: i for i, key in enumerate(self.vectors.key2row)}
        return self._rank

    def _folded_keys(self) -> dict[str, int]:
        """Accent-folded form -> key of its most frequent spelling (built on first need).

        Also builds a one-edit index (SymSpell-style deletions) of the frequent words, so that a
        typo ("gentillsese", "hummain") finds the word it misspells.
        """
        if self._folded is None:
            strings = self.nlp.vocab.strings
            folded: dict[str, int] = {}
            deletes: dict[str, int] = {}
            for i, key in enumerate(self.vectors.key2row):
                if i > TYPO_VOCABULARY:
                    break
                try:
                    word = fold(strings[key])
                except KeyError:
                    continue
                if word in folded:
                    continue
                folded[word] = key
                if len(word) >= 4 and word.isalpha():
                    for j in range(len(word)):
                        deletes.setdefault(word[:j] + word[j + 1 :], key)
            self._folded = folded
            self._deletes = deletes
        return self._folded

    def _repair(self, word: str) -> int:
        """Key of the frequent word one edit away from an unknown word (0 when none)."""
        folded = self._folded_keys()
        word = fold(word)
        if word in folded:
            return folded[word]
        if len(word) < 5 or not word.isalpha():
            return 0
        ranks = self._ranks()
        candidates = []
        single = _DOUBLED.sub(r"\1", word)  # "parkkinng" -> "parking"
        if single != word and single in folded:
            candidates.append(folded[single])
            word = single
        if word in self._deletes:
            candidates.append(self._deletes[word])
        for j in range(len(word)):
            variant = word[:j] + word[j + 1 :]
            for table in (folded, self._deletes):
                if variant in table:
                    candidates.append(table[variant])
        return min(candidates, key=lambda k: ranks.get(k, 1 << 30)) if candidates else 0

    def _word(self, word: str) -> tuple[np.ndarray | None, float]:
        """Unit vector and SIF weight of a lower-cased word (None when unknown)."""
        hit = self._word_cache.get(word)
        if hit is not None:
            return hit
        key = self.nlp.vocab.strings[word]
        row = self.vectors.key2row.get(key)
        if row is None or self._ranks().get(key, 0) > TYPO_VOCABULARY:
            repaired = self._repair(word)
            if repaired:
                key, row = repaired, self.vectors.key2row.get(repaired)
        if row is None:
            result: tuple[np.ndarray | None, float] = (None, 0.0)
        else:
            rank = self._ranks().get(key, len(self.vectors.key2row))
            prob = 1.0 / ((rank + 10) * np.log(len(self.vectors.key2row)))
            weight = SIF_A / (SIF_A + prob)
            result = (_unit(np.asarray(self.vectors.data[row], dtype=np.float32)), weight)
        self._word_cache[word] = result
        return result

    def word_vector(self, word: str) -> np.ndarray | None:
        """Unit vector of a word (seed words of the framework use it)."""
        return self._word(word.lower())[0]

    # -- ideas -----------------------------------------------------------------------------
    def _vector(self, terms: Sequence[Term]) -> np.ndarray:
        total = np.zeros(self.dim, dtype=np.float64)
        weight_sum = 0.0
        negated = 0
        for term in terms:
            vec, weight = self._word(term.text)
            if vec is None:
                continue
            total += weight * vec
            weight_sum += weight
            negated += term.negated
        if weight_sum == 0:
            return np.zeros(self.dim, dtype=np.float32)
        vec = _unit(total / weight_sum)
        if negated:
            vec = _unit(vec + NEGATION_WEIGHT * self._negation)
        return vec.astype(np.float32)

    def lemmatise(self, texts: Sequence[str]) -> None:
        """Learn the lemmas of the word forms of ``texts`` not seen before.

        Up to ``LEMMA_CONTEXT_CAP`` texts with unknown forms run through the morphologizer and
        lemmatizer in context; forms still unknown after that run one by one.
        """
        unknown_texts = []
        for text in texts:
            forms = {t.text for t in make_doc(self.nlp, text) if _wordlike(t)}
            if forms - self._lemmas.keys():
                unknown_texts.append(text)
        if not unknown_texts:
            return
        enabled = [p for p in LEMMA_PIPES if p in self.nlp.pipe_names]
        with self.nlp.select_pipes(enable=enabled):
            lowered = [clean(t).lower() for t in unknown_texts[:LEMMA_CONTEXT_CAP]]
            for doc in self.nlp.pipe(lowered, batch_size=256):
                for token in doc:
                    self._lemmas.setdefault(token.text.lower(), token.lemma_.lower())
            rest = sorted(
                {
                    t.text
                    for text in unknown_texts[LEMMA_CONTEXT_CAP:]
                    for t in make_doc(self.nlp, text)
                    if _wordlike(t)
                }
                - self._lemmas.keys()
            )
            for word, doc in zip(rest, self.nlp.pipe(rest, batch_size=1024), strict=True):
                self._lemmas[word] = doc[0].lemma_.lower() if len(doc) else word

    def prepare(self, text: str) -> Prepared:
        """Vector, content words, lemmas and tone cues of one idea."""
        doc = make_doc(self.nlp, text)
        terms = content_terms(doc, lemmas=self._lemmas)
        positive, negative, negations = tone_cues([fold_word(t.text) for t in doc])
        return Prepared(
            vector=self._vector(terms),
            terms=[f"pas_{t.text}" if t.negated else t.text for t in terms],
            lemmas=[t.keyword for t in terms],
            positive=positive,
            negative=negative,
            negations=negations,
        )


def tone_cues(words: Sequence[str]) -> tuple[int, int, int]:
    """Positive and negative cue counts of folded words, with negation flipping the cue.

    "pas de problème" counts positive, "pas aimable" negative; a negation that flips no cue
    ("pas de rendez-vous de suivi") is counted apart as a lack.

    Returns:
        (positive, negative, unattached negations).
    """
    pos_words = load_lexicon("tone_positive")
    neg_words = load_lexicon("tone_negative")
    negation_words = load_lexicon("negation")
    flags = negation_flags(list(words))
    positive = negative = flipped = 0
    for word, negated in zip(words, flags, strict=True):
        is_pos, is_neg = word in pos_words, word in neg_words
        if negated and (is_pos or is_neg):
            flipped += 1
            positive, negative = positive + is_neg, negative + is_pos
        else:
            positive, negative = positive + is_pos, negative + is_neg
    negations = sum(w in negation_words for w in words)
    return positive, negative, max(0, negations - flipped)


def _unit(vec: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else vec


def _from_row(vector: bytes, terms: str, lemmas: str, cues: str) -> Prepared:
    pos, neg, negs = (int(x) for x in cues.split(","))
    return Prepared(
        vector=np.frombuffer(vector, dtype=np.float32).copy(),
        terms=terms.split(),
        lemmas=lemmas.split(),
        positive=pos,
        negative=neg,
        negations=negs,
    )


def embed_ideas(
    session: Session,
    *,
    embedder: Embedder,
    texts: Iterable[str],
    progress: Callable[[float], Any] | None = None,
) -> tuple[dict[str, Prepared], int]:
    """Prepare every distinct idea text, reading the cache first and storing what is new.

    Args:
        session: Open session (new cache rows are added and flushed, not committed).
        embedder: The embedder of the loaded model.
        texts: Idea texts (duplicates are fine).
        progress: Called with the share done (0..1).

    Returns:
        The prepared ideas by text hash, and how many texts were embedded anew.
    """
    by_hash = {text_hash(t): clean(t) for t in texts}
    found: dict[str, Prepared] = {}
    hashes = sorted(by_hash)
    for start in range(0, len(hashes), 900):
        chunk = hashes[start : start + 900]
        rows = session.exec(
            select(
                EmbeddingCache.text_hash,
                EmbeddingCache.vector,
                EmbeddingCache.terms,
                EmbeddingCache.lemmas,
                EmbeddingCache.cues,
            ).where(
                EmbeddingCache.model_version == embedder.model_version,
                EmbeddingCache.text_hash.in_(chunk),  # type: ignore[attr-defined]
            )
        ).all()
        found.update({r[0]: _from_row(*r[1:]) for r in rows})
    missing = [h for h in hashes if h not in found]
    if missing:
        embedder.lemmatise([by_hash[h] for h in missing])
    rows_to_add = []
    for i, key in enumerate(missing):
        prepared = embedder.prepare(by_hash[key])
        found[key] = prepared
        rows_to_add.append(
            {
                "text_hash": key,
                "model_version": embedder.model_version,
                "vector": prepared.vector.astype(np.float32).tobytes(),
                "terms": " ".join(prepared.terms),
                "lemmas": " ".join(prepared.lemmas),
                "cues": f"{prepared.positive},{prepared.negative},{prepared.negations}",
            }
        )
        if progress and i % 2000 == 0:
            progress(i / len(missing))
    if rows_to_add:
        from verbatim.db.tables import utcnow

        now = utcnow()
        for row in rows_to_add:
            row["created_at"] = now
        for start in range(0, len(rows_to_add), 5000):
            session.execute(EmbeddingCache.__table__.insert(), rows_to_add[start : start + 5000])
    if progress:
        progress(1.0)
    return found, len(missing)
