"""Real-browser test helpers: a real ``streamlit run app.py``, Debian's Chromium, Playwright.

Needs Debian's Chromium (/usr/bin/chromium) and Playwright for Python (never ``playwright
install``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PASSWORD = "salle-d-attente-2026"
SCREENSHOTS = os.environ.get("VERBATIM_SCREENSHOTS") == "1"
TABLET = {"width": 820, "height": 1180}  # a 10-inch tablet held upright
# ``pytestmark`` of the browser tests: skipped without Chromium unless VERBATIM_REQUIRE_E2E=1
NEEDS_CHROMIUM = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("VERBATIM_REQUIRE_E2E") != "1",
        reason="Chromium is not installed (/usr/bin/chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, *, deadline_s: float = 90) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling interval, bounded by the deadline
    raise AssertionError("streamlit did not become healthy in time")


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start ``streamlit run app.py`` on a free loopback port; returns its base URL."""
    started: list[subprocess.Popen] = []

    def start(**extra_env: str) -> str:
        port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), **extra_env}
        log = (tmp_path / f"streamlit-{port}.log").open("w")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process)
        return url

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def browser_page(tmp_path: Path):
    """A Chromium page the size of a tablet, with a fresh profile."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a busy CI machine may take seconds per rerun
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=TABLET,
            locale="fr-FR",
        )
        context.set_default_timeout(30_000)
        page = context.pages[0] if context.pages else context.new_page()
        yield page
        context.close()


def sign_in(page, base: str, menu_entry: str, *, username: str = "claire") -> None:
    """Sign in (the coordinator by default), then open a page from the menu (a reload would sign
    out)."""
    from playwright.sync_api import expect

    page.goto(base)
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_be_visible()
    nav.get_by_text(menu_entry, exact=True).click()


def idle(page) -> None:
    """Wait until the script run has finished (no stale element of the previous screen left)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)
