"""Every table in the schema is covered by a member-data store, so /mydata and /forgetme miss nothing."""

from __future__ import annotations

import inspect

from bot.core.member_data import MemberDataStore
from tests.conftest import Community

REQUIRED = ("export_member_data", "delete_member_data", "delete_guild")


async def test_every_table_is_covered_by_a_registered_store(community: Community) -> None:
    tables = await community.bot.db.table_names()  # sqlite internals and FTS shadow tables excluded
    assert "guild_settings" in tables and "member_departures" in tables
    uncovered = set(tables) - community.bot.member_data.covered_tables()
    assert not uncovered, (
        f"tables with no MemberDataStore: {sorted(uncovered)}; list each in some store's `tables` and "
        "register the store with bot.member_data.register(...) in cog_load"
    )


async def test_every_store_exports_deletes_and_forgets_servers(community: Community) -> None:
    stores: list[MemberDataStore] = community.bot.member_data.stores
    assert stores
    for store in stores:
        assert store.name and isinstance(store.tables, tuple), store
        for method in REQUIRED:
            assert inspect.iscoroutinefunction(getattr(store, method, None)), f"{store.name} lacks async {method}"


async def test_every_store_actually_runs_for_a_member_and_a_server(community: Community) -> None:
    c = community
    registry = c.bot.member_data
    exported = await registry.export(c.guild.id, c.alice.id)
    assert set(exported) == {store.name for store in registry.stores}
    assert all(isinstance(section, dict) for section in exported.values())
    await registry.delete(None, c.alice.id)
    await registry.delete(c.guild.id, c.bob.id)
    await registry.delete_guild(c.guild.id)
    assert await c.bot.guild_settings.repository.load(c.guild.id) is None
