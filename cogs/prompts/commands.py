"""Daily reflection prompts: /prompt and /prompts-admin commands, the scheduled post and the suggestion review queue."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.guild_settings import WEEKDAY_NAMES, GuildSettings, parse_days, parse_hhmm
from bot.core.pacing import shared_pacer
from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.permissions import Tier, require_tier
from bot.surface.replies import reply_private, returned_text_block
from cogs.prompts import messages as words
from cogs.prompts.content import Intensity, Theme
from cogs.prompts.deck import EmptyDeckError
from cogs.prompts.posting import JOB_KEY, LEASE_SWEEP_KEY, PromptPoster, jump_url, prompt_embed
from cogs.prompts.service import PromptService, clean_prompt_text
from cogs.prompts.store import PromptRepository, Suggestion
from cogs.prompts.views import (
    INTENSITY_CHOICES,
    THEME_CHOICES,
    PromptListPager,
    PromptTextModal,
    SuggestionReviewButton,
    added_reply,
    finish_review,
    review_embed,
    review_view,
)
from cogs.safety.api import CrisisSignal, Level, assess, report_crisis, send_private_support

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


def describe_days(days: list[int]) -> str:
    """'every day' or 'mon, wed, fri'."""
    return words.DAYS_ALL if len(days) == 7 else ", ".join(WEEKDAY_NAMES[d] for d in days)


class PromptsCog(commands.Cog):
    """The /prompt and /prompts-admin commands and the daily prompt job."""

    prompt = app_commands.Group(name="prompt", description="Daily reflection prompts", guild_only=True)
    # Discord hides a command by its top-level default_permissions, so moderators' commands live apart.
    prompts_admin = app_commands.Group(
        name="prompts-admin",
        description="Run the daily prompts (moderators)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repository = PromptRepository(bot.db, owner=bot.instance_id)
        self.service = PromptService(self.repository, bot.content.prompts_by_language, bot.clock)
        self.poster = PromptPoster(bot, self.service, shared_pacer(bot, bot.db))

    async def cog_load(self) -> None:
        """Register the data store, the persistent review buttons and the job provider."""
        self.bot.member_data.register(self.repository)
        self.bot.add_dynamic_items(SuggestionReviewButton)
        self.bot.add_job_provider(self.poster.provide)
        self.bot.guild_settings.add_validator(self.check_prompt_settings)
        for guild in self.bot.guilds:  # a cog reload: re-derive jobs for servers already online
            await self.poster.provide(guild, await self.bot.guild_settings.get(guild.id))

    async def _resend_abandoned(self) -> None:
        try:
            await self.poster.resend_abandoned()
        except Exception:
            log.exception("the sweep of abandoned prompt claims failed")

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Connected (a start, or a standby taking over): send again what a stopped process left claimed."""
        await self._resend_abandoned()

    async def check_prompt_settings(self, guild_id: int, settings: GuildSettings, changed: set[str]) -> None:
        """Refuse themes that do not exist, and limits that would leave the deck empty (nothing would post)."""
        if not changed & {"prompts.themes", "prompts.intensity"}:
            return
        known = {theme.value for theme in Theme}
        unknown = [name for name in settings.prompts.themes if name not in known]
        if unknown:
            raise ValueError(words.UNKNOWN_THEMES.format(names=", ".join(unknown), known=", ".join(sorted(known))))
        if not await self.service.enabled(guild_id, settings.prompts, settings.language):
            raise ValueError(words.DECK_WOULD_BE_EMPTY)

    async def cog_unload(self) -> None:
        """Stop scheduling from this instance."""
        self.bot.remove_dynamic_items(SuggestionReviewButton)
        self.bot.guild_settings.remove_validator(self.check_prompt_settings)
        if self.poster.provide in self.bot.job_providers:
            self.bot.job_providers.remove(self.poster.provide)
        for guild in self.bot.guilds:
            self.bot.scheduler.cancel(guild.id, JOB_KEY)
        self.bot.scheduler.cancel(None, LEASE_SWEEP_KEY)

    async def _settings(self, interaction: discord.Interaction[HearthBot]) -> GuildSettings:
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        if not settings.features.prompts:
            raise UserFacingError(words.SWITCHED_OFF)
        return settings

    def _next_run(self, guild_id: int, settings: GuildSettings) -> str:
        moment = self.bot.scheduler.next_run(guild_id, JOB_KEY)
        return discord.utils.format_dt(moment, "F") if moment is not None else words.NEXT_NONE

    async def _change(self, interaction: discord.Interaction[HearthBot], changes: dict[str, object]) -> GuildSettings:
        assert interaction.guild is not None
        return await self.bot.guild_settings.update(interaction.guild.id, interaction.user.id, changes)

    # --- moderators --------------------------------------------------------------------------------------------

    @prompts_admin.command(name="now", description="Post the next prompt now (counts as today's if none was posted)")
    @require_tier(Tier.MODERATOR)
    async def prompt_now(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Post immediately; today's if the day is still open, otherwise an extra one."""
        settings = await self._settings(interaction)
        if settings.channels.prompts is None:
            raise UserFacingError(words.NOT_SET_UP)
        assert interaction.guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        today = self.poster.today(settings)
        outcome = await self.poster.post_for_day(interaction.guild.id, today, settings)
        what = words.NOW_TODAY
        if outcome.already_claimed:
            outcome = await self.poster.post_for_day(interaction.guild.id, today, settings, extra=True)
            what = words.NOW_EXTRA
        if not outcome.ok:
            raise UserFacingError(words.NOW_FAILED.format(reason=outcome.reason))
        await reply_private(interaction, words.NOW_POSTED.format(what=what, channel=f"<#{settings.channels.prompts}>"))

    @prompts_admin.command(name="schedule", description="Set the daily prompt time and days")
    @app_commands.describe(
        time="24-hour time like 09:00, in the server's timezone",
        days="daily, weekdays, weekends or names like mon,wed,fri",
    )
    @require_tier(Tier.MODERATOR)
    async def prompt_schedule(
        self, interaction: discord.Interaction[HearthBot], time: str, days: str | None = None
    ) -> None:
        """Change when prompts are posted."""
        assert interaction.guild is not None
        changes: dict[str, object] = {}
        try:
            changes["prompts.time"] = parse_hhmm(time).strftime("%H:%M")
            if days is not None:
                changes["prompts.days"] = parse_days(days)
        except ValueError as exc:
            raise UserFacingError(str(exc)) from None
        settings = await self._change(interaction, changes)
        text = words.SCHEDULE_DONE.format(
            time=settings.prompts.time,
            zone=settings.timezone,
            days=describe_days(settings.prompts.days),
            next=self._next_run(interaction.guild.id, settings),
        )
        if settings.prompts.paused:
            text += words.SCHEDULE_PAUSED_NOTE
        await reply_private(interaction, text)

    @prompts_admin.command(name="pause", description="Pause the daily prompt")
    @require_tier(Tier.MODERATOR)
    async def prompt_pause(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Stop posting until resumed."""
        current = await self.bot.guild_settings.get(interaction.guild.id)  # type: ignore[union-attr]
        if current.prompts.paused:
            await reply_private(interaction, words.ALREADY_PAUSED)
            return
        await self._change(interaction, {"prompts.paused": True})
        await reply_private(interaction, words.PAUSED)

    @prompts_admin.command(name="resume", description="Resume the daily prompt")
    @require_tier(Tier.MODERATOR)
    async def prompt_resume(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Start posting again."""
        assert interaction.guild is not None
        current = await self.bot.guild_settings.get(interaction.guild.id)
        settings = await self._change(interaction, {"prompts.paused": False})
        text = words.NOT_PAUSED if not current.prompts.paused else words.RESUMED
        await reply_private(interaction, text.format(next=self._next_run(interaction.guild.id, settings)))

    @prompts_admin.command(name="add", description="Add your own prompt to this server's deck")
    @app_commands.describe(
        theme="What the prompt is about", intensity="Gentle for any day; deeper for a heavier question"
    )
    @app_commands.choices(theme=THEME_CHOICES, intensity=INTENSITY_CHOICES)
    @require_tier(Tier.MODERATOR)
    async def prompt_add(
        self, interaction: discord.Interaction[HearthBot], theme: str, intensity: str = "gentle"
    ) -> None:
        """Open the form for a new prompt."""
        assert interaction.guild is not None
        guild_id = interaction.guild.id

        async def save(inner: discord.Interaction[HearthBot], text: str, warning: str | None) -> None:
            added = await self.service.add(guild_id, Theme(theme), Intensity(intensity), text, warning, inner.user.id)
            await reply_private(inner, added_reply(added))

        await interaction.response.send_modal(PromptTextModal(words.ADD_MODAL_TITLE, save))

    @prompts_admin.command(name="remove", description="Remove a prompt from this server's deck")
    @app_commands.describe(prompt_id="The prompt's id (see /prompts-admin list)")
    @require_tier(Tier.MODERATOR)
    async def prompt_remove(self, interaction: discord.Interaction[HearthBot], prompt_id: str) -> None:
        """Delete a server prompt or switch a shipped one off."""
        assert interaction.guild is not None
        await reply_private(interaction, await self.service.remove(interaction.guild.id, prompt_id))

    @prompt_remove.autocomplete("prompt_id")
    async def _remove_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild is None:
            return []
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        needle = current.lower()
        found = [
            p
            for p in await self.service.enabled(interaction.guild.id, settings.prompts, settings.language)
            if needle in p.id or needle in p.text.lower()
        ]
        return [app_commands.Choice(name=f"{p.id} · {p.text}"[:100], value=p.id) for p in found[:25]]

    @prompts_admin.command(name="list", description="Browse the prompts in this server's deck")
    @require_tier(Tier.MODERATOR)
    async def prompt_list(self, interaction: discord.Interaction[HearthBot]) -> None:
        """A private, paginated list."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        pager = PromptListPager(
            interaction.user.id, await self.service.enabled(interaction.guild.id, settings.prompts, settings.language)
        )
        await reply_private(interaction, embed=pager.embed(), view=pager)

    # --- everyone ----------------------------------------------------------------------------------------------

    @prompt.command(name="today", description="See today's prompt and where to answer it")
    async def prompt_today(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Today's prompt with a link to its thread."""
        settings = await self._settings(interaction)
        assert interaction.guild is not None
        today = self.poster.today(settings)
        post = await self.service.day_post(interaction.guild.id, today)
        if post is None or post.status != "posted" or post.prompt_id is None or post.channel_id is None:
            if settings.prompts.paused:
                text = words.TODAY_NONE_PAUSED
            elif today.weekday() not in settings.prompts.days:
                text = words.TODAY_NOT_TODAY
            else:
                text = words.TODAY_NONE.format(time=settings.prompts.time, zone=settings.timezone)
            await reply_private(interaction, text)
            return
        prompt = await self.service.find(interaction.guild.id, post.prompt_id)
        url = (
            jump_url(interaction.guild.id, post.thread_id)
            if post.thread_id
            else jump_url(interaction.guild.id, post.channel_id, post.message_id)
        )
        if prompt is None:
            await reply_private(interaction, words.TODAY_LINK.format(url=url))
            return
        await reply_private(interaction, words.TODAY_LINK.format(url=url), embed=prompt_embed(prompt))

    @prompt.command(name="history", description="The last 14 prompts posted here")
    async def prompt_history(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Recent prompts with links."""
        await self._settings(interaction)
        assert interaction.guild is not None
        posts = await self.service.recent_posts(interaction.guild.id, limit=14)
        if not posts:
            await reply_private(interaction, words.HISTORY_EMPTY)
            return
        lines = []
        for post in posts:
            theme = Theme(post.theme).label if post.theme else "?"
            assert post.channel_id is not None
            link = (
                words.LINK_THREAD.format(url=jump_url(interaction.guild.id, post.thread_id))
                if post.thread_id
                else words.LINK_MESSAGE.format(url=jump_url(interaction.guild.id, post.channel_id, post.message_id))
            )
            lines.append(words.HISTORY_LINE.format(date=post.local_date.isoformat(), theme=theme, link=link))
        embed = discord.Embed(
            title=words.HISTORY_TITLE.format(count=len(posts)),
            description="\n".join(lines),
            colour=discord.Colour.teal(),
        )
        await reply_private(interaction, embed=embed)

    @prompt.command(name="suggest", description="Suggest a prompt; the moderators review it")
    @app_commands.describe(theme="What your prompt is about (you write it in the next step)")
    @app_commands.choices(theme=THEME_CHOICES)
    async def prompt_suggest(self, interaction: discord.Interaction[HearthBot], theme: str) -> None:
        """Open the suggestion form."""
        settings = await self._settings(interaction)
        assert interaction.guild is not None
        guild_id = interaction.guild.id

        async def submit(inner: discord.Interaction[HearthBot], text: str, warning: str | None) -> None:
            await self._queue_suggestion(inner, guild_id, settings, Theme(theme), text, warning)

        await interaction.response.send_modal(PromptTextModal(words.SUGGEST_MODAL_TITLE, submit))

    async def _queue_suggestion(
        self,
        interaction: discord.Interaction[HearthBot],
        guild_id: int,
        settings: GuildSettings,
        theme: Theme,
        text: str,
        warning: str | None,
    ) -> None:
        cleaned, cleaned_warning = clean_prompt_text(text, warning)
        assessment = assess(text)
        if assessment.level == Level.CRISIS:
            alert_id = await report_crisis(
                self.bot,
                CrisisSignal(
                    guild_id=guild_id, source="prompt_suggestion", assessment=assessment, writer_id=interaction.user.id
                ),
            )
            await send_private_support(
                self.bot, guild_id=guild_id, country=settings.country, alert_id=alert_id, interaction=interaction
            )
            return
        channel_id = settings.channels.mod_alerts
        if channel_id is None:
            raise UserFacingError(words.SUGGEST_NEEDS_CHANNEL.format(text=returned_text_block(text)))
        suggestion = await self.service.suggest(guild_id, interaction.user.id, theme, cleaned, cleaned_warning)
        result = await delivery.post(
            self.bot,
            guild_id,
            channel_id,
            what="mod_alerts",
            embed=review_embed(suggestion),
            view=review_view(suggestion.id),
        )
        if result.message is None:
            await self.service.suggestion_not_posted(suggestion.id)
            raise UserFacingError(words.SUGGEST_FAILED.format(reason=result.reason, text=returned_text_block(text)))
        await self.service.suggestion_posted(suggestion.id, result.message.channel.id, result.message.id)
        await reply_private(interaction, words.SUGGEST_THANKS)

    # --- review (called by the persistent buttons) ---------------------------------------------------------------

    async def pending_suggestion(self, suggestion_id: int, interaction: discord.Interaction[HearthBot]) -> Suggestion:
        """The suggestion behind a review button, if it is still waiting and belongs to this server."""
        return await self.service.pending_suggestion(suggestion_id, interaction.guild.id if interaction.guild else None)

    async def approve_suggestion(
        self, interaction: discord.Interaction[HearthBot], suggestion: Suggestion, text: str, warning: str | None
    ) -> None:
        """Add the (possibly edited) suggestion to the deck and tell the member."""
        cleaned, cleaned_warning = clean_prompt_text(text, warning)
        added = await self.service.approve(suggestion, interaction.user.id, cleaned, cleaned_warning)
        guild_name = interaction.guild.name if interaction.guild else words.THE_SERVER
        await finish_review(
            interaction,
            suggestion,
            words.REVIEW_APPROVED.format(moderator=interaction.user.mention, prompt_id=added.prompt_id),
            words.DM_APPROVED.format(guild=guild_name, text=cleaned),
            words.APPROVED_REPLY.format(prompt_id=added.prompt_id),
        )

    async def decline_suggestion(self, interaction: discord.Interaction[HearthBot], suggestion: Suggestion) -> None:
        """Decline and tell the member kindly."""
        await self.service.decline(suggestion, interaction.user.id)
        guild_name = interaction.guild.name if interaction.guild else words.THE_SERVER
        await finish_review(
            interaction,
            suggestion,
            words.REVIEW_DECLINED.format(moderator=interaction.user.mention),
            words.DM_DECLINED.format(guild=guild_name, text=suggestion.text),
            words.DECLINED_REPLY,
        )


async def setup(bot: HearthBot) -> None:
    """Load the prompts cog."""
    await bot.add_cog(PromptsCog(bot))


__all__ = ["EmptyDeckError", "PromptsCog", "setup"]
