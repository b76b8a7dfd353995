"""The resources store: a saved crisis country is exported and forgotten; every table is covered."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.core.db import Database
from bot.core.member_data import MemberDataRegistry
from cogs.resources.store import ResourcesRepository

NOW = datetime(2026, 1, 1, tzinfo=UTC)


async def test_saved_country_and_added_resources_are_exported_and_forgotten(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.db")
    await db.open()
    await db.migrate()
    repository = ResourcesRepository(db)
    registry = MemberDataRegistry(db)
    registry.register(repository)
    try:
        assert {"server_resources", "resource_pins", "member_crisis_country"} <= registry.covered_tables()
        await repository.save_crisis_country(5, "DE", NOW)
        await repository.add(
            42,
            title="T",
            title_key="t",
            url="https://e.org",
            url_key="e.org",
            description="d",
            topics=["sleep"],
            topic_words="Sleep",
            added_by=5,
            now=NOW,
        )
        exported = await registry.export(None, 5)
        assert exported["resources"]["saved_crisis_country"] == "DE"
        assert exported["resources"]["resources_added"][0]["title"] == "T"
        await registry.delete(42, 5)
        assert await repository.crisis_country(5) is None
        remaining = await repository.all_of(42)
        assert len(remaining) == 1 and remaining[0].added_by == 0  # the server keeps its library
        await registry.delete_guild(42)
        assert await repository.all_of(42) == []
        assert await db.fetchall("SELECT * FROM resources_fts WHERE guild_id = 42") == []
    finally:
        await db.close()
