"""Timeout durations: what a moderator types ('10m', '2h', '1d 12h') and how it reads back."""

from __future__ import annotations

import re
from datetime import timedelta

MAX_TIMEOUT = timedelta(days=28)  # Discord's own limit for a timeout
_PART = re.compile(r"(\d+)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b")
_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}

TIMEOUT_CHOICES: tuple[tuple[str, timedelta], ...] = (
    ("10 minutes", timedelta(minutes=10)),
    ("1 hour", timedelta(hours=1)),
    ("6 hours", timedelta(hours=6)),
    ("1 day", timedelta(days=1)),
    ("1 week", timedelta(weeks=1)),
)
"""The durations offered on an incident's 'Time out author' menu."""


def parse_duration(text: str) -> timedelta:
    """Parse '10m', '2h', '1d 12h', '1 week' into a timeout length, or raise ValueError with a reason."""
    cleaned = text.strip().lower().replace(",", " ")
    if not cleaned:
        raise ValueError("the duration is empty; try something like 10m, 2h or 1d")
    position = 0
    seconds = 0
    for match in _PART.finditer(cleaned):
        if cleaned[position : match.start()].strip():
            break
        seconds += int(match.group(1)) * _UNITS[match.group(2)[0]]
        position = match.end()
    if position == 0 or cleaned[position:].strip():
        raise ValueError(f"'{text.strip()}' is not a duration I understand; try 10m, 2h, 1d or 1w")
    length = timedelta(seconds=seconds)
    if length < timedelta(minutes=1):
        raise ValueError("a timeout needs to be at least 1 minute")
    if length > MAX_TIMEOUT:
        raise ValueError("Discord allows timeouts of at most 28 days")
    return length


def describe_duration(length: timedelta) -> str:
    """'1 day 2 hours' style wording for a length."""
    seconds = int(length.total_seconds())
    parts = []
    for name, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'s' if count != 1 else ''}")
    return " ".join(parts) or "less than a minute"
