"""What every engine provides to `bot.core.db.Database`."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from bot.core.db import Connection, Database

_SECTION = re.compile(r"^--\s*engine:\s*(sqlite|postgresql|end)\s*$", re.IGNORECASE)


def engine_sections(sql: str, engine: str) -> str:
    """Keep the lines for `engine`: text between `-- engine: sqlite` (or postgresql) and `-- engine: end`
    belongs to that engine only; everything else is shared."""
    kept: list[str] = []
    current = "all"
    for line in sql.splitlines():
        match = _SECTION.match(line.strip())
        if match:
            name = match.group(1).lower()
            current = "all" if name == "end" else name
            continue
        if current in ("all", engine):
            kept.append(line)
    return "\n".join(kept)


class MigrationSession(Protocol):
    """A migration run: the schema version, and applying one migration in its own transaction."""

    async def version(self) -> int: ...

    async def apply(self, version: int, sql: str) -> None: ...


class Engine(Protocol):
    """One database engine: how to connect, translate, version, migrate, vacuum and list tables."""

    name: str
    path: Path | None
    display: str
    single_connection: bool
    has_lastrowid: bool

    async def create(self) -> AsyncEngine: ...

    async def prepare_connection(self, conn: Connection) -> None: ...

    def statement(self, sql: str) -> str: ...

    def translate_ddl(self, sql: str) -> str: ...

    async def schema_version(self, conn: Connection) -> int: ...

    def migration_session(self, db: Database) -> AbstractAsyncContextManager[MigrationSession]: ...

    async def table_names(self, conn: Connection) -> list[str]: ...

    async def vacuum(self, conn: Connection) -> None: ...

    async def free_pages(self, conn: Connection) -> int: ...

    async def lock_scope(self, conn: Connection, scope: str, key: int) -> None: ...

    def iterdump(self, conn: Connection) -> AsyncIterator[str]: ...

    async def describe_schema(self, conn: Connection) -> dict[str, object]: ...
