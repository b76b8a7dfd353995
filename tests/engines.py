"""Both engines for store tests: SQLite (a temp file) and PostgreSQL (a fresh database per test).

PostgreSQL runs when HEARTH_TEST_POSTGRES_URL is set (`.ci/run` starts one; locally
`eval "$(.ci/postgres start /tmp/hearth-pg)"`). Without it the PostgreSQL half skips locally, and
fails under CI=true: CI must never pass by skipping it.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core.db import Database

POSTGRES_URL_VARIABLE = "HEARTH_TEST_POSTGRES_URL"
POSTGRES_SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "postgres"
ENGINES = ("sqlite", "postgresql")
_counter = itertools.count()


def postgres_url() -> str | None:
    """The test server's URL, or None (skip locally; fail in CI)."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {POSTGRES_URL_VARIABLE} is not set: .ci/run starts PostgreSQL for the tests")
    pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VARIABLE} (see tests/engines.py)")
    return None


async def fresh_postgres_database() -> str:
    """Create an empty database on the test server and return its URL."""
    import asyncpg

    base = postgres_url()
    assert base is not None
    server, _, _ = base.rpartition("/")
    name = f"hearth_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres")
    try:
        # A linguistic collation (ICU en-US), as a production server often has: text comparisons that
        # depended on the server's locale would differ from SQLite here, and fail.
        try:
            await admin.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
            )
        except asyncpg.PostgresError:
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        await admin.close()
    return f"{server}/{name}"


async def drop_postgres_database(url: str) -> None:
    """Drop a database made by `fresh_postgres_database`."""
    import asyncpg

    server, _, name = url.rpartition("/")
    admin = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def target_for(engine: str, tmp_path: Path) -> str | Path:
    """A fresh database target for `engine`."""
    if engine == "sqlite":
        return tmp_path / f"store-{next(_counter)}.db"
    return await fresh_postgres_database()


@pytest.fixture(params=ENGINES)
async def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str | Path]:
    """An empty database on each engine in turn (a path for SQLite, a URL for PostgreSQL)."""
    target = await target_for(str(request.param), tmp_path)
    yield target
    if isinstance(target, str):
        await drop_postgres_database(target)


@pytest.fixture
async def migrated_db(database_target: str | Path) -> AsyncIterator[Database]:
    """An open, migrated Database on each engine in turn."""
    db = Database(database_target)
    await db.open()
    await db.migrate()
    try:
        yield db
    finally:
        await db.close()


def trace_statements(db: Any, seen: list[str]) -> Callable[[], None]:
    """Record every SQL statement the database runs (either engine) into `seen`; returns the function that stops."""
    from sqlalchemy import event

    engine = db.sa_engine.sync_engine

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return lambda: event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
async def own_postgres() -> AsyncIterator[tuple[str, Path]]:
    """A PostgreSQL cluster of this test's own (started by `.ci/postgres`), so restarting it cuts nobody
    else's connections: its database URL and its directory."""
    postgres_url()  # skips locally, fails under CI=true, without the test server (and so without PostgreSQL)
    directory = Path(tempfile.mkdtemp(prefix="hearth-pg-restart-"))
    script = str(POSTGRES_SCRIPT)
    started = await asyncio.create_subprocess_exec(
        "bash", script, "start", str(directory), stdout=asyncio.subprocess.PIPE
    )
    out, _ = await started.communicate()
    assert started.returncode == 0, "the test's own PostgreSQL did not start"
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in out.decode().splitlines() if line.startswith("export ")
    )
    try:
        yield exports["HEARTH_TEST_POSTGRES_URL"], directory
    finally:
        stopped = await asyncio.create_subprocess_exec("bash", script, "stop", str(directory))
        await stopped.wait()
        shutil.rmtree(directory, ignore_errors=True)


async def restart_postgres(directory: Path) -> None:
    """`pg_ctl restart -m fast`: every connection of every process is cut, and the server is back in a second."""
    restarted = await asyncio.create_subprocess_exec("bash", str(POSTGRES_SCRIPT), "restart", str(directory))
    assert await restarted.wait() == 0, "PostgreSQL did not restart"
