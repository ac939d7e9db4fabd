"""The coordinator checks redacted answers and corrects a word wrongly taken for a name."""

from __future__ import annotations

from _apptest import ROOT, ok
from _principals import COORDINATOR
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from verbatim.db import session_scope
from verbatim.db.tables import Answer
from verbatim.survey import questionnaires as svc

PAGE = str(ROOT / "app_pages" / "redactions.py")


def _answer(engine: Engine, text: str) -> int:
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        version = svc.published_version(s, questionnaire_id=q.id)
        from verbatim.db.tables import Response

        response = Response(questionnaire_id=q.id, version_id=version.id, channel="paper")
        s.add(response)
        s.flush()
        question = next(
            x for x in svc.questions_of(s, version_id=version.id) if x.link_id == "ameliorer"
        )
        answer = Answer(response_id=response.id, question_id=question.id, text=text)
        s.add(answer)
        s.flush()
        return int(answer.id)


def test_a_wrong_redaction_is_corrected_and_a_retyped_phone_stays_masked(sqlite_engine: Engine):
    answer_id = _answer(sqlite_engine, "[NOM] et bienveillance, merci.")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["principal"] = COORDINATOR
    ok(at.run())
    area = at.text_area(key=f"redaction_{answer_id}")
    assert area.value == "[NOM] et bienveillance, merci."
    area.input("Écoute et bienveillance, merci. Rappelez-moi au 06 12 34 56 78.")
    ok(at.button(key=f"redaction_save_{answer_id}").click().run())
    with session_scope(sqlite_engine) as s:
        text = s.get(Answer, answer_id).text
    assert text.startswith("Écoute et bienveillance")
    assert "06 12 34 56 78" not in text and "[TÉLÉPHONE]" in text
