"""Shard ranges: parsing and validating them, which servers a process owns, and the PostgreSQL shard fence."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.core import shards
from bot.core.db import Database
from bot.core.shards import ShardFence, ShardScope, ShardsHeldError, describe, parse_shard_ids, shard_of
from bot.settings import Settings
from tests.engines import drop_postgres_database, fresh_postgres_database, restart_postgres

PG = "postgresql+asyncpg://hearth@db.example/hearth"


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_shard_ids_read_as_a_range_a_list_or_both() -> None:
    assert parse_shard_ids("0-3") == [0, 1, 2, 3]
    assert parse_shard_ids("0,2,5") == [0, 2, 5]
    assert parse_shard_ids(" 5, 0-1 ") == [0, 1, 5]
    assert describe([0, 1, 2, 5, 7, 8]) == "0-2,5,7-8"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("3-1", "lower to a higher"), ("a", "not a shard id"), ("0,0", "twice"), (",", "names no shard"), ("-1", "range")],
)
def test_a_bad_shard_list_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        settings(HEARTH_SHARD_COUNT=4, HEARTH_SHARD_IDS=text, HEARTH_DATABASE_URL=PG, HEARTH_SECRET="s")


def test_shard_ids_need_a_count_and_must_fit_in_it() -> None:
    with pytest.raises(ValidationError, match="needs HEARTH_SHARD_COUNT"):
        settings(HEARTH_SHARD_IDS="0-1", HEARTH_DATABASE_URL=PG, HEARTH_SECRET="s")
    with pytest.raises(ValidationError, match="numbered 0 to 2"):
        settings(HEARTH_SHARD_COUNT=3, HEARTH_SHARD_IDS="2-3", HEARTH_DATABASE_URL=PG, HEARTH_SECRET="s")
    ok = settings(HEARTH_SHARD_COUNT=3, HEARTH_SHARD_IDS="1", HEARTH_DATABASE_URL=PG, HEARTH_SECRET="s")
    assert ok.owned_shards == [1]


def test_processes_that_split_the_shards_must_share_one_secret() -> None:
    with pytest.raises(ValidationError, match="HEARTH_SECRET must be set"):
        settings(HEARTH_SHARD_COUNT=3, HEARTH_SHARD_IDS="1", HEARTH_DATABASE_URL=PG)


def test_sqlite_refuses_part_of_the_range_and_a_standby(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="SQLite database serves one process"):
        settings(HEARTH_DATABASE=tmp_path / "h.db", HEARTH_SHARD_COUNT=3, HEARTH_SHARD_IDS="0-1")
    with pytest.raises(ValidationError, match="HEARTH_SHARD_STANDBY needs a PostgreSQL"):
        settings(HEARTH_DATABASE=tmp_path / "h.db", HEARTH_SHARD_STANDBY="true")
    whole = settings(HEARTH_DATABASE=tmp_path / "h.db", HEARTH_SHARD_COUNT=3, HEARTH_SHARD_IDS="0-2")
    assert whole.owned_shards == [0, 1, 2]


def test_a_process_owns_exactly_the_servers_on_its_shards() -> None:
    scope = ShardScope(3, (1,))
    guilds = [(n << 22) | 7 for n in range(9)]
    assert [g for g in guilds if scope.owns(g)] == [g for g in guilds if shard_of(g, 3) == 1]
    assert ShardScope(3, (0, 1, 2)).whole and ShardScope().whole and not scope.whole


async def test_the_owned_servers_filter_is_the_same_in_sql(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    await db.open()
    try:
        await db.migrate()
        scope = ShardScope(3, (0, 2))
        guilds = [(n << 22) | 5 for n in range(12)]
        await db.execute("CREATE TABLE probe (guild_id INTEGER)")
        for guild_id in guilds:
            await db.execute("INSERT INTO probe (guild_id) VALUES (?)", (guild_id,))
        where, params = scope.sql()
        rows = await db.fetchall(f"SELECT guild_id FROM probe WHERE {where} ORDER BY guild_id", params)
        assert [row[0] for row in rows] == [g for g in guilds if scope.owns(g)]
    finally:
        await db.close()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    url = await fresh_postgres_database()
    yield url
    await drop_postgres_database(url)


async def test_a_second_process_naming_a_held_shard_refuses_to_start(pg_url: str) -> None:
    first = ShardFence(pg_url, 3, [0, 1])
    await first.acquire(standby=False)
    try:
        overlapping = ShardFence(pg_url, 3, [1, 2])
        with pytest.raises(ShardsHeldError, match=r"shards 1 of 3 are held by another running Hearth process"):
            await overlapping.acquire(standby=False)
        assert not overlapping.held
        apart = ShardFence(pg_url, 3, [2])
        await apart.acquire(standby=False)  # a range that does not overlap starts beside it
        await apart.release()
        other_count = ShardFence(pg_url, 4, [3])
        with pytest.raises(ShardsHeldError, match="HEARTH_SHARD_COUNT=3"):
            await other_count.acquire(standby=False)
    finally:
        await first.release()


async def test_a_standby_takes_over_when_the_holder_connection_dies(pg_url: str) -> None:
    holder = ShardFence(pg_url, 2, [0])
    await holder.acquire(standby=False)
    standby = ShardFence(pg_url, 2, [0])
    standby.poll_seconds = 0.05
    waiting = asyncio.create_task(standby.acquire(standby=True))
    await asyncio.sleep(0.3)
    assert not waiting.done()  # still waiting while the holder lives
    holder._conn.terminate()  # what kill -9 does to the holder's socket
    await asyncio.wait_for(waiting, timeout=10)
    assert standby.held
    again = ShardFence(pg_url, 2, [0])
    with pytest.raises(ShardsHeldError):
        await again.acquire(standby=False)
    await standby.release()


async def test_a_holder_whose_locks_were_taken_meanwhile_stops_watching(pg_url: str) -> None:
    holder = ShardFence(pg_url, 1, [0])
    holder.watch_seconds = 0.05
    await holder.acquire(standby=False)
    holder._conn.terminate()
    thief = ShardFence(pg_url, 1, [0])
    await thief.acquire(standby=False)
    await asyncio.wait_for(holder.watch(), timeout=10)  # returns: the locks are someone else's now
    assert not holder.held
    await thief.release()


async def test_a_database_restart_is_not_a_failover_the_holder_takes_its_shards_back(
    own_postgres: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, directory = own_postgres
    monkeypatch.setattr(shards, "RESTART_GRACE_SECONDS", 3.0)
    holder = ShardFence(url, 2, [0])
    await holder.acquire(standby=False)
    watching = asyncio.create_task(holder.watch())
    standby = ShardFence(url, 2, [0])
    standby.poll_seconds = 0.05
    waiting = asyncio.create_task(standby.acquire(standby=True))
    await asyncio.sleep(0.3)
    await restart_postgres(directory)
    await asyncio.sleep(2.0)  # the holder tries every quarter second; the standby waits out its grace
    assert holder.held and not watching.done()  # locks taken back, still watching
    assert not waiting.done()  # the standby survived the cut and is still waiting
    await holder.release()  # now the holder really goes: the standby takes over
    await asyncio.wait_for(waiting, timeout=15)
    assert standby.held
    watching.cancel()
    await standby.release()
