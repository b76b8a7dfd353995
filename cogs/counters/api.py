"""What other features may use from day counters: the timezone a member chose for their own days."""

from __future__ import annotations

from bot.core.db import Database
from cogs.counters.store import CountersRepository

__all__ = ["member_timezone"]


async def member_timezone(db: Database, guild_id: int, user_id: int) -> str | None:
    """The member's own timezone (set with /counter timezone), if they chose one."""
    return await CountersRepository(db).timezone(guild_id, user_id)
