"""Many kiosks submitting at once: every response is stored exactly once, none is lost."""

from __future__ import annotations

import threading
from collections import Counter

from _principals import COORDINATOR
from sqlalchemy import Engine, func
from sqlmodel import select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, Response
from verbatim.intake.submit import submit_response
from verbatim.survey import questionnaires as svc

THREADS = 20
PER_THREAD = 50


def likert_for(thread: int, i: int) -> dict[str, int]:
    """Closed answers only (no free text, so no language model is loaded)."""
    return {"acces": 1 + (thread + i) % 5, "accueil": 1 + thread % 5, "ecoute": 1 + i % 5}


def test_concurrent_kiosk_submissions_are_each_stored_once(engine: Engine):
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        version = svc.published_version(s, questionnaire_id=q.id)
        site = svc.get_or_create_site(s, name="MSP du Port")

    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def kiosk(thread: int) -> None:
        start.wait()
        for i in range(PER_THREAD):
            try:
                with session_scope(engine, write=True) as s:
                    submit_response(
                        s,
                        version=version,
                        answers=likert_for(thread, i),
                        channel="kiosk",
                        site_id=site.id,
                        external_id=f"k{thread:02d}-{i:02d}",
                    )
            except BaseException as error:  # collected: a thread's exception would vanish
                errors.append(error)

    workers = [threading.Thread(target=kiosk, args=(t,)) for t in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []

    expected = {
        f"k{t:02d}-{i:02d}": likert_for(t, i) for t in range(THREADS) for i in range(PER_THREAD)
    }
    with session_scope(engine) as s:
        total = s.exec(select(func.count()).select_from(Response)).one()
        assert total == THREADS * PER_THREAD == 1000
        ids = Counter(s.exec(select(Response.external_id)).all())
        assert set(ids) == set(expected)
        assert max(ids.values()) == 1  # each stored once
        stored: dict[str, dict[str, int]] = {}
        rows = s.exec(
            select(Response.external_id, Question.link_id, Answer.number)
            .join(Answer, Answer.response_id == Response.id)
            .join(Question, Answer.question_id == Question.id)
        )
        for external_id, link_id, number in rows:
            stored.setdefault(external_id, {})[link_id] = int(number)
    assert stored == expected  # every answer landed on its own response
