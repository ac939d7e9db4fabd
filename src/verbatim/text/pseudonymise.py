"""Pseudonymisation of free text (placeholder, being written: see issue 6)."""

from __future__ import annotations

from collections.abc import Sequence


def pseudonymise(text: str, *, staff_names: Sequence[str] = ()) -> str:
    """Replace identifiers in ``text`` with [NOM], [TÉLÉPHONE], [EMAIL], [NIR], [DATE], [ADRESSE]."""
    return text
