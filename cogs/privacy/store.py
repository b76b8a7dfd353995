"""Repository for departures: members who left a server, and servers the bot was removed from."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database


class MemberDeparture(BaseModel):
    """A member who left a server, and when."""

    guild_id: int
    user_id: int
    left_at: datetime


class GuildDeparture(BaseModel):
    """A server the bot was removed from, and when."""

    guild_id: int
    left_at: datetime


class PrivacyRepository:
    """Reads and writes `member_departures` (its own) and `guild_departures` (owned by server_settings)."""

    name: str = "departures"
    tables: tuple[str, ...] = ("member_departures",)
    person_columns: tuple[str, ...] = ("member_departures.user_id",)
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Servers with a pending departure, read once at the first question: at start-up every server that
        # becomes available asks, and almost none has one. Kept by this repository's own writes (the only
        # place a departure is recorded; a server is handled by the process that owns its shard).
        self._departed: set[int] | None = None
        self._departed_read: asyncio.Future[list[Any]] | None = None

    async def record_member_departure(self, guild_id: int, user_id: int, now: datetime) -> None:
        """Remember that a member left (a second leave restarts the grace period)."""
        await self.db.execute(
            "INSERT INTO member_departures (guild_id, user_id, left_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET left_at = excluded.left_at",
            (guild_id, user_id, iso(now)),
        )

    async def clear_member_departure(self, guild_id: int, user_id: int) -> bool:
        """The member came back: forget the departure; True if there was one."""
        row = await self.db.fetchone(
            "SELECT 1 FROM member_departures WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        if row is None:
            return False
        await self.db.execute("DELETE FROM member_departures WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
        return True

    async def member_departures(self, left_before: datetime | None = None) -> list[MemberDeparture]:
        """Departures, oldest first (only those that left before `left_before`, if given)."""
        sql = "SELECT guild_id, user_id, left_at FROM member_departures"
        params: tuple[Any, ...] = ()
        if left_before is not None:
            sql += " WHERE left_at <= ?"
            params = (iso(left_before),)
        rows = await self.db.fetchall(sql + " ORDER BY left_at", params)
        return [MemberDeparture(guild_id=r[0], user_id=r[1], left_at=from_iso(r[2])) for r in rows]

    async def record_guild_departure(self, guild_id: int, now: datetime) -> None:
        """Remember that the bot was removed from a server (the first removal date is kept)."""
        await self.db.execute(
            "INSERT INTO guild_departures (guild_id, left_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (guild_id, iso(now)),
        )
        if self._departed is not None:
            self._departed.add(guild_id)

    async def clear_guild_departure(self, guild_id: int) -> bool:
        """The bot is back in the server: nothing will be deleted; True if a departure was pending.

        One query for every server at the first call; afterwards no query for a server with no departure.
        """
        if self._departed is None:
            if self._departed_read is None:  # the servers becoming available together share one read
                self._departed_read = asyncio.ensure_future(self.db.fetchall("SELECT guild_id FROM guild_departures"))
            try:
                rows = await self._departed_read
            except Exception:
                self._departed_read = None  # a failed read is tried again next time, not remembered
                raise
            if self._departed is None:
                self._departed = {int(row[0]) for row in rows}
        if guild_id not in self._departed:
            return False
        self._departed.discard(guild_id)
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM guild_departures WHERE guild_id = ?", (guild_id,))
            return cursor.rowcount > 0

    async def guild_departures(self, left_before: datetime | None = None) -> list[GuildDeparture]:
        """Servers the bot left, oldest first (only those left before `left_before`, if given)."""
        sql = "SELECT guild_id, left_at FROM guild_departures"
        params: tuple[Any, ...] = ()
        if left_before is not None:
            sql += " WHERE left_at <= ?"
            params = (iso(left_before),)
        rows = await self.db.fetchall(sql + " ORDER BY left_at", params)
        return [GuildDeparture(guild_id=r[0], left_at=from_iso(r[1])) for r in rows]

    async def free_pages(self) -> int:
        """Pages freed by deletions and not yet given back by VACUUM."""
        return await self.db.free_pages()

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Servers the person left whose data is waiting for its grace period to end."""
        sql = "SELECT guild_id, left_at FROM member_departures WHERE user_id = ?"
        params: tuple[Any, ...] = (user_id,)
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params = (user_id, guild_id)
        rows = await self.db.fetchall(sql, params)
        return {"left_servers": [{"guild_id": r[0], "left_at": r[1]} for r in rows]}

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Forget the person's departures (their data is being deleted now anyway)."""
        if guild_id is None:
            await conn.execute("DELETE FROM member_departures WHERE user_id = ?", (user_id,))
        else:
            await conn.execute("DELETE FROM member_departures WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Forget every departure in a server."""
        await conn.execute("DELETE FROM member_departures WHERE guild_id = ?", (guild_id,))
