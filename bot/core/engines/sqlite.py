"""SQLite (the embedded default): one connection, WAL, `PRAGMA user_version`, FTS5, VACUUM."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.core.engines.base import engine_sections

if TYPE_CHECKING:
    from bot.core.db import Connection, Database

BUSY_TIMEOUT_MS = 5000
_PRAGMAS = ("journal_mode = WAL", "foreign_keys = ON", f"busy_timeout = {BUSY_TIMEOUT_MS}", "synchronous = NORMAL")


async def _driver(conn: Connection) -> aiosqlite.Connection:
    raw = await conn.sqlalchemy.get_raw_connection()
    driver = raw.driver_connection
    assert isinstance(driver, aiosqlite.Connection)
    return driver


class SqliteEngine:
    """A SQLite file (or `:memory:`) through SQLAlchemy's aiosqlite dialect, one shared connection."""

    name = "sqlite"
    single_connection = True
    has_lastrowid = True

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.display = str(path) if path is not None else ":memory:"

    async def create(self) -> AsyncEngine:
        """The SQLAlchemy engine; the connection runs in autocommit and `Database` issues BEGIN IMMEDIATE."""
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        location = str(self.path) if self.path is not None else ":memory:"

        async def connect() -> aiosqlite.Connection:
            pending = aiosqlite.connect(location, isolation_level=None)
            # aiosqlite 0.22 runs a non-daemon worker thread: a bot that is dropped without close()
            # (a simulated restart, a crashed test) would keep the interpreter from exiting.
            worker = getattr(pending, "_thread", None)
            if worker is not None and not worker.is_alive():
                worker.daemon = True
            return await pending

        return create_async_engine(
            "sqlite+aiosqlite://", async_creator=connect, poolclass=StaticPool, isolation_level="AUTOCOMMIT"
        )

    async def prepare_connection(self, conn: Connection) -> None:
        """WAL, foreign keys, the busy timeout."""
        for pragma in _PRAGMAS:
            await conn.fetchall(f"PRAGMA {pragma}")

    def statement(self, sql: str) -> str:
        """SQLite runs the stores' `?` statements as written."""
        return sql

    def translate_ddl(self, sql: str) -> str:
        """The migration source is written for SQLite's types; keep only the shared and SQLite sections."""
        return engine_sections(sql, "sqlite")

    async def schema_version(self, conn: Connection) -> int:
        """`PRAGMA user_version`."""
        row = await conn.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    @asynccontextmanager
    async def migration_session(self, db: Database) -> AsyncIterator[_SqliteMigrations]:
        """SQLite has one writer: the process's write lock (held by `Database.migrate`) is enough."""
        async with db.connection() as conn:
            yield _SqliteMigrations(conn, self)

    async def table_names(self, conn: Connection) -> list[str]:
        """User tables, without SQLite's own and the FTS5 shadow tables."""
        rows = await conn.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts%' ORDER BY name"
        )
        return [row[0] for row in rows]

    async def vacuum(self, conn: Connection) -> None:
        """Rebuild the file and truncate the WAL."""
        await conn.fetchall("VACUUM")
        await conn.fetchall("PRAGMA wal_checkpoint(TRUNCATE)")

    async def lock_scope(self, conn: Connection, scope: str, key: int) -> None:
        """Nothing to do: BEGIN IMMEDIATE already makes this the only writer."""

    async def free_pages(self, conn: Connection) -> int:
        """`PRAGMA freelist_count`."""
        row = await conn.fetchone("PRAGMA freelist_count")
        return int(row[0]) if row else 0

    async def iterdump(self, conn: Connection) -> AsyncIterator[str]:
        """The file's SQL dump, line by line."""
        driver = await _driver(conn)
        async for line in driver.iterdump():
            yield line

    async def describe_schema(self, conn: Connection) -> dict[str, object]:
        """Tables (column, type, not null, primary key), indexes (table, columns, unique, partial) and foreign keys."""
        tables: dict[str, object] = {}
        for table in await self.table_names(conn):
            columns = {
                str(row["name"]): (
                    _portable_type(str(row["type"])),
                    bool(row["notnull"]) or bool(row["pk"]),
                    int(row["pk"]),
                )
                for row in await conn.fetchall(f"PRAGMA table_info({table})")
            }
            indexes = {}
            for index in await conn.fetchall(f"PRAGMA index_list({table})"):
                if str(index["origin"]) != "c":
                    continue
                cols = tuple(str(r["name"]) for r in await conn.fetchall(f"PRAGMA index_info({index['name']})"))
                indexes[str(index["name"])] = (cols, bool(index["unique"]), bool(index["partial"]))
            uniques = []
            for index in await conn.fetchall(f"PRAGMA index_list({table})"):
                if str(index["origin"]) == "u":
                    info = await conn.fetchall(f"PRAGMA index_info({index['name']})")
                    uniques.append(tuple(str(r["name"]) for r in info))
            uniques.sort()
            foreign: list[Any] = sorted(
                (str(r["table"]), str(r["from"]), str(r["to"]), str(r["on_delete"]).upper())
                for r in await conn.fetchall(f"PRAGMA foreign_key_list({table})")
            )
            tables[table] = {"columns": columns, "indexes": indexes, "unique": uniques, "foreign_keys": foreign}
        return tables


def _portable_type(declared: str) -> str:
    declared = declared.upper()
    return {"INTEGER": "integer", "TEXT": "text", "REAL": "real", "BLOB": "blob"}.get(declared, declared.lower())


class _SqliteMigrations:
    """Each migration in one BEGIN IMMEDIATE script that also sets `PRAGMA user_version`."""

    def __init__(self, conn: Connection, engine: SqliteEngine) -> None:
        self._conn = conn
        self._engine = engine

    async def version(self) -> int:
        return await self._engine.schema_version(self._conn)

    async def apply(self, version: int, sql: str) -> None:
        driver = await _driver(self._conn)
        try:
            await driver.executescript(f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version = {version};\nCOMMIT;")
        except Exception:
            if driver.in_transaction:
                await driver.rollback()
            raise
