"""The approval queue: Approve / Reject buttons that survive restarts, and the reject-reason modal."""

from __future__ import annotations

from typing import Any

import discord

from bot.surface import delivery
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private, returned_text_block
from bot.surface.views import (
    HearthModal,
    PersistentButton,
    choice_field,
    int_field,
)
from cogs.anonymous import messages as words
from cogs.anonymous.service import Refused
from cogs.anonymous.views import publish, service_of
from cogs.safety.api import neutralize_mentions


class QueueButton(PersistentButton):
    """Approve or Reject one pending anonymous submission (moderators only)."""

    prefix = "hearth:anonq"
    fields = (choice_field("action", "approve", "reject"), int_field("guild_id"), int_field("number"))
    action: str
    guild_id: int
    number: int

    def __init__(self, action: str, guild_id: int, number: int) -> None:
        approve = action == "approve"
        super().__init__(
            discord.ui.Button(
                label=words.APPROVE_LABEL if approve else words.REJECT_LABEL,
                style=discord.ButtonStyle.success if approve else discord.ButtonStyle.danger,
            ),
            action=action,
            guild_id=guild_id,
            number=number,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Moderators only."""
        await ensure_tier(interaction, Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve now, or ask for a reason to reject."""
        if self.action == "reject":
            await interaction.response.send_modal(RejectModal(self.guild_id, self.number, interaction.message))
            return
        service = service_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        settings, post, pending, is_author = await service.take_for_approval(self.guild_id, self.number)
        try:
            message = await publish(
                interaction.client,
                service,
                settings,
                post,
                pending.text,
                pending.content_warning,
                pending.topic,
                is_author=is_author,
            )
        except Refused as refusal:
            raise await service.approval_failed(pending, self.number, refusal.reason) from None
        author_id = service.return_address(pending.return_to)
        note = words.APPROVED_BY.format(moderator=interaction.user.mention, link=message.jump_url)
        await _close_card(interaction.message, note)
        if author_id is not None:
            user = await delivery.resolve_user(interaction.client, author_id)
            guild = interaction.client.get_guild(self.guild_id)
            if user is not None and guild is not None:
                await delivery.send_dm(
                    user, content=words.DM_APPROVED.format(number=self.number, guild=guild.name, link=message.jump_url)
                )
        await reply_private(interaction, note)


async def _close_card(message: discord.Message | None, note: str) -> None:
    """Replace the queue card's buttons with the decision (the words stay only until then)."""
    if message is None:
        return
    try:
        await message.edit(content=note, embed=None, view=None)
    except discord.HTTPException:
        pass


class RejectModal(HearthModal):
    """Why the post wasn't approved (sent to the author with their text)."""

    def __init__(self, guild_id: int, number: int, card: discord.Message | None) -> None:
        super().__init__(title=words.REJECT_MODAL_TITLE.format(number=number)[:45])
        self.guild_id = guild_id
        self.number = number
        self.card = card
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.REJECT_REASON_LABEL, custom_id="reason", style=discord.TextStyle.paragraph, max_length=500
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Reject, return the text to its author by DM, and close the card."""
        await ensure_tier(interaction, Tier.MODERATOR)
        text, author_id = await service_of(interaction).reject(self.guild_id, self.number)
        delivered = False
        user = await delivery.resolve_user(interaction.client, author_id) if author_id is not None else None
        guild = interaction.client.get_guild(self.guild_id)
        if user is not None and guild is not None:
            delivered = await delivery.send_dm(
                user,
                content=words.DM_REJECTED.format(
                    number=self.number, guild=guild.name, reason=neutralize_mentions(self.reason.value)
                ),
            )
            if delivered:
                await delivery.send_dm(user, content=returned_text_block(text))
        template = words.REJECTED_BY if delivered else words.REJECTED_BY_UNDELIVERED
        note = template.format(moderator=interaction.user.mention)
        await _close_card(self.card, note)
        await reply_private(interaction, note)


def queue_view(guild_id: int, number: int) -> discord.ui.View:
    """Approve and Reject for one pending submission."""
    view = discord.ui.View(timeout=None)
    view.add_item(QueueButton("approve", guild_id, number))
    view.add_item(QueueButton("reject", guild_id, number))
    return view
