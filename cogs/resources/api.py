"""What other features may use from resources: the crisis lines by country and a member's saved country."""

from __future__ import annotations

from bot.core.db import Database
from cogs.resources.content import CountryLines, CrisisLine, CrisisLinesFile, LineKind, lines_for
from cogs.resources.store import ResourcesRepository

__all__ = ["CountryLines", "CrisisLine", "CrisisLinesFile", "LineKind", "lines_for", "saved_crisis_country"]


async def saved_crisis_country(db: Database, user_id: int) -> str | None:
    """The country a member asked /crisis to remember, if any."""
    return await ResourcesRepository(db).crisis_country(user_id)
