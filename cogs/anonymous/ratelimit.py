"""Per-author rate limit for anonymous posts, held in memory only (nothing about timing is stored)."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

WINDOW = timedelta(hours=1)


class RateLimiter:
    """A sliding one-hour window per (server, author key)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str], deque[datetime]] = {}

    def _window(self, guild_id: int, key: str, now: datetime) -> deque[datetime]:
        times = self._seen.setdefault((guild_id, key), deque())
        while times and now - times[0] >= WINDOW:
            times.popleft()
        return times

    def next_allowed(self, guild_id: int, key: str, now: datetime, limit: int) -> datetime | None:
        """None if a post is allowed now, else when the next one will be."""
        times = self._window(guild_id, key, now)
        if len(times) < limit:
            return None
        return times[len(times) - limit] + WINDOW

    def record(self, guild_id: int, key: str, now: datetime) -> None:
        """Count one post."""
        self._window(guild_id, key, now).append(now)

    def prune(self, now: datetime) -> None:
        """Forget windows that are empty (called by the hourly job)."""
        for ident in list(self._seen):
            if not self._window(ident[0], ident[1], now):
                del self._seen[ident]
