"""Small report/export data: two sites in 2026-Q3, planted identifiers, an analysis and a decision.

Free text goes through ``submit_response`` (which pseudonymises it); the raw text is kept
(``VERBATIM_KEEP_RAW_TEXT=1``) so that a leak of ``raw_text`` would show in the files.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from _review_fixtures import COORDINATOR, Corpus, make_run
from sqlmodel import Session, select

from verbatim.db.tables import Answer, Question
from verbatim.db.tables_themes import Theme
from verbatim.intake.submit import submit_response
from verbatim.review import decisions
from verbatim.survey import questionnaires as svc

PHONE = "06 12 34 56 78"
EMAIL = "jean.dupont@example.fr"
DOCTOR = "Martin"
PLANTED = f"Le Dr {DOCTOR} ne rappelle jamais, joignez-moi au {PHONE} ou {EMAIL}."
IDENTIFIERS = [PHONE, PHONE.replace(" ", ""), EMAIL, "Dr Martin", "Dupont"]
BIG_SITE = "MSP des Tilleuls"  # 7 responses
SMALL_SITE = "Pôle Nord"  # 2 responses: a small count

TEXTS = [
    PLANTED,
    "L'attente est beaucoup trop longue.",
    "Une heure d'attente, c'est trop.",
    "On attend longtemps même avec rendez-vous.",
    "Le secrétariat ne répond jamais.",
    "Impossible de joindre l'accueil le matin.",
    "La secrétaire a été très aimable.",
    "Difficile d'avoir un rendez-vous rapidement.",
    "Rien à signaler.",
]


def plant(session: Session, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    """Nine responses in July–September 2026 (seven at the big site, two at the small one)."""
    monkeypatch.setenv("VERBATIM_KEEP_RAW_TEXT", "1")
    q = svc.create_from_template(
        session, actor=COORDINATOR, template="experience_msp", publish=True
    )
    version = svc.published_version(session, questionnaire_id=q.id)
    big = svc.get_or_create_site(session, name=BIG_SITE)
    small = svc.get_or_create_site(session, name=SMALL_SITE)
    ids = []
    for i, text in enumerate(TEXTS):
        site = small if i >= 7 else big
        response = submit_response(
            session, version=version, channel="kiosk", site_id=site.id,
            answers={"acces": 4, "accueil": 3 if site is small else 5, "ecoute": 4,
                     "ameliorer": text, "apprecie": f"Merci au Dr {DOCTOR}, tél. {PHONE}."},
            submitted_at=datetime(2026, 7 + i % 3, 10 + i, 9, 0, tzinfo=UTC),
        )  # fmt: skip
        session.flush()
        answer = session.exec(
            select(Answer)
            .join(Question, Question.id == Answer.question_id)  # type: ignore[arg-type]
            .where(Answer.response_id == response.id, Question.link_id == "ameliorer")
        ).one()
        ids.append(int(answer.id or 0))
    return Corpus(answer_ids=ids, questionnaire_id=int(q.id or 0))


def analyse(session: Session, corpus: Corpus) -> dict[str, int]:
    """An analysis run (no model) quoting the planted answer, and one decision on a theme."""
    run = make_run(
        session, corpus,
        themes={"attente": "Attente", "secretariat": "Secrétariat"},
        assign={0: "secretariat", 1: "attente", 2: "attente", 3: "attente", 4: "secretariat",
                5: "secretariat", 6: "secretariat", 7: "attente", 8: None},
    )  # fmt: skip
    theme = session.get(Theme, run.theme_ids["secretariat"])
    assert theme is not None
    theme.quote_answer_ids = [corpus.answer_ids[0], corpus.answer_ids[4]]
    session.add(theme)
    decisions.decide(
        session, actor=COORDINATOR, lineage=run.theme_ids["attente"], kind="action",
        owner="Claire C.", due_on=date(2026, 12, 1), note="Revoir les créneaux du matin.",
    )  # fmt: skip
    session.flush()
    return run.theme_ids
