"""Settings checked against the server as it is: a channel or role that does not exist is refused."""

from __future__ import annotations

import discord

from bot.core.guild_settings import GuildSettings
from bot.core.guild_settings_service import SettingsValidator
from bot.surface import messages as words


def channels_and_roles_exist(client: discord.Client) -> SettingsValidator:
    """A validator refusing a channel or role id the server does not have (when the server is known)."""

    async def validate(guild_id: int, settings: GuildSettings, changed: set[str]) -> None:
        guild = client.get_guild(guild_id)
        if guild is None:
            return  # not in the cache (a shard elsewhere, or a test with no Discord): nothing to check against
        for path in sorted(changed):
            section = path.partition(".")[0]
            if section not in {"channels", "roles"}:
                continue
            value = settings.get_path(path)
            if value is None:
                continue
            if section == "channels" and guild.get_channel_or_thread(int(value)) is None:
                raise ValueError(words.CHANNEL_NOT_IN_SERVER.format(path=path, value=value))
            if section == "roles" and guild.get_role(int(value)) is None:
                raise ValueError(words.ROLE_NOT_IN_SERVER.format(path=path, value=value))

    return validate
