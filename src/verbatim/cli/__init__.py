"""The ``verbatim`` command. Each module below registers its commands on :data:`main`."""

from verbatim.cli import analysis, demo, exports, imports, privacy, serve  # noqa: F401
from verbatim.cli.base import main

__all__ = ["main"]
