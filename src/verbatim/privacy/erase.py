"""What else must go when answers are erased: the analysis cache derived from their text.

Analysis rows that point at an answer (its themes, its ideas, the board's moves) go with it through
their foreign keys. The embedding cache does not point at answers (it is keyed by the hash of an
idea's text, so a repeated text is analysed once), but it holds what was derived from the text:
its vector and its words. Erasing an answer therefore also forgets the cache rows of its ideas.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from verbatim.db.tables import Answer
from verbatim.db.tables_themes import AnswerIdea, EmbeddingCache


def forget_derived_text(session: Session, *, answer_ids: Sequence[int]) -> int:
    """Delete the embedding-cache rows of these answers' ideas (call before deleting them).

    Args:
        session: Open write session.
        answer_ids: The answers about to be erased.

    Returns:
        How many cache rows were deleted.
    """
    from verbatim.text.prepare import split_ideas
    from verbatim.themes.embed import text_hash

    texts: set[str] = set()
    ids = list(answer_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        texts.update(
            t
            for t in session.exec(
                select(AnswerIdea.text).where(col(AnswerIdea.answer_id).in_(chunk))
            )
            if t
        )
        for text in session.exec(select(Answer.text).where(col(Answer.id).in_(chunk))):
            if text:
                texts.update(split_ideas(text) or [text])
    hashes = sorted({text_hash(t) for t in texts})
    deleted = 0
    for start in range(0, len(hashes), 900):
        result = session.execute(
            delete(EmbeddingCache).where(
                col(EmbeddingCache.text_hash).in_(hashes[start : start + 900])
            )
        )
        deleted += result.rowcount or 0
    return deleted
