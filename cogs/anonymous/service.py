"""The anonymous-sharing service: author keys and pseudonyms, gatekeeping, numbering, approval, author actions
and moderation by post.

It decides and stores; it never talks to Discord (the Discord side posts what it decides).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock, utcnow
from bot.core.db import Connection, Database
from bot.core.guild_settings import GuildSettings
from bot.core.guild_settings_service import GuildSettingsService
from bot.surface.errors import UserFacingError
from cogs.anonymous import messages as words
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.store import (
    AnonymousBlock,
    AnonymousPost,
    AnonymousRepository,
    PendingSubmission,
    RateLimiter,
    SaltRepository,
)
from cogs.safety.api import Assessment, assess, check_text

log = logging.getLogger(__name__)


# Gentle, neutral words; a pseudonym is one of these plus two hex characters ("Willow 3F").
PSEUDONYM_WORDS = (
    "Alder",
    "Amber",
    "Aspen",
    "Birch",
    "Bramble",
    "Brook",
    "Cedar",
    "Clover",
    "Comet",
    "Coral",
    "Cove",
    "Cypress",
    "Dawn",
    "Delta",
    "Dune",
    "Ember",
    "Fern",
    "Finch",
    "Fjord",
    "Flint",
    "Gale",
    "Garnet",
    "Glade",
    "Glen",
    "Harbor",
    "Hazel",
    "Heath",
    "Heron",
    "Holly",
    "Indigo",
    "Iris",
    "Ivy",
    "Jade",
    "Juniper",
    "Kestrel",
    "Lagoon",
    "Lark",
    "Laurel",
    "Linden",
    "Lotus",
    "Maple",
    "Marble",
    "Marsh",
    "Meadow",
    "Mesa",
    "Mist",
    "Moss",
    "Nectar",
    "Nimbus",
    "Oak",
    "Ocean",
    "Olive",
    "Onyx",
    "Opal",
    "Orchid",
    "Otter",
    "Pebble",
    "Pine",
    "Plover",
    "Poppy",
    "Prairie",
    "Quartz",
    "Quill",
    "Rain",
    "Raven",
    "Reed",
    "Ridge",
    "River",
    "Robin",
    "Rowan",
    "Sage",
    "Sequoia",
    "Shore",
    "Sierra",
    "Sky",
    "Slate",
    "Sorrel",
    "Sparrow",
    "Spruce",
    "Stone",
    "Summit",
    "Swallow",
    "Tamarack",
    "Thistle",
    "Tide",
    "Timber",
    "Topaz",
    "Tundra",
    "Vale",
    "Violet",
    "Wave",
    "Willow",
    "Wren",
    "Yarrow",
    "Zephyr",
    "Lantern",
    "Harvest",
    "Kite",
    "Lichen",
    "Basil",
)


def author_key(secret: bytes, guild_id: int, user_id: int) -> str:
    """The keyed hash that links an anonymous action to its author (cannot be computed without the secret)."""
    return hmac.new(secret, f"author:{guild_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def pseudonym(secret: bytes, guild_id: int, user_id: int, salt: str) -> str:
    """A stable, per-server pseudonym such as 'Willow 3F'; changes when the server's salt rotates."""
    digest = hmac.new(secret, f"pseudonym:{guild_id}:{salt}:{user_id}".encode(), hashlib.sha256).digest()
    word = PSEUDONYM_WORDS[int.from_bytes(digest[:4], "big") % len(PSEUDONYM_WORDS)]
    return f"{word} {digest[4]:02X}"


class AnonymityService:
    """Author keys and pseudonyms for one bot; each server's pseudonym salt is kept by `SaltRepository`."""

    name: str = "pseudonym_salts"
    tables: tuple[str, ...] = ("anon_salts",)
    person_columns: tuple[str, ...] = ()
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database, secret: bytes, clock: Clock = utcnow) -> None:
        self.secret = secret
        self.salts = SaltRepository(db, clock)

    def author_key(self, guild_id: int, user_id: int) -> str:
        """The author key of a member in a server."""
        return author_key(self.secret, guild_id, user_id)

    async def pseudonym(self, guild_id: int, user_id: int) -> str:
        """The member's current pseudonym in a server."""
        return pseudonym(self.secret, guild_id, user_id, await self.salts.salt(guild_id))

    async def rotate(self, guild_id: int) -> None:
        """Give everyone in the server new pseudonyms."""
        await self.salts.rotate(guild_id)

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Salts belong to servers, not people: nothing personal is stored here."""
        return {}

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Nothing personal to delete."""

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Forget a server's salt (server removal)."""
        await self.salts.delete_guild(conn, guild_id)


class Refused(UserFacingError):
    """A submission (or action) that cannot go ahead; `reason` is kind and safe to show its writer.

    A UserFacingError, so a command or button can let it rise to the one error path unchanged.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def when_text(moment: datetime | None) -> str:
    """A Discord timestamp every reader sees in their own timezone."""
    if moment is None:
        return words.BLOCKED_OPEN
    return words.BLOCKED_UNTIL.format(when=timestamp(moment, "F"))


def timestamp(moment: datetime, style: str) -> str:
    """Discord's timestamp markup (`<t:unix:style>`), shown in each reader's own timezone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


@dataclass(frozen=True)
class Draft:
    """A submission that passed every check and is ready to post or queue."""

    guild_id: int
    text: str  # mentions neutralised
    warning: str | None
    topic: str | None
    parent: AnonymousPost | None
    author_key: str
    pseudonym: str
    assessment: Assessment


@dataclass(frozen=True)
class Reservation:
    """A number taken for a draft: queued for approval, or to be published by the Discord side."""

    post: AnonymousPost
    queued: bool
    is_author: bool  # a reply by the post's own author, while the link lives


@dataclass(frozen=True)
class Placement:
    """Where a post goes on Discord and which permissions that needs."""

    channel_id: int | None
    needed: tuple[str, ...] | None  # None: the usual posting permissions
    open_thread: bool


@dataclass(frozen=True)
class ModLogLine:
    """A mod-log entry the Discord side posts: title and description (post numbers only, never people)."""

    title: str
    text: str


class AnonymousService:
    """Anonymous sharing decisions: who may post, what is stored, who may act on a post. No Discord here.

    The Discord side (views.py, queue.py, api.py) posts what this decides and reports back.
    """

    def __init__(
        self,
        repository: AnonymousRepository,
        identity: AnonymityService,
        guild_settings: GuildSettingsService,
        clock: Clock,
        secret: bytes,
    ) -> None:
        self.repository = repository
        self.identity = identity
        self.guild_settings = guild_settings
        self.clock = clock
        self.secret = secret
        self.limiter = RateLimiter(repository.db, secret, clock)

    # ------------------------------------------------------------- helpers

    def link_alive(self, post: AnonymousPost, settings: GuildSettings) -> bool:
        """True while the post can still be matched to its author key."""
        if post.author_key is None or settings.anonymous.retention_days == 0:
            return False
        return self.clock() - post.created_at < timedelta(days=settings.anonymous.retention_days)

    def _stored_key(self, key: str, settings: GuildSettings) -> str | None:
        return key if settings.anonymous.retention_days > 0 else None

    async def post_by_number(self, guild_id: int, number: int) -> AnonymousPost:
        """A post, or Refused naming the number."""
        post = await self.repository.get(guild_id, number)
        if post is None:
            raise Refused(words.NO_SUCH_POST.format(number=number))
        return post

    async def post_for_context(self, guild_id: int, message_id: int, channel_id: int) -> AnonymousPost:
        """The post a member wants to reply to: the post itself, a reply in its thread, or the thread."""
        post = await self.repository.by_message(guild_id, message_id)
        if post is not None and post.parent_number is not None:
            post = await self.repository.get(guild_id, post.parent_number)
        if post is None:
            post = await self.repository.by_thread(guild_id, channel_id)
        if post is None:
            raise Refused(words.NOT_AN_ANON_POST)
        return post

    async def recent_posts(self, guild_id: int) -> list[AnonymousPost]:
        """The newest top-level posts that are up (what 'reply to' offers)."""
        return await self.repository.recent_posted(guild_id, top_level=True)

    async def own_recent_posts(self, guild_id: int, user_id: int) -> list[AnonymousPost]:
        """The member's own newest posts whose author link is still alive (nobody else's is offered)."""
        settings = await self.guild_settings.get(guild_id)
        found = await self.repository.recent_posted(guild_id, author_key=self.identity.author_key(guild_id, user_id))
        return [post for post in found if self.link_alive(post, settings)]

    async def reply_target(self, guild_id: int, number: int) -> int:
        """The top-level post a reply to `number` belongs to; Refused if replies are off or there is no post."""
        settings = await self.guild_settings.get(guild_id)
        if not settings.anonymous.replies:
            raise Refused(words.REPLIES_OFF)
        post = await self.post_by_number(guild_id, number)
        return post.parent_number or post.number

    # --------------------------------------------------------- gatekeeping

    async def prepare(
        self,
        guild_id: int,
        user_id: int,
        text: str,
        warning: str | None,
        topic: str | None,
        parent_number: int | None = None,
    ) -> tuple[GuildSettings, Draft]:
        """Every check before a post: feature, channel, block, rate, length, safety; raises Refused."""
        settings = await self.guild_settings.get(guild_id)
        if not settings.features.anonymous:
            raise Refused(words.FEATURE_OFF)
        if settings.channels.anonymous is None:
            raise Refused(words.CHANNEL_NOT_SET)
        if settings.anonymous.approval and settings.channels.mod_alerts is None:
            raise Refused(words.QUEUE_NOT_SET)
        body = text.strip()
        if not body:
            raise Refused(words.EMPTY)
        if len(body) > words.TEXT_LIMIT:
            raise Refused(words.TOO_LONG.format(length=len(body), limit=words.TEXT_LIMIT))
        key = self.identity.author_key(guild_id, user_id)
        now = self.clock()
        blocks = await self.repository.blocks_on(guild_id, now, key)
        if blocks:
            ends = [block.until for block in blocks]
            until = None if any(end is None for end in ends) else max(e for e in ends if e is not None)
            raise Refused(words.BLOCKED.format(until=when_text(until)))
        next_allowed = await self.limiter.next_allowed(guild_id, user_id, settings.anonymous.posts_per_hour)
        if next_allowed is not None:
            raise Refused(
                words.RATE_LIMITED.format(limit=settings.anonymous.posts_per_hour, when=timestamp(next_allowed, "R"))
            )
        checks = [check_text(part) for part in (body, warning or "", topic or "")]
        reasons = list(dict.fromkeys(problem.reason for check in checks for problem in check.problems))
        if reasons:
            raise Refused("\n".join(reasons))
        parent = None
        if parent_number is not None:
            if not settings.anonymous.replies:
                raise Refused(words.REPLIES_OFF)
            parent = await self.post_by_number(guild_id, parent_number)
            if parent.parent_number is not None:
                parent = await self.post_by_number(guild_id, parent.parent_number)
            if parent.status != "posted" or parent.thread_id is None:
                raise Refused(words.NO_THREAD.format(number=parent.number))
        draft = Draft(
            guild_id=guild_id,
            text=checks[0].text,
            warning=(checks[1].text.strip() or None),
            topic=(checks[2].text.strip() or None),
            parent=parent,
            author_key=key,
            pseudonym=await self.identity.pseudonym(guild_id, user_id),
            assessment=assess(body),
        )
        return settings, draft

    # -------------------------------------------------------------- posting

    async def reserve(self, settings: GuildSettings, draft: Draft, user_id: int) -> Reservation:
        """Take the next number for a draft: pending (the Discord side posts it) or queued for approval."""
        parent_number = draft.parent.number if draft.parent else None
        pending = None
        if settings.anonymous.approval:
            pending = (draft.text, draft.warning, draft.topic, seal(self.secret, user_id))
        post = await self.repository.reserve(
            draft.guild_id,
            parent_number=parent_number,
            status="pending",
            pseudonym=draft.pseudonym,
            author_key=self._stored_key(draft.author_key, settings),
            now=self.clock(),
            pending=pending,
        )
        return Reservation(
            post=post,
            queued=pending is not None,
            is_author=self._same_author(draft.parent, draft.author_key, draft.pseudonym, settings),
        )

    async def placement(
        self, settings: GuildSettings, post: AnonymousPost, parent: AnonymousPost | None = None
    ) -> Placement:
        """Where a post (the anonymous channel) or a reply (its post's thread) is published; Refused if gone.

        `parent`: the post a reply answers, if the caller just read it (a share's draft did); else it is read.
        """
        if post.parent_number is None:
            return Placement(settings.channels.anonymous, None, open_thread=settings.anonymous.replies)
        if parent is None or parent.number != post.parent_number:
            parent = await self.repository.get(post.guild_id, post.parent_number)
        if parent is None or parent.thread_id is None:
            raise Refused(words.NO_THREAD.format(number=post.parent_number))
        return Placement(parent.thread_id, ("view_channel", "send_messages_in_threads", "embed_links"), False)

    async def published(self, post: AnonymousPost, channel_id: int, message_id: int, thread_id: int | None) -> None:
        """Record that a post is up on Discord."""
        await self.repository.mark_posted(post.guild_id, post.number, channel_id, message_id, thread_id)
        log.info("anonymous post %s published in guild %s", post.number, post.guild_id)

    async def queued(self, post: AnonymousPost, channel_id: int, message_id: int) -> None:
        """Record where a submission's queue card is."""
        await self.repository.set_queue_message(post.guild_id, post.number, channel_id, message_id)
        log.info("anonymous submission %s queued for approval in guild %s", post.number, post.guild_id)

    async def count(self, settings: GuildSettings, draft: Draft, user_id: int) -> None:
        """Count a submission that reached Discord against its author's hourly limit (kept across restarts)."""
        await self.limiter.record(draft.guild_id, user_id, settings.anonymous.posts_per_hour)

    async def abandon(self, guild_id: int, number: int) -> None:
        """Give back a reserved number whose post never reached Discord."""
        await self.repository.forget(guild_id, number)

    def _same_author(
        self, parent: AnonymousPost | None, key: str | None, pseudonym: str, settings: GuildSettings
    ) -> bool:
        """Whether a reply gets the "(author)" mark: only when it says nothing the pseudonyms don't.

        The mark needs the same author (while the link lives) AND the same pseudonym: after /anon rotate
        the author's new pseudonym must not be tied to their old posts by it, nor after the link expires.
        """
        return (
            parent is not None
            and key is not None
            and self.link_alive(parent, settings)
            and parent.author_key == key
            and parent.pseudonym == pseudonym
        )

    # ------------------------------------------------------------- approval

    async def take_for_approval(
        self, guild_id: int, number: int
    ) -> tuple[GuildSettings, AnonymousPost, PendingSubmission, bool]:
        """Take a pending submission to publish it: (settings, post, pending, is_author); Refused if decided."""
        pending = await self.repository.take_pending(guild_id, number)
        post = await self.repository.get(guild_id, number)
        if pending is None or post is None:
            raise Refused(words.ALREADY_DECIDED.format(number=number))
        settings = await self.guild_settings.get(guild_id)
        parent = await self.repository.get(guild_id, post.parent_number) if post.parent_number else None
        return settings, post, pending, self._same_author(parent, post.author_key, post.pseudonym, settings)

    async def approval_failed(self, pending: PendingSubmission, number: int, reason: str) -> Refused:
        """Put a submission back in the queue after Discord refused it; the refusal to raise."""
        await self.repository.restore_pending(pending)
        return Refused(words.APPROVAL_FAILED.format(number=number, reason=reason))

    def return_address(self, sealed: str) -> int | None:
        """The author's id behind a queued submission, for one DM (then forgotten)."""
        return unseal(self.secret, sealed)

    async def reject(self, guild_id: int, number: int) -> tuple[str, int | None]:
        """Reject a pending submission; returns its text and the author's id (for one DM, then forgotten)."""
        pending = await self.repository.take_pending(guild_id, number)
        if pending is None:
            raise Refused(words.ALREADY_DECIDED.format(number=number))
        await self.repository.set_status(guild_id, number, "rejected")
        return pending.text, unseal(self.secret, pending.return_to)

    # -------------------------------------------------------- author actions

    async def check_author_delete(self, guild_id: int, number: int, user_id: int) -> AnonymousPost:
        """The post its author may delete now (matched by author key while the link exists); else Refused."""
        post = await self.post_by_number(guild_id, number)
        settings = await self.guild_settings.get(guild_id)
        if not self.link_alive(post, settings):
            raise Refused(words.LINK_EXPIRED_FOR_AUTHOR.format(number=number))
        if post.author_key != self.identity.author_key(guild_id, user_id):
            raise Refused(words.NOT_YOURS.format(number=number))
        if post.status != "posted":
            raise Refused(words.NOT_POSTED.format(number=number, status=post.status))
        return post

    async def deleted_by_author(self, post: AnonymousPost) -> None:
        """Record an author's deletion (after the Discord side took the message down)."""
        await self.repository.set_status(post.guild_id, post.number, "deleted")
        log.info("anonymous post %s deleted by its author in guild %s", post.number, post.guild_id)

    # ------------------------------------------------------------ moderation

    async def post_for_message(self, guild_id: int, message_id: int) -> int | None:
        """The anonymous post number behind a Discord message (post or reply), or None."""
        post = await self.repository.by_message(guild_id, message_id)
        return post.number if post else None

    async def removable(self, guild_id: int, post_id: int) -> AnonymousPost | None:
        """The post a moderator may remove (taking a pending one out of the queue), or None."""
        post = await self.repository.get(guild_id, post_id)
        if post is None or post.status in ("removed", "deleted", "rejected"):
            return None
        if post.status == "pending":
            await self.repository.take_pending(guild_id, post_id)
        return post

    async def removed(self, post: AnonymousPost, moderator_id: int, reason: str | None) -> ModLogLine:
        """Record a moderator's removal; the mod-log line to post."""
        await self.repository.set_status(post.guild_id, post.number, "removed")
        return ModLogLine(
            words.REMOVE_LOG_TITLE,
            words.REMOVE_LOG.format(moderator=f"<@{moderator_id}>", number=post.number, reason=_reason(reason)),
        )

    async def block_author(
        self, guild_id: int, post_id: int, moderator_id: int, duration: timedelta | None, reason: str | None
    ) -> tuple[str, ModLogLine | None]:
        """Block whoever wrote the post from anonymous posting: a sentence for the moderator, and the log line."""
        post = await self.repository.get(guild_id, post_id)
        if post is None:
            return words.NO_SUCH_POST.format(number=post_id), None
        settings = await self.guild_settings.get(guild_id)
        if not self.link_alive(post, settings) or post.author_key is None:
            return words.BLOCK_LINK_EXPIRED.format(number=post_id), None
        now = self.clock()
        until = now + duration if duration is not None else None
        block_id = await self.repository.add_block(guild_id, post_id, post.author_key, moderator_id, reason, now, until)
        line = ModLogLine(
            words.BLOCK_LOG_TITLE,
            words.BLOCK_LOG.format(
                moderator=f"<@{moderator_id}>",
                number=post_id,
                until=when_text(until),
                block=block_id,
                reason=_reason(reason),
            ),
        )
        return words.BLOCKED_MOD.format(number=post_id, until=when_text(until), block=block_id), line

    async def blocks(self, guild_id: int) -> list[AnonymousBlock]:
        """Blocks in force."""
        return await self.repository.active_blocks(guild_id, self.clock())

    async def unblock(self, guild_id: int, block_id: int, moderator_id: int) -> ModLogLine:
        """Lift a block (its key is forgotten at once); the mod-log line to post."""
        if not await self.repository.end_block(guild_id, block_id, self.clock()):
            raise Refused(words.NO_SUCH_BLOCK.format(block=block_id))
        return ModLogLine(
            words.UNBLOCK_LOG_TITLE, words.UNBLOCK_LOG.format(moderator=f"<@{moderator_id}>", block=block_id)
        )

    async def rotate(self, guild_id: int, moderator_mention: str) -> ModLogLine:
        """Give everyone in the server new pseudonyms; the mod-log line to post."""
        await self.identity.rotate(guild_id)
        return ModLogLine(words.ROTATE_LOG_TITLE, words.ROTATE_LOG.format(moderator=moderator_mention))

    # ---------------------------------------------------------------- expiry

    async def expire_links(self, only_guild: int | None = None) -> int:
        """Cut author links older than the retention, and keys of ended blocks; return how many."""
        now = self.clock()
        cleared = 0
        for guild_id in await self.repository.guilds_with_links():
            if only_guild is not None and guild_id != only_guild:
                continue
            settings = await self.guild_settings.get(guild_id)
            cleared += await self.repository.expire_links(
                guild_id, now - timedelta(days=settings.anonymous.retention_days)
            )
            cleared += await self.repository.forget_ended_blocks(guild_id, now)
        await self.limiter.prune()
        if cleared:
            log.info("cut %d expired anonymous author links", cleared)
        return cleared


def _reason(reason: str | None) -> str:
    return words.REASON_SUFFIX.format(reason=check_text(reason).text) if reason else ""
