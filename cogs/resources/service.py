"""The country a member asked `/crisis` to show first: kept only because they asked, forgotten when they ask.

No Discord here: `crisis_commands.py` asks and replies.
"""

from __future__ import annotations

from bot.core.clock import Clock
from cogs.resources.store import ResourcesRepository


class SavedCountries:
    """Members' saved crisis-line countries (the store is the resources feature's, registered for /forgetme)."""

    def __init__(self, repository: ResourcesRepository, clock: Clock) -> None:
        self.repository = repository
        self.clock = clock

    async def saved(self, user_id: int) -> str | None:
        """The country a member saved, if any."""
        return await self.repository.crisis_country(user_id)

    async def remember(self, user_id: int, country: str) -> None:
        """Save a member's country, because they asked."""
        await self.repository.save_crisis_country(user_id, country, self.clock())

    async def forget(self, user_id: int) -> bool:
        """Forget a member's country; True if there was one."""
        return await self.repository.clear_crisis_country(user_id)
