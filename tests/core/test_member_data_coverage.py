"""Every table in the schema is covered by a member-data store, so /mydata and /forgetme miss nothing."""

from __future__ import annotations

import inspect
import json
import os
import re

import pytest

from bot.core.member_data import MemberDataStore
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.store import NAMESPACE as RATE_NAMESPACE
from cogs.anonymous.store import rate_key
from cogs.talk.service import dm_key as talk_dm_key
from cogs.talk.service import member_key as talk_member_key
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
        columns = await community.bot.db.column_names(table)
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


# --- column level ---------------------------------------------------------------------------------------------

# Integer columns that never hold a person: ids of servers, channels, messages and Hearth's own rows, counts, flags.
NOT_A_PERSON_INTEGER = re.compile(
    r"^(id|guild_id|\w*channel_id|\w*message_id|thread_id|number|\w+_number|counter_id|win_id|report_id|"
    r"subject_id|anonymous_post_id|milestone|cycle|extra|dm_delivered|shared|show_in_digest|share_milestones|"
    r"deleted_count|duration_seconds|named|revealed|risk|claimed_named|repinged|attempts|dms_open|reports|key_version|hits)$"
)
# Text columns that could hold a person in some form (a keyed hash, a sealed id, a name of who did something).
PERSONISH_TEXT = re.compile(r"(key|return_to|_by|user|author|actor|member|moderator)")
KEY_SUFFIX = "author_key"
# Text columns whose names look like a person but hold none: look-up keys of names, and who closed ("member"|"team").
NOT_A_PERSON_TEXT = {
    "counters.name_key",
    "server_resources.title_key",
    "server_resources.url_key",
    "crisis_line_reports.line_key",
    "talk_conversations.closed_by",
}
# Kept on purpose after /forgetme, each checked below to be kept only in its case.
RETAINED = {
    "anonymous_blocks.author_key": "a block in force outlives /forgetme, or it could be escaped with it",
    "talk_blocks.member_key": "a block in force outlives /forgetme, or it could be escaped with it",
    "anon_rate_counts.key": "an hourly posting count is kept like a pause on posting, and expires within two hours",
    "infractions.user_id": "kept only where the server chose privacy.keep_infractions_on_forget",
}
PERSON = 880_000_000_000_000_001
OTHER = 880_000_000_000_000_002


SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("HEARTH_TEST_ENGINE") == "postgresql",
    reason="the column walk reads SQLite's PRAGMA table_info and plants rows with foreign keys off; the two engines' "
    "schemas are proven identical by tests/core/test_engines.py",
)


async def _columns(c: Community) -> dict[str, list[tuple[str, str, bool, bool]]]:
    """table -> [(column, type, not_null, primary_key)] for every table of the schema."""
    found = {}
    for table in await c.bot.db.table_names():
        rows = await c.bot.db.fetchall(f"PRAGMA table_info({table})")
        found[table] = [(r[1], (r[2] or "").upper(), bool(r[3]), bool(r[5])) for r in rows]
    return found


@SQLITE_ONLY
async def test_every_column_that_can_hold_a_person_is_declared_by_its_store(community: Community) -> None:
    declared = community.bot.member_data.covered_person_columns()
    undeclared = []
    for table, columns in (await _columns(community)).items():
        for name, kind, _, _ in columns:
            qualified = f"{table}.{name}"
            if qualified in declared:
                continue
            if (kind == "INTEGER" and not NOT_A_PERSON_INTEGER.match(name)) or (
                kind == "TEXT" and PERSONISH_TEXT.search(name) and qualified not in NOT_A_PERSON_TEXT
            ):
                undeclared.append(qualified)
    assert not undeclared, (
        f"columns that may hold a person but no store declares them: {undeclared}; add each to its store's "
        "person_columns and make export_member_data and delete_member_data cover it"
    )
    tables = {name.split(".")[0] for name in declared}
    assert tables <= set(await community.bot.db.table_names())


def _keyed_forms(c: Community) -> dict[str, object]:
    """How each keyed or sealed column holds the person (the rest hold the id itself)."""
    return {
        "author_key": c.bot.anonymity.author_key(c.guild.id, PERSON),
        "member_key": talk_member_key(c.bot.secret, c.guild.id, PERSON),
        "dm_key": talk_dm_key(c.bot.secret, PERSON),
        "key": f"{RATE_NAMESPACE}/{c.guild.id}/{rate_key(c.bot.secret, PERSON)}/1",
    }


SEALED = {"return_to", "deliver_to"}


def _person_in(c: Community, column: str) -> object:
    """How a column holds the person: a keyed hash, a sealed id, or the id itself."""
    if column in SEALED:
        return seal(c.bot.secret, PERSON)
    return _keyed_forms(c).get(column, PERSON)


def _value_for(c: Community, table: str, column: str, kind: str, not_null: bool, index: int) -> object:
    if column == "guild_id":
        return c.guild.id
    if not not_null:
        return None
    if f"{table}.{column}" in c.bot.member_data.covered_person_columns():
        return OTHER
    if kind == "INTEGER":
        return 1000 + index
    if kind == "REAL":
        return 4_000_000_000.0 + index  # a time far ahead (seconds since 1970)
    if column.endswith(("_at", "until")):
        return f"2026-01-01T00:{index % 60:02d}:17+00:00"
    if column.endswith(("_on", "date")):
        return "2026-01-01"
    if column in {"categories", "topics"}:
        return "[]"
    return f"planted {table} {index}"


async def _plant(c: Community) -> dict[str, int]:
    """One row per declared person column holding PERSON in that column; returns column -> plant index."""
    columns = await _columns(c)
    planted = {}
    await c.bot.db.fetchall("PRAGMA foreign_keys = OFF")
    try:
        for index, qualified in enumerate(sorted(c.bot.member_data.covered_person_columns())):
            table, target = qualified.split(".")
            names, values = [], []
            for name, kind, not_null, primary_key in columns[table]:
                if primary_key and kind == "INTEGER" and name == "id":
                    continue
                if name == target:
                    value = _person_in(c, name)
                else:
                    value = _value_for(c, table, name, kind, not_null, index)
                if name in {"number", "post_number", "milestone", "counter_id", "win_id"}:
                    value = 5000 + index
                names.append(name)
                values.append(value)
            marks = ", ".join("?" for _ in names)
            await c.bot.db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)
            planted[qualified] = index
    finally:
        await c.bot.db.fetchall("PRAGMA foreign_keys = ON")
    return planted


async def _holding_the_person(c: Community) -> list[str]:
    left = []
    for qualified in sorted(c.bot.member_data.covered_person_columns()):
        table, column = qualified.split(".")
        if column in SEALED:
            rows = await c.bot.db.fetchall(f"SELECT {column} FROM {table}")
            if any(unseal(c.bot.secret, row[0]) == PERSON for row in rows if row[0]):
                left.append(qualified)
            continue
        value = _person_in(c, column)
        if await c.bot.db.fetchone(f"SELECT 1 FROM {table} WHERE {column} = ?", (value,)):
            left.append(qualified)
    return left


@pytest.mark.parametrize("scope", ["every server", "this server"])
@SQLITE_ONLY
async def test_deletion_leaves_the_person_in_no_column(community: Community, scope: str) -> None:
    c = community
    await _plant(c)
    assert len(await _holding_the_person(c)) == len(c.bot.member_data.covered_person_columns())
    await c.bot.member_data.delete(None if scope == "every server" else c.guild.id, PERSON)
    left = set(await _holding_the_person(c))
    assert left <= set(RETAINED), f"still holding the person after deletion: {sorted(left - set(RETAINED))}"
    # The block planted is in force (ended_at NULL): kept. An ended one is unlinked.
    if "anonymous_blocks.author_key" in left:
        assert (
            await c.bot.db.fetchone(
                "SELECT 1 FROM anonymous_blocks WHERE ended_at IS NOT NULL AND author_key = ?",
                (c.bot.anonymity.author_key(c.guild.id, PERSON),),
            )
            is None
        )
    settings = await c.bot.guild_settings.get(c.guild.id)
    assert ("infractions.user_id" in left) == settings.privacy.keep_infractions_on_forget


@SQLITE_ONLY
async def test_export_shows_every_row_that_holds_the_person(community: Community) -> None:
    c = community
    planted = await _plant(c)
    exported = json.dumps(await c.bot.member_data.export(None, PERSON), default=str)
    columns = await _columns(c)
    missing = []
    for qualified, index in planted.items():
        table = qualified.split(".")[0]
        # What the planted row carries that no other row does: its timestamp, or its text.
        marks = {f"00:{index % 60:02d}:17", f"planted {table} {index}"}
        people = c.bot.member_data.covered_person_columns()
        carried = any(nn and f"{table}.{n}" not in people and k == "TEXT" for n, k, nn, _ in columns[table])
        if carried and not any(mark in exported for mark in marks):
            missing.append(qualified)
    assert not missing, f"rows holding the person that /mydata does not show: {missing}"
