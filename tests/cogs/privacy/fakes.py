"""Test stores: a real SQLite table of notes (wins and infractions) and a store that always fails."""

from __future__ import annotations

from typing import Any

import aiosqlite

from bot.core.db import Database
from cogs.privacy.cleanup import MessageRef
from cogs.privacy.policy import keeps_moderation_records

NOTES_TABLE = """
CREATE TABLE IF NOT EXISTS test_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL,          -- 'win' (the member's own) or 'infraction' (a moderation record)
    text TEXT NOT NULL,
    channel_id INTEGER,
    message_id INTEGER
)
"""


class NotesStore:
    """Behaves like a part's repository: honours the erasure policy and lists its Discord posts."""

    name = "test_notes"
    tables = ("test_notes",)
    person_columns = ("test_notes.user_id",)

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self) -> NotesStore:
        """Create the table (tests only; real parts use migrations)."""
        await self.db.execute(NOTES_TABLE)
        return self

    async def add(
        self,
        guild_id: int,
        user_id: int,
        kind: str,
        text: str,
        channel_id: int | None = None,
        message_id: int | None = None,
    ) -> None:
        """Store one note."""
        await self.db.execute(
            "INSERT INTO test_notes (guild_id, user_id, kind, text, channel_id, message_id) VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, user_id, kind, text, channel_id, message_id),
        )

    async def rows(self, user_id: int | None = None) -> list[tuple[int, int, str, str]]:
        """(guild_id, user_id, kind, text) of every note (or one person's)."""
        rows = await self.db.fetchall("SELECT guild_id, user_id, kind, text FROM test_notes ORDER BY id")
        return [(r[0], r[1], r[2], r[3]) for r in rows if user_id is None or r[1] == user_id]

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The person's notes."""
        return {
            "notes": [
                {"guild_id": g, "kind": k, "text": t}
                for g, u, k, t in await self.rows(user_id)
                if guild_id is None or g == guild_id
            ]
        }

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Delete wins always, infractions unless the server's policy keeps them."""
        cursor = await conn.execute("SELECT DISTINCT guild_id FROM test_notes WHERE user_id = ?", (user_id,))
        for (gid,) in await cursor.fetchall():
            if guild_id is not None and gid != guild_id:
                continue
            kinds = ("win",) if keeps_moderation_records(gid) else ("win", "infraction")
            await conn.execute(
                f"DELETE FROM test_notes WHERE guild_id = ? AND user_id = ? AND kind IN ({','.join('?' * len(kinds))})",
                (gid, user_id, *kinds),
            )

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Delete the server's notes."""
        await conn.execute("DELETE FROM test_notes WHERE guild_id = ?", (guild_id,))

    async def discord_messages_for(self, guild_id: int | None, user_id: int) -> list[MessageRef]:
        """Posts the bot made for the person (found from the rows, so only before deletion)."""
        rows = await self.db.fetchall(
            "SELECT guild_id, channel_id, message_id FROM test_notes WHERE user_id = ? AND message_id IS NOT NULL",
            (user_id,),
        )
        return [(r[1], r[2]) for r in rows if guild_id is None or r[0] == guild_id]


class FailingStore:
    """A store whose delete always fails (after the others have already deleted in the transaction)."""

    name = "zz_failing"
    tables: tuple[str, ...] = ()
    person_columns: tuple[str, ...] = ()

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Nothing."""
        return {}

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Fail."""
        raise RuntimeError("disk on fire")

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Fail."""
        raise RuntimeError("disk on fire")
