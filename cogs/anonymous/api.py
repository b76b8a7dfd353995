"""What the anonymous-sharing part offers other parts (reports, privacy) without revealing authors."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from cogs.anonymous.identity import PSEUDONYM_WORDS
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.service import parse_duration, when_text

__all__ = ["PSEUDONYM_WORDS", "AnonymousModeration", "parse_duration", "seal", "unseal", "when_text"]


class AnonymousModeration(Protocol):
    """Act on an anonymous post, never on the person; set as `bot.anonymous_moderation` by that cog."""

    async def post_for_message(self, guild_id: int, message_id: int) -> int | None:
        """The anonymous post number behind a Discord message (post or reply), or None."""

    async def remove_post(self, guild_id: int, post_id: int, moderator_id: int, reason: str | None) -> bool:
        """Delete the post from Discord and mark it removed; False if there was no such post."""

    async def block_author(
        self, guild_id: int, post_id: int, moderator_id: int, duration: timedelta | None, reason: str | None
    ) -> str:
        """Block whoever wrote the post from anonymous posting; returns a sentence for the moderator."""
