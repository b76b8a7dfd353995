"""Modals, pickers and persistent buttons for /talk; every button checks the presser when pressed."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.surface.errors import UserFacingError
from bot.surface.replies import reply_private, returned_text_block
from bot.surface.views import (
    HearthModal,
    OwnedView,
    PersistentButton,
    choice_field,
    int_field,
)
from cogs.safety.api import Level
from cogs.talk import messages as words
from cogs.talk.desk import TalkDesk
from cogs.talk.service import Refused
from cogs.talk.store import Conversation

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
CHUNK = 1800


def desk_of(interaction: discord.Interaction[Any]) -> TalkDesk:
    """The /talk desk of the bot handling this interaction."""
    desk = getattr(interaction.client, "talk_desk", None)
    if desk is None:
        raise UserFacingError(words.FEATURE_OFF)
    return desk  # type: ignore[no-any-return]


async def give_back(interaction: discord.Interaction[Any], reason: str, text: str) -> None:
    """Say privately why it didn't work, and return every character the member wrote."""
    await reply_private(interaction, f"{reason}\n{words.TEXT_BACK}")
    for start in range(0, max(len(text), 1), CHUNK):
        await reply_private(interaction, returned_text_block(text[start : start + CHUNK], limit=CHUNK + 100))


async def give_back_by_dm(channel: discord.abc.Messageable, reason: str, text: str) -> None:
    """The same, in a DM channel (the member wrote there)."""
    try:
        await channel.send(f"{reason}\n{words.TEXT_BACK}", allowed_mentions=discord.AllowedMentions.none())
        for start in range(0, max(len(text), 1), CHUNK):
            await channel.send(
                returned_text_block(text[start : start + CHUNK], limit=CHUNK + 100),
                allowed_mentions=discord.AllowedMentions.none(),
            )
    except discord.HTTPException:
        log.warning("could not hand a member's text back by DM")


# ---------------------------------------------------------------- opening


async def open_conversation(
    interaction: discord.Interaction[Any], guild_id: int, topic: str | None, named: bool, text: str
) -> None:
    """The whole opening: checks, the record, the team thread, the member's DM, the private answer."""
    desk = desk_of(interaction)
    bot: HearthBot = interaction.client
    guild = bot.get_guild(guild_id)
    member = guild.get_member(interaction.user.id) if guild else None
    if guild is None or member is None:
        await give_back(interaction, words.NOT_A_MEMBER, text)
        return
    settings = await bot.guild_settings.get(guild_id)
    try:
        chosen = desk.service.topic_for(settings, topic)
        avoid = await bot.anonymity.pseudonym(guild_id, member.id)
        conversation, first = await desk.service.start(
            settings,
            guild_id,
            member.id,
            topic=chosen,
            named=named,
            shown_name=member.display_name,
            avoid=avoid,
            text=text,
        )
    except Refused as refusal:
        await give_back(interaction, refusal.message, text)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    reason = await desk.open_thread(conversation, settings, first, member.mention if named else None)
    if reason is not None:
        await desk.service.never_reached_team(guild_id, conversation.number)
        message = words.INBOX_UNSAFE if reason.key == "unsafe" else words.OPEN_FAILED.format(reason=reason.words())
        await give_back(interaction, message, text)
        return
    dm_ok = await desk.dm_member(
        conversation,
        lambda: {
            "content": (words.DM_OPENED_NAMED if named else words.DM_OPENED_ANON).format(
                guild=guild.name, number=conversation.number, topic=conversation.topic, label=conversation.label
            ),
            "view": member_view(guild_id, conversation.number, named=named),
        },
    )
    await desk.service.dms_open(guild_id, conversation.number, dm_ok)
    if not dm_ok:
        await desk.note(conversation, words.RELAY_WAITING_NOTE.format(reaction=words.REACT_WAITING))
    opened = (words.OPENED_NAMED if named else words.OPENED_ANON).format(label=conversation.label)
    await reply_private(interaction, f"{opened}\n{words.OPENED_DM if dm_ok else words.OPENED_DMS_CLOSED}")
    await desk.arm()
    if first.assessment.level is Level.CRISIS:
        await desk.support_member(conversation, interaction, None)


async def relay_from_member(
    desk: TalkDesk,
    conversation: Conversation,
    text: str,
    *,
    interaction: discord.Interaction[Any] | None = None,
    dm: discord.Message | None = None,
) -> None:
    """Pass the member's words to the team: confirm, or hand them back and keep trying."""
    try:
        message = await desk.service.member_message(conversation, text)
    except Refused as refusal:
        if interaction is not None:
            await give_back(interaction, refusal.message, text)
        elif dm is not None:
            await give_back_by_dm(dm.channel, refusal.message, text)
        return
    reason = await desk.to_team(conversation, message)
    if reason is not None:
        await desk.service.keep_for_retry(conversation, "to_team", message.text, conversation.label, None)
        failed = words.RELAY_FAILED_TO_TEAM.format(reason=reason.words())
        if interaction is not None:
            await give_back(interaction, failed, text)
        elif dm is not None:
            await desk.react(dm, words.REACT_WAITING)
            await give_back_by_dm(dm.channel, failed, text)
    elif interaction is not None:
        await reply_private(interaction, words.REPLY_SENT)
    elif dm is not None:
        await desk.react(dm, words.REACT_DELIVERED)
    await desk.arm()  # the member is waiting now (re-ping), or a retry is due
    if message.assessment.level is Level.CRISIS and (interaction is not None or message.raised_to_crisis):
        user = dm.author if dm is not None else None
        await desk.support_member(conversation, interaction, user)


class TalkModal(HearthModal):
    """The first message of a conversation."""

    def __init__(self, guild_id: int, topic: str | None, named: bool) -> None:
        super().__init__(title=words.MODAL_TITLE_NAMED if named else words.MODAL_TITLE)
        self.guild_id = guild_id
        self.topic = topic
        self.named = named
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.TEXT_LABEL,
            style=discord.TextStyle.paragraph,
            custom_id="text",
            placeholder=words.TEXT_PLACEHOLDER,
            max_length=4000,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Open the conversation."""
        await open_conversation(interaction, self.guild_id, self.topic, self.named, self.text.value)


class ReplyModal(HearthModal, title=words.REPLY_MODAL_TITLE):
    """The member answers from the server (`/talk reply`), e.g. when their DMs are closed."""

    def __init__(self, guild_id: int, number: int) -> None:
        super().__init__()
        self.guild_id = guild_id
        self.number = number
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.TEXT_LABEL, style=discord.TextStyle.paragraph, custom_id="text", max_length=4000
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Relay it (checked again: still theirs, still open)."""
        desk = desk_of(interaction)
        conversation = await desk.service.conversation(self.guild_id, self.number)
        if conversation is None or conversation.status != "open":
            await give_back(interaction, words.CONVERSATION_GONE, self.text.value)
            return
        if not await desk.service.is_members(conversation, interaction.user.id):
            await give_back(interaction, words.NOT_YOUR_CONVERSATION, self.text.value)
            return
        await relay_from_member(desk, conversation, self.text.value, interaction=interaction)


class WriteBackView(OwnedView):
    """Under the waiting team replies: open the reply form."""

    def __init__(self, owner_id: int, guild_id: int, number: int) -> None:
        super().__init__(owner_id, timeout=900)
        self.guild_id = guild_id
        self.number = number

    @discord.ui.button(label=words.WRITE_BACK, style=discord.ButtonStyle.primary)
    async def write(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Show the reply form."""
        await interaction.response.send_modal(ReplyModal(self.guild_id, self.number))


class ServerPicker(OwnedView):
    """In DMs: choose which server's team to talk to."""

    def __init__(self, owner_id: int, guilds: list[discord.Guild], topic: str | None, named: bool) -> None:
        super().__init__(owner_id, timeout=600)
        self.topic = topic
        self.named = named
        select: discord.ui.Select[Any] = discord.ui.Select(
            placeholder=words.PICK_PLACEHOLDER,
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
        desk = desk_of(interaction)
        settings = await desk.bot.guild_settings.get(guild_id)
        await desk.service.check_can_open(settings, guild_id, interaction.user.id)
        desk.service.topic_for(settings, self.topic)
        await interaction.response.send_modal(TalkModal(guild_id, self.topic, self.named))


class ConversationPicker(OwnedView):
    """In DMs, with conversations open in several servers: which team gets this message."""

    def __init__(self, owner_id: int, desk: TalkDesk, dm: discord.Message, choices: list[Conversation]) -> None:
        super().__init__(owner_id, timeout=900)
        self.desk = desk
        self.dm = dm
        self.choices = {f"{c.guild_id}:{c.number}": c for c in choices}
        options = []
        for key, conversation in list(self.choices.items())[:25]:
            guild = desk.bot.get_guild(conversation.guild_id)
            label = f"{guild.name if guild else 'server'} · #{conversation.number} · {conversation.topic}"
            options.append(discord.SelectOption(label=label[:100], value=key))
        select: discord.ui.Select[Any] = discord.ui.Select(placeholder=words.PICK_PLACEHOLDER, options=options)
        select.callback = self._picked  # type: ignore[method-assign]
        self.select = select
        self.add_item(select)

    async def _picked(self, interaction: discord.Interaction[Any]) -> None:
        conversation = self.choices[self.select.values[0]]
        fresh = await self.desk.service.conversation(conversation.guild_id, conversation.number)
        if fresh is None or fresh.status != "open":
            await give_back(interaction, words.CONVERSATION_GONE, self.dm.content)
            return
        await relay_from_member(self.desk, fresh, self.dm.content, interaction=interaction)
        self.stop()


# ---------------------------------------------------------------- member buttons


MEMBER_LABELS = {"reveal": words.REVEAL_LABEL, "close": words.CLOSE_LABEL, "transcript": words.TRANSCRIPT_LABEL}
MEMBER_STYLES = {
    "reveal": discord.ButtonStyle.secondary,
    "close": discord.ButtonStyle.danger,
    "transcript": discord.ButtonStyle.primary,
}


class MemberButton(PersistentButton):
    """The member's buttons in their DMs; only the member behind the conversation may press them."""

    prefix = "hearth:talk:member"
    fields = (choice_field("action", "reveal", "close", "transcript"), int_field("guild_id"), int_field("number"))
    action: str
    guild_id: int
    number: int

    def __init__(self, action: str, guild_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(label=MEMBER_LABELS[action], style=MEMBER_STYLES[action]),
            action=action,
            guild_id=guild_id,
            number=number,
        )

    pressed_in_guild = False  # the member's buttons live in their DMs

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the member behind the conversation (matched by its keyed link while it lives)."""
        desk = desk_of(interaction)
        conversation = await desk.service.conversation(self.guild_id, self.number)
        gone = words.TRANSCRIPT_GONE if self.action == "transcript" else words.CONVERSATION_GONE
        if conversation is None or await desk.service.relay(self.guild_id, self.number) is None:
            raise Refused(gone)
        if not await desk.service.is_members(conversation, interaction.user.id):
            raise Refused(words.NOT_YOUR_CONVERSATION)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Act for the conversation's member (checked by check_presser)."""
        desk = desk_of(interaction)
        conversation = await desk.service.conversation(self.guild_id, self.number)
        if conversation is None:
            raise Refused(words.CONVERSATION_GONE)
        if self.action == "reveal":
            await self._reveal(interaction, desk, conversation)
        elif self.action == "close":
            if not await desk.close(conversation, "member"):
                raise Refused(words.CLOSED_ALREADY)
            await reply_private(interaction, words.CLOSED_DONE)
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
            file = await desk.transcript(conversation)
            if file is None:
                raise Refused(words.TRANSCRIPT_EMPTY)
            await reply_private(interaction, words.TRANSCRIPT_READY, file=file)

    async def _reveal(self, interaction: discord.Interaction[Any], desk: TalkDesk, conversation: Conversation) -> None:
        if conversation.named or conversation.revealed:
            raise Refused(words.REVEAL_ALREADY)
        if conversation.status != "open":
            raise Refused(words.CONVERSATION_GONE)
        guild = desk.bot.get_guild(conversation.guild_id)
        member = guild.get_member(interaction.user.id) if guild else None
        display = member.display_name if member else interaction.user.display_name
        text = words.REVEAL_CONFIRM.format(
            number=conversation.number, username=interaction.user.name, display=display, label=conversation.label
        )
        await reply_private(interaction, text, view=RevealConfirm(interaction.user.id, desk, conversation))


class RevealConfirm(OwnedView):
    """'Yes, tell them' / 'No, stay unnamed' — nothing is shown until the member confirms."""

    def __init__(self, owner_id: int, desk: TalkDesk, conversation: Conversation) -> None:
        super().__init__(owner_id, timeout=600)
        self.desk = desk
        self.conversation = conversation

    @discord.ui.button(label=words.REVEAL_YES, style=discord.ButtonStyle.danger)
    async def yes(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Show the team who it is, because the member chose to."""
        conversation = self.conversation
        if not await self.desk.service.is_members(conversation, interaction.user.id):
            raise Refused(words.NOT_YOUR_CONVERSATION)
        if not await self.desk.service.reveal(conversation):
            raise Refused(words.REVEAL_ALREADY)
        guild = self.desk.bot.get_guild(conversation.guild_id)
        member = guild.get_member(interaction.user.id) if guild else None
        display = member.display_name if member else interaction.user.display_name
        await self.desk.note(
            conversation,
            words.REVEALED_NOTE.format(
                mention=interaction.user.mention, username=interaction.user.name, display=display
            ),
        )
        self.stop()
        await reply_private(interaction, words.REVEAL_DONE)

    @discord.ui.button(label=words.REVEAL_NO, style=discord.ButtonStyle.secondary)
    async def no(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Change nothing."""
        self.stop()
        await reply_private(interaction, words.REVEAL_KEPT.format(label=self.conversation.label))


def member_view(guild_id: int, number: int, *, named: bool) -> discord.ui.View:
    """The member's persistent buttons under the opening DM."""
    view = discord.ui.View(timeout=None)
    if not named:
        view.add_item(MemberButton("reveal", guild_id, number))
    view.add_item(MemberButton("close", guild_id, number))
    return view


def transcript_view(guild_id: int, number: int) -> discord.ui.View:
    """The transcript button under the closing DM."""
    view = discord.ui.View(timeout=None)
    view.add_item(MemberButton("transcript", guild_id, number))
    return view
