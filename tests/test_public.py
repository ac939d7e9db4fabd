"""« Vous nous avez dit, nous avons fait »: the public board, its page, its poster, its server."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from _review_fixtures import COORDINATOR, DOCTOR, TEXTS, Corpus, StoredRun, make_corpus, make_run
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from verbatim.cli import serve as serve_mod
from verbatim.cli.base import main
from verbatim.db import session_scope
from verbatim.public.board import PublicItem, public_board
from verbatim.public.poster import poster_html, poster_pdf
from verbatim.review import decisions

ROOT = Path(__file__).resolve().parents[1]
THEMES = {"attente": "Attente", "secretariat": "Secrétariat", "rdv": "Accès aux rendez-vous"}
# 6 answers on waiting (shown as a number), 2 on the secretariat and 1 on appointments (masked)
ASSIGN: dict[int, str | None] = {
    0: "attente", 1: "attente", 2: "attente", 3: "attente", 4: "attente", 7: "attente",
    5: "secretariat", 6: "secretariat", 8: "rdv",
}  # fmt: skip


def _build(engine: Engine) -> tuple[Engine, Corpus, StoredRun]:
    """Three themes; waiting and appointments decided in public, the secretariat kept inside."""
    with session_scope(engine, write=True) as s:
        corpus = make_corpus(s)
        run = make_run(s, corpus, themes=THEMES, assign=ASSIGN)
        ids = run.theme_ids
        decisions.decide(
            s, actor=COORDINATOR, lineage=ids["attente"], kind="action", owner="Dr Paul Henry",
            due_on=date(2026, 6, 30), note="Un deuxième créneau sans rendez-vous le samedi.",
            public=True,
        )  # fmt: skip
        decisions.decide(
            s, actor=COORDINATOR, lineage=ids["secretariat"], kind="action", owner="Accueil",
            note="Revoir les horaires du standard (confidentiel).", public=False,
        )  # fmt: skip
        decisions.decide(s, actor=COORDINATOR, lineage=ids["rdv"], kind="watch", public=True)
    return engine, corpus, run


@pytest.fixture
def world(engine: Engine) -> tuple[Engine, Corpus, StoredRun]:
    """The board's world, on SQLite and on PostgreSQL."""
    return _build(engine)


@pytest.fixture
def sqlite_world(sqlite_engine: Engine) -> tuple[Engine, Corpus, StoredRun]:
    """The board's world in the configured SQLite database (the one the pages read)."""
    return _build(sqlite_engine)


def _items(engine: Engine) -> list[PublicItem]:
    with Session(engine) as s:
        return public_board(s)


def _everything_shown(items: list[PublicItem]) -> str:
    return "\n".join(f"{vars(i)} {i.patients_sentence}" for i in items)


def test_only_public_decisions_appear_in_plain_words_with_their_counts(world):
    engine, _, _ = world
    items = _items(engine)
    assert [i.theme for i in items] == ["Accès aux rendez-vous", "Attente"]  # newest first
    rdv, attente = items
    assert attente.kind_label == "Nous agissons"
    assert attente.text == "Un deuxième créneau sans rendez-vous le samedi."
    assert attente.due == "d'ici juin 2026"
    assert attente.patients == "6" and attente.patients_sentence == "6 patients en ont parlé"
    assert rdv.kind_label == "Nous restons attentifs"
    assert rdv.text == "L'équipe suit ce point de près."  # no note: a plain default sentence
    assert rdv.patients == "moins de 5"
    assert rdv.patients_sentence == "Moins de 5 patients en ont parlé"
    assert "Secrétariat" not in _everything_shown(items)
    assert "confidentiel" not in _everything_shown(items)


def test_nothing_from_the_answers_nor_the_owner_reaches_the_public(world):
    engine, _, _ = world
    shown = _everything_shown(_items(engine))
    for text, _month in TEXTS:
        assert text not in shown
    assert "Dr Paul Henry" not in shown and "Claire" not in shown  # owner, who decided


def test_a_decision_made_private_again_leaves_the_board(world):
    engine, _, run = world
    with session_scope(engine, write=True) as s:
        decisions.decide(
            s, actor=COORDINATOR, lineage=run.theme_ids["rdv"], kind="watch", public=False
        )
    assert [i.theme for i in _items(engine)] == ["Attente"]


def test_the_poster_is_an_a4_pdf_and_its_html_holds_the_items(world):
    engine, _, _ = world
    items = _items(engine)
    page = poster_html(items, place="MSP des Tilleuls", printed_on=date(2026, 7, 1))
    assert "size: A4" in page and 'lang="fr"' in page
    assert "Vous nous avez dit, nous avons fait" in page and "MSP des Tilleuls" in page
    assert "Un deuxième créneau sans rendez-vous le samedi." in page
    assert "Moins de 5 patients en ont parlé" in page
    assert "Secrétariat" not in page and "Dr Paul Henry" not in page
    assert "1 juillet 2026" in page
    pdf = poster_pdf(items)
    assert pdf.startswith(b"%PDF")
    import weasyprint

    pages = weasyprint.HTML(string=page).render().pages
    assert [(round(p.width * 25.4 / 96), round(p.height * 25.4 / 96)) for p in pages] == [
        (210, 297)
    ]  # one A4 portrait page (CSS pixels at 96 per inch, in millimetres)


def test_an_empty_board_says_decisions_will_come(sqlite_engine):
    with Session(sqlite_engine) as s:
        assert public_board(s) == []
    page = html.unescape(poster_html([]))
    assert "Les premières décisions de l'équipe seront affichées ici." in page
    assert "inférieur à 5 est indiqué « moins de 5 »" in page


# --- the page --------------------------------------------------------------------------------


def _html(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def test_the_waiting_room_screen_shows_the_board_and_no_other_page(
    sqlite_world, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("VERBATIM_MODE", "public")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Vous nous avez dit, nous avons fait"
    shown = html.unescape(_html(at))
    assert "Un deuxième créneau sans rendez-vous le samedi." in shown
    assert "Moins de 5 patients en ont parlé" in shown and "6 patients en ont parlé" in shown
    for text, _month in TEXTS:
        assert text not in shown
    assert "Secrétariat" not in shown
    assert not at.text_input and not at.button and not at.error  # no sign-in, nothing to press
    for other in ("home.py", "login.py", "review.py", "kiosk.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"app_pages/{other}").run()


def test_inside_the_app_a_reviewer_is_refused_and_the_coordinator_prints_the_poster(
    sqlite_world,
):
    page = str(ROOT / "app_pages" / "public.py")
    refused = AppTest.from_file(page, default_timeout=60)
    refused.session_state["principal"] = DOCTOR
    refused.run()
    assert [e.value for e in refused.error] == [
        "Votre rôle (relecteur) ne permet pas d'enregistrer une décision."
    ]
    assert not refused.button and "créneau" not in _html(refused)
    at = AppTest.from_file(page, default_timeout=60)
    at.session_state["principal"] = COORDINATOR
    at.run()
    assert not at.exception and not at.error
    assert "Un deuxième créneau sans rendez-vous le samedi." in html.unescape(_html(at))
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["public_poster"].startswith(b"%PDF")
    assert at.get("download_button")


# --- the server --------------------------------------------------------------------------------


def test_serve_public_starts_the_waiting_room_screen_on_the_local_network(monkeypatch):
    seen: dict = {}
    monkeypatch.setattr(serve_mod, "replace_process", lambda argv, *, env, cwd: seen.update(
        argv=argv, env=env))  # fmt: skip
    monkeypatch.setattr(serve_mod, "find_app", lambda: Path("/opt/verbatim/app.py"))
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--public"])
    assert result.exit_code == 0, result.output
    argv = seen["argv"]
    assert argv[argv.index("--server.port") + 1] == "8503"
    assert argv[argv.index("--server.address") + 1] == "0.0.0.0"
    assert seen["env"]["VERBATIM_MODE"] == "public"
    assert "salle d'attente" in result.output
    both = runner.invoke(main, ["serve", "--public", "--kiosk"])
    assert both.exit_code != 0 and "--kiosk ou --public" in both.output
