"""Fixtures of the real-browser tests (defined in _browser.py, shared by every e2e module)."""

from _browser import browser_page, start_server  # noqa: F401
