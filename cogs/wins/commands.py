"""Small wins: /win posts a celebration, /wins mine shows your own, and a weekly community digest."""

from __future__ import annotations

import logging
import random
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import i18n
from bot.core.claims import LeaseSweep, claim_nonce
from bot.core.guild_settings import GuildSettings, parse_hhmm
from bot.core.pacing import bulk_job, shared_pacer
from bot.surface import delivery
from bot.surface.language import in_server_language
from bot.surface.replies import reply_private, returned_text_block
from cogs.safety.api import Assessment, CrisisSignal, report_crisis, send_private_support
from cogs.wins import messages as words
from cogs.wins.content import Tone
from cogs.wins.service import WeekInWins, WinsService, WinToPost, highlights, with_text
from cogs.wins.views import CelebrateButton, MineView, win_view

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
DIGEST_CATCH_UP = timedelta(hours=6)
"""A digest is sent up to this long after its moment (the bot was down then, or the process sending it stopped)."""
DIGEST_SWEEP_KEY = "wins-digest:leases"
# Kept in `wins_digests.failure` (read by nobody but an operator looking at the table) for a digest claim a
# stopped process left unsent and that is not sent again: found past DIGEST_CATCH_UP, or the digest (or wins)
# turned off since, or the bot no longer in the server.
DIGEST_TOO_LATE = "abandoned-found-too-late"
DIGEST_TURNED_OFF = "abandoned-digest-off-or-server-gone"
TONE_COLOURS = {
    Tone.GENTLE: discord.Colour.teal(),
    Tone.WARM: discord.Colour.gold(),
    Tone.BRIGHT: discord.Colour.orange(),
}


class WinsCog(commands.Cog):
    """Share small wins and celebrate each other's."""

    wins_group = app_commands.Group(name="wins", description="Your small wins", guild_only=True)

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.rng = random.Random()
        self.service = WinsService(
            bot.db, bot.anonymity, lambda: bot.content.celebrations, bot.clock, self.rng, owner=bot.instance_id
        )
        self.lease_sweep = LeaseSweep(bot.scheduler, DIGEST_SWEEP_KEY, bot.clock, self.resend_abandoned)
        self.pacer = shared_pacer(bot, bot.db)  # every server's digest is due at the same moment: take turns

    async def cog_load(self) -> None:
        """Register the data store, the persistent button and the digest scheduling."""
        self.bot.member_data.register(self.service.repo)
        self.bot.add_dynamic_items(CelebrateButton)
        self.bot.add_job_provider(self.schedule_digest)
        for guild in self.bot.guilds:  # a cog reload: re-derive jobs for servers already online
            await self.schedule_digest(guild, await self.bot.guild_settings.get(guild.id))

    async def cog_unload(self) -> None:
        """Stop listening for the celebrate button and stop the digests scheduled by this instance."""
        self.bot.remove_dynamic_items(CelebrateButton)
        if self.schedule_digest in self.bot.job_providers:
            self.bot.job_providers.remove(self.schedule_digest)
        for guild in self.bot.guilds:
            self.bot.scheduler.cancel(guild.id, "wins-digest")

    @app_commands.command(name="win", description="Share a small win in the wins channel")
    @app_commands.guild_only()
    @app_commands.describe(
        text="What went a little better? Small ones count.",
        anonymous="Post under your pseudonym instead of your name",
        show_in_digest="Let the weekly digest quote this win with your name",
    )
    async def win(
        self,
        interaction: discord.Interaction[HearthBot],
        text: str,
        anonymous: bool = False,
        show_in_digest: bool = False,
    ) -> None:
        """Check the win, store it, post it with a celebration line and the celebrate button."""
        assert interaction.guild is not None
        # Answer Discord first (its 3-second window); every answer below is a private follow-up.
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = interaction.guild.id
        settings = await self.bot.guild_settings.get(guild_id)
        checked = self.service.check(settings, text)
        if checked.assessment.is_crisis:
            await self._support_instead(interaction, settings, text, anonymous, checked.assessment)
            return

        async def store() -> WinToPost:
            return await self.service.store(
                guild_id, interaction.user.id, checked, anonymous=anonymous, show_in_digest=show_in_digest
            )

        async def send(win: WinToPost) -> delivery.PostResult:
            embed = discord.Embed(title=words.WIN_TITLE, description=win.text, colour=TONE_COLOURS[win.line.tone])
            if win.pseudonym is not None:
                embed.set_author(name=win.pseudonym)
            else:
                embed.set_author(name=interaction.user.display_name, icon_url=interaction.user.display_avatar.url)
            embed.add_field(name="\u200b", value=f"_{win.line.text}_", inline=False)
            return await delivery.post(
                self.bot,
                guild_id,
                settings.channels.wins,
                what="wins",
                needed=("view_channel", "send_messages", "embed_links"),
                embed=embed,
                view=win_view(win.win_id),
            )

        async def record(win: WinToPost, message: discord.Message) -> None:
            await self.service.posted(win.win_id, message.channel.id, message.id)

        async def release(win: WinToPost) -> None:
            await self.service.not_posted(win.win_id)

        async with in_server_language(self.bot, guild_id):  # a public post: the server's language
            _, result = await delivery.post_reserved(store, send, record, release)
        if result.message is None:
            await reply_private(interaction, with_text(words.WIN_NOT_POSTED.format(reason=result.reason), text))
            return
        for emoji in words.WIN_REACTIONS:
            try:
                await result.message.add_reaction(emoji)
            except discord.HTTPException:
                break  # reactions are a nicety; the win is posted
        await reply_private(interaction, words.WIN_POSTED.format(channel=f"<#{result.message.channel.id}>"))

    async def _support_instead(
        self,
        interaction: discord.Interaction[HearthBot],
        settings: GuildSettings,
        text: str,
        anonymous: bool,
        assessment: Assessment,
    ) -> None:
        """Crisis language: no celebration, private support, an alert, and the text given back."""
        assert interaction.guild is not None
        signal = CrisisSignal(
            guild_id=interaction.guild.id,
            source="win",
            assessment=assessment,
            channel_id=interaction.channel_id,
            writer_id=None if anonymous else interaction.user.id,
        )
        alert_id = await report_crisis(self.bot, signal)
        await send_private_support(
            self.bot,
            guild_id=interaction.guild.id,
            country=settings.country,
            alert_id=alert_id,
            interaction=interaction,
        )
        await reply_private(interaction, f"{words.WIN_CRISIS}\n{returned_text_block(text)}")

    @wins_group.command(name="mine", description="Your own wins, privately")
    async def mine(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Show the member's wins, newest first, with a gentle rhythm instead of a streak."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        wins, zone, pace = await self.service.mine(interaction.guild.id, interaction.user.id, settings)
        if not wins:
            await reply_private(interaction, words.MINE_EMPTY)
            return
        view = MineView(
            interaction.user.id, wins, zone, words.MINE_RHYTHM.format(month=pace.days_this_month, week=pace.last_seven)
        )
        await reply_private(interaction, embed=view.embed(), view=view)

    async def schedule_digest(self, guild: discord.Guild, settings: GuildSettings) -> None:
        """(Re)schedule one server's weekly digest from its settings."""
        if not (settings.features.wins and settings.wins.digest) or settings.channels.wins is None:
            self.bot.scheduler.cancel(guild.id, "wins-digest")  # no digest without a wins channel
            return
        at: time = parse_hhmm(settings.wins.digest_time)
        guild_id = guild.id

        async def job(moment: datetime) -> None:
            await self.post_digest(guild_id, moment)

        self.bot.scheduler.schedule_daily(
            guild_id,
            "wins-digest",
            at,
            settings.timezone,
            job,
            days=[settings.wins.digest_day],
            catch_up=DIGEST_CATCH_UP,
        )

    async def post_digest(self, guild_id: int, moment: datetime) -> None:
        """Claim this week's digest for the server, then post it (exactly once per ISO week)."""
        settings = await self.bot.guild_settings.get(guild_id)
        if not (settings.features.wins and settings.wins.digest):
            return
        # Armed before the claim: a claim that did commit though its answer was lost is swept up all the same.
        self.lease_sweep.arm()
        week_in_wins = await self.service.claim_digest(guild_id, moment)
        if week_in_wins is None:
            return
        with i18n.speaking(settings.language), bulk_job(self.pacer):
            await self._post_digest(guild_id, week_in_wins, settings)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Connected (a start, or a standby taking over): send the digests a stopped process left claimed."""
        try:
            await self.resend_abandoned()
        except Exception:
            log.exception("the sweep of abandoned digest claims failed")

    async def resend_abandoned(self) -> int:
        """Send again the digest claims a stopped process left open in the servers this process owns (due within
        DIGEST_CATCH_UP; older ones are closed unsent): a digest found in the channel is recorded, not posted
        twice, and each send carries the claim's nonce. Returns how many were taken."""
        taken = await self.service.abandoned_digests(DIGEST_CATCH_UP, DIGEST_TOO_LATE, self.bot.shard_scope.sql())
        if taken:
            log.warning("sending %d weekly digest claim(s) again that a stopped process left open", len(taken))
        for claim in taken:
            try:
                settings = await self.bot.guild_settings.get(claim.guild_id)
                if not (settings.features.wins and settings.wins.digest) or self.bot.get_guild(claim.guild_id) is None:
                    await self.service.digest_posted(claim.guild_id, claim.week, None, DIGEST_TURNED_OFF)
                    continue
                week_in_wins = await self.service.week_in_wins(claim.guild_id, claim.week, claim.due_at)
                with i18n.speaking(settings.language), bulk_job(self.pacer):
                    await self._post_digest(claim.guild_id, week_in_wins, settings, claimed_at=claim.claimed_at)
            except Exception:
                log.exception("sending an abandoned digest claim again failed for guild %s", claim.guild_id)
        return len(taken)

    async def _post_digest(
        self, guild_id: int, week_in_wins: WeekInWins, settings: GuildSettings, *, claimed_at: datetime | None = None
    ) -> None:
        """Build and post the claimed digest, in the server's language. `claimed_at` is set when sending again a
        claim another attempt may have posted: a digest of ours in the channel since then is taken as it."""
        week, counts, wins = week_in_wins.week, week_in_wins.counts, week_in_wins.wins
        if claimed_at is not None:
            landed = await delivery.find_own_message(
                self.bot,
                delivery.resolve_channel(self.bot, guild_id, settings.channels.wins),
                claimed_at,
                lambda message: bool(message.embeds) and message.embeds[0].title == words.DIGEST_TITLE,
            )
            if landed is not None:
                await self.service.digest_posted(guild_id, week, landed.id, None)
                return
        guild = self.bot.get_guild(guild_id)
        names: dict[int, str] = {}
        if guild is not None:
            for win in wins:
                if win.show_in_digest and win.user_id is not None:
                    member = await delivery.resolve_member(guild, win.user_id)  # None: left, not named
                    if member is not None:
                        names[win.user_id] = member.display_name
        intro = self.rng.choice(self.bot.content.celebrations.digest_intros)
        body = words.DIGEST_COUNTS.format(wins=counts.wins, cheers=counts.celebrations, milestones=counts.milestones)
        embed = discord.Embed(title=words.DIGEST_TITLE, description=f"{intro}\n\n{body}", colour=discord.Colour.gold())
        chosen = highlights(wins, names)
        if chosen:
            embed.add_field(
                name=words.DIGEST_HIGHLIGHTS,
                inline=False,
                value="\n".join(f"**{item.shown_as}**: {item.text}" for item in chosen)[:1024],
            )
        embed.set_footer(text=words.DIGEST_FOOTER)
        # The claim's nonce on every attempt: Discord drops a repeat of a send it already accepted.
        result = await delivery.post(
            self.bot,
            guild_id,
            settings.channels.wins,
            what="wins",
            embed=embed,
            nonce=claim_nonce("d", guild_id, week),
        )
        if result.message is None and result.transient:
            # A passing Discord problem (a 5xx, a timeout): the claim stays open under its lease, and the lease
            # sweep sends it again (found first if it did land) until DIGEST_CATCH_UP after its moment.
            self.lease_sweep.arm()
            log.warning("weekly digest for guild %s: %s; trying again after the claim's lease", guild_id, result.reason)
            return
        await self.service.digest_posted(guild_id, week, result.message.id if result.message else None, result.reason)
        if result.message is None:
            log.warning("weekly digest for guild %s not posted: %s", guild_id, result.reason)


async def setup(bot: HearthBot) -> None:
    """Load the wins cog."""
    await bot.add_cog(WinsCog(bot))
