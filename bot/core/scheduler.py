"""APScheduler wrapper: per-guild jobs derived from settings, with an injectable clock."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import apscheduler.executors.base as _aps_executors
import apscheduler.schedulers.base as _aps_base
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.clock import Clock, utcnow
from bot.core.db import patience

log = logging.getLogger(__name__)

JOB_PATIENCE = 120.0
"""How long a scheduled job waits for a database that went away (a restart, a failover) before its call fails:
nobody is waiting on a screen, and a day's prompt half-posted is worse than one posted a minute late."""

DailyJob = Callable[[datetime], Awaitable[None]]
"""A daily job receives the local scheduled moment it runs for (aware, in the server's zone)."""

_active_clock: Clock = utcnow


class _ClockedDatetime(datetime):
    """APScheduler 3 calls datetime.now() directly; route it through Hearth's clock."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        current = _active_clock()
        return current.astimezone(tz) if tz is not None else current.astimezone().replace(tzinfo=None)


_aps_base.datetime = _ClockedDatetime  # type: ignore[misc]
_aps_executors.datetime = _ClockedDatetime  # type: ignore[misc]


def last_occurrence(now: datetime, at: time, zone: ZoneInfo, days: Iterable[int]) -> datetime | None:
    """The most recent local `at` on an allowed weekday that is not after `now` (within a week)."""
    allowed = set(days)
    local_now = now.astimezone(zone)
    for back in range(8):
        day = (local_now - timedelta(days=back)).date()
        if day.weekday() not in allowed:
            continue
        candidate = datetime.combine(day, at, tzinfo=zone)
        # A wall time skipped by a DST jump is normalised forward by a UTC round trip.
        candidate = candidate.astimezone(ZoneInfo("UTC")).astimezone(zone)
        if candidate <= local_now:
            return candidate
    return None


class _OwnedTimerScheduler(AsyncIOScheduler):
    """AsyncIOScheduler whose wake-up timer always runs in the context it was started in.

    APScheduler arms its timer from whichever task last added a job; tying it to the bot's own
    context keeps every job on the bot's clock (and, in tests, on the simulated clock).
    """

    _owner_context: contextvars.Context | None = None

    def start(self, *args: Any, **kwargs: Any) -> None:
        """Remember the starting context, then start."""
        self._owner_context = contextvars.copy_context()
        super().start(*args, **kwargs)

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._stop_timer()
        if wait_seconds is not None:
            self._timeout = self._eventloop.call_later(wait_seconds, self.wakeup, context=self._owner_context)


@dataclass(frozen=True)
class ScheduledJob:
    """One (server, key) job as callers see it, whether it has its own timer or shares a daily one."""

    id: str
    next_run_time: datetime | None


@dataclass
class _DailyGroup:
    """Every server's daily job with one schedule (key, days, time, zone): one timer runs them all."""

    timer_id: str
    at: time
    zone: ZoneInfo
    days: list[int]
    members: dict[int | None, DailyJob] = field(default_factory=dict)


class Scheduler:
    """Owns the AsyncIOScheduler; jobs are keyed by (guild, key) so re-scheduling never duplicates.

    Daily jobs share timers: one APScheduler job per distinct (key, days, time, zone) covers every server
    with that schedule (the model timer: one sleeper for many rows), so 10,000 servers on 30 zones cost a few
    dozen timers, not 10,000. Each server's own job is still called with its local moment, as before.
    """

    def __init__(self, clock: Clock = utcnow) -> None:
        global _active_clock
        self.clock = clock
        _active_clock = clock
        self._triggers: dict[tuple[tuple[int, ...], int, int, str], CronTrigger] = {}
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._groups: dict[str, _DailyGroup] = {}  # timer id -> group
        self._member_of: dict[str, str] = {}  # job id (key:guild) -> timer id of its group
        self._scheduler = _OwnedTimerScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )

    @staticmethod
    def job_id(guild_id: int | None, key: str) -> str:
        """The stable id of one job."""
        return f"{key}:{guild_id if guild_id is not None else 'global'}"

    def start(self) -> None:
        """Start the scheduler on the running event loop."""
        if not self._scheduler.running:
            self._scheduler.start()

    def shutdown(self) -> None:
        """Stop starting jobs (those running go on; `drain` waits for them)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def drain(self, within: float) -> int:
        """Wait up to `within` seconds for running jobs to finish (a post in flight is then recorded, not
        left claimed against a closed database); return how many were still running."""
        running = {task for task in self._in_flight if not task.done()}
        if not running:
            return 0
        _, pending = await asyncio.wait(running, timeout=within)
        return len(pending)

    def _tracked(self, func: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        """`func`, with its task remembered while it runs (for `drain`)."""

        async def run(*args: Any) -> None:
            task = asyncio.current_task()
            if task is not None:
                self._in_flight.add(task)
            try:
                with patience(JOB_PATIENCE):
                    await func(*args)
            finally:
                if task is not None:
                    self._in_flight.discard(task)

        return run

    def tick(self) -> None:
        """Process due jobs now (the scheduler also does this on its own timer)."""
        self._scheduler.wakeup()

    def schedule_daily(
        self,
        guild_id: int | None,
        key: str,
        at: time,
        tz: str,
        func: DailyJob,
        *,
        days: Iterable[int] = range(7),
        catch_up: timedelta | None = None,
    ) -> None:
        """Run `func(local_moment)` at local `at` on `days`; with `catch_up`, run a missed one now.

        Jobs must be idempotent for their local moment: the catch-up and the timer can both see it.
        """
        zone = ZoneInfo(tz)
        day_list = sorted(set(days))
        job_id = self.job_id(guild_id, key)
        timer_id = f"daily|{key}|{','.join(map(str, day_list))}|{at.hour:02d}:{at.minute:02d}|{tz}"
        if self._member_of.get(job_id) not in (None, timer_id):
            self._leave_group(job_id, guild_id)
        group = self._groups.get(timer_id)
        if group is None:
            group = self._groups[timer_id] = _DailyGroup(timer_id, at, zone, day_list)

            async def run_group() -> None:
                await self._run_group(group)

            self._scheduler.add_job(
                self._tracked(run_group),
                self._daily_trigger(tuple(day_list), at.hour, at.minute, tz),
                id=timer_id,
                replace_existing=True,
                name=f"{key} at {at.hour:02d}:{at.minute:02d} {tz}",
            )
        group.members[guild_id] = func
        self._member_of[job_id] = timer_id
        if catch_up is not None:
            moment = last_occurrence(self.clock(), at, zone, day_list)
            if moment is not None and self.clock() - moment <= catch_up:
                self._scheduler.add_job(
                    self._tracked(func),
                    DateTrigger(run_date=self.clock()),
                    args=[moment],
                    id=self.job_id(guild_id, f"{key}:catch-up"),
                    replace_existing=True,
                    misfire_grace_time=None,
                )

    async def _run_group(self, group: _DailyGroup) -> None:
        """A shared daily timer fired: every member server's job for the local moment, side by side."""
        moment = last_occurrence(self.clock(), group.at, group.zone, group.days)
        if moment is None:
            return
        members = list(group.members.items())

        async def one(guild_id: int | None, func: DailyJob) -> None:
            try:
                await func(moment)
            except Exception:
                log.exception("daily job %s failed for guild %s", group.timer_id, guild_id)

        await asyncio.gather(*(one(guild_id, func) for guild_id, func in members))

    def _leave_group(self, job_id: str, guild_id: int | None) -> bool:
        timer_id = self._member_of.pop(job_id, None)
        group = self._groups.get(timer_id) if timer_id is not None else None
        if group is None:
            return False
        group.members.pop(guild_id, None)
        if not group.members:
            del self._groups[group.timer_id]
            if self._scheduler.get_job(group.timer_id) is not None:
                self._scheduler.remove_job(group.timer_id)
        return True

    def _daily_trigger(self, days: tuple[int, ...], hour: int, minute: int, tz: str) -> CronTrigger:
        """One shared CronTrigger per (days, time, zone): triggers are stateless, and thousands of servers
        with the same schedule would otherwise each hold their own (about 8 KB apiece)."""
        key = (days, hour, minute, tz)
        trigger = self._triggers.get(key)
        if trigger is None:
            trigger = CronTrigger(
                day_of_week=",".join(str(d) for d in days), hour=hour, minute=minute, timezone=ZoneInfo(tz)
            )
            self._triggers[key] = trigger
        return trigger

    def schedule_interval(self, key: str, seconds: float, func: Callable[[], Awaitable[None]]) -> None:
        """Run a global job every `seconds`."""
        # IntervalTrigger reads the wall clock for its default start; start from Hearth's clock instead.
        start = self.clock() + timedelta(seconds=seconds)
        self._scheduler.add_job(
            self._tracked(func),
            IntervalTrigger(seconds=seconds, start_date=start),
            id=self.job_id(None, key),
            replace_existing=True,
        )

    def schedule_at(self, guild_id: int | None, key: str, when: datetime, func: Callable[[], Awaitable[None]]) -> None:
        """Run `func` once at `when` (or at once if `when` has passed)."""
        self._scheduler.add_job(
            self._tracked(func),
            DateTrigger(run_date=max(when, self.clock())),
            id=self.job_id(guild_id, key),
            replace_existing=True,
            misfire_grace_time=None,
        )

    def cancel(self, guild_id: int | None, key: str) -> bool:
        """Remove one job; True if it existed."""
        job_id = self.job_id(guild_id, key)
        if self._leave_group(job_id, guild_id):
            return True
        if self._scheduler.get_job(job_id) is None:
            return False
        self._scheduler.remove_job(job_id)
        return True

    def cancel_guild(self, guild_id: int) -> int:
        """Remove every job of one server; return how many."""
        suffix = f":{guild_id}"
        removed = 0
        for job_id in [j for j in self._member_of if j.endswith(suffix)]:
            removed += self._leave_group(job_id, guild_id)
        for job in self._scheduler.get_jobs():
            if job.id.endswith(suffix) or f":{guild_id}:" in job.id:
                job.remove()
                removed += 1
        return removed

    def jobs(self, guild_id: int | None = None) -> list[ScheduledJob]:
        """The scheduled (server, key) jobs, optionally only one server's; a shared daily timer counts per server."""
        everything = self._scheduler.get_jobs()
        out = [ScheduledJob(job.id, job.next_run_time) for job in everything if job.id not in self._groups]
        timers = {job.id: job.next_run_time for job in everything if job.id in self._groups}
        out.extend(ScheduledJob(job_id, timers.get(timer_id)) for job_id, timer_id in self._member_of.items())
        if guild_id is None:
            return out
        return [job for job in out if job.id.endswith(f":{guild_id}")]

    def timers(self) -> int:
        """How many timers the scheduler really holds (shared daily ones count once)."""
        return len(self._scheduler.get_jobs())

    def next_due(self) -> datetime | None:
        """The earliest next run time over every job, or None."""
        times = [job.next_run_time for job in self._scheduler.get_jobs() if job.next_run_time is not None]
        return min(times) if times else None

    def next_run(self, guild_id: int | None, key: str) -> datetime | None:
        """When a job fires next, or None."""
        job_id = self.job_id(guild_id, key)
        job = self._scheduler.get_job(self._member_of.get(job_id, job_id))
        return job.next_run_time if job is not None else None
