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

import verbatim.db.tables_privacy
import verbatim.db.tables_review
import verbatim.db.tables_signals
import verbatim.db.tables_themes  # noqa: F401  (theme engine tables)
