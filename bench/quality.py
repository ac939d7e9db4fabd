"""Theme quality on the sample data: Verbatim against two baselines, on the same vectors.

Loads ``data/sample/responses.jsonl`` into a temporary SQLite database with
:func:`verbatim.sample.load_sample`, runs the engine, and compares the primary theme of every
informative answer with the generator's intended main theme (truth ``themes[0]``):

- Verbatim (framework matching + BERTopic with PCA and agglomerative parts);
- TF-IDF + KMeans (k = number of true themes) on the answers' text;
- BERTopic with its defaults (UMAP + HDBSCAN) on Verbatim's idea vectors of the answers.

Run: ``.venv/bin/python bench/quality.py [--sample PATH] [--no-bertopic-default]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", default=None, help="sample file (default data/sample)")
    parser.add_argument("--no-bertopic-default", action="store_true")
    args = parser.parse_args()

    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from sqlmodel import select

    from verbatim.db import make_engine, session_scope, upgrade
    from verbatim.db.tables import Answer, Question, Response
    from verbatim.db.tables_themes import AnswerAnalysis, Theme
    from verbatim.sample import load_sample, load_truth
    from verbatim.themes.engine import analyse, get_embedder, get_nlp

    tmp = tempfile.mkdtemp(prefix="verbatim-quality-")
    engine = make_engine(f"sqlite:///{Path(tmp) / 'quality.db'}")
    upgrade(engine)
    with session_scope(engine, write=True) as session:
        load_sample(session, path=args.sample)
    truth = load_truth(args.sample)
    nlp = get_nlp()
    started = time.perf_counter()
    with session_scope(engine, write=True) as session:
        summary = analyse(session, nlp=nlp)
    elapsed = time.perf_counter() - started

    with session_scope(engine) as session:
        rows = session.exec(
            select(Response.external_id, Question.link_id, Answer.text, AnswerAnalysis.theme_id)
            .join(Answer, Answer.id == AnswerAnalysis.answer_id)
            .join(Question, Question.id == Answer.question_id)
            .join(Response, Response.id == Answer.response_id)
            .where(AnswerAnalysis.run_id == summary.run_id)
        ).all()
        key_of = {
            t.id: t.key for t in session.exec(select(Theme).where(Theme.run_id == summary.run_id))
        }
    items = []
    for external_id, link_id, text, theme_id in rows:
        t = truth.get((external_id, link_id))
        if t and t["informative"] and t["themes"]:
            items.append((t["themes"][0], key_of.get(theme_id, "-1"), text or ""))
    items.sort(key=lambda i: i[2])
    true = [i[0] for i in items]
    ours = [i[1] for i in items]
    results = [("Verbatim", true, ours, elapsed)]

    # baseline 1: TF-IDF + KMeans on answer text
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from verbatim.text.prepare import stop_words

    texts = [i[2] for i in items]
    t0 = time.perf_counter()
    tfidf = TfidfVectorizer(stop_words=sorted(stop_words()), min_df=2).fit_transform(texts)
    k = len(set(true))
    km = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(tfidf)
    results.append(("TF-IDF + KMeans", true, [str(x) for x in km], time.perf_counter() - t0))

    # baseline 2: BERTopic defaults on the same vectors (answer-level mean of Verbatim's vectors)
    embedder = get_embedder(nlp)
    vectors = np.array([embedder.prepare(t).vector for t in texts])
    if not args.no_bertopic_default:
        from bertopic import BERTopic

        t0 = time.perf_counter()
        from umap import UMAP

        umap_model = UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42
        )
        model = BERTopic(umap_model=umap_model, language=None, calculate_probabilities=False)
        topics, _ = model.fit_transform(texts, embeddings=vectors)
        results.append(
            (
                "BERTopic defaults",
                true,
                [str(x) if x >= 0 else "-1" for x in topics],
                time.perf_counter() - t0,
            )
        )

    print(f"Sample: {len(rows)} free-text answers, {len(items)} informative with a truth theme")
    print(f"Verbatim counts: {summary.counts}")
    print()
    print(f"{'method':<22} {'NMI':>6} {'ARI':>6} {'no theme':>9} {'seconds':>8}")
    lines = []
    for name, t, p, secs in results:
        nmi = normalized_mutual_info_score(t, p)
        ari = adjusted_rand_score(t, p)
        unthemed = sum(1 for x in p if x == "-1") / max(1, len(p))
        line = f"{name:<22} {nmi:6.3f} {ari:6.3f} {unthemed:9.1%} {secs:8.1f}"
        print(line)
        lines.append(f"| {name} | {nmi:.3f} | {ari:.3f} | {unthemed:.1%} | {secs:.1f} |")
    if os.environ.get("VERBATIM_QUALITY_DETAIL"):
        from collections import Counter

        confusion = Counter(zip(true, ours, strict=True))
        for (a, b), n in sorted(confusion.items(), key=lambda kv: -kv[1])[:60]:
            print(f"{a:<28} -> {b:<28} {n}")
    print()
    print("| method | NMI | ARI | without theme | seconds |")
    print("|---|---|---|---|---|")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
