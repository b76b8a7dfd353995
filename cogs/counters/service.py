"""Decisions about day counters: what day it is for the member, milestones, names, start dates."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.errors import UserFacingError
from bot.core.guild_settings_service import GuildSettingsService
from cogs.counters import messages as words
from cogs.counters.store import EVERY_SERVER, Counter, CountersRepository, MilestoneRecord, Scope
from cogs.safety.api import check_text

MILESTONES = (1, 3, 7, 14, 30, 60, 90, 180, 365)
MAX_COUNTERS = 10
MAX_NAME_LENGTH = 60
MAX_NOTE_LENGTH = 500
MILESTONE_MORNING = time(9, 0)
EARLIEST_START = date(1970, 1, 1)
NAME_SUGGESTIONS = (
    "no contact",
    "not checking their profile",
    "not texting first",
    "not rereading old messages",
    "kind to myself",
)
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class CounterInputError(UserFacingError, ValueError):
    """Input about a counter that cannot be used; the message is shown to the member."""


@dataclass(frozen=True)
class CounterStatus:
    """Where one counter stands today for its member."""

    days_since_start: int
    days_since_slip: int | None  # None when there was never a slip
    slips: int
    next_milestone: int | None


def local_today(now: datetime, zone: str) -> date:
    """The member's date at `now` in their timezone."""
    return now.astimezone(ZoneInfo(zone)).date()


def pick_line(lines: Sequence[str], *key: object) -> str:
    """One of `lines`, the same every time for the same key (a claim sent again says what it said first)."""
    digest = hashlib.blake2b(":".join(str(part) for part in key).encode(), digest_size=8).digest()
    return lines[int.from_bytes(digest, "big") % len(lines)]


def next_milestone(days: int) -> int | None:
    """The next milestone after `days`, or None past the last one."""
    return next((m for m in MILESTONES if m > days), None)


def status(started_on: date, slips: list[date], today: date) -> CounterStatus:
    """Days since start and since the last slip: a slip never erases the first number."""
    since_start = max(0, (today - started_on).days)
    last_slip = max(slips) if slips else None
    since_slip = None if last_slip is None else max(0, (today - last_slip).days)
    return CounterStatus(since_start, since_slip, len(slips), next_milestone(since_start))


def milestone_due(started_on: date, now: datetime, zone: str) -> tuple[int, date] | None:
    """The milestone reached today, once the member's local morning has come; else None."""
    local = now.astimezone(ZoneInfo(zone))
    if local.time() < MILESTONE_MORNING:
        return None
    days = (local.date() - started_on).days
    return (days, local.date()) if days in MILESTONES else None


def next_milestone_moment(started_on: date, now: datetime, zone: str) -> datetime | None:
    """The first milestone morning strictly after `now` (aware), in the member's zone; None past the last."""
    tz = ZoneInfo(zone)
    for days in MILESTONES:
        moment = datetime.combine(started_on + timedelta(days=days), MILESTONE_MORNING, tzinfo=tz)
        if moment > now:
            return moment
    return None


def clean_name(raw: str) -> str:
    """A counter name, trimmed; raise CounterInputError if empty or too long."""
    name = " ".join(raw.split())
    if not name:
        raise CounterInputError(words.NAME_EMPTY)
    if len(name) > MAX_NAME_LENGTH:
        raise CounterInputError(words.NAME_TOO_LONG.format(length=len(name), limit=MAX_NAME_LENGTH))
    return name


def find(name: str, names: list[str]) -> str | None:
    """The existing name that matches `name` ignoring case and spacing, or None."""
    wanted = " ".join(name.split()).casefold()
    return next((existing for existing in names if existing.casefold() == wanted), None)


def closest(name: str, names: list[str]) -> str | None:
    """The existing name closest to a mistyped one (difflib), or None if nothing is close."""
    lowered = {existing.casefold(): existing for existing in names}
    match = difflib.get_close_matches(name.casefold().strip(), list(lowered), n=1, cutoff=0.5)
    return lowered[match[0]] if match else None


def parse_start(raw: str | None, today: date) -> date:
    """A start date written YYYY-MM-DD (default today); refuse the future and dates before 1970."""
    if raw is None or not raw.strip():
        return today
    match = _DATE.match(raw)
    if match is None:
        raise CounterInputError(words.DATE_UNREADABLE.format(raw=raw.strip()[:40]))
    try:
        start = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CounterInputError(words.DATE_NOT_REAL.format(raw=raw.strip()[:40])) from None
    if start > today:
        raise CounterInputError(words.DATE_IN_FUTURE.format(start=start.isoformat(), today=today.isoformat()))
    if start < EARLIEST_START:
        raise CounterInputError(words.DATE_TOO_EARLY)
    return start


@dataclass(frozen=True)
class CounterLine:
    """One counter as `/counter view` shows it: where it stands today and its last milestone, if any."""

    counter: Counter
    status: CounterStatus
    last_milestone: MilestoneRecord | None


class Counters:
    """Day counters for one bot: what the commands and the milestone job ask, decided and stored here.

    It returns what to say or post; the cog (commands.py) talks to Discord.
    """

    def __init__(self, db: Database, guild_settings: GuildSettingsService, clock: Clock, owner: str = "") -> None:
        self.repository = CountersRepository(db, owner)
        self.guild_settings = guild_settings
        self.clock = clock

    async def zone(self, guild_id: int, user_id: int) -> str:
        """The member's own timezone for their counters, else the server's."""
        own = await self.repository.timezone(guild_id, user_id)
        if own:
            return own
        return (await self.guild_settings.get(guild_id)).timezone

    async def find(self, guild_id: int, user_id: int, name: str) -> Counter:
        """The member's counter called `name` (any case or spacing), or a UserFacingError that suggests one."""
        counters = await self.repository.for_member(guild_id, user_id)
        found = find(name, [c.name for c in counters])
        if found is not None:
            return next(c for c in counters if c.name == found)
        message = words.COUNTER_UNKNOWN.format(name=" ".join(name.split())[:60])
        if not counters:
            raise UserFacingError(message + words.COUNTER_NONE)
        suggestion = closest(name, [c.name for c in counters])
        if suggestion is not None:
            message += words.COUNTER_SUGGEST.format(suggestion=suggestion)
        raise UserFacingError(message)

    async def names(self, guild_id: int, user_id: int, typed: str) -> list[str]:
        """The member's counter names containing what they typed (for autocomplete)."""
        counters = await self.repository.for_member(guild_id, user_id)
        return [c.name for c in counters if typed.casefold() in c.name.casefold()]

    async def start(
        self, guild_id: int, user_id: int, name: str, since: str | None, share_milestones: bool
    ) -> tuple[str, date, int]:
        """Create a counter: (its clean name, its start date, today's day number); refuse duplicates, an 11th
        counter, impossible dates and a shared name Hearth could not post."""
        clean = clean_name(name)  # CounterInputError is a UserFacingError: the member is told why
        zone = await self.zone(guild_id, user_id)
        today = local_today(self.clock(), zone)
        started = parse_start(since, today)
        if share_milestones and not check_text(clean).ok:
            raise UserFacingError(check_text(clean).problems[0].reason)
        existing = await self.repository.for_member(guild_id, user_id)
        if find(clean, [c.name for c in existing]) is not None:
            raise UserFacingError(words.COUNTER_EXISTS.format(name=clean))
        if len(existing) >= MAX_COUNTERS:
            raise UserFacingError(words.COUNTER_LIMIT.format(limit=MAX_COUNTERS))
        now = self.clock()
        next_due = next_milestone_moment(started, now, zone)
        await self.repository.create(guild_id, user_id, clean, started, share_milestones, now, next_due)
        return clean, started, status(started, [], today).days_since_start

    async def overview(self, guild_id: int, user_id: int) -> tuple[str, list[CounterLine]]:
        """(the zone the member's days are counted in, every counter of theirs as it stands today)."""
        counters = await self.repository.for_member(guild_id, user_id)
        if not counters:
            return "", []
        zone = await self.zone(guild_id, user_id)
        today = local_today(self.clock(), zone)
        lines = []
        for counter in counters:
            reached = await self.repository.milestones(counter.id)
            lines.append(
                CounterLine(counter, status(counter.started_on, counter.slips, today), reached[-1] if reached else None)
            )
        return zone, lines

    async def slip(self, guild_id: int, user_id: int, name: str, note: str | None) -> tuple[Counter, int]:
        """Record a slip today without erasing the journey: (the counter, its days since start)."""
        if note is not None and len(note) > MAX_NOTE_LENGTH:
            raise UserFacingError(words.NOTE_TOO_LONG.format(length=len(note), limit=MAX_NOTE_LENGTH))
        counter = await self.find(guild_id, user_id, name)
        today = local_today(self.clock(), await self.zone(guild_id, user_id))
        await self.repository.add_slip(counter.id, today, note, self.clock())
        return counter, status(counter.started_on, [*counter.slips, today], today).days_since_start

    async def start_over(self, counter: Counter) -> None:
        """Start a counter over from the member's today."""
        zone = await self.zone(counter.guild_id, counter.user_id)
        now = self.clock()
        today = local_today(now, zone)
        await self.repository.reset(counter.id, today, next_milestone_moment(today, now, zone))

    async def stop(self, counter: Counter) -> None:
        """Delete a counter and its days."""
        await self.repository.stop(counter.id)

    async def set_timezone(self, guild_id: int, user_id: int, zone: str) -> date:
        """Remember the member's timezone and move their milestone mornings; their today there."""
        await self.repository.set_timezone(guild_id, user_id, zone)
        now = self.clock()
        counters = await self.repository.for_member(guild_id, user_id)
        await self.repository.set_many_next_due(
            [(c.id, next_milestone_moment(c.started_on, now, zone)) for c in counters]
        )
        return local_today(now, zone)

    async def earliest_due(self, scope: Scope = EVERY_SERVER) -> datetime | None:
        """The earliest milestone morning still to come (or already come) in the servers `scope` keeps
        (this process's own, on a split deployment), for the one milestone job."""
        return await self.repository.earliest_due(scope)

    async def server_zone_changed(self, guild_id: int, zone: str) -> bool:
        """Move the mornings of counters that follow the server's timezone; True if any moved."""
        now = self.clock()
        following = await self.repository.following_server_zone(guild_id)
        moments = [(c.id, next_milestone_moment(c.started_on, now, zone)) for c in following]
        await self.repository.set_many_next_due(moments)
        return bool(moments)

    async def due_milestones(self, scope: Scope = EVERY_SERVER) -> AsyncIterator[tuple[Counter, int]]:
        """Each (counter, milestone) reached today after the member's local morning, claimed once.

        Reads only the counters whose next morning has come, and stores each one's following morning.
        """
        now = self.clock()
        zones: dict[tuple[int, int], str] = {}
        while due_now := await self.repository.due(now, scope=scope):
            for counter in due_now:
                key = (counter.guild_id, counter.user_id)
                if key not in zones:
                    zones[key] = await self.zone(*key)
                await self.repository.set_next_due(
                    counter.id, next_milestone_moment(counter.started_on, now, zones[key])
                )
                due = milestone_due(counter.started_on, now, zones[key])
                if due is None:
                    continue
                days, on = due
                if await self.repository.claim_milestone(counter, days, on, now):
                    yield counter, days

    async def abandoned_milestones(
        self, window: timedelta, scope: Scope = EVERY_SERVER
    ) -> list[tuple[Counter, int, datetime]]:
        """Milestone congratulations a stopped process claimed within `window` and left unrecorded, taken to be
        sent again: (counter, milestone, when it was claimed). A counter stopped since has none left."""
        now = self.clock()
        taken = await self.repository.take_abandoned_milestones(now, now - window, scope)
        found = []
        for counter_id, days, claimed_at in taken:
            counter = await self.repository.get(counter_id)
            if counter is not None:
                found.append((counter, days, claimed_at))
        return found

    async def milestone_sent(self, counter: Counter, days: int, *, dm_delivered: bool, shared: bool) -> None:
        """Record how a milestone congratulation went (the DM, the post in the wins channel)."""
        await self.repository.record_milestone(counter.id, days, dm_delivered=dm_delivered, shared=shared)
