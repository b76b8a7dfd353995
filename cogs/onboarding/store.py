"""Repository for onboarding: which members agreed to the guidelines, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite
from pydantic import BaseModel

from bot.core.clock import from_iso, iso
from bot.core.db import Database


class Agreement(BaseModel):
    """One member's agreement to one server's guidelines."""

    guild_id: int
    user_id: int
    agreed_at: datetime


class OnboardingRepository:
    """Reads and writes `onboarding_agreements`."""

    name: str = "onboarding"
    tables: tuple[str, ...] = ("onboarding_agreements",)
    person_columns: tuple[str, ...] = ("onboarding_agreements.user_id",)
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def record_agreement(self, guild_id: int, user_id: int, now: datetime) -> None:
        """Remember that the member agreed (the latest agreement wins)."""
        await self.db.execute(
            "INSERT INTO onboarding_agreements (guild_id, user_id, agreed_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET agreed_at = excluded.agreed_at",
            (guild_id, user_id, iso(now)),
        )

    async def agreement(self, guild_id: int, user_id: int) -> Agreement | None:
        """The member's agreement in that server, if any."""
        row = await self.db.fetchone(
            "SELECT guild_id, user_id, agreed_at FROM onboarding_agreements WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return Agreement(guild_id=row[0], user_id=row[1], agreed_at=from_iso(row[2])) if row else None

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """When the person agreed to each server's guidelines."""
        sql = "SELECT guild_id, agreed_at FROM onboarding_agreements WHERE user_id = ?"
        params: tuple[Any, ...] = (user_id,)
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params = (user_id, guild_id)
        rows = await self.db.fetchall(sql, params)
        return {"guidelines_agreed": [{"guild_id": r[0], "agreed_at": r[1]} for r in rows]}

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Forget the person's agreements."""
        if guild_id is None:
            await conn.execute("DELETE FROM onboarding_agreements WHERE user_id = ?", (user_id,))
        else:
            await conn.execute(
                "DELETE FROM onboarding_agreements WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Forget every agreement in one server."""
        await conn.execute("DELETE FROM onboarding_agreements WHERE guild_id = ?", (guild_id,))
