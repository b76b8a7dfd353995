"""Onboarding decisions on their own: the account-age gate, the role checks, which guidelines show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.guild_settings import GuildSettings
from cogs.onboarding.service import RoleProblem, RoleState, account_ready_at, guidelines_for, role_problem

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def test_account_age_gate() -> None:
    created = NOW - timedelta(days=2)
    assert account_ready_at(created, NOW, 0) is None
    assert account_ready_at(created, NOW, 2) is None
    assert account_ready_at(created, NOW, 7) == created + timedelta(days=7)


def _state(**overrides: object) -> RoleState:
    values: dict[str, object] = dict(
        role_id=5, role_exists=True, role_managed=False, role_position=2, bot_top_position=3, bot_can_manage_roles=True
    )
    values.update(overrides)
    return RoleState(**values)  # type: ignore[arg-type]


def test_role_problems_in_order() -> None:
    assert role_problem(_state()) is None
    assert role_problem(_state(role_id=None)) is RoleProblem.NOT_SET
    assert role_problem(_state(role_exists=False)) is RoleProblem.MISSING
    assert role_problem(_state(role_managed=True)) is RoleProblem.MANAGED
    assert role_problem(_state(bot_can_manage_roles=False)) is RoleProblem.NO_MANAGE_ROLES
    assert role_problem(_state(role_position=3)) is RoleProblem.ABOVE_BOT


def test_server_guidelines_replace_the_default_and_cannot_ping() -> None:
    assert guidelines_for(GuildSettings(), "Default.") == "Default."
    custom = GuildSettings.model_validate({"onboarding": {"guidelines": "Hi @everyone"}})
    assert "@everyone" not in guidelines_for(custom, "Default.")
