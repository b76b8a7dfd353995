"""The read-then-write races, each with two writers (two connections pools, as two processes) on PostgreSQL:
numbers never collide, a pending post is taken once, a day is claimed once, a suggestion approved once,
a support DM claimed once, a failure streak alerted once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.db import Database
from cogs.anonymous.store import AnonymousRepository
from cogs.moderation.store import ModerationRepository
from cogs.prompts.content import Intensity, Prompt, Theme, load_prompts
from cogs.prompts.store import PromptRepository
from cogs.talk.store import TalkRepository
from tests.engines import drop_postgres_database, fresh_postgres_database

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GUILD = 1_234_567_890_123_456_789
CONTENT = Path(__file__).resolve().parents[2] / "content"
ROUNDS = 20


@pytest.fixture
async def two_writers() -> AsyncIterator[tuple[Database, Database]]:
    """Two Database objects on one fresh PostgreSQL database: what two Hearth processes would hold."""
    url = await fresh_postgres_database()
    first, second = Database(url), Database(url)
    await first.open()
    await second.open()
    await first.migrate()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()
        await drop_postgres_database(url)


def _key(guild_id: int, user_id: int) -> str:
    return f"k{guild_id}:{user_id}"


async def test_two_writers_never_take_the_same_anonymous_post_number(two_writers: tuple[Database, Database]) -> None:
    repos = [AnonymousRepository(db, _key) for db in two_writers]
    posts = await asyncio.gather(
        *(
            repos[i % 2].reserve(
                GUILD,
                parent_number=None,
                status="pending",
                pseudonym="Willow",
                author_key=f"a{i}",
                now=NOW,
                pending=(f"text {i}", None, None, "dm"),
            )
            for i in range(ROUNDS)
        )
    )
    assert sorted(post.number for post in posts) == list(range(1, ROUNDS + 1))
    rows = await two_writers[0].fetchall("SELECT number FROM anonymous_pending WHERE guild_id = ?", (GUILD,))
    assert len(rows) == ROUNDS


async def test_two_moderators_deciding_one_pending_post_take_it_once(two_writers: tuple[Database, Database]) -> None:
    repos = [AnonymousRepository(db, _key) for db in two_writers]
    for round_number in range(ROUNDS):
        post = await repos[0].reserve(
            GUILD,
            parent_number=None,
            status="pending",
            pseudonym="Willow",
            author_key="a",
            now=NOW,
            pending=(f"text {round_number}", None, None, "dm"),
        )
        taken = await asyncio.gather(
            repos[0].take_pending(GUILD, post.number), repos[1].take_pending(GUILD, post.number)
        )
        assert sum(1 for item in taken if item is not None) == 1, round_number


async def test_two_writers_never_take_the_same_talk_number(two_writers: tuple[Database, Database]) -> None:
    repos = [TalkRepository(db, _key, lambda: NOW) for db in two_writers]
    made = await asyncio.gather(
        *(
            repos[i % 2].create(
                GUILD,
                label=f"Member {i}",
                named=False,
                topic="",
                member_key=f"m{i}",
                dm_key=f"d{i}",
                deliver_to="dm",
                now=NOW,
            )
            for i in range(ROUNDS)
        )
    )
    assert sorted(conversation.number for conversation in made) == list(range(1, ROUNDS + 1))


async def test_a_day_is_claimed_once_by_two_processes(two_writers: tuple[Database, Database]) -> None:
    prompts: list[Prompt] = load_prompts(CONTENT)
    repos = [PromptRepository(db) for db in two_writers]

    def draw(used: set[str], last: str | None) -> tuple[Prompt, bool]:
        fresh = [prompt for prompt in prompts if prompt.id not in used]
        return (fresh[0], False) if fresh else (prompts[0], True)

    for day in range(ROUNDS):
        local = date(2026, 3, 1) + timedelta(days=day)
        claims = await asyncio.gather(repos[0].claim(GUILD, local, draw, NOW), repos[1].claim(GUILD, local, draw, NOW))
        assert sum(1 for claim in claims if claim is not None) == 1, local
    rows = await two_writers[0].fetchall("SELECT COUNT(*) FROM prompt_posts WHERE guild_id = ?", (GUILD,))
    assert int(rows[0][0]) == ROUNDS


async def test_a_suggestion_is_approved_once_by_two_moderators(two_writers: tuple[Database, Database]) -> None:
    repos = [PromptRepository(db) for db in two_writers]
    for round_number in range(ROUNDS):
        suggestion = await repos[0].add_suggestion(GUILD, 5, Theme.GRIEF, f"What helps {round_number}?", None, NOW)
        approved = await asyncio.gather(
            *(repo.approve_suggestion(suggestion.id, 9, "What helps?", None, Intensity.GENTLE, NOW) for repo in repos)
        )
        assert sum(1 for item in approved if item is not None) == 1, round_number
    rows = await two_writers[0].fetchall("SELECT COUNT(*) FROM server_prompts WHERE guild_id = ?", (GUILD,))
    assert int(rows[0][0]) == ROUNDS


async def test_a_support_dm_is_claimed_once_per_cooldown_by_two_processes(
    two_writers: tuple[Database, Database],
) -> None:
    repos = [ModerationRepository(db) for db in two_writers]
    cooldown = timedelta(hours=1)
    for round_number in range(ROUNDS):
        when = NOW + round_number * 2 * cooldown
        claims = await asyncio.gather(*(repo.claim_support_dm(GUILD, 42, when, cooldown) for repo in repos))
        assert sum(1 for claim in claims if claim is not None) == 1, round_number


async def test_a_failure_streak_begins_once_across_two_processes(two_writers: tuple[Database, Database]) -> None:
    repos = [PromptRepository(db) for db in two_writers]
    for round_number in range(ROUNDS):
        began = await asyncio.gather(*(repo.start_failure(GUILD, "missing permission", NOW) for repo in repos))
        assert sorted(began) == [False, True], round_number
        assert await repos[round_number % 2].clear_failure(GUILD)
