"""Modals, buttons and the server picker for anonymous sharing."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.surface.errors import UserFacingError
from bot.surface.replies import reply_private, returned_text_block
from bot.surface.views import GuardedCallback, HearthModal, OwnedView
from cogs.anonymous import messages as words
from cogs.anonymous.service import Refused
from cogs.safety.api import Level
from cogs.safety.response import CrisisSignal, report_crisis, send_private_support

if TYPE_CHECKING:
    from bot.app import HearthBot
    from cogs.anonymous.service import AnonymousService

log = logging.getLogger(__name__)
CHUNK = 1800


def service_of(interaction: discord.Interaction[Any]) -> AnonymousService:
    """The anonymous-sharing service of the bot handling this interaction."""
    service = getattr(interaction.client, "anonymous_service", None)
    if service is None:
        raise UserFacingError(words.FEATURE_OFF)
    return service  # type: ignore[no-any-return]


async def give_back(interaction: discord.Interaction[Any], reason: str, text: str) -> None:
    """Say privately why it didn't work, and return every character the member wrote."""
    await reply_private(interaction, f"{reason}\n{words.TEXT_BACK}")
    for start in range(0, max(len(text), 1), CHUNK):
        await reply_private(interaction, returned_text_block(text[start : start + CHUNK], limit=CHUNK + 100))


async def handle_submission(
    interaction: discord.Interaction[Any],
    guild_id: int,
    text: str,
    warning: str | None,
    topic: str | None,
    parent_number: int | None,
) -> None:
    """Check, post (or queue), confirm privately, and raise a crisis alert without the writer's identity."""
    bot: HearthBot = interaction.client
    service = service_of(interaction)
    try:
        settings, draft = await service.prepare(guild_id, interaction.user.id, text, warning, topic, parent_number)
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await service.submit(settings, draft, interaction.user.id)
    except Refused as refusal:
        await give_back(interaction, refusal.reason, text)
        return
    if outcome.queued:
        await reply_private(interaction, words.QUEUED.format(number=outcome.number))
    else:
        assert outcome.message is not None
        template = words.POSTED if parent_number is None else words.REPLY_POSTED
        await reply_private(
            interaction, template.format(link=outcome.message.jump_url), view=delete_view(guild_id, outcome.number)
        )
    if draft.assessment.level is Level.CRISIS:
        message = outcome.message
        alert_id = await report_crisis(
            bot,
            CrisisSignal(
                guild_id=guild_id,
                source="anonymous",
                assessment=draft.assessment,
                channel_id=message.channel.id if message else None,
                message_id=message.id if message else None,
                jump_url=message.jump_url if message else None,
                writer_id=None,
                anonymous_post_id=outcome.number,
            ),
        )
        await send_private_support(
            bot, interaction=interaction, guild_id=guild_id, country=settings.country, alert_id=alert_id
        )


class ShareModal(HearthModal):
    """The text, an optional content warning and an optional topic."""

    def __init__(self, guild_id: int, parent_number: int | None = None) -> None:
        title = words.MODAL_TITLE if parent_number is None else words.REPLY_MODAL_TITLE.format(number=parent_number)
        super().__init__(title=title[:45])
        self.guild_id = guild_id
        self.parent_number = parent_number
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.TEXT_LABEL,
            style=discord.TextStyle.paragraph,
            custom_id="text",
            placeholder=words.TEXT_PLACEHOLDER,
            max_length=4000,
        )
        self.warning: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.WARNING_LABEL,
            custom_id="warning",
            required=False,
            max_length=100,
            placeholder=words.WARNING_PLACEHOLDER,
        )
        self.add_item(self.text)
        self.add_item(self.warning)
        self.topic: discord.ui.TextInput[Any] | None = None
        if parent_number is None:
            self.topic = discord.ui.TextInput(label=words.TOPIC_LABEL, custom_id="topic", required=False, max_length=80)
            self.add_item(self.topic)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Hand the submission to the one submission path."""
        await handle_submission(
            interaction,
            self.guild_id,
            self.text.value,
            self.warning.value or None,
            (self.topic.value or None) if self.topic else None,
            self.parent_number,
        )


class DeleteMyPostButton(
    GuardedCallback,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"hearth:anon:delete:(?P<guild>\d+):(?P<number>\d+)",
):
    """The author's private 'Delete my post' button (matched by author key; works after a restart)."""

    def __init__(self, guild_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=words.DELETE_LABEL,
                style=discord.ButtonStyle.danger,
                custom_id=f"hearth:anon:delete:{guild_id}:{number}",
            )
        )
        self.guild_id = guild_id
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DeleteMyPostButton:
        """Rebuild from the custom id."""
        return cls(int(match["guild"]), int(match["number"]))

    pressed_in_guild = False  # sent privately, also in DMs

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the post's author (matched by author key while the link lives)."""
        await service_of(interaction).check_author(self.guild_id, self.number, interaction.user.id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Delete the post if the presser is its author."""
        await service_of(interaction).delete_by_author(self.guild_id, self.number, interaction.user.id)
        await reply_private(interaction, words.DELETED.format(number=self.number))


def delete_view(guild_id: int, number: int) -> discord.ui.View:
    """The private view with the author's delete button."""
    view = discord.ui.View(timeout=None)
    view.add_item(DeleteMyPostButton(guild_id, number))
    return view


class ServerPicker(OwnedView):
    """In DMs: choose which shared server to post in."""

    def __init__(self, owner_id: int, guilds: list[discord.Guild]) -> None:
        super().__init__(owner_id, timeout=600)
        select: discord.ui.Select[Any] = discord.ui.Select(
            placeholder=words.PICK_PLACEHOLDER,
            custom_id="hearth:anon:pick",
            options=[discord.SelectOption(label=guild.name[:100], value=str(guild.id)) for guild in guilds[:25]],
        )
        select.callback = self._picked  # type: ignore[method-assign]
        self.select = select
        self.add_item(select)

    async def _picked(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = int(self.select.values[0])
        guild = interaction.client.get_guild(guild_id)
        if guild is None or guild.get_member(interaction.user.id) is None:
            raise UserFacingError(words.NOT_A_MEMBER)
        await interaction.response.send_modal(ShareModal(guild_id))
