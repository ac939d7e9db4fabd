"""Commands: ``verbatim purge`` (retention and erasure) and ``verbatim staff`` (the staff list)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from verbatim.cli.base import french_errors, main
from verbatim.errors import Msg, VerbatimError


def _parse_date(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise VerbatimError(Msg.BAD_DATE_OPTION.format(value=value)) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


@main.command()
@click.option("--dry-run", is_flag=True, help="Compte sans rien supprimer.")
@click.option(
    "--before",
    "before",
    metavar="AAAA-MM-JJ",
    help="Supprime les réponses envoyées avant cette date (par défaut : la durée de conservation "
    "VERBATIM_RETENTION_MONTHS).",
)
@click.option("--yes", "-y", is_flag=True, help="Ne demande pas de confirmation.")
@french_errors
def purge(dry_run: bool, before: str | None, yes: bool) -> None:
    """Supprime les réponses anciennes, leurs textes et tout ce qui s'y rattache."""
    from verbatim.db import session_scope
    from verbatim.privacy.purge import purge as purge_service
    from verbatim.review.permissions import Principal

    cutoff = _parse_date(before) if before else None
    actor = Principal.command_line()
    with session_scope(write=False) as session:
        plan = purge_service(session, before=cutoff, dry_run=True, actor=actor)
    day = plan.before.date().isoformat()
    click.echo(f"Réponses envoyées avant le {day} :")
    click.echo(
        f"  {_plural(plan.responses, 'réponse')}, {_plural(plan.answers, 'réponse')} aux questions"
    )
    for table, n in sorted(plan.other.items()):
        click.echo(f"  {_plural(n, 'ligne')} dans « {table} »")
    if dry_run:
        click.echo("Simulation : rien n'a été supprimé.")
        return
    if plan.total == 0:
        click.echo("Rien à supprimer.")
        return
    if not yes:
        click.confirm("Supprimer définitivement ces données ?", abort=True)
    with session_scope(write=True) as session:
        done = purge_service(session, before=plan.before, actor=actor)
    click.echo(
        f"Supprimé : {_plural(done.responses, 'réponse')} et "
        f"{_plural(done.answers, 'réponse')} aux questions."
    )


@main.group()
def staff() -> None:
    """Liste du personnel dont les noms sont masqués dans les verbatims."""


@staff.command("list")
@french_errors
def staff_list() -> None:
    """Affiche la liste du personnel."""
    from verbatim.db import session_scope
    from verbatim.text.staff import list_staff_names

    with session_scope() as session:
        rows = list_staff_names(session)
    if not rows:
        click.echo("La liste du personnel est vide.")
        return
    for row in rows:
        click.echo(row.name)


@staff.command("add")
@click.argument("name", nargs=-1, required=True)
@french_errors
def staff_add(name: tuple[str, ...]) -> None:
    """Ajoute NAME à la liste du personnel.

    Exemple : verbatim staff add Sophie Martin
    """
    from verbatim.db import session_scope
    from verbatim.review.permissions import Principal
    from verbatim.text.staff import add_staff_name

    with session_scope(write=True) as session:
        row = add_staff_name(session, name=" ".join(name), actor=Principal.command_line())
    click.echo(f"« {row.name} » ajouté à la liste du personnel.")
    click.echo("Il sera masqué dans les réponses enregistrées à partir de maintenant.")


@staff.command("remove")
@click.argument("name", nargs=-1, required=True)
@french_errors
def staff_remove(name: tuple[str, ...]) -> None:
    """Retire NAME de la liste du personnel."""
    from verbatim.db import session_scope
    from verbatim.review.permissions import Principal
    from verbatim.text.staff import remove_staff_name

    full = " ".join(name)
    with session_scope(write=True) as session:
        remove_staff_name(session, name=full, actor=Principal.command_line())
    click.echo(f"« {' '.join(full.split())} » retiré de la liste du personnel.")
