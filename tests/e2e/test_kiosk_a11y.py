"""Accessibility of the patient kiosk, checked with axe-core in a real browser.

For each shipped template the kiosk's notice screen and first question screen must have no
"serious" or "critical" axe-core violation (WCAG 2.1 A and AA rules and axe's best practices).
axe-core comes from npm (``package.json`` at the root; ``scripts/test.sh`` runs ``npm ci``); the
test is skipped when ``node_modules/axe-core`` is missing, unless ``VERBATIM_REQUIRE_E2E=1``.
"""

from __future__ import annotations

import json
import os

import pytest
from _browser import CHROMIUM, ROOT, idle
from _principals import COORDINATOR
from sqlalchemy import Engine

from verbatim.db import session_scope
from verbatim.survey import questionnaires as svc

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TEMPLATES = ("experience_msp", "retour_hospitalisation", "acces_soins")
BLOCKING = {"serious", "critical"}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and AXE.exists()) and os.environ.get("VERBATIM_REQUIRE_E2E") != "1",
        reason="Chromium (/usr/bin/chromium) or axe-core (npm ci) is not installed",
    ),
]


@pytest.fixture
def slugs(sqlite_engine: Engine) -> dict[str, str]:
    """The three templates, published (template name -> questionnaire slug)."""
    with session_scope(sqlite_engine, write=True) as s:
        return {
            name: svc.create_from_template(s, actor=COORDINATOR, template=name, publish=True).slug
            for name in TEMPLATES
        }


def axe_violations(page) -> list[dict]:
    """The serious and critical axe-core violations of the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                             'best-practice']},
        })"""
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
            "html": [n["html"][:160] for n in v["nodes"]][:3],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page, screen: str) -> None:
    idle(page)
    found = axe_violations(page)
    assert not found, f"{screen}:\n" + json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_kiosk_notice_and_first_question_pass_axe(
    template: str, slugs: dict[str, str], start_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server(VERBATIM_MODE="kiosk")
    page.goto(f"{base}/?questionnaire={slugs[template]}")
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert_accessible(page, f"{template}: notice")
    page.get_by_role("button", name="Commencer").click()
    expect(page.locator(".kiosk-question")).to_be_visible()
    assert_accessible(page, f"{template}: first question")


def test_the_arabic_kiosk_in_large_print_passes_axe(
    sqlite_engine: Engine, start_server, browser_page
):
    from _translated import translated_questionnaire
    from playwright.sync_api import expect

    translated_questionnaire(sqlite_engine)
    page = browser_page
    page.goto(start_server(VERBATIM_MODE="kiosk"))
    page.get_by_role("button", name="العربية").click()
    expect(page.get_by_role("button", name="ابدأ")).to_be_visible()
    page.get_by_role("button", name="تكبير النص").click()
    expect(page.get_by_role("button", name="حجم النص العادي")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert_accessible(page, "arabic, large print: notice")
    page.get_by_role("button", name="ابدأ").click()
    expect(page.locator(".kiosk-question")).to_be_visible()
    assert_accessible(page, "arabic, large print: first question")


# --- keyboard only ----------------------------------------------------------------------------

FOCUSED_TEXT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    return el.tagName === 'TEXTAREA' ? 'TEXTAREA' : (el.innerText || '').trim();
}"""


def tab_to(page, target: str) -> None:
    """Press Tab until the element named ``target`` (or "TEXTAREA") has the focus."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_TEXT) == target:
            return
    raise AssertionError(f"Tab never reaches {target!r}")


def test_a_patient_completes_the_kiosk_with_the_keyboard_only(
    slugs: dict[str, str], start_server, browser_page, sqlite_engine: Engine
):
    from playwright.sync_api import expect
    from sqlmodel import select

    from verbatim.db.tables import Answer, Question

    page = browser_page
    base = start_server(VERBATIM_MODE="kiosk")
    page.goto(f"{base}/?questionnaire={slugs['experience_msp']}")
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    idle(page)

    def screen(text: str) -> None:
        expect(page.locator(".kiosk-question")).to_have_text(text)
        idle(page)

    def choose(label: str, key: str = "Space") -> None:
        tab_to(page, label)
        page.keyboard.press(key)
        expect(page.get_by_role("button", name=f"✓ {label}", exact=True)).to_be_visible()
        idle(page)

    def next_screen(label: str = "Suivant →") -> None:
        tab_to(page, label)
        page.keyboard.press("Enter")

    tab_to(page, "Commencer")
    page.keyboard.press("Enter")
    screen("Avez-vous eu facilement un rendez-vous ?")
    choose("Satisfait")
    next_screen()
    screen("Comment avez-vous été accueilli au secrétariat ?")
    choose("Très satisfait", "Enter")
    next_screen()
    screen("Combien de temps avez-vous attendu avant la consultation ?")
    next_screen()  # optional: skipped
    screen("Le professionnel vous a-t-il bien écouté ?")
    choose("Satisfait")
    next_screen()
    screen("Avez-vous compris les informations sur votre santé et vos traitements ?")
    next_screen()
    screen(
        "Les professionnels de la maison de santé partagent-ils bien les informations sur vous ?"
    )
    next_screen()
    screen("Sur une échelle de 0 à 10, recommanderiez-vous la maison de santé à un proche ?")
    assert_accessible(page, "experience_msp: 0-10 scale")
    choose("8")
    next_screen()
    screen("Qu'avez-vous apprécié ?")
    assert_accessible(page, "experience_msp: free text")
    next_screen()
    screen("Que pourrions-nous améliorer ?")
    tab_to(page, "TEXTAREA")
    typed = "Des créneaux plus tôt le matin."
    page.keyboard.type(typed)
    page.keyboard.press("Tab")  # leaving the box keeps its text
    idle(page)
    next_screen("Envoyer mes réponses")
    expect(page.get_by_text("Merci pour vos réponses !")).to_be_visible(timeout=60_000)
    assert_accessible(page, "experience_msp: thank-you")

    with session_scope(sqlite_engine) as s:
        stored = {
            q.link_id: a
            for a, q in s.exec(select(Answer, Question).where(Answer.question_id == Question.id))
        }
    assert stored["acces"].number == 4 and stored["accueil"].number == 5
    assert stored["recommandation"].number == 8
    assert stored["ameliorer"].text == typed
    assert "attente" not in stored
