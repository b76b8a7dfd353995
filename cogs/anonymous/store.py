"""Repository for anonymous posts, pending submissions and blocks (no user ids, ever)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from bot.core.clock import Clock, from_iso, iso
from bot.core.db import Connection, Database, Row

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
