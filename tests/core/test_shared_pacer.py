"""The shared pacer: every process sharing a PostgreSQL takes its turns from one bucket row."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.db import Database
from bot.core.pacing import LATE_RETRIES, Pacer, SharedPacer, shared_pacer
from tests.engines import drop_postgres_database, fresh_postgres_database


@pytest.fixture
async def two_processes() -> AsyncIterator[tuple[Database, Database]]:
    """Two Database objects on one fresh PostgreSQL database, as two Hearth processes would have."""
    url = await fresh_postgres_database()
    first, second = Database(url), Database(url)
    for db in (first, second):
        await db.open()
    await first.migrate()
    yield first, second
    for db in (first, second):
        await db.close()
    await drop_postgres_database(url)


async def _next_free(db: Database) -> float:
    row = await db.fetchone("SELECT next_free FROM rate_buckets WHERE name = 'discord-global'")
    assert row is not None
    return float(row[0])


async def test_turns_from_two_processes_come_from_one_schedule(two_processes: tuple[Database, Database]) -> None:
    waits: list[float] = []

    async def note(seconds: float) -> None:  # record the wait, do not sleep: every turn is asked for at once
        waits.append(seconds)

    first, second = (SharedPacer(db, 47, sleep=note, clock=lambda: 0.0) for db in two_processes)
    for _ in range(47):  # a second of turns booked ahead: the schedule below never waits for the clock
        await first.acquire()
    start = await _next_free(two_processes[0])
    waits.clear()
    await asyncio.gather(*(pacer.acquire() for pacer in (first, second) for _ in range(50)))
    end = await _next_free(two_processes[1])
    # 100 more turns, from both processes, each exactly one 1/47 s slot after the one before: one schedule.
    assert end - start == pytest.approx(100 / 47, abs=1e-4)  # (epoch seconds in a double: ulp 2.4e-7)
    assert max(waits) > 100 / 47  # the last turn waits behind the second booked ahead and the 100 before it


async def test_a_late_turn_is_given_up_for_a_fresh_one(two_processes: tuple[Database, Database]) -> None:
    now = [0.0]

    async def stalled_sleep(seconds: float) -> None:
        now[0] += seconds + 0.5  # the loop wakes half a second late each time

    pacer = SharedPacer(two_processes[0], 47, sleep=stalled_sleep, clock=lambda: now[0])
    await pacer.acquire()  # the first turn is free: no wait, nothing late
    await pacer.acquire()
    assert pacer.turns_given_up == LATE_RETRIES


class _Client:
    """Stands in for the bot: the pacer is kept per client."""


async def test_sqlite_keeps_the_in_process_pacer_and_postgresql_shares_one(
    tmp_path: Path, two_processes: tuple[Database, Database]
) -> None:
    db = Database(tmp_path / "p.db")
    await db.open()
    try:
        assert isinstance(shared_pacer(_Client(), db), Pacer)
    finally:
        await db.close()
    assert isinstance(shared_pacer(_Client(), two_processes[0]), SharedPacer)


async def test_a_database_away_for_long_makes_the_process_pace_alone_then_a_quiet_second(
    two_processes: tuple[Database, Database],
) -> None:
    db = two_processes[0]
    pacer = SharedPacer(db, 47, outage_seconds=0.3)
    await pacer.acquire()
    await db.close()  # the database is gone for this process
    started = asyncio.get_running_loop().time()
    for _ in range(3):
        await pacer.acquire()  # no error: after the outage limit, each send waits its (local) turn
    assert asyncio.get_running_loop().time() - started >= 0.3  # it waited for the database first
    assert pacer.fallback_turns == 3 and pacer.fallback.rate == 11
    assert pacer.fallback.free_burst == 0  # alone, no burst: another process may be sending too
    await db.open()
    before = asyncio.get_running_loop().time()
    await pacer.acquire()
    assert pacer.fallback_turns == 3  # back on the shared bucket
    # The first shared turn after pacing alone is a second later, so the sends made alone have left the window.
    assert asyncio.get_running_loop().time() - before >= 0.95


async def test_a_short_outage_holds_bulk_sends_until_the_database_answers_never_alone(
    two_processes: tuple[Database, Database],
) -> None:
    db = two_processes[0]
    pacer = SharedPacer(db, 47, outage_seconds=30)
    await pacer.acquire()
    await db.close()

    async def back_soon() -> None:
        await asyncio.sleep(0.6)
        await db.open()

    reopening = asyncio.create_task(back_soon())
    started = asyncio.get_running_loop().time()
    await asyncio.gather(*(pacer.acquire() for _ in range(5)))  # five waiting senders, one asking the database
    await reopening
    assert asyncio.get_running_loop().time() - started >= 0.55  # nobody sent while the database was away
    assert pacer.fallback_turns == 0 and pacer.outages == 1  # every turn came from the shared bucket
