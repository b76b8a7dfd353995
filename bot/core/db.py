"""The aiosqlite connection manager: WAL, foreign keys, busy timeout, migrations, backups."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer Hearth than this one."""


@dataclass(frozen=True)
class Migration:
    """One numbered SQL migration file."""

    version: int
    name: str
    sql: str


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Read the numbered migrations in order; numbers must be unique and increasing."""
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise RuntimeError(f"migration file {path.name} must be named NNNN_description.sql")
        migrations.append(Migration(int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    versions = [migration.version for migration in migrations]
    if len(set(versions)) != len(versions) or 0 in versions:
        raise RuntimeError(f"migration numbers must be unique and start at 0001: {versions}")
    return migrations


class Database:
    """One shared aiosqlite connection with explicit, serialised write transactions."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._conn: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The open connection (raises if `open` has not been awaited)."""
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self) -> None:
        """Open the file (creating its folder), and set WAL, foreign keys and the busy timeout."""
        if isinstance(self.path, Path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        pending = aiosqlite.connect(str(self.path), isolation_level=None)
        # aiosqlite 0.22 runs a non-daemon worker thread: a bot that is dropped without close()
        # (a simulated restart, a crashed test) would keep the interpreter from exiting.
        # HearthBot.close() still closes the connection cleanly.
        worker = getattr(pending, "_thread", None)
        if worker is not None and not worker.is_alive():
            worker.daemon = True
        self._conn = await pending
        self._conn.row_factory = aiosqlite.Row
        for pragma in (
            "journal_mode = WAL",
            "foreign_keys = ON",
            f"busy_timeout = {BUSY_TIMEOUT_MS}",
            "synchronous = NORMAL",
        ):
            # Pragmas answer with a row; read it so no statement stays open.
            await self.fetchall(f"PRAGMA {pragma}")

    async def close(self) -> None:
        """Close the connection if open."""
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def user_version(self) -> int:
        """The schema version recorded in the file."""
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self, migrations: list[Migration] | None = None) -> int:
        """Apply every migration newer than the file, each in one transaction; return the new version."""
        migrations = load_migrations() if migrations is None else migrations
        latest = migrations[-1].version if migrations else 0
        current = await self.user_version()
        if current > latest:
            raise DatabaseTooNewError(
                f"the database {self.path} is at schema version {current}, but this Hearth only "
                f"knows up to version {latest}: upgrade Hearth, or restore a backup made by this version"
            )
        for migration in migrations:
            if migration.version <= current:
                continue
            async with self._write_lock:
                try:
                    await self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{migration.sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
                    )
                except Exception:
                    if self.conn.in_transaction:
                        await self.conn.rollback()
                    log.error("migration %s failed; the database was left at version %d", migration.name, current)
                    raise
            current = migration.version
            log.info("applied migration %s", migration.name)
        return current

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: everything inside commits together or not at all."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            else:
                await self.conn.commit()

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement on its own (atomic by itself); return the last row id.

        No BEGIN/COMMIT around it: one statement outside a transaction is its own transaction, so this is one
        round trip to the database thread instead of three. The write lock keeps it out of another caller's
        open transaction on the shared connection.
        """
        async with self._write_lock:
            cursor = await self.conn.execute(sql, tuple(params))
            return cursor.lastrowid or 0

    async def execute_returning(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Run one write statement with a RETURNING clause on its own; return the rows it returned."""
        async with self._write_lock:
            async with self.conn.execute(sql, tuple(params)) as cursor:
                return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """Read one row."""
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Read all rows."""
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def table_names(self) -> list[str]:
        """Every user table in the schema (used by the privacy coverage test)."""
        rows = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts%' ORDER BY name"
        )
        return [row[0] for row in rows]

    async def vacuum(self) -> None:
        """Rebuild the file so deleted rows leave no trace on disk (and the WAL), between transactions."""
        async with self._write_lock:
            await self.fetchall("VACUUM")
            await self.fetchall("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_file(source: Path, destination: Path) -> None:
    """Copy a live database with SQLite's online backup API (safe while the bot runs)."""
    if not source.exists():
        raise FileNotFoundError(f"no database at {source}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
