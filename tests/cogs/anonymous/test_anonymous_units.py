"""Units of anonymous sharing: sealing, rate limits, durations, keys and pseudonyms, the repository."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.db import Database
from cogs.anonymous.identity import author_key, pseudonym
from cogs.anonymous.ratelimit import RateLimiter
from cogs.anonymous.sealing import seal, unseal
from cogs.anonymous.service import parse_duration
from cogs.anonymous.store import AnonymousRepository

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


def test_rate_limit_is_a_sliding_hour_per_author() -> None:
    limiter = RateLimiter()
    for minute in range(3):
        assert limiter.next_allowed(1, "k", T0 + timedelta(minutes=minute), 3) is None
        limiter.record(1, "k", T0 + timedelta(minutes=minute))
    assert limiter.next_allowed(1, "k", T0 + timedelta(minutes=10), 3) == T0 + timedelta(hours=1)
    assert limiter.next_allowed(1, "other", T0 + timedelta(minutes=10), 3) is None
    assert limiter.next_allowed(2, "k", T0 + timedelta(minutes=10), 3) is None
    assert limiter.next_allowed(1, "k", T0 + timedelta(hours=1), 3) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12h", timedelta(hours=12)),
        ("3d", timedelta(days=3)),
        ("2w", timedelta(weeks=2)),
        ("30m", timedelta(minutes=30)),
        ("", None),
        (None, None),
        ("permanent", None),
        (" 5 days ", timedelta(days=5)),
    ],
)
def test_durations(text: str | None, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["soon", "0d", "-3d", "3y"])
def test_bad_durations_are_explained(text: str) -> None:
    with pytest.raises(ValueError, match="isn't a duration"):
        parse_duration(text)


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
