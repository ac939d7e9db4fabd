"""Signing in: the first start creates the coordinator; menus follow the role; sessions expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from _apptest import app, ok
from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from verbatim.db import session_scope
from verbatim.db.tables_accounts import Account, AuthSession
from verbatim.review import accounts
from verbatim.review.permissions import Principal

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch):
    """Real argon2, with parameters that keep the page tests quick."""
    from argon2 import PasswordHasher

    from verbatim.review import credentials

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(credentials, "_HASHER", cheap)


def _claire(engine: Engine) -> None:
    """The first coordinator, "claire"."""
    with session_scope(engine, write=True) as s:
        accounts.create_first_coordinator(
            s, username="claire", password=PASSWORD, display_name="Claire"
        )


def _sign_in(username: str, password: str = PASSWORD) -> AppTest:
    """The app after typing ``username`` and ``password`` on the sign-in form."""
    at = ok(app(principal=None).run())
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return ok(at.button[0].click().run())


def test_first_start_asks_for_the_coordinator_account_then_signs_in(sqlite_engine: Engine):
    at = ok(app(principal=None).run())
    assert at.subheader[0].value == "Premier démarrage : créez le compte de coordination"
    at.text_input[0].input("Claire Martin")
    at.text_input[1].input("claire")
    at.text_input[2].input(PASSWORD)
    at.text_input[3].input(PASSWORD)
    ok(at.button[0].click().run())
    assert at.session_state["principal"].username == "claire"
    assert "Connecté : Claire Martin (coordinateur)" in [c.value for c in at.sidebar.caption]
    with session_scope(sqlite_engine) as s:
        account = s.exec(select(Account)).one()
        assert account.role == "coordinator" and PASSWORD not in account.password_hash


def test_a_wrong_password_is_refused_in_french(sqlite_engine: Engine):
    _claire(sqlite_engine)
    at = ok(app(principal=None).run())
    assert at.subheader[0].value == "Connexion"
    at.text_input[0].input("claire")
    at.text_input[1].input("mauvais mot de passe")
    ok(at.button[0].click().run())
    assert at.error, "a refusal message is shown"
    assert "principal" not in at.session_state


def test_a_reviewer_menu_holds_only_the_reviewer_pages(sqlite_engine: Engine):
    with session_scope(sqlite_engine, write=True) as s:
        coordinator = accounts.create_first_coordinator(
            s, username="claire", password=PASSWORD, display_name="Claire"
        )
        accounts.create_account(
            s,
            actor=Principal.from_account(coordinator),
            username="marie",
            password=PASSWORD,
            display_name="Marie D.",
            role="reviewer",
            reviewer_kind="patient_partner",
        )
    at = _sign_in("marie")
    captions = [c.value for c in at.sidebar.caption]
    assert "Connecté : Marie D. (relecteur, patient partenaire)" in captions
    # the reviewer lands on the home page; the collection pages are not in the app at all
    assert not at.exception
    for page in ("app_pages/imports.py", "app_pages/paper.py", "app_pages/answers.py"):
        with pytest.raises(Exception, match=r"(?i)page"):
            at.switch_page(page).run()


def test_an_idle_session_ends_and_says_why(sqlite_engine: Engine):
    _claire(sqlite_engine)
    at = _sign_in("claire")
    assert "principal" in at.session_state
    with session_scope(sqlite_engine, write=True) as s:  # an hour without activity
        row = s.exec(select(AuthSession)).one()
        row.last_seen_at = row.last_seen_at - timedelta(hours=1)
        s.add(row)
    ok(at.run())
    assert "principal" not in at.session_state
    assert "expiré" in at.info[0].value
    assert at.subheader[0].value == "Connexion"


def test_signing_out_closes_the_session(sqlite_engine: Engine):
    _claire(sqlite_engine)
    at = _sign_in("claire")
    sign_out = next(b for b in at.sidebar.button if b.label == "Se déconnecter")
    ok(sign_out.click().run())
    assert at.subheader[0].value == "Connexion"
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(AuthSession)).all() == []
