"""Every table in the schema is covered by a member-data store, so /mydata and /forgetme miss nothing."""

from __future__ import annotations

import inspect
import re

from bot.core.member_data import MemberDataStore
from tests.conftest import Community

REQUIRED = ("export_member_data", "delete_member_data", "delete_guild")


async def test_every_table_is_covered_by_a_registered_store(community: Community) -> None:
    tables = await community.bot.db.table_names()  # sqlite internals and FTS shadow tables excluded
    assert "guild_settings" in tables and "member_departures" in tables
    registry = community.bot.member_data
    uncovered = set(tables) - registry.covered_tables() - set(registry.tables_without_member_data)
    assert not uncovered, (
        f"tables with no MemberDataStore: {sorted(uncovered)}; list each in some store's `tables` and "
        "register the store with bot.member_data.register(...) in cog_load"
    )


# A column whose name says it may hold a person (or a server, which a member's data is filed under).
PERSON_COLUMN = re.compile(r"(user|member|author|writer|moderator|_by$|^by_|guild|channel|message)", re.IGNORECASE)


async def test_tables_declared_without_member_data_have_no_column_that_could_hold_a_person(
    community: Community,
) -> None:
    registry = community.bot.member_data
    declared = registry.tables_without_member_data
    assert "crisis_line_reports" in declared
    tables = set(await community.bot.db.table_names())
    for table, why in declared.items():
        assert table in tables, f"{table} is declared but does not exist"
        assert why.strip(), table
        assert table not in registry.covered_tables(), f"{table} is both covered and declared free of member data"
        columns = [row[1] for row in await community.bot.db.fetchall(f"PRAGMA table_info({table})")]
        suspicious = [column for column in columns if PERSON_COLUMN.search(column)]
        assert not suspicious, f"{table} is declared free of member data but has {suspicious}"


def test_the_person_column_check_would_catch_the_usual_names() -> None:
    for name in ("user_id", "guild_id", "added_by", "author_key", "member", "writer_id", "channel_id"):
        assert PERSON_COLUMN.search(name), name
    for name in ("country", "line_key", "service", "day", "reports"):
        assert not PERSON_COLUMN.search(name), name


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
