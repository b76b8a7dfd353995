"""The anonymous feature's SQL: posts, pending submissions, blocks, pseudonym salts and the hourly limit (no user ids, ever)."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal

from limits import RateLimitItemPerHour
from limits.aio.storage import SlidingWindowCounterSupport, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from pydantic import BaseModel

from bot.core.clock import Clock, from_iso, iso
from bot.core.db import Connection, Database, DatabaseError, Row

PostStatus = Literal["pending", "posted", "rejected", "removed", "deleted"]


class AnonymousPost(BaseModel):
    """One anonymous post or reply; `author_key` is None once the link has expired."""

    guild_id: int
    number: int
    parent_number: int | None
    status: PostStatus
    channel_id: int | None
    message_id: int | None
    thread_id: int | None
    pseudonym: str
    author_key: str | None
    created_at: datetime


class PendingSubmission(BaseModel):
    """A submission waiting for a moderator in approval mode."""

    guild_id: int
    number: int
    text: str
    content_warning: str | None
    topic: str | None
    return_to: str  # the author's id sealed with the server secret
    queue_channel_id: int | None
    queue_message_id: int | None


class AnonymousBlock(BaseModel):
    """A pause on anonymous posting for whoever wrote one post."""

    id: int
    guild_id: int
    post_number: int
    author_key: str | None
    moderator_id: int
    reason: str | None
    created_at: datetime
    until: datetime | None
    ended_at: datetime | None


def _post(row: Row) -> AnonymousPost:
    data = dict(row)
    data["created_at"] = from_iso(data["created_at"])
    return AnonymousPost.model_validate(data)


def _block(row: Row) -> AnonymousBlock:
    data = dict(row)
    for name in ("created_at", "until", "ended_at"):
        data[name] = from_iso(data[name]) if data[name] else None
    return AnonymousBlock.model_validate(data)


class AnonymousRepository:
    """SQL for anonymous sharing; also the member-data store for it."""

    name: str = "anonymous_sharing"
    tables: tuple[str, ...] = ("anonymous_posts", "anonymous_pending", "anonymous_blocks")
    person_columns: tuple[str, ...] = (
        "anonymous_posts.author_key",
        "anonymous_pending.return_to",
        "anonymous_blocks.author_key",
        "anonymous_blocks.moderator_id",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(
        self,
        db: Database,
        author_key: Callable[[int, int], str],
        open_sealed: Callable[[str], int | None] = lambda token: None,
    ) -> None:
        self.db = db
        self._author_key = author_key
        self._open_sealed = open_sealed  # a queued post's sealed return address -> the author's id
        # Servers known to have no block in force: a share there needs no query. Only "none" is remembered,
        # and only `add_block` can make it false (time and lifting only end blocks), so it is dropped there.
        # A server's blocks are added by the process that owns its shard, the one that reads this.
        self._without_blocks: set[int] = set()
        self._block_writes: dict[int, int] = {}  # per server: bumped around each new block (a read in flight
        # while one is added must not remember "none")

    # ---------------------------------------------------------------- posts

    async def reserve(
        self,
        guild_id: int,
        *,
        parent_number: int | None,
        status: PostStatus,
        pseudonym: str,
        author_key: str | None,
        now: datetime,
        pending: tuple[str, str | None, str | None, str] | None = None,
    ) -> AnonymousPost:
        """Take the next post number and store the row (and the pending submission); return the post."""

        async def take_number(conn: Connection) -> int:
            row = await conn.fetchone(
                "INSERT INTO anonymous_posts (guild_id, number, parent_number, status, pseudonym, author_key, "
                "created_at) SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ? FROM anonymous_posts "
                "WHERE guild_id = ? RETURNING number",
                (guild_id, parent_number, status, pseudonym, author_key, iso(now), guild_id),
            )
            assert row is not None
            taken = int(row[0])
            if pending is not None:
                text, warning, topic, return_to = pending
                await conn.execute(
                    "INSERT INTO anonymous_pending (guild_id, number, text, content_warning, topic, return_to) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (guild_id, taken, text, warning, topic, return_to),
                )
            return taken

        number = int(await self.db.numbered(take_number, "anonymous_posts", guild_id))
        return AnonymousPost(
            guild_id=guild_id,
            number=number,
            parent_number=parent_number,
            status=status,
            channel_id=None,
            message_id=None,
            thread_id=None,
            pseudonym=pseudonym,
            author_key=author_key,
            created_at=from_iso(iso(now)),
        )

    async def forget(self, guild_id: int, number: int) -> None:
        """Drop a reserved number whose post never reached Discord."""
        await self.db.execute("DELETE FROM anonymous_posts WHERE guild_id = ? AND number = ?", (guild_id, number))

    async def mark_posted(
        self, guild_id: int, number: int, channel_id: int, message_id: int, thread_id: int | None
    ) -> None:
        """Record where the post appeared."""
        await self.db.execute(
            "UPDATE anonymous_posts SET status = 'posted', channel_id = ?, message_id = ?, thread_id = ? "
            "WHERE guild_id = ? AND number = ?",
            (channel_id, message_id, thread_id, guild_id, number),
        )

    async def set_status(self, guild_id: int, number: int, status: PostStatus) -> None:
        """Mark a post rejected, removed or deleted."""
        await self.db.execute(
            "UPDATE anonymous_posts SET status = ? WHERE guild_id = ? AND number = ?", (status, guild_id, number)
        )

    async def get(self, guild_id: int, number: int) -> AnonymousPost | None:
        """One post by number."""
        row = await self.db.fetchone(
            "SELECT * FROM anonymous_posts WHERE guild_id = ? AND number = ?", (guild_id, number)
        )
        return _post(row) if row else None

    async def recent_posted(
        self, guild_id: int, *, author_key: str | None = None, top_level: bool = False, limit: int = 25
    ) -> list[AnonymousPost]:
        """The newest posts that are up in the channel (only one author's, or only top-level posts, if asked)."""
        sql = "SELECT * FROM anonymous_posts WHERE guild_id = ? AND status = 'posted'"
        params: list[object] = [guild_id]
        if author_key is not None:
            sql += " AND author_key = ?"
            params.append(author_key)
        if top_level:
            sql += " AND parent_number IS NULL"
        rows = await self.db.fetchall(sql + " ORDER BY number DESC LIMIT ?", (*params, limit))
        return [_post(row) for row in rows]

    async def by_message(self, guild_id: int, message_id: int) -> AnonymousPost | None:
        """The post or reply shown by a Discord message."""
        row = await self.db.fetchone(
            "SELECT * FROM anonymous_posts WHERE guild_id = ? AND message_id = ?", (guild_id, message_id)
        )
        return _post(row) if row else None

    async def by_thread(self, guild_id: int, thread_id: int) -> AnonymousPost | None:
        """The post whose reply thread this is."""
        row = await self.db.fetchone(
            "SELECT * FROM anonymous_posts WHERE guild_id = ? AND thread_id = ? AND parent_number IS NULL",
            (guild_id, thread_id),
        )
        return _post(row) if row else None

    async def expire_links(self, guild_id: int, cutoff: datetime) -> int:
        """Clear the author key of every post created before `cutoff`; return how many were cleared."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE anonymous_posts SET author_key = NULL WHERE guild_id = ? AND author_key IS NOT NULL "
                "AND created_at < ?",
                (guild_id, iso(cutoff)),
            )
            return cursor.rowcount

    async def guilds_with_links(self) -> list[int]:
        """Servers that still hold author links or block keys (for the expiry job)."""
        rows = await self.db.fetchall(
            "SELECT guild_id FROM anonymous_posts WHERE author_key IS NOT NULL "
            "UNION SELECT guild_id FROM anonymous_blocks WHERE author_key IS NOT NULL"
        )
        return [int(row[0]) for row in rows]

    # -------------------------------------------------------------- pending

    async def pending(self, guild_id: int, number: int) -> PendingSubmission | None:
        """A submission waiting for approval."""
        row = await self.db.fetchone(
            "SELECT * FROM anonymous_pending WHERE guild_id = ? AND number = ?", (guild_id, number)
        )
        return PendingSubmission.model_validate(dict(row)) if row else None

    async def set_queue_message(self, guild_id: int, number: int, channel_id: int, message_id: int) -> None:
        """Remember the mod-queue message of a pending submission."""
        await self.db.execute(
            "UPDATE anonymous_pending SET queue_channel_id = ?, queue_message_id = ? WHERE guild_id = ? AND number = ?",
            (channel_id, message_id, guild_id, number),
        )

    async def take_pending(self, guild_id: int, number: int) -> PendingSubmission | None:
        """Claim a pending submission for a decision (exactly once): read and delete it together."""
        # One statement: of two moderators deciding at once, exactly one gets the row.
        async with self.db.transaction() as conn:
            row = await conn.fetchone(
                "DELETE FROM anonymous_pending WHERE guild_id = ? AND number = ? RETURNING *", (guild_id, number)
            )
        return PendingSubmission.model_validate(dict(row)) if row is not None else None

    async def restore_pending(self, pending: PendingSubmission) -> None:
        """Put a claimed submission back in the queue (its approval could not be posted)."""
        await self.db.execute(
            "INSERT INTO anonymous_pending (guild_id, number, text, content_warning, topic, return_to, "
            "queue_channel_id, queue_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                pending.guild_id,
                pending.number,
                pending.text,
                pending.content_warning,
                pending.topic,
                pending.return_to,
                pending.queue_channel_id,
                pending.queue_message_id,
            ),
        )

    # --------------------------------------------------------------- blocks

    async def add_block(
        self,
        guild_id: int,
        post_number: int,
        author_key: str,
        moderator_id: int,
        reason: str | None,
        now: datetime,
        until: datetime | None,
    ) -> int:
        """Store a block; return its id."""
        self._block_changed(guild_id)
        try:
            return await self.db.insert(
                "INSERT INTO anonymous_blocks (guild_id, post_number, author_key, moderator_id, reason, created_at, "
                "until) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (guild_id, post_number, author_key, moderator_id, reason, iso(now), iso(until) if until else None),
            )
        finally:
            self._block_changed(guild_id)

    def _block_changed(self, guild_id: int) -> None:
        self._block_writes[guild_id] = self._block_writes.get(guild_id, 0) + 1
        self._without_blocks.discard(guild_id)

    async def active_blocks(self, guild_id: int, now: datetime, author_key: str | None = None) -> list[AnonymousBlock]:
        """Blocks in force now (optionally only for one author key), newest first."""
        if guild_id in self._without_blocks:
            return []
        writes = self._block_writes.get(guild_id, 0)
        sql = (
            "SELECT * FROM anonymous_blocks WHERE guild_id = ? AND ended_at IS NULL AND author_key IS NOT NULL "
            "AND (until IS NULL OR until > ?)"
        )
        params: list[Any] = [guild_id, iso(now)]
        if author_key is not None:
            sql += " AND author_key = ?"
            params.append(author_key)
        rows = await self.db.fetchall(sql + " ORDER BY id DESC", params)
        if not rows and author_key is None and self._block_writes.get(guild_id, 0) == writes:
            self._without_blocks.add(guild_id)
        return [_block(row) for row in rows]

    async def blocks_on(self, guild_id: int, now: datetime, author_key: str) -> list[AnonymousBlock]:
        """Blocks in force on one author key; no query at all in a server known to have none."""
        if guild_id in self._without_blocks:
            return []
        return [block for block in await self.active_blocks(guild_id, now) if block.author_key == author_key]

    async def end_block(self, guild_id: int, block_id: int, now: datetime) -> bool:
        """Lift a block now and forget its key; False if there was no active block with that id."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE anonymous_blocks SET ended_at = ?, author_key = NULL "
                "WHERE guild_id = ? AND id = ? AND ended_at IS NULL AND author_key IS NOT NULL "
                "AND (until IS NULL OR until > ?)",
                (iso(now), guild_id, block_id, iso(now)),
            )
            return cursor.rowcount > 0

    async def forget_ended_blocks(self, guild_id: int, now: datetime) -> int:
        """Clear the key of every block whose time is up."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE anonymous_blocks SET author_key = NULL, ended_at = COALESCE(ended_at, until) "
                "WHERE guild_id = ? AND author_key IS NOT NULL AND until IS NOT NULL AND until <= ?",
                (guild_id, iso(now)),
            )
            return cursor.rowcount

    # ---------------------------------------------------------- member data

    async def _keys(self, guild_id: int | None, user_id: int) -> list[tuple[int, str]]:
        if guild_id is not None:
            guilds = [guild_id]
        else:
            rows = await self.db.fetchall(
                "SELECT DISTINCT guild_id FROM anonymous_posts UNION SELECT DISTINCT guild_id FROM anonymous_blocks"
            )
            guilds = [int(row[0]) for row in rows]
        return [(guild, self._author_key(guild, user_id)) for guild in guilds]

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The post numbers still linked to the person, and blocks on them (never text, never names)."""
        result: dict[str, Any] = {}
        for guild, key in await self._keys(guild_id, user_id):
            posts = await self.db.fetchall(
                "SELECT number, parent_number, status, created_at FROM anonymous_posts "
                "WHERE guild_id = ? AND author_key = ? ORDER BY number",
                (guild, key),
            )
            blocks = await self.db.fetchall(
                "SELECT id, post_number, created_at, until, ended_at FROM anonymous_blocks "
                "WHERE guild_id = ? AND author_key = ?",
                (guild, key),
            )
            if posts or blocks:
                result[str(guild)] = {
                    "posts_still_linked_to_you": [dict(row) for row in posts],
                    "blocks": [dict(row) for row in blocks],
                }
        scope, params = ("", ()) if guild_id is None else (" WHERE guild_id = ?", (guild_id,))
        queued = [
            {"guild_id": r[0], "number": r[1], "text": r[2]}
            for r in await self.db.fetchall(
                f"SELECT guild_id, number, text, return_to FROM anonymous_pending{scope}", params
            )
            if self._open_sealed(r[3]) == user_id
        ]
        if queued:
            result["posts_waiting_for_approval"] = queued
        made = await self.db.fetchall(
            "SELECT guild_id, id, post_number, created_at, ended_at FROM anonymous_blocks WHERE moderator_id = ?"
            + scope.replace(" WHERE", " AND"),
            (user_id, *params),
        )
        if made:
            result["blocks_you_made_as_a_moderator"] = [dict(row) for row in made]
        return result

    async def discord_messages_for(self, guild_id: int | None, user_id: int) -> list[tuple[int, int]]:
        """The person's anonymous posts and replies still on Discord, found while their author link lives."""
        found: list[tuple[int, int]] = []
        for guild, key in await self._keys(guild_id, user_id):
            rows = await self.db.fetchall(
                "SELECT channel_id, message_id FROM anonymous_posts WHERE guild_id = ? AND author_key = ? "
                "AND status = 'posted' AND channel_id IS NOT NULL AND message_id IS NOT NULL",
                (guild, key),
            )
            found.extend((int(r[0]), int(r[1])) for r in rows)
        return found

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Cut the link to every post of the person (the posts stay, truly anonymous); blocks in force stay,
        unlinked from the moderator who made them if it is that moderator asking; queued posts are opened
        (their sealed return address) and deleted."""
        scope, params = ("", ()) if guild_id is None else (" WHERE guild_id = ?", (guild_id,))
        async with conn.execute(f"SELECT guild_id, number, return_to FROM anonymous_pending{scope}", params) as cur:
            queued = [(int(r[0]), int(r[1])) for r in await cur.fetchall() if self._open_sealed(r[2]) == user_id]
        for guild, number in queued:
            await conn.execute("DELETE FROM anonymous_pending WHERE guild_id = ? AND number = ?", (guild, number))
            await conn.execute(
                "UPDATE anonymous_posts SET status = 'deleted' WHERE guild_id = ? AND number = ? AND status = 'pending'",
                (guild, number),
            )
        and_scope = scope.replace(" WHERE", " AND")
        await conn.execute(
            f"UPDATE anonymous_blocks SET moderator_id = 0 WHERE moderator_id = ?{and_scope}", (user_id, *params)
        )
        for guild, key in await self._keys(guild_id, user_id):
            await conn.execute(  # a block that has ended no longer needs to know whom it blocked
                "UPDATE anonymous_blocks SET author_key = NULL WHERE guild_id = ? AND author_key = ? "
                "AND ended_at IS NOT NULL",
                (guild, key),
            )
            await conn.execute(
                "DELETE FROM anonymous_pending WHERE guild_id = ? AND number IN (SELECT number FROM anonymous_posts "
                "WHERE guild_id = ? AND author_key = ? AND status = 'pending')",
                (guild, guild, key),
            )
            await conn.execute(
                "UPDATE anonymous_posts SET status = 'deleted' WHERE guild_id = ? AND author_key = ? "
                "AND status = 'pending'",
                (guild, key),
            )
            await conn.execute(
                "UPDATE anonymous_posts SET author_key = NULL WHERE guild_id = ? AND author_key = ?", (guild, key)
            )

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Delete every anonymous row of one server."""
        for table in ("anonymous_pending", "anonymous_blocks", "anonymous_posts"):
            await conn.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))


class SaltRepository:
    """Each server's pseudonym salt (rotating it gives everyone new pseudonyms); cached after first read."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._salts: dict[int, str] = {}

    async def salt(self, guild_id: int) -> str:
        """The server's pseudonym salt, created on first use."""
        cached = self._salts.get(guild_id)
        if cached is not None:
            return cached
        row = await self.db.fetchone("SELECT salt FROM anon_salts WHERE guild_id = ?", (guild_id,))
        if row is None:
            value = secrets.token_hex(16)
            await self.db.execute(
                "INSERT INTO anon_salts (guild_id, salt, rotated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, value, iso(self.clock())),
            )
            row = await self.db.fetchone("SELECT salt FROM anon_salts WHERE guild_id = ?", (guild_id,))
            assert row is not None
        self._salts[guild_id] = row[0]
        return str(row[0])

    async def rotate(self, guild_id: int) -> None:
        """A new salt for the server."""
        value = secrets.token_hex(16)
        await self.db.execute(
            "INSERT INTO anon_salts (guild_id, salt, rotated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET salt = excluded.salt, rotated_at = excluded.rotated_at",
            (guild_id, value, iso(self.clock())),
        )
        self._salts[guild_id] = value

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Forget a server's salt (server removal)."""
        await conn.execute("DELETE FROM anon_salts WHERE guild_id = ?", (guild_id,))
        self._salts.pop(guild_id, None)


# --- the hourly posting limit ------------------------------------------------------------------------------------
# The anonymous posting rate limit: `limits`' sliding-window-counter strategy on a storage in our database.
#
# Why our own storage: `limits` ships memory, Redis, Memcached and MongoDB storages; the memory one forgets every
# count on restart (a member could post again at once), and Hearth runs on one SQLite file. The storage keeps one
# row per author per hour window (a count, never a timestamp of a post), keyed by a keyed hash that no other
# table holds, and deletes rows two windows after they began. It reads Hearth's clock, so tests control time.

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
        return (DatabaseError, sqlite3.Error)

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
        except (DatabaseError, sqlite3.Error):
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

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Kept, like a pause on posting: the count is not about what you wrote, and ends within two hours."""

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Delete one server's counters."""
        await conn.execute("DELETE FROM anon_rate_counts WHERE key LIKE ?", (f"{NAMESPACE}/{guild_id}/%",))
