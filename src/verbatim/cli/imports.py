"""Commands: imports (being written)."""

from verbatim.cli.base import main  # noqa: F401
