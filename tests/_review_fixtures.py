"""Helpers for the review-board tests: answers, principals and analysis runs written directly.

Runs are inserted as the engine stores them (``AnalysisRun``, ``Theme`` with
``previous_theme_id``, ``AnswerAnalysis``, ``AnswerIdea``) so the board is tested without
depending on the engine's clustering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from verbatim.db import session_scope
from verbatim.db.tables_themes import AnalysisRun, AnswerAnalysis, AnswerIdea, Theme
from verbatim.intake.submit import submit_response
from verbatim.review.permissions import Principal
from verbatim.survey import questionnaires as svc

COORDINATOR = Principal(1, "claire", "Claire Martin", "coordinator")
PATIENT = Principal(2, "marie", "Marie D.", "reviewer", "patient_partner")
RU = Principal(3, "rene", "René L.", "reviewer", "user_representative")
DOCTOR = Principal(4, "paul", "Dr Paul", "reviewer", "professional", "médecin généraliste")
KIOSK = Principal(5, "borne1", "Borne accueil", "kiosk")

# (text, month) of the "ameliorer" answers; the test themes below group them.
TEXTS = [
    ("L'attente au cabinet est beaucoup trop longue.", 1),
    ("Une heure d'attente dans la salle, c'est trop.", 2),
    ("On attend longtemps même avec rendez-vous.", 3),
    ("Le secrétariat ne répond jamais au téléphone.", 1),
    ("Impossible de joindre l'accueil par téléphone le matin.", 2),
    ("La secrétaire a été très aimable.", 3),
    ("Difficile d'avoir un rendez-vous rapidement.", 3),
    ("Les délais pour un rendez-vous sont trop longs.", 3),
    ("Rien à signaler.", 2),
]


@dataclass
class Corpus:
    """The answers the tests analyse."""

    answer_ids: list[int]  # same order as TEXTS
    questionnaire_id: int


def make_corpus(session: Session) -> Corpus:
    """A published questionnaire with one response per text of :data:`TEXTS` (2026, by month)."""
    q = svc.create_from_template(
        session, actor=COORDINATOR, template="experience_msp", publish=True
    )
    version = svc.published_version(session, questionnaire_id=q.id)
    ids: list[int] = []
    for text, month in TEXTS:
        response = submit_response(
            session, version=version, channel="kiosk",
            answers={"acces": 3, "accueil": 4, "ecoute": 4, "ameliorer": text},
            submitted_at=datetime(2026, month, 10, 9, 0, tzinfo=UTC),
        )  # fmt: skip
        session.flush()
        from sqlmodel import select

        from verbatim.db.tables import Answer, Question

        answer = session.exec(
            select(Answer)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.response_id == response.id, Question.link_id == "ameliorer")
        ).one()
        ids.append(int(answer.id or 0))
    return Corpus(answer_ids=ids, questionnaire_id=int(q.id or 0))


@dataclass
class StoredRun:
    run_id: int
    theme_ids: dict[str, int]  # key -> theme id


def make_run(
    session: Session,
    corpus: Corpus,
    *,
    themes: dict[str, str],
    assign: dict[int, str | None],
    previous: dict[str, int] | None = None,
    previous_run_id: int | None = None,
    tones: dict[int, str] | None = None,
    scope_key: str = "scope-a",
) -> StoredRun:
    """Store a run as the engine would.

    Args:
        session: Open session.
        corpus: The answers.
        themes: key -> label.
        assign: index in :data:`TEXTS` -> theme key (None: non-informative).
        previous: key -> previous run's theme id (the engine's mapping).
        previous_run_id: The previous run.
        tones: index -> tone (default negative).
        scope_key: The run's scope key.
    """
    run = AnalysisRun(scope_key=scope_key, scope={"questionnaires": None},
                      previous_run_id=previous_run_id)  # fmt: skip
    session.add(run)
    session.flush()
    ids: dict[str, int] = {}
    for key, label in themes.items():
        size = sum(1 for k in assign.values() if k == key)
        before = session.get(Theme, (previous or {}).get(key, -1))
        edited = bool(before and before.label_edited)  # the engine carries edited labels over
        theme = Theme(
            run_id=run.id, key=key, label=before.label if before and edited else label,
            suggested_label=label, label_edited=edited, origin="framework",
            keywords=[key, label.split()[0].lower()], quote_answer_ids=[],
            size=size, primary_size=size,
            previous_theme_id=(previous or {}).get(key), change="stable" if previous else "new",
        )  # fmt: skip
        session.add(theme)
        session.flush()
        ids[key] = int(theme.id or 0)
    for index, key in assign.items():
        answer_id = corpus.answer_ids[index]
        tone = (tones or {}).get(index, "negative")
        session.add(
            AnswerAnalysis(run_id=run.id, answer_id=answer_id, informative=key is not None,
                           tone=tone, theme_id=ids.get(key) if key else None)
        )  # fmt: skip
        session.add(
            AnswerIdea(run_id=run.id, answer_id=answer_id, position=0, text=TEXTS[index][0],
                       theme_id=ids.get(key) if key else None, is_primary=True, tone=tone)
        )  # fmt: skip
    session.flush()
    return StoredRun(run_id=int(run.id or 0), theme_ids=ids)


THEMES_1 = {"attente": "Attente", "secretariat": "Secrétariat", "rdv": "Accès aux rendez-vous"}
ASSIGN_1: dict[int, str | None] = {
    0: "attente", 1: "attente", 2: "attente",
    3: "secretariat", 4: "secretariat", 5: "secretariat",
    6: "rdv", 7: "rdv",
    8: None,
}  # fmt: skip


def first_run(session: Session, corpus: Corpus) -> StoredRun:
    """Three themes (3, 3 and 2 answers) and one non-informative answer."""
    return make_run(session, corpus, themes=THEMES_1, assign=ASSIGN_1, tones={5: "positive"})


def second_run(
    session: Session, corpus: Corpus, first: StoredRun, **changes: str | None
) -> StoredRun:
    """The same themes mapped onto ``first`` (``changes``: text index as "i3" -> new key)."""
    assign = dict(ASSIGN_1)
    for name, key in changes.items():
        assign[int(name[1:])] = key
    return make_run(
        session, corpus, themes=THEMES_1, assign=assign, previous=first.theme_ids,
        previous_run_id=first.run_id, tones={5: "positive"},
    )  # fmt: skip


def board_world(engine: Engine) -> tuple[Engine, Corpus, StoredRun]:
    """The corpus and its first run, committed (the ``world`` of the board and decision tests)."""
    with session_scope(engine, write=True) as s:
        corpus = make_corpus(s)
        run = first_run(s, corpus)
    return engine, corpus, run
