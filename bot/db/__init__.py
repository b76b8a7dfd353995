"""Database access: one aiosqlite connection, numbered migrations, one repository per area."""

from bot.db.connection import Database, DatabaseTooNewError

__all__ = ["Database", "DatabaseTooNewError"]
