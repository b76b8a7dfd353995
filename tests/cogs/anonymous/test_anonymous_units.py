"""Units of anonymous sharing: sealing, rate limits, durations, keys and pseudonyms, the repository."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.core.db import Database
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.service import author_key, pseudonym
from cogs.anonymous.store import AnonymousRepository, RateLimiter

SECRET = b"unit-test-secret"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@given(st.integers(min_value=10**17, max_value=2**63 - 1))
def test_a_sealed_id_opens_only_with_the_secret_and_never_shows_the_id(user_id: int) -> None:
    token = seal(SECRET, user_id)
    assert unseal(SECRET, token) == user_id
    assert unseal(b"another-secret", token) is None
    assert str(user_id) not in token and hex(user_id)[2:] not in token
    assert seal(SECRET, user_id) != token  # a fresh nonce every time: equal ids don't look equal


def test_garbage_tokens_do_not_open() -> None:
    assert unseal(SECRET, "zz") is None
    assert unseal(SECRET, "00" * 32) is None
    assert (
        unseal(SECRET, "g1:") is None and unseal(SECRET, "g1:zz") is None and unseal(SECRET, "g1:" + "00" * 40) is None
    )


# Made by the home-made cipher this module used before AES-GCM (XOR with an HMAC stream), with SECRET.
LEGACY_TOKEN = "081265c31c3f2a8fde4948e7ec2053f3f4f6cdb4cfb48b9b6b844c0b67f717cf"
LEGACY_ID = 987654321012345678


def test_a_token_sealed_before_the_cipher_change_still_opens() -> None:
    assert unseal(SECRET, LEGACY_TOKEN) == LEGACY_ID
    assert unseal(b"another-secret", LEGACY_TOKEN) is None
    tampered = LEGACY_TOKEN[:40] + ("0" if LEGACY_TOKEN[40] != "0" else "1") + LEGACY_TOKEN[41:]
    assert unseal(SECRET, tampered) is None


@given(st.integers(min_value=0, max_value=2**63 - 1), st.integers(min_value=0, max_value=71))
def test_new_tokens_are_aes_gcm_and_any_flipped_bit_refuses_to_open(user_id: int, position: int) -> None:
    token = seal(SECRET, user_id)
    assert token.startswith("g1:") and len(token) == 3 + 2 * (12 + 8 + 16)
    body = token[3:]
    flipped = body[:position] + format(int(body[position], 16) ^ 1, "x") + body[position + 1 :]
    assert unseal(SECRET, "g1:" + flipped) is None


class _Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


async def _limiter(path: Path, clock: _Clock) -> tuple[Database, RateLimiter]:
    db = Database(path)
    await db.open()
    await db.migrate()
    return db, RateLimiter(db, SECRET, clock)


async def test_rate_limit_counts_per_author_per_server_and_slides_away(tmp_path: Path) -> None:
    clock = _Clock(T0)
    db, limiter = await _limiter(tmp_path / "r.db", clock)
    for minute in range(3):
        clock.moment = T0 + timedelta(minutes=minute)
        assert await limiter.next_allowed(1, 11, 3) is None
        await limiter.record(1, 11, 3)
    clock.moment = T0 + timedelta(minutes=10)
    until = await limiter.next_allowed(1, 11, 3)
    assert until is not None and T0 + timedelta(hours=1) <= until <= T0 + timedelta(hours=1, seconds=2)
    assert await limiter.next_allowed(1, 22, 3) is None  # another member
    assert await limiter.next_allowed(2, 11, 3) is None  # the same member in another server
    clock.moment = until
    assert await limiter.next_allowed(1, 11, 3) is None  # the hour has slid away
    await db.close()


async def test_rate_limit_survives_a_restart_and_never_stores_an_id_or_author_key(tmp_path: Path) -> None:
    clock = _Clock(T0)
    db, limiter = await _limiter(tmp_path / "r.db", clock)
    for _ in range(2):
        await limiter.record(1, 11, 2)
    await db.close()
    db, limiter = await _limiter(tmp_path / "r.db", clock)  # the bot restarted
    assert await limiter.next_allowed(1, 11, 2) is not None
    rows = [tuple(row) for row in await db.fetchall("SELECT key, hits, expires_at FROM anon_rate_counts")]
    dumped = repr(rows)
    assert "11" not in dumped.replace(str(int(T0.timestamp() // 3600)), "")
    assert author_key(SECRET, 1, 11) not in dumped
    assert [hits for _key, hits, _ in rows] == [2]
    clock.moment = T0 + timedelta(hours=2, seconds=1)
    assert await limiter.prune() == 1  # expired counters are deleted, not kept
    assert await db.fetchall("SELECT key FROM anon_rate_counts") == []
    await db.close()


async def test_raising_the_limit_keeps_what_was_counted(tmp_path: Path) -> None:
    clock = _Clock(T0)
    db, limiter = await _limiter(tmp_path / "r.db", clock)
    for _ in range(3):
        await limiter.record(1, 11, 3)
    assert await limiter.next_allowed(1, 11, 3) is not None
    assert await limiter.next_allowed(1, 11, 4) is None
    assert await limiter.next_allowed(1, 11, 2) is not None
    await db.close()


@given(
    st.integers(1, 20),
    st.integers(0, 40),
    st.floats(0, 3600),
    st.integers(0, 40),
    st.floats(1, 3600),
)
def test_the_wait_ends_exactly_when_the_weighted_count_falls_below_the_limit(
    limit: int, previous: int, previous_ttl: float, current: int, left: float
) -> None:
    from cogs.anonymous.store import wait_seconds

    previous_ttl = previous_ttl if previous else 0.0
    expiry = 3600
    wait = wait_seconds(limit, expiry, previous, previous_ttl, current, left + expiry)

    def weighted(after: float) -> float:
        if after < left:
            return previous * max(previous_ttl - after, 0) / expiry + current
        return current * max(expiry - (after - left), 0) / expiry

    assert wait >= 0
    assert weighted(wait + 1e-6) < limit or (wait == 0 and weighted(0) < limit + 1e-9)


@given(st.integers(min_value=10**17, max_value=2**63), st.integers(min_value=1, max_value=2**63))
def test_author_keys_need_the_secret_and_differ_across_servers(user_id: int, guild_id: int) -> None:
    key = author_key(SECRET, guild_id, user_id)
    assert key != author_key(b"guessed", guild_id, user_id)
    assert key != author_key(SECRET, guild_id + 1, user_id)
    assert str(user_id) not in key  # snowflake-sized ids (17+ digits)


def test_pseudonyms_are_stable_per_server_and_change_with_the_salt() -> None:
    users = range(1000, 1050)
    first = [pseudonym(SECRET, 1, u, "salt-a") for u in users]
    assert first == [pseudonym(SECRET, 1, u, "salt-a") for u in users]
    other_server = [pseudonym(SECRET, 2, u, "salt-a") for u in users]
    rotated = [pseudonym(SECRET, 1, u, "salt-b") for u in users]
    assert sum(a == b for a, b in zip(first, other_server, strict=True)) <= 1
    assert sum(a == b for a, b in zip(first, rotated, strict=True)) <= 1


async def test_forgetting_a_member_unlinks_their_posts_and_export_shows_no_names(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.db")
    await db.open()
    await db.migrate()
    repo = AnonymousRepository(db, lambda g, u: author_key(SECRET, g, u))
    key = author_key(SECRET, 7, 42)
    await repo.reserve(7, parent_number=None, status="pending", pseudonym="Oak 01", author_key=key, now=T0)
    await repo.mark_posted(7, 1, 100, 200, None)
    await repo.reserve(
        7,
        parent_number=None,
        status="pending",
        pseudonym="Oak 01",
        author_key=key,
        now=T0,
        pending=("text", None, None, seal(SECRET, 42)),
    )
    exported = await repo.export_member_data(None, 42)
    assert [p["number"] for p in exported["7"]["posts_still_linked_to_you"]] == [1, 2]
    assert "42" not in str(exported).replace("'7'", "")
    async with db.transaction() as conn:
        await repo.delete_member_data(conn, None, 42)
    assert await repo.export_member_data(None, 42) == {}
    assert await repo.pending(7, 2) is None
    assert (await repo.get(7, 1)).author_key is None  # type: ignore[union-attr]
    assert await repo.expire_links(7, T0 + timedelta(days=1)) == 0
    async with db.transaction() as conn:
        await repo.delete_guild(conn, 7)
    assert await repo.get(7, 1) is None
    await db.close()
