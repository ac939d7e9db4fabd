"""Every table, imported in one place so that SQLModel.metadata knows them all (Alembic, tests)."""

from verbatim.db.tables import (
    Answer,
    AuditEvent,
    ImportBatch,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Site,
)
from verbatim.db.tables_accounts import Account, AuthSession, LoginThrottle  # noqa: F401

__all__ = [
    "Answer",
    "AuditEvent",
    "ImportBatch",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "Response",
    "Site",
]

import verbatim.db.tables_themes  # noqa: F401  (theme engine tables)
import verbatim.db.tables_signals  # noqa: F401  (signal reviews)
import verbatim.db.tables_privacy  # noqa: F401  (staff names)
import verbatim.db.tables_review  # noqa: F401  (review board)
