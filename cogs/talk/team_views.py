"""The team's side of /talk: Claim, Note, Close and Block on the thread's card; each checks the presser."""

from __future__ import annotations

from typing import Any

import discord

from bot.core.durations import BLOCK_MAX, BLOCK_MIN, parse_duration
from bot.surface import messages as common
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private
from bot.surface.views import (
    HearthModal,
    OwnedView,
    PersistentButton,
    choice_field,
    int_field,
)
from cogs.talk import messages as words
from cogs.talk.cards import is_team
from cogs.talk.desk import TalkDesk
from cogs.talk.service import Refused
from cogs.talk.store import Conversation
from cogs.talk.views import desk_of, give_back


async def ensure_team(interaction: discord.Interaction[Any], desk: TalkDesk, guild_id: int) -> None:
    """Only the team that answers /talk, in that server, may press team buttons."""
    member = interaction.user
    if interaction.guild is None or interaction.guild.id != guild_id or not isinstance(member, discord.Member):
        raise Refused(words.NOT_TEAM)
    settings = await desk.bot.guild_settings.get(guild_id)
    if not is_team(member, settings):
        raise Refused(words.NOT_TEAM)


TEAM_LABELS = {
    "claim": words.CLAIM_LABEL,
    "note": words.NOTE_LABEL,
    "close": words.TEAM_CLOSE_LABEL,
    "block": words.BLOCK_LABEL,
}
TEAM_STYLES = {
    "claim": discord.ButtonStyle.primary,
    "note": discord.ButtonStyle.secondary,
    "close": discord.ButtonStyle.secondary,
    "block": discord.ButtonStyle.danger,
}


class TeamButton(PersistentButton):
    """Claim, Note, Close and Block on the team thread's card (the team; Block: moderators)."""

    prefix = "hearth:talk:team"
    fields = (choice_field("action", "claim", "note", "close", "block"), int_field("guild_id"), int_field("number"))
    action: str
    guild_id: int
    number: int

    def __init__(self, action: str, guild_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(label=TEAM_LABELS[action], style=TEAM_STYLES[action]),
            action=action,
            guild_id=guild_id,
            number=number,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """The team (and a moderator for Block)."""
        await ensure_team(interaction, desk_of(interaction), self.guild_id)
        if self.action == "block":
            await ensure_tier(interaction, Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Act for the team (checked by check_presser)."""
        desk = desk_of(interaction)
        conversation = await desk.service.conversation(self.guild_id, self.number)
        if conversation is None:
            raise Refused(words.CONVERSATION_GONE)
        if self.action == "block":
            await ensure_tier(interaction, Tier.MODERATOR)
            await interaction.response.send_modal(BlockModal(self.guild_id, self.number))
            return
        if self.action == "note":
            await interaction.response.send_modal(NoteModal(self.guild_id, self.number))
            return
        if conversation.status != "open":
            raise Refused(words.CLOSED_ALREADY)
        if self.action == "claim":
            assert isinstance(interaction.user, discord.Member)
            view = ClaimChoice(interaction.user.id, desk, conversation, interaction.user.display_name)
            await reply_private(interaction, words.CLAIM_CHOOSE, view=view)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await desk.close(conversation, "team", interaction.user.mention)
        await reply_private(interaction, words.TEAM_CLOSED_DONE)


class ClaimChoice(OwnedView):
    """Claim with your name shown to the member, or without it."""

    def __init__(self, owner_id: int, desk: TalkDesk, conversation: Conversation, name: str) -> None:
        super().__init__(owner_id, timeout=600)
        self.desk = desk
        self.conversation = conversation
        self.name = name
        self.named_button.label = words.CLAIM_AS.format(name=name)[:80]

    async def _claim(self, interaction: discord.Interaction[Any], named: bool) -> None:
        conversation = self.conversation
        await ensure_team(interaction, self.desk, conversation.guild_id)
        if not await self.desk.service.claim(conversation, interaction.user.id, named):
            raise Refused(words.CLOSED_ALREADY)
        told = await self.desk.dm_member(
            conversation,
            lambda: {
                "content": words.CLAIMED_MEMBER_NAMED.format(name=self.name) if named else words.CLAIMED_MEMBER_UNNAMED
            },
        )
        how = words.CLAIMED_HOW_NAMED if named else words.CLAIMED_HOW_UNNAMED
        await self.desk.note(conversation, words.CLAIMED_NOTE.format(mention=interaction.user.mention, how=how))
        await self.desk.refresh_header(conversation)
        self.stop()
        await reply_private(interaction, words.CLAIMED_DONE if told else words.CLAIMED_DONE_NO_DM)

    @discord.ui.button(label=words.CLAIM_AS_ME, style=discord.ButtonStyle.primary)
    async def named_button(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Claim with the team member's name."""
        await self._claim(interaction, True)

    @discord.ui.button(label=words.CLAIM_UNNAMED, style=discord.ButtonStyle.secondary)
    async def unnamed_button(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Claim without it."""
        await self._claim(interaction, False)


class NoteModal(HearthModal, title=words.NOTE_MODAL_TITLE[:45]):
    """An internal note in the thread; never relayed."""

    def __init__(self, guild_id: int, number: int) -> None:
        super().__init__()
        self.guild_id = guild_id
        self.number = number
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.NOTE_TEXT_LABEL, style=discord.TextStyle.paragraph, custom_id="text", max_length=3800
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Post the note for the team."""
        desk = desk_of(interaction)
        await ensure_team(interaction, desk, self.guild_id)
        conversation = await desk.service.conversation(self.guild_id, self.number)
        thread = await desk.thread(conversation) if conversation else None
        if thread is None:
            await give_back(interaction, words.CONVERSATION_GONE, self.text.value)
            return
        embed = discord.Embed(title=words.NOTE_TITLE, description=self.text.value, colour=discord.Colour.light_grey())
        embed.set_footer(text=words.NOTE_BY.format(mention=interaction.user.display_name)[:2048])
        try:
            await thread.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException:
            await give_back(
                interaction, words.OPEN_FAILED.format(reason=words.TEAM_PROBLEMS["note_refused"]), self.text.value
            )
            return
        await reply_private(interaction, words.NOTE_SAVED)


class BlockModal(HearthModal, title=words.BLOCK_MODAL_TITLE[:45]):
    """How long to block whoever is behind the conversation, and why (they stay unnamed)."""

    def __init__(self, guild_id: int, number: int) -> None:
        super().__init__()
        self.guild_id = guild_id
        self.number = number
        self.duration: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.BLOCK_DURATION_LABEL[:45], custom_id="duration", required=False, max_length=20
        )
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.BLOCK_REASON_LABEL[:45], custom_id="reason", required=False, max_length=300
        )
        self.add_item(self.duration)
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Block by conversation, never by person."""
        desk = desk_of(interaction)
        await ensure_team(interaction, desk, self.guild_id)
        await ensure_tier(interaction, Tier.MODERATOR)
        try:
            length = parse_duration(self.duration.value, minimum=BLOCK_MIN, maximum=BLOCK_MAX, open_ended=True)
        except ValueError as exc:
            raise Refused(common.DURATION_REFUSED.format(reason=exc)) from None
        conversation = await desk.service.conversation(self.guild_id, self.number)
        if conversation is None:
            raise Refused(words.CONVERSATION_GONE)
        reason = self.reason.value.strip() or None
        until = await desk.service.block(conversation, interaction.user.id, length, reason)
        until_text = f"until <t:{int(until.timestamp())}:F>" if until else "until lifted"
        await desk.note(
            conversation,
            words.BLOCKED_NOTE.format(
                mention=interaction.user.mention, until=until_text, reason=f" ({reason})" if reason else ""
            ),
        )
        await reply_private(interaction, words.BLOCKED_DONE.format(until=until_text))


def team_view(guild_id: int, number: int) -> discord.ui.View:
    """The team's persistent buttons on the thread's card."""
    view = discord.ui.View(timeout=None)
    for action in ("claim", "note", "close", "block"):
        view.add_item(TeamButton(action, guild_id, number))
    return view
