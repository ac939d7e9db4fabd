"""Every table, imported in one place so that SQLModel.metadata knows them all (Alembic, tests).

One module per aggregate: collection (``tables``), accounts, privacy, themes, signals, review.
"""

from verbatim.db import (  # noqa: F401  (importing registers the tables)
    tables,
    tables_accounts,
    tables_privacy,
    tables_review,
    tables_signals,
    tables_themes,
    tables_translations,
)
