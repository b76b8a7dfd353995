"""Helpers shared by the moderation views: role pings, links, member standings."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.core.guild_settings import GuildSettings
from cogs.moderation.hierarchy import Standing


def ping_roles(settings: GuildSettings, *, include_peer_supporters: bool) -> list[int]:
    """The role ids a safety ping is meant to reach."""
    roles = [settings.roles.moderator]
    if include_peer_supporters and settings.safety.alert_peer_supporters:
        roles.append(settings.roles.peer_supporter)
    return [role for role in roles if role is not None]


def role_mentions(role_ids: list[int]) -> str:
    """'<@&1> <@&2>' for the given roles (empty when none are configured)."""
    return " ".join(f"<@&{role_id}>" for role_id in role_ids)


def roles_only(role_ids: list[int]) -> discord.AllowedMentions:
    """The one intended ping: exactly these roles, never users or @everyone."""
    return discord.AllowedMentions(
        everyone=False, users=False, replied_user=False, roles=[discord.Object(id=r) for r in role_ids]
    )


def message_link(guild_id: int, channel_id: int | None, message_id: int | None) -> str:
    """A jump link to a message (empty if unknown)."""
    if channel_id is None or message_id is None:
        return ""
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def stamp(moment: datetime) -> str:
    """A Discord timestamp every reader sees in their own time zone."""
    return discord.utils.format_dt(moment, "f")


def standing(member: discord.Member) -> Standing:
    """The hierarchy facts of one member."""
    return Standing(
        id=member.id,
        name=member.display_name,
        top_role_name=member.top_role.name,
        top_role_position=member.top_role.position,
        is_owner=member.guild.owner_id == member.id,
        is_admin=member.guild_permissions.administrator,
        is_bot=member.bot,
    )
