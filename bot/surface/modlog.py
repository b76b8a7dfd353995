"""The mod-log channel: one place every part records what moderators and the bot did."""

from __future__ import annotations

import logging

import discord

from bot.surface import delivery

log = logging.getLogger(__name__)


async def post_mod_log(client: discord.Client, guild_id: int, channel_id: int | None, embed: discord.Embed) -> bool:
    """Post an entry to the server's mod-log channel if one is set; True if it was posted."""
    if channel_id is None:
        return False
    result = await delivery.post(client, guild_id, channel_id, what="mod_log", embed=embed)
    if not result.ok:
        log.warning("mod-log entry for guild %s not posted: %s", guild_id, result.reason)
    return result.ok


def mod_log_embed(title: str, description: str, *, colour: discord.Colour | None = None) -> discord.Embed:
    """A consistently styled mod-log entry."""
    embed = discord.Embed(title=title, description=description, colour=colour or discord.Colour.dark_teal())
    embed.timestamp = discord.utils.utcnow()
    return embed
