"""Timeout lengths offered on an incident's menu; typed lengths are parsed by bot.surface.options."""

from __future__ import annotations

from datetime import timedelta

from bot.core.durations import describe_duration

MAX_TIMEOUT = timedelta(days=28)  # Discord's own limit for a timeout

TIMEOUT_CHOICES: tuple[tuple[str, timedelta], ...] = (
    ("10 minutes", timedelta(minutes=10)),
    ("1 hour", timedelta(hours=1)),
    ("6 hours", timedelta(hours=6)),
    ("1 day", timedelta(days=1)),
    ("1 week", timedelta(weeks=1)),
)
"""The durations offered on an incident's 'Time out author' menu."""

__all__ = ["MAX_TIMEOUT", "TIMEOUT_CHOICES", "describe_duration"]
