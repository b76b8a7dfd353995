"""The daily prompt under Discord faults: a passing problem is retried within the grace window, exactly once;
a permanent one gives up with one clear mod-log line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.core.db import connection_lost
from tests.behaviour.test_prompts_schedule import advance_to, arm, prompt_posts, repo_rows
from tests.conftest import Community

DUE = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)  # the default 09:00 in the default UTC


def mod_log_lines(c: Community) -> list[str]:
    return [f"{m.embeds[0].title} {m.embeds[0].description}" for m in c.channels["mod-log"].history() if m.embeds]


def fail_prompt_posts(
    c: Community, error: Callable[[], BaseException], *, times: int, lands: bool = False
) -> list[int]:
    """Make the next `times` posts to the prompt channel raise `error` (after reaching Discord if `lands`)."""
    http = c.bot.http
    original = http.request
    channel_path = f"/channels/{c.channels['prompts'].id}/messages"
    left = [times]

    async def request(route: Any, **kwargs: Any) -> Any:
        if route.method == "POST" and route.url.endswith(channel_path) and left[0] > 0:
            left[0] -= 1
            if lands:
                await original(route, **kwargs)
            raise error()
        return await original(route, **kwargs)

    http.request = request  # type: ignore[method-assign]
    return left


async def one_5xx(c: Community) -> None:
    c.env.inject_error("POST", f"/channels/{c.channels['prompts'].id}/messages", status=503, times=1)


async def a_timeout(c: Community) -> None:
    fail_prompt_posts(c, TimeoutError, times=1)


async def a_timeout_after_the_post_landed(c: Community) -> None:
    fail_prompt_posts(c, TimeoutError, times=1, lands=True)


async def five_5xx_in_a_row(c: Community) -> None:
    c.env.inject_error("POST", f"/channels/{c.channels['prompts'].id}/messages", status=502, times=5)


TRANSIENT: dict[str, Callable[[Community], Awaitable[None]]] = {
    "one 5xx": one_5xx,
    "a timeout": a_timeout,
    "a timeout whose post did land": a_timeout_after_the_post_landed,
    "five 5xx in a row": five_5xx_in_a_row,
}


@pytest.mark.parametrize("fault", list(TRANSIENT))
async def test_a_passing_discord_problem_still_gives_exactly_one_prompt_that_day(
    community: Community, fault: str
) -> None:
    c = community
    await arm(c)
    await TRANSIENT[fault](c)
    await advance_to(c, DUE.replace(minute=1))
    await advance_to(c, DUE.replace(hour=12))
    assert len(prompt_posts(c.channels["prompts"])) == 1
    rows = {r.local_date: r.status for r in await repo_rows(c, c.guild.id)}
    assert rows == {date(2026, 1, 1): "posted"}
    await advance_to(c, datetime(2026, 1, 1, 23, 0, tzinfo=UTC))
    assert len(prompt_posts(c.channels["prompts"])) == 1


async def test_a_restart_inside_the_grace_window_takes_up_the_waiting_retry(community: Community) -> None:
    c = community
    await arm(c)
    c.env.inject_error("POST", f"/channels/{c.channels['prompts'].id}/messages", status=500, times=1)
    await advance_to(c, DUE.replace(second=5))
    assert prompt_posts(c.channels["prompts"]) == []
    c.bot.scheduler.shutdown()  # down before the retry
    await advance_to(c, DUE.replace(hour=10))
    await c.restart()
    await c.env.settle()
    assert len(prompt_posts(c.channels["prompts"])) == 1
    await advance_to(c, DUE.replace(hour=16))
    assert len(prompt_posts(c.channels["prompts"])) == 1


async def test_discord_failing_all_through_the_grace_window_gives_up_with_one_mod_log_line(
    community: Community,
) -> None:
    c = community
    await arm(c)
    c.env.inject_error("POST", f"/channels/{c.channels['prompts'].id}/messages", status=503, times=None)
    await advance_to(c, datetime(2026, 1, 1, 16, 0, tzinfo=UTC))  # past the 6-hour grace
    assert prompt_posts(c.channels["prompts"]) == []
    rows = {r.local_date: r.status for r in await repo_rows(c, c.guild.id)}
    assert rows == {date(2026, 1, 1): "failed"}
    lines = [line for line in mod_log_lines(c) if "prompt" in line.lower()]
    assert len(lines) == 1 and "6 hours" in lines[0]


async def test_a_permanent_403_gives_up_at_once_with_one_mod_log_line(community: Community) -> None:
    c = community
    await arm(c)
    c.env.inject_error(
        "POST", f"/channels/{c.channels['prompts'].id}/messages", status=403, code=50013, message="Missing Permissions"
    )
    await advance_to(c, DUE.replace(minute=1))
    await advance_to(c, DUE.replace(hour=12))
    assert prompt_posts(c.channels["prompts"]) == []
    rows = {r.local_date: r.status for r in await repo_rows(c, c.guild.id)}
    assert rows == {date(2026, 1, 1): "failed"}
    posts_tried = [
        r
        for r in c.env.http_requests
        if r.method == "POST" and r.path == f"/channels/{c.channels['prompts'].id}/messages"
    ]
    assert len(posts_tried) == 1, "a permanent refusal must not be retried (invalid requests earn a ban)"
    lines = [line for line in mod_log_lines(c) if "prompt" in line.lower()]
    assert len(lines) == 1


async def test_an_empty_deck_is_said_in_the_mod_log(community: Community) -> None:
    c = community
    service = c.bot.get_cog("PromptsCog").service  # type: ignore[union-attr]

    async def nothing_enabled(*args: Any) -> list[Any]:
        return []  # e.g. every prompt of the chosen themes switched off with /prompt remove

    service.enabled = nothing_enabled
    await arm(c)
    await advance_to(c, DUE.replace(minute=1))
    assert prompt_posts(c.channels["prompts"]) == []
    assert any("no prompt is left to draw" in line for line in mod_log_lines(c))


def database_gone() -> BaseException:
    """What SQLAlchemy raises when PostgreSQL restarts under a statement (the connection is invalidated)."""
    return DBAPIError("UPDATE prompt_posts ...", None, ConnectionResetError("connection reset by peer"), True)


def fail_once(target: Any, name: str) -> None:
    """Make `target.name` raise a lost connection on its next call (the database stayed away past the job's
    patience), then work again."""
    original = getattr(target, name)
    left = [1]

    async def replacement(*args: Any, **kwargs: Any) -> Any:
        if left[0]:
            left[0] -= 1
            raise database_gone()
        return await original(*args, **kwargs)

    setattr(target, name, replacement)


@pytest.mark.parametrize("step", ["claim", "mark_posted"])
async def test_the_database_going_away_at_a_step_still_gives_exactly_one_prompt_that_day(
    community: Community, step: str
) -> None:
    c = community
    service = c.bot.get_cog("PromptsCog").service  # type: ignore[union-attr]
    await arm(c)
    # Before the claim is made (the day is tried again 10 s later) or after the post went out but before it was
    # recorded (the claim's lease runs out and the sweep finds the post in the channel, sending nothing).
    fail_once(service if step == "claim" else service.repository, step)
    await advance_to(c, DUE.replace(minute=1))
    await advance_to(c, DUE.replace(hour=12))
    assert len(prompt_posts(c.channels["prompts"])) == 1
    rows = {r.local_date: r.status for r in await repo_rows(c, c.guild.id)}
    assert rows == {date(2026, 1, 1): "posted"}
    await advance_to(c, datetime(2026, 1, 1, 23, 0, tzinfo=UTC))
    assert len(prompt_posts(c.channels["prompts"])) == 1


def test_a_lost_connection_is_told_apart_from_a_refused_statement() -> None:
    assert connection_lost(database_gone())
    assert connection_lost(ConnectionRefusedError(111, "refused"))
    assert not connection_lost(IntegrityError("INSERT ...", None, ValueError("duplicate key")))
    assert not connection_lost(ValueError("not a database error"))
