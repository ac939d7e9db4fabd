"""Database: engine and sessions, tables, migrations."""

from verbatim.db.engine import dispose_engines, get_engine, make_engine, session_scope
from verbatim.db.migrate import upgrade

__all__ = ["dispose_engines", "get_engine", "make_engine", "session_scope", "upgrade"]
