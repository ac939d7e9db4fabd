"""Edits on the review board: rename, merge, unmerge, split (move answers), "hors sujet".

None of these change the engine's rows of a run, except a rename (through the engine's own
:func:`verbatim.themes.runs.rename_theme`, which the engine carries over to later runs). Merges,
moves and marks are stored by lineage (:mod:`verbatim.review.lineage`) and applied whenever a
board is read, so they come back in every later run that the engine maps onto these themes. An
answer moved by hand stays where a person put it, whatever a later run says.

Every edit needs ``review_themes`` and is recorded in the audit log with the actor's role and kind.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from verbatim.db.tables import AuditEvent
from verbatim.db.tables_review import AnswerMove, ManualTheme, OffTopicMark, ThemeMerge
from verbatim.db.tables_themes import AnswerAnalysis
from verbatim.errors import Msg, VerbatimError
from verbatim.review import audit
from verbatim.review.board import Board, load_board
from verbatim.review.lineage import Lineages, manual_lineage
from verbatim.review.permissions import Permission, Principal, requires

LABEL_MAX_CHARS = 200

audit.ACTION_LABELS.update(
    {
        "theme.rename": "Thème renommé",
        "board.merge": "Thèmes fusionnés",
        "board.unmerge": "Fusion annulée",
        "board.move": "Réponses déplacées",
        "board.new_theme": "Thème créé par scission",
        "board.off_topic": "Thème marqué hors sujet",
        "board.on_topic": "Thème remis dans le sujet",
    }
)


def _label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise VerbatimError(Msg.EMPTY_THEME_LABEL)
    if len(label) > LABEL_MAX_CHARS:
        raise VerbatimError(
            Msg.REVIEW_TEXT_TOO_LONG.format(field="nom du thème", max_chars=LABEL_MAX_CHARS)
        )
    return label


@requires(Permission.REVIEW_THEMES)
def rename(
    session: Session, *, actor: Principal, lineage: int, label: str, run_id: int | None = None
) -> str:
    """Rename the theme of a card; the new label carries over to later runs.

    A theme of the engine is renamed through the engine's ``rename_theme`` (its label becomes
    "edited", so the engine keeps it); a theme created on the board keeps its label here.

    Args:
        session: Open session (flushed, not committed).
        actor: Who renames (needs ``review_themes``).
        lineage: The card's lineage.
        label: The new French label.
        run_id: The run shown (the latest when None).

    Returns:
        The new label.

    Raises:
        PermissionDenied: ``actor`` may not edit themes.
        VerbatimError: Empty label or unknown theme.
    """
    label = _label(label)
    board = load_board(session, run_id=run_id)
    card = board.card(lineage)
    if card.manual:
        manual = session.get(ManualTheme, -card.lineage)
        assert manual is not None
        old = manual.label
        manual.label = label
        session.add(manual)
        session.flush()
        audit.record(
            session, actor=actor, action="theme.rename", object_type="theme_lineage",
            object_id=card.lineage, detail={"from": old, "to": label, "run_id": board.run_id},
        )  # fmt: skip
        return label
    from verbatim.themes.runs import rename_theme

    theme_id = card.theme_id
    if theme_id is None:  # the lineage has no theme in this run: rename its newest theme
        theme_id = board.lineages.themes_in(card.lineage)[-1].id
    rename_theme(session, theme_id=theme_id, label=label, actor=actor)
    # The engine logs the rename with role and kind; add the lineage the board knows.
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "theme.rename", AuditEvent.object_id == str(theme_id))
        .order_by(col(AuditEvent.id).desc())
    ).first()
    if event is not None:
        event.detail = {**(event.detail or {}), "lineage": card.lineage}
        session.add(event)
        session.flush()
    return label


@requires(Permission.REVIEW_THEMES)
def merge(
    session: Session, *, actor: Principal, source: int, target: int, run_id: int | None = None
) -> Board:
    """Show the theme ``source`` inside the theme ``target`` (answers, votes, comments).

    Args:
        session: Open session (flushed, not committed).
        actor: Who merges (needs ``review_themes``).
        source: Lineage of the card merged away.
        target: Lineage of the card that receives it.
        run_id: The run shown (the latest when None).

    Returns:
        The board after the merge.

    Raises:
        PermissionDenied: ``actor`` may not edit themes.
        VerbatimError: Unknown theme or the same theme twice.
    """
    board = load_board(session, run_id=run_id)
    src, dst = board.card(source), board.card(target)
    if src.lineage == dst.lineage:
        raise VerbatimError(Msg.REVIEW_SAME_THEME)
    session.add(
        ThemeMerge(
            source_lineage=src.lineage, target_lineage=dst.lineage, created_by=actor.label[:200]
        )
    )
    session.flush()
    audit.record(
        session, actor=actor, action="board.merge", object_type="theme_lineage",
        object_id=src.lineage,
        detail={"source": src.label, "target": dst.label, "target_lineage": dst.lineage,
                "answers": src.size, "run_id": board.run_id},
    )  # fmt: skip
    return load_board(session, run_id=board.run_id)


@requires(Permission.REVIEW_THEMES)
def unmerge(session: Session, *, actor: Principal, lineage: int) -> None:
    """Undo the merge of ``lineage`` into another theme.

    Raises:
        PermissionDenied: ``actor`` may not edit themes.
        VerbatimError: ``lineage`` is not merged.
    """
    row = session.exec(select(ThemeMerge).where(ThemeMerge.source_lineage == lineage)).first()
    if row is None:
        label = Lineages.load(session).label(lineage)
        raise VerbatimError(Msg.REVIEW_NOT_MERGED.format(label=label))
    target = row.target_lineage
    session.delete(row)
    session.flush()
    audit.record(
        session, actor=actor, action="board.unmerge", object_type="theme_lineage",
        object_id=lineage, detail={"target_lineage": target},
    )  # fmt: skip


@requires(Permission.REVIEW_THEMES)
def move_answers(
    session: Session,
    *,
    actor: Principal,
    answer_ids: list[int],
    target: int | None = None,
    new_label: str | None = None,
    run_id: int | None = None,
) -> int:
    """Split a theme: move answers to another theme, or to a new theme created here.

    The answers stay where they are put in every later run.

    Args:
        session: Open session (flushed, not committed).
        actor: Who moves them (needs ``review_themes``).
        answer_ids: The answers (each must belong to the run).
        target: Lineage of the destination card, or
        new_label: the label of a new theme to create (exactly one of the two).
        run_id: The run shown (the latest when None).

    Returns:
        The lineage the answers now belong to.

    Raises:
        PermissionDenied: ``actor`` may not edit themes.
        VerbatimError: No answers, an answer outside the run, no or two destinations.
    """
    ids = sorted({int(a) for a in answer_ids})
    if not ids:
        raise VerbatimError(Msg.REVIEW_NO_ANSWERS)
    if (target is None) == (not (new_label or "").strip()):
        raise VerbatimError(Msg.REVIEW_MOVE_TARGET)
    board = load_board(session, run_id=run_id)
    in_run = set(
        session.exec(
            select(AnswerAnalysis.answer_id).where(
                AnswerAnalysis.run_id == board.run_id, col(AnswerAnalysis.answer_id).in_(ids)
            )
        ).all()
    )
    for answer_id in ids:
        if answer_id not in in_run:
            raise VerbatimError(Msg.REVIEW_ANSWER_NOT_IN_RUN.format(answer_id=answer_id))
    holder = board.card_of_answer()
    if target is not None:
        destination = board.card(target).lineage
    else:
        manual = ManualTheme(
            label=_label(new_label or ""),
            scope_key=board.scope_key,
            source_lineage=holder.get(ids[0]),
            created_by=actor.label[:200],
        )
        session.add(manual)
        session.flush()
        destination = manual_lineage(manual.id or 0)
        audit.record(
            session, actor=actor, action="board.new_theme", object_type="theme_lineage",
            object_id=destination, detail={"label": manual.label, "run_id": board.run_id},
        )  # fmt: skip
    existing = {
        m.answer_id: m
        for m in session.exec(select(AnswerMove).where(col(AnswerMove.answer_id).in_(ids))).all()
    }
    for answer_id in ids:
        move = existing.get(answer_id) or AnswerMove(answer_id=answer_id, target_lineage=0)
        move.target_lineage = destination
        move.from_lineage = holder.get(answer_id)
        move.created_by = actor.label[:200]
        session.add(move)
    session.flush()
    audit.record(
        session, actor=actor, action="board.move", object_type="theme_lineage",
        object_id=destination,
        detail={"answer_ids": ids, "from": sorted({holder[a] for a in ids if a in holder}),
                "run_id": board.run_id},
    )  # fmt: skip
    return destination


@requires(Permission.REVIEW_THEMES)
def set_off_topic(
    session: Session, *, actor: Principal, lineage: int, off_topic: bool = True
) -> None:
    """Mark a theme "hors sujet" (or take the mark back); the mark carries over to later runs.

    Raises:
        PermissionDenied: ``actor`` may not edit themes.
        VerbatimError: Unknown theme.
    """
    lineages = Lineages.load(session)
    final = lineages.final(lineage)
    mark = session.exec(select(OffTopicMark).where(OffTopicMark.lineage == final)).first()
    if off_topic and mark is None:
        session.add(OffTopicMark(lineage=final, created_by=actor.label[:200]))
    elif not off_topic and mark is not None:
        session.delete(mark)
    else:
        return
    session.flush()
    audit.record(
        session, actor=actor, action="board.off_topic" if off_topic else "board.on_topic",
        object_type="theme_lineage", object_id=final, detail={"label": lineages.label(final)},
    )  # fmt: skip
