"""Every request a bulk job makes to Discord takes a turn from the pacer, not only its posts.

The jobs that run for many servers at one moment (the prompt fan-out, the weekly digests, the milestone
mornings, and their re-sends after a stop) share Discord's global limit of 50 requests a second with each other
and with every process of the bot. A channel read before a re-send, a member or user fetched, a DM channel
opened, a thread: each counts against that limit as a post does, so each waits its turn. Each test gives the
job a pacer that counts its turns and compares them with the REST requests SimCord saw while the job ran.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from simcord.types import HttpLogEntry

from bot.core.clock import iso
from tests.behaviour.test_claim_leases import (
    DAY,
    HOUR,
    advance,
    digests,
    leave_digest_claim,
    leave_milestone_claim,
    start_shared_counter,
    with_digest,
)
from tests.behaviour.test_prompt_faults import DUE, a_timeout_after_the_post_landed, mod_log_lines
from tests.behaviour.test_prompts_schedule import advance_to, arm, prompt_posts
from tests.conftest import Community


class CountingPacer:
    """A pacer that lets every turn through at once and counts them."""

    def __init__(self) -> None:
        self.turns = 0

    async def acquire(self) -> None:
        self.turns += 1


def rest_requests(c: Community) -> list[HttpLogEntry]:
    """REST calls under the global limit (interaction replies and webhooks are outside it)."""
    return [r for r in c.env.http_requests if "/interactions/" not in r.path and "/webhooks/" not in r.path]


async def requests_and_turns(c: Community, holder: Any, job: Callable[[], Awaitable[object]]) -> tuple[list[str], int]:
    """Run `job` with a counting pacer on `holder`: the requests it made ("METHOD path") and the turns taken."""
    pacer = CountingPacer()
    real, holder.pacer = holder.pacer, pacer
    before = len(rest_requests(c))
    try:
        await job()
    finally:
        holder.pacer = real
    return [f"{r.method} {r.path}" for r in rest_requests(c)[before:]], pacer.turns


async def lease_ran_out(c: Community, table: str) -> None:
    """The stopped process's lease on its claims ran out a minute ago (its own sweep would wait for it)."""
    await c.bot.db.execute(f"UPDATE {table} SET lease_until = ?", (iso(c.env.now() - timedelta(minutes=1)),))


def reads(requests: list[str]) -> list[str]:
    return [r for r in requests if r.startswith("GET ") and r.endswith("/messages")]


async def test_the_prompt_fan_out_takes_a_turn_for_the_post_and_for_its_thread(community: Community) -> None:
    c = community
    await arm(c)
    poster = c.bot.cogs["PromptsCog"].poster
    made, turns = await requests_and_turns(c, poster, lambda: advance_to(c, DUE.replace(minute=1)))
    assert len(prompt_posts(c.channels["prompts"])) == 1
    assert len(made) == 2 and turns == 2, made  # the post and its thread


async def test_a_prompt_retry_takes_a_turn_for_reading_the_channel_too(community: Community) -> None:
    c = community
    await arm(c)
    await a_timeout_after_the_post_landed(c)  # the post is out, its answer lost: the retry reads the channel
    poster = c.bot.cogs["PromptsCog"].poster
    made, turns = await requests_and_turns(c, poster, lambda: advance_to(c, DUE.replace(hour=10)))
    assert len(prompt_posts(c.channels["prompts"])) == 1
    assert reads(made), made
    assert turns == len(made), made


async def test_a_prompt_failure_alert_takes_a_turn_too(community: Community) -> None:
    c = community
    await arm(c)
    c.env.inject_error("POST", f"/channels/{c.channels['prompts'].id}/messages", status=403, times=1)
    poster = c.bot.cogs["PromptsCog"].poster
    made, turns = await requests_and_turns(c, poster, lambda: advance_to(c, DUE.replace(minute=1)))
    assert mod_log_lines(c), "the failure was alerted in the mod log"
    assert turns == len(made) >= 2, made  # the refused post and the mod-log line


async def test_a_digest_resent_after_a_stop_takes_a_turn_for_the_read_and_the_post(community: Community) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 17 * HOUR + 50 * 60)
    await leave_digest_claim(c)  # another process claimed the week and stopped before it posted
    await advance(c, 20 * 60)  # 18:10: this process's own job found the week claimed
    await lease_ran_out(c, "wins_digests")
    cog = c.bot.cogs["WinsCog"]
    made, turns = await requests_and_turns(c, cog, cog.resend_abandoned)
    assert len(digests(c)) == 1
    assert reads(made) and turns == len(made) >= 2, made


async def test_a_digest_found_in_the_channel_took_a_turn_for_the_read(community: Community) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 18 * HOUR + 10 * 60)
    [posted] = digests(c)
    await leave_digest_claim(c)  # out, but not recorded
    await lease_ran_out(c, "wins_digests")
    cog = c.bot.cogs["WinsCog"]
    made, turns = await requests_and_turns(c, cog, cog.resend_abandoned)
    assert [m.id for m in digests(c)] == [posted.id]
    assert len(made) == 1 and reads(made) and turns == 1, made


async def test_a_milestone_resent_after_a_stop_takes_a_turn_for_every_read_and_send(community: Community) -> None:
    c = community
    await start_shared_counter(c)
    await advance(c, 9 * HOUR + 20 * 60)  # day 3's morning: the DM and the shared post
    [shared] = [m for m in c.channels["wins"].history() if m.embeds]
    await c.bot.http.delete_message(c.channels["wins"].id, shared.id)  # as if stopped after the DM
    await leave_milestone_claim(c)
    await lease_ran_out(c, "counter_milestones")
    cog = c.bot.cogs["CountersCog"]
    made, turns = await requests_and_turns(c, cog, cog.resend_abandoned)
    assert len([m for m in c.channels["wins"].history() if m.embeds]) == 1  # the missing half, sent again
    assert len(reads(made)) == 2, made  # the DM channel and the wins channel, read before sending
    assert turns == len(made) >= 3, made
