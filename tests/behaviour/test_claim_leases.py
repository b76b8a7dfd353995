"""Exactly-once scheduled posts beyond the daily prompt: the weekly digest and the milestone congratulations.

A process can stop (kill -9) between claiming a send and sending it, or after sending before recording it. Each
test leaves the database as such a stop does: the claim open, named for an instance that is gone. The next
process sends it exactly once: it is sent when nothing went out, and found (not sent twice) when it did.
SimCord does not de-duplicate by nonce, so the "found" half is the bot reading the channel, as it must for a
stop longer ago than Discord's nonce window; the nonce itself is asserted on the request.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.core.claims import claim_nonce
from bot.core.clock import iso
from cogs.wins import messages as wins_words
from cogs.wins.commands import DIGEST_TOO_LATE, DIGEST_TURNED_OFF
from tests.conftest import Community

HOUR = 3600
DAY = 24 * HOUR
WEEK = "2026-W01"  # the digest of Sunday 2026-01-04 18:00 UTC (SimCord starts on Thursday 2026-01-01)
GONE = "stopped-instance"


async def advance(c: Community, seconds: float) -> None:
    while seconds > 0:
        step = min(seconds, 3 * HOUR)
        await c.env.advance_time(step)
        seconds -= step


def digests(c: Community) -> list[Any]:
    return [m for m in c.channels["wins"].history() if m.embeds and m.embeds[0].title == wins_words.DIGEST_TITLE]


def sends_to(c: Community, channel_id: int) -> list[dict[str, Any]]:
    """The bodies of every message the bot asked Discord to create in a channel."""
    return [
        r.json
        for r in c.env.http_requests
        if r.method == "POST" and r.path.endswith(f"/channels/{channel_id}/messages") and r.json
    ]


def due_moment(c: Community) -> datetime:
    return c.env.now().replace(year=2026, month=1, day=4, hour=18, minute=0, second=0, microsecond=0)


async def with_digest(c: Community) -> None:
    await c.configure(wins__digest_time="18:00", wins__digest_day=6)
    await c.alice.slash(c.channels["general"], "win", text="I kept my boundary")


async def leave_digest_claim(c: Community, *, message_id: int | None = None) -> None:
    """What a process that stopped mid-digest leaves: the week claimed by it, nothing recorded."""
    due = due_moment(c)
    await c.bot.db.execute(
        "INSERT INTO wins_digests (guild_id, week, claimed_at, due_at, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (guild_id, week) DO UPDATE SET message_id = NULL, failure = NULL, owner = ?, lease_until = ?",
        (
            c.guild.id,
            WEEK,
            iso(due),
            iso(due),
            GONE,
            iso(due + timedelta(hours=1)),
            GONE,
            iso(due + timedelta(hours=1)),
        ),
    )


async def digest_row(c: Community) -> tuple[Any, ...]:
    row = await c.bot.db.fetchone(
        "SELECT message_id, failure, lease_until FROM wins_digests WHERE guild_id = ? AND week = ?", (c.guild.id, WEEK)
    )
    assert row is not None
    return tuple(row)


async def test_a_digest_claimed_by_a_process_that_stopped_before_posting_is_posted_once_by_the_next(
    community: Community,
) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 17 * HOUR + 50 * 60)  # Sunday 17:50
    await leave_digest_claim(c)  # another process claimed the week at 18:00 and stopped before it posted
    await advance(c, 20 * 60)  # 18:10: this process's own job finds the week claimed and leaves it
    assert digests(c) == []
    await c.restart()  # the process that owns the server now (a restart here; a standby on a split deployment)
    await c.env.settle()
    [posted] = digests(c)
    assert await digest_row(c) == (posted.id, None, None)
    [body] = [b for b in sends_to(c, c.channels["wins"].id) if wins_words.DIGEST_TITLE in str(b.get("embeds"))]
    assert (body["nonce"], body.get("enforce_nonce")) == (claim_nonce("d", c.guild.id, WEEK), True)
    await c.restart()
    await advance(c, 3 * HOUR)
    assert len(digests(c)) == 1


async def test_a_digest_that_went_out_before_its_process_stopped_is_found_not_posted_twice(
    community: Community,
) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 18 * HOUR + 10 * 60)  # Sunday 18:10: posted
    [posted] = digests(c)
    await leave_digest_claim(c)  # as if the process stopped after the post, before recording it
    await advance(c, 2 * HOUR)  # long past Discord's nonce window: only the channel can tell
    await c.restart()
    await c.env.settle()
    assert [m.id for m in digests(c)] == [posted.id]
    assert await digest_row(c) == (posted.id, None, None)


async def test_a_digest_whose_record_was_lost_is_closed_by_this_processs_own_lease_sweep(
    community: Community, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community
    await with_digest(c)
    repo = c.bot.cogs["WinsCog"].service.repo
    real = repo.record_digest
    calls = 0

    async def lost(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("the database went away")  # the post is out; the record of it is not
        await real(*args, **kwargs)

    monkeypatch.setattr(repo, "record_digest", lost)
    await advance(c, 3 * DAY + 18 * HOUR + 10 * 60)
    [posted] = digests(c)
    message_id, failure, lease = await digest_row(c)
    assert message_id is None and failure is None and lease is not None  # still open, leased to this process
    await advance(c, 20 * 60)  # past the 15-minute lease: the sweep finds the post in the channel
    assert [m.id for m in digests(c)] == [posted.id]
    assert await digest_row(c) == (posted.id, None, None)


async def test_a_digest_discord_refused_for_a_moment_is_sent_again_after_its_lease(community: Community) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 17 * HOUR + 50 * 60)
    c.env.inject_error(
        "POST", f"/channels/{c.channels['wins'].id}/messages", status=500, code=0, message="boom", times=1
    )
    await advance(c, 20 * 60)  # 18:10: Discord answered the digest with a 500
    assert digests(c) == []
    message_id, failure, lease = await digest_row(c)
    assert message_id is None and failure is None and lease is not None  # kept open, not recorded as failed
    await advance(c, 20 * 60)  # past the lease: the sweep sends it
    [posted] = digests(c)
    assert await digest_row(c) == (posted.id, None, None)


async def test_a_digest_left_claimed_past_its_catch_up_window_is_closed_unsent(community: Community) -> None:
    c = community
    await with_digest(c)
    await c.configure(wins__digest_day=0)  # Mondays: this bot's own job has nothing to do on Sunday
    await advance(c, 4 * DAY + HOUR)  # Monday 01:00
    await leave_digest_claim(c)  # Sunday 18:00's digest, claimed by a process that stopped: 7 hours ago
    await c.restart()
    await c.env.settle()
    assert digests(c) == []
    message_id, failure, lease = await digest_row(c)
    assert message_id is None and lease is None and failure == DIGEST_TOO_LATE


async def test_a_digest_left_claimed_and_then_turned_off_is_closed_unsent(community: Community) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 17 * HOUR + 50 * 60)
    await leave_digest_claim(c)
    await c.configure(wins__digest=False)  # a moderator turned the digest off before it was sent again
    await c.restart()
    await c.env.settle()
    assert digests(c) == []
    message_id, failure, lease = await digest_row(c)
    assert message_id is None and lease is None and failure == DIGEST_TURNED_OFF


async def test_a_digest_another_live_process_is_sending_is_left_to_it(community: Community) -> None:
    c = community
    await with_digest(c)
    await advance(c, 3 * DAY + 17 * HOUR + 50 * 60)
    await leave_digest_claim(c)
    # The same instance id as the running bot, lease not run out: a send in progress, not an abandoned one.
    await c.bot.db.execute("UPDATE wins_digests SET owner = ?", (c.bot.instance_id,))
    await advance(c, 20 * 60)
    assert await c.bot.cogs["WinsCog"].resend_abandoned() == 0
    assert digests(c) == []


# --- milestones -------------------------------------------------------------------------------------------------


def dms_to(c: Community, member: Any) -> list[Any]:
    channel = member.user.dm_channel
    return [] if channel is None else list(reversed(list(channel.history())))


async def milestone_row(c: Community) -> tuple[Any, ...]:
    row = await c.bot.db.fetchone("SELECT counter_id, dm_delivered, shared, lease_until FROM counter_milestones")
    assert row is not None
    return tuple(row)


async def leave_milestone_claim(c: Community) -> None:
    """What a process that stopped mid-congratulation leaves: the milestone claimed by it, nothing recorded."""
    until = iso(c.env.now() + timedelta(hours=1))
    await c.bot.db.execute(
        "UPDATE counter_milestones SET dm_delivered = NULL, shared = 0, owner = ?, lease_until = ?", (GONE, until)
    )


async def start_shared_counter(c: Community) -> int:
    await c.alice.slash(
        c.channels["general"], "counter start", name="no contact", since="2025-12-29", share_milestones=True
    )
    row = await c.bot.db.fetchone("SELECT id FROM counters")
    assert row is not None
    return int(row[0])


async def test_a_milestone_claimed_by_a_process_that_stopped_before_sending_is_sent_once_dm_and_post(
    community: Community, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community
    counter_id = await start_shared_counter(c)
    cog = c.bot.cogs["CountersCog"]

    async def stopped(*args: Any, **kwargs: Any) -> None:
        """Stands in for kill -9 right after the claim: nothing after it runs."""

    monkeypatch.setattr(cog, "_congratulate", stopped)
    await advance(c, 9 * HOUR + 20 * 60)  # day 3's morning: claimed, then the process "stops"
    monkeypatch.undo()
    assert dms_to(c, c.alice) == [] and c.channels["wins"].last_message is None
    await leave_milestone_claim(c)
    await c.restart()
    await c.env.settle()
    [dm] = dms_to(c, c.alice)
    assert "3" in dm.content
    [shared] = [m for m in c.channels["wins"].history() if m.embeds]
    assert "alice reached day 3 of no contact" in shared.embeds[0].description
    assert await milestone_row(c) == (counter_id, 1, 1, None)
    [dm_body] = sends_to(c, c.alice.user.dm_channel.id)
    assert (dm_body["nonce"], dm_body.get("enforce_nonce")) == (claim_nonce("m", counter_id, 3), True)
    [post_body] = sends_to(c, c.channels["wins"].id)
    assert post_body["nonce"] == claim_nonce("s", counter_id, 3)
    await c.restart()
    await advance(c, DAY)
    assert len(dms_to(c, c.alice)) == 1 and len([m for m in c.channels["wins"].history() if m.embeds]) == 1


async def test_a_milestone_that_went_out_before_its_process_stopped_is_found_not_sent_twice(
    community: Community,
) -> None:
    c = community
    counter_id = await start_shared_counter(c)
    await advance(c, 9 * HOUR + 20 * 60)
    [dm] = dms_to(c, c.alice)
    [shared] = [m for m in c.channels["wins"].history() if m.embeds]
    await leave_milestone_claim(c)  # the DM and the post are out; the record of them is not
    await advance(c, HOUR)
    await c.restart()
    await c.env.settle()
    assert [m.id for m in dms_to(c, c.alice)] == [dm.id]
    assert [m.id for m in c.channels["wins"].history() if m.embeds] == [shared.id]
    assert await milestone_row(c) == (counter_id, 1, 1, None)


async def test_a_milestone_half_sent_gets_only_its_missing_half(community: Community) -> None:
    c = community
    counter_id = await start_shared_counter(c)
    await advance(c, 9 * HOUR + 20 * 60)
    [dm] = dms_to(c, c.alice)
    [shared] = [m for m in c.channels["wins"].history() if m.embeds]
    await c.bot.http.delete_message(c.channels["wins"].id, shared.id)  # as if it stopped after the DM, before this
    await leave_milestone_claim(c)
    await c.restart()
    await c.env.settle()
    assert [m.id for m in dms_to(c, c.alice)] == [dm.id]
    [again] = [m for m in c.channels["wins"].history() if m.embeds]
    assert "alice reached day 3 of no contact" in again.embeds[0].description
    assert await milestone_row(c) == (counter_id, 1, 1, None)
