"""The scheduler service with a controlled clock: daily jobs, DST, catch-up, no duplicates."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.scheduler import Scheduler, last_occurrence


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def run_until(scheduler: Scheduler, clock: FakeClock, end: datetime, step: timedelta) -> None:
    """Step the clock, letting the real APScheduler process due jobs at every step."""
    while clock.now < end:
        clock.now = min(clock.now + step, end)
        scheduler.tick()
        for _ in range(5):
            await asyncio.sleep(0)


@pytest.mark.parametrize(
    ("zone", "change_day"),
    [
        ("Europe/Berlin", datetime(2026, 3, 29)),  # spring forward
        ("Europe/Berlin", datetime(2026, 10, 25)),  # fall back
        ("America/New_York", datetime(2026, 3, 8)),
        ("America/New_York", datetime(2026, 11, 1)),
    ],
)
async def test_daily_job_fires_once_at_local_nine_on_both_sides_of_a_dst_change(
    zone: str, change_day: datetime
) -> None:
    tz = ZoneInfo(zone)
    start = (change_day - timedelta(days=2)).replace(tzinfo=tz).astimezone(UTC)
    clock = FakeClock(start)
    scheduler = Scheduler(clock)
    scheduler.start()
    fired: list[datetime] = []

    async def job(moment: datetime) -> None:
        fired.append(clock.now.astimezone(tz))

    scheduler.schedule_daily(1, "prompt", time(9, 0), zone, job)
    await run_until(scheduler, clock, start + timedelta(days=5), timedelta(minutes=10))
    scheduler.shutdown()
    assert [moment.date() for moment in fired] == [
        (change_day - timedelta(days=2) + timedelta(days=i)).date() for i in range(5)
    ]
    assert all(moment.hour == 9 and moment.minute < 10 for moment in fired)


async def test_rescheduling_replaces_the_job_instead_of_adding_one() -> None:
    clock = FakeClock(datetime(2026, 6, 1, 6, 0, tzinfo=UTC))
    scheduler = Scheduler(clock)
    scheduler.start()
    calls: list[datetime] = []

    async def job(moment: datetime) -> None:
        calls.append(moment)

    for hour in (7, 8, 9):
        scheduler.schedule_daily(5, "prompt", time(hour, 0), "UTC", job)
    assert len(scheduler.jobs(5)) == 1
    await run_until(scheduler, clock, datetime(2026, 6, 1, 12, 0, tzinfo=UTC), timedelta(minutes=5))
    scheduler.shutdown()
    assert [c.hour for c in calls] == [9]


async def test_catch_up_runs_a_missed_moment_inside_the_window_only() -> None:
    clock = FakeClock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    scheduler = Scheduler(clock)
    scheduler.start()
    calls: list[datetime] = []

    async def job(moment: datetime) -> None:
        calls.append(moment)

    scheduler.schedule_daily(1, "inside", time(9, 0), "UTC", job, catch_up=timedelta(hours=6))
    scheduler.schedule_daily(2, "outside", time(1, 0), "UTC", job, catch_up=timedelta(hours=6))
    scheduler.tick()
    for _ in range(5):
        await asyncio.sleep(0)
    scheduler.shutdown()
    assert calls == [datetime(2026, 6, 1, 9, 0, tzinfo=UTC)]


async def test_cancel_guild_removes_only_that_servers_jobs() -> None:
    clock = FakeClock(datetime(2026, 6, 1, tzinfo=UTC))
    scheduler = Scheduler(clock)
    scheduler.start()

    async def job(moment: datetime) -> None:
        return None

    scheduler.schedule_daily(1, "prompt", time(9), "UTC", job)
    scheduler.schedule_daily(1, "digest", time(18), "UTC", job)
    scheduler.schedule_daily(2, "prompt", time(9), "UTC", job)
    assert scheduler.cancel_guild(1) == 2
    assert [j.id for j in scheduler.jobs()] == ["prompt:2"]
    scheduler.shutdown()


def test_last_occurrence_respects_weekdays_and_zone() -> None:
    tz = ZoneInfo("Asia/Tokyo")
    now = datetime(2026, 6, 3, 0, 30, tzinfo=UTC)  # Wed 09:30 in Tokyo
    assert last_occurrence(now, time(9), tz, [2]) == datetime(2026, 6, 3, 9, 0, tzinfo=tz)
    assert last_occurrence(now, time(10), tz, [2]) == datetime(2026, 5, 27, 10, 0, tzinfo=tz)
    assert last_occurrence(now, time(9), tz, [0]) == datetime(2026, 6, 1, 9, 0, tzinfo=tz)


async def test_interval_jobs_follow_the_injected_clock() -> None:
    clock = FakeClock(datetime(2030, 1, 1, tzinfo=UTC))
    scheduler = Scheduler(clock)
    scheduler.start()
    runs: list[datetime] = []

    async def job() -> None:
        runs.append(clock.now)

    scheduler.schedule_interval("sweep", 600, job)
    await run_until(scheduler, clock, datetime(2030, 1, 1, 1, 0, tzinfo=UTC), timedelta(minutes=1))
    scheduler.shutdown()
    assert len(runs) == 6  # every 10 minutes after the start, up to 01:00


async def test_drain_waits_for_a_running_job_and_reports_one_that_outlasts_it() -> None:
    import asyncio

    from bot.core.scheduler import Scheduler

    scheduler = Scheduler()
    finished: list[str] = []
    release = asyncio.Event()

    async def quick() -> None:
        await asyncio.sleep(0.01)
        finished.append("quick")

    async def stuck() -> None:
        await release.wait()
        finished.append("stuck")

    assert await scheduler.drain(0.01) == 0
    tasks = [asyncio.create_task(scheduler._tracked(job)()) for job in (quick, stuck)]
    await asyncio.sleep(0)
    assert await scheduler.drain(0.2) == 1
    assert finished == ["quick"]
    release.set()
    await asyncio.gather(*tasks)
    assert await scheduler.drain(0.01) == 0 and finished == ["quick", "stuck"]


async def test_servers_with_one_schedule_share_one_timer_and_each_still_runs_once() -> None:
    clock = FakeClock(datetime(2026, 6, 1, 6, 0, tzinfo=UTC))  # before 09:00 in Berlin (07:00 UTC) and UTC
    scheduler = Scheduler(clock)
    scheduler.start()
    calls: list[tuple[int, datetime]] = []

    def job_for(guild_id: int) -> Any:
        async def job(moment: datetime) -> None:
            if guild_id == 3:
                raise RuntimeError("one failing server stops no other")
            calls.append((guild_id, moment))

        return job

    for guild_id in range(1, 201):
        zone = "UTC" if guild_id % 2 else "Europe/Berlin"
        scheduler.schedule_daily(guild_id, "prompt", time(9, 0), zone, job_for(guild_id))
    assert scheduler.timers() == 2  # one per (time, zone, days), not one per server
    assert len(scheduler.jobs()) == 200 and len(scheduler.jobs(7)) == 1
    scheduler.schedule_daily(5, "prompt", time(10, 0), "UTC", job_for(5))  # moves to its own timer
    scheduler.cancel(7, "prompt")
    assert scheduler.timers() == 3 and len(scheduler.jobs()) == 199
    await run_until(scheduler, clock, datetime(2026, 6, 1, 12, 0, tzinfo=UTC), timedelta(minutes=5))
    scheduler.shutdown()
    ran = sorted(guild_id for guild_id, _ in calls)
    assert ran == [g for g in range(1, 201) if g not in (3, 7)]
    assert all(
        moment.hour == (10 if guild_id == 5 else 9)
        and moment.utcoffset() == (timedelta(0) if guild_id % 2 else timedelta(hours=2))
        for guild_id, moment in calls
    )
    scheduler.cancel_guild(9)
    assert len(scheduler.jobs(9)) == 0
