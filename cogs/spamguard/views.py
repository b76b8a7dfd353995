"""The spam guard's alert for moderators and its persistent one-button "Undo"."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.modlog import mod_log_embed, post_mod_log
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private
from bot.surface.views import PersistentButton, int_field
from cogs.spamguard import messages as words
from cogs.spamguard.service import SpamActions

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


def alert_embed(member: discord.abc.User, reason: str, action: str, excerpt: str, acted_at: datetime) -> discord.Embed:
    """The moderators' alert: who, why, what was done, and (inert) what they sent."""
    embed = discord.Embed(title=words.ALERT_TITLE, colour=discord.Colour.orange(), timestamp=acted_at)
    embed.add_field(name=words.ALERT_MEMBER, value=f"{member.mention} (`{member.id}`)", inline=True)
    embed.add_field(name=words.ALERT_REASON, value=reason[:1024], inline=True)
    embed.add_field(name=words.ALERT_ACTION, value=action[:1024], inline=False)
    if excerpt:
        embed.add_field(name=words.ALERT_TEXT, value=excerpt[:1024], inline=False)
    return embed


class UndoButton(PersistentButton):
    """Reverse one automatic action (moderators only; works after a restart; once)."""

    prefix = "hearth:spamundo"
    fields = (int_field("guild_id"), int_field("action_id"))
    guild_id: int
    action_id: int

    def __init__(self, guild_id: int, action_id: int) -> None:
        super().__init__(
            discord.ui.Button(label=words.UNDO_LABEL, style=discord.ButtonStyle.secondary),
            guild_id=guild_id,
            action_id=action_id,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Moderators only."""
        await ensure_tier(interaction, Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Lift the timeout, record who undid it, and update the alert."""
        bot: HearthBot = interaction.client
        guild = interaction.guild
        assert guild is not None
        if guild.id != self.guild_id:
            raise UserFacingError(words.UNDO_UNKNOWN)
        actions = _actions(interaction)
        action = await actions.undoable(self.guild_id, self.action_id)
        member = guild.get_member(action.user_id)
        if member is None:
            try:
                member = await guild.fetch_member(action.user_id)  # the cache can be cold after a restart
            except discord.NotFound:
                member = None
        mention = f"<@{action.user_id}>"
        if member is not None and member.is_timed_out():
            try:
                await member.timeout(None, reason=f"Spam guard action undone by moderator {interaction.user.id}")
            except discord.HTTPException:
                raise UserFacingError(words.UNDO_REFUSED.format(member=mention)) from None
        now = bot.clock()
        await actions.mark_undone(self.guild_id, self.action_id, interaction.user.id, now)
        await _mark_alert_undone(interaction, now)
        settings = await bot.guild_settings.get(guild.id)
        await post_mod_log(
            bot,
            guild.id,
            settings.channels.mod_log,
            mod_log_embed(
                words.LOG_UNDO_TITLE, words.LOG_UNDO.format(moderator=interaction.user.mention, member=mention)
            ),
        )
        if member is not None:
            await delivery.send_dm(member, content=words.MEMBER_UNDONE.format(guild=guild.name))
            await reply_private(interaction, words.UNDO_DONE.format(member=mention))
        else:
            await reply_private(interaction, words.UNDO_DONE_GONE.format(member=mention))


def _actions(interaction: discord.Interaction[Any]) -> SpamActions:
    """The spam guard's record of actions, held by its cog (a persistent button has no other state)."""
    from cogs.spamguard.commands import SpamGuardCog

    cog = interaction.client.get_cog(SpamGuardCog.__cog_name__)
    if not isinstance(cog, SpamGuardCog):
        raise UserFacingError(words.UNDO_UNKNOWN)
    return cog.actions


async def _mark_alert_undone(interaction: discord.Interaction[Any], now: datetime) -> None:
    """Show on the alert who undid it, and take the button away (one undo only)."""
    message = interaction.message
    if message is None or not message.embeds:
        return
    embed = message.embeds[0].copy()
    embed.colour = discord.Colour.dark_grey()
    embed.add_field(
        name=words.UNDONE_FIELD,
        value=words.UNDONE_BY.format(moderator=interaction.user.mention, when=discord.utils.format_dt(now, "R")),
        inline=False,
    )
    try:
        await interaction.response.edit_message(embed=embed, view=None)
    except discord.HTTPException:
        log.warning("could not update a spam-guard alert in guild %s", interaction.guild_id)


def undo_view(guild_id: int, action_id: int) -> discord.ui.View:
    """A view holding only the persistent "Undo" button."""
    view = discord.ui.View(timeout=None)
    view.add_item(UndoButton(guild_id, action_id))
    return view
