"""What the resources feature offers others: the crisis lines of a country, and a member's saved country."""

from __future__ import annotations

from bot.core.db import Database
from cogs.resources.content import CountriesFile, CrisisLinesFile, LineKind, lines_for
from cogs.resources.store import ResourcesRepository

__all__ = ["CountriesFile", "CrisisLinesFile", "LineKind", "lines_for", "saved_crisis_country"]


async def saved_crisis_country(db: Database, user_id: int) -> str | None:
    """The country a member asked /crisis to remember, if any."""
    return await ResourcesRepository(db).crisis_country(user_id)
