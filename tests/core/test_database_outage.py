"""The database going away (PostgreSQL restarted under the bot): calls wait it out within their patience.

A connection that cannot be had is asked for again (nothing was sent, so that is always safe); reads, and the
writes marked idempotent, run again when a lost connection cut them off; past the caller's patience the error
reaches it, and `connection_lost` says what it was.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.core.db import Database, connection_lost, patience
from tests.engines import restart_postgres


@pytest.fixture
async def restartable(own_postgres: tuple[str, Path]) -> tuple[Database, Path]:
    url, directory = own_postgres
    db = Database(url)
    await db.open()
    await db.execute_ddl("CREATE TABLE notes (id INTEGER PRIMARY KEY, status TEXT NOT NULL)")
    await db.execute("INSERT INTO notes (id, status) VALUES (1, 'claimed')")
    yield db, directory  # type: ignore[misc]
    await db.close()


async def test_reads_and_idempotent_writes_wait_for_a_restarted_server(restartable: tuple[Database, Path]) -> None:
    db, directory = restartable
    await db.fetchone("SELECT 1")  # the pool holds a connection the restart will cut
    restarting = asyncio.create_task(restart_postgres(directory))
    down = None
    for _ in range(200):  # until the server is seen away
        try:
            with patience(0.0):
                await db.fetchone("SELECT 1")
        except Exception as exc:
            down = exc
            break
        await asyncio.sleep(0.02)
    assert down is not None and connection_lost(down), "the restart was never seen"
    with patience(60.0):
        changed = await db.execute("UPDATE notes SET status = 'posted' WHERE id = 1", idempotent=True)
        row = await db.fetchone("SELECT status FROM notes WHERE id = 1")
    await restarting
    assert changed in (0, 1) and row is not None and row[0] == "posted"
    with patience(60.0):
        assert (await db.fetchall("SELECT id FROM notes")) == [(1,)]


async def test_past_the_patience_the_error_reaches_the_caller_and_says_the_connection_was_lost(
    restartable: tuple[Database, Path],
) -> None:
    db, directory = restartable
    await db.fetchone("SELECT 1")
    await restart_postgres(directory)  # every pooled connection is now dead
    errors: list[BaseException] = []
    with patience(0.0):
        for _ in range(3):  # a stale pooled connection, then (perhaps) the server still starting
            try:
                await db.execute("INSERT INTO notes (id, status) VALUES (2, 'new')")
                break
            except Exception as exc:
                errors.append(exc)
    assert all(connection_lost(exc) for exc in errors)
    with patience(60.0):
        assert await db.fetchone("SELECT status FROM notes WHERE id = 2") == ("new",)
    with pytest.raises(IntegrityError) as refused:  # a refused statement is not waited out
        with patience(60.0):
            await db.execute("INSERT INTO notes (id, status) VALUES (1, 'again')", idempotent=True)
    assert not connection_lost(refused.value)


def test_the_classifier_reads_through_wrappers() -> None:
    cut = DBAPIError("SELECT 1", None, ConnectionResetError("reset"), connection_invalidated=False)
    assert connection_lost(cut)  # the driver's own error underneath says it
    try:
        try:
            raise ConnectionRefusedError(111, "refused")
        except OSError as inner:
            raise RuntimeError("could not connect") from inner
    except RuntimeError as outer:
        assert connection_lost(outer)
    assert not connection_lost(RuntimeError("database is not open"))


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.exceptions.ProtocolError("unexpected message type"),  # a cut mid-query can leave the protocol lost
        asyncpg.exceptions.InternalClientError("cannot switch to state 15"),
        asyncpg.exceptions.TargetServerAttributeNotMatched("none of the hosts match"),  # a failover in progress
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    ],
    ids=type,
)
def test_every_kind_of_asyncpg_connection_loss_is_waited_out_bare_or_wrapped(error: Exception) -> None:
    assert connection_lost(error)
    wrapped = DBAPIError("UPDATE prompt_posts ...", None, error, connection_invalidated=False)  # as SQLAlchemy does
    assert connection_lost(wrapped)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.UniqueViolationError("duplicate key value violates unique constraint"),
        asyncpg.exceptions.UndefinedTableError('relation "nope" does not exist'),
        asyncpg.exceptions.InterfaceError("cannot perform operation: another operation is in progress"),
    ],
    ids=type,
)
def test_a_statement_the_database_refused_is_not_a_lost_connection(error: Exception) -> None:
    assert not connection_lost(error)
    assert not connection_lost(DBAPIError("INSERT ...", None, error, connection_invalidated=False))
