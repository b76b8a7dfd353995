"""/mod warn, timeout, untimeout, note, history: moderator-only commands, all private replies."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.surface.options import TIMEOUT_LENGTH
from bot.surface.permissions import Tier, require_tier
from bot.surface.replies import reply_private
from bot.surface.views import OwnedView
from cogs.moderation import messages as words
from cogs.moderation.actions import ModerationActions
from cogs.moderation.common import stamp
from cogs.moderation.durations import describe_duration
from cogs.moderation.queue import TriageQueue, stats_embed
from cogs.moderation.store import Infraction

if TYPE_CHECKING:
    from bot.app import HearthBot

PAGE_SIZE = 5


def history_embed(name: str, entries: list[Infraction], page: int) -> discord.Embed:
    """One page of a member's history (newest first)."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    embed = discord.Embed(title=words.HISTORY_TITLE.format(name=name), colour=discord.Colour.dark_teal())
    if not entries:
        embed.description = words.HISTORY_EMPTY.format(name=name)
        return embed
    chunk = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    embed.description = "\n\n".join(
        words.HISTORY_LINE.format(
            id=entry.id,
            kind=words.KIND_LABELS.get(entry.kind, entry.kind),
            duration=f" ({describe_duration_seconds(entry.duration_seconds)})" if entry.duration_seconds else "",
            when=stamp(entry.created_at),
            moderator=f"<@{entry.moderator_id}>",
            reason=(entry.reason or words.NO_REASON)[:300],
        )
        for entry in chunk
    )[:4000]
    embed.set_footer(text=words.HISTORY_FOOTER.format(page=page + 1, pages=pages, count=len(entries)))
    return embed


def describe_duration_seconds(seconds: int) -> str:
    """Wording for a stored duration."""
    return describe_duration(timedelta(seconds=seconds))


class HistoryPages(OwnedView):
    """Previous / Next through a member's history; only the moderator who asked can page."""

    def __init__(self, owner_id: int, name: str, entries: list[Infraction]) -> None:
        super().__init__(owner_id, timeout=600)
        self.name = name
        self.entries = entries
        self.page = 0
        self.pages = max(1, -(-len(entries) // PAGE_SIZE))
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction[Any]) -> None:
        self._sync()
        await interaction.response.edit_message(embed=history_embed(self.name, self.entries, self.page), view=self)

    @discord.ui.button(label=words.HISTORY_PREVIOUS, style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """One page back."""
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label=words.HISTORY_NEXT, style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """One page on."""
        self.page = min(self.pages - 1, self.page + 1)
        await self._show(interaction)


def _moderator(interaction: discord.Interaction[Any]) -> discord.Member:
    assert isinstance(interaction.user, discord.Member)
    return interaction.user


class ModGroup(app_commands.Group):
    """The /mod commands (moderators only: hidden by default, checked again at run time)."""

    def __init__(self, bot: HearthBot, actions: ModerationActions, queue: TriageQueue) -> None:
        super().__init__(
            name="mod",
            description="Warnings, timeouts, notes, history and the team's figures (moderators)",
            default_permissions=discord.Permissions(moderate_members=True),
            guild_only=True,
        )
        self.bot = bot
        self.actions = actions
        self.queue = queue

    @app_commands.command(
        name="stats", description="Alerts and reports per week, time to acknowledge (only you see it)"
    )
    @require_tier(Tier.MODERATOR)
    async def stats(self, interaction: discord.Interaction[Any]) -> None:
        """Counts only, privately: per week, alerts, reports, time to acknowledge (median, p90), escalations."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        figures = await self.queue.figures(interaction.guild.id)
        await reply_private(interaction, embed=stats_embed(figures, settings.privacy.incident_retention_days))

    @app_commands.command(name="warn", description="Warn a member; they get a private, respectful explanation")
    @app_commands.describe(member="Who to warn", reason="Which guideline, and why (they will read this)")
    @require_tier(Tier.MODERATOR)
    async def warn(
        self,
        interaction: discord.Interaction[Any],
        member: discord.Member,
        reason: app_commands.Range[str, 1, 1000],
    ) -> None:
        """Warn a member."""
        await reply_private(interaction, await self.actions.warn(_moderator(interaction), member, reason))

    @app_commands.command(name="timeout", description="Time a member out (Discord's own timeout)")
    @app_commands.describe(
        member="Who to time out",
        duration="How long: 10m, 2h, 1d, 1w (at most 28 days)",
        reason="Why (they will read this)",
    )
    @require_tier(Tier.MODERATOR)
    async def timeout(
        self,
        interaction: discord.Interaction[Any],
        member: discord.Member,
        duration: app_commands.Transform[timedelta, TIMEOUT_LENGTH],
        reason: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        """Time a member out."""
        await reply_private(interaction, await self.actions.timeout(_moderator(interaction), member, duration, reason))

    @app_commands.command(name="untimeout", description="Lift a member's timeout early")
    @app_commands.describe(member="Whose timeout to lift", reason="Why (optional)")
    @require_tier(Tier.MODERATOR)
    async def untimeout(
        self,
        interaction: discord.Interaction[Any],
        member: discord.Member,
        reason: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        """Lift a timeout."""
        await reply_private(interaction, await self.actions.untimeout(_moderator(interaction), member, reason))

    @app_commands.command(name="note", description="Add a private note to a member's history")
    @app_commands.describe(member="Who the note is about", text="The note (the member is not told)")
    @require_tier(Tier.MODERATOR)
    async def note(
        self, interaction: discord.Interaction[Any], member: discord.Member, text: app_commands.Range[str, 1, 1000]
    ) -> None:
        """Add a note."""
        await reply_private(interaction, await self.actions.note(_moderator(interaction), member, text))

    @app_commands.command(name="history", description="A member's warnings, timeouts and notes (only you see it)")
    @app_commands.describe(member="Whose history to show")
    @require_tier(Tier.MODERATOR)
    async def history(self, interaction: discord.Interaction[Any], member: discord.User) -> None:
        """Show a member's history, paginated, privately."""
        assert interaction.guild is not None
        entries = await self.actions.repository.infractions(interaction.guild.id, member.id)
        name = member.display_name
        if len(entries) <= PAGE_SIZE:
            await reply_private(interaction, embed=history_embed(name, entries, 0))
            return
        await reply_private(
            interaction, embed=history_embed(name, entries, 0), view=HistoryPages(interaction.user.id, name, entries)
        )
