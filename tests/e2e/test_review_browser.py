"""A real browser: a patient partner signs in, renames a theme and votes; the coordinator sees both.

The analysis run is written as the engine stores it (tests/_review_fixtures.py), so this test is
about the review pages in a browser, not about the engine.
"""

from __future__ import annotations

import pytest
from _browser import NEEDS_CHROMIUM, PASSWORD, idle, sign_in
from _review_fixtures import ASSIGN_1, THEMES_1, make_corpus, make_run
from sqlalchemy import Engine

from verbatim.db import session_scope
from verbatim.review import accounts

pytestmark = NEEDS_CHROMIUM
NEW_LABEL = "Trop d'attente au cabinet"


@pytest.fixture
def reviewed(sqlite_engine: Engine) -> Engine:
    """Answers, one analysis run, a coordinator and a patient partner."""
    with session_scope(sqlite_engine, write=True) as s:
        corpus = make_corpus(s)
        make_run(s, corpus, themes=THEMES_1, assign=ASSIGN_1)
        claire = accounts.create_first_coordinator(
            s, username="claire", password=PASSWORD, display_name="Claire C."
        )
        accounts.create_account(
            s,
            actor=accounts.Principal.from_account(claire),
            username="marie",
            password=PASSWORD,
            display_name="Marie D.",
            role="reviewer",
            reviewer_kind="patient_partner",
        )
    return sqlite_engine


def _card(page, label: str):
    """The bordered block of one theme: the innermost block holding its title and its actions."""
    heading = page.get_by_role("heading", name=label, exact=True)
    actions = page.get_by_text("Agir sur ce thème")
    return (
        page.locator('[data-testid="stVerticalBlock"]').filter(has=heading).filter(has=actions).last
    )


def _open_tab(page, label: str, tab: str):
    card = _card(page, label)
    card.get_by_text("Agir sur ce thème").click()
    card.get_by_role("tab", name=tab).click()
    return card


def test_a_patient_partner_renames_and_votes_and_the_coordinator_sees_both(
    reviewed: Engine, start_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server()
    sign_in(page, base, "Relecture", username="marie")
    expect(
        page.get_by_text("Connecté : Marie D. (relecteur, patient partenaire)").first
    ).to_be_visible()
    # the menu of a patient partner holds no collection page
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_text("Import", exact=True)).to_have_count(0)
    expect(nav.get_by_text("Réponses", exact=True)).to_have_count(0)

    card = _open_tab(page, "Attente", "Renommer")
    card.get_by_label("Nouveau nom").fill(NEW_LABEL)
    card.get_by_role("button", name="Renommer", exact=True).click()
    expect(page.get_by_text("Thème renommé.")).to_be_visible()
    idle(page)
    expect(page.get_by_role("heading", name=NEW_LABEL, exact=True)).to_be_visible()

    card = _open_tab(page, NEW_LABEL, "Voter")
    card.get_by_role("radiogroup").get_by_text("Forte", exact=True).click()
    card.get_by_role("button", name="Voter", exact=True).click()
    expect(page.get_by_text("Vote enregistré.")).to_be_visible()
    idle(page)

    # the coordinator, on another device, sees the new name and the patient partner's vote
    context = (
        page.context.browser.new_context(viewport={"width": 1280, "height": 1000})
        if page.context.browser
        else None
    )
    other = context.new_page() if context else page.context.new_page()
    sign_in(other, base, "Relecture", username="claire")
    expect(other.get_by_role("heading", name=NEW_LABEL, exact=True)).to_be_visible()
    expect(_card(other, NEW_LABEL).get_by_text("Patients partenaires et RU : 1")).to_be_visible()
