"""The reference framework: primary-care experience themes with French labels and seed words.

The shipped themes live in ``framework.yaml``. A coordinator edits them on the administration
page, which saves the team's copy in the data folder (``data/framework.yaml``, used from then on);
``VERBATIM_FRAMEWORK`` may also point at another file. An idea takes a framework theme when its
content words are the theme's seed words or close to them in the word-vector space; ideas that
match no theme closely enough are left for discovered themes. Matching word by word (rather than
one mean vector against one centroid) keeps the list closed: an idea is never forced into the
nearest theme (the trap of BERTopic's zero-shot mode, MaartenGr/BERTopic#2164).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from sqlmodel import Session

from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.permissions import Permission, Principal, require
from verbatim.team_files import save_yaml, team_file
from verbatim.text.prepare import fold

FRAMEWORK_PATH = Path(__file__).parent / "framework.yaml"
TEAM_FRAMEWORK = "framework.yaml"  # the team's copy, in the data folder
WORD_MATCH = 0.62  # cosine from which a word counts as a seed word's neighbour
MIN_SCORE = 0.55  # weighted evidence an idea needs to take a framework theme


@dataclass
class FrameworkTheme:
    """One reference theme."""

    key: str
    label: str
    seeds: list[str]
    description: str = ""


@dataclass
class Framework:
    """The reference themes, in file order."""

    themes: list[FrameworkTheme]
    version: int = 1
    path: str = ""
    _seed_matrix: np.ndarray | None = field(default=None, repr=False)
    _seed_theme: np.ndarray | None = field(default=None, repr=False)

    @property
    def keys(self) -> list[str]:
        """Theme keys in file order."""
        return [t.key for t in self.themes]

    def label_of(self, key: str) -> str:
        """French label of a theme key (the key itself when unknown)."""
        return next((t.label for t in self.themes if t.key == key), key)


def framework_path() -> Path:
    """The framework in force: ``VERBATIM_FRAMEWORK``, the team's copy, or the shipped one."""
    if os.environ.get("VERBATIM_FRAMEWORK"):
        return Path(os.environ["VERBATIM_FRAMEWORK"])
    team = team_file(TEAM_FRAMEWORK)
    return team if team.is_file() else FRAMEWORK_PATH


def save_framework(session: Session, *, actor: Principal, themes: list[FrameworkTheme]) -> Path:
    """Save the team's framework (labels, seed words, descriptions); the next analysis uses it.

    Args:
        session: Open write session (the change is audited).
        actor: Who edits (needs the permission to manage settings).
        themes: Every theme, in order; a theme without a key gets one made from its label.

    Returns:
        The file written in the data folder.

    Raises:
        PermissionDenied: ``actor`` may not change settings.
        VerbatimError: A theme has no label or no seed word, or two themes share a key
            (French message naming the row); nothing is written.
    """
    require(actor, Permission.MANAGE_SETTINGS)
    rows: list[dict[str, object]] = []
    keys: set[str] = set()
    for number, theme in enumerate(themes, start=1):
        label = theme.label.strip()
        seeds = [s.strip() for s in theme.seeds if s and s.strip()]
        if not label:
            raise VerbatimError(Msg.FRAMEWORK_ROW.format(row=number, problem="le nom est vide"))
        if not seeds:
            raise VerbatimError(Msg.FRAMEWORK_ROW.format(row=number, problem="aucun mot-clé"))
        key = theme.key.strip() or re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")
        if key in keys:
            raise VerbatimError(
                Msg.FRAMEWORK_ROW.format(row=number, problem=f"la clé « {key} » est en double")
            )
        keys.add(key)
        rows.append(
            {"key": key, "label": label, "description": theme.description.strip(), "seeds": seeds}
        )
    if not rows:
        raise VerbatimError(Msg.FRAMEWORK_ROW.format(row=1, problem="le référentiel est vide"))
    path = save_yaml(TEAM_FRAMEWORK, {"version": load_framework().version + 1, "themes": rows})
    audit.record(
        session,
        actor=actor,
        action="framework_save",
        object_type="settings",
        object_id="framework",
        detail={"themes": len(rows)},
    )
    return path


def load_framework(path: str | Path | None = None) -> Framework:
    """Read the framework file.

    Args:
        path: YAML file; ``VERBATIM_FRAMEWORK`` or the shipped file when omitted.

    Returns:
        The framework.
    """
    path = Path(path or framework_path())
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        themes = [
            FrameworkTheme(
                key=str(item["key"]),
                label=str(item["label"]),
                seeds=[str(s) for s in item.get("seeds") or []],
                description=str(item.get("description") or ""),
            )
            for item in data.get("themes") or []
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise VerbatimError(Msg.BAD_FRAMEWORK.format(path=path, error=error)) from error
    return Framework(themes=themes, version=int(data.get("version", 1)), path=str(path))


class FrameworkMatcher:
    """Scores ideas against the framework themes with one embedder's word vectors.

    Args:
        framework: The reference themes.
        word_vector: Function giving a word's unit vector (or None).
    """

    def __init__(self, framework: Framework, word_vector):  # type: ignore[no-untyped-def]
        self.framework = framework
        self.word_vector = word_vector
        seeds, owners = [], []
        self.exact: dict[str, set[int]] = {}
        for k, theme in enumerate(framework.themes):
            for seed in theme.seeds:
                self.exact.setdefault(fold(seed), set()).add(k)
                vec = word_vector(seed)
                if vec is not None:
                    seeds.append(vec)
                    owners.append(k)
        self.seed_matrix = np.asarray(seeds, dtype=np.float32).reshape(-1, _dim(seeds))
        self.seed_owner = np.asarray(owners, dtype=np.int64)
        self._term_cache: dict[str, np.ndarray] = {}

    def term_scores(self, term: str) -> np.ndarray:
        """Closeness (0..1) of one content word to each theme; 0 below ``WORD_MATCH``."""
        term = term.removeprefix("pas_")
        hit = self._term_cache.get(term)
        if hit is not None:
            return hit
        n = len(self.framework.themes)
        scores = np.zeros(n, dtype=np.float32)
        vec = self.word_vector(term)
        if vec is not None and len(self.seed_matrix):
            sims = self.seed_matrix @ vec.astype(np.float32)
            np.maximum.at(scores, self.seed_owner, sims)
        for k in self.exact.get(fold(term), ()):
            scores[k] = 1.0
        scores[scores < WORD_MATCH] = 0.0
        self._term_cache[term] = scores
        return scores

    def score(self, terms: list[str]) -> np.ndarray:
        """Evidence for each theme in an idea's content words (sum of squared closeness)."""
        total = np.zeros(len(self.framework.themes), dtype=np.float32)
        for term in terms:
            total += self.term_scores(term) ** 2
        return total

    def assign(self, terms_list: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Best framework theme index per idea (-1 when the evidence is too weak), and its score."""
        labels = np.full(len(terms_list), -1, dtype=np.int64)
        best = np.zeros(len(terms_list), dtype=np.float32)
        for i, terms in enumerate(terms_list):
            scores = self.score(terms)
            k = int(np.argmax(scores)) if len(scores) else 0
            if len(scores) and scores[k] >= MIN_SCORE:
                labels[i] = k
                best[i] = scores[k]
        return labels, best


def _dim(vectors: list[np.ndarray]) -> int:
    return int(vectors[0].shape[0]) if vectors else 1
