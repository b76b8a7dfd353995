"""One duration parser for every length a moderator types ('10m', '2h', '1d 12h', '1 week')."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from babel.units import format_unit
from pytimeparse2 import parse as _timeparse

from bot.core import i18n

TIMEOUT_MIN, TIMEOUT_MAX = timedelta(minutes=1), timedelta(days=28)  # Discord's own limits for a timeout
BLOCK_MIN, BLOCK_MAX = timedelta(minutes=1), timedelta(days=366)  # a block (anonymous posting, talk)
OPEN_ENDED_WORDS = frozenset({"forever", "permanent", "none", "until lifted"})
_LONGEST_INPUT = 100  # no real duration is longer; refusing early keeps the parser's regex cheap


class DurationError(ValueError):
    """A duration that cannot be used; the message is a plain reason a moderator can act on."""


def parse_duration(
    text: str | None, *, minimum: timedelta, maximum: timedelta, open_ended: bool = False
) -> timedelta | None:
    """A length between `minimum` and `maximum`, None for 'no end' (when allowed), or DurationError.

    Total: any string at all gives a length, None, or a DurationError, never another exception.
    Digits must be ASCII (a moderator types them; lookalike digits are refused, not guessed at).
    """
    cleaned = unicodedata.normalize("NFKC", text or "").strip().lower().replace(",", " ")
    if not cleaned or cleaned in OPEN_ENDED_WORDS:
        if open_ended:
            return None
        raise DurationError("a length is needed here; try something like 10m, 2h, 1d 12h or 1w")
    shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
    if len(cleaned) > _LONGEST_INPUT or not cleaned.isascii():
        raise DurationError(f"'{shown}' is not a duration I understand; try 10m, 2h, 1d 12h or 1w")
    try:
        seconds = _timeparse(cleaned)
    except Exception:  # the library's own edge cases: refuse, never crash
        seconds = None
    if seconds is None or isinstance(seconds, timedelta):
        raise DurationError(f"'{shown}' is not a duration I understand; try 10m, 2h, 1d 12h or 1w")
    if seconds != seconds or seconds <= 0:  # NaN or not a length forward in time
        raise DurationError(f"'{shown}' is not a length of time forward; try 10m, 2h, 1d 12h or 1w")
    if seconds > maximum.total_seconds():
        raise DurationError(f"it can be at most {_limit(maximum)}")
    length = timedelta(seconds=round(seconds))
    if length < minimum:
        raise DurationError(f"it needs to be at least {_limit(minimum)}")
    return length


def _limit(length: timedelta) -> str:
    """A limit in the unit people say it in: '28 days', '1 minute'."""
    if length >= timedelta(days=1) and length % timedelta(days=1) == timedelta(0):
        days = length.days
        return f"{days} day{'s' if days != 1 else ''}"
    return describe_duration(length)


def describe_duration(length: timedelta) -> str:
    """'1 day 2 hours' style wording for a length, in the language of the moment (CLDR plurals, by Babel)."""
    locale = i18n.babel_locale(i18n.current_language())
    seconds = int(length.total_seconds())
    parts = []
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(format_unit(count, f"duration-{unit}", length="long", locale=locale))
    if not parts:
        return format_unit(max(0, seconds), "duration-second", length="long", locale=locale)
    return " ".join(parts)
