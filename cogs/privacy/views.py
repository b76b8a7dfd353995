"""The /forgetme confirmation: delete, delete with posts, or keep everything."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.surface.errors import log_unexpected
from bot.surface.views import OwnedView
from cogs.privacy import messages as words

if TYPE_CHECKING:
    from cogs.privacy.commands import PrivacyCog

log = logging.getLogger(__name__)


class ForgetConfirmView(OwnedView):
    """Asks once; the first choice closes the question."""

    def __init__(self, cog: PrivacyCog, owner_id: int, guild_id: int | None, scope: str, posts: int) -> None:
        super().__init__(owner_id, timeout=600)
        self.cog = cog
        self.guild_id = guild_id
        self.scope = scope
        if posts == 0:
            self.remove_item(self.delete_with_posts)

    @discord.ui.button(label=words.BUTTON_DELETE, style=discord.ButtonStyle.danger, custom_id="privacy:forget")
    async def delete_data(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Delete the data, leave the posts on Discord."""
        await self._forget(interaction, remove_posts=False)

    @discord.ui.button(
        label=words.BUTTON_DELETE_WITH_POSTS, style=discord.ButtonStyle.danger, custom_id="privacy:forget-posts"
    )
    async def delete_with_posts(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Delete the data and the anonymous posts and wins Hearth posted for the member."""
        await self._forget(interaction, remove_posts=True)

    @discord.ui.button(label=words.BUTTON_CANCEL, style=discord.ButtonStyle.secondary, custom_id="privacy:keep")
    async def cancel(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Change nothing."""
        self.stop()
        await interaction.response.edit_message(content=words.FORGET_CANCELLED, view=None)

    async def _forget(self, interaction: discord.Interaction[Any], *, remove_posts: bool) -> None:
        self.stop()
        await interaction.response.defer()
        try:
            outcome = await self.cog.forget(interaction.user, self.guild_id, collect_messages=remove_posts)
        except Exception as exc:
            # No user id here: the failing store might be an anonymous one.
            code = log_unexpected(exc, "a deletion request failed and was rolled back")
            await interaction.edit_original_response(content=words.FORGET_FAILED.format(code=code), view=None)
            return
        text = words.FORGET_DONE.format(
            scope=self.scope,
            infractions=self.cog.infractions_line(interaction.user, self.guild_id, outcome.kept_moderation_records_in),
        )
        if remove_posts:
            deleted, failed = await self.cog.delete_messages(outcome.messages)
            text += (words.FORGET_POSTS_PARTLY if failed else words.FORGET_POSTS_DONE).format(
                deleted=deleted, failed=failed
            )
        elif outcome.messages or self.delete_with_posts in self.children:
            text += words.FORGET_POSTS_KEPT
        await interaction.edit_original_response(content=text, view=None)
