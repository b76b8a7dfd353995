"""Claim leases (bot/core/claims.py) on both engines: which open claims a process may take back, and nonces."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.core.claims import NONCE_LENGTH, Claimant, claim_nonce
from bot.core.db import Database
from cogs.counters.store import CountersRepository
from cogs.safetyplan.service import PlanCipher
from cogs.safetyplan.store import SafetyPlanRepository
from cogs.wins.store import WinsRepository
from tests.conftest import TEST_SECRET

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EVERYWHERE = ("1 = 1", ())
ME, GONE, ALIVE = "this-process", "stopped-process", "another-live-process"


@given(
    kind=st.sampled_from(["d", "m", "s", "prompt"]), key=st.lists(st.integers(min_value=0, max_value=2**64), max_size=3)
)
def test_a_claims_nonce_fits_discord_is_stable_and_differs_by_kind(kind: str, key: list[int]) -> None:
    nonce = claim_nonce(kind, *key)
    assert len(nonce) <= NONCE_LENGTH
    assert nonce == claim_nonce(kind, *key)
    assert nonce != claim_nonce(kind + "x", *key)
    assert nonce != claim_nonce(kind, *key, 1)


async def test_a_digest_claim_is_taken_back_when_its_lease_ran_out_or_its_owner_stopped_never_while_held(
    migrated_db: Database,
) -> None:
    def repo(owner: str) -> WinsRepository:
        return WinsRepository(migrated_db, lambda guild, user: "key", owner)

    due = NOW - timedelta(hours=1)
    mine, other = repo(ME), repo(GONE)
    assert await mine.claim_digest(1, "2026-W09", due, NOW)  # held by this process, lease running
    assert await other.claim_digest(2, "2026-W09", due, NOW)  # held by a process that stopped
    assert await mine.claim_digest(3, "2026-W09", due, NOW - timedelta(hours=1))  # this process, lease ran out
    assert await mine.claim_digest(4, "2026-W09", due, NOW)
    await mine.record_digest(4, "2026-W09", 99, None)  # done: never taken again
    assert not await other.claim_digest(1, "2026-W09", due, NOW)  # a week is claimed once
    taken = await mine.take_abandoned_digests(NOW, NOW - timedelta(hours=6), EVERYWHERE)
    assert sorted(d.guild_id for d in taken) == [2, 3]
    assert await mine.take_abandoned_digests(NOW, NOW - timedelta(hours=6), EVERYWHERE) == []  # leased to me now
    # Later than the catch-up window: closed unsent instead (and so never taken).
    late = NOW + timedelta(hours=8)
    assert await mine.take_abandoned_digests(late, late - timedelta(hours=6), EVERYWHERE) == []
    assert await mine.close_stale_digests(late, late - timedelta(hours=6), "too late", EVERYWHERE) == 3
    rows = await migrated_db.fetchall("SELECT guild_id, failure FROM wins_digests ORDER BY guild_id")
    assert [tuple(r) for r in rows] == [(1, "too late"), (2, "too late"), (3, "too late"), (4, None)]


async def test_a_milestone_claim_is_taken_back_once_and_only_in_the_servers_in_scope(migrated_db: Database) -> None:
    gone, mine = CountersRepository(migrated_db, GONE), CountersRepository(migrated_db, ME)
    counters = []
    for guild in (4 << 22, 5 << 22):  # shards 0 and 1 of 2
        counter = await gone.get(await gone.create(guild, 7, "no contact", date(2026, 2, 1), False, NOW, None))
        assert counter is not None
        counters.append(counter)
        assert await gone.claim_milestone(counter, 30, date(2026, 3, 1), NOW)
    shard_zero = ("((guild_id >> 22) % ?) IN (?)", (2, 0))
    taken = await mine.take_abandoned_milestones(NOW, NOW - timedelta(days=1), shard_zero)
    assert taken == [(counters[0].id, 30, NOW)]
    assert await mine.take_abandoned_milestones(NOW, NOW - timedelta(days=1), shard_zero) == []
    await mine.record_milestone(counters[0].id, 30, dm_delivered=True, shared=False)
    later = NOW + timedelta(hours=1)
    # The other server's claim is for its own shard's owner; a claim older than the window is left alone.
    assert await mine.take_abandoned_milestones(later, later - timedelta(minutes=30), EVERYWHERE) == []
    assert [c for c, *_ in await mine.take_abandoned_milestones(later, NOW, EVERYWHERE)] == [counters[1].id]


async def test_a_check_in_another_live_process_is_sending_keeps_its_claim_until_its_lease_runs_out(
    migrated_db: Database,
) -> None:
    cipher = PlanCipher(TEST_SECRET.encode())
    alive, mine = SafetyPlanRepository(migrated_db, cipher, ALIVE), SafetyPlanRepository(migrated_db, cipher, ME)
    checkin, _ = await alive.schedule_checkin(guild_id=1, user_id=2, timezone="UTC", due_at=NOW, now=NOW)
    assert await alive.claim_checkin(checkin.id, NOW)
    assert not await mine.claim_checkin(checkin.id, NOW)  # once
    # Several processes send check-ins: one starting must not take a claim another is sending right now.
    assert await mine.release_stale_claims(NOW, others_stopped=False) == 0
    # This process owns every server (so no other one is sending): another instance's claim is a stopped one.
    assert await mine.release_stale_claims(NOW, others_stopped=True) == 1
    assert await alive.claim_checkin(checkin.id, NOW)
    later = NOW + Claimant(ALIVE).lease + timedelta(seconds=1)
    assert await mine.release_stale_claims(later, others_stopped=False) == 1  # the lease ran out
    assert await mine.claim_checkin(checkin.id, later)
    await mine.finish_checkin(checkin.id, "sent", later)
    row = await migrated_db.fetchone("SELECT status, lease_until FROM safety_checkins")
    assert row is not None and tuple(row) == ("sent", None)
