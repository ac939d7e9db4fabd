"""Shared helpers of the AppTest page tests (test_pages*.py)."""

from __future__ import annotations

from pathlib import Path

from _principals import COORDINATOR
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from verbatim.db import session_scope
from verbatim.intake.submit import submit_response
from verbatim.review.permissions import Principal
from verbatim.survey import questionnaires as svc

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
COORDINATOR_PAGES = [
    "app_pages/home.py",
    "app_pages/questionnaires.py",
    "app_pages/kiosk_setup.py",
    "app_pages/paper.py",
    "app_pages/imports.py",
    "app_pages/answers.py",
]
if (ROOT / "app_pages" / "analysis.py").is_file():
    COORDINATOR_PAGES.append("app_pages/analysis.py")


def app(principal: Principal | None = COORDINATOR) -> AppTest:
    """The whole app, from its entry point, as ``streamlit run app.py`` would start it.

    Args:
        principal: Who is signed in (a coordinator by default; None shows the sign-in page).
    """
    at = AppTest.from_file(APP, default_timeout=60)
    if principal is not None:
        at.session_state["principal"] = principal
    return at


def ok(at: AppTest) -> AppTest:
    """Assert the last run raised nothing, and return the app for chaining."""
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_page(page: str) -> AppTest:
    """Run the app, then switch to one of its pages."""
    return ok(ok(app().run()).switch_page(page).run())


def fill(engine: Engine) -> Engine:
    """A published questionnaire with three responses (kiosk, paper) at two sites."""
    with session_scope(engine, write=True) as s:
        q = svc.create_from_template(s, actor=COORDINATOR, template="experience_msp", publish=True)
        version = svc.published_version(s, questionnaire_id=q.id)
        tilleuls = svc.get_or_create_site(s, name="MSP des Tilleuls")
        for channel, site, text in (
            ("kiosk", tilleuls, "L'attente était trop longue."),
            ("paper", tilleuls, "Secrétariat difficile à joindre."),
            ("kiosk", svc.get_or_create_site(s, name="Pôle Nord"), "Très bon accueil."),
        ):
            submit_response(
                s, version=version, channel=channel, site_id=site.id,
                answers={"acces": 4, "accueil": 5, "ecoute": 3, "ameliorer": text},
            )  # fmt: skip
    return engine
