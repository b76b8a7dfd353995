"""Option types shared by commands: member input parsed once, refused kindly, for any string."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
from discord import app_commands

from bot.core.durations import BLOCK_MAX, BLOCK_MIN, TIMEOUT_MAX, TIMEOUT_MIN, DurationError, parse_duration
from bot.core.timezones import TimezoneError, check_timezone, suggest_timezones
from bot.surface import messages as common
from bot.surface.errors import UserFacingError


class DurationTransformer(app_commands.Transformer):
    """A length typed as text ('10m', '2h', '1d 12h', '1w'); anything else is a kind refusal."""

    def __init__(self, *, minimum: timedelta, maximum: timedelta, open_ended: bool = False) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.open_ended = open_ended

    @property
    def type(self) -> discord.AppCommandOptionType:
        """Typed as a string option."""
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        """Discord refuses longer text before it reaches the bot."""
        return 100

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> timedelta | None:
        """The length, None for 'no end' where allowed, or a UserFacingError saying why not."""
        try:
            return parse_duration(str(value), minimum=self.minimum, maximum=self.maximum, open_ended=self.open_ended)
        except DurationError as exc:
            raise UserFacingError(common.DURATION_REFUSED.format(reason=exc)) from None


TIMEOUT_LENGTH = DurationTransformer(minimum=TIMEOUT_MIN, maximum=TIMEOUT_MAX)
"""A Discord timeout: 1 minute to 28 days (Discord's own limit)."""

BLOCK_LENGTH = DurationTransformer(minimum=BLOCK_MIN, maximum=BLOCK_MAX, open_ended=True)
"""An anonymous-posting block: 1 minute to a year, or 'forever' / empty for until lifted."""


class TimezoneTransformer(app_commands.Transformer):
    """An IANA timezone typed as text, with suggestions of canonical zones (the server's country first)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        """Typed as a string option."""
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        """Discord refuses longer text before it reaches the bot."""
        return 100

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> str:
        """The zone's proper name, or a UserFacingError saying why not."""
        try:
            return check_timezone(str(value))
        except TimezoneError as exc:
            raise UserFacingError(common.TIMEZONE_REFUSED.format(reason=exc)) from None

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> list[app_commands.Choice[str]]:
        """Canonical zones matching the typed text or a city name, the server's own country first."""
        country = None
        settings_service = getattr(interaction.client, "guild_settings", None)
        if interaction.guild_id is not None and settings_service is not None:
            country = (await settings_service.get(interaction.guild_id)).country
        return [app_commands.Choice(name=zone, value=zone) for zone in suggest_timezones(str(value), country)]


TIMEZONE = TimezoneTransformer()
"""A timezone option: `zone: app_commands.Transform[str, TIMEZONE]`."""
