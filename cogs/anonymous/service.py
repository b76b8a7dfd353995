"""The anonymous-sharing service: gatekeeping, posting, approval, author actions and moderation by post."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.core.guild_settings import GuildSettings
from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.modlog import mod_log_embed, post_mod_log
from cogs.anonymous import messages as words
from cogs.anonymous.ratelimit import RateLimiter
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.store import AnonymousBlock, AnonymousPost, AnonymousRepository
from cogs.safety.api import Assessment, assess, check_text

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


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
    return words.BLOCKED_UNTIL.format(when=discord.utils.format_dt(moment, "F"))


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
class Outcome:
    """What happened to a draft."""

    number: int
    queued: bool
    message: discord.Message | None = None


class AnonymousService:
    """Anonymous sharing for one bot; also the AnonymousModeration other parts call."""

    def __init__(self, bot: HearthBot, repository: AnonymousRepository) -> None:
        self.bot = bot
        self.repository = repository
        self.limiter = RateLimiter()
        self.queue_view: Callable[[int, int], discord.ui.View] = lambda guild_id, number: discord.ui.View()

    # ------------------------------------------------------------- helpers

    def link_alive(self, post: AnonymousPost, settings: GuildSettings) -> bool:
        """True while the post can still be matched to its author key."""
        if post.author_key is None or settings.anonymous.retention_days == 0:
            return False
        return self.bot.clock() - post.created_at < timedelta(days=settings.anonymous.retention_days)

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
        settings = await self.bot.guild_settings.get(guild_id)
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
        key = self.bot.anonymity.author_key(guild_id, user_id)
        now = self.bot.clock()
        blocks = await self.repository.active_blocks(guild_id, now, key)
        if blocks:
            ends = [block.until for block in blocks]
            until = None if any(end is None for end in ends) else max(e for e in ends if e is not None)
            raise Refused(words.BLOCKED.format(until=when_text(until)))
        next_allowed = self.limiter.next_allowed(guild_id, key, now, settings.anonymous.posts_per_hour)
        if next_allowed is not None:
            raise Refused(
                words.RATE_LIMITED.format(
                    limit=settings.anonymous.posts_per_hour, when=discord.utils.format_dt(next_allowed, "R")
                )
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
            pseudonym=await self.bot.anonymity.pseudonym(guild_id, user_id),
            assessment=assess(body),
        )
        return settings, draft

    # -------------------------------------------------------------- posting

    async def submit(self, settings: GuildSettings, draft: Draft, user_id: int) -> Outcome:
        """Post the draft (or queue it in approval mode); raises Refused if Discord would not take it."""
        now = self.bot.clock()
        parent_number = draft.parent.number if draft.parent else None
        stored_key = self._stored_key(draft.author_key, settings)
        if settings.anonymous.approval:
            number = await self.repository.reserve(
                draft.guild_id,
                parent_number=parent_number,
                status="pending",
                pseudonym=draft.pseudonym,
                author_key=stored_key,
                now=now,
                pending=(draft.text, draft.warning, draft.topic, seal(self.bot.secret, user_id)),
            )
            result = await delivery.post(
                self.bot,
                draft.guild_id,
                settings.channels.mod_alerts,
                what="mod-alerts",
                embed=queue_embed(number, parent_number, draft.text, draft.warning, draft.topic),
                view=self.queue_view(draft.guild_id, number),
            )
            if not result.ok or result.message is None:
                await self.repository.forget(draft.guild_id, number)
                raise Refused(words.POST_FAILED.format(reason=result.reason))
            await self.repository.set_queue_message(
                draft.guild_id, number, result.message.channel.id, result.message.id
            )
            self.limiter.record(draft.guild_id, draft.author_key, now)
            log.info("anonymous submission %s queued for approval in guild %s", number, draft.guild_id)
            return Outcome(number=number, queued=True)
        number = await self.repository.reserve(
            draft.guild_id,
            parent_number=parent_number,
            status="pending",
            pseudonym=draft.pseudonym,
            author_key=stored_key,
            now=now,
        )
        post = await self.repository.get(draft.guild_id, number)
        assert post is not None
        try:
            message = await self.publish(
                settings,
                post,
                draft.text,
                draft.warning,
                draft.topic,
                is_author=self._same_author(draft.parent, draft.author_key, draft.pseudonym, settings),
            )
        except Refused:
            await self.repository.forget(draft.guild_id, number)
            raise
        self.limiter.record(draft.guild_id, draft.author_key, now)
        return Outcome(number=number, queued=False, message=message)

    def _same_author(
        self, parent: AnonymousPost | None, key: str | None, pseudonym: str, settings: GuildSettings
    ) -> bool:
        """Whether a reply gets the "(wrote the post)" mark: only when it says nothing the pseudonyms don't.

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

    async def publish(
        self,
        settings: GuildSettings,
        post: AnonymousPost,
        text: str,
        warning: str | None,
        topic: str | None,
        *,
        is_author: bool,
    ) -> discord.Message:
        """Put a post (in the channel, with a reply thread) or a reply (in its post's thread) on Discord."""
        embed = post_embed(post, text, warning, topic, is_author=is_author)
        if post.parent_number is None:
            channel_id = settings.channels.anonymous
            needed: tuple[str, ...] = delivery.POST_PERMISSIONS
        else:
            parent = await self.repository.get(post.guild_id, post.parent_number)
            if parent is None or parent.thread_id is None:
                raise Refused(words.NO_THREAD.format(number=post.parent_number))
            channel_id = parent.thread_id
            needed = ("view_channel", "send_messages_in_threads", "embed_links")
        result = await delivery.post(self.bot, post.guild_id, channel_id, what="anonymous", needed=needed, embed=embed)
        if not result.ok or result.message is None:
            raise Refused(words.POST_FAILED.format(reason=result.reason))
        message = result.message
        thread_id = None
        if post.parent_number is None and settings.anonymous.replies:
            try:
                thread = await message.create_thread(name=words.THREAD_NAME.format(number=post.number))
                thread_id = thread.id
            except discord.HTTPException as exc:
                log.warning(
                    "no reply thread for anonymous post %s in guild %s (HTTP %s)",
                    post.number,
                    post.guild_id,
                    exc.status,
                )
        await self.repository.mark_posted(post.guild_id, post.number, message.channel.id, message.id, thread_id)
        log.info("anonymous post %s published in guild %s", post.number, post.guild_id)
        return message

    # ------------------------------------------------------------- approval

    async def approve(self, guild_id: int, number: int) -> tuple[discord.Message, int | None]:
        """Publish a pending submission; returns the message and the author's id to thank (then forgotten)."""
        pending = await self.repository.take_pending(guild_id, number)
        post = await self.repository.get(guild_id, number)
        if pending is None or post is None:
            raise Refused(words.ALREADY_DECIDED.format(number=number))
        settings = await self.bot.guild_settings.get(guild_id)
        parent = await self.repository.get(guild_id, post.parent_number) if post.parent_number else None
        try:
            message = await self.publish(
                settings,
                post,
                pending.text,
                pending.content_warning,
                pending.topic,
                is_author=self._same_author(parent, post.author_key, post.pseudonym, settings),
            )
        except Refused as refusal:
            await self.repository.restore_pending(pending)
            raise Refused(words.APPROVAL_FAILED.format(number=number, reason=refusal.reason)) from None
        return message, unseal(self.bot.secret, pending.return_to)

    async def reject(self, guild_id: int, number: int) -> tuple[str, int | None]:
        """Reject a pending submission; returns its text and the author's id (for one DM, then forgotten)."""
        pending = await self.repository.take_pending(guild_id, number)
        if pending is None:
            raise Refused(words.ALREADY_DECIDED.format(number=number))
        await self.repository.set_status(guild_id, number, "rejected")
        return pending.text, unseal(self.bot.secret, pending.return_to)

    # -------------------------------------------------------- author actions

    async def check_author(self, guild_id: int, number: int, user_id: int) -> AnonymousPost:
        """The post, if `user_id` wrote it and the link still lives; else a Refused saying which is not so."""
        post = await self.post_by_number(guild_id, number)
        settings = await self.bot.guild_settings.get(guild_id)
        if not self.link_alive(post, settings):
            raise Refused(words.LINK_EXPIRED_FOR_AUTHOR.format(number=number))
        if post.author_key != self.bot.anonymity.author_key(guild_id, user_id):
            raise Refused(words.NOT_YOURS.format(number=number))
        return post

    async def delete_by_author(self, guild_id: int, number: int, user_id: int) -> None:
        """The author deletes their own post (matched by author key while the link exists)."""
        post = await self.check_author(guild_id, number, user_id)
        if post.status != "posted":
            raise Refused(words.NOT_POSTED.format(number=number, status=post.status))
        await self._take_down(post)
        await self.repository.set_status(guild_id, number, "deleted")
        log.info("anonymous post %s deleted by its author in guild %s", number, guild_id)

    async def _take_down(self, post: AnonymousPost) -> None:
        guild = self.bot.get_guild(post.guild_id)
        channel = guild.get_channel_or_thread(post.channel_id) if guild and post.channel_id else None
        if channel is None or post.message_id is None:
            return
        try:
            await channel.get_partial_message(post.message_id).delete()  # type: ignore[union-attr]
        except discord.NotFound:
            pass
        except discord.HTTPException as exc:
            raise Refused(
                f"Discord didn't let me delete post #{post.number} (HTTP {exc.status}); "
                "I may be missing the Manage Messages permission."
            ) from None

    # ------------------------------------------------ moderation (protocol)

    async def post_for_message(self, guild_id: int, message_id: int) -> int | None:
        """The anonymous post number behind a Discord message (post or reply), or None."""
        post = await self.repository.by_message(guild_id, message_id)
        return post.number if post else None

    async def remove_post(self, guild_id: int, post_id: int, moderator_id: int, reason: str | None) -> bool:
        """Delete the post from Discord and mark it removed; False if there was no such post."""
        post = await self.repository.get(guild_id, post_id)
        if post is None or post.status in ("removed", "deleted", "rejected"):
            return False
        if post.status == "pending":
            await self.repository.take_pending(guild_id, post_id)
        await self._take_down(post)
        await self.repository.set_status(guild_id, post_id, "removed")
        settings = await self.bot.guild_settings.get(guild_id)
        await post_mod_log(
            self.bot,
            guild_id,
            settings.channels.mod_log,
            mod_log_embed(
                words.REMOVE_LOG_TITLE,
                words.REMOVE_LOG.format(moderator=f"<@{moderator_id}>", number=post_id, reason=_reason(reason)),
            ),
        )
        return True

    async def block_author(
        self, guild_id: int, post_id: int, moderator_id: int, duration: timedelta | None, reason: str | None
    ) -> str:
        """Block whoever wrote the post from anonymous posting; returns a sentence for the moderator."""
        post = await self.repository.get(guild_id, post_id)
        if post is None:
            return words.NO_SUCH_POST.format(number=post_id)
        settings = await self.bot.guild_settings.get(guild_id)
        if not self.link_alive(post, settings) or post.author_key is None:
            return words.BLOCK_LINK_EXPIRED.format(number=post_id)
        now = self.bot.clock()
        until = now + duration if duration is not None else None
        block_id = await self.repository.add_block(guild_id, post_id, post.author_key, moderator_id, reason, now, until)
        await post_mod_log(
            self.bot,
            guild_id,
            settings.channels.mod_log,
            mod_log_embed(
                words.BLOCK_LOG_TITLE,
                words.BLOCK_LOG.format(
                    moderator=f"<@{moderator_id}>",
                    number=post_id,
                    until=when_text(until),
                    block=block_id,
                    reason=_reason(reason),
                ),
            ),
        )
        return words.BLOCKED_MOD.format(number=post_id, until=when_text(until), block=block_id)

    async def blocks(self, guild_id: int) -> list[AnonymousBlock]:
        """Blocks in force."""
        return await self.repository.active_blocks(guild_id, self.bot.clock())

    async def unblock(self, guild_id: int, block_id: int, moderator_id: int) -> None:
        """Lift a block (its key is forgotten at once)."""
        if not await self.repository.end_block(guild_id, block_id, self.bot.clock()):
            raise Refused(words.NO_SUCH_BLOCK.format(block=block_id))
        settings = await self.bot.guild_settings.get(guild_id)
        await post_mod_log(
            self.bot,
            guild_id,
            settings.channels.mod_log,
            mod_log_embed(
                words.UNBLOCK_LOG_TITLE, words.UNBLOCK_LOG.format(moderator=f"<@{moderator_id}>", block=block_id)
            ),
        )

    # ---------------------------------------------------------------- expiry

    async def expire_links(self, only_guild: int | None = None) -> int:
        """Cut author links older than the retention, and keys of ended blocks; return how many."""
        now = self.bot.clock()
        cleared = 0
        for guild_id in await self.repository.guilds_with_links():
            if only_guild is not None and guild_id != only_guild:
                continue
            settings = await self.bot.guild_settings.get(guild_id)
            cleared += await self.repository.expire_links(
                guild_id, now - timedelta(days=settings.anonymous.retention_days)
            )
            cleared += await self.repository.forget_ended_blocks(guild_id, now)
        self.limiter.prune(now)
        if cleared:
            log.info("cut %d expired anonymous author links", cleared)
        return cleared


def _reason(reason: str | None) -> str:
    return words.REASON_SUFFIX.format(reason=check_text(reason).text) if reason else ""


def post_embed(
    post: AnonymousPost, text: str, warning: str | None, topic: str | None, *, is_author: bool
) -> discord.Embed:
    """The public embed of a post or reply: text, signature, number; never anything about the person."""
    body = words.WARNING_LINE.format(warning=warning, text=text) if warning else text
    embed = discord.Embed(
        title=topic[:256] if topic else None, description=body, colour=discord.Colour.from_rgb(0x8E, 0x7D, 0xBE)
    )
    signature = words.SIGNATURE.format(pseudonym=post.pseudonym) + (words.AUTHOR_MARK if is_author else "")
    embed.set_author(name=signature)
    footer = (
        words.POST_FOOTER.format(number=post.number)
        if post.parent_number is None
        else words.REPLY_FOOTER.format(number=post.number, parent=post.parent_number)
    )
    embed.set_footer(text=footer)
    return embed


def queue_embed(number: int, parent: int | None, text: str, warning: str | None, topic: str | None) -> discord.Embed:
    """The mod-queue card: the words and the post number only (no pseudonym that could be matched later)."""
    title = (
        words.QUEUE_TITLE.format(number=number)
        if parent is None
        else words.QUEUE_REPLY_TITLE.format(number=number, parent=parent)
    )
    body = words.WARNING_LINE.format(warning=warning, text=text) if warning else text
    embed = discord.Embed(title=title, description=body, colour=discord.Colour.gold())
    if topic:
        embed.add_field(name="Topic", value=topic[:1024])
    embed.set_footer(text=words.QUEUE_FOOTER)
    return embed
