"""What the talk-to-the-team part offers other parts (setup checks the inbox with it)."""

from __future__ import annotations

from typing import Any

import discord

from cogs.talk.messages import INBOX_NOT_PRIVATE

__all__ = ["INBOX_NOT_PRIVATE", "is_team_inbox", "visible_to_everyone"]


def visible_to_everyone(channel: Any, member_role_id: int | None = None) -> bool:
    """True if @everyone (or the member role, when given) can read the channel: not a place for /talk."""
    guild: discord.Guild = channel.guild
    roles = [guild.default_role]
    if member_role_id is not None and (role := guild.get_role(member_role_id)) is not None:
        roles.append(role)
    return any(channel.permissions_for(role).view_channel for role in roles)


def is_team_inbox(inbox_id: int | None, channel_id: int, parent_id: int | None) -> bool:
    """True for the team inbox and its conversation threads (crisis scans and the spam guard skip them)."""
    return inbox_id is not None and inbox_id in (channel_id, parent_id)
