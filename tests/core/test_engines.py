"""The data layer on both engines: migrations, the schema they build, rows, RETURNING, transactions."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.db import Database, DatabaseTooNewError, load_migrations
from bot.core.engines.postgresql import numbered_placeholders, translate_ddl
from tests.engines import drop_postgres_database, fresh_postgres_database

LATEST = load_migrations()[-1].version
# Discord ids are 64-bit: the largest snowflake a column must hold.
BIG_SNOWFLAKE = 2**63 - 1


async def test_a_fresh_database_migrates_to_the_latest_version_on_each_engine(migrated_db: Database) -> None:
    assert await migrated_db.user_version() == LATEST
    tables = await migrated_db.table_names()
    assert {"guild_settings", "audit_log", "anonymous_posts", "prompt_posts"} <= set(tables)


async def test_migrating_twice_changes_nothing(migrated_db: Database) -> None:
    before = await migrated_db.table_names()
    assert await migrated_db.migrate() == LATEST
    assert await migrated_db.table_names() == before


async def test_a_newer_schema_is_refused_on_each_engine(migrated_db: Database) -> None:
    with pytest.raises(DatabaseTooNewError, match="upgrade Hearth"):
        await migrated_db.migrate(load_migrations()[:1])


async def test_snowflake_columns_hold_64_bit_ids_and_returning_gives_the_new_row(migrated_db: Database) -> None:
    async with migrated_db.transaction() as conn:
        row = await conn.fetchone(
            "INSERT INTO audit_log (guild_id, actor_id, setting, changed_at) VALUES (?, ?, ?, ?) RETURNING id",
            (BIG_SNOWFLAKE, BIG_SNOWFLAKE - 1, "prompts.time", "2026-01-01T00:00:00+00:00"),
        )
    assert row is not None and int(row["id"]) >= 1
    stored = await migrated_db.fetchone("SELECT guild_id, actor_id FROM audit_log WHERE id = ?", (row[0],))
    assert stored is not None
    assert (stored["guild_id"], stored[1]) == (BIG_SNOWFLAKE, BIG_SNOWFLAKE - 1)
    assert dict(stored) == {"guild_id": BIG_SNOWFLAKE, "actor_id": BIG_SNOWFLAKE - 1}


async def test_a_failed_transaction_writes_nothing(migrated_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with migrated_db.transaction() as conn:
            await conn.execute(
                "INSERT INTO guild_departures (guild_id, left_at) VALUES (?, ?)", (1, "2026-01-01T00:00:00+00:00")
            )
            raise RuntimeError("half-way")
    assert await migrated_db.fetchall("SELECT * FROM guild_departures") == []


async def test_on_conflict_counts_only_the_rows_it_changed(migrated_db: Database) -> None:
    sql = "INSERT INTO guild_departures (guild_id, left_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING"
    assert await migrated_db.execute(sql, (7, "2026-01-01T00:00:00+00:00")) == 1
    assert await migrated_db.execute(sql, (7, "2026-01-02T00:00:00+00:00")) == 0


async def test_the_two_engines_build_the_same_schema(tmp_path: Path) -> None:
    """Tables, columns, types, not-null, primary keys, indexes, unique constraints and foreign keys match
    (the search index is engine-specific by design and compared by name only)."""
    url = await fresh_postgres_database()
    sqlite, postgres = Database(tmp_path / "s.db"), Database(url)
    try:
        schemas = []
        for db in (sqlite, postgres):
            await db.open()
            await db.migrate()
            async with db.connection() as conn:
                schemas.append(await db.engine.describe_schema(conn))
        lite, pg = schemas
        assert sorted(lite) == sorted(pg)
        for table in lite:
            assert lite[table] == pg[table], table
    finally:
        await sqlite.close()
        await postgres.close()
        await drop_postgres_database(url)


async def test_processes_starting_together_migrate_once() -> None:
    """Five processes' databases migrating at once on one PostgreSQL: no error, one version row."""
    url = await fresh_postgres_database()
    databases = [Database(url) for _ in range(5)]
    try:
        for db in databases:
            await db.open()
        versions = await asyncio.gather(*(db.migrate() for db in databases))
        assert versions == [LATEST] * 5
        rows = await databases[0].fetchall("SELECT version FROM hearth_schema_version")
        assert [int(row[0]) for row in rows] == [LATEST]
    finally:
        for db in databases:
            await db.close()
        await drop_postgres_database(url)


async def test_a_migration_that_fails_on_postgresql_leaves_the_previous_version() -> None:
    url = await fresh_postgres_database()
    db = Database(url)
    migrations = load_migrations()[:2]
    broken = [*migrations, type(migrations[0])(3, "0003_broken.sql", "CREATE TABLE ok (x INTEGER); SELECT nope;")]
    try:
        await db.open()
        with pytest.raises(Exception, match="nope"):
            await db.migrate(broken)
        assert await db.user_version() == 2
        assert "ok" not in await db.table_names()
    finally:
        await db.close()
        await drop_postgres_database(url)


def test_every_integer_column_becomes_bigint_on_postgresql() -> None:
    for migration in load_migrations():
        translated = translate_ddl(migration.sql)
        assert " INTEGER" not in translated.upper().replace("-- ", ""), migration.name
        assert "AUTOINCREMENT" not in translated.upper(), migration.name


@given(st.lists(st.sampled_from(["?", "'?'", "'it''s ?'", " x ", '"col?"', ",", "$"]), max_size=12))
def test_placeholders_are_numbered_in_order_and_quoted_text_is_left_alone(parts: list[str]) -> None:
    sql = "".join(parts)
    translated = numbered_placeholders(sql)
    bare = sum(1 for part in parts if part == "?")
    assert re.findall(r"\$(\d+)", translated) == [str(n) for n in range(1, bare + 1)]
    assert re.sub(r"\$\d+", "?", translated) == sql


TEXTS = st.one_of(
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.isoformat()),
    st.text(alphabet="aAzZ-: T0123456789é", max_size=12),
)


@given(values=st.lists(TEXTS, min_size=2, max_size=8, unique=True))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
async def test_text_and_iso_times_sort_byte_by_byte_on_each_engine(migrated_db: Database, values: list[str]) -> None:
    """Whatever the server's locale: `<` and ORDER BY on ISO times and keys agree with SQLite (and Python)."""
    async with migrated_db.transaction() as conn:
        await conn.execute("DELETE FROM guild_departures")
        for number, value in enumerate(values):
            await conn.execute("INSERT INTO guild_departures (guild_id, left_at) VALUES (?, ?)", (number, value))
    rows = await migrated_db.fetchall("SELECT left_at FROM guild_departures ORDER BY left_at")
    assert [row[0] for row in rows] == sorted(values)
    pivot = sorted(values)[len(values) // 2]
    below = await migrated_db.fetchall("SELECT left_at FROM guild_departures WHERE left_at < ?", (pivot,))
    assert sorted(row[0] for row in below) == [value for value in sorted(values) if value < pivot]


async def test_closing_waits_for_a_write_in_flight_and_twice_is_harmless(tmp_path: Path) -> None:
    db = Database(tmp_path / "close.db")
    await db.open()
    await db.migrate()
    entered = asyncio.Event()

    async def slow_write() -> None:
        async with db.transaction() as conn:
            entered.set()
            await asyncio.sleep(0.05)
            await conn.execute("INSERT INTO guild_departures (guild_id, left_at) VALUES (1, '2026-01-01')")

    writer = asyncio.create_task(slow_write())
    await entered.wait()
    await asyncio.gather(db.close(), db.close())
    await writer
    assert not db.is_open
    with pytest.raises(RuntimeError, match="not open"):
        await db.fetchall("SELECT 1")
    reopened = Database(tmp_path / "close.db")
    await reopened.open()
    try:
        assert [tuple(r) for r in await reopened.fetchall("SELECT guild_id FROM guild_departures")] == [(1,)]
    finally:
        await reopened.close()
