"""Spam guard for support channels: mass mentions and repeated messages are removed, with one-button undo."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.surface import delivery
from bot.surface.modlog import mod_log_embed, post_mod_log
from bot.surface.permissions import Tier, resolve_tier
from cogs.safety.api import Level, OtherPerson, assess_message, neutralize_mentions
from cogs.spamguard import messages as words
from cogs.spamguard.service import SpamActions, SpamReason, SpamTracker, Verdict, attempts_everyone
from cogs.spamguard.views import UndoButton, alert_embed, undo_view
from cogs.talk.api import is_team_inbox

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

EXCERPT_LIMIT = 300


class SpamGuardCog(commands.Cog):
    """Watches server messages for mass mentions and repeats; acts once per burst."""

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.actions = SpamActions(bot.db)
        self.tracker = SpamTracker()
        # Members acted on recently: later messages of the same burst are removed without a second alert.
        self._acted: dict[tuple[int, int], datetime] = {}

    async def cog_load(self) -> None:
        """Register the data store and the persistent "Undo" button."""
        self.bot.member_data.register(self.actions.repository)
        self.bot.add_dynamic_items(UndoButton)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Check one server message from a non-moderator against the spam rules."""
        if message.guild is None or message.author.bot or message.webhook_id is not None:
            return
        member = message.author
        if not isinstance(member, discord.Member):
            return
        settings = await self.bot.guild_settings.get(message.guild.id)
        i18n.set_language(settings.language)  # this listener's own task: the server's moderators and channels
        if not settings.safety.spam_guard:
            return
        if message.channel.id in (settings.channels.mod_alerts, settings.channels.mod_log):
            return
        if is_team_inbox(settings.channels.team_inbox, message.channel.id, getattr(message.channel, "parent_id", None)):
            return
        if resolve_tier(member, settings) >= Tier.MODERATOR:
            return
        now = self.bot.clock()
        key = (message.guild.id, member.id)
        if self._recently_acted(key, now):
            if self._is_spam(message, member):
                await self._delete(message.guild, ((message.channel.id, message.id),))
            return
        verdict = self.tracker.check(
            message.guild.id,
            member.id,
            channel_id=message.channel.id,
            message_id=message.id,
            text=message.content,
            mention_count=_mention_count(message, member),
            now=now,
            # Someone repeating a cry for help is never timed out for it.
            repeats_allowed=_asks_for_help(message),
        )
        if verdict is None:
            return
        self.tracker.forget(*key)
        self._acted[key] = now
        await self._act(message, member, settings, verdict, now)

    def _recently_acted(self, key: tuple[int, int], now: datetime) -> bool:
        timeout = self.tracker.limits.timeout
        for stale in [k for k, at in self._acted.items() if now - at > timeout]:
            del self._acted[stale]
        return key in self._acted

    def _is_spam(self, message: discord.Message, member: discord.Member) -> bool:
        return attempts_everyone(message.content) or _mention_count(message, member) >= self.tracker.limits.mentions

    async def _act(
        self,
        message: discord.Message,
        member: discord.Member,
        settings: GuildSettings,
        verdict: Verdict,
        now: datetime,
    ) -> None:
        """Remove the messages, time the member out, record it, alert the moderators, tell the member."""
        guild = member.guild
        deleted, failed = await self._delete(guild, verdict.messages)
        limits = self.tracker.limits
        until: datetime | None = now + limits.timeout
        timeout_problem = ""
        try:
            await member.timeout(limits.timeout, reason=f"Spam guard: {verdict.reason.value}")
        except discord.HTTPException:
            until, timeout_problem = None, words.MISSING_TIMEOUT
        action_id = await self.actions.record(guild.id, member.id, verdict.reason, now, until, deleted)
        reason = words.REASONS[verdict.reason.value].format(
            count=_mention_count(message, member)
            if verdict.reason is SpamReason.MASS_MENTIONS
            else len(verdict.messages),
            channels=len(verdict.channels),
        )
        if until is not None:
            action = words.ACTION_DONE.format(deleted=deleted, until=discord.utils.format_dt(until, "t"))
        else:
            action = words.ACTION_NO_TIMEOUT.format(deleted=deleted, why=timeout_problem)
        if failed:
            action += words.ACTION_NOT_DELETED.format(failed=failed, why=words.MISSING_MANAGE_MESSAGES)
        excerpt = neutralize_mentions(message.content)
        if len(excerpt) > EXCERPT_LIMIT:
            excerpt = excerpt[:EXCERPT_LIMIT] + "…"
        embed = alert_embed(member, reason, action, excerpt, now)
        kwargs: dict[str, Any] = {"view": undo_view(guild.id, action_id)} if until is not None else {}
        posted = await delivery.post(
            self.bot, guild.id, settings.channels.mod_alerts, what="mod_alerts", embed=embed, **kwargs
        )
        if posted.message is not None:
            await self.actions.alert_posted(action_id, posted.message.channel.id, posted.message.id)
        else:
            log.warning("spam-guard alert not posted in guild %s: %s", guild.id, posted.reason)
        await post_mod_log(
            self.bot,
            guild.id,
            settings.channels.mod_log,
            mod_log_embed(
                words.LOG_ACTION_TITLE,
                words.LOG_ACTION.format(member=member.mention, reason=reason, action=action),
                colour=discord.Colour.orange(),
            ),
        )
        if until is not None:
            await delivery.send_dm(
                member,
                content=words.MEMBER_NOTE.format(
                    deleted=deleted,
                    guild=guild.name,
                    minutes=int(limits.timeout.total_seconds() // 60),
                    reason=reason,
                ),
            )

    async def _delete(self, guild: discord.Guild, messages: tuple[tuple[int, int], ...]) -> tuple[int, int]:
        """Delete messages by id; return (deleted, could not delete). Already-gone messages count as neither."""
        deleted = failed = 0
        for channel_id, message_id in messages:
            channel = guild.get_channel_or_thread(channel_id)
            if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
                continue
            try:
                await channel.get_partial_message(message_id).delete()
            except discord.NotFound:
                continue
            except discord.HTTPException:
                failed += 1
            else:
                deleted += 1
        return deleted, failed


def _asks_for_help(message: discord.Message) -> bool:
    """Crisis language, or a worry about someone else: the shared assessment of this message."""
    assessment = assess_message(message.id, message.content)
    return assessment.level is not Level.NONE or assessment.other_person is not OtherPerson.NONE


def _mention_count(message: discord.Message, author: discord.Member) -> int:
    """Distinct people (other than the author) and roles mentioned in one message."""
    return len({user.id for user in message.mentions if user.id != author.id}) + len(message.role_mentions)


async def setup(bot: HearthBot) -> None:
    """Load the spam guard."""
    await bot.add_cog(SpamGuardCog(bot))
