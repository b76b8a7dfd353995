"""Moderation and safety: crisis alerts from channel messages, reports, and /mod infractions."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.surface.permissions import Tier, require_tier
from cogs.moderation import messages as words
from cogs.moderation.actions import ModerationActions
from cogs.moderation.alerts import AlertButton, CrisisAlerts
from cogs.moderation.infractions import ModGroup
from cogs.moderation.queue import TriageQueue
from cogs.moderation.reports import ReportButton, Reports, ReportTimeoutSelect
from cogs.moderation.store import ModerationRepository
from cogs.moderation.triage_store import TriageRepository
from cogs.safety.api import (
    CrisisSignal,
    assess_message,
    decide,
    in_scope,
    report_crisis,
    send_help_someone,
    send_private_support,
)

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


class ModerationCog(commands.Cog):
    """Crisis alerts, reports and infractions."""

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repository = ModerationRepository(bot.db, self._keep_infractions)
        self.actions = ModerationActions(bot, self.repository)
        self.alerts = CrisisAlerts(bot, self.repository)
        self.reports = Reports(bot, self.repository, self.actions)
        self.triage = TriageQueue(bot, TriageRepository(bot.db), self.alerts, self.reports)
        self.mod_group = ModGroup(bot, self.actions, self.triage)
        self.report_menu = app_commands.ContextMenu(name=words.REPORT_MENU, callback=self._report_message)
        self.report_menu.guild_only = True
        # When each member last got the how-to-help reply (in memory: a restart at worst sends it once more).
        self._helped: dict[tuple[int, int], datetime] = {}

    async def _keep_infractions(self, guild_id: int) -> bool:
        settings = await self.bot.guild_settings.get(guild_id)
        return settings.privacy.keep_infractions_on_forget

    async def cog_load(self) -> None:
        """Register the alert sink, persistent buttons, commands, member data and per-server jobs."""
        self.bot.member_data.register(self.repository)
        self.bot.crisis_alerts = self.alerts
        self.bot.add_dynamic_items(AlertButton, ReportButton, ReportTimeoutSelect)
        self.bot.tree.add_command(self.mod_group)
        self.bot.tree.add_command(self.report_menu)
        self.bot.add_job_provider(self.schedule_jobs)
        self.bot.retention_tasks.append(self.expire_incidents)

    async def cog_unload(self) -> None:
        """Take everything back out."""
        if self.expire_incidents in self.bot.retention_tasks:
            self.bot.retention_tasks.remove(self.expire_incidents)
        if self.schedule_jobs in self.bot.job_providers:
            self.bot.job_providers.remove(self.schedule_jobs)
        if self.bot.crisis_alerts is self.alerts:
            self.bot.crisis_alerts = None
        self.bot.remove_dynamic_items(AlertButton, ReportButton, ReportTimeoutSelect)
        self.bot.tree.remove_command(self.mod_group.name)
        self.bot.tree.remove_command(self.report_menu.name, type=discord.AppCommandType.message)

    async def schedule_jobs(self, guild: discord.Guild, settings: GuildSettings) -> None:
        """Re-arm pending re-pings after a restart."""
        await self.alerts.rearm(guild.id, settings.safety.repings_after_minutes)

    async def expire_incidents(self, now: datetime) -> int:
        """Retention task (run by the daily privacy pass): delete closed incidents past each server's period."""
        deleted = 0
        for guild in list(self.bot.guilds):
            current = await self.bot.guild_settings.get(guild.id)
            cutoff = now - timedelta(days=current.privacy.incident_retention_days)
            deleted += await self.repository.delete_resolved_before(cutoff, guild.id)
        if deleted:
            log.info("deleted %d closed incidents past retention", deleted)
        return deleted

    @app_commands.command(name="alerts", description="Open crisis alerts and reports, most at risk first (team only)")
    @app_commands.guild_only()
    @require_tier(Tier.PEER_SUPPORTER)
    async def alerts_queue(self, interaction: discord.Interaction[HearthBot]) -> None:
        """The triage queue, privately: highest risk first, then longest waiting, with who has claimed each."""
        await self.triage.show(interaction)

    async def _report_message(self, interaction: discord.Interaction[HearthBot], message: discord.Message) -> None:
        """Message context menu: Report to moderators."""
        await self.reports.open_form(interaction, message)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Read server messages for crisis language: alert the team, offer the writer help privately."""
        if message.guild is None or message.author.bot or message.webhook_id is not None or not message.content:
            return
        settings = await self.bot.guild_settings.get(message.guild.id)
        if not in_scope(settings, message.channel.id, getattr(message.channel, "parent_id", None)):
            return
        i18n.set_language(settings.language)  # this listener's own task; DMs to the writer use theirs
        assessment = assess_message(message.id, message.content)
        decision = decide(settings, assessment)
        if decision.help_someone:
            await self._help_someone(message, settings, decision.alert_someone_else)
            return
        if not decision.alert:
            return
        signal = CrisisSignal(
            guild_id=message.guild.id,
            source="message",
            assessment=assessment,
            channel_id=message.channel.id,
            message_id=message.id,
            jump_url=message.jump_url,
            writer_id=message.author.id,
        )
        alert_id = await report_crisis(self.bot, signal)
        if decision.offer_support:
            await self._offer_support(message, settings, alert_id)

    async def _help_someone(self, message: discord.Message, settings: GuildSettings, alert_team: bool) -> None:
        """The writer is worried about someone else: how-to-help advice privately; moderators too if it is now."""
        assert message.guild is not None
        team_told = False
        if alert_team:
            signal = CrisisSignal(
                guild_id=message.guild.id,
                source="someone_else",
                assessment=assess_message(message.id, message.content),
                channel_id=message.channel.id,
                message_id=message.id,
                jump_url=message.jump_url,
                writer_id=message.author.id,
            )
            team_told = await report_crisis(self.bot, signal) is not None
        key = (message.guild.id, message.author.id)
        now = self.bot.clock()
        last = self._helped.get(key)
        if last is not None and now - last < timedelta(hours=settings.safety.dm_cooldown_hours) and not alert_team:
            return
        self._helped[key] = now
        await send_help_someone(self.bot, country=settings.country, user=message.author, team_told=team_told)

    async def _offer_support(self, message: discord.Message, settings: GuildSettings, alert_id: int | None) -> None:
        """At most one private support DM per member per cooldown; closed DMs mean nothing is sent at all."""
        assert message.guild is not None
        guild_id, user_id = message.guild.id, message.author.id
        cooldown = timedelta(hours=settings.safety.dm_cooldown_hours)
        previous = await self.repository.claim_support_dm(guild_id, user_id, self.bot.clock(), cooldown)
        if previous is None:
            return
        sent = await send_private_support(
            self.bot, guild_id=guild_id, country=settings.country, alert_id=alert_id, user=message.author
        )
        if not sent:
            await self.repository.release_support_dm(guild_id, user_id, previous)


async def setup(bot: HearthBot) -> None:
    """Load the moderation cog."""
    await bot.add_cog(ModerationCog(bot))
