"""Onboarding decisions: which guidelines a server shows, the account-age gate, whether a role can be given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.guild_settings import GuildSettings
from cogs.safety.api import neutralize_mentions

__all__ = ["RoleProblem", "RoleState", "account_ready_at", "guidelines_for", "role_problem"]


def guidelines_for(settings: GuildSettings, default: str) -> str:
    """The server's own guidelines if an admin wrote some, else Hearth's default; mentions made inert."""
    text = settings.onboarding.guidelines or default
    return neutralize_mentions(text)


def account_ready_at(created_at: datetime, now: datetime, min_age_days: int) -> datetime | None:
    """When a too-new account may get the member role, or None if it is old enough already."""
    if min_age_days <= 0:
        return None
    ready = created_at + timedelta(days=min_age_days)
    return ready if now < ready else None


class RoleProblem(StrEnum):
    """Why the bot cannot hand out the member role."""

    NOT_SET = "not_set"
    MISSING = "missing"
    MANAGED = "managed"
    NO_MANAGE_ROLES = "no_manage_roles"
    ABOVE_BOT = "above_bot"


@dataclass(frozen=True)
class RoleState:
    """What the bot knows about the member role and its own standing."""

    role_id: int | None
    role_exists: bool
    role_managed: bool
    role_position: int
    bot_top_position: int
    bot_can_manage_roles: bool


def role_problem(state: RoleState) -> RoleProblem | None:
    """The first reason the member role cannot be granted, or None if it can."""
    if state.role_id is None:
        return RoleProblem.NOT_SET
    if not state.role_exists:
        return RoleProblem.MISSING
    if state.role_managed:
        return RoleProblem.MANAGED
    if not state.bot_can_manage_roles:
        return RoleProblem.NO_MANAGE_ROLES
    if state.role_position >= state.bot_top_position:
        return RoleProblem.ABOVE_BOT
    return None
