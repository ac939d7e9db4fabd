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
from docs_section import replace_section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", default=None, help="sample file (default data/sample)")
    parser.add_argument("--no-bertopic-default", action="store_true")
    parser.add_argument(
        "--write-docs", action="store_true", help="update the signals section of PERFORMANCE.md"
    )
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
    signal_lines = signals_report(engine, truth)
    if args.write_docs:
        write_section(signal_lines)
    return 0


def signals_report(engine, truth) -> list[str]:  # type: ignore[no-untyped-def]
    """Weak signals on the sample: where the planted problems rank, flag precision and recall,
    and false bursts on 100 seeded corpora without any change."""
    import numpy as np
    from sqlmodel import select

    from verbatim.db import session_scope
    from verbatim.db.tables import Answer, Question, Response
    from verbatim.review.permissions import Principal
    from verbatim.signals.bursts import burst_test
    from verbatim.signals.detect import SERIOUS
    from verbatim.signals.service import compute_signals, flagged_answers

    with session_scope(engine) as session:
        keys = {
            answer_id: (external_id, link_id)
            for answer_id, external_id, link_id in session.exec(
                select(Answer.id, Response.external_id, Question.link_id)
                .join(Response, Response.id == Answer.response_id)
                .join(Question, Question.id == Answer.question_id)
            )
        }
        ranked = compute_signals(session, actor=Principal.command_line())
        flagged = set(flagged_answers(session))
    planted = {a for a, key in keys.items() if truth.get(key, {}).get("serious")}
    negated = {a for a, key in keys.items() if truth.get(key, {}).get("negated")}
    top3 = ranked[:3]
    in_top3 = set().union(*(set(i.signal.answer_ids) for i in top3)) & planted
    first_rank = next(
        (n for n, i in enumerate(ranked, 1) if set(i.signal.answer_ids) & planted), None
    )
    true_pos = len(flagged & planted)
    precision = true_pos / max(1, len(flagged))
    recall = true_pos / max(1, len(planted))
    rng = np.random.default_rng(20121)
    tests = false = 0
    for _ in range(100):
        docs = rng.integers(60, 120, size=12)
        for rate in (0.01, 0.03, 0.08, 0.15, 0.3):
            counts = rng.binomial(docs, rate)
            tests += 1
            false += burst_test(list(counts), list(docs)).is_burst
    top_names = ", ".join(f"{i.signal.kind_label}: {i.signal.subject}" for i in top3)
    all_serious = all(i.signal.kind == SERIOUS for i in top3)
    lines = [
        "| figure | value |",
        "|---|---|",
        f"| top 3 signals | {top_names} |",
        f"| all of the top 3 are serious-answer groups | {all_serious} |",
        f"| planted problems behind the top 3 | {len(in_top3)} of {len(planted)} |",
        f"| rank of the first signal holding a planted problem | {first_rank} |",
        f"| serious flags: precision | {precision:.2f} ({true_pos} of {len(flagged)}) |",
        f"| serious flags: recall | {recall:.2f} ({true_pos} of {len(planted)} planted) |",
        f"| negated answers flagged | {len(flagged & negated)} of {len(negated)} |",
        f"| false bursts, 100 unchanged corpora x 5 themes | {false} of {tests} |",
    ]
    print()
    print("\n".join(lines))
    return lines


def write_section(lines: list[str]) -> None:
    """Replace the signals section of docs/PERFORMANCE.md."""
    path = Path(__file__).resolve().parents[1] / "docs" / "PERFORMANCE.md"
    start, end = "<!-- signals:start -->", "<!-- signals:end -->"
    body = "\n".join(
        [
            start,
            "## Weak signals on the sample data (bench/quality.py)",
            "",
            "Command: `.venv/bin/python bench/quality.py --no-bertopic-default --write-docs`.",
            "Flags are answers the severity lexicon flags (weight, tone, theme size); the truth",
            "is the generator's `serious` mark (data/sample/README.md).",
            "",
            *lines,
            end,
        ]
    )
    replace_section(body, start=start, end=end, path=path)


if __name__ == "__main__":
    sys.exit(main())
