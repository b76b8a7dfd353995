"""Finding the member or user to DM: the cache first, then Discord; None once they are gone."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.surface import delivery


def _not_found() -> discord.NotFound:
    return discord.NotFound(SimpleNamespace(status=404, reason="Not Found"), {"code": 10013, "message": "Unknown User"})


class _Source:
    """A client (users) or guild (members) with a cache and a fetch that may fail."""

    def __init__(self, cached: dict[int, Any], remote: dict[int, Any]) -> None:
        self.cached, self.remote, self.fetched = cached, remote, []

    def _get(self, ident: int) -> Any:
        return self.cached.get(ident)

    async def _fetch(self, ident: int) -> Any:
        self.fetched.append(ident)
        if ident not in self.remote:
            raise _not_found()
        return self.remote[ident]

    get_user = get_member = _get
    fetch_user = fetch_member = _fetch


@pytest.mark.parametrize(
    ("cached", "remote", "expected", "fetched"),
    [
        ({1: "cached"}, {1: "remote"}, "cached", []),  # in the cache: Discord is not asked
        ({}, {1: "remote"}, "remote", [1]),  # a cold cache after a restart
        ({}, {}, None, [1]),  # gone (left Discord, or the account was deleted)
    ],
)
async def test_users_and_members_come_from_the_cache_then_discord_then_none(
    cached: dict[int, Any], remote: dict[int, Any], expected: str | None, fetched: list[int]
) -> None:
    client = _Source(cached, remote)
    assert await delivery.resolve_user(client, 1) == expected  # type: ignore[arg-type]
    assert client.fetched == fetched
    guild = _Source(cached, remote)
    assert await delivery.resolve_member(guild, 1) == expected  # type: ignore[arg-type]
    assert guild.fetched == fetched


async def test_no_member_id_is_no_member_and_no_request() -> None:
    guild = _Source({}, {})
    assert await delivery.resolve_member(guild, None) is None  # type: ignore[arg-type]
    assert guild.fetched == []
