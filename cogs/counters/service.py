"""Decisions about day counters: what day it is for the member, milestones, names, start dates."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import UserFacingError
from cogs.counters import messages as words

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
