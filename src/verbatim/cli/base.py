"""The ``verbatim`` command: the same services as the pages, for scripts and the terminal.

Every command exits 0 on success and 1 with a French message on bad input.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import IO, Any

import click

from verbatim.errors import VerbatimError


def french_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`VerbatimError` into its French message on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except VerbatimError as error:
            click.echo(f"Erreur : {error}", err=True)
            sys.exit(1)

    return wrapper


class ProgressBar:
    """A click progress bar for a service's ``progress(done, total)`` callback.

    It opens on the first report, once the total is known; call :meth:`close` when the work ends
    or fails.
    """

    def __init__(self, label: str, *, file: IO[str] | None = None):
        self.label = label
        self.file = file  # None: click's default, standard output
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=self.file)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="verbatim")
def main() -> None:
    """Verbatim : des verbatims de patients aux thèmes et signaux faibles."""


@main.command()
@french_errors
def init() -> None:
    """Crée la base de données ou la met à jour."""
    from verbatim.config import get_settings
    from verbatim.db import upgrade

    revision = upgrade()
    click.echo(f"Base prête ({_safe_url(get_settings().database_url)}, schéma {revision}).")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
