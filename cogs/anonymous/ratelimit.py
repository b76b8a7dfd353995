"""The anonymous posting rate limit: `limits`' sliding-window-counter strategy on a storage in our database.

Why our own storage: `limits` ships memory, Redis, Memcached and MongoDB storages; the memory one forgets every
count on restart (a member could post again at once), and Hearth runs on one SQLite file. The storage keeps one
row per author per hour window (a count, never a timestamp of a post), keyed by a keyed hash that no other
table holds, and deletes rows two windows after they began. It reads Hearth's clock, so tests control time.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import sqlite3
from datetime import datetime, timedelta
from typing import Any

import aiosqlite
from limits import RateLimitItemPerHour
from limits.aio.storage import SlidingWindowCounterSupport, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from bot.core.clock import Clock
from bot.core.db import Database

NAMESPACE = "anon"


class DatabaseWindowStorage(Storage, SlidingWindowCounterSupport):
    """A `limits` storage of counters with expiry in the `anon_rate_counts` table."""

    STORAGE_SCHEME: list[str] | None = ["hearth+sqlite"]  # noqa: RUF012  (declared so by limits)

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__()
        self.db = db
        self.clock = clock

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """What a failing database raises."""
        return sqlite3.Error

    def _now(self) -> float:
        return self.clock().timestamp()

    # --- counters (the fixed-window interface every storage has) ------------------------------------------------

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to a counter, starting it with `expiry` seconds to live if it is new or expired."""
        now = self._now()
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM anon_rate_counts WHERE key = ? AND expires_at <= ?", (key, now))
            await conn.execute(
                "INSERT INTO anon_rate_counts (key, hits, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET hits = anon_rate_counts.hits + excluded.hits",
                (key, amount, now + expiry),
            )
            async with conn.execute("SELECT hits FROM anon_rate_counts WHERE key = ?", (key,)) as cursor:
                row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def get(self, key: str) -> int:
        """A counter's value (0 once expired)."""
        row = await self.db.fetchone(
            "SELECT hits FROM anon_rate_counts WHERE key = ? AND expires_at > ?", (key, self._now())
        )
        return int(row[0]) if row else 0

    async def get_expiry(self, key: str) -> float:
        """When a counter expires (now, if it does not exist)."""
        row = await self.db.fetchone("SELECT expires_at FROM anon_rate_counts WHERE key = ?", (key,))
        return float(row[0]) if row else self._now()

    async def check(self) -> bool:
        """The database answers."""
        try:
            await self.db.fetchone("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    async def reset(self) -> int | None:
        """Forget every counter."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM anon_rate_counts")
            return cursor.rowcount

    async def clear(self, key: str) -> None:
        """Forget one counter."""
        await self.db.execute("DELETE FROM anon_rate_counts WHERE key = ?", (key,))

    async def prune(self) -> int:
        """Delete every expired counter; the number removed."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM anon_rate_counts WHERE expires_at <= ?", (self._now(),))
            return cursor.rowcount

    # --- the sliding window counter -------------------------------------------------------------------------------

    def _keys(self, key: str, expiry: int, now: float) -> tuple[str, str]:
        window = int(now // expiry)
        return f"{key}/{window - 1}", f"{key}/{window}"

    async def _window(self, key: str, expiry: int, now: float) -> tuple[int, float, int, float]:
        previous_key, current_key = self._keys(key, expiry, now)
        previous, current = await self.get(previous_key), await self.get(current_key)
        previous_ttl = 0.0 if previous == 0 else (1 - (((now - expiry) / expiry) % 1)) * expiry
        current_ttl = (1 - ((now / expiry) % 1)) * expiry + expiry
        return previous, previous_ttl, current, current_ttl

    async def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Count `amount` in the current window if the weighted count stays within `limit`."""
        if amount > limit:
            return False
        now = self._now()
        previous, previous_ttl, current, _ = await self._window(key, expiry, now)
        if math.floor(previous * previous_ttl / expiry + current) + amount > limit:
            return False
        await self.incr(self._keys(key, expiry, now)[1], 2 * expiry, amount)
        return True

    async def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        """(previous count, its time to live, current count, its time to live)."""
        return await self._window(key, expiry, self._now())

    async def clear_sliding_window(self, key: str, expiry: int) -> None:
        """Forget both windows of a key."""
        for window_key in self._keys(key, expiry, self._now()):
            await self.clear(window_key)


class _PerHour(RateLimitItemPerHour):
    """N per hour, keyed without N: changing `anonymous.posts_per_hour` keeps what was already counted."""

    def key_for(self, *identifiers: Any) -> str:
        """The storage key for one author in one server."""
        return "/".join([NAMESPACE, *(str(part) for part in identifiers)])


def wait_seconds(
    limit: int, expiry: int, previous: int, previous_ttl: float, current: int, current_ttl: float
) -> float:
    """Seconds until the weighted count `previous * previous_ttl / expiry + current` falls below `limit`.

    In the current window the previous window's weight slides away; at the window's end the current count
    becomes the previous one, at full weight, and slides away in turn.
    """
    left_in_window = current_ttl - expiry
    if current >= limit:
        return left_in_window + expiry * (1 - limit / current)
    if previous == 0:
        return 0.0
    return min(left_in_window, max(0.0, previous_ttl - (limit - current) * expiry / previous))


def rate_key(secret: bytes, user_id: int) -> str:
    """The keyed hash the rate limit counts under: it matches no column of any other table."""
    return hmac.new(secret, f"anon-rate:{user_id}".encode(), hashlib.sha256).hexdigest()


class RateLimiter:
    """At most `limit` anonymous posts per author per server per hour (a sliding window, approximated)."""

    name: str = "anonymous_rate_limit"
    tables: tuple[str, ...] = ("anon_rate_counts",)
    person_columns: tuple[str, ...] = ("anon_rate_counts.key",)
    """The counter key holds a keyed hash of the person (kept until it expires, within two hours)."""

    def __init__(self, db: Database, secret: bytes, clock: Clock) -> None:
        self.storage = DatabaseWindowStorage(db, clock)
        self.strategy = SlidingWindowCounterRateLimiter(self.storage)
        self.secret = secret
        self.clock = clock
        self.db = db

    async def next_allowed(self, guild_id: int, user_id: int, limit: int) -> datetime | None:
        """None if a post is allowed now, else about when the next one will be."""
        item = _PerHour(limit)
        key = rate_key(self.secret, user_id)
        if await self.strategy.test(item, str(guild_id), key):
            return None
        expiry = item.get_expiry()
        previous, previous_ttl, current, current_ttl = await self.storage.get_sliding_window(
            item.key_for(guild_id, key), expiry
        )
        wait = wait_seconds(limit, expiry, previous, previous_ttl, current, current_ttl)
        return self.clock() + timedelta(seconds=math.ceil(wait) + 1)  # the weighted count must fall *below* it

    async def record(self, guild_id: int, user_id: int, limit: int) -> None:
        """Count one post (past the limit too: a post that went through is always counted)."""
        item = _PerHour(max(limit, 1))
        key = rate_key(self.secret, user_id)
        if not await self.strategy.hit(item, str(guild_id), key):
            expiry = item.get_expiry()
            current_key = self.storage._keys(item.key_for(guild_id, key), expiry, self.clock().timestamp())[1]
            await self.storage.incr(current_key, 2 * expiry)

    async def prune(self) -> int:
        """Forget counters whose hour has passed (the hourly expiry job calls this)."""
        return await self.storage.prune()

    # --- MemberDataStore: what /mydata shows and /forgetme does ----------------------------------------------------

    def _pattern(self, guild_id: int | None, user_id: int) -> str:
        return f"{NAMESPACE}/{'%' if guild_id is None else guild_id}/{rate_key(self.secret, user_id)}/%"

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """How many anonymous posts are counted against the person's hourly limit now, per server."""
        rows = await self.db.fetchall(
            "SELECT key, hits, expires_at FROM anon_rate_counts WHERE key LIKE ? AND expires_at > ?",
            (self._pattern(guild_id, user_id), self.clock().timestamp()),
        )
        counted: dict[str, int] = {}
        for row in rows:
            guild = str(row["key"]).split("/")[1]
            counted[guild] = counted.get(guild, 0) + int(row["hits"])
        return {"posts_counted_in_the_last_two_hours": counted} if counted else {}

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Kept, like a pause on posting: the count is not about what you wrote, and ends within two hours."""

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Delete one server's counters."""
        await conn.execute("DELETE FROM anon_rate_counts WHERE key LIKE ?", (f"{NAMESPACE}/{guild_id}/%",))
