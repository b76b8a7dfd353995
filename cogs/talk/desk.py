"""The Discord side of /talk: the team thread, DMs to the member, pings, closing, retries and transcripts."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.surface import delivery
from bot.surface.language import in_member_language, speaks_server_language
from bot.surface.replies import returned_text_block
from cogs.safety.api import Assessment, assess, send_private_support
from cogs.talk import messages as words
from cogs.talk.api import visible_to_everyone
from cogs.talk.cards import (
    header_embed,
    member_embed,
    role_mentions,
    roles_only,
    sender_label,
    team_reply_embed,
    team_roles,
)
from cogs.talk.service import MemberMessage, TalkService, backoff
from cogs.talk.store import Conversation, OutboxItem, TalkRepository

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
SWEEP_KEY = "talk-sweep"


@dataclass(frozen=True)
class TeamProblem:
    """Why the team's side could not take a message: a key of `TEAM_PROBLEMS` ("unsafe": the inbox is public)."""

    key: str
    permission: str = ""

    def words(self) -> str:
        """The reason in the language of the moment (the member's, where it is shown)."""
        return words.TEAM_PROBLEMS[self.key].format(permission=self.permission)


def forum_tags(forum: discord.ForumChannel, conversation: Conversation, status: str = "open") -> list[discord.ForumTag]:
    """The forum's tags named like the conversation's topic and its status ("Open" / "Closed"), if it has them."""
    wanted = {conversation.topic.casefold(), status}
    return [tag for tag in forum.available_tags if tag.name.casefold() in wanted][:5]


class TalkDesk:
    """Posting, DMing and pinging for /talk (the service decides; this carries it out)."""

    def __init__(self, bot: HearthBot, service: TalkService, repository: TalkRepository) -> None:
        self.bot = bot
        self.service = service
        self.repository = repository

    # -------------------------------------------------------------- lookups

    def inbox(self, guild_id: int, settings: GuildSettings) -> Any:
        """The team inbox channel, if it exists."""
        return delivery.resolve_channel(self.bot, guild_id, settings.channels.team_inbox)

    async def thread(self, conversation: Conversation) -> discord.Thread | None:
        """The conversation's team thread (fetched if not cached), or None if it is gone."""
        if conversation.thread_id is None:
            return None
        guild = self.bot.get_guild(conversation.guild_id)
        if guild is None:
            return None
        found = guild.get_thread(conversation.thread_id)
        if found is not None:
            return found
        try:
            fetched = await self.bot.fetch_channel(conversation.thread_id)
        except discord.HTTPException:
            return None
        return fetched if isinstance(fetched, discord.Thread) else None

    async def member_user(self, conversation: Conversation) -> discord.User | None:
        """The member, to DM them; None once the link was cut."""
        user_id = await self.service.member_of(conversation)
        if user_id is None:
            return None
        return await delivery.resolve_user(self.bot, user_id)

    def claimer_name(self, conversation: Conversation) -> str | None:
        """The display name of whoever claimed the conversation."""
        if conversation.claimed_by is None:
            return None
        guild = self.bot.get_guild(conversation.guild_id)
        member = guild.get_member(conversation.claimed_by) if guild else None
        return member.display_name if member else None

    def label_for_member(self, conversation: Conversation) -> str:
        """Who team replies come from, as the member sees it."""
        guild = self.bot.get_guild(conversation.guild_id)
        return sender_label(conversation, guild.name if guild else words.THE_SERVER, self.claimer_name(conversation))

    # -------------------------------------------------------------- opening

    async def open_thread(
        self, conversation: Conversation, settings: GuildSettings, first: MemberMessage, mention: str | None
    ) -> TeamProblem | None:
        """Make the team thread with its header and the first message; returns the problem if it could not."""
        from cogs.talk.team_views import team_view

        guild = self.bot.get_guild(conversation.guild_id)
        inbox = self.inbox(conversation.guild_id, settings)
        if guild is None or not isinstance(inbox, discord.TextChannel | discord.ForumChannel):
            return TeamProblem("inbox_missing")
        if visible_to_everyone(inbox, settings.roles.member):
            return TeamProblem("unsafe")
        missing = delivery.missing_permissions(inbox, guild.me, delivery.THREAD_PERMISSIONS + delivery.POST_PERMISSIONS)
        if missing:
            return TeamProblem("inbox_permission", missing[0])
        name = words.THREAD_NAME.format(number=conversation.number, label=conversation.label, topic=conversation.topic)
        roles = team_roles(settings)
        card: dict[str, Any] = {
            "content": words.NEW_CONVERSATION_PING.format(roles=role_mentions(roles)),
            "embed": header_embed(conversation, settings, mention),
            "view": team_view(conversation.guild_id, conversation.number),
            "allowed_mentions": roles_only(roles),
        }
        try:
            if isinstance(inbox, discord.ForumChannel):
                # A forum post per conversation, tagged with its topic and "Open" where the forum has such tags.
                created = await inbox.create_thread(
                    name=name[:100], auto_archive_duration=10080, applied_tags=forum_tags(inbox, conversation), **card
                )
                thread, header = created.thread, created.message
            else:
                thread = await inbox.create_thread(
                    name=name[:100], type=discord.ChannelType.public_thread, auto_archive_duration=10080
                )
                header = await thread.send(**card)
            await thread.send(
                embed=member_embed(conversation, first.text), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as exc:
            log.warning("could not open a talk thread in guild %s (HTTP %s)", conversation.guild_id, exc.status)
            return TeamProblem("thread_refused")
        await self.repository.mark_open(conversation.guild_id, conversation.number, thread.id, header.id)
        if first.raised_to_crisis:
            await self.crisis_ping(conversation, thread, first.assessment)
        return None

    # --------------------------------------------------------------- relays

    @speaks_server_language
    async def to_team(self, conversation: Conversation, message: MemberMessage) -> TeamProblem | None:
        """Post the member's words in the team thread (and ping if it is a crisis); the problem if it failed."""
        thread = await self.thread(conversation)
        if thread is None:
            return TeamProblem("thread_gone")
        try:
            if thread.archived:
                await thread.edit(archived=False)
            await thread.send(
                embed=member_embed(conversation, message.text), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as exc:
            log.warning("talk relay to the team failed in guild %s (HTTP %s)", conversation.guild_id, exc.status)
            return TeamProblem("relay_refused")
        log.debug("talk relay to the team: conversation %s in guild %s", conversation.number, conversation.guild_id)
        if message.raised_to_crisis:
            await self.crisis_ping(conversation, thread, message.assessment)
        return None

    async def crisis_ping(self, conversation: Conversation, thread: discord.Thread, assessment: Assessment) -> None:
        """Tell the team, in the thread only, that this conversation needs them now."""
        settings = await self.bot.guild_settings.get(conversation.guild_id)
        roles = team_roles(settings)
        log.info("talk conversation %s raised to crisis in guild %s", conversation.number, conversation.guild_id)
        why = ", ".join(category.value.replace("_", " ") for category in assessment.categories) or "crisis language"
        try:
            await thread.send(
                content=words.CRISIS_PING.format(roles=role_mentions(roles), why=why),
                allowed_mentions=roles_only(roles),
            )
        except discord.HTTPException:
            log.warning("talk crisis ping failed in guild %s", conversation.guild_id)

    async def support_member(
        self, conversation: Conversation, interaction: discord.Interaction[Any] | None, user: discord.abc.User | None
    ) -> None:
        """The private crisis response, as elsewhere in Hearth (ephemeral when possible, else DM)."""
        settings = await self.bot.guild_settings.get(conversation.guild_id)
        target = user if isinstance(user, discord.User | discord.Member) else None
        await send_private_support(
            self.bot,
            guild_id=conversation.guild_id,
            country=settings.country,
            alert_id=None,
            interaction=interaction,
            user=target,
        )

    async def to_member(self, conversation: Conversation, text: str, label: str | None = None) -> bool:
        """DM a team reply to the member; False if it could not be delivered."""
        user = await self.member_user(conversation)
        if user is None:
            return False
        async with in_member_language(self.bot, user.id, conversation.guild_id):
            embed = team_reply_embed(conversation, label or self.label_for_member(conversation), text)
            sent = await delivery.send_dm(user, embed=embed)
        await self.repository.set_dms_open(conversation.guild_id, conversation.number, sent)
        log.debug(
            "talk relay to the member %s: conversation %s in guild %s",
            "delivered" if sent else "not delivered",
            conversation.number,
            conversation.guild_id,
        )
        return sent

    async def dm_member(self, conversation: Conversation, build: Callable[[], dict[str, Any]]) -> bool:
        """Any other DM to the member (claim, closing); False if it could not be delivered.

        `build` makes the message (send_dm's keyword arguments) in the member's language."""
        user = await self.member_user(conversation)
        if user is None:
            return False
        async with in_member_language(self.bot, user.id, conversation.guild_id):
            return await delivery.send_dm(user, **build())

    async def note(self, conversation: Conversation, content: str, *, ping: bool = False) -> None:
        """A line for the team in the thread (never relayed)."""
        thread = await self.thread(conversation)
        if thread is None:
            return
        settings = await self.bot.guild_settings.get(conversation.guild_id)
        mentions = roles_only(team_roles(settings)) if ping else discord.AllowedMentions.none()
        try:
            if thread.archived:
                await thread.edit(archived=False)
            await thread.send(content=content, allowed_mentions=mentions)
        except discord.HTTPException:
            log.warning("talk note failed in guild %s", conversation.guild_id)

    async def refresh_header(self, conversation: Conversation) -> None:
        """Show the current status and claimer on the thread's card."""
        fresh = await self.repository.get(conversation.guild_id, conversation.number)
        thread = await self.thread(conversation)
        if fresh is None or thread is None or fresh.header_message_id is None:
            return
        settings = await self.bot.guild_settings.get(conversation.guild_id)
        mention: str | None = None
        if fresh.named:
            user_id = await self.service.member_of(fresh)
            mention = f"<@{user_id}>" if user_id else None
        try:
            message = thread.get_partial_message(fresh.header_message_id)
            await message.edit(embed=header_embed(fresh, settings, mention))
        except discord.HTTPException:
            log.warning("talk header refresh failed in guild %s", conversation.guild_id)

    async def react(self, message: discord.Message | discord.PartialMessage, emoji: str) -> None:
        """A small confirmation on a relayed message (best effort)."""
        try:
            await message.add_reaction(emoji)
        except discord.HTTPException:
            log.debug("could not react to a relayed message")

    # -------------------------------------------------------------- closing

    async def close(self, conversation: Conversation, by: str, closer_mention: str | None = None) -> bool:
        """Close once: tell the member (with a transcript button), note it for the team, archive the thread."""
        from cogs.talk.views import transcript_view

        if not await self.repository.close(conversation.guild_id, conversation.number, by, self.bot.clock()):
            return False
        log.info("talk conversation %s closed by the %s in guild %s", conversation.number, by, conversation.guild_id)
        guild = self.bot.get_guild(conversation.guild_id)
        told = await self.dm_member(
            conversation,
            lambda: {
                "content": words.CLOSED_FOR_MEMBER.format(
                    guild=guild.name if guild else words.THE_SERVER, by=words.CLOSED_BY_TEAM if by == "team" else ""
                ),
                "view": transcript_view(conversation.guild_id, conversation.number),
            },
        )
        if by == "team":
            note = words.TEAM_CLOSED_NOTE.format(
                who=closer_mention or "the team", told="" if told else words.TEAM_CLOSED_NOT_TOLD
            )
        else:
            note = words.CLOSED_BY_MEMBER_NOTE
        await self.note(conversation, note)
        await self.refresh_header(conversation)
        thread = await self.thread(conversation)
        if thread is not None:
            try:
                if isinstance(thread.parent, discord.ForumChannel):
                    await thread.edit(archived=True, applied_tags=forum_tags(thread.parent, conversation, "closed"))
                else:
                    await thread.edit(archived=True)
            except discord.HTTPException:
                log.debug("could not archive a closed talk thread")
        return True

    async def transcript(self, conversation: Conversation) -> discord.File | None:
        """The conversation as the member saw it (member lines and relayed team replies), as a text file."""
        thread = await self.thread(conversation)
        if thread is None:
            return None
        settings = await self.bot.guild_settings.get(conversation.guild_id)
        me = self.bot.user.id if self.bot.user else 0
        guild = self.bot.get_guild(conversation.guild_id)
        team = self.label_for_member(conversation)  # as the member saw the replies
        # The member's lines carry this footer, in whichever language the thread was written in.
        member_footers = i18n.in_every_language(lambda: words.MEMBER_FOOTER.format(label=conversation.label))
        lines: list[str] = []
        async for message in thread.history(limit=None, oldest_first=True):
            stamp = message.created_at.strftime("%Y-%m-%d %H:%M UTC")
            if message.author.id == me:
                embed = message.embeds[0] if message.embeds else None
                footer = embed.footer.text if embed and embed.footer else None
                if embed and footer in member_footers:
                    lines.append(f"[{stamp}] {words.TRANSCRIPT_YOU}: {embed.description}")
                continue
            if message.author.bot or not message.content or message.content.startswith(settings.talk.prefix):
                continue
            lines.append(f"[{stamp}] {team}: {message.content}")
        if not lines:
            return None
        header = words.TRANSCRIPT_HEADER.format(
            number=conversation.number, guild=guild.name if guild else "", topic=conversation.topic
        )
        body = "\n\n".join([header, *lines]) + "\n"
        return discord.File(io.BytesIO(body.encode("utf-8")), filename=f"conversation-{conversation.number}.txt")

    # --------------------------------------------------------------- sweeps

    async def retry_outbox(self) -> None:
        """Try every relay that has not arrived yet, again."""
        for item in await self.repository.due_outbox(self.bot.clock()):
            conversation = await self.repository.get(item.guild_id, item.number)
            if conversation is None:
                await self.repository.delivered(item.id)
                continue
            if item.direction == "to_member":
                await self._retry_to_member(conversation, item)
            else:
                await self._retry_to_team(conversation, item)

    async def _retry_to_member(self, conversation: Conversation, item: OutboxItem) -> None:
        if await self.to_member(conversation, item.text, item.sender_label):
            await self.repository.delivered(item.id)
            await self.repository.team_answered(conversation.guild_id, conversation.number)
            await self._mark_source_delivered(conversation, item)
            return
        # It also waits in /talk reply; DM tries go on at most hourly until it arrives one way or the other.
        await self.repository.postpone(item.id, self.bot.clock() + backoff(item.attempts + 1))

    async def _retry_to_team(self, conversation: Conversation, item: OutboxItem) -> None:
        # The words are assessed again: a crisis message whose first relay failed still pings the team
        # when it finally arrives (its ping was never sent).
        assessment = assess(item.text)
        message = MemberMessage(item.text, assessment, assessment.is_crisis)
        guild = self.bot.get_guild(conversation.guild_id)
        guild_name = guild.name if guild else None
        if await self.to_team(conversation, message) is None:
            await self.repository.delivered(item.id)
            await self.dm_member(
                conversation, lambda: {"content": words.RELAY_RETRIED_OK.format(guild=guild_name or words.THE_SERVER)}
            )
            return
        if await self.service.retry_failed(item):
            await self.dm_member(
                conversation,
                lambda: {
                    "content": f"{words.RELAY_GAVE_UP.format(guild=guild_name or words.THE_SERVER)}\n"
                    f"{returned_text_block(item.text)}"
                },
            )

    async def _mark_source_delivered(self, conversation: Conversation, item: OutboxItem) -> None:
        thread = await self.thread(conversation)
        if thread is None or item.source_message_id is None:
            return
        await self.react(thread.get_partial_message(item.source_message_id), words.REACT_DELIVERED)

    async def sweep(self) -> None:
        """The one /talk timer: retry relays that did not arrive, re-ping long waits, then sleep until the next."""
        try:
            await self.retry_outbox()
            await self.reping_waiting()
        except Exception:
            log.exception("talk sweep failed")
        await self.arm()

    async def arm(self) -> None:
        """Set the one timer to the earliest due retry or re-ping (none when nothing is waiting)."""
        times = []
        earliest = await self.repository.earliest_retry()
        if earliest is not None:
            times.append(earliest)
        for conversation in await self.repository.waiting_not_repinged():
            settings = await self.bot.guild_settings.get(conversation.guild_id)
            if settings.talk.reping_minutes and conversation.waiting_since is not None:
                times.append(conversation.waiting_since + timedelta(minutes=settings.talk.reping_minutes))
        if not times:
            self.bot.scheduler.cancel(None, SWEEP_KEY)
            return
        self.bot.scheduler.schedule_at(None, SWEEP_KEY, min(times), self.sweep)

    async def reping_waiting(self) -> None:
        """Ping the team once about each conversation waiting longer than its server allows."""
        guild_ids = [guild.id for guild in self.bot.guilds]
        settings_of = {guild_id: await self.bot.guild_settings.get(guild_id) for guild_id in guild_ids}
        for conversation, minutes in await self.service.due_repings(settings_of):
            if not await self.repository.claim_reping(conversation.guild_id, conversation.number):
                continue
            roles = team_roles(settings_of[conversation.guild_id])
            content = words.REPING.format(roles=role_mentions(roles), label=conversation.label, minutes=minutes)
            log.debug("talk re-ping: conversation %s in guild %s", conversation.number, conversation.guild_id)
            await self.note(conversation, content, ping=True)
