"""Private day counters: start, view, slip, reset, stop, a timezone, and milestone congratulations."""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.surface import delivery
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from bot.surface.language import in_member_language
from bot.surface.options import TIMEZONE
from bot.surface.replies import reply_private
from cogs.counters import messages as words
from cogs.counters import service
from cogs.counters.store import Counter, CountersRepository
from cogs.counters.views import ResetConfirm
from cogs.safety.api import check_text

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
MILESTONE_JOB = "counter-milestones"


class CountersCog(commands.Cog):
    """Day counters that count kindly: a slip never wipes the journey."""

    counter = app_commands.Group(name="counter", description="Your private day counters", guild_only=True)

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repo = CountersRepository(bot.db)
        self.rng = random.Random()

    async def cog_load(self) -> None:
        """Register the data store, follow server timezone changes, and arm the next milestone morning."""
        self.bot.member_data.register(self.repo)
        self.bot.guild_settings.on_change(self._server_settings_changed)
        await self.arm_milestones()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Connected or restarted: congratulate a milestone whose morning came while we were away today."""
        await self.run_milestones()

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
        soonest = await self.repo.earliest_due(self.bot.shard_scope.sql())
        if soonest is None:
            self.bot.scheduler.cancel(None, MILESTONE_JOB)
        else:
            # A morning already past (a counter due now) runs at once.
            self.bot.scheduler.schedule_at(None, MILESTONE_JOB, soonest, self.run_milestones)

    async def _server_settings_changed(self, guild_id: int, settings: GuildSettings) -> None:
        """A server's timezone may have moved the mornings of counters that follow it."""
        now = self.bot.clock()
        following = await self.repo.following_server_zone(guild_id)
        moments = [(c.id, service.next_milestone_moment(c.started_on, now, settings.timezone)) for c in following]
        await self.repo.set_many_next_due(moments)
        if moments:
            await self.arm_milestones()

    async def _zone(self, guild_id: int, user_id: int) -> str:
        own = await self.repo.timezone(guild_id, user_id)
        if own:
            return own
        return (await self.bot.guild_settings.get(guild_id)).timezone

    async def _enabled(self, interaction: discord.Interaction[HearthBot]) -> tuple[int, int]:
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        if not settings.features.counters:
            raise UserFacingError(common.FEATURE_OFF.format(feature=words.COUNTERS_FEATURE))
        return interaction.guild.id, interaction.user.id

    async def _find(self, guild_id: int, user_id: int, name: str) -> Counter:
        counters = await self.repo.for_member(guild_id, user_id)
        found = service.find(name, [c.name for c in counters])
        if found is not None:
            return next(c for c in counters if c.name == found)
        message = words.COUNTER_UNKNOWN.format(name=" ".join(name.split())[:60])
        if not counters:
            raise UserFacingError(message + words.COUNTER_NONE)
        suggestion = service.closest(name, [c.name for c in counters])
        if suggestion is not None:
            message += words.COUNTER_SUGGEST.format(suggestion=suggestion)
        raise UserFacingError(message)

    async def _own_names(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild is None:
            return []
        counters = await self.repo.for_member(interaction.guild.id, interaction.user.id)
        return [
            app_commands.Choice(name=c.name, value=c.name) for c in counters if current.casefold() in c.name.casefold()
        ][:25]

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
        clean = service.clean_name(name)  # CounterInputError is a UserFacingError: the member is told why
        zone = await self._zone(guild_id, user_id)
        today = service.local_today(self.bot.clock(), zone)
        started = service.parse_start(since, today)
        if share_milestones and not check_text(clean).ok:
            raise UserFacingError(check_text(clean).problems[0].reason)
        existing = await self.repo.for_member(guild_id, user_id)
        if service.find(clean, [c.name for c in existing]) is not None:
            raise UserFacingError(words.COUNTER_EXISTS.format(name=clean))
        if len(existing) >= service.MAX_COUNTERS:
            raise UserFacingError(words.COUNTER_LIMIT.format(limit=service.MAX_COUNTERS))
        now = self.bot.clock()
        next_due = service.next_milestone_moment(started, now, zone)
        await self.repo.create(guild_id, user_id, clean, started, share_milestones, now, next_due)
        await self.arm_milestones()
        days = service.status(started, [], today).days_since_start
        await reply_private(interaction, words.COUNTER_STARTED.format(name=clean, start=started.isoformat(), days=days))

    start.autocomplete("name")(_suggest_new)

    @counter.command(name="view", description="See all your day counters (only you)")
    async def view(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Days since start, since the last slip, slips, and the next milestone for every counter."""
        guild_id, user_id = await self._enabled(interaction)
        counters = await self.repo.for_member(guild_id, user_id)
        if not counters:
            await reply_private(interaction, words.COUNTER_VIEW_EMPTY)
            return
        zone = await self._zone(guild_id, user_id)
        today = service.local_today(self.bot.clock(), zone)
        embed = discord.Embed(title=words.COUNTER_VIEW_TITLE, colour=discord.Colour.dark_green())
        for counter in counters:
            now = service.status(counter.started_on, counter.slips, today)
            reached = await self.repo.milestones(counter.id)
            extra = ""
            if reached:
                last = reached[-1]
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
        if note is not None and len(note) > service.MAX_NOTE_LENGTH:
            raise UserFacingError(words.NOTE_TOO_LONG.format(length=len(note), limit=service.MAX_NOTE_LENGTH))
        counter = await self._find(guild_id, user_id, name)
        today = service.local_today(self.bot.clock(), await self._zone(guild_id, user_id))
        await self.repo.add_slip(counter.id, today, note, self.bot.clock())
        now = service.status(counter.started_on, [*counter.slips, today], today)
        line = self.rng.choice(self.bot.content.celebrations.slip_lines)
        await reply_private(
            interaction, words.SLIP_RECORDED.format(name=counter.name, start=now.days_since_start, line=line)
        )

    slip.autocomplete("name")(_own_names)

    @counter.command(name="reset", description="Start a counter over from today (asks first)")
    @app_commands.describe(name="Which counter")
    async def reset(self, interaction: discord.Interaction[HearthBot], name: str) -> None:
        """Ask before starting over."""
        guild_id, user_id = await self._enabled(interaction)
        counter = await self._find(guild_id, user_id, name)

        async def start_over() -> None:
            zone = await self._zone(guild_id, user_id)
            now = self.bot.clock()
            today = service.local_today(now, zone)
            await self.repo.reset(counter.id, today, service.next_milestone_moment(today, now, zone))
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
        counter = await self._find(guild_id, user_id, name)
        await self.repo.stop(counter.id)
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
        await self.repo.set_timezone(guild_id, user_id, zone)
        now = self.bot.clock()
        counters = await self.repo.for_member(guild_id, user_id)
        await self.repo.set_many_next_due(
            [(c.id, service.next_milestone_moment(c.started_on, now, zone)) for c in counters]
        )
        await self.arm_milestones()
        today = service.local_today(now, zone)
        await reply_private(interaction, words.TIMEZONE_SET.format(zone=zone, today=today.isoformat()))

    async def check_milestones(self) -> None:
        """Congratulate every counter that reached a milestone today, once, after the member's local morning.

        Reads only the counters whose next morning has come, and stores each one's following morning.
        """
        now = self.bot.clock()
        zones: dict[tuple[int, int], str] = {}
        while due_now := await self.repo.due(now, scope=self.bot.shard_scope.sql()):
            for counter in due_now:
                key = (counter.guild_id, counter.user_id)
                if key not in zones:
                    zones[key] = await self._zone(*key)
                await self.repo.set_next_due(
                    counter.id, service.next_milestone_moment(counter.started_on, now, zones[key])
                )
                due = service.milestone_due(counter.started_on, now, zones[key])
                if due is None:
                    continue
                days, on = due
                if not await self.repo.claim_milestone(counter, days, on, now):
                    continue
                try:
                    await self._congratulate(counter, days)
                except Exception:
                    log.exception("milestone congratulation failed for counter %s", counter.id)

    async def _congratulate(self, counter: Counter, days: int) -> None:
        """The milestone DM in the member's language; the shared post, if they chose it, in the server's."""
        guild = self.bot.get_guild(counter.guild_id)
        delivered = False
        user = self.bot.get_user(counter.user_id)
        if user is None:
            try:
                user = await self.bot.fetch_user(counter.user_id)
            except discord.HTTPException:
                user = None
        if user is not None:
            async with in_member_language(self.bot, counter.user_id, counter.guild_id):
                template = self.rng.choice(self.bot.content.celebrations.milestone_lines)
                line = template.format(days=days, name=counter.name)
                delivered = await delivery.send_dm(
                    user, content=words.MILESTONE_DM.format(line=line, guild=guild.name if guild else words.THE_SERVER)
                )
        shared = False
        if counter.share_milestones and guild is not None:
            member = guild.get_member(counter.user_id)
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
                    result = await delivery.post(self.bot, guild.id, settings.channels.wins, what="wins", embed=embed)
                    shared = result.ok
        await self.repo.record_milestone(counter.id, days, dm_delivered=delivered, shared=shared)


async def setup(bot: HearthBot) -> None:
    """Load the counters cog."""
    await bot.add_cog(CountersCog(bot))
