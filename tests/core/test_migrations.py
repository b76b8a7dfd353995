"""Migrations: a fresh database, upgrades from every older version, refusal of a newer one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.db import Database, DatabaseTooNewError, backup_file, load_migrations


async def test_fresh_database_reaches_latest_version_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.db")
    await db.open()
    version = await db.migrate()
    assert version == load_migrations()[-1].version
    assert await db.user_version() == version
    assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
    assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
    assert "guild_settings" in await db.table_names()
    assert "audit_log" in await db.table_names()
    await db.close()


@pytest.mark.parametrize("start", range(len(load_migrations())))
async def test_upgrade_from_every_older_version(tmp_path: Path, start: int) -> None:
    migrations = load_migrations()
    db = Database(tmp_path / f"v{start}.db")
    await db.open()
    reached = await db.migrate(migrations[:start])
    assert reached == (migrations[start - 1].version if start else 0)
    assert await db.migrate() == migrations[-1].version
    await db.close()


async def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "twice.db")
    await db.open()
    first = await db.migrate()
    tables = await db.table_names()
    assert await db.migrate() == first
    assert await db.table_names() == tables
    await db.close()


async def test_a_database_newer_than_the_code_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    db = Database(tmp_path / "newer.db")
    await db.open()
    await db.migrate()
    await db.execute("PRAGMA user_version = 999")
    with pytest.raises(DatabaseTooNewError, match=r"version 999.*upgrade Hearth"):
        await db.migrate()
    await db.close()


async def test_a_failing_migration_leaves_the_database_at_the_previous_version(tmp_path: Path) -> None:
    from bot.core.db import Migration

    good = load_migrations()[:1]
    bad = [*good, Migration(999, "0999_broken.sql", "CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;")]
    db = Database(tmp_path / "broken.db")
    await db.open()
    await db.migrate(good)
    with pytest.raises(Exception):  # noqa: B017 - sqlite raises OperationalError
        await db.migrate(bad)
    assert await db.user_version() == 1
    assert "half" not in await db.table_names()
    await db.close()


async def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "tx.db")
    await db.open()
    await db.migrate()
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO guild_settings (guild_id, data, updated_at) VALUES (1, '{}', 'now')")
            raise RuntimeError("boom")
    assert await db.fetchone("SELECT * FROM guild_settings") is None
    await db.close()


async def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    db = Database(tmp_path / "live.db")
    await db.open()
    await db.migrate()
    await db.execute("INSERT INTO guild_settings (guild_id, data, updated_at) VALUES (7, '{}', 'now')")
    backup_file(tmp_path / "live.db", tmp_path / "backups" / "copy.db")
    copy = Database(tmp_path / "backups" / "copy.db")
    await copy.open()
    assert (await copy.fetchone("SELECT guild_id FROM guild_settings"))[0] == 7
    await copy.close()
    await db.close()
