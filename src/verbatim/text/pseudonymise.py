"""Pseudonymisation of free text, done once at ingestion before anyone or anything reads it.

Identifiers become [NOM], [TÉLÉPHONE], [EMAIL], [NIR], [DATE] (birth dates only) and [ADRESSE].
Patterns (:mod:`verbatim.text.pii_patterns`) find numbers, addresses and dates; names come from the
French model's PER entities, checked against lexicons, from titles ("Dr", "Mme", "l'infirmière")
and from the coordinator's staff list (:mod:`verbatim.text.pii_names`). See docs/PRIVACY.md.

Importing this module loads no model: the model is loaded on the first call (a few seconds), once
per process; afterwards a short answer takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from verbatim.text import pii_names, pii_patterns
from verbatim.text.pii_patterns import Span

BATCH_SIZE = 256  # texts per nlp.pipe call; the model lock is released between batches
MAX_NER_CHARS = 20_000  # longer texts are cut into pieces for the model


def pseudonymise(text: str, *, staff_names: Sequence[str] = ()) -> str:
    """Replace identifiers in ``text`` with [NOM], [TÉLÉPHONE], [EMAIL], [NIR], [DATE], [ADRESSE].

    Args:
        text: One free-text answer.
        staff_names: Names of the team's staff (redacted whatever their case and accents).

    Returns:
        The text with identifiers replaced; ordinary words untouched.
    """
    return pseudonymise_many([text], staff_names=staff_names)[0]


def pseudonymise_many(
    texts: Sequence[str],
    *,
    staff_names: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Pseudonymise many texts at once (batched through the model).

    Args:
        texts: Free-text answers; empty or blank ones are returned unchanged.
        staff_names: Names of the team's staff.
        progress: Called with the number of texts done after each batch (for a progress bar).

    Returns:
        The redacted texts, in the same order; the same result as :func:`pseudonymise` one by one.
    """
    texts = list(texts)
    out = list(texts)
    spans_of = redaction_spans(texts, staff_names=staff_names, progress=progress)
    for index, spans in enumerate(spans_of):
        if spans:
            out[index] = pii_patterns.apply(texts[index], spans)
    return out


def redaction_spans(
    texts: Sequence[str],
    *,
    staff_names: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> list[list[Span]]:
    """What :func:`pseudonymise_many` replaces in each text: sorted, disjoint, labelled spans.

    Args:
        texts: Free-text answers.
        staff_names: Names of the team's staff.
        progress: Called with the number of texts done after each batch.

    Returns:
        One list of spans per text (empty for blank texts or texts with nothing to redact).
    """
    texts = list(texts)
    result: list[list[Span]] = [[] for _ in texts]
    todo = [i for i, t in enumerate(texts) if t and t.strip()]
    if not todo:
        return result
    res = pii_names.resources()
    staff = tuple(staff_names)
    surnames = pii_names.staff_surnames(staff)
    persons = _person_spans(res, [texts[i] for i in todo])
    for done, (index, doc_spans) in enumerate(zip(todo, persons, strict=True), start=1):
        if progress is not None and (done % BATCH_SIZE == 0 or done == len(todo)):
            progress(done)
        text = texts[index]
        spans = doc_spans + find_spans(text, staff_names=staff, _res=res, _surnames=surnames)
        spans += pii_names.find_lexicon_names(res, text)
        spans += pii_names.find_thanked_names(res, text)
        result[index] = pii_patterns.resolve(pii_names.extend_names(res, text, spans))
    return result


def find_spans(
    text: str,
    *,
    staff_names: Sequence[str] = (),
    _res: pii_names.Resources | None = None,
    _surnames: frozenset[str] | None = None,
) -> list[Span]:
    """Every identifier found in ``text`` by patterns, titles and the staff list (not the NER).

    Args:
        text: One answer.
        staff_names: Names of the team's staff.

    Returns:
        Possibly overlapping spans; :func:`verbatim.text.pii_patterns.resolve` sorts them out.
    """
    res = _res or pii_names.resources()
    surnames = _surnames if _surnames is not None else pii_names.staff_surnames(staff_names)
    spans = pii_patterns.find_emails(text)
    spans += pii_patterns.find_nirs(text)
    spans += pii_patterns.find_phones(text)
    spans += pii_patterns.find_birth_dates(text)
    spans += pii_patterns.find_addresses(text, res.stop_words)
    spans += pii_names.find_staff(text, staff_names)
    spans += pii_names.find_titled_names(res, text, surnames)
    return spans


def _pieces(text: str) -> list[tuple[int, str]]:
    if len(text) <= MAX_NER_CHARS:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_NER_CHARS)
        if end < len(text):
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _person_spans(res: pii_names.Resources, texts: list[str]) -> Iterator[list[Span]]:
    """PER spans of each text, through ``nlp.pipe`` in locked batches."""
    for first in range(0, len(texts), BATCH_SIZE):
        chunk = texts[first : first + BATCH_SIZE]
        pieces = [(i, offset, piece) for i, t in enumerate(chunk) for offset, piece in _pieces(t)]
        found: list[list[Span]] = [[] for _ in chunk]
        with pii_names.run_lock:
            docs = list(res.nlp.pipe([p for _, _, p in pieces], batch_size=64))
        for (i, offset, piece), doc in zip(pieces, docs, strict=True):
            for span in pii_names.person_spans(res, piece, doc):
                found[i].append(Span(span.start + offset, span.end + offset, span.label))
        yield from found
