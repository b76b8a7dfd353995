"""`hearth db copy`: a populated SQLite database moves to PostgreSQL and back with nothing lost."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.db import Database
from bot.core.dbcopy import SEARCH_TABLES, CopyError, checksum, copy_database
from tests.behaviour import anon_helpers
from tests.conftest import Community, configure_all_channels
from tests.engines import drop_postgres_database, fresh_postgres_database, postgres_url

REPO = Path(__file__).resolve().parents[2]


async def _populate(c: Community) -> None:
    """A morning in a community: settings, wins and a celebration, a counter, anonymous posts."""
    await configure_all_channels(c)
    await c.alice.slash(c.channels["general"], "win", text="I kept my boundary", show_in_digest=True)
    await c.bob.slash(c.channels["general"], "win", text="I called my sister", anonymous=True)
    await c.alice.slash(c.channels["general"], "counter timezone", name="Asia/Tokyo")
    await c.alice.slash(c.channels["general"], "counter start", name="no contact")
    await anon_helpers.share(c, c.alice, "I still miss them on Sundays")


async def _snapshot(db: Database) -> dict[str, tuple[int, str]]:
    """Rows and checksum of every table (the search index included)."""
    async with db.connection() as conn:
        schema = await db.engine.describe_schema(conn)
        result = {}
        for table in [*schema, *SEARCH_TABLES]:
            columns = SEARCH_TABLES.get(table) or tuple(schema[table]["columns"])  # type: ignore[index]
            rows = [tuple(r) for r in await conn.fetchall(f"SELECT {', '.join(columns)} FROM {table}")]
            result[table] = (len(rows), checksum(rows))
    return result


async def test_a_populated_sqlite_database_round_trips_through_postgresql(community: Community, tmp_path: Path) -> None:
    if not isinstance(community.db_path, Path):
        pytest.skip("the source of this round trip is a SQLite file")
    await _populate(community)
    await community.bot.close()
    source = Database(community.db_path)
    url = await fresh_postgres_database()
    back = Database(tmp_path / "back.db")
    middle = Database(url)
    try:
        for db in (source, middle, back):
            await db.open()
        before = await _snapshot(source)
        assert sum(rows for rows, _ in before.values()) > 20
        assert before["wins"][0] == 2 and before["anonymous_posts"][0] == 1
        to_postgres = await copy_database(source, middle)
        assert all(result.verified for result in to_postgres)
        assert {r.table: (r.copied_rows, r.copied_checksum) for r in to_postgres} == before
        back_again = await copy_database(middle, back)
        assert {r.table: (r.copied_rows, r.copied_checksum) for r in back_again} == before
        assert await _snapshot(back) == before
        # New rows on PostgreSQL take ids after the copied ones.
        new_id = await middle.insert(
            "INSERT INTO audit_log (guild_id, actor_id, setting, changed_at) VALUES (?, ?, ?, ?)",
            (1, 2, "x", "2026-01-01T00:00:00+00:00"),
        )
        assert new_id > max(int(r[0]) for r in await source.fetchall("SELECT id FROM audit_log"))
        # Full-text search works on the copy.
        hits = await middle.fetchall("SELECT ref FROM resources_fts WHERE document @@ to_tsquery('simple', 'crisis:*')")
        assert hits
    finally:
        for db in (source, middle, back):
            await db.close()
        await drop_postgres_database(url)


async def test_copy_refuses_a_destination_that_already_has_rows(tmp_path: Path) -> None:
    source, destination = Database(tmp_path / "a.db"), Database(tmp_path / "b.db")
    for db in (source, destination):
        await db.open()
        await db.migrate()
    await source.execute("INSERT INTO guild_departures (guild_id, left_at) VALUES (1, '2026-01-01')")
    await destination.execute("INSERT INTO guild_departures (guild_id, left_at) VALUES (9, '2026-01-01')")
    try:
        with pytest.raises(CopyError, match="already has rows in guild_departures"):
            await copy_database(source, destination)
        assert [tuple(r) for r in await destination.fetchall("SELECT guild_id FROM guild_departures")] == [(9,)]
    finally:
        await source.close()
        await destination.close()


async def test_copy_refuses_a_source_that_is_not_migrated(tmp_path: Path) -> None:
    source, destination = Database(tmp_path / "old.db"), Database(tmp_path / "new.db")
    await source.open()
    await destination.open()
    try:
        with pytest.raises(CopyError, match="hearth db migrate"):
            await copy_database(source, destination)
        assert await destination.table_names() == []
    finally:
        await source.close()
        await destination.close()


def test_the_command_prints_rows_and_checksums_per_table(tmp_path: Path) -> None:
    url = postgres_url()
    assert url is not None
    database = tmp_path / "h.db"
    env = {**os.environ, "HEARTH_DATABASE": str(database), "HEARTH_SECRET": "x" * 32}
    run = [sys.executable, "-m", "bot"]
    assert subprocess.run([*run, "db", "migrate"], env=env, cwd=REPO, capture_output=True).returncode == 0
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO guild_departures (guild_id, left_at) VALUES (?, '2026-01-01')", (2**62,))

    target = asyncio.run(fresh_postgres_database())
    try:
        done = subprocess.run(
            [*run, "db", "copy", "--to", target.replace("postgresql+asyncpg://", "postgresql://")],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert "guild_settings" in done.stdout and "sha256" in done.stdout and "ok" in done.stdout
        assert "copied 1 rows in" in done.stdout
        again = subprocess.run([*run, "db", "copy", "--to", target], env=env, cwd=REPO, capture_output=True, text=True)
        assert again.returncode == 1 and "empty database" in again.stderr
    finally:
        asyncio.run(drop_postgres_database(target))
