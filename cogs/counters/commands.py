"""Private day counters: start, view, slip, reset, stop, a timezone, and milestone congratulations."""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import i18n
from bot.core.claims import LeaseSweep, claim_nonce
from bot.core.guild_settings import GuildSettings
from bot.core.pacing import bulk_job, shared_pacer
from bot.surface import delivery
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from bot.surface.language import in_member_language
from bot.surface.options import TIMEZONE
from bot.surface.replies import reply_private
from cogs.counters import messages as words
from cogs.counters import service
from cogs.counters.service import Counters
from cogs.counters.store import Counter
from cogs.counters.views import ResetConfirm
from cogs.safety.api import check_text

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
MILESTONE_JOB = "counter-milestones"
MILESTONE_SWEEP_KEY = f"{MILESTONE_JOB}:leases"
RESEND_WINDOW = timedelta(days=1)
"""A milestone congratulation a stopped process left unsent is sent again if it was claimed this recently."""


class CountersCog(commands.Cog):
    """Day counters that count kindly: a slip never wipes the journey."""

    counter = app_commands.Group(name="counter", description="Your private day counters", guild_only=True)

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.counters = Counters(bot.db, bot.guild_settings, bot.clock, owner=bot.instance_id)
        self.lease_sweep = LeaseSweep(bot.scheduler, MILESTONE_SWEEP_KEY, bot.clock, self.resend_abandoned)
        self.rng = random.Random()
        self.pacer = shared_pacer(bot, bot.db)  # a morning's milestones go out together: take turns

    async def cog_load(self) -> None:
        """Register the data store, follow server timezone changes, and arm the next milestone morning."""
        self.bot.member_data.register(self.counters.repository)
        self.bot.guild_settings.on_change(self._server_settings_changed)
        await self.arm_milestones()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Connected or restarted (or a standby taking over): send the congratulations a stopped process left
        claimed, then congratulate a milestone whose morning came while we were away today."""
        try:
            await self.resend_abandoned()
        except Exception:
            log.exception("the sweep of abandoned milestone claims failed")
        await self.run_milestones()

    async def resend_abandoned(self) -> int:
        """Send again the milestone congratulations a stopped process claimed (within RESEND_WINDOW) and left
        unrecorded, in the servers this process owns: a DM or shared post of it found since the claim is not
        sent twice, and each send carries the claim's nonce. Returns how many were taken."""
        taken = await self.counters.abandoned_milestones(RESEND_WINDOW, self.bot.shard_scope.sql())
        if taken:
            log.warning("sending %d milestone congratulation(s) again that a stopped process left", len(taken))
        for counter, days, claimed_at in taken:
            try:
                with bulk_job(self.pacer):
                    await self._congratulate(counter, days, claimed_at=claimed_at)
            except Exception:
                log.exception("sending an abandoned milestone again failed for counter %s", counter.id)
        return len(taken)

    async def cog_unload(self) -> None:
        """Stop the milestone job and stop following settings."""
        self.bot.guild_settings.off_change(self._server_settings_changed)
        self.bot.scheduler.cancel(None, MILESTONE_JOB)

    async def run_milestones(self) -> None:
        """Congratulate milestones whose morning has come, then arm the job for the next one.

        Every counter keeps its next milestone morning (`next_due`, indexed), updated whenever the counter or
        its timezone changes; one scheduler job sleeps until the earliest: no polling and no scan.
        """
        try:
            await self.check_milestones()
        except Exception:
            log.exception("milestone check failed")
        await self.arm_milestones()

    async def arm_milestones(self) -> None:
        """Schedule the milestone job at the earliest milestone morning still to come (or cancel it)."""
        soonest = await self.counters.earliest_due(self.bot.shard_scope.sql())
        if soonest is None:
            self.bot.scheduler.cancel(None, MILESTONE_JOB)
        else:
            # A morning already past (a counter due now) runs at once.
            self.bot.scheduler.schedule_at(None, MILESTONE_JOB, soonest, self.run_milestones)

    async def _server_settings_changed(self, guild_id: int, settings: GuildSettings) -> None:
        """A server's timezone may have moved the mornings of counters that follow it."""
        if await self.counters.server_zone_changed(guild_id, settings.timezone):
            await self.arm_milestones()

    async def _enabled(self, interaction: discord.Interaction[HearthBot]) -> tuple[int, int]:
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        if not settings.features.counters:
            raise UserFacingError(common.FEATURE_OFF.format(feature=words.COUNTERS_FEATURE))
        return interaction.guild.id, interaction.user.id

    async def _own_names(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild is None:
            return []
        names = await self.counters.names(interaction.guild.id, interaction.user.id, current)
        return [app_commands.Choice(name=name, value=name) for name in names][:25]

    async def _suggest_new(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        options = [name for name in service.NAME_SUGGESTIONS if current.casefold() in name]
        if current.strip() and current.strip().casefold() not in options:
            options.insert(0, current.strip()[: service.MAX_NAME_LENGTH])
        return [app_commands.Choice(name=name, value=name) for name in options[:25]]

    @counter.command(name="start", description="Start a private day counter")
    @app_commands.describe(
        name="What you're counting, e.g. no contact",
        since="Start date YYYY-MM-DD (default: today)",
        share_milestones="Also post milestones of this counter in the wins channel, with your name",
    )
    async def start(
        self,
        interaction: discord.Interaction[HearthBot],
        name: str,
        since: str | None = None,
        share_milestones: bool = False,
    ) -> None:
        """Create a counter; refuse duplicates, an 11th counter, and impossible dates."""
        guild_id, user_id = await self._enabled(interaction)
        clean, started, days = await self.counters.start(guild_id, user_id, name, since, share_milestones)
        await self.arm_milestones()
        await reply_private(interaction, words.COUNTER_STARTED.format(name=clean, start=started.isoformat(), days=days))

    start.autocomplete("name")(_suggest_new)

    @counter.command(name="view", description="See all your day counters (only you)")
    async def view(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Days since start, since the last slip, slips, and the next milestone for every counter."""
        guild_id, user_id = await self._enabled(interaction)
        zone, lines = await self.counters.overview(guild_id, user_id)
        if not lines:
            await reply_private(interaction, words.COUNTER_VIEW_EMPTY)
            return
        embed = discord.Embed(title=words.COUNTER_VIEW_TITLE, colour=discord.Colour.dark_green())
        for line in lines:
            counter, now, last = line.counter, line.status, line.last_milestone
            extra = ""
            if last is not None:
                extra = words.LAST_MILESTONE.format(
                    days=last.milestone,
                    on=last.reached_on.isoformat(),
                    note=words.DM_MISSED if last.dm_delivered is False else "",
                )
            embed.add_field(
                name=counter.name,
                inline=False,
                value=words.COUNTER_VIEW_LINE.format(
                    start=now.days_since_start,
                    slip=words.NO_SLIP if now.days_since_slip is None else now.days_since_slip,
                    slips=now.slips,
                    next=f"day {now.next_milestone}" if now.next_milestone else words.NO_NEXT,
                    reached=extra,
                ),
            )
        embed.set_footer(text=words.COUNTER_VIEW_ZONE.format(zone=zone))
        await reply_private(interaction, embed=embed)

    @counter.command(name="slip", description="Record a slip; your days since start are kept")
    @app_commands.describe(name="Which counter", note="A private note, only for you")
    async def slip(self, interaction: discord.Interaction[HearthBot], name: str, note: str | None = None) -> None:
        """Record a slip today without erasing the journey."""
        guild_id, user_id = await self._enabled(interaction)
        counter, days = await self.counters.slip(guild_id, user_id, name, note)
        line = self.rng.choice(self.bot.content.celebrations.slip_lines)
        await reply_private(interaction, words.SLIP_RECORDED.format(name=counter.name, start=days, line=line))

    slip.autocomplete("name")(_own_names)

    @counter.command(name="reset", description="Start a counter over from today (asks first)")
    @app_commands.describe(name="Which counter")
    async def reset(self, interaction: discord.Interaction[HearthBot], name: str) -> None:
        """Ask before starting over."""
        guild_id, user_id = await self._enabled(interaction)
        counter = await self.counters.find(guild_id, user_id, name)

        async def start_over() -> None:
            await self.counters.start_over(counter)
            await self.arm_milestones()

        await reply_private(
            interaction, words.RESET_ASK.format(name=counter.name), view=ResetConfirm(user_id, counter.name, start_over)
        )

    reset.autocomplete("name")(_own_names)

    @counter.command(name="stop", description="Stop a counter and forget its days")
    @app_commands.describe(name="Which counter")
    async def stop(self, interaction: discord.Interaction[HearthBot], name: str) -> None:
        """Delete a counter."""
        guild_id, user_id = await self._enabled(interaction)
        counter = await self.counters.find(guild_id, user_id, name)
        await self.counters.stop(counter)
        await self.arm_milestones()
        await reply_private(interaction, words.STOPPED.format(name=counter.name))

    stop.autocomplete("name")(_own_names)

    @counter.command(name="timezone", description="Set the timezone your counters use")
    @app_commands.describe(name="An IANA name like Europe/Berlin")
    async def timezone(
        self, interaction: discord.Interaction[HearthBot], name: app_commands.Transform[str, TIMEZONE]
    ) -> None:
        """Remember the member's timezone (checked by the option's transformer)."""
        guild_id, user_id = await self._enabled(interaction)
        zone = name
        today = await self.counters.set_timezone(guild_id, user_id, zone)
        await self.arm_milestones()
        await reply_private(interaction, words.TIMEZONE_SET.format(zone=zone, today=today.isoformat()))

    async def check_milestones(self) -> None:
        """Congratulate every counter that reached a milestone today, once, after the member's local morning."""
        # Armed before any claim: one that commits though its answer is lost is swept up all the same.
        self.lease_sweep.arm()
        async for counter, days in self.counters.due_milestones(self.bot.shard_scope.sql()):
            try:
                with bulk_job(self.pacer):
                    await self._congratulate(counter, days)
            except Exception:
                log.exception("milestone congratulation failed for counter %s", counter.id)

    async def _congratulate(self, counter: Counter, days: int, *, claimed_at: datetime | None = None) -> None:
        """The milestone DM in the member's language; the shared post, if they chose it, in the server's.

        Both are the same on every attempt at one claim (the line is chosen from the claim, and each send
        carries the claim's nonce). `claimed_at` is set when sending again a claim an earlier attempt may have
        half done: a DM or post of it found since then counts as sent."""
        guild = self.bot.get_guild(counter.guild_id)
        delivered = False
        user = await delivery.resolve_user(self.bot, counter.user_id)
        if user is not None:
            async with in_member_language(self.bot, counter.user_id, counter.guild_id):
                template = service.pick_line(self.bot.content.celebrations.milestone_lines, counter.id, days)
                line = template.format(days=days, name=counter.name)
                content = words.MILESTONE_DM.format(line=line, guild=guild.name if guild else words.THE_SERVER)
                if claimed_at is not None:
                    try:
                        channel = user.dm_channel or await user.create_dm()
                    except discord.HTTPException:
                        channel = None
                    earlier = await delivery.find_own_message(
                        self.bot, channel, claimed_at, lambda message: message.content == content
                    )
                    delivered = earlier is not None
                if not delivered:
                    delivered = await delivery.send_dm(user, content=content, nonce=claim_nonce("m", counter.id, days))
        shared = False
        if counter.share_milestones and guild is not None:
            member = await delivery.resolve_member(guild, counter.user_id)  # the cache can be cold after a restart
            settings = await self.bot.guild_settings.get(guild.id)
            if member is not None and settings.features.wins:
                with i18n.speaking(settings.language):  # a public post: the server's language
                    embed = discord.Embed(
                        title=words.MILESTONE_SHARED_TITLE,
                        colour=discord.Colour.gold(),
                        description=words.MILESTONE_SHARED.format(
                            name=member.display_name, days=days, counter=check_text(counter.name).text
                        ),
                    )
                    if claimed_at is not None:
                        wanted = embed.description
                        shared = (
                            await delivery.find_own_message(
                                self.bot,
                                delivery.resolve_channel(self.bot, guild.id, settings.channels.wins),
                                claimed_at,
                                lambda message: bool(message.embeds) and message.embeds[0].description == wanted,
                            )
                            is not None
                        )
                    if not shared:
                        result = await delivery.post(
                            self.bot,
                            guild.id,
                            settings.channels.wins,
                            what="wins",
                            embed=embed,
                            nonce=claim_nonce("s", counter.id, days),
                        )
                        shared = result.ok
        await self.counters.milestone_sent(counter, days, dm_delivered=delivered, shared=shared)


async def setup(bot: HearthBot) -> None:
    """Load the counters cog."""
    await bot.add_cog(CountersCog(bot))
