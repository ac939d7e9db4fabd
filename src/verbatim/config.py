"""Settings read from the environment.

Only ``VERBATIM_DATABASE_URL`` matters to most users: without it Verbatim keeps everything in a
SQLite file under ``data/``. A ``postgresql+psycopg://`` URL selects the shared-server option.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path("data")


@dataclass(frozen=True)
class Settings:
    """Runtime settings.

    Attributes:
        database_url: SQLAlchemy URL of the database.
        data_dir: Folder for the SQLite file and analysis artefacts.
        kiosk_reset_seconds: Inactivity before the kiosk returns to its first screen.
        max_cell_chars: Longest text accepted in one imported cell or typed answer.
        max_import_bytes: Largest file accepted by the import.
    """

    database_url: str
    data_dir: Path
    kiosk_reset_seconds: int = 20
    max_cell_chars: int = 10_000
    max_import_bytes: int = 50 * 1024 * 1024
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an embedded SQLite file."""
        return self.database_url.startswith("sqlite")


def get_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from the environment (or from ``environ`` when given, for tests).

    Args:
        environ: Mapping to read instead of ``os.environ``.

    Returns:
        The settings in force.
    """
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("VERBATIM_DATA_DIR", str(DEFAULT_DATA_DIR)))
    url = env.get("VERBATIM_DATABASE_URL") or f"sqlite:///{(data_dir / 'verbatim.db').as_posix()}"
    return Settings(
        database_url=url,
        data_dir=data_dir,
        kiosk_reset_seconds=int(env.get("VERBATIM_KIOSK_RESET_SECONDS", "20")),
    )
