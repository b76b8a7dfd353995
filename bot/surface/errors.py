"""The one error path for interactions: known errors get kind private replies, the rest a reference code."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from bot.core.errors import UserFacingError
from bot.surface import messages as common
from bot.surface.permissions import GuildOnlyError, NotPermittedError, Tier
from bot.surface.replies import reply_private

log = logging.getLogger(__name__)

__all__ = ["UserFacingError", "describe", "handle_interaction_error", "is_expected", "log_unexpected"]


def reference_code() -> str:
    """A short code a member can give a moderator to find the log line."""
    return secrets.token_hex(3).upper()


EXPECTED_ERRORS: tuple[type[BaseException], ...] = (
    UserFacingError,
    NotPermittedError,
    GuildOnlyError,
    app_commands.NoPrivateMessage,
    app_commands.CommandOnCooldown,
    app_commands.BotMissingPermissions,
    app_commands.MissingPermissions,
    discord.Forbidden,
)


def unwrap(error: BaseException) -> BaseException:
    """The original error behind discord.py's CommandInvokeError wrapper."""
    while isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    return error


def is_expected(error: BaseException) -> bool:
    """True for errors that are a kind refusal, not a bug."""
    return isinstance(unwrap(error), EXPECTED_ERRORS)


def describe(error: BaseException) -> tuple[str, bool]:
    """The reply text for an error, and whether it was expected (no reference code logged)."""
    error = unwrap(error)
    if isinstance(error, UserFacingError):
        return error.message, True
    if isinstance(error, NotPermittedError):
        key = {Tier.PEER_SUPPORTER: "peer_supporter", Tier.MODERATOR: "moderator"}.get(error.needed, "admin")
        return common.NOT_FOR_YOU[key], True
    if isinstance(error, GuildOnlyError | app_commands.NoPrivateMessage):
        return common.GUILD_ONLY, True
    if isinstance(error, app_commands.CommandOnCooldown):
        return common.COOLDOWN.format(seconds=int(error.retry_after) + 1), True
    if isinstance(error, app_commands.BotMissingPermissions):
        labels = ", ".join(common.permission_label(p) for p in error.missing_permissions)
        return common.BOT_MISSING_PERMISSIONS.format(permissions=labels), True
    if isinstance(error, app_commands.MissingPermissions):
        return common.NOT_FOR_YOU["moderator"], True
    if isinstance(error, discord.Forbidden):
        return common.DISCORD_FORBIDDEN, True
    return common.UNEXPECTED_ERROR.format(code=log_unexpected(error)), False


def log_unexpected(error: BaseException, what: str = "unexpected error") -> str:
    """Log an unexpected error with a new reference code (never member text or ids); return the code."""
    code = reference_code()
    log.error("%s [ref %s]", what, code, exc_info=(type(error), error, error.__traceback__))
    return code


async def handle_interaction_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Reply privately for any error raised by a command, button or modal; never show a traceback."""
    text, _expected = describe(error)
    try:
        await reply_private(interaction, text)
    except discord.HTTPException:
        log.warning("could not deliver an error reply for interaction %s", interaction.id)
