"""Helpers shared by the /talk behaviour tests."""

from __future__ import annotations

from typing import Any

import discord
import simcord

from tests.conftest import Community

CRISIS = "I have the pills ready and I am going to end it tonight"


async def add_team_inbox(c: Community, also: list[Any] | None = None) -> simcord.ChannelHandle:
    """A staff-only inbox (moderators and peer supporters; not @everyone) set as channels.team_inbox."""
    guild = c.bot.get_guild(c.guild.id)
    assert guild is not None
    overwrites: dict[Any, discord.PermissionOverwrite] = {
        c.guild.default_role: discord.PermissionOverwrite(view_channel=False),
        c.roles["moderator"]: discord.PermissionOverwrite(view_channel=True),
        c.roles["peer_supporter"]: discord.PermissionOverwrite(view_channel=True),
        guild.me: discord.PermissionOverwrite(view_channel=True),
    }
    for viewer in also or []:
        overwrites[viewer] = discord.PermissionOverwrite(view_channel=True)
    inbox = c.guild.create_text_channel("team-inbox", overwrites=overwrites)
    c.channels["team-inbox"] = inbox
    await c.env.settle()
    await c.configure(channels__team_inbox=inbox.id)
    return inbox


async def open_talk(c: Community, actor: Any, text: str, *, named: bool = False, topic: str | None = None) -> Any:
    """Run /talk open in #general and submit the first message."""
    options: dict[str, Any] = {"name": "with" if named else "without"}
    if topic is not None:
        options["topic"] = topic
    shown = await actor.slash(c.channels["general"], "talk open", **options)
    assert shown.modal is not None, said(shown)
    return await actor.submit_modal(shown, {"text": text})


def thread_of(c: Community, number: int = 1) -> simcord.ChannelHandle:
    """The team thread of conversation #number."""
    for thread in c.channels["team-inbox"].threads:
        if (thread.name or "").startswith(f"#{number} "):
            return thread
    raise AssertionError(f"no thread for conversation #{number}: {[t.name for t in c.channels['team-inbox'].threads]}")


def said(result: Any) -> str:
    """Everything the bot said privately in answer to one interaction."""
    parts = [result.response, *result.followups]
    return "\n".join((m.content or "") + " ".join(e.description or "" for e in m.embeds) for m in parts if m)


def bot_dms(actor: Any) -> list[discord.Message]:
    """The DMs the bot sent to a member, oldest first."""
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


def dm_text(message: discord.Message) -> str:
    """A DM's words, content and embeds together."""
    return (message.content or "") + " ".join(f"{e.author.name or ''} {e.description or ''}" for e in message.embeds)


def close_dms(c: Community, actor: Any) -> None:
    """The member does not accept DMs (Discord answers 50007)."""
    c.env.inject_error(
        "POST",
        f"/channels/{actor.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )
