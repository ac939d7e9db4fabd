"""The patient's kiosk in a real browser: Arabic right to left, large print, faces, a phone, and
a network that drops in the middle of a comment.

Needs Debian's Chromium (/usr/bin/chromium) and Playwright for Python. With
``VERBATIM_SCREENSHOTS=1`` it also saves docs/screenshots/kiosk-arabic.png and kiosk-phone.png.
"""

from __future__ import annotations

import contextlib
import io
import re
import socket
import threading

import pytest
from _browser import NEEDS_CHROMIUM, idle, screenshot
from _translated import ARABIC, translated_questionnaire
from sqlalchemy import Engine
from sqlmodel import select

from verbatim.db import session_scope
from verbatim.db.tables import Answer, Question, Response
from verbatim.survey import i18n

pytestmark = NEEDS_CHROMIUM

PHONE = {"width": 390, "height": 844}

# Every visible piece of text in the page with its computed size (px).
TEXT_SIZES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, [hidden], [aria-hidden="true"]')) continue;
    if (el.closest('[data-testid="stIconMaterial"]')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    out.push([text.slice(0, 40), parseFloat(style.fontSize)]);
  }
  return out;
}"""


@pytest.fixture
def kiosk(sqlite_engine: Engine, start_server) -> str:
    """The translated questionnaire on a kiosk server; returns its address."""
    translated_questionnaire(sqlite_engine)
    return start_server(VERBATIM_MODE="kiosk")


def _ink_margins(png: bytes) -> tuple[int, int]:
    """Blank pixels left and right of the dark text in a screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.load()
    dark = [x for x in range(width) if any(pixels[x, y] < 110 for y in range(height))]
    assert dark, "no text in the screenshot"
    return dark[0], width - 1 - dark[-1]


def _to_last_question(page) -> None:
    """From the first question, "Suivant" until the fourth and last one."""
    from playwright.sync_api import expect

    for position in (2, 3, 4):
        idle(page)
        page.get_by_role("button", name="Suivant →").click()
        expect(page.locator(".kiosk-progress")).to_have_text(f"Question {position} sur 4")


def _small_text(page) -> list:
    return [(text, size) for text, size in page.evaluate(TEXT_SIZES) if size < 18]


def test_an_arabic_questionnaire_is_rendered_right_to_left(kiosk: str, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(kiosk)
    expect(page.get_by_role("button", name="العربية")).to_be_visible()
    idle(page)
    left, right = _ink_margins(page.locator("h1").first.screenshot())
    assert left < right, "the French title should start on the left"

    page.get_by_role("button", name="العربية").click()
    expect(page.locator("h1").first).to_have_text(ARABIC["title"])
    idle(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    left, right = _ink_margins(page.locator("h1").first.screenshot())
    assert right < left, f"the Arabic title should hug the right edge ({left=}, {right=})"

    page.get_by_role("button", name="ابدأ").click()
    question = page.locator(".kiosk-question")
    expect(question).to_have_text(ARABIC["items"]["acces"]["text"])
    idle(page)
    left, right = _ink_margins(question.screenshot())
    assert right < left, f"the Arabic question should hug the right edge ({left=}, {right=})"
    # "Back" sits on the right and "Next" on the left, as an Arabic reader expects
    assert _small_text(page) == []
    back = page.get_by_role("button", name=i18n.text("ar", "back")).bounding_box()
    forward = page.get_by_role("button", name=i18n.text("ar", "next")).bounding_box()
    assert back["x"] > forward["x"]
    screenshot(page, "kiosk-arabic.png")


def test_large_print_faces_and_no_text_under_18_px(kiosk: str, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(kiosk)
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    idle(page)
    assert _small_text(page) == []
    page.get_by_role("button", name="Commencer").click()
    question = page.locator(".kiosk-question")
    expect(question).to_be_visible()
    idle(page)
    assert _small_text(page) == []
    # Likert answers: a face before each answer's words
    satisfied = page.get_by_role("button", name="Très satisfait", exact=True)
    face = satisfied.evaluate("b => getComputedStyle(b, '::before').backgroundImage")
    assert "svg" in face
    other = page.get_by_role("button", name="Pas du tout satisfait", exact=True)
    assert other.evaluate("b => getComputedStyle(b, '::before').backgroundImage") != face

    normal = float(question.evaluate("q => parseFloat(getComputedStyle(q).fontSize)"))
    page.get_by_role("button", name="Agrandir le texte").click()
    expect(page.get_by_role("button", name="Texte de taille normale")).to_be_visible()
    idle(page)
    large = float(question.evaluate("q => parseFloat(getComputedStyle(q).fontSize)"))
    assert large >= 1.4 * normal
    screenshot(page, "kiosk-large-print.png")
    answer_size = satisfied.evaluate(
        "b => parseFloat(getComputedStyle(b.querySelector('p')).fontSize)"
    )
    assert answer_size >= 30


def test_a_patient_answers_on_a_phone(kiosk: str, sqlite_engine: Engine, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(kiosk)
    expect(page.get_by_role("button", name="Commencer")).to_be_visible()
    idle(page)

    def fits() -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"
        for button in page.get_by_role("button").all():
            box = button.bounding_box()
            if box is None:  # the team's exit code sits in a closed expander
                continue
            assert box["height"] >= 44, "a button is too small to tap"
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1

    fits()
    page.get_by_role("button", name="Commencer").click()
    expect(page.locator(".kiosk-question")).to_be_visible()
    idle(page)
    fits()
    page.get_by_role("button", name="Satisfait", exact=True).click()
    expect(page.get_by_role("button", name="✓ Satisfait", exact=True)).to_be_visible()
    screenshot(page, "kiosk-phone.png")
    _to_last_question(page)
    expect(page.get_by_role("textbox", name="Votre réponse")).to_be_visible()
    idle(page)
    fits()
    assert _small_text(page) == []
    page.get_by_role("textbox", name="Votre réponse").fill("Plus de places pour se garer.")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Merci pour vos réponses !")).to_be_visible()
    idle(page)
    assert _small_text(page) == []
    with session_scope(sqlite_engine) as s:
        texts = s.exec(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert texts == ["Plus de places pour se garer."]


class _Network:
    """A TCP relay between the browser and the server that can drop the connection (Wi-Fi lost)
    and bring it back, on the same address."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.connections: list[socket.socket] = []
        self.online = True
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(32)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def up(self) -> None:
        self.online = True

    def down(self) -> None:
        """Cut the open connections and drop every new one until :meth:`up`."""
        self.online = False
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self.connections.clear()

    def close(self) -> None:
        self.down()
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.online:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.target))
            self.connections += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def test_a_lost_connection_says_so_in_french_and_keeps_the_typed_answer(
    kiosk: str, sqlite_engine: Engine, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    network = _Network(int(kiosk.rsplit(":", 1)[1]))
    try:
        page.goto(f"http://127.0.0.1:{network.port}/")
        page.get_by_role("button", name="Commencer").click()
        expect(page.locator(".kiosk-question")).to_be_visible()
        idle(page)
        page.get_by_role("button", name="Très satisfait", exact=True).click()
        expect(page.get_by_role("button", name="✓ Très satisfait", exact=True)).to_be_visible()
        _to_last_question(page)
        box = page.get_by_role("textbox", name="Votre réponse")
        expect(box).to_be_visible()
        idle(page)
        box.fill("Le parking est toujours plein le matin.")

        network.down()
        banner = page.locator("#kiosk-offline")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Connexion perdue")
        expect(page.get_by_text(re.compile("Connection error|Is Streamlit"))).to_have_count(0)
        expect(box).to_have_value("Le parking est toujours plein le matin.")

        network.up()
        expect(banner).to_be_hidden()
        expect(box).to_have_value("Le parking est toujours plein le matin.")
        idle(page)
        page.get_by_role("button", name="Envoyer mes réponses").click()
        expect(page.get_by_text("Merci pour vos réponses !")).to_be_visible()
    finally:
        network.close()
    with session_scope(sqlite_engine) as s:
        stored = {
            q.link_id: a
            for a, q in s.exec(select(Answer, Question).where(Answer.question_id == Question.id))
        }
        assert s.exec(select(Response.language)).one() == "fr"
    assert stored["acces"].number == 5
    assert stored["ameliorer"].text == "Le parking est toujours plein le matin."
