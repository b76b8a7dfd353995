"""The one source of 'now' for Hearth; tests and the simulated Discord control it.

Every service takes a `Clock`; the bot passes its own (discord.utils.utcnow, which SimCord's virtual clock
drives), so this module needs no Discord. `utcnow` is the default for code that runs without a bot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current aware UTC time."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Store a moment as an ISO-8601 UTC string."""
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    """Read a moment stored by `iso`."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
