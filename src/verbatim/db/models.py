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
