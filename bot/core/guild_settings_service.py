"""Per-server settings: cached reads, validated writes with an audit trail, change listeners."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.clock import Clock, utcnow
from bot.core.errors import UserFacingError
from bot.core.guild_settings import GuildSettings, apply_changes
from bot.core.guild_settings_store import AuditEntry, GuildSettingsRepository

log = logging.getLogger(__name__)

SettingsListener = Callable[[int, GuildSettings], Awaitable[None]]
SettingsValidator = Callable[[int, GuildSettings, set[str]], Awaitable[None]]
"""Checks a change against what exists (themes, channels, roles): (guild_id, new settings, changed paths);
raises ValueError with a reason a moderator can act on to refuse it."""


class SettingsChangeError(UserFacingError, ValueError):
    """A settings change that was refused, with a reason a moderator can act on."""


class GuildSettingsService:
    """The one way to read and change a server's settings."""

    def __init__(self, repository: GuildSettingsRepository, clock: Clock = utcnow) -> None:
        self.repository = repository
        self.clock = clock
        self._cache: dict[int, GuildSettings] = {}
        # One shared instance for every never-configured server (settings are replaced, never mutated).
        self._defaults = GuildSettings()
        self._listeners: list[SettingsListener] = []
        self._validators: list[SettingsValidator] = []

    async def audit(self, guild_id: int, limit: int = 50) -> list[AuditEntry]:
        """The server's most recent settings changes, newest first."""
        return await self.repository.audit(guild_id, limit=limit)

    def add_validator(self, validator: SettingsValidator) -> None:
        """Check every change with `validator` before it is saved (parts register theirs in cog_load)."""
        if validator not in self._validators:
            self._validators.append(validator)

    def remove_validator(self, validator: SettingsValidator) -> None:
        """Stop checking with `validator` (a cog being unloaded)."""
        if validator in self._validators:
            self._validators.remove(validator)

    def on_change(self, listener: SettingsListener) -> None:
        """Call `listener(guild_id, settings)` after every successful change."""
        self._listeners.append(listener)

    def off_change(self, listener: SettingsListener) -> None:
        """Stop calling `listener` (a cog being unloaded)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def get(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults if never configured), from the cache when possible."""
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        stored = await self.repository.load(guild_id)
        settings = stored if stored is not None else self._defaults
        self._cache[guild_id] = settings
        return settings

    async def preload(self, guild_ids: list[int]) -> None:
        """Fill the cache for many servers with one query (start-up with thousands of servers)."""
        missing = [guild_id for guild_id in guild_ids if guild_id not in self._cache]
        stored = await self.repository.load_many(missing)
        for guild_id in missing:
            self._cache[guild_id] = stored.get(guild_id, self._defaults)

    async def update(self, guild_id: int, actor_id: int, changes: dict[str, Any]) -> GuildSettings:
        """Validate and store dotted-path changes, audit each, then notify listeners."""
        current = await self.get(guild_id)
        try:
            updated = apply_changes(current, changes)
        except ValueError as exc:
            raise SettingsChangeError(_plain_reason(exc)) from None
        diff = {
            path: (current.get_path(path), updated.get_path(path))
            for path in changes
            if current.get_path(path) != updated.get_path(path)
        }
        if not diff:
            return current
        for validator in self._validators:
            try:
                await validator(guild_id, updated, set(diff))
            except ValueError as exc:
                raise SettingsChangeError(_plain_reason(exc)) from None
        updated = self.repository.interner.share(updated)
        await self.repository.save(guild_id, updated, actor_id, diff, self.clock())
        self._cache[guild_id] = updated
        for listener in self._listeners:
            try:
                await listener(guild_id, updated)
            except Exception:
                log.exception("settings listener failed for guild %s", guild_id)
        return updated

    async def configured_guild_ids(self) -> list[int]:
        """Every server with stored settings."""
        return await self.repository.configured_guild_ids()

    def forget_cached(self, guild_id: int) -> None:
        """Drop a server from the cache (after its data is deleted)."""
        self._cache.pop(guild_id, None)


def _plain_reason(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for error in errors():
            where = ".".join(str(p) for p in error.get("loc", ()))
            message = str(error.get("msg", "")).removeprefix("Value error, ")
            parts.append(f"{where}: {message}" if where else message)
        return "; ".join(parts)
    return str(exc)
