"""Commands: ``verbatim account`` create-coordinator, add, list, deactivate, reactivate, password.

The command line acts with full rights and asks for no sign-in: whoever can run ``verbatim`` on the
server can already read its database. It is also how a coordinator who lost their password gets
back in (``verbatim account password NAME``). Its actions are logged as "Ligne de commande".
"""

from __future__ import annotations

import sys

import click

from verbatim.cli.base import french_errors, main
from verbatim.errors import Msg, VerbatimError

ROLE_CHOICES = ["coordinator", "reviewer", "kiosk"]
KIND_CHOICES = ["patient_partner", "user_representative", "professional"]


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = click.prompt("Mot de passe", hide_input=True)
    second = click.prompt("Mot de passe (confirmation)", hide_input=True)
    if first != second:
        raise VerbatimError(Msg.PASSWORD_MISMATCH)
    return first


def _engine():  # type: ignore[no-untyped-def]
    from verbatim.db import get_engine, upgrade

    engine = get_engine()
    upgrade(engine)
    return engine


@main.group()
def account() -> None:
    """Comptes : coordinateurs, relecteurs, bornes."""


@account.command("create-coordinator")
@click.argument("username")
@click.option("--display-name", help="Nom affiché (par défaut : l'identifiant).")
@click.option("--password-stdin", is_flag=True, help="Lit le mot de passe sur l'entrée standard.")
@french_errors
def create_coordinator(username: str, display_name: str | None, password_stdin: bool) -> None:
    """Crée le premier compte coordinateur (seulement s'il n'en existe aucun)."""
    from verbatim.db import session_scope
    from verbatim.review.accounts import create_first_coordinator, needs_first_coordinator

    engine = _engine()
    with session_scope(engine) as s:
        if not needs_first_coordinator(s):
            raise VerbatimError(Msg.COORDINATOR_EXISTS)
    password = _read_password(password_stdin)
    with session_scope(engine, write=True) as s:
        created = create_first_coordinator(
            s, username=username, password=password, display_name=display_name or username
        )
    click.echo(f"Compte coordinateur « {created.username} » créé.")


@account.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLE_CHOICES), required=True, help="Rôle du compte.")
@click.option("--kind", type=click.Choice(KIND_CHOICES), help="Type de relecteur.")
@click.option("--profession", help="Profession d'un relecteur professionnel.")
@click.option("--display-name", help="Nom affiché (par défaut : l'identifiant).")
@click.option("--password-stdin", is_flag=True, help="Lit le mot de passe sur l'entrée standard.")
@french_errors
def add(
    username: str,
    role: str,
    kind: str | None,
    profession: str | None,
    display_name: str | None,
    password_stdin: bool,
) -> None:
    """Ajoute un compte (relecteur, borne ou autre coordinateur)."""
    from verbatim.db import session_scope
    from verbatim.review.accounts import create_account, needs_first_coordinator
    from verbatim.review.permissions import Principal

    engine = _engine()
    with session_scope(engine) as s:
        if needs_first_coordinator(s) and role != "coordinator":
            raise VerbatimError(Msg.NO_COORDINATOR)
    password = _read_password(password_stdin)
    with session_scope(engine, write=True) as s:
        created = create_account(
            s,
            actor=Principal.command_line(),
            username=username,
            password=password,
            display_name=display_name or username,
            role=role,
            reviewer_kind=kind,
            profession=profession,
        )
    click.echo(f"Compte « {created.username} » créé.")


@account.command("list")
@french_errors
def list_() -> None:
    """Liste les comptes."""
    from verbatim.db import session_scope
    from verbatim.review.accounts import list_accounts
    from verbatim.review.permissions import Principal

    with session_scope(_engine()) as s:
        accounts = list_accounts(s, actor=Principal.command_line())
    if not accounts:
        click.echo("Aucun compte.")
        return
    for a in accounts:
        label = Principal.from_account(a).label
        state = "actif" if a.active else "désactivé"
        click.echo(f"{a.username}\t{label}\t{state}")


@account.command("deactivate")
@click.argument("username")
@french_errors
def deactivate(username: str) -> None:
    """Désactive un compte et ferme ses sessions."""
    from verbatim.db import session_scope
    from verbatim.review.accounts import deactivate_account
    from verbatim.review.permissions import Principal

    with session_scope(_engine(), write=True) as s:
        done = deactivate_account(s, actor=Principal.command_line(), username=username)
    click.echo(f"Compte « {done.username} » désactivé.")


@account.command("reactivate")
@click.argument("username")
@french_errors
def reactivate(username: str) -> None:
    """Réactive un compte désactivé."""
    from verbatim.db import session_scope
    from verbatim.review.accounts import reactivate_account
    from verbatim.review.permissions import Principal

    with session_scope(_engine(), write=True) as s:
        done = reactivate_account(s, actor=Principal.command_line(), username=username)
    click.echo(f"Compte « {done.username} » réactivé.")


@account.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Lit le mot de passe sur l'entrée standard.")
@french_errors
def password(username: str, password_stdin: bool) -> None:
    """Remplace le mot de passe d'un compte (et ferme ses sessions)."""
    from verbatim.db import session_scope
    from verbatim.review.accounts import change_password, find_account
    from verbatim.review.permissions import Principal

    engine = _engine()
    with session_scope(engine) as s:
        if find_account(s, username=username) is None:
            raise VerbatimError(Msg.UNKNOWN_ACCOUNT.format(username=username))
    new = _read_password(password_stdin)
    with session_scope(engine, write=True) as s:
        change_password(s, actor=Principal.command_line(), username=username, new_password=new)
    click.echo(f"Mot de passe de « {username} » remplacé.")
