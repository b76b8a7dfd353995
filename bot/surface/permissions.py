"""Who may do what: a tier per member, resolved from Discord permissions and configured roles."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Protocol, TypeVar, cast

import discord
from discord import app_commands

from bot.core.guild_settings import GuildSettings
from bot.core.guild_settings_service import GuildSettingsService

T = TypeVar("T")


class _HasGuildSettings(Protocol):
    """The part of the bot a tier check needs: each server's settings."""

    guild_settings: GuildSettingsService


class Tier(IntEnum):
    """Member < peer supporter < moderator < admin."""

    MEMBER = 0
    PEER_SUPPORTER = 1
    MODERATOR = 2
    ADMIN = 3


class NotPermittedError(app_commands.CheckFailure):
    """The caller's tier is below what the command needs."""

    def __init__(self, needed: Tier) -> None:
        super().__init__(f"needs {needed.name.lower()}")
        self.needed = needed


class GuildOnlyError(app_commands.CheckFailure):
    """The command was used in a DM but needs a server."""


def resolve_tier(member: discord.Member, settings: GuildSettings) -> Tier:
    """The member's tier in their server."""
    perms = member.guild_permissions
    if member.guild.owner_id == member.id or perms.administrator:
        return Tier.ADMIN
    role_ids = {role.id for role in member.roles}
    if perms.manage_guild or (settings.roles.moderator is not None and settings.roles.moderator in role_ids):
        return Tier.MODERATOR
    if settings.roles.peer_supporter is not None and settings.roles.peer_supporter in role_ids:
        return Tier.PEER_SUPPORTER
    return Tier.MEMBER


async def tier_of(interaction: discord.Interaction[Any]) -> Tier:
    """The tier of whoever started an interaction (MEMBER in DMs)."""
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        return Tier.MEMBER
    settings = await cast(_HasGuildSettings, interaction.client).guild_settings.get(interaction.guild.id)
    return resolve_tier(interaction.user, settings)


def require_tier(needed: Tier) -> Any:
    """App-command check: refuse callers below `needed` (runs on every call, beside default_permissions)."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        if interaction.guild is None:
            raise GuildOnlyError()
        if await tier_of(interaction) < needed:
            raise NotPermittedError(needed)
        return True

    predicate.hearth_tier = needed  # type: ignore[attr-defined]  # read by command_tier (/help, the tree test)
    return app_commands.check(predicate)


def command_tier(command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu) -> Tier:
    """The tier a command's `require_tier` check asks for (MEMBER when it has none)."""
    tiers = [getattr(check, "hearth_tier", Tier.MEMBER) for check in command.checks]
    return max(tiers, default=Tier.MEMBER)


async def ensure_tier(interaction: discord.Interaction[Any], needed: Tier) -> None:
    """The same check for buttons and modals: raise NotPermittedError if the presser is below `needed`."""
    if interaction.guild is None:
        raise GuildOnlyError()
    if await tier_of(interaction) < needed:
        raise NotPermittedError(needed)
