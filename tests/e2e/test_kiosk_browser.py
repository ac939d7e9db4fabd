"""A real browser against a real ``streamlit run app.py``: a patient fills the kiosk on a tablet.

Needs Debian's Chromium (/usr/bin/chromium) and Playwright for Python (never ``playwright
install``). Skipped without Chromium unless ``VERBATIM_REQUIRE_E2E=1``. With
``VERBATIM_SCREENSHOTS=1`` it also saves docs/screenshots/kiosk.png and questionnaires.png.
"""

from __future__ import annotations

import re

import pytest
from _browser import NEEDS_CHROMIUM, PASSWORD, idle, screenshot, sign_in
from _principals import COORDINATOR
from sqlalchemy import Engine
from sqlmodel import select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, Response
from verbatim.review import accounts
from verbatim.survey import questionnaires as svc

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def published(sqlite_engine: Engine) -> Engine:
    """The "acces_soins" template, published, and one site."""
    with session_scope(sqlite_engine, write=True) as s:
        svc.create_from_template(s, actor=COORDINATOR, template="acces_soins", publish=True)
        svc.get_or_create_site(s, name="MSP des Tilleuls")
        accounts.create_first_coordinator(
            s, username="claire", password=PASSWORD, display_name="Claire C."
        )
    return sqlite_engine


def test_a_patient_fills_the_kiosk_on_a_tablet(published: Engine, start_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server(VERBATIM_MODE="kiosk")
    page.goto(f"{base}/?site=MSP%20des%20Tilleuls")
    expect(page.get_by_text("Ce questionnaire est anonyme.")).to_be_visible()
    page.get_by_role("button", name="Commencer").click()

    def question(text: str) -> None:
        expect(page.locator(".kiosk-question")).to_have_text(text)
        idle(page)

    def tap(label: str) -> None:
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.get_by_role("button", name=f"✓ {label}", exact=True)).to_be_visible()
        idle(page)

    def next_screen() -> None:
        page.get_by_role("button", name=re.compile("Suivant|Envoyer")).click()

    question("En combien de temps avez-vous obtenu votre dernier rendez-vous ?")
    next_screen()  # a required question: the kiosk says so and stays
    expect(page.get_by_text("Merci de répondre à cette question pour continuer.")).to_be_visible()
    idle(page)
    tap("Dans la semaine")
    next_screen()
    question("Comment avez-vous pris rendez-vous ?")
    tap("Par téléphone")
    tap("Par internet")
    next_screen()
    question("Était-il facile de joindre la maison de santé ?")
    tap("Peu satisfait")
    screenshot(page, "kiosk.png")
    next_screen()
    question("Avez-vous déjà fait une téléconsultation avec la maison de santé ?")
    tap("Non")  # hides the satisfaction question about teleconsultation
    next_screen()
    question("Avez-vous renoncé à des soins ces 12 derniers mois ?")
    page.get_by_role("button", name="← Précédent").click()
    question("Avez-vous déjà fait une téléconsultation avec la maison de santé ?")
    expect(page.get_by_role("button", name="✓ Non", exact=True)).to_be_visible()
    next_screen()
    question("Avez-vous renoncé à des soins ces 12 derniers mois ?")
    tap("Oui")
    next_screen()
    question("Que pouvons-nous faire pour vous donner un rendez-vous plus facilement ?")
    typed = "Ouvrir des créneaux le samedi matin, le standard ne répond jamais."
    page.get_by_role("textbox").fill(typed)
    next_screen()
    question("Voulez-vous ajouter quelque chose ?")
    page.get_by_role("textbox").fill("Merci à toute l'équipe.")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Merci pour vos réponses !")).to_be_visible(timeout=60_000)

    with session_scope(published) as s:
        response = s.exec(select(Response)).one()
        assert response.channel == "kiosk"
        assert response.site_id == svc.find_site(s, name="MSP des Tilleuls").id
        stored = {
            q.link_id: a
            for a, q in s.exec(select(Answer, Question).where(Answer.question_id == Question.id))
        }
    assert stored["commentaire_acces"].text == typed
    assert stored["commentaire_libre"].text == "Merci à toute l'équipe."
    assert stored["moyen_rdv"].choice == '["telephone", "internet"]'
    assert stored["facilite"].number == 2
    assert "teleconsultation_avis" not in stored

    # "Terminer" brings the next patient back to the notice
    page.get_by_role("button", name="Terminer").click()
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()


def test_kiosk_mode_shows_only_the_kiosk_whatever_the_address(
    published: Engine, start_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server(VERBATIM_MODE="kiosk", VERBATIM_KIOSK_RESET_SECONDS="3")
    for path in ("reponses", "questionnaires", "import", "saisie", "analyse", "nimporte-quoi"):
        page.goto(f"{base}/{path}")
        expect(page.get_by_role("button", name="Commencer")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert page.get_by_role("heading", name="Réponses").count() == 0
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0

    # a patient who walks away mid-questionnaire: the kiosk goes back to its first screen
    page.get_by_role("button", name="Commencer").click()
    page.get_by_role("button", name="Dans le mois", exact=True).click()
    expect(page.get_by_role("button", name="✓ Dans le mois", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_role("button", name="Dans le mois", exact=True)).to_be_visible()


def test_coordinator_builder_in_a_browser(published: Engine, start_server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    base = start_server()
    sign_in(page, base, "Questionnaires")
    expect(page.get_by_role("heading", name="Questionnaires")).to_be_visible()
    expect(page.get_by_text("Question 1 · identifiant")).to_be_visible()
    expect(page.get_by_label("Texte de la question").first).to_have_value(
        "En combien de temps avez-vous obtenu votre dernier rendez-vous ?"
    )
    expect(page.get_by_label("Choix (un par ligne)").first).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    for title in ("Accueil", "Borne", "Saisie papier", "Import", "Réponses"):
        expect(nav.get_by_text(title, exact=True)).to_be_visible()
    screenshot(page, "questionnaires.png")


def test_a_session_locked_from_the_borne_page_survives_a_reload(
    published: Engine, start_server, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    base = start_server(VERBATIM_KIOSK_PIN="")
    sign_in(page, base, "Borne")
    expect(page.get_by_role("heading", name="Borne", exact=True)).to_be_visible()
    page.get_by_label("Code de sortie (au moins 4 caractères)").fill("2468")
    page.get_by_role("button", name="Démarrer la borne sur cet appareil").click()
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    page.reload()
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    page.goto(base + "/reponses?" + page.url.split("?", 1)[1])
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    page.get_by_test_id("stExpander").get_by_text("Équipe", exact=True).click()
    page.get_by_label("Code de sortie").fill("2468")
    page.get_by_role("button", name="Quitter la borne").click()
    # the reload ended the coordinator's session: the team's pages need signing in again
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
