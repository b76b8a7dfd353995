"""Private replies that work whether or not the interaction was already answered."""

from __future__ import annotations

from typing import Any

import discord

NO_MENTIONS = discord.AllowedMentions.none()


async def reply_private(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """Send an ephemeral reply (or followup if already answered); never pings anyone."""
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": NO_MENTIONS}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if embeds is not None:
        kwargs["embeds"] = embeds
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


def returned_text_block(text: str, limit: int = 1900) -> str:
    """A member's own text, quoted back in a code block so nothing in it renders or pings."""
    safe = text.replace("```", "`\u200b``")
    if len(safe) > limit:
        safe = safe[:limit] + "…"
    return f"```\n{safe}\n```"
