"""Posting to a channel without crashing: every failure becomes a reason a person can act on."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import aiohttp
import discord

from bot.core.pacing import BULK_PACER
from bot.surface import messages as common
from bot.surface.messages import permission_label
from bot.surface.replies import fit_message, text_file

log = logging.getLogger(__name__)
T = TypeVar("T")

POST_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
THREAD_PERMISSIONS = ("create_public_threads", "send_messages_in_threads")


@dataclass(frozen=True)
class PostResult:
    """What happened to one post: the message, or why it could not be sent."""

    message: discord.Message | None = None
    reason: str | None = None
    missing_permission: str | None = None
    transient: bool = False  # Discord had a passing problem (5xx, a timeout): trying again later may work

    @property
    def ok(self) -> bool:
        """True when the message was posted."""
        return self.message is not None


def missing_permissions(channel: Any, me: discord.Member, needed: Iterable[str]) -> list[str]:
    """The Discord permission names (as labels) the bot lacks in a channel."""
    perms = channel.permissions_for(me)
    return [permission_label(name) for name in needed if not getattr(perms, name, False)]


def resolve_channel(client: discord.Client, guild_id: int, channel_id: int | None) -> Any:
    """The cached text channel or thread with that id in that guild, or None."""
    if channel_id is None:
        return None
    guild = client.get_guild(guild_id)
    if guild is None:
        return None
    return guild.get_channel_or_thread(channel_id)


async def resolve_member(guild: discord.Guild, user_id: int | None) -> discord.Member | None:
    """A member from the cache, else from Discord (the cache may be cold after a restart); None if gone."""
    if user_id is None:
        return None
    member = guild.get_member(user_id)
    if member is not None:
        return member
    try:
        return await guild.fetch_member(user_id)
    except discord.HTTPException:
        return None


async def resolve_user(client: discord.Client, user_id: int) -> discord.User | None:
    """A user to DM, from the cache, else from Discord (the cache may be cold after a restart); None if gone."""
    user = client.get_user(user_id)
    if user is not None:
        return user
    try:
        return await client.fetch_user(user_id)
    except discord.HTTPException:
        return None


async def find_own_message(
    client: discord.Client,
    channel: discord.abc.Messageable | None,
    after: datetime,
    matches: Callable[[discord.Message], bool],
    *,
    limit: int = 50,
) -> discord.Message | None:
    """The bot's own message in `channel` since `after` for which `matches` holds: before sending again a claim
    whose earlier attempt may have landed (Discord's nonce catches a repeat for minutes only; this for as long
    as the channel keeps it). None when not found, or when the channel could not be read."""
    me = client.user
    if channel is None or me is None:
        return None
    try:
        async for message in channel.history(limit=limit, after=after - timedelta(seconds=1)):
            if message.author.id == me.id and matches(message):
                return message
    except (discord.HTTPException, TimeoutError, OSError, aiohttp.ClientError):
        log.warning("could not read channel %s before sending again", getattr(channel, "id", "?"))
    return None


async def post(
    client: discord.Client,
    guild_id: int,
    channel_id: int | None,
    *,
    what: str,
    needed: Iterable[str] = POST_PERMISSIONS,
    allowed_mentions: discord.AllowedMentions | None = None,
    **kwargs: Any,
) -> PostResult:
    """Send a message to a configured channel; mentions are off unless explicitly allowed."""
    channel = resolve_channel(client, guild_id, channel_id)
    if channel is None:
        return PostResult(reason=common.CHANNEL_MISSING.format(what=common.CHANNEL_NAMES[what]))
    guild = client.get_guild(guild_id)
    assert guild is not None
    missing = missing_permissions(channel, guild.me, needed)
    if missing:
        return PostResult(
            reason=common.MISSING_PERMISSION_IN.format(permission=missing[0], channel=channel.mention),
            missing_permission=missing[0],
        )
    try:
        message = await channel.send(allowed_mentions=allowed_mentions or discord.AllowedMentions.none(), **kwargs)
    except discord.Forbidden:
        return PostResult(
            reason=common.POST_REFUSED_IN.format(channel=channel.mention), missing_permission="Send Messages"
        )
    except discord.NotFound:
        return PostResult(reason=common.CHANNEL_GONE.format(what=common.CHANNEL_NAMES[what]))
    except discord.HTTPException as exc:
        log.warning("posting to channel %s failed with HTTP %s", channel_id, exc.status)
        return PostResult(reason=common.DISCORD_TROUBLE, transient=exc.status >= 500 or exc.status == 429)
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        log.warning("posting to channel %s failed: %s", channel_id, type(exc).__name__)
        return PostResult(reason=common.DISCORD_TIMED_OUT, transient=True)
    return PostResult(message=message)


async def send_dm(user: discord.User | discord.Member, **kwargs: Any) -> bool:
    """DM a person (content past 2,000 characters goes whole in an attached .txt); False if it failed."""
    content, embeds, overflow = fit_message(kwargs.pop("content", None), kwargs.pop("embeds", None) or [])
    if kwargs.get("embed") is not None:
        _, [kwargs["embed"]], _ = fit_message(None, [kwargs["embed"]])
    if content is not None:
        kwargs["content"] = content
    if embeds:
        kwargs["embeds"] = embeds
    if overflow is not None:
        kwargs["files"] = [*kwargs.pop("files", []), text_file(overflow)]
    try:
        await user.send(allowed_mentions=discord.AllowedMentions.none(), **kwargs)
    except (discord.Forbidden, discord.NotFound, discord.HTTPException):
        return False
    return True


async def post_reserved(
    reserve: Callable[[], Awaitable[T]],
    send: Callable[[T], Awaitable[PostResult]],
    record: Callable[[T, discord.Message], Awaitable[None]],
    release: Callable[[T], Awaitable[None]],
) -> tuple[T, PostResult]:
    """Reserve a row, post, then record where the post went, or release the row if it never went out.

    The one shape of every "store, post, remember" step, so nothing is left half-written: a row without
    its post is released whether Discord refused or the post raised.
    """
    held = await reserve()
    try:
        result = await send(held)
    except BaseException:
        await release(held)
        raise
    if result.message is None:
        await release(held)
    else:
        await record(held, result.message)
    return held, result


async def _turn_at_the_wire(session: Any, context: Any, params: Any) -> None:
    """aiohttp's on_request_start, awaited just before each request goes out (retries included): inside a bulk
    job, take the pacer's turn here, after discord.py's own per-route waits, so those waits cannot bunch sends."""
    pacer = BULK_PACER.get()
    if pacer is not None:
        await pacer.acquire()


def wire_pacing() -> aiohttp.TraceConfig:
    """The trace the bot hands discord.py (`http_trace`): bulk-job requests take their turn on the wire."""
    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(_turn_at_the_wire)
    trace.paces_bulk_jobs = True  # type: ignore[attr-defined]
    return trace


def pace_requests(request: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """Wrap discord.py's `HTTPClient.request` (the bot does it once, at start): a request made inside
    `bot.core.pacing.bulk_job` takes its turn first; any other request (a reply to a member, a moderator's
    command) goes at once. Wrapping twice (a second login) changes nothing: one turn per request.

    When the client sends through aiohttp with `wire_pacing()` as its trace, the turn is taken there instead,
    right before the request leaves: a turn taken here would be spent while discord.py waits on a route's
    bucket, and the requests it released together would go out in one burst. A client without it (SimCord's)
    is paced here."""
    if getattr(request, "paces_bulk_jobs", False):
        return request
    client = getattr(request, "__self__", None)
    if getattr(getattr(client, "http_trace", None), "paces_bulk_jobs", False):
        return request

    @functools.wraps(request)
    async def request_in_turn(*args: Any, **kwargs: Any) -> T:
        pacer = BULK_PACER.get()
        if pacer is not None:
            await pacer.acquire()
        return await request(*args, **kwargs)

    request_in_turn.paces_bulk_jobs = True  # type: ignore[attr-defined]
    return request_in_turn
