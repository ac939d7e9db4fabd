"""The team's own copies of editable data files (theme framework, severity lexicon).

The shipped files live inside the package; a coordinator's edits are saved in the data folder and
win from then on. Writing goes through a temporary file, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from verbatim.config import get_settings


def team_file(relative: str) -> Path:
    """Where the team's copy of a data file lives (it may not exist yet)."""
    return get_settings().data_dir / relative


def save_yaml(relative: str, data: Any) -> Path:
    """Write the team's copy of a data file as YAML, atomically.

    Args:
        relative: Path inside the data folder, e.g. ``"lexicons/severity.yaml"``.
        data: What to write (plain lists and dicts).

    Returns:
        The file written.
    """
    path = team_file(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False)
        os.replace(tmp_name, path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    return path
