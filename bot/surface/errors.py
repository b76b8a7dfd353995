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
from bot.surface.replies import NO_MENTIONS, reply_private

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
    app_commands.TransformerError,
)


def unwrap(error: BaseException) -> BaseException:
    """The original error behind discord.py's wrappers (a command's, or an option transformer's refusal)."""
    while True:
        if isinstance(error, app_commands.CommandInvokeError):
            error = error.original
        elif isinstance(error, app_commands.TransformerError) and isinstance(error.__cause__, UserFacingError):
            error = error.__cause__
        else:
            return error


def is_expected(error: BaseException) -> bool:
    """True for errors that are a kind refusal, not a bug.

    A transformer's refusal is expected only when Discord's own conversion failed (no cause): a parser
    that crashed inside a transformer is a bug, not a refusal, and gets a reference code.
    """
    error = unwrap(error)
    if isinstance(error, app_commands.TransformerError) and error.__cause__ is not None:
        return False
    return isinstance(error, EXPECTED_ERRORS)


def describe(error: BaseException) -> tuple[str, bool]:
    """The reply text for an error, and whether it was expected (no reference code logged)."""
    text, expected, _code = _describe(error)
    return text, expected


def _describe(error: BaseException) -> tuple[str, bool, str | None]:
    """The reply text, whether the error was expected, and the reference code logged for it (if any)."""
    error = unwrap(error)
    if isinstance(error, UserFacingError):
        return error.message, True, None
    if isinstance(error, NotPermittedError):
        key = {Tier.PEER_SUPPORTER: "peer_supporter", Tier.MODERATOR: "moderator"}.get(error.needed, "admin")
        return common.NOT_FOR_YOU[key], True, None
    if isinstance(error, GuildOnlyError | app_commands.NoPrivateMessage):
        return common.GUILD_ONLY, True, None
    if isinstance(error, app_commands.CommandOnCooldown):
        return common.COOLDOWN.format(seconds=int(error.retry_after) + 1), True, None
    if isinstance(error, app_commands.BotMissingPermissions):
        labels = ", ".join(common.permission_label(p) for p in error.missing_permissions)
        return common.BOT_MISSING_PERMISSIONS.format(permissions=labels), True, None
    if isinstance(error, app_commands.MissingPermissions):
        return common.NOT_FOR_YOU["moderator"], True, None
    if isinstance(error, app_commands.TransformerError) and error.__cause__ is None:
        return common.OPTION_NOT_UNDERSTOOD, True, None
    if isinstance(error, discord.Forbidden):
        return common.DISCORD_FORBIDDEN, True, None
    code = log_unexpected(error)
    return common.UNEXPECTED_ERROR.format(code=code), False, code


def log_unexpected(error: BaseException, what: str = "unexpected error") -> str:
    """Log an unexpected error with a new reference code (never member text or ids); return the code."""
    code = reference_code()
    log.error("%s [ref %s]", what, code, exc_info=(type(error), error, error.__traceback__))
    return code


async def handle_interaction_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Reply privately for any error raised by a command, button or modal; never show a traceback.

    Always answers: the reply (which always fits), else a followup, else a short plain reply; and if
    Discord takes none of them, logs that with a reference code (the error's own, or a new one).
    """
    text, _expected, code = _describe(error)
    attempts: list[str] = [text, common.UNEXPECTED_ERROR.format(code=code or reference_code())]
    for attempt in attempts:
        try:
            await reply_private(interaction, attempt)
            return
        except Exception as exc:
            failure = exc
        try:
            await interaction.followup.send(attempt, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        except Exception as exc:
            failure = exc
    ref = code or reference_code()
    log.warning(
        "could not deliver an error reply for interaction %s [ref %s]: %s",
        interaction.id,
        ref,
        type(failure).__name__,
    )
