"""Write a benchmark's figures into docs/PERFORMANCE.md between its own two markers."""

from __future__ import annotations

from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "PERFORMANCE.md"


def replace_section(section: str, *, start: str, end: str, path: Path = PERFORMANCE) -> None:
    """Replace the text from ``start`` to ``end`` (both kept, ``section`` includes them) in
    ``path``, or append ``section`` when the markers are not there yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        updated = before + section + rest.split(end, 1)[1]
    else:
        updated = current.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(updated, encoding="utf-8")
