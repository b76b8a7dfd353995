"""The privacy service without Discord: policy, export counts, rollback, departures, vacuum."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.clock import utcnow
from bot.core.db import Database
from bot.core.guild_settings_service import GuildSettingsService
from bot.core.guild_settings_store import GuildSettingsRepository
from bot.core.member_data import MemberDataRegistry
from cogs.privacy.policy import ErasurePolicy, erasure_policy, keeps_moderation_records
from cogs.privacy.service import PrivacyService, count_records
from cogs.privacy.store import PrivacyRepository
from tests.cogs.privacy.fakes import FailingStore, NotesStore

G1, G2, ALICE, BOB = 11, 22, 101, 202


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[tuple[PrivacyService, NotesStore, FakeClock]]:
    db = Database(tmp_path / "p.db")
    await db.open()
    await db.migrate()
    clock = FakeClock()
    settings_repo = GuildSettingsRepository(db)
    settings = GuildSettingsService(settings_repo, clock)
    registry = MemberDataRegistry(db)
    registry.register(settings_repo)
    privacy_repo = PrivacyRepository(db)
    registry.register(privacy_repo)
    store = await NotesStore(db).create()
    registry.register(store)
    yield PrivacyService(registry, settings, privacy_repo, clock), store, clock
    await db.close()


def test_moderation_records_are_kept_outside_a_deletion_and_per_server_inside_one() -> None:
    assert keeps_moderation_records(G1)
    with erasure_policy(ErasurePolicy("member_request", {G1: False, G2: True})):
        assert not keeps_moderation_records(G1)
        assert keeps_moderation_records(G2)
        assert keeps_moderation_records(999)  # unknown server: the settings default
    assert keeps_moderation_records(G1)


def test_count_records_counts_items_not_keys() -> None:
    assert count_records({"wins": [1, 2], "counter": {"name": "days", "slips": [1]}, "empty": [], "none": None}) == 4


async def test_export_counts_each_store(parts: tuple[PrivacyService, NotesStore, FakeClock]) -> None:
    service, store, _ = parts
    await store.add(G1, ALICE, "win", "one")
    await store.add(G2, ALICE, "win", "two")
    export = await service.export(G1, ALICE, scope="test")
    assert export.counts["test_notes"] == 1 and export.counts["server_settings"] == 0
    assert '"text": "one"' in export.to_json() and "two" not in export.to_json()


async def test_a_failing_store_leaves_nothing_half_deleted(parts: tuple[PrivacyService, NotesStore, FakeClock]) -> None:
    service, store, _ = parts
    await store.add(G1, ALICE, "win", "one")
    await service.repository.record_member_departure(G1, ALICE, utcnow())
    service.registry.register(FailingStore())
    with pytest.raises(RuntimeError):
        await service.forget(G1, ALICE)
    assert await store.rows(ALICE) != []
    assert len(await service.repository.member_departures()) == 1


async def test_forget_reports_where_moderation_records_were_kept(
    parts: tuple[PrivacyService, NotesStore, FakeClock],
) -> None:
    service, store, _ = parts
    await service.settings.update(G2, BOB, {"privacy.keep_infractions_on_forget": False})
    for guild in (G1, G2):
        await store.add(guild, ALICE, "infraction", f"note in {guild}")
    outcome = await service.forget(None, ALICE, policy_guild_ids=[G1, G2])
    assert outcome.kept_moderation_records_in == (G1,)
    assert await store.rows(ALICE) == [(G1, ALICE, "infraction", f"note in {G1}")]


async def test_departures_expire_on_the_servers_grace_and_presence_cancels(
    parts: tuple[PrivacyService, NotesStore, FakeClock],
) -> None:
    service, store, clock = parts
    await service.settings.update(G1, BOB, {"privacy.member_leave_grace_days": 3})
    await store.add(G1, ALICE, "win", "a")
    await store.add(G1, BOB, "win", "b")
    await service.member_left(G1, ALICE)
    await service.member_left(G1, BOB)
    present = {(G1, BOB)}
    clock.now += timedelta(days=2)
    report = await service.run_retention(member_present=lambda g, u: (g, u) in present, guild_present=lambda g: True)
    assert report.members_forgotten == 0 and report.members_returned == 1
    clock.now += timedelta(days=2)
    report = await service.run_retention(member_present=lambda g, u: (g, u) in present, guild_present=lambda g: True)
    assert report.members_forgotten == 1 and report.vacuumed
    assert await store.rows() == [(G1, BOB, "win", "b")]


async def test_server_departure_waits_30_days_and_is_cancelled_by_return(
    parts: tuple[PrivacyService, NotesStore, FakeClock],
) -> None:
    service, store, clock = parts
    await store.add(G1, ALICE, "win", "a")
    await store.add(G2, ALICE, "win", "b")
    await service.bot_removed(G1)
    await service.bot_removed(G2)
    clock.now += timedelta(days=29, hours=23)
    assert (
        await service.run_retention(member_present=lambda g, u: None, guild_present=lambda g: False)
    ).servers_forgotten == []
    clock.now += timedelta(hours=2)
    report = await service.run_retention(member_present=lambda g, u: None, guild_present=lambda g: g == G2)
    assert report.servers_forgotten == [G1] and report.servers_returned == 1
    assert await store.rows() == [(G2, ALICE, "win", "b")]
    assert await service.repository.guild_departures() == []


def test_the_forgetme_question_reads_as_a_sentence_not_a_record_dump() -> None:
    from cogs.privacy.render import short_summary

    summary = short_summary({"small_wins": 2, "day_counters": 1, "onboarding": 0, "some_new_store": 3})
    assert summary == (
        "your small wins (with the celebrations you gave), your day counters and other records about you"
    )
    assert short_summary({"day_counters": 4}) == "your day counters"
    assert not any(ch.isdigit() for ch in summary) and "record(s)" not in summary
