"""Privacy and data rights: /privacy, /mydata, /forgetme, departures and the daily retention pass."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.surface.replies import reply_private
from cogs.privacy import messages as words
from cogs.privacy.cleanup import MessageRef
from cogs.privacy.render import privacy_embed, short_summary, summary_lines
from cogs.privacy.service import ForgetOutcome, PrivacyService, RetentionReport
from cogs.privacy.store import PrivacyRepository
from cogs.privacy.views import ForgetConfirmView

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

RETENTION_JOB = "privacy-retention"
RETENTION_RUNS_AT = time(3, 30)  # UTC, daily
FIRST_PASS_AFTER_READY = timedelta(minutes=10)
MAX_EXPORT_BYTES = 8 * 1024 * 1024  # under Discord's smallest upload limit


class PrivacyCog(commands.Cog):
    """What Hearth keeps, taking it away, and deleting it on time."""

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repository = PrivacyRepository(bot.db)
        self.service = PrivacyService(bot.member_data, bot.guild_settings, self.repository, bot.clock)

    async def cog_load(self) -> None:
        """Register the departures store and the daily retention pass."""
        self.bot.member_data.register(self.repository)

        async def daily(_moment: datetime) -> None:
            await self.run_retention()

        self.bot.scheduler.schedule_daily(None, RETENTION_JOB, RETENTION_RUNS_AT, "UTC", daily)

    async def cog_unload(self) -> None:
        """Stop the retention pass."""
        self.bot.scheduler.cancel(None, RETENTION_JOB)
        self.bot.scheduler.cancel(None, f"{RETENTION_JOB}:first")

    # ------------------------------------------------------------------ commands

    @app_commands.command(name="privacy", description="What Hearth keeps about you, for how long, and your choices")
    async def privacy(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Explain, privately, what is stored (with this server's retention periods)."""
        settings = await self.bot.guild_settings.get(interaction.guild.id) if interaction.guild else None
        await reply_private(interaction, embed=privacy_embed(settings))

    @app_commands.command(name="mydata", description="Download everything Hearth holds about you (private file)")
    async def mydata(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Send the member's export as a private JSON file with a short summary."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id, scope = self._scope(interaction)
        export = await self.service.export(guild_id, interaction.user.id, scope=scope)
        if sum(export.counts.values()) == 0:
            await reply_private(interaction, words.EXPORT_NOTHING.format(scope=scope))
            return
        payload = export.to_json().encode("utf-8")
        if len(payload) > MAX_EXPORT_BYTES:
            await reply_private(interaction, words.EXPORT_TOO_BIG)
            return
        name = f"hearth-data-{guild_id if guild_id is not None else 'all-servers'}.json"
        await reply_private(
            interaction,
            words.EXPORT_READY.format(scope=scope, summary=summary_lines(export.counts)),
            file=discord.File(io.BytesIO(payload), filename=name),
        )

    @app_commands.command(name="forgetme", description="Delete everything Hearth holds about you (asks first)")
    async def forgetme(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Show what would be deleted and ask for confirmation."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id, scope = self._scope(interaction)
        user_id = interaction.user.id
        export = await self.service.export(guild_id, user_id, scope=scope)
        posts = len(await self.service.messages_for(guild_id, user_id))
        policy_guilds = await self._policy_guild_ids(interaction.user, guild_id)
        policy = await self.service.policy_for("member_request", policy_guilds)
        kept = tuple(g for g in sorted(policy_guilds) if policy.keeps_moderation_records(g))
        template = words.FORGET_ASK_SERVER if guild_id is not None else words.FORGET_ASK_ALL
        text = template.format(
            scope=scope,
            summary=short_summary(export.counts),
            infractions=self.infractions_line(interaction.user, guild_id, kept),
        )
        if posts:
            text += "\n" + words.FORGET_POSTS_QUESTION.format(count=posts)
        await reply_private(interaction, text, view=ForgetConfirmView(self, user_id, guild_id, scope, posts))

    # ------------------------------------------------------------------ used by the view

    async def forget(self, user: discord.abc.User, guild_id: int | None, *, collect_messages: bool) -> ForgetOutcome:
        """Delete the member's data (one transaction), applying each server's keep-infractions policy."""
        return await self.service.forget(
            guild_id,
            user.id,
            policy_guild_ids=await self._policy_guild_ids(user, guild_id),
            collect_messages=collect_messages,
        )

    def infractions_line(self, user: discord.abc.User, guild_id: int | None, kept: Sequence[int]) -> str:
        """Tell the member whether warnings and moderator notes are kept, and where."""
        if guild_id is not None:
            return words.FORGET_INFRACTIONS_KEPT if guild_id in kept else words.FORGET_INFRACTIONS_DELETED
        names = [
            guild.name
            for guild_id_ in kept
            if (guild := self.bot.get_guild(guild_id_)) is not None and guild.get_member(user.id) is not None
        ]
        # Servers another process runs (not on this one's shards): this process has neither their names nor
        # their members, so the line says what the policies do without naming servers.
        if any(not self.bot.owns_guild(guild_id_) for guild_id_ in kept):
            return words.FORGET_INFRACTIONS_KEPT_BY_POLICY
        if not names:
            return words.FORGET_INFRACTIONS_NONE_KEPT
        return words.FORGET_INFRACTIONS_KEPT_IN.format(servers=", ".join(names))

    async def delete_messages(self, refs: Sequence[MessageRef]) -> tuple[int, int]:
        """Best-effort removal of posts made for the member; returns (deleted, failed)."""
        deleted = failed = 0
        for channel_id, message_id in refs:
            try:
                await self.bot.get_partial_messageable(channel_id).get_partial_message(message_id).delete()
                deleted += 1
            except discord.NotFound:
                deleted += 1  # already gone
            except discord.HTTPException:
                failed += 1
        if failed:
            log.warning("could not remove %d of %d posts after a deletion request", failed, len(refs))
        return deleted, failed

    def _scope(self, interaction: discord.Interaction[HearthBot]) -> tuple[int | None, str]:
        if interaction.guild is None:
            return None, words.EXPORT_SCOPE_ALL
        return interaction.guild.id, words.EXPORT_SCOPE_SERVER.format(name=interaction.guild.name)

    async def _policy_guild_ids(self, user: discord.abc.User, guild_id: int | None) -> set[int]:
        """Servers whose keep-infractions policy applies: this one, or all shared and recently left."""
        if guild_id is not None:
            return {guild_id}
        ids = {guild.id for guild in self.bot.guilds if guild.get_member(user.id) is not None}
        ids.update(await self.service.departed_guilds(user.id))
        if not self.bot.shard_scope.whole:
            # A DM reaches the process owning shard 0 only; the servers other processes run are not in its
            # cache. Their keep-infractions policy applies as if the person were in each: a server keeps
            # records only where it has some about them.
            configured = await self.bot.guild_settings.configured_guild_ids()
            ids.update(guild_id_ for guild_id_ in configured if not self.bot.owns_guild(guild_id_))
        return ids

    # ------------------------------------------------------------------ departures and retention

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Run a first retention pass soon after start, so frequent restarts never postpone it."""

        async def first_pass() -> None:
            await self.run_retention()

        self.bot.scheduler.schedule_at(
            None, f"{RETENTION_JOB}:first", self.bot.clock() + FIRST_PASS_AFTER_READY, first_pass
        )

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """A member left (or was removed): start their grace period in that server."""
        if payload.user.bot:
            return
        await self.service.member_left(payload.guild_id, payload.user.id)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """A member came back: their data stays."""
        await self.service.member_returned(member.guild.id, member.id)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot was removed: the server's data is deleted after the grace period."""
        await self.service.bot_removed(guild.id)
        log.info("removed from guild %s: its data will be deleted unless Hearth is re-added", guild.id)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Re-added within the grace period: nothing is lost."""
        if await self.service.bot_returned(guild.id):
            log.info("re-added to guild %s within the grace period: its data is kept", guild.id)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        """Re-added while the bot was down: also nothing is lost."""
        await self.service.bot_returned(guild.id)

    async def run_retention(self) -> RetentionReport:
        """The daily pass: departures past their grace, the parts' retention tasks, VACUUM."""
        await self.bot.wait_until_ready()
        return await self.service.run_retention(
            member_present=self._member_present,
            guild_present=lambda guild_id: self.bot.get_guild(guild_id) is not None,
            tasks=list(self.bot.retention_tasks),
            owns=self.bot.owns_guild,
        )

    def _member_present(self, guild_id: int, user_id: int) -> bool | None:
        guild = self.bot.get_guild(guild_id)
        return None if guild is None else guild.get_member(user_id) is not None


async def setup(bot: HearthBot) -> None:
    """Load the privacy cog."""
    await bot.add_cog(PrivacyCog(bot))
