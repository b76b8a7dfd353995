"""Repository for per-server settings and the audit log of changes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database
from bot.core.guild_settings import GuildSettings, SettingsInterner


class AuditEntry(BaseModel):
    """One recorded settings change."""

    guild_id: int
    actor_id: int
    setting: str
    old_value: str | None
    new_value: str | None
    changed_at: datetime


class GuildSettingsRepository:
    """Reads and writes `guild_settings` and `audit_log`."""

    name: str = "server_settings"
    tables: tuple[str, ...] = ("guild_settings", "audit_log", "guild_departures")
    person_columns: tuple[str, ...] = ("audit_log.actor_id",)
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.interner = SettingsInterner()  # servers' equal sections are one shared object

    async def load(self, guild_id: int) -> GuildSettings | None:
        """The stored settings, or None if the server has never been configured."""
        row = await self.db.fetchone("SELECT data FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return self.interner.from_json(row[0]) if row else None

    async def load_many(self, guild_ids: list[int]) -> dict[int, GuildSettings]:
        """The stored settings of many servers in one query (servers never configured are absent)."""
        if not guild_ids:
            return {}
        wanted = set(guild_ids)
        rows = await self.db.fetchall("SELECT guild_id, data FROM guild_settings")
        return {row[0]: self.interner.from_json(row[1]) for row in rows if row[0] in wanted}

    async def save(
        self,
        guild_id: int,
        settings: GuildSettings,
        actor_id: int,
        changes: dict[str, tuple[Any, Any]],
        now: datetime,
    ) -> None:
        """Write the settings and one audit row per changed setting, in one transaction."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO guild_settings (guild_id, data, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                (guild_id, settings.model_dump_json(), iso(now)),
            )
            await conn.executemany(
                "INSERT INTO audit_log (guild_id, actor_id, setting, old_value, new_value, changed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (guild_id, actor_id, path, json.dumps(old), json.dumps(new), iso(now))
                    for path, (old, new) in changes.items()
                ],
            )

    async def audit(self, guild_id: int, limit: int = 50) -> list[AuditEntry]:
        """The most recent settings changes, newest first."""
        rows = await self.db.fetchall(
            "SELECT guild_id, actor_id, setting, old_value, new_value, changed_at FROM audit_log "
            "WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [
            AuditEntry(
                guild_id=row[0],
                actor_id=row[1],
                setting=row[2],
                old_value=row[3],
                new_value=row[4],
                changed_at=from_iso(row[5]),
            )
            for row in rows
        ]

    async def configured_guild_ids(self) -> list[int]:
        """Every server with stored settings."""
        rows = await self.db.fetchall("SELECT guild_id FROM guild_settings")
        return [row[0] for row in rows]

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Remove a server's settings and audit trail (server removal after its grace period)."""
        await conn.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM audit_log WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM guild_departures WHERE guild_id = ?", (guild_id,))

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Settings changes a member made are moderator records; their actor id is cleared."""
        if guild_id is None:
            await conn.execute("UPDATE audit_log SET actor_id = 0 WHERE actor_id = ?", (user_id,))
        else:
            await conn.execute(
                "UPDATE audit_log SET actor_id = 0 WHERE guild_id = ? AND actor_id = ?", (guild_id, user_id)
            )

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Settings changes this person made as a moderator."""
        sql = "SELECT guild_id, setting, new_value, changed_at FROM audit_log WHERE actor_id = ?"
        params: tuple[Any, ...] = (user_id,)
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params = (user_id, guild_id)
        rows = await self.db.fetchall(sql, params)
        return {
            "settings_changes_made": [
                {"guild_id": r[0], "setting": r[1], "new_value": r[2], "changed_at": r[3]} for r in rows
            ]
        }
