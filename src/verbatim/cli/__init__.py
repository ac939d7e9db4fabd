"""The ``verbatim`` command. Each module below registers its commands on :data:`main`."""

from verbatim.cli import (  # noqa: F401
    accounts,
    analysis,
    demo,
    exports,
    imports,
    privacy,
    report,
    serve,
    signals,
)
from verbatim.cli.base import main

__all__ = ["main"]
