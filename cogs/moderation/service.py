"""Moderation decisions with no Discord in them: how long closed incidents are kept, and the support-DM cooldown.

The Discord side (commands.py, alerts.py, reports.py) posts and acts; this answers from the store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.clock import Clock
from cogs.moderation.store import ModerationRepository


class ModerationService:
    """What the moderation cog asks of its store: retention of closed incidents, and one support DM per cooldown."""

    def __init__(self, repository: ModerationRepository, clock: Clock) -> None:
        self.repository = repository
        self.clock = clock

    async def expire_incidents(self, guild_id: int, now: datetime, retention_days: int) -> int:
        """Delete the server's closed incidents past its retention period; how many."""
        return await self.repository.delete_resolved_before(now - timedelta(days=retention_days), guild_id)

    async def claim_support_dm(self, guild_id: int, user_id: int, cooldown: timedelta) -> str | None:
        """Claim the right to DM a member support now: the previous time ('' if none), or None in the cooldown."""
        return await self.repository.claim_support_dm(guild_id, user_id, self.clock(), cooldown)

    async def support_dm_not_sent(self, guild_id: int, user_id: int, previous: str) -> None:
        """Give the claim back when the DM could not be delivered (closed DMs): nothing was sent."""
        await self.repository.release_support_dm(guild_id, user_id, previous)
