"""The one source of 'now' for Hearth; tests and the simulated Discord control it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import discord

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current aware UTC time (discord.utils.utcnow, which SimCord's virtual clock drives)."""
    return discord.utils.utcnow()


def iso(moment: datetime) -> str:
    """Store a moment as an ISO-8601 UTC string."""
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    """Read a moment stored by `iso`."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
