"""What /talk decides: who may open, conversation pseudonyms, the link to the member, risk, retries, retention."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import Clock
from bot.core.errors import UserFacingError
from bot.core.guild_settings import GuildSettings
from cogs.anonymous.api import PSEUDONYM_WORDS, seal, unseal
from cogs.safety.api import Assessment, Level, assess
from cogs.talk import messages as words
from cogs.talk.store import Conversation, OutboxItem, Relay, TalkRepository

log = logging.getLogger(__name__)

RISK = {Level.NONE: 0, Level.CONCERN: 1, Level.CRISIS: 2}
OPENING_TIMEOUT = timedelta(minutes=5)
MAX_ATTEMPTS = 12  # with the backoff below: about nine hours of trying


class Refused(UserFacingError):
    """Something the member (or team member) asked for cannot go ahead; the reason is safe to show them."""


class AlreadyOpen(Refused):
    """The member already has an open conversation in that server."""

    def __init__(self, conversation: Conversation, reason: str) -> None:
        super().__init__(reason)
        self.conversation = conversation


def member_key(secret: bytes, guild_id: int, user_id: int) -> str:
    """The keyed hash that links a conversation to its member (different from the anonymous-post key)."""
    return hmac.new(secret, f"talk-member:{guild_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def dm_key(secret: bytes, user_id: int) -> str:
    """The keyed hash that finds a member's open conversations when they write in DMs."""
    return hmac.new(secret, f"talk-dm:{user_id}".encode(), hashlib.sha256).hexdigest()


def fresh_pseudonym() -> str:
    """A random name for one conversation ('Heron 4A'): derived from nothing, so it matches nothing."""
    return f"{secrets.choice(PSEUDONYM_WORDS)} {secrets.randbelow(256):02X}"


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next try of a relay: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2**attempts, 60))


def clean_text(text: str) -> str:
    """The member's or team's text, checked for length (raises Refused)."""
    body = text.strip()
    if not body:
        raise Refused(words.EMPTY)
    if len(body) > words.TEXT_LIMIT:
        raise Refused(words.TOO_LONG.format(length=len(body), limit=words.TEXT_LIMIT))
    return body


@dataclass(frozen=True)
class MemberMessage:
    """What one message from the member means for its conversation."""

    text: str
    assessment: Assessment
    raised_to_crisis: bool


class TalkService:
    """Decisions for /talk; holds no Discord objects."""

    def __init__(self, repository: TalkRepository, secret: bytes, clock: Clock) -> None:
        self.repository = repository
        self.secret = secret
        self.clock = clock

    def member_key(self, guild_id: int, user_id: int) -> str:
        """The member's key in one server."""
        return member_key(self.secret, guild_id, user_id)

    # --------------------------------------------------------------- opening

    def topic_for(self, settings: GuildSettings, topic: str | None) -> str:
        """One of the server's topics (the last one when none was chosen); raises Refused otherwise."""
        topics = settings.talk.topics
        if topic is None or not topic.strip():
            return topics[-1]
        for known in topics:
            if known.casefold() == topic.strip().casefold():
                return known
        raise Refused(words.UNKNOWN_TOPIC.format(topic=topic[:80], topics=", ".join(f"“{t}”" for t in topics)))

    async def check_can_open(self, settings: GuildSettings, guild_id: int, user_id: int) -> None:
        """Refuse when the part is off, has no inbox, the member is blocked, or already has one open."""
        if not settings.features.talk:
            raise Refused(words.FEATURE_OFF)
        if settings.channels.team_inbox is None:
            raise Refused(words.INBOX_NOT_SET)
        key = self.member_key(guild_id, user_id)
        blocks = await self.repository.active_blocks(guild_id, key, self.clock())
        if blocks:
            ends = [block.until for block in blocks]
            until = None if any(end is None for end in ends) else max(end for end in ends if end is not None)
            raise Refused(words.BLOCKED.format(until=_until_text(until)))
        existing = await self.repository.open_for_key(guild_id, key)
        if (
            existing is not None
            and existing.status == "opening"
            and self.clock() - existing.opened_at > OPENING_TIMEOUT
        ):
            # Its thread was never made (the bot stopped mid-opening): it never reached anyone, so it goes.
            await self.repository.discard(guild_id, existing.number)
            existing = None
        if existing is not None:
            raise AlreadyOpen(
                existing,
                words.ALREADY_OPEN.format(
                    number=existing.number, topic=existing.topic, when=f"<t:{int(existing.opened_at.timestamp())}:R>"
                ),
            )

    async def start(
        self,
        settings: GuildSettings,
        guild_id: int,
        user_id: int,
        *,
        topic: str,
        named: bool,
        shown_name: str,
        avoid: str | None,
        text: str,
    ) -> tuple[Conversation, MemberMessage]:
        """Store a new conversation (status 'opening' until its thread exists) and its link to the member."""
        await self.check_can_open(settings, guild_id, user_id)
        body = clean_text(text)
        if named:
            label = shown_name[:60]
        else:
            taken = await self.repository.labels_in_use(guild_id)
            label = fresh_pseudonym()
            tries = 0
            while label in taken or label == avoid:
                tries += 1
                # 25,600 short names; a server that has used most of them gets longer ones.
                label = fresh_pseudonym() if tries < 50 else f"{fresh_pseudonym()}{secrets.randbelow(4096):03X}"
        conversation = await self.repository.create(
            guild_id,
            label=label,
            named=named,
            topic=topic,
            member_key=self.member_key(guild_id, user_id),
            dm_key=dm_key(self.secret, user_id),
            deliver_to=seal(self.secret, user_id),
            now=self.clock(),
        )
        assessment = assess(body)
        risk = RISK[assessment.level]
        if risk:
            await self.repository.member_wrote(guild_id, conversation.number, self.clock(), risk)
        log.info("talk conversation %s opened in guild %s", conversation.number, guild_id)
        return conversation, MemberMessage(body, assessment, assessment.level is Level.CRISIS)

    # ---------------------------------------------------------------- relays

    async def member_of(self, conversation: Conversation) -> int | None:
        """The member's id, to deliver a DM; None once the link was cut."""
        relay = await self.repository.relay(conversation.guild_id, conversation.number)
        if relay is None:
            return None
        return unseal(self.secret, relay.deliver_to)

    async def is_members(self, conversation: Conversation, user_id: int) -> bool:
        """True if `user_id` is the member behind the conversation (matched by key, never stored)."""
        relay = await self.repository.relay(conversation.guild_id, conversation.number)
        return relay is not None and hmac.compare_digest(
            relay.member_key, self.member_key(conversation.guild_id, user_id)
        )

    async def open_for_member(self, user_id: int) -> list[Conversation]:
        """The member's open conversations in every server (one look-up, whatever the member cache holds)."""
        return await self.repository.open_for_dm_key(dm_key(self.secret, user_id))

    async def had_conversation(self, user_id: int) -> bool:
        """True if the member's last conversations are closed but still linked (a DM now would go nowhere)."""
        return await self.repository.has_closed_for_dm_key(dm_key(self.secret, user_id))

    async def member_message(self, conversation: Conversation, text: str) -> MemberMessage:
        """Record that the member wrote (they wait from now; the risk may rise)."""
        body = clean_text(text)
        assessment = assess(body)
        risk = RISK[assessment.level]
        await self.repository.member_wrote(conversation.guild_id, conversation.number, self.clock(), risk)
        return MemberMessage(body, assessment, assessment.level is Level.CRISIS and conversation.risk < 2)

    async def keep_for_retry(
        self, conversation: Conversation, direction: str, text: str, sender_label: str, source: int | None
    ) -> None:
        """A relay failed: keep it and try again soon."""
        now = self.clock()
        await self.repository.enqueue(
            conversation.guild_id,
            conversation.number,
            "to_member" if direction == "to_member" else "to_team",
            text,
            sender_label,
            source,
            now,
            now + backoff(0),
        )

    async def retry_failed(self, item: OutboxItem) -> bool:
        """Another try failed: wait longer; True if it should now be handed back instead (too many tries)."""
        if item.attempts + 1 >= MAX_ATTEMPTS:
            await self.repository.delivered(item.id)
            return True
        await self.repository.postpone(item.id, self.clock() + backoff(item.attempts + 1))
        return False

    # ------------------------------------------------------------------ team

    async def block(
        self, conversation: Conversation, moderator_id: int, duration: timedelta | None, reason: str | None
    ) -> datetime | None:
        """Block whoever is behind the conversation from opening new ones; returns when it ends."""
        relay = await self.repository.relay(conversation.guild_id, conversation.number)
        if relay is None:
            raise Refused(words.CONVERSATION_GONE)
        now = self.clock()
        until = now + duration if duration is not None else None
        await self.repository.add_block(
            conversation.guild_id, conversation.number, relay.member_key, moderator_id, reason, now, until
        )
        log.info("talk block from conversation %s in guild %s", conversation.number, conversation.guild_id)
        return until

    async def due_repings(self, settings_of: dict[int, GuildSettings]) -> list[tuple[Conversation, int]]:
        """Conversations waiting longer than their server's re-ping time (each re-pinged once per wait)."""
        now = self.clock()
        due = []
        for conversation in await self.repository.waiting_not_repinged():
            settings = settings_of.get(conversation.guild_id)
            if settings is None or settings.talk.reping_minutes == 0 or conversation.waiting_since is None:
                continue
            minutes = settings.talk.reping_minutes
            if now - conversation.waiting_since >= timedelta(minutes=minutes):
                due.append((conversation, minutes))
        return due

    async def expire_links(self, guild_id: int, settings: GuildSettings) -> int:
        """Cut the link to the member of every conversation closed longer than the server's retention."""
        cutoff = self.clock() - timedelta(days=settings.talk.retention_days)
        cut = await self.repository.cut_links_closed_before(guild_id, cutoff)
        if cut:
            log.info("cut %d talk links past retention in guild %s", cut, guild_id)
        return cut

    # --- what the Discord side reads and records (commands.py, views.py, team_views.py) -----------------------

    async def conversation(self, guild_id: int, number: int) -> Conversation | None:
        """One conversation by its number in a server."""
        return await self.repository.get(guild_id, number)

    async def conversation_in_thread(self, guild_id: int, thread_id: int) -> Conversation | None:
        """The conversation a team thread belongs to, if any."""
        return await self.repository.by_thread(guild_id, thread_id)

    async def members_open_conversation(self, guild_id: int, user_id: int) -> Conversation | None:
        """The member's open (or opening) conversation in a server, found by their keyed hash."""
        return await self.repository.open_for_key(guild_id, self.member_key(guild_id, user_id))

    async def open_conversations(self, guild_id: int) -> list[Conversation]:
        """The server's open conversations: highest risk first, then longest waiting, then oldest."""
        return await self.repository.open_conversations(guild_id)

    async def relay(self, guild_id: int, number: int) -> Relay | None:
        """The link to the member behind a conversation, or None once it was cut."""
        return await self.repository.relay(guild_id, number)

    async def waiting_for_member(self, conversation: Conversation) -> list[OutboxItem]:
        """Team messages the member has not received yet, oldest first."""
        return await self.repository.waiting_for_member(conversation.guild_id, conversation.number)

    async def delivered(self, item: OutboxItem) -> None:
        """A waiting message reached its reader: forget it."""
        await self.repository.delivered(item.id)

    async def team_answered(self, conversation: Conversation) -> None:
        """The team answered: no one is waiting, and a later wait may re-ping again."""
        await self.repository.team_answered(conversation.guild_id, conversation.number)

    async def never_reached_team(self, guild_id: int, number: int) -> None:
        """Drop a conversation whose team thread could not be made."""
        await self.repository.discard(guild_id, number)

    async def dms_open(self, guild_id: int, number: int, dms_open: bool) -> None:
        """Remember whether the member's DMs took our last message."""
        await self.repository.set_dms_open(guild_id, number, dms_open)

    async def reveal(self, conversation: Conversation) -> bool:
        """The member chose to be known to the team; False if they already were."""
        return await self.repository.reveal(conversation.guild_id, conversation.number)

    async def claim(self, conversation: Conversation, user_id: int, named: bool) -> bool:
        """Record who from the team took the conversation; False if it is not open."""
        return await self.repository.claim(conversation.guild_id, conversation.number, user_id, named)

    async def guilds_with_links(self) -> list[int]:
        """Servers that still hold a link to any member (the retention pass visits only these)."""
        return await self.repository.guilds_with_links()


def _until_text(until: datetime | None) -> str:
    if until is None:
        return words.BLOCKED_OPEN
    return words.BLOCKED_UNTIL.format(when=f"<t:{int(until.timestamp())}:F>")
