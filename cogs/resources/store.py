"""Repository for the resource library: server entries, pins, saved crisis countries and the search index."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import aiosqlite
from pydantic import BaseModel

from bot.core.clock import from_iso, iso
from bot.core.db import Database

BUILTIN_GUILD = 0  # the guild_id the built-in library is indexed under
# bm25 weights per column of resources_fts: a title hit outranks a description hit.
_BM25 = "bm25(resources_fts, 10.0, 2.0, 3.0)"


class ServerResource(BaseModel):
    """A link a server's moderators added to their library."""

    id: int
    guild_id: int
    title: str
    url: str
    description: str
    topics: list[str]
    added_by: int
    added_at: datetime
    updated_at: datetime


class ResourcePin(BaseModel):
    """A resource card the bot pinned in a server's resources channel."""

    guild_id: int
    ref: str
    channel_id: int
    message_id: int
    pinned_at: datetime


class IndexEntry(BaseModel):
    """One row of the search index."""

    guild_id: int
    ref: str
    title: str
    description: str
    topics: list[str]
    topic_words: str


class SearchHit(BaseModel):
    """A search result: which entry, and whether the server pinned it."""

    guild_id: int
    ref: str
    pinned: bool


def _resource(row: aiosqlite.Row) -> ServerResource:
    return ServerResource(
        id=row["id"],
        guild_id=row["guild_id"],
        title=row["title"],
        url=row["url"],
        description=row["description"],
        topics=row["topics"].split(),
        added_by=row["added_by"],
        added_at=from_iso(row["added_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


def _pin(row: aiosqlite.Row) -> ResourcePin:
    return ResourcePin(
        guild_id=row["guild_id"],
        ref=row["ref"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        pinned_at=from_iso(row["pinned_at"]),
    )


async def _index(conn: aiosqlite.Connection, entry: IndexEntry) -> None:
    await conn.execute("DELETE FROM resources_fts WHERE guild_id = ? AND ref = ?", (entry.guild_id, entry.ref))
    await conn.execute(
        "INSERT INTO resources_fts (title, description, topic_words, topics, guild_id, ref) VALUES (?, ?, ?, ?, ?, ?)",
        (
            entry.title,
            entry.description,
            entry.topic_words,
            " " + " ".join(entry.topics) + " ",
            entry.guild_id,
            entry.ref,
        ),
    )


class ResourcesRepository:
    """Reads and writes server_resources, resource_pins, member_crisis_country and resources_fts."""

    name: str = "resources"
    tables: tuple[str, ...] = ("server_resources", "resource_pins", "member_crisis_country", "resources_fts")
    person_columns: tuple[str, ...] = (
        "server_resources.added_by",
        "resource_pins.pinned_by",
        "member_crisis_country.user_id",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- the search index -------------------------------------------------------------------
    async def rebuild_builtin(self, entries: Iterable[IndexEntry]) -> None:
        """Replace the built-in library's index rows (called at start, content may have changed)."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM resources_fts WHERE guild_id = ?", (BUILTIN_GUILD,))
            for entry in entries:
                await _index(conn, entry)

    async def search(
        self, guild_ids: list[int], pinned_guild: int | None, match: str | None, topic: str | None, limit: int
    ) -> list[SearchHit]:
        """Entries of the given guilds matching an FTS5 expression and/or a topic: pinned first, then best."""
        marks = ",".join("?" for _ in guild_ids)
        sql = (
            "SELECT f.guild_id, f.ref, p.message_id IS NOT NULL AS pinned "
            f"{', ' + _BM25 + ' AS score' if match else ', 0 AS score'} "
            "FROM resources_fts f LEFT JOIN resource_pins p ON p.guild_id = ? AND p.ref = f.ref "
            f"WHERE f.guild_id IN ({marks})"
        )
        params: list[Any] = [pinned_guild if pinned_guild is not None else -1, *guild_ids]
        if match:
            sql += " AND resources_fts MATCH ?"
            params.append(match)
        if topic:
            sql += " AND instr(f.topics, ?) > 0"
            params.append(f" {topic} ")
        sql += " ORDER BY pinned DESC, score, f.title COLLATE NOCASE LIMIT ?"
        params.append(limit)
        rows = await self.db.fetchall(sql, params)
        return [SearchHit(guild_id=row[0], ref=row[1], pinned=bool(row[2])) for row in rows]

    # --- server resources ---------------------------------------------------------------------
    async def add(
        self,
        guild_id: int,
        *,
        title: str,
        title_key: str,
        url: str,
        url_key: str,
        description: str,
        topics: list[str],
        topic_words: str,
        added_by: int,
        now: datetime,
    ) -> ServerResource:
        """Store a new server resource and index it, together."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO server_resources (guild_id, title, title_key, url, url_key, description, topics, "
                "added_by, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, title, title_key, url, url_key, description, " ".join(topics), added_by, iso(now), iso(now)),
            )
            resource_id = cursor.lastrowid or 0
            await _index(
                conn,
                IndexEntry(
                    guild_id=guild_id,
                    ref=str(resource_id),
                    title=title,
                    description=description,
                    topics=topics,
                    topic_words=topic_words,
                ),
            )
        found = await self.get(guild_id, resource_id)
        assert found is not None
        return found

    async def update(
        self,
        guild_id: int,
        resource_id: int,
        *,
        title: str,
        title_key: str,
        url: str,
        url_key: str,
        description: str,
        topics: list[str],
        topic_words: str,
        now: datetime,
    ) -> None:
        """Change a server resource and its index row, together."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE server_resources SET title = ?, title_key = ?, url = ?, url_key = ?, description = ?, "
                "topics = ?, updated_at = ? WHERE guild_id = ? AND id = ?",
                (title, title_key, url, url_key, description, " ".join(topics), iso(now), guild_id, resource_id),
            )
            await _index(
                conn,
                IndexEntry(
                    guild_id=guild_id,
                    ref=str(resource_id),
                    title=title,
                    description=description,
                    topics=topics,
                    topic_words=topic_words,
                ),
            )

    async def remove(self, guild_id: int, resource_id: int) -> None:
        """Delete a server resource, its index row and its pin record."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM server_resources WHERE guild_id = ? AND id = ?", (guild_id, resource_id))
            await conn.execute("DELETE FROM resources_fts WHERE guild_id = ? AND ref = ?", (guild_id, str(resource_id)))
            await conn.execute("DELETE FROM resource_pins WHERE guild_id = ? AND ref = ?", (guild_id, str(resource_id)))

    async def get(self, guild_id: int, resource_id: int) -> ServerResource | None:
        """One server resource."""
        row = await self.db.fetchone(
            "SELECT * FROM server_resources WHERE guild_id = ? AND id = ?", (guild_id, resource_id)
        )
        return _resource(row) if row else None

    async def all_of(self, guild_id: int) -> list[ServerResource]:
        """Every resource of one server, oldest first."""
        rows = await self.db.fetchall("SELECT * FROM server_resources WHERE guild_id = ? ORDER BY id", (guild_id,))
        return [_resource(row) for row in rows]

    async def duplicate_of(
        self, guild_id: int, url_key: str, title_key: str, exclude_id: int | None = None
    ) -> ServerResource | None:
        """A different server resource with the same normalised URL or title."""
        row = await self.db.fetchone(
            "SELECT * FROM server_resources WHERE guild_id = ? AND (url_key = ? OR title_key = ?) AND id != ? LIMIT 1",
            (guild_id, url_key, title_key, exclude_id if exclude_id is not None else -1),
        )
        return _resource(row) if row else None

    # --- pins ---------------------------------------------------------------------------------
    async def pin(self, guild_id: int, ref: str) -> ResourcePin | None:
        """The pin record of one entry in one server."""
        row = await self.db.fetchone("SELECT * FROM resource_pins WHERE guild_id = ? AND ref = ?", (guild_id, ref))
        return _pin(row) if row else None

    async def pins(self, guild_id: int) -> list[ResourcePin]:
        """Every pin record of one server, oldest first."""
        rows = await self.db.fetchall("SELECT * FROM resource_pins WHERE guild_id = ? ORDER BY pinned_at", (guild_id,))
        return [_pin(row) for row in rows]

    async def pins_in_channel(self, channel_id: int) -> list[ResourcePin]:
        """Pin records pointing into one channel."""
        rows = await self.db.fetchall("SELECT * FROM resource_pins WHERE channel_id = ?", (channel_id,))
        return [_pin(row) for row in rows]

    async def record_pin(
        self, guild_id: int, ref: str, channel_id: int, message_id: int, by: int, now: datetime
    ) -> None:
        """Remember that an entry's card is pinned."""
        await self.db.execute(
            "INSERT OR REPLACE INTO resource_pins (guild_id, ref, channel_id, message_id, pinned_by, pinned_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, ref, channel_id, message_id, by, iso(now)),
        )

    async def forget_pin(self, guild_id: int, ref: str) -> None:
        """Drop an entry's pin record."""
        await self.db.execute("DELETE FROM resource_pins WHERE guild_id = ? AND ref = ?", (guild_id, ref))

    async def forget_pin_message(self, message_id: int) -> ResourcePin | None:
        """Drop the pin record of a message (deleted by hand); return what it was."""
        row = await self.db.fetchone("SELECT * FROM resource_pins WHERE message_id = ?", (message_id,))
        if row is None:
            return None
        await self.db.execute("DELETE FROM resource_pins WHERE message_id = ?", (message_id,))
        return _pin(row)

    # --- a member's saved crisis country ---------------------------------------------------------
    async def crisis_country(self, user_id: int) -> str | None:
        """The country a member asked /crisis to remember."""
        row = await self.db.fetchone("SELECT country FROM member_crisis_country WHERE user_id = ?", (user_id,))
        return str(row[0]) if row else None

    async def save_crisis_country(self, user_id: int, country: str, now: datetime) -> None:
        """Remember a member's country, because they asked."""
        await self.db.execute(
            "INSERT INTO member_crisis_country (user_id, country, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET country = excluded.country, updated_at = excluded.updated_at",
            (user_id, country, iso(now)),
        )

    async def clear_crisis_country(self, user_id: int) -> bool:
        """Forget a member's country; True if there was one."""
        had = await self.crisis_country(user_id) is not None
        await self.db.execute("DELETE FROM member_crisis_country WHERE user_id = ?", (user_id,))
        return had

    # --- MemberDataStore ------------------------------------------------------------------------
    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The member's saved crisis country and the resources and pins they added as a moderator."""
        where, params = (
            ("added_by = ?", (user_id,)) if guild_id is None else ("added_by = ? AND guild_id = ?", (user_id, guild_id))
        )
        rows = await self.db.fetchall(
            f"SELECT guild_id, id, title, url, added_at FROM server_resources WHERE {where}", params
        )
        pin_where = where.replace("added_by", "pinned_by")
        pins = await self.db.fetchall(f"SELECT guild_id, ref, pinned_at FROM resource_pins WHERE {pin_where}", params)
        return {
            "saved_crisis_country": await self.crisis_country(user_id),
            "resources_added": [
                {"guild_id": r[0], "id": r[1], "title": r[2], "url": r[3], "added_at": r[4]} for r in rows
            ],
            "resources_pinned": [{"guild_id": r[0], "ref": r[1], "pinned_at": r[2]} for r in pins],
        }

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Forget the saved country; resources a moderator added stay for the server, unlinked from them."""
        await conn.execute("DELETE FROM member_crisis_country WHERE user_id = ?", (user_id,))
        if guild_id is None:
            await conn.execute("UPDATE server_resources SET added_by = 0 WHERE added_by = ?", (user_id,))
            await conn.execute("UPDATE resource_pins SET pinned_by = 0 WHERE pinned_by = ?", (user_id,))
        else:
            await conn.execute(
                "UPDATE server_resources SET added_by = 0 WHERE added_by = ? AND guild_id = ?", (user_id, guild_id)
            )
            await conn.execute(
                "UPDATE resource_pins SET pinned_by = 0 WHERE pinned_by = ? AND guild_id = ?", (user_id, guild_id)
            )

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Remove a server's library, pins and index rows."""
        if guild_id == BUILTIN_GUILD:
            return
        await conn.execute("DELETE FROM server_resources WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM resource_pins WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM resources_fts WHERE guild_id = ?", (guild_id,))
