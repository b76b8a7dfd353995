"""Warn, time out, lift a timeout, note: shared by /mod and the report buttons; each stored and mod-logged."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import discord

from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.messages import permission_label
from bot.surface.modlog import mod_log_embed, post_mod_log
from cogs.moderation import messages as words
from cogs.moderation.common import stamp, standing
from cogs.moderation.durations import describe_duration
from cogs.moderation.hierarchy import refusal
from cogs.moderation.store import ModerationRepository
from cogs.safety.api import neutralize_mentions

if TYPE_CHECKING:
    from bot.app import HearthBot


class ModerationActions:
    """Acts on members for moderators, after checking the role hierarchy and the bot's permissions."""

    def __init__(self, bot: HearthBot, repository: ModerationRepository) -> None:
        self.bot = bot
        self.repository = repository

    def check(self, moderator: discord.Member, target: discord.Member, *, needs_bot: bool) -> None:
        """Raise a precise UserFacingError if the moderator (or the bot) may not act on the target."""
        reason = refusal(standing(moderator), standing(target), standing(target.guild.me), needs_bot=needs_bot)
        if reason is not None:
            raise UserFacingError(reason)
        if needs_bot and not target.guild.me.guild_permissions.moderate_members:
            raise UserFacingError(words.BOT_LACKS.format(permission=permission_label("moderate_members")))

    async def _log(
        self,
        guild_id: int,
        kind: str,
        target: discord.abc.User,
        moderator: discord.abc.User,
        reason: str | None,
        duration: timedelta | None = None,
        report_id: int | None = None,
    ) -> None:
        settings = await self.bot.guild_settings.get(guild_id)
        text = words.LOG_TEXT.format(
            member=f"{target.mention} ({target})", moderator=moderator.mention, reason=reason or words.NO_REASON
        )
        if duration is not None:
            text += words.LOG_DURATION.format(duration=describe_duration(duration))
        if report_id is not None:
            text += words.LOG_REPORT.format(report_id=report_id)
        await post_mod_log(self.bot, guild_id, settings.channels.mod_log, mod_log_embed(words.LOG_TITLES[kind], text))

    async def warn(
        self, moderator: discord.Member, target: discord.Member, reason: str, *, report_id: int | None = None
    ) -> str:
        """Record a warning, tell the member privately and respectfully; return the moderator's confirmation."""
        self.check(moderator, target, needs_bot=False)
        reason = neutralize_mentions(reason.strip())
        await self.repository.add_infraction(
            guild_id=target.guild.id,
            user_id=target.id,
            moderator_id=moderator.id,
            kind="warn",
            reason=reason,
            duration_seconds=None,
            now=self.bot.clock(),
            report_id=report_id,
        )
        told = await delivery.send_dm(
            target, content=words.WARN_DM.format(name=target.display_name, guild=target.guild.name, reason=reason)
        )
        await self._log(target.guild.id, "warn", target, moderator, reason, report_id=report_id)
        return words.WARN_DONE.format(
            name=target.display_name, delivery=words.WARN_DELIVERED if told else words.WARN_NOT_DELIVERED
        )

    async def timeout(
        self,
        moderator: discord.Member,
        target: discord.Member,
        length: timedelta,
        reason: str | None,
        *,
        report_id: int | None = None,
    ) -> str:
        """Use Discord's native timeout, record it, tell the member; return the moderator's confirmation."""
        self.check(moderator, target, needs_bot=True)
        reason = neutralize_mentions(reason.strip()) if reason else None
        try:
            await target.timeout(length, reason=reason)
        except discord.Forbidden:
            raise UserFacingError(words.DISCORD_REFUSED.format(name=target.display_name)) from None
        await self.repository.add_infraction(
            guild_id=target.guild.id,
            user_id=target.id,
            moderator_id=moderator.id,
            kind="timeout",
            reason=reason,
            duration_seconds=int(length.total_seconds()),
            now=self.bot.clock(),
            report_id=report_id,
        )
        duration = describe_duration(length)
        told = await delivery.send_dm(
            target,
            content=words.TIMEOUT_DM.format(
                name=target.display_name, guild=target.guild.name, duration=duration, reason=reason or words.NO_REASON
            ),
        )
        await self._log(target.guild.id, "timeout", target, moderator, reason, length, report_id)
        return words.TIMEOUT_DONE.format(
            name=target.display_name,
            duration=duration,
            until=stamp(self.bot.clock() + length),
            delivery=words.TIMEOUT_DELIVERED if told else words.TIMEOUT_NOT_DELIVERED,
        )

    async def untimeout(self, moderator: discord.Member, target: discord.Member, reason: str | None) -> str:
        """Lift a timeout early."""
        if not target.is_timed_out():
            raise UserFacingError(words.UNTIMEOUT_NOT_TIMED_OUT.format(name=target.display_name))
        self.check(moderator, target, needs_bot=True)
        reason = neutralize_mentions(reason.strip()) if reason else None
        try:
            await target.timeout(None, reason=reason)
        except discord.Forbidden:
            raise UserFacingError(words.DISCORD_REFUSED.format(name=target.display_name)) from None
        await self.repository.add_infraction(
            guild_id=target.guild.id,
            user_id=target.id,
            moderator_id=moderator.id,
            kind="untimeout",
            reason=reason,
            duration_seconds=None,
            now=self.bot.clock(),
        )
        await self._log(target.guild.id, "untimeout", target, moderator, reason)
        return words.UNTIMEOUT_DONE.format(name=target.display_name)

    async def note(self, moderator: discord.Member, target: discord.Member | discord.User, text: str) -> str:
        """A private note on a member's history (they are not told)."""
        text = neutralize_mentions(text.strip())
        guild = moderator.guild
        await self.repository.add_infraction(
            guild_id=guild.id,
            user_id=target.id,
            moderator_id=moderator.id,
            kind="note",
            reason=text,
            duration_seconds=None,
            now=self.bot.clock(),
        )
        await self._log(guild.id, "note", target, moderator, text)
        return words.NOTE_DONE.format(name=target.display_name)
