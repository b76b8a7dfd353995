"""The share write path: distinct numbers under concurrency, and the "no blocks in this server" memory forgotten when a
block is added (the two-writer numbering race is tested on PostgreSQL in tests/core)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.db import Database
from bot.core.guild_settings_service import GuildSettingsService
from bot.core.guild_settings_store import GuildSettingsRepository
from cogs.anonymous.service import AnonymityService, AnonymousService, Refused, author_key
from cogs.anonymous.store import AnonymousRepository

SECRET = b"unit-test-secret"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
GUILD = 1_000_000_000_000_000_007


@pytest.fixture
async def sharing(tmp_path: Path) -> AsyncIterator[tuple[Database, AnonymousService]]:
    db = Database(tmp_path / "hearth.db")
    await db.open()
    await db.migrate()
    settings = GuildSettingsService(GuildSettingsRepository(db), lambda: T0)
    await settings.update(GUILD, 0, {"channels.anonymous": GUILD + 1})
    repo = AnonymousRepository(db, lambda g, u: author_key(SECRET, g, u))
    service = AnonymousService(repo, AnonymityService(db, SECRET, lambda: T0), settings, lambda: T0, SECRET)
    yield db, service
    await db.close()


async def _share(service: AnonymousService, user_id: int) -> int:
    settings, draft = await service.prepare(GUILD, user_id, "Some evenings are quiet and long.", None, None)
    reservation = await service.reserve(settings, draft, user_id)
    await service.published(reservation.post, GUILD + 1, GUILD + 100 + reservation.post.number, None)
    return reservation.post.number


async def test_concurrent_shares_get_distinct_consecutive_numbers(sharing: tuple[Database, AnonymousService]) -> None:
    _, service = sharing
    numbers = await asyncio.gather(*(_share(service, 100 + n) for n in range(60)))
    assert sorted(numbers) == list(range(1, 61))


async def test_a_block_added_after_the_server_was_known_to_have_none_stops_the_next_share(
    sharing: tuple[Database, AnonymousService],
) -> None:
    _, service = sharing
    number = await _share(service, 1)  # remembers: no blocks here
    await service.block_author(GUILD, number, 99, timedelta(days=1), None)
    with pytest.raises(Refused):
        await service.prepare(GUILD, 1, "Again tonight.", None, None)
    await _share(service, 2)  # someone else still may


async def test_a_block_added_while_a_check_is_in_flight_is_never_forgotten(
    sharing: tuple[Database, AnonymousService],
) -> None:
    _, service = sharing
    repo = service.repository
    await _share(service, 1)
    repo._without_blocks.clear()  # the server is not yet known to be free of blocks
    key = author_key(SECRET, GUILD, 1)
    await asyncio.gather(repo.active_blocks(GUILD, T0), repo.add_block(GUILD, 1, key, 99, None, T0, None))
    assert [b.author_key for b in await repo.blocks_on(GUILD, T0, key)] == [key]
    with pytest.raises(Refused):
        await service.prepare(GUILD, 1, "Again tonight.", None, None)
