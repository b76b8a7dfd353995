"""One data layer, two engines: SQLite (the embedded default) or PostgreSQL, on SQLAlchemy 2.0 Core (async).

Stores write `?` placeholders and portable SQL (RETURNING, ON CONFLICT, BIGINT ids); this module runs
it on either engine and hands back rows that read by name or by position. Everything that differs by
engine (schema version, migration lock, DDL types, vacuum, backup, listing tables) lives in
`bot/core/engines/`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import SQLAlchemyError as DatabaseError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.engines import Engine, engine_for

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000
NUMBERING_ATTEMPTS = 8
CLOSE_WAIT_SECONDS = 10.0
DEFAULT_PATIENCE = 1.0
"""How long a caller waits, by default, for a database that went away (a restart, a failover) to answer again
before the error reaches it: short, because a member's interaction must be answered within seconds.
Scheduled jobs wait longer (`patience`)."""
RETRY_FIRST_WAIT = 0.1
RETRY_LONGEST_WAIT = 2.0
# SQLSTATEs that mean the connection itself is gone: class 08 (connection exception), and the server shutting
# down or starting up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
_LOST_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# asyncpg's, by class name (this module does not import the driver); a subclass counts too. InternalClientError
# is the client's protocol losing its place, which a connection cut in the middle of a query can cause
# (ProtocolError), a pooled connection to a server that became a standby (TargetServerAttributeNotMatched, a
# failover), or prepared statements out of date after a migration elsewhere (OutdatedSchemaCacheError): the
# pool's pre-ping and a fresh connection get past each.
_LOST_NAMES = frozenset(
    {"ConnectionDoesNotExistError", "ConnectionFailureError", "ClientCannotConnectError", "InternalClientError"}
)
_patience: ContextVar[float] = ContextVar("hearth_database_patience", default=DEFAULT_PATIENCE)

__all__ = [
    "Connection",
    "Database",
    "DatabaseError",
    "DatabaseTooNewError",
    "DatabaseUnreachableError",
    "IntegrityError",
    "Migration",
    "Row",
    "connection_lost",
    "load_migrations",
    "patience",
]


def connection_lost(exc: BaseException) -> bool:
    """Whether an error means the connection to the database went away (the server restarted, failed over or
    is starting up; the network dropped), as opposed to a statement the database refused. Only these are
    worth waiting out: the same statement will work once the database answers again."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, (OSError, TimeoutError)):  # refused, reset, unreachable, timed out connecting
            return True
        state = getattr(current, "sqlstate", None)
        if isinstance(state, str) and state.startswith(_LOST_SQLSTATES):
            return True
        if any(kind.__name__ in _LOST_NAMES for kind in type(current).__mro__):
            return True
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
    return False


@contextmanager
def patience(seconds: float) -> Iterator[None]:
    """Inside this block (and the tasks it starts), database calls wait up to `seconds` for a database that went
    away to answer again, instead of `DEFAULT_PATIENCE`."""
    token = _patience.set(seconds)
    try:
        yield
    finally:
        _patience.reset(token)


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer Hearth than this one."""


class DatabaseUnreachableError(RuntimeError):
    """At start, the database did not answer within the time a process waits for it."""


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


class Row(tuple[Any, ...]):
    """A result row that reads by position (`row[0]`) or by column name (`row["guild_id"]`); `dict(row)` works."""

    _names: tuple[str, ...]
    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: tuple[str, ...], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._names)


class Cursor:
    """What a statement returned: its rows (already read), how many rows it changed, and SQLite's last row id."""

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._position = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    async def fetchone(self) -> Row | None:
        """The next row, or None."""
        if self._position >= len(self._rows):
            return None
        row = self._rows[self._position]
        self._position += 1
        return row

    async def fetchall(self) -> list[Row]:
        """Every remaining row."""
        rows = self._rows[self._position :]
        self._position = len(self._rows)
        return rows

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Pending:
    """A statement that runs when awaited or entered (`await conn.execute(...)` or `async with conn.execute(...)`)."""

    def __init__(self, run: Any) -> None:
        self._run = run
        self._cursor: Cursor | None = None

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._run().__await__()  # type: ignore[no-any-return]

    async def __aenter__(self) -> Cursor:
        self._cursor = await self._run()
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        return None


class Connection:
    """One connection inside a transaction (or a read): `execute`, `executemany`, `fetchone`, `fetchall`."""

    def __init__(self, conn: AsyncConnection, engine: Engine) -> None:
        self._conn = conn
        self._engine = engine
        self._names_cache: dict[tuple[str, ...], dict[str, int]] = {}

    @property
    def sqlalchemy(self) -> AsyncConnection:
        """The SQLAlchemy connection underneath (for engine modules)."""
        return self._conn

    async def _run(self, sql: str, params: Iterable[Any]) -> Cursor:
        statement = self._engine.statement(sql)
        result = await self._conn.exec_driver_sql(statement, tuple(params))
        rows: list[Row] = []
        if result.returns_rows:
            names = tuple(result.keys())
            index = self._names_cache.get(names)
            if index is None:
                index = {name: position for position, name in enumerate(names)}
                self._names_cache[names] = index
            rows = [Row(tuple(row), names, index) for row in result.fetchall()]
        lastrowid = getattr(result, "lastrowid", None) if self._engine.has_lastrowid else None
        return Cursor(rows, result.rowcount if result.rowcount is not None else -1, lastrowid)

    def execute(self, sql: str, params: Iterable[Any] = ()) -> _Pending:
        """Run one statement; await it for a cursor, or `async with` it."""
        return _Pending(lambda: self._run(sql, params))

    async def executemany(self, sql: str, seq_of_params: Iterable[Iterable[Any]]) -> None:
        """Run one statement once per parameter set."""
        for params in seq_of_params:
            await self._run(sql, params)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        """Read one row."""
        return await (await self._run(sql, params)).fetchone()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Read all rows."""
        return await (await self._run(sql, params)).fetchall()


class Database:
    """The data layer every store uses: reads, and explicit write transactions, on SQLite or PostgreSQL.

    `target` is a file path (SQLite, as `HEARTH_DATABASE`), `:memory:`, or a URL
    (`sqlite+aiosqlite:///path` or `postgresql+asyncpg://user@host/db`, as `HEARTH_DATABASE_URL`).
    """

    def __init__(self, target: Path | str) -> None:
        self.engine: Engine = engine_for(target)
        self.path: Path | str = self.engine.path if self.engine.path is not None else self.engine.display
        self._sa: AsyncEngine | None = None
        self._shared: Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.name

    @property
    def is_open(self) -> bool:
        """Whether `open` has been awaited (and `close` not yet)."""
        return self._sa is not None

    async def open(self) -> None:
        """Connect (creating the SQLite file's folder); SQLite keeps one connection, PostgreSQL a small pool."""
        self._sa = await self.engine.create()
        if self.engine.single_connection:
            raw = await self._sa.connect()
            self._shared = Connection(raw, self.engine)
            await self.engine.prepare_connection(self._shared)

    async def wait_until_reachable(self, seconds: float) -> None:
        """At start: wait up to `seconds` for a database server that does not answer yet (PostgreSQL starting
        beside the bot, a failover under way), saying so once, then raise the last error. A SQLite file is
        opened, not reached: nothing to wait for."""
        if self.engine.single_connection:
            return
        try:
            with patience(0.0):
                await self.fetchone("SELECT 1")
            return
        except Exception as exc:
            if not connection_lost(exc):
                raise
            log.warning(
                "the database at %s does not answer yet (%s): waiting up to %d s for it",
                self.engine.display,
                type(exc).__name__,
                int(seconds),
            )
        try:
            with patience(seconds):
                await self.fetchone("SELECT 1")
        except Exception as exc:
            if not connection_lost(exc):
                raise
            raise DatabaseUnreachableError(
                f"the database at {self.engine.display} did not answer within {int(seconds)} s ({type(exc).__name__})"
            ) from exc
        log.info("the database at %s answers", self.engine.display)

    async def close(self) -> None:
        """Close every connection if open (twice is fine): a write transaction in flight finishes first."""
        shared, self._shared = self._shared, None
        engine, self._sa = self._sa, None
        if shared is not None:
            try:
                await asyncio.wait_for(self._write_lock.acquire(), CLOSE_WAIT_SECONDS)
            except TimeoutError:
                log.warning("closing the database while a write transaction is still running")
            else:
                self._write_lock.release()
            try:
                await shared.sqlalchemy.close()
            except DatabaseError as exc:
                # A connection the driver already dropped has nothing left to roll back.
                log.debug("closing the database connection: %s", exc)
        if engine is not None:
            await engine.dispose()

    @property
    def sa_engine(self) -> AsyncEngine:
        """The SQLAlchemy engine (raises if `open` has not been awaited)."""
        if self._sa is None:
            raise RuntimeError("database is not open")
        return self._sa

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        """A connection for reads (autocommit): the shared one on SQLite, one from the pool on PostgreSQL."""
        if self._shared is not None:
            yield self._shared
            return
        raw = await self._connect()
        try:
            yield Connection(raw, self.engine)
        finally:
            await raw.close()

    async def _connect(self) -> AsyncConnection:
        """A connection from the pool. If the database does not answer (it is restarting, say), wait and try
        again for as long as the caller's patience: nothing has been sent yet, so trying again is always safe."""
        return await self._patiently(lambda: self.sa_engine.connect().start())

    async def _patiently(self, attempt: Callable[[], Awaitable[Any]]) -> Any:
        """`await attempt()`, tried again (waits doubling from 0.1 s to 2 s) while it fails because the connection
        was lost, until the caller's patience runs out; then the last error is raised."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _patience.get()
        wait = RETRY_FIRST_WAIT
        while True:
            try:
                return await attempt()
            except Exception as exc:
                if not connection_lost(exc) or loop.time() + wait > deadline:
                    raise
                log.info("the database did not answer (%s); trying again in %.1f s", type(exc).__name__, wait)
            await asyncio.sleep(wait)
            wait = min(wait * 2, RETRY_LONGEST_WAIT)

    async def user_version(self) -> int:
        """The schema version recorded in the database."""
        async with self.connection() as conn:
            return await self.engine.schema_version(conn)

    async def migrate(self, migrations: list[Migration] | None = None) -> int:
        """Apply every migration newer than the database, each in one transaction; return the new version.

        On PostgreSQL the whole run holds an advisory lock, so processes starting together migrate once.
        """
        migrations = load_migrations() if migrations is None else migrations
        latest = migrations[-1].version if migrations else 0
        async with self._write_lock, self.engine.migration_session(self) as session:
            current = await session.version()
            if current > latest:
                raise DatabaseTooNewError(
                    f"the database {self.engine.display} is at schema version {current}, but this Hearth only "
                    f"knows up to version {latest}: upgrade Hearth, or restore a backup made by this version"
                )
            for migration in migrations:
                if migration.version <= current:
                    continue
                try:
                    await session.apply(migration.version, self.engine.translate_ddl(migration.sql))
                except Exception:
                    log.error("migration %s failed; the database was left at version %d", migration.name, current)
                    raise
                current = migration.version
                log.info("applied migration %s", migration.name)
            return current

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A write transaction: everything inside commits together or not at all."""
        if self._shared is not None:
            async with self._write_lock:
                conn = self._shared
                await conn.sqlalchemy.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    await conn.sqlalchemy.exec_driver_sql("ROLLBACK")
                    raise
                else:
                    await conn.sqlalchemy.exec_driver_sql("COMMIT")
            return
        raw = await self._connect()
        try:
            async with raw.begin():
                yield Connection(raw, self.engine)
        finally:
            await raw.close()

    async def execute(self, sql: str, params: Iterable[Any] = (), *, idempotent: bool = False) -> int:
        """Run one write statement in its own transaction; return how many rows it changed.

        `idempotent=True` (running it twice leaves what running it once does, like setting a row's status) lets
        a statement cut off by a lost connection run again when the database is back, within the caller's
        patience: it may have committed or not, and either way the second run is harmless."""

        async def once() -> int:
            async with self.transaction() as conn:
                cursor = await conn.execute(sql, params)
                return cursor.rowcount

        return await (self._patiently(once) if idempotent else once())  # type: ignore[no-any-return]

    async def idempotent_transaction(self, body: Callable[[Connection], Awaitable[Any]]) -> Any:
        """`await body(conn)` in one write transaction, run again from the start if a lost connection cuts it
        off (within the caller's patience). Only for bodies whose second run leaves what one run leaves."""

        async def once() -> Any:
            async with self.transaction() as conn:
                return await body(conn)

        return await self._patiently(once)

    async def execute_ddl(self, sql: str) -> None:
        """Run one schema statement written in the migrations' SQLite-typed form, translated for the engine."""
        async with self.transaction() as conn:
            await conn.execute(self.engine.translate_ddl(sql))

    async def insert(self, sql: str, params: Iterable[Any] = (), *, returning: str = "id") -> int:
        """Run one INSERT in its own transaction and return the new row's `returning` column (RETURNING,
        on both engines: never SQLite's lastrowid, which PostgreSQL does not have)."""
        async with self.transaction() as conn:
            row = await conn.fetchone(f"{sql.rstrip().rstrip(';')} RETURNING {returning}", params)
        if row is None:
            raise RuntimeError("the INSERT returned no row")
        return int(row[0])

    async def numbered(self, body: Any, scope: str, guild_id: int, attempts: int = NUMBERING_ATTEMPTS) -> Any:
        """Run `await body(conn)` in a transaction that takes a per-server number with
        `INSERT ... SELECT COALESCE(MAX(number), 0) + 1 ... RETURNING number`.

        The table's unique key decides between two writers: on PostgreSQL the loser waits for the
        winner's commit, gets a unique violation, and the body runs again in a new transaction (up to
        `attempts` times; the last conflict is raised). On PostgreSQL the transaction also holds an advisory
        lock for (`scope`, `guild_id`), so writers of one server's numbers queue instead of retrying.
        SQLite has one writer and never conflicts."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.transaction() as conn:
                    await self.engine.lock_scope(conn, scope, guild_id)
                    return await body(conn)
            except IntegrityError:
                if attempt == attempts:
                    raise
                log.info("a number was taken by another writer; trying again (%d)", attempt)
        raise AssertionError("unreachable")

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        """Read one row (read again if the connection is lost on the way, within the caller's patience)."""

        async def once() -> Row | None:
            async with self.connection() as conn:
                return await conn.fetchone(sql, params)

        return await self._patiently(once)  # type: ignore[no-any-return]

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Read all rows (read again if the connection is lost on the way, within the caller's patience)."""

        async def once() -> list[Row]:
            async with self.connection() as conn:
                return await conn.fetchall(sql, params)

        return await self._patiently(once)  # type: ignore[no-any-return]

    async def table_names(self) -> list[str]:
        """Every user table in the schema (used by the privacy coverage test); search indexes excluded."""
        async with self.connection() as conn:
            return await self.engine.table_names(conn)

    async def column_names(self, table: str) -> list[str]:
        """A table's columns, in order."""
        async with self.connection() as conn:
            schema = await self.engine.describe_schema(conn)
        entry = schema.get(table)
        if not isinstance(entry, dict):
            raise KeyError(table)
        return list(entry["columns"])

    async def vacuum(self) -> None:
        """Reclaim space so deleted rows leave no trace on disk, between transactions."""
        async with self._write_lock, self.connection() as conn:
            await self.engine.vacuum(conn)

    async def free_pages(self) -> int:
        """Space freed by deletions and not yet reclaimed (SQLite's free pages; dead tuples on PostgreSQL)."""
        async with self.connection() as conn:
            return await self.engine.free_pages(conn)

    async def iterdump(self) -> AsyncIterator[str]:
        """Every SQL line of a SQLite database's dump (tests read it to prove nothing is left behind)."""
        async with self.connection() as conn:
            async for line in self.engine.iterdump(conn):
                yield line


def backup_file(source: Path, destination: Path) -> None:
    """Copy a live SQLite database with SQLite's online backup API (safe while the bot runs)."""
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
