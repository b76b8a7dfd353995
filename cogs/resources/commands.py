"""Resources: /crisis lines by country, and a searchable, moderator-curated resource library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.resources.crisis_commands import CrisisCog
from cogs.resources.library import ResourceLibrary
from cogs.resources.library_commands import LibraryCog
from cogs.resources.pins import Pinboard
from cogs.resources.service import SavedCountries
from cogs.resources.store import ResourcesRepository

if TYPE_CHECKING:
    from bot.app import HearthBot


async def setup(bot: HearthBot) -> None:
    """Register the resources store, index the built-in library, and add both cogs."""
    repository = ResourcesRepository(bot.db)
    bot.member_data.register(repository)
    library = ResourceLibrary(bot.content.resources, repository)
    await library.index_builtin()
    await bot.add_cog(CrisisCog(bot, SavedCountries(repository, bot.clock)))
    await bot.add_cog(LibraryCog(bot, library, Pinboard(bot, repository)))
