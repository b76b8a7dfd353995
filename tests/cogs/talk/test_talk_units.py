"""/talk decisions without Discord: settings, keys, pseudonyms, retries, the queue order, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.db import Database
from bot.core.guild_settings import GuildSettings, apply_changes, parse_setting_value
from cogs.anonymous.service import PSEUDONYM_WORDS, author_key
from cogs.talk.service import Refused, backoff, clean_text, dm_key, fresh_pseudonym, member_key
from cogs.talk.store import TalkRepository

SECRET = b"unit-test-secret"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_topics_are_separated_by_bars_and_keep_their_commas() -> None:
    parsed = parse_setting_value("talk.topics", "I'm struggling | Rules, roles and channels ;Other")
    assert parsed == ["I'm struggling", "Rules, roles and channels", "Other"]
    assert apply_changes(GuildSettings(), {"talk.topics": parsed}).talk.topics == parsed


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("talk.topics", []),
        ("talk.topics", ["x" * 81]),
        ("talk.topics", [str(i) for i in range(11)]),
        ("talk.prefix", " "),
    ],
)
def test_bad_talk_settings_are_refused_with_a_reason(path: str, value: object) -> None:
    with pytest.raises(ValueError):
        apply_changes(GuildSettings(), {path: value})


def test_defaults_name_the_four_topics_and_a_thirty_day_retention() -> None:
    talk = GuildSettings().talk
    assert talk.topics[0] == "I'm struggling" and len(talk.topics) == 4
    assert (talk.prefix, talk.retention_days, talk.reping_minutes) == ("//", 30, 60)


@given(st.integers(min_value=1, max_value=2**63 - 1), st.integers(min_value=10**16, max_value=2**63 - 1))
def test_the_member_key_matches_no_other_key(guild_id: int, user_id: int) -> None:
    key = member_key(SECRET, guild_id, user_id)
    assert key != author_key(SECRET, guild_id, user_id) and key != dm_key(SECRET, user_id)
    assert str(user_id) not in key
    assert key == member_key(SECRET, guild_id, user_id) != member_key(b"other", guild_id, user_id)


def test_conversation_pseudonyms_are_fresh_each_time() -> None:
    names = {fresh_pseudonym() for _ in range(200)}
    assert len(names) > 150
    for name in names:
        word, code = name.rsplit(" ", 1)
        assert word in PSEUDONYM_WORDS and len(code) == 2


def test_retries_wait_longer_each_time_up_to_an_hour() -> None:
    waits = [backoff(n) for n in range(10)]
    assert waits[0] == timedelta(minutes=1) and waits == sorted(waits) and waits[-1] == timedelta(hours=1)


async def _repository(tmp_path: Path) -> TalkRepository:
    db = Database(tmp_path / "talk.db")
    await db.open()
    await db.migrate()
    return TalkRepository(db, lambda g, u: member_key(SECRET, g, u), lambda: NOW)


async def _open(repo: TalkRepository, user_id: int, opened: datetime) -> int:
    conversation = await repo.create(
        1,
        label=f"L{user_id}",
        named=False,
        topic="t",
        member_key=member_key(SECRET, 1, user_id),
        dm_key=dm_key(SECRET, user_id),
        deliver_to="sealed",
        now=opened,
    )
    await repo.mark_open(1, conversation.number, 100 + conversation.number, 200 + conversation.number)
    return conversation.number


async def test_the_queue_is_highest_risk_first_then_longest_waiting(tmp_path: Path) -> None:
    repo = await _repository(tmp_path)
    old = await _open(repo, 1, NOW - timedelta(hours=3))
    newer = await _open(repo, 2, NOW - timedelta(hours=1))
    crisis = await _open(repo, 3, NOW - timedelta(minutes=5))
    answered = await _open(repo, 4, NOW - timedelta(hours=5))
    await repo.team_answered(1, answered)
    await repo.member_wrote(1, crisis, NOW, 2)
    await repo.member_wrote(1, crisis, NOW, 0)  # risk never falls back
    assert [c.number for c in await repo.open_conversations(1)] == [crisis, old, newer, answered]
    await repo.db.close()


async def test_links_are_cut_only_after_the_retention_and_the_record_stays(tmp_path: Path) -> None:
    repo = await _repository(tmp_path)
    number = await _open(repo, 1, NOW - timedelta(days=40))
    await repo.close(1, number, "team", NOW - timedelta(days=30))
    assert await repo.cut_links_closed_before(1, NOW - timedelta(days=31)) == 0
    assert await repo.relay(1, number) is not None
    assert await repo.cut_links_closed_before(1, NOW - timedelta(days=30)) == 1
    assert await repo.relay(1, number) is None
    record = await repo.get(1, number)
    assert record is not None and record.status == "closed"
    assert await repo.export_member_data(1, 1) == {}
    await repo.db.close()


async def test_ended_blocks_lose_their_key(tmp_path: Path) -> None:
    repo = await _repository(tmp_path)
    key = member_key(SECRET, 1, 9)
    await repo.add_block(1, 1, key, 5, None, NOW - timedelta(days=2), NOW - timedelta(days=1))
    await repo.add_block(1, 1, key, 5, None, NOW, None)
    active = await repo.active_blocks(1, key, NOW)
    assert [b.until for b in active] == [None]
    rows = await repo.db.fetchall("SELECT member_key FROM talk_blocks ORDER BY id")
    assert [r[0] for r in rows] == [None, key]
    await repo.db.close()


def test_empty_and_too_long_messages_are_refused_with_their_reason() -> None:
    with pytest.raises(Refused, match="nothing in the message"):
        clean_text("  \n ")
    with pytest.raises(Refused, match="4001 characters"):
        clean_text("x" * 4001)
    assert clean_text("  hello \n") == "hello"


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="|;\n\r"), min_size=1, max_size=30), max_size=12))
def test_topic_lists_round_trip_through_the_config_value(topics: list[str]) -> None:
    typed = " | ".join(topics)
    parsed = parse_setting_value("talk.topics", typed)
    assert parsed == [t.strip() for t in topics if t.strip()]
    cleaned = list(dict.fromkeys(parsed))
    if 1 <= len(cleaned) <= 10 and all(len(t) <= 80 for t in cleaned):
        assert apply_changes(GuildSettings(), {"talk.topics": parsed}).talk.topics == cleaned
    else:
        with pytest.raises(ValueError):
            apply_changes(GuildSettings(), {"talk.topics": parsed})


async def test_a_new_pseudonym_avoids_every_label_the_server_has_used(tmp_path: Path) -> None:
    from bot.core.guild_settings import GuildSettings
    from cogs.talk.service import TalkService

    repo = await _repository(tmp_path)
    service = TalkService(repo, SECRET, lambda: NOW)
    everything = {f"{word} {code:02X}" for word in PSEUDONYM_WORDS for code in range(256)}
    repo.labels_in_use = lambda guild_id: _async(everything)  # type: ignore[method-assign]
    conversation, _ = await service.start(
        GuildSettings(channels={"team_inbox": 5}),  # type: ignore[arg-type]
        1,
        42,
        topic="t",
        named=False,
        shown_name="",
        avoid=None,
        text="hello",
    )
    assert conversation.label not in everything
    await repo.db.close()


async def _async(value: set[str]) -> set[str]:
    return value
