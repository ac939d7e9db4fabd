"""The waiting-room screen in a real browser: the public board only, readable, accessible.

Needs Debian's Chromium and axe-core (``npm ci``); see test_kiosk_a11y.py.
"""

from __future__ import annotations

import pytest
from _browser import screenshot
from _review_fixtures import COORDINATOR, TEXTS, make_corpus, make_run
from sqlalchemy import Engine
from test_kiosk_a11y import assert_accessible, pytestmark  # noqa: F401

from verbatim.db import session_scope
from verbatim.review import decisions

NOTE = "Un deuxième créneau sans rendez-vous le samedi."


@pytest.fixture
def decided(sqlite_engine: Engine) -> Engine:
    """One public decision on a theme of 7 answers, one private decision."""
    with session_scope(sqlite_engine, write=True) as s:
        corpus = make_corpus(s)
        assign = {i: "attente" for i in range(7)} | {7: "secretariat", 8: None}
        run = make_run(s, corpus, themes={"attente": "Attente", "secretariat": "Secrétariat"},
                       assign=assign)  # fmt: skip
        decisions.decide(s, actor=COORDINATOR, lineage=run.theme_ids["attente"], kind="action",
                         owner="Accueil", note=NOTE, public=True)  # fmt: skip
        decisions.decide(s, actor=COORDINATOR, lineage=run.theme_ids["secretariat"],
                         kind="watch", note="Interne", public=False)  # fmt: skip
    return sqlite_engine


def test_the_waiting_room_screen_shows_only_the_public_board(
    decided: Engine, start_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server(VERBATIM_MODE="public")
    for path in ("", "affichage", "ecran", "reponses", "relecture", "borne"):
        page.goto(f"{base}/{path}")
        expect(
            page.get_by_role("heading", name="Vous nous avez dit, nous avons fait")
        ).to_be_visible()
        expect(page.get_by_text(NOTE)).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert page.get_by_label("Identifiant").count() == 0
    body = page.locator("body").inner_text()
    assert "7 patients en ont parlé" in body
    assert "Secrétariat" not in body and "Interne" not in body and "Accueil" not in body
    for text, _month in TEXTS:
        assert text not in body
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert_accessible(page, "waiting-room screen")
    screenshot(page, "public.png")
