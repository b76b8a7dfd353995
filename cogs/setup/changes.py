"""Applying a settings change from any setup surface: validate, store, audit, mod-log, reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.core.guild_settings_service import SettingsChangeError
from bot.surface.errors import UserFacingError
from bot.surface.modlog import mod_log_embed, post_mod_log
from cogs.setup import messages as words

if TYPE_CHECKING:
    from bot.app import HearthBot


def show_value(value: Any, path: str = "") -> str:
    """A setting value as a moderator reads it (channels and roles as mentions, which never ping in embeds)."""
    if value is None or value == []:
        return "not set"
    if path.startswith("channels.") and isinstance(value, int):
        return f"<#{value}>"
    if path.startswith("roles.") and isinstance(value, int):
        return f"<@&{value}>"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


async def apply_change(interaction: discord.Interaction[HearthBot], changes: dict[str, Any]) -> str:
    """Store the changes for the interaction's server and return a one-line summary (raises UserFacingError)."""
    bot = interaction.client
    assert interaction.guild is not None
    before = await bot.guild_settings.get(interaction.guild.id)
    try:
        after = await bot.guild_settings.update(interaction.guild.id, interaction.user.id, changes)
    except SettingsChangeError as exc:
        raise UserFacingError(words.SETTING_REFUSED.format(reason=exc)) from None
    changed = [path for path in changes if before.get_path(path) != after.get_path(path)]
    if not changed:
        path = next(iter(changes))
        return words.SETTING_UNCHANGED.format(path=path, value=show_value(after.get_path(path)))
    lines = [
        words.MOD_LOG_LINE.format(
            actor=interaction.user.mention,
            path=path,
            old=show_value(before.get_path(path), path),
            new=show_value(after.get_path(path), path),
        )
        for path in changed
    ]
    await post_mod_log(
        bot, interaction.guild.id, after.channels.mod_log, mod_log_embed(words.MOD_LOG_TITLE, "\n".join(lines))
    )
    return "\n".join(
        words.SETTING_SAVED.format(path=path, value=show_value(after.get_path(path), path)) for path in changed
    )
