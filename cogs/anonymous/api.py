"""What anonymous sharing offers other features: moderation by post (never by person), and author keys."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.surface.modlog import mod_log_embed, post_mod_log
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.service import PSEUDONYM_WORDS, AnonymityService, ModLogLine, author_key, pseudonym, when_text

if TYPE_CHECKING:
    from cogs.anonymous.service import AnonymousService

__all__ = [
    "PSEUDONYM_WORDS",
    "AnonymityService",
    "AnonymousModeration",
    "author_key",
    "pseudonym",
    "seal",
    "unseal",
    "when_text",
]


class AnonymousModeration:
    """Act on an anonymous post, never on the person: what reports call (the bot's `anonymous_moderation`)."""

    def __init__(self, bot: Any, service: AnonymousService) -> None:
        self.bot = bot
        self.service = service

    async def _log(self, guild_id: int, line: ModLogLine | None) -> None:
        if line is None:
            return
        settings = await self.service.guild_settings.get(guild_id)
        await post_mod_log(self.bot, guild_id, settings.channels.mod_log, mod_log_embed(line.title, line.text))

    async def post_for_message(self, guild_id: int, message_id: int) -> int | None:
        """The anonymous post number behind a Discord message (post or reply), or None."""
        return await self.service.post_for_message(guild_id, message_id)

    async def remove_post(self, guild_id: int, post_id: int, moderator_id: int, reason: str | None) -> bool:
        """Delete the post from Discord and mark it removed; False if there was no such post."""
        from cogs.anonymous.views import take_down

        post = await self.service.removable(guild_id, post_id)
        if post is None:
            return False
        await take_down(self.bot, post)
        await self._log(guild_id, await self.service.removed(post, moderator_id, reason))
        return True

    async def block_author(
        self, guild_id: int, post_id: int, moderator_id: int, duration: timedelta | None, reason: str | None
    ) -> str:
        """Block whoever wrote the post from anonymous posting; returns a sentence for the moderator."""
        sentence, line = await self.service.block_author(guild_id, post_id, moderator_id, duration, reason)
        await self._log(guild_id, line)
        return sentence

    async def unblock(self, guild_id: int, block_id: int, moderator_id: int) -> None:
        """Lift a block and say so in the mod log."""
        await self._log(guild_id, await self.service.unblock(guild_id, block_id, moderator_id))

    async def rotate(self, guild_id: int, moderator_mention: str) -> None:
        """New pseudonyms for everyone in the server, said in the mod log."""
        await self._log(guild_id, await self.service.rotate(guild_id, moderator_mention))
