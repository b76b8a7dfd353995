"""/talk: open a conversation with the team (with or without a name), answer, close; the team's queue."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.guild_settings import GuildSettings
from bot.surface.errors import UserFacingError
from bot.surface.language import in_member_language
from bot.surface.permissions import GuildOnlyError, NotPermittedError, Tier
from bot.surface.replies import reply_private
from cogs.anonymous.api import unseal
from cogs.talk import messages as words
from cogs.talk.cards import is_team, team_reply_embed
from cogs.talk.desk import SWEEP_KEY, TalkDesk
from cogs.talk.service import TalkService, dm_key, member_key
from cogs.talk.store import TalkRepository
from cogs.talk.team_views import TeamButton
from cogs.talk.views import (
    ConversationPicker,
    MemberButton,
    ServerPicker,
    TalkModal,
    WriteBackView,
    give_back_by_dm,
    relay_from_member,
)

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


async def _eligible_guilds(bot: HearthBot, user_id: int) -> list[discord.Guild]:
    """Servers where the person is a member and /talk is on with a team inbox."""
    found = []
    for guild in bot.guilds:
        if guild.get_member(user_id) is None:
            continue
        settings = await bot.guild_settings.get(guild.id)
        if settings.features.talk and settings.channels.team_inbox is not None:
            found.append(guild)
    return sorted(found, key=lambda guild: guild.name.lower())


class TalkCog(commands.Cog):
    """Private two-way conversations between a member and the team; the team can never unmask."""

    talk = app_commands.Group(name="talk", description="Talk privately with the team, with or without your name")

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repository = TalkRepository(
            bot.db,
            lambda guild_id, user_id: member_key(bot.secret, guild_id, user_id),
            bot.clock,
            dm_key=lambda user_id: dm_key(bot.secret, user_id),
            open_sealed=lambda token: unseal(bot.secret, token),
        )
        self.service = TalkService(self.repository, bot.secret, bot.clock)
        self.desk = TalkDesk(bot, self.service, self.repository)

    async def cog_load(self) -> None:
        """Register the store, the persistent buttons, the retry/re-ping sweep and the retention task."""
        self.bot.member_data.register(self.repository)
        self.bot.talk_desk = self.desk  # type: ignore[attr-defined]
        self.bot.add_dynamic_items(MemberButton, TeamButton)
        self.bot.retention_tasks.append(self.expire_links)
        self.bot.guild_settings.on_change(self._settings_changed)
        await self.desk.arm()

    async def cog_unload(self) -> None:
        """Undo cog_load."""
        self.bot.remove_dynamic_items(MemberButton, TeamButton)
        self.bot.scheduler.cancel(None, SWEEP_KEY)
        self.bot.guild_settings.off_change(self._settings_changed)
        if self.expire_links in self.bot.retention_tasks:
            self.bot.retention_tasks.remove(self.expire_links)
        self.bot.talk_desk = None  # type: ignore[attr-defined]

    async def _settings_changed(self, guild_id: int, settings: GuildSettings) -> None:
        """A new re-ping time takes effect on the one timer at once; a shorter retention cuts links at once."""
        await self.service.expire_links(guild_id, settings)
        await self.desk.arm()

    async def expire_links(self, now: datetime) -> int:
        """Retention task (the daily privacy pass): cut member links of conversations closed long enough ago."""
        cut = 0
        for guild_id in await self.service.guilds_with_links():
            if not self.bot.owns_guild(guild_id):
                continue  # the process owning that server's shard runs its pass
            settings = await self.bot.guild_settings.get(guild_id)
            cut += await self.service.expire_links(guild_id, settings)
        return cut

    # --------------------------------------------------------------- members

    @talk.command(name="open", description="Start a private conversation with the team (works in DMs too)")
    @app_commands.describe(
        name="Whether the team sees who you are (you can still tell them later)",
        topic="What it's about (the server's list)",
    )
    @app_commands.choices(
        name=[
            app_commands.Choice(name=words.NAME_WITHOUT, value="without"),
            app_commands.Choice(name=words.NAME_WITH, value="with"),
        ]
    )
    async def talk_open(
        self, interaction: discord.Interaction[HearthBot], name: str = "without", topic: str | None = None
    ) -> None:
        """Open the first-message form; in DMs, first ask which server."""
        named = name == "with"
        if interaction.guild is not None:
            guild_id = interaction.guild.id
        else:
            guilds = await _eligible_guilds(self.bot, interaction.user.id)
            if not guilds:
                raise UserFacingError(words.NO_SERVERS)
            if len(guilds) > 1:
                await reply_private(
                    interaction, words.PICK_SERVER, view=ServerPicker(interaction.user.id, guilds, topic, named)
                )
                return
            guild_id = guilds[0].id
        settings = await self.bot.guild_settings.get(guild_id)
        await self.service.check_can_open(settings, guild_id, interaction.user.id)
        self.service.topic_for(settings, topic)
        await interaction.response.send_modal(TalkModal(guild_id, topic, named))

    @talk_open.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """The server's topics (in DMs: every topic of the servers the member shares with the bot)."""
        if interaction.guild is not None:
            guild_ids = [interaction.guild.id]
        else:
            guild_ids = [guild.id for guild in await _eligible_guilds(self.bot, interaction.user.id)]
        topics: list[str] = []
        for guild_id in guild_ids:
            settings = await self.bot.guild_settings.get(guild_id)
            topics += [topic for topic in settings.talk.topics if topic not in topics]
        needle = current.casefold()
        return [app_commands.Choice(name=t, value=t) for t in topics if needle in t.casefold()][:25]

    @talk.command(name="reply", description="Read the team's replies and answer them here (if your DMs are closed)")
    async def talk_reply(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Show team replies that could not reach the member by DM, with a button to answer."""
        if interaction.guild is None:
            raise GuildOnlyError()  # a subcommand of a DM-capable group: discord.py can't mark it server-only
        conversation = await self.service.members_open_conversation(interaction.guild.id, interaction.user.id)
        if conversation is None or conversation.status != "open":
            raise UserFacingError(words.NO_OPEN_CONVERSATION)
        waiting = await self.service.waiting_for_member(conversation)
        view = WriteBackView(interaction.user.id, conversation.guild_id, conversation.number)
        if not waiting:
            await reply_private(interaction, words.NOTHING_WAITING, view=view)
            return
        embeds = [team_reply_embed(conversation, item.sender_label, item.text) for item in waiting[:10]]
        await reply_private(interaction, f"**{words.WAITING_TITLE}**", embeds=embeds, view=view)
        thread = await self.desk.thread(conversation)
        for item in waiting[:10]:
            await self.service.delivered(item)
            if thread is not None and item.source_message_id is not None:
                await self.desk.react(thread.get_partial_message(item.source_message_id), words.REACT_DELIVERED)
        await self.service.team_answered(conversation)

    @talk.command(name="close", description="Close your conversation with the team")
    async def talk_close(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Close the member's open conversation in this server."""
        if interaction.guild is None:
            raise GuildOnlyError()  # a subcommand of a DM-capable group: discord.py can't mark it server-only
        conversation = await self.service.members_open_conversation(interaction.guild.id, interaction.user.id)
        if conversation is None or conversation.status != "open":
            raise UserFacingError(words.NO_OPEN_CONVERSATION)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.desk.close(conversation, "member")
        await reply_private(interaction, words.CLOSED_DONE)

    # ------------------------------------------------------------------ team

    @talk.command(name="queue", description="Open conversations, highest risk first (the team)")
    async def talk_queue(self, interaction: discord.Interaction[HearthBot]) -> None:
        """The open conversations with wait times, for the team only."""
        if interaction.guild is None:
            raise GuildOnlyError()  # a subcommand of a DM-capable group: discord.py can't mark it server-only
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        if not isinstance(interaction.user, discord.Member) or not is_team(interaction.user, settings):
            raise NotPermittedError(Tier.PEER_SUPPORTER)
        conversations = await self.service.open_conversations(interaction.guild.id)
        if not conversations:
            await reply_private(interaction, words.QUEUE_EMPTY)
            return
        lines = []
        for c in conversations[:30]:
            waiting = (
                words.QUEUE_WAITING.format(since=discord.utils.format_dt(c.waiting_since, "R"))
                if c.waiting_since
                else words.QUEUE_ANSWERED
            )
            lines.append(
                words.QUEUE_LINE.format(
                    flag=words.RISK_FLAGS.get(c.risk, "⚪"),
                    number=c.number,
                    label=c.label,
                    topic=c.topic,
                    waiting=waiting,
                    where=f"<#{c.thread_id}>" if c.thread_id else "—",
                    claimed=words.QUEUE_CLAIMED.format(mention=f"<@{c.claimed_by}>")
                    if c.claimed_by
                    else words.QUEUE_UNCLAIMED,
                )
            )
        embed = discord.Embed(title=words.QUEUE_TITLE, description="\n".join(lines)[:4000])
        await reply_private(interaction, embed=embed)

    # ------------------------------------------------------------- listeners

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Member DMs go to their team thread; team messages in a thread go to the member."""
        if message.author.bot or message.webhook_id is not None:
            return
        if message.guild is None:
            async with in_member_language(self.bot, message.author.id, None):  # this listener's own task
                await self._from_member(message)
        elif isinstance(message.channel, discord.Thread | discord.PartialMessageable):
            # An archived thread may reach us uncached (a PartialMessageable): look it up all the same.
            await self._from_team(message)

    async def _from_member(self, message: discord.Message) -> None:
        if not message.content.strip() and not message.attachments:
            return
        conversations = await self.service.open_for_member(message.author.id)
        if not conversations:
            if await self.service.had_conversation(message.author.id):
                await give_back_by_dm(message.channel, words.DM_AFTER_CLOSE, message.content)
            return
        if message.attachments:
            try:
                await message.channel.send(words.MEMBER_ATTACHMENTS, allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException:
                log.warning("could not tell a member that attachments are not passed on")
            if not message.content.strip():
                return
        if len(conversations) == 1:
            await relay_from_member(self.desk, conversations[0], message.content, dm=message)
            return
        picker = ConversationPicker(message.author.id, self.desk, message, conversations)
        try:
            await message.channel.send(
                words.PICK_CONVERSATION, view=picker, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException:
            log.warning("could not ask which conversation a DM belongs to")

    async def _from_team(self, message: discord.Message) -> None:
        assert message.guild is not None
        # Every thread is looked up (one indexed query), so threads under an earlier inbox keep relaying
        # after a moderator moves the inbox.
        conversation = await self.service.conversation_in_thread(message.guild.id, message.channel.id)
        if conversation is None:
            return
        settings = await self.bot.guild_settings.get(message.guild.id)
        content = message.content.strip()
        if content.startswith(settings.talk.prefix) or not isinstance(message.author, discord.Member):
            return
        if not is_team(message.author, settings):
            return
        if conversation.status != "open":
            await self.desk.react(message, words.REACT_NOT_SENT)
            await self.desk.note(conversation, words.NOT_RELAYED_CLOSED)
            return
        if message.attachments:
            content = f"{content}\n{words.ATTACHMENTS_NOT_PASSED}".strip()
        if not content:
            return
        content = content[:4096]  # Discord's limit for one message is 4,000; an embed takes 4,096
        label = self.desk.label_for_member(conversation)
        relay = await self.service.relay(conversation.guild_id, conversation.number)
        if await self.desk.to_member(conversation, content, label):
            await self.service.team_answered(conversation)
            await self.desk.react(message, words.REACT_DELIVERED)
            return
        await self.service.keep_for_retry(conversation, "to_member", content, label, message.id)
        await self.desk.arm()
        await self.service.team_answered(conversation)
        await self.desk.react(message, words.REACT_WAITING)
        if relay is None or relay.dms_open:
            await self.desk.note(conversation, words.RELAY_WAITING_NOTE.format(reaction=words.REACT_WAITING))


async def setup(bot: HearthBot) -> None:
    """Load the talk-to-the-team cog."""
    await bot.add_cog(TalkCog(bot))
