"""Repository for the spam guard's automatic actions (the record only, never message text)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite
from pydantic import BaseModel

from bot.core.clock import from_iso, iso
from bot.core.db import Database

_COLUMNS = (
    "id, guild_id, user_id, reason, acted_at, timed_out_until, deleted_count, alert_channel_id, "
    "alert_message_id, undone_by, undone_at"
)


class SpamAction(BaseModel):
    """One automatic action: who, why, when, and who reversed it."""

    id: int
    guild_id: int
    user_id: int
    reason: str
    acted_at: datetime
    timed_out_until: datetime | None
    deleted_count: int
    alert_channel_id: int | None
    alert_message_id: int | None
    undone_by: int | None
    undone_at: datetime | None

    @property
    def undone(self) -> bool:
        """True once a moderator reversed it."""
        return self.undone_at is not None


def _action(row: aiosqlite.Row) -> SpamAction:
    return SpamAction(
        id=row[0],
        guild_id=row[1],
        user_id=row[2],
        reason=row[3],
        acted_at=from_iso(row[4]),
        timed_out_until=from_iso(row[5]) if row[5] else None,
        deleted_count=row[6],
        alert_channel_id=row[7],
        alert_message_id=row[8],
        undone_by=row[9],
        undone_at=from_iso(row[10]) if row[10] else None,
    )


class SpamGuardRepository:
    """Reads and writes `spam_actions`."""

    name: str = "spam_guard"
    tables: tuple[str, ...] = ("spam_actions",)
    person_columns: tuple[str, ...] = (
        "spam_actions.user_id",
        "spam_actions.undone_by",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def record_action(
        self,
        guild_id: int,
        user_id: int,
        reason: str,
        now: datetime,
        timed_out_until: datetime | None,
        deleted_count: int,
    ) -> int:
        """Store an automatic action; return its id."""
        return await self.db.execute(
            "INSERT INTO spam_actions (guild_id, user_id, reason, acted_at, timed_out_until, deleted_count) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, user_id, reason, iso(now), iso(timed_out_until) if timed_out_until else None, deleted_count),
        )

    async def set_alert(self, action_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the moderators' alert for an action was posted."""
        await self.db.execute(
            "UPDATE spam_actions SET alert_channel_id = ?, alert_message_id = ? WHERE id = ?",
            (channel_id, message_id, action_id),
        )

    async def get(self, guild_id: int, action_id: int) -> SpamAction | None:
        """One action of one server."""
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM spam_actions WHERE guild_id = ? AND id = ?", (guild_id, action_id)
        )
        return _action(row) if row else None

    async def mark_undone(self, guild_id: int, action_id: int, moderator_id: int, now: datetime) -> bool:
        """Record the reversal; False if it was already undone (or does not exist): exactly once."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE spam_actions SET undone_by = ?, undone_at = ? "
                "WHERE guild_id = ? AND id = ? AND undone_at IS NULL",
                (moderator_id, iso(now), guild_id, action_id),
            )
            return cursor.rowcount == 1

    async def for_member(self, guild_id: int, user_id: int) -> list[SpamAction]:
        """Every action on one member in one server, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM spam_actions WHERE guild_id = ? AND user_id = ? ORDER BY id",
            (guild_id, user_id),
        )
        return [_action(row) for row in rows]

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Automatic actions taken on the person, and reversals they made as a moderator."""
        where = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        taken = await self.db.fetchall(
            f"SELECT guild_id, reason, acted_at, timed_out_until, deleted_count, undone_at FROM spam_actions "
            f"WHERE user_id = ?{where} ORDER BY id",
            (user_id, *extra),
        )
        undone = await self.db.fetchall(
            f"SELECT guild_id, acted_at, undone_at FROM spam_actions WHERE undone_by = ?{where} ORDER BY id",
            (user_id, *extra),
        )
        return {
            "spam_guard_actions": [
                {
                    "guild_id": r[0],
                    "reason": r[1],
                    "acted_at": r[2],
                    "timed_out_until": r[3],
                    "messages_removed": r[4],
                    "undone_at": r[5],
                }
                for r in taken
            ],
            "spam_guard_actions_undone_by_you": [
                {"guild_id": r[0], "acted_at": r[1], "undone_at": r[2]} for r in undone
            ],
        }

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Delete actions on the person; unlink them from reversals they made as a moderator."""
        where = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        await conn.execute(f"DELETE FROM spam_actions WHERE user_id = ?{where}", (user_id, *extra))
        await conn.execute(f"UPDATE spam_actions SET undone_by = 0 WHERE undone_by = ?{where}", (user_id, *extra))

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Delete every action of one server."""
        await conn.execute("DELETE FROM spam_actions WHERE guild_id = ?", (guild_id,))
