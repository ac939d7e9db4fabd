"""The staff list whose names are redacted from free text (placeholder, being written: issue 6)."""

from __future__ import annotations

from sqlmodel import Session


def staff_names(session: Session) -> list[str]:
    """Names of the team's staff, as the coordinator maintains them."""
    return []
