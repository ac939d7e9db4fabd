"""Pseudonymisation of free text (placeholder, being written: see issue 6)."""

from __future__ import annotations

from collections.abc import Sequence


def pseudonymise(text: str, *, staff_names: Sequence[str] = ()) -> str:
    """Replace identifiers in ``text`` with [NOM], [TÉLÉPHONE], [EMAIL], [NIR], [DATE], [ADRESSE]."""
    return text


def pseudonymise_many(texts: Sequence[str], *, staff_names: Sequence[str] = ()) -> list[str]:
    """Pseudonymise many texts at once (batched through the model)."""
    return [pseudonymise(t, staff_names=staff_names) for t in texts]
