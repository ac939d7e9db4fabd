"""The BERTopic set-up: its parts swapped for ones that suit primary-care corpus sizes.

BERTopic's defaults (UMAP + HDBSCAN) pay ~10-40 s of numba compilation per process, leave 30-50 %
of short answers as outliers (MaartenGr/BERTopic#1197, #1249) and change with input order (#2276).
Verbatim keeps BERTopic for what it does well (c-TF-IDF keywords over a French CountVectorizer of
lemmas) and plugs its own parts into BERTopic's extension points:

- ``umap_model``: :class:`PCAReducer`, a deterministic PCA (milliseconds instead of seconds);
- ``hdbscan_model``: :class:`FrameworkThenCluster`, which keeps the reference-framework theme each
  idea already matched, clusters the rest with average-linkage agglomerative clustering on a bounded
  sample, assigns the others to the nearest discovered centroid, and reassigns outliers to the
  nearest theme when close enough.

``import bertopic`` costs seconds, so it happens inside :func:`fit_themes` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEFAULTS = {
    "pca_components": 48,
    "distance_threshold": 0.5,  # average-linkage cosine distance at which clusters stop merging
    "sample_size": 2500,  # ideas clustered exactly; the others join the nearest centroid
    "min_share": 0.005,  # smallest discovered theme, as a share of informative ideas
    "min_size": 3,
    "reassign_similarity": 0.3,  # outlier joins the nearest theme from this cosine
    "top_n_words": 8,
}


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


class PCAReducer:
    """Deterministic PCA standing in for UMAP (BERTopic ``umap_model``).

    Args:
        n_components: Target dimensions (capped by the number of documents).
    """

    def __init__(self, n_components: int = 48):
        self.n_components = n_components
        self.pca = None

    def fit(self, X: np.ndarray, y: np.ndarray | None = None) -> PCAReducer:
        from sklearn.decomposition import PCA

        n = max(1, min(self.n_components, X.shape[0] - 1, X.shape[1]))
        self.pca = PCA(n_components=n, svd_solver="covariance_eigh").fit(X)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        if self.pca is None or X.shape[0] == 0:
            return X
        return self.pca.transform(X)

    def fit_transform(self, X: np.ndarray, y: np.ndarray | None = None) -> np.ndarray:
        return self.fit(X).transform(X)


class FrameworkThenCluster:
    """Framework labels first, agglomerative clusters for the rest (BERTopic ``hdbscan_model``).

    Args:
        framework_labels: Per document, the framework theme index or -1.
        n_framework: Number of framework themes (discovered labels start after them).
        settings: Overrides of :data:`DEFAULTS`.
    """

    def __init__(
        self,
        framework_labels: np.ndarray,
        n_framework: int,
        settings: dict | None = None,
        empty: np.ndarray | None = None,
    ):
        self.framework_labels = np.asarray(framework_labels, dtype=np.int64)
        # ideas without any known word: their reduced vectors all coincide, so they would form a
        # spurious "theme"; they stay outliers unless the framework matched them
        self.empty = (
            np.zeros(len(self.framework_labels), dtype=bool) if empty is None else np.asarray(empty)
        )
        self.n_framework = n_framework
        self.settings = {**DEFAULTS, **(settings or {})}
        self.labels_: np.ndarray | None = None
        self.centroids_: dict[int, np.ndarray] = {}

    def fit(self, X: np.ndarray, y: np.ndarray | None = None) -> FrameworkThenCluster:
        s = self.settings
        x = _unit_rows(np.asarray(X, dtype=np.float64))
        labels = self.framework_labels.copy()
        rest = np.flatnonzero((labels < 0) & ~self.empty)
        min_size = max(int(s["min_size"]), int(np.ceil(s["min_share"] * len(labels))))
        if len(rest) >= max(2, min_size):
            sample = rest[: int(s["sample_size"])]  # documents arrive in canonical order
            found = self._agglomerate(x[sample], min_size)
            next_label = self.n_framework
            centroids = []
            for cluster in sorted(
                set(found) - {-1}, key=lambda c: int(np.min(np.flatnonzero(found == c)))
            ):
                labels[sample[found == cluster]] = next_label
                centroids.append((next_label, x[sample[found == cluster]].mean(axis=0)))
                next_label += 1
            others = rest[int(s["sample_size"]) :]
            if len(others) and centroids:
                keys = np.array([k for k, _ in centroids])
                mat = _unit_rows(np.array([c for _, c in centroids]))
                sims = x[others] @ mat.T
                best = sims.argmax(axis=1)
                ok = sims[np.arange(len(others)), best] >= 1 - s["distance_threshold"]
                labels[others[ok]] = keys[best[ok]]
        self.centroids_ = self._centroids(x, labels)
        self.labels_ = self._reassign(x, labels)
        self.centroids_ = self._centroids(x, self.labels_)
        return self

    def _agglomerate(self, x: np.ndarray, min_size: int) -> np.ndarray:
        from sklearn.cluster import AgglomerativeClustering

        if len(x) < 2:
            return np.full(len(x), -1)
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=float(self.settings["distance_threshold"]),
        )
        found = model.fit_predict(x)
        counts = np.bincount(found)
        return np.where(counts[found] >= min_size, found, -1)

    @staticmethod
    def _centroids(x: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
        return {
            int(k): _unit_rows(x[labels == k].mean(axis=0, keepdims=True))[0]
            for k in sorted(set(labels.tolist()) - {-1})
        }

    def _reassign(self, x: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Outliers join the nearest theme centroid when similar enough (the #1197 fix)."""
        labels = labels.copy()
        outliers = np.flatnonzero((labels < 0) & ~self.empty)
        if not len(outliers) or not self.centroids_:
            return labels
        labels[outliers] = self._nearest(x[outliers])
        return labels

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Nearest theme centroid, -1 below the reassignment similarity."""
        x = _unit_rows(np.asarray(X, dtype=np.float64))
        if not self.centroids_:
            return np.full(len(x), -1)
        return self._nearest(x)

    def _nearest(self, x: np.ndarray) -> np.ndarray:
        """Nearest centroid of unit rows ``x``, -1 below the reassignment similarity."""
        keys = np.array(sorted(self.centroids_))
        sims = x @ np.array([self.centroids_[k] for k in keys]).T
        best = sims.argmax(axis=1)
        ok = sims[np.arange(len(x)), best] >= self.settings["reassign_similarity"]
        return np.where(ok, keys[best], -1)


def import_bertopic():  # type: ignore[no-untyped-def]
    """``import bertopic`` without paying for UMAP, which Verbatim replaces anyway.

    ``bertopic.plotting`` imports ``umap`` at module level, and ``umap`` compiles numba code and
    imports pynndescent: most of BERTopic's import time. Unless ``umap`` is already imported, a
    stand-in module is registered first; its ``UMAP`` (and any other attribute) imports the real
    package on first use, so BERTopic's own UMAP defaults still work when someone asks for them.
    """
    import importlib
    import sys
    import types

    if "bertopic" not in sys.modules and "umap" not in sys.modules:
        stub = types.ModuleType("umap")

        def _real() -> types.ModuleType:
            if sys.modules.get("umap") is stub:
                del sys.modules["umap"]
            return importlib.import_module("umap")

        class UMAP:
            def __new__(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
                return _real().UMAP(*args, **kwargs)

        stub.UMAP = UMAP  # type: ignore[attr-defined]

        def _getattr(name: str):  # type: ignore[no-untyped-def]
            if name.startswith("__"):  # import machinery probes (__path__...): stay lazy
                raise AttributeError(name)
            return getattr(_real(), name)

        stub.__getattr__ = _getattr  # type: ignore[method-assign]
        sys.modules["umap"] = stub
    return importlib.import_module("bertopic")


@dataclass
class ThemeFit:
    """What :func:`fit_themes` returns: per document a theme label, keywords per label."""

    labels: np.ndarray
    keywords: dict[int, list[str]] = field(default_factory=dict)
    coords: np.ndarray | None = None  # first two principal components per document (the map)
    bertopic_version: str = ""


def french_vectorizer():  # type: ignore[no-untyped-def]
    """CountVectorizer over prepared lemmas (stop words are already gone; negation kept)."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(tokenizer=str.split, lowercase=False, token_pattern=None, min_df=1)


def fit_themes(
    docs: list[str],
    embeddings: np.ndarray,
    framework_labels: np.ndarray,
    n_framework: int,
    settings: dict | None = None,
) -> ThemeFit:
    """Run BERTopic with Verbatim's parts on prepared documents.

    Args:
        docs: Lemma strings, one per distinct idea, in canonical order.
        embeddings: Idea vectors, same order.
        framework_labels: Framework theme index per document, -1 when none matched.
        n_framework: Number of framework themes.
        settings: Overrides of :data:`DEFAULTS`.

    Returns:
        Labels in Verbatim's numbering (framework indices first, then discovered), and c-TF-IDF
        keywords per label.
    """
    s = {**DEFAULTS, **(settings or {})}
    if len(docs) == 0:
        return ThemeFit(labels=np.zeros(0, dtype=np.int64))
    empty = np.linalg.norm(embeddings, axis=1) == 0
    cluster = FrameworkThenCluster(framework_labels, n_framework, s, empty=empty)
    if len(docs) < 3:  # BERTopic needs a few documents (MaartenGr/BERTopic#671)
        cluster.fit(PCAReducer(2).fit_transform(embeddings) if len(docs) > 1 else embeddings)
        return ThemeFit(labels=cluster.labels_)
    bertopic = import_bertopic()
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer

    model = BERTopic(
        umap_model=PCAReducer(int(s["pca_components"])),
        hdbscan_model=cluster,
        vectorizer_model=french_vectorizer(),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=int(s["top_n_words"]),
        calculate_probabilities=False,
        language=None,
    )
    safe_docs = [d if d.strip() else "_" for d in docs]
    topics, _ = model.fit_transform(safe_docs, embeddings=embeddings)
    reducer = model.umap_model
    coords = reducer.transform(embeddings)[:, :2] if reducer.pca is not None else None
    ours = cluster.labels_
    mapping: dict[int, int] = {}
    for topic, label in zip(topics, ours, strict=True):
        mapping.setdefault(int(topic), int(label))
    keywords = {}
    for topic, label in mapping.items():
        if label < 0:
            continue
        words = model.get_topic(topic) or []
        keywords[label] = [w for w, score in words if w and w != "_" and score > 0]
    return ThemeFit(
        labels=ours, keywords=keywords, coords=coords, bertopic_version=bertopic.__version__
    )
