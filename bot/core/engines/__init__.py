"""The engine-specific pieces of the data layer: one small module per engine, chosen from the target."""

from __future__ import annotations

from pathlib import Path

from bot.core.engines.base import Engine
from bot.core.engines.postgresql import PostgresEngine
from bot.core.engines.sqlite import SqliteEngine

__all__ = ["Engine", "engine_for", "is_postgres_url"]


def is_postgres_url(target: str) -> bool:
    """Whether a database target names PostgreSQL (`postgresql://` or `postgresql+asyncpg://`)."""
    return target.startswith(("postgresql://", "postgresql+asyncpg://", "postgres://"))


def engine_for(target: Path | str) -> Engine:
    """The engine for a file path, `:memory:`, a `sqlite+aiosqlite:///` URL or a PostgreSQL URL."""
    text = str(target)
    if isinstance(target, str) and is_postgres_url(text):
        return PostgresEngine(text)
    if text.startswith("sqlite+aiosqlite:///") or text.startswith("sqlite:///"):
        text = text.split(":///", 1)[1]
    if text == ":memory:":
        return SqliteEngine(None)
    return SqliteEngine(Path(text))
