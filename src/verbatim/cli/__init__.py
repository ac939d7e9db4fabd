"""The ``verbatim`` command. Each module below registers its commands on :data:`main`."""

from verbatim.cli import accounts, analysis, demo, exports, imports, privacy, serve, signals  # noqa: F401
from verbatim.cli.base import main

__all__ = ["main"]
