"""Milestone mornings from an index: each counter keeps its next morning; the job reads only what is due."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.db import Database, load_migrations
from cogs.counters import service
from cogs.counters.store import CountersRepository

GUILD = 1_000_000_000_000_000_001
ZONES = ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata", "America/New_York", "Europe/Berlin")
T0 = datetime(2026, 3, 1, tzinfo=UTC)


async def _repo(path: Path) -> tuple[Database, CountersRepository]:
    db = Database(path)
    await db.open()
    await db.migrate()
    return db, CountersRepository(db)


counter_cases = st.lists(
    st.tuples(st.integers(min_value=0, max_value=400), st.sampled_from(ZONES)), min_size=1, max_size=12
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cases=counter_cases,
    later=st.integers(min_value=0, max_value=400 * 24 * 3600 * 1_000_000),  # microseconds after start
)
def test_due_counters_are_exactly_those_whose_next_morning_has_come(
    tmp_path_factory: pytest.TempPathFactory, cases: list[tuple[int, str]], later: int
) -> None:
    """Stored mornings compare correctly as text, whatever the zone and the fraction of a second in 'now'."""

    async def scenario() -> None:
        db, repo = await _repo(tmp_path_factory.mktemp("due") / "hearth.db")
        try:
            expected: dict[int, datetime | None] = {}
            for n, (age, zone) in enumerate(cases):
                started = T0.date() - timedelta(days=age)
                moment = service.next_milestone_moment(started, T0, zone)
                counter_id = await repo.create(GUILD, 10 + n, f"c{n}", started, False, T0, moment)
                expected[counter_id] = moment
            now = T0 + timedelta(microseconds=later)
            due = {c.id for c in await repo.due(now, limit=100)}
            assert due == {i for i, m in expected.items() if m is not None and m <= now}
            soonest = min((m for m in expected.values() if m is not None), default=None)
            assert await repo.earliest_due() == soonest
        finally:
            await db.close()

    asyncio.run(scenario())


async def test_a_server_timezone_change_moves_only_counters_that_follow_the_server(tmp_path: Path) -> None:
    db, repo = await _repo(tmp_path / "hearth.db")
    try:
        started = date(2026, 2, 28)
        follows = await repo.create(
            GUILD, 1, "a", started, False, T0, service.next_milestone_moment(started, T0, "UTC")
        )
        own = await repo.create(GUILD, 2, "b", started, False, T0, None)
        await repo.set_timezone(GUILD, 2, "Asia/Kolkata")
        assert [c.id for c in await repo.following_server_zone(GUILD)] == [follows]
        assert own not in [c.id for c in await repo.following_server_zone(GUILD)]
    finally:
        await db.close()


async def test_counters_from_before_the_upgrade_are_due_at_once(tmp_path: Path) -> None:
    """The migration makes every existing counter due, so the first pass stores its real next morning."""
    db = Database(tmp_path / "hearth.db")
    await db.open()
    try:
        migrations = load_migrations()
        before = [m for m in migrations if m.name != "0016_counter_next_due.sql"]
        await db.migrate([m for m in before if m.version < 16])
        await db.execute(
            "INSERT INTO counters (guild_id, user_id, name, name_key, started_on, share_milestones, created_at) "
            "VALUES (?, 1, 'a', 'a', '2026-02-20', 0, '2026-02-20T00:00:00+00:00')",
            (GUILD,),
        )
        await db.migrate(migrations)
        repo = CountersRepository(db)
        assert [c.name for c in await repo.due(T0)] == ["a"]
        assert await repo.earliest_due() == datetime(2026, 2, 20, tzinfo=UTC)
    finally:
        await db.close()


async def test_past_the_last_milestone_a_counter_is_never_due(tmp_path: Path) -> None:
    db, repo = await _repo(tmp_path / "hearth.db")
    try:
        started = T0.date() - timedelta(days=500)
        await repo.create(GUILD, 1, "a", started, False, T0, service.next_milestone_moment(started, T0, "UTC"))
        assert await repo.due(T0 + timedelta(days=3650)) == []
        assert await repo.earliest_due() is None
    finally:
        await db.close()
