"""Helpers shared by the anonymous-sharing behaviour tests."""

from __future__ import annotations

from typing import Any

import discord

from tests.conftest import Community


async def share(
    c: Community, actor: Any, text: str, warning: str = "", topic: str = "", channel: str = "general"
) -> Any:
    """Run /share and submit the modal."""
    shown = await actor.slash(c.channels[channel], "share")
    assert shown.modal is not None
    return await actor.submit_modal(shown, {"text": text, "warning": warning, "topic": topic})


def posts(channel: Any) -> list[discord.Message]:
    """The bot's anonymous embeds in a channel or thread, oldest first."""
    return [m for m in channel.history() if m.embeds]


def said(result: Any) -> str:
    """Everything the bot said privately in answer to one interaction."""
    parts = [result.response, *result.followups]
    return "\n".join((m.content or "") + " ".join(e.description or "" for e in m.embeds) for m in parts if m)


def dms(actor: Any) -> list[discord.Message]:
    """The DMs the bot sent to a member."""
    return list(actor.user.dm_channel.history())
