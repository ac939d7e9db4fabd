"""A real browser: the coordinator types an Arabic translation right to left and previews it so."""

from __future__ import annotations

import pytest
from _browser import NEEDS_CHROMIUM, PASSWORD, idle, screenshot, sign_in
from sqlalchemy import Engine
from test_translations import ARABIC, _questionnaire

from verbatim.db import session_scope
from verbatim.review import accounts
from verbatim.survey import translations as tr

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def translated(sqlite_engine: Engine) -> Engine:
    """A questionnaire with an Arabic translation missing one question, and a coordinator."""
    items = {k: v for k, v in ARABIC["items"].items() if k != "ameliorer"}
    with session_scope(sqlite_engine, write=True) as s:
        qid = _questionnaire(s)
        claire = accounts.create_first_coordinator(
            s, username="claire", password=PASSWORD, display_name="Claire C."
        )
        tr.save_translation(
            s, actor=accounts.Principal.from_account(claire), questionnaire_id=qid,
            language="ar", title=ARABIC["title"], description=ARABIC["description"], items=items,
        )  # fmt: skip
    return sqlite_engine


def test_arabic_is_typed_and_previewed_right_to_left(
    translated: Engine, start_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server()
    sign_in(page, base, "Questionnaires")
    page.get_by_role("tab", name="Traductions").click()
    page.get_by_label("Langue à traduire").click()
    page.get_by_role("option", name="arabe (العربية)").click()
    idle(page)
    title = page.locator(".st-key-tr_ar_1_title input")
    expect(title).to_have_value(ARABIC["title"])
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    missing = page.locator(".st-key-tr_ar_1_ameliorer_text input")
    missing.fill("ماذا يمكننا أن نحسّن؟")
    page.get_by_role("button", name="Enregistrer la traduction (arabe)").click()
    expect(page.get_by_text("Traduction (arabe) enregistrée : complète.")).to_be_visible()
    idle(page)
    page.get_by_role("tab", name="Traductions").click()
    preview = page.locator('.translation-preview[dir="rtl"][lang="ar"]')
    expect(preview.get_by_text("ماذا يمكننا أن نحسّن؟")).to_be_visible()
    assert preview.evaluate("e => getComputedStyle(e).direction") == "rtl"
    screenshot(page, "translations-arabic.png")
