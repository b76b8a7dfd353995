"""What day counters offer other features: the member's own timezone, if they set one for their counters."""

from __future__ import annotations

from bot.core.db import Database
from cogs.counters.store import CountersRepository


async def member_timezone(db: Database, guild_id: int, user_id: int) -> str | None:
    """The timezone a member chose with `/counter timezone` in a server, or None."""
    return await CountersRepository(db).timezone(guild_id, user_id)
