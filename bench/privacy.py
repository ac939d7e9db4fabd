"""Pseudonymisation benchmark: recall per identifier kind, ordinary words wrongly redacted, speed.

Run: ``.venv/bin/python bench/privacy.py`` (about a minute). Prints a table and rewrites the
privacy section of docs/PERFORMANCE.md (between its markers; the rest of the file is left alone).
Targets: recall ≥ 0.98 for phones, e-mails and NIR, ≥ 0.9 for names; ≤ 2 % of ordinary words
redacted.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs_section import replace_section
from privacy_corpus import KINDS, Planted, generate

from verbatim.text.pseudonymise import pseudonymise, pseudonymise_many, redaction_spans

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- privacy:start -->", "<!-- privacy:end -->"
TARGETS = {"telephone": 0.98, "email": 0.98, "nir": 0.98, "nom": 0.9}
KIND_LABELS = {
    "nom": "noms",
    "telephone": "téléphones",
    "email": "e-mails",
    "nir": "NIR",
    "date": "dates de naissance",
    "adresse": "adresses",
}
WORD = re.compile(r"\w+")
TITLES = {"dr", "docteur", "mme", "m", "madame", "monsieur", "infirmière", "le", "la"}


def _covered(start: int, end: int, spans, text: str) -> bool:
    """At least 90 % of the identifier's letters and digits are inside redactions."""
    wanted = [i for i in range(start, end) if text[i].isalnum()]
    inside = [i for i in wanted if any(s.start <= i < s.end for s in spans)]
    return len(inside) >= 0.9 * len(wanted)


def measure(corpus: list[Planted]) -> dict[str, object]:
    """Recall per kind, false-positive share, and the misses for inspection."""
    spans_all = redaction_spans([p.text for p in corpus])
    found = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    misses: list[str] = []
    words = wrong = 0
    wrong_examples: list[str] = []
    for planted, spans in zip(corpus, spans_all, strict=True):
        for start, end, kind in planted.identifiers:
            total[kind] += 1
            if _covered(start, end, spans, planted.text):
                found[kind] += 1
            else:
                misses.append(f"{kind}: {planted.text!r}")
        for m in WORD.finditer(planted.text):
            if any(s <= m.start() < e for s, e, _ in planted.identifiers):
                continue
            words += 1
            if any(s.start <= m.start() < s.end for s in spans):
                wrong += 1
                wrong_examples.append(f"{m.group()!r} in {planted.text!r}")
    recall = {k: found[k] / total[k] for k in KINDS if total[k]}
    return {
        "recall": recall,
        "total": total,
        "false_share": wrong / max(1, words),
        "words": words,
        "wrong": wrong,
        "misses": misses,
        "wrong_examples": wrong_examples,
    }


SAMPLE = ROOT / "data" / "sample" / "responses.jsonl"


def measure_sample() -> dict[str, float] | None:
    """The same measures on the sample data (written independently, by the sample generator).

    Its ``truth`` lists the identifiers planted in an answer; every other word is ordinary.
    """
    import json

    if not SAMPLE.exists():
        return None
    texts: list[str] = []
    planted: list[list[str]] = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for key, truth in (row.get("truth") or {}).items():
            value = row["answers"].get(key)
            if isinstance(value, str) and value.strip():
                texts.append(value)
                planted.append(list(truth.get("identifiers") or []))
    found = total = words = wrong = 0
    for text, ids, spans in zip(texts, planted, redaction_spans(texts), strict=True):
        where = [(text.lower().find(i.lower()), len(i)) for i in ids]
        for start, length in where:
            total += 1
            found += start >= 0 and _covered(start, start + length, spans, text)
        for m in WORD.finditer(text):
            if any(0 <= s <= m.start() < s + n for s, n in where):
                continue
            words += 1
            wrong += any(s.start <= m.start() < s.end for s in spans)
    return {
        "texts": len(texts),
        "identifiers": total,
        "recall": found / max(1, total),
        "words": words,
        "wrong": wrong,
        "false_share": wrong / max(1, words),
    }


def speed(corpus: list[Planted], batch_size: int) -> dict[str, float]:
    """Texts per second: kiosk-style single calls (warm) and one big batch."""
    texts = [p.text for p in corpus]
    pseudonymise("Préchauffage du modèle.")
    t0 = time.perf_counter()
    for text in texts:
        pseudonymise(text)
    single = len(texts) / (time.perf_counter() - t0)
    batch = (texts * (batch_size // len(texts) + 1))[:batch_size]
    t0 = time.perf_counter()
    pseudonymise_many(batch)
    many = len(batch) / (time.perf_counter() - t0)
    return {"single": single, "batch": many, "batch_size": float(batch_size)}


def cold_start() -> float:
    """Seconds for the first call in a fresh process (model loading included)."""
    import subprocess

    code = (
        "import time; t=time.perf_counter();"
        "from verbatim.text.pseudonymise import pseudonymise; pseudonymise('Merci Julie');"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def render(result: dict, rates: dict[str, float], cold: float, n: int, sample: dict | None) -> str:
    """The Markdown section."""
    lines = [
        START,
        "## Pseudonymisation (bench/privacy.py)",
        "",
        f"Synthetic corpus: {n} French answers (fixed seed) with identifiers planted inside "
        "sentences, typos and odd spacing, plus ordinary answers. Machine: "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} when measured (other jobs share the machine: "
        "speeds are lower bounds).",
        "",
        "| Identifiers | Planted | Recall | Target |",
        "|---|---:|---:|---:|",
    ]
    for kind in KINDS:
        target = TARGETS.get(kind)
        lines.append(
            f"| {KIND_LABELS[kind]} | {result['total'][kind]} | {result['recall'][kind]:.3f} | "
            f"{'≥ ' + format(target, '.2f') if target else '—'} |"
        )
    lines += [
        "",
        f"Ordinary words wrongly redacted: {result['wrong']} of {result['words']} "
        f"({100 * result['false_share']:.2f} %, target ≤ 2 %).",
        "",
    ]
    if sample:
        lines += [
            f"Sample data (data/sample/responses.jsonl, {sample['texts']} free-text answers "
            f"written by the sample generator, not tuned against): {sample['identifiers']} "
            f"planted names, recall {sample['recall']:.3f}; ordinary words wrongly redacted "
            f"{sample['wrong']} of {sample['words']} ({100 * sample['false_share']:.2f} %).",
            "",
        ]
    lines += [
        "| Speed | Texts per second |",
        "|---|---:|",
        f"| Kiosk: one answer per call (warm process) | {rates['single']:.0f} |",
        f"| Import: one batch of {int(rates['batch_size'])} answers | {rates['batch']:.0f} |",
        "",
        f"First call in a new process (loads the NER model and lexicons): {cold:.1f} s.",
        END,
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace the privacy section of docs/PERFORMANCE.md, or append it."""
    replace_section(section, start=START, end=END, path=DOC)


def main() -> int:
    """Run the benchmark; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--show-errors", action="store_true", help="list misses and false hits")
    parser.add_argument("--batch", type=int, default=5000, help="texts in the batch timing")
    args = parser.parse_args()
    corpus = generate()
    result = measure(corpus)
    rates = speed(corpus, args.batch)
    cold = cold_start()
    sample = measure_sample()
    section = render(result, rates, cold, len(corpus), sample)
    print(section.replace(START, "").replace(END, "").strip())
    if args.show_errors:
        print("\nMisses:", *result["misses"], sep="\n  ")
        print("\nWrongly redacted:", *result["wrong_examples"], sep="\n  ")
    if not args.no_write:
        write_section(section)
    ok = all(result["recall"][k] >= t for k, t in TARGETS.items()) and result["false_share"] <= 0.02
    if args.show_errors and sample:
        texts = []
        for line in SAMPLE.read_text(encoding="utf-8").splitlines():
            row = __import__("json").loads(line)
            texts += [
                row["answers"][k]
                for k in (row.get("truth") or {})
                if isinstance(row["answers"].get(k), str)
            ]
        for text, out in zip(texts, pseudonymise_many(texts), strict=True):
            if text != out:
                print("  sample:", repr(text), "->", repr(out))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
