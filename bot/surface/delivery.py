"""Posting to a channel without crashing: every failure becomes a reason a person can act on."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord

from bot.surface.messages import permission_label
from bot.surface.replies import fit_message, text_file

log = logging.getLogger(__name__)

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


async def post(
    client: discord.Client,
    guild_id: int,
    channel_id: int | None,
    *,
    what: str = "that",
    needed: Iterable[str] = POST_PERMISSIONS,
    allowed_mentions: discord.AllowedMentions | None = None,
    **kwargs: Any,
) -> PostResult:
    """Send a message to a configured channel; mentions are off unless explicitly allowed."""
    channel = resolve_channel(client, guild_id, channel_id)
    if channel is None:
        return PostResult(reason=f"the {what} channel is not set or no longer exists")
    guild = client.get_guild(guild_id)
    assert guild is not None
    missing = missing_permissions(channel, guild.me, needed)
    if missing:
        return PostResult(
            reason=f"I'm missing the **{missing[0]}** permission in {channel.mention}",
            missing_permission=missing[0],
        )
    try:
        message = await channel.send(allowed_mentions=allowed_mentions or discord.AllowedMentions.none(), **kwargs)
    except discord.Forbidden:
        return PostResult(
            reason=f"Discord refused the post in {channel.mention} (missing access)", missing_permission="Send Messages"
        )
    except discord.NotFound:
        return PostResult(reason=f"the {what} channel no longer exists")
    except discord.HTTPException as exc:
        log.warning("posting to channel %s failed with HTTP %s", channel_id, exc.status)
        return PostResult(
            reason="Discord had a problem accepting the post; please try again in a moment",
            transient=exc.status >= 500 or exc.status == 429,
        )
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        log.warning("posting to channel %s failed: %s", channel_id, type(exc).__name__)
        return PostResult(reason="Discord did not answer in time; please try again in a moment", transient=True)
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
