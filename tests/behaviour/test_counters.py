"""Private day counters: kind counting across midnights and slips, milestones once at the member's morning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import Community
from tests.engines import trace_statements

HOUR = 3600
DAY = 24 * HOUR


async def advance(c: Community, seconds: int) -> None:
    """Move virtual time in steps the simulated Discord settles comfortably."""
    while seconds > 0:
        step = min(seconds, 3 * HOUR)
        await c.env.advance_time(step)
        seconds -= step


def field_for(result: object, name: str) -> str:
    """The /counter view field of one counter."""
    embed = result.response.embeds[0]  # type: ignore[attr-defined]
    return next(field.value for field in embed.fields if field.name == name)


def dms_to(c: Community, member: object) -> list[str]:
    """What the bot DMed a member, oldest first."""
    channel = member.user.dm_channel  # type: ignore[attr-defined]
    return [message.content for message in reversed(list(channel.history()))]


async def test_counters_count_the_members_own_midnight_in_two_timezones(community: Community) -> None:
    c = community
    # 2026-01-01T00:00Z is 09:00 in Tokyo and 19:00 on Dec 31 in New York.
    await c.alice.slash(c.channels["general"], "counter timezone", name="Asia/Tokyo")
    await c.bob.slash(c.channels["general"], "counter timezone", name="America/New_York")
    started = await c.alice.slash(c.channels["general"], "counter start", name="no contact")
    assert started.ephemeral and "2026-01-01" in started.response.content
    started = await c.bob.slash(c.channels["general"], "counter start", name="no contact")
    assert "2025-12-31" in started.response.content
    await advance(c, 5 * HOUR + 60)  # New York passes midnight; Tokyo is at 14:01
    alice = await c.alice.slash(c.channels["general"], "counter view")
    bob = await c.bob.slash(c.channels["general"], "counter view")
    assert "Since start: **0** days" in field_for(alice, "no contact")
    assert "Since start: **1** days" in field_for(bob, "no contact")
    await advance(c, 10 * HOUR)  # 15:01Z: Tokyo passes midnight
    alice = await c.alice.slash(c.channels["general"], "counter view")
    assert "Since start: **1** days" in field_for(alice, "no contact")


async def test_a_slip_keeps_days_since_start_and_counts_days_since_the_slip(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-20")
    slip = await c.alice.slash(c.channels["general"], "counter slip", name="No Contact", note="saw a photo")
    assert slip.ephemeral and "**12** days since you started" in slip.response.content
    slip_lines = c.bot.content.celebrations.slip_lines
    assert any(line in slip.response.content for line in slip_lines)
    for _ in range(2):
        await advance(c, DAY)
    view = await c.alice.slash(c.channels["general"], "counter view")
    text = field_for(view, "no contact")
    assert "Since start: **14** days" in text and "since last slip: **2**" in text and "slips logged: 1" in text


async def test_reset_asks_first_and_then_starts_over(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-01")
    asked = await c.alice.slash(c.channels["general"], "counter reset", name="no contact")
    kept = await c.alice.click(asked.response.message, label="Keep it as it is")
    assert "Nothing changed" in kept.response.message.content
    view = await c.alice.slash(c.channels["general"], "counter view")
    assert "Since start: **31** days" in field_for(view, "no contact")
    asked = await c.alice.slash(c.channels["general"], "counter reset", name="no contact")
    await c.alice.click(asked.response.message, label="Yes, start over")
    view = await c.alice.slash(c.channels["general"], "counter view")
    assert "Since start: **0** days" in field_for(view, "no contact")


async def test_stop_removes_a_counter(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="not checking their profile")
    stopped = await c.alice.slash(c.channels["general"], "counter stop", name="not checking their profile")
    assert "Stopped" in stopped.response.content
    view = await c.alice.slash(c.channels["general"], "counter view")
    assert "no counters yet" in view.response.content


async def test_milestone_day_seven_fires_once_at_the_members_morning_by_dm_only(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-25")
    await advance(c, 8 * HOUR + 50 * 60)  # 08:50 on day 7: not yet morning
    assert not any("day 7" in text.lower() for text in dms_to(c, c.alice))
    await advance(c, 30 * 60)  # 09:20
    sevens = [text for text in dms_to(c, c.alice) if "7" in text]
    assert len(sevens) == 1
    await advance(c, DAY)
    assert len([text for text in dms_to(c, c.alice) if "7" in text]) == 1
    assert c.channels["wins"].last_message is None
    view = await c.alice.slash(c.channels["general"], "counter view")
    assert "Milestone reached: day 7 (2026-01-01)" in field_for(view, "no contact")


async def test_milestone_waits_for_morning_in_the_members_own_timezone(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter timezone", name="America/New_York")
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-31")
    await advance(c, 9 * HOUR + 20 * 60)  # 09:20 UTC is 04:20 in New York: not her morning yet
    assert dms_to(c, c.alice) == []
    await advance(c, 4 * HOUR + 30 * 60)  # 13:50 UTC, 08:50 in New York
    assert dms_to(c, c.alice) == []
    await advance(c, 20 * 60)  # 09:10 in New York
    assert len(dms_to(c, c.alice)) == 1


async def test_milestone_missed_while_the_bot_was_down_arrives_after_the_restart(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-25")
    await advance(c, 8 * HOUR)
    c.bot.scheduler.shutdown()  # down from 08:00 to 11:00 on day 7
    await advance(c, 3 * HOUR)
    assert dms_to(c, c.alice) == []
    await c.restart()
    await c.env.settle()
    assert len(dms_to(c, c.alice)) == 1
    await advance(c, DAY)
    assert len(dms_to(c, c.alice)) == 1


async def test_opted_in_milestone_is_also_posted_in_the_wins_channel(community: Community) -> None:
    c = community
    await c.alice.slash(
        c.channels["general"], "counter start", name="no contact", since="2025-12-29", share_milestones=True
    )
    await advance(c, 9 * HOUR + 20 * 60)
    message = c.channels["wins"].last_message
    assert message is not None and "alice reached day 3 of no contact" in message.embeds[0].description


async def test_milestone_with_dms_closed_posts_nothing_public_and_view_shows_it(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-31")
    c.env.inject_error(
        "POST",
        f"/channels/{c.alice.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )
    await advance(c, 9 * HOUR + 20 * 60)
    assert c.channels["wins"].last_message is None
    view = await c.alice.slash(c.channels["general"], "counter view")
    assert "Milestone reached: day 1 (2026-01-01), I couldn't DM you" in field_for(view, "no contact")


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2026-01-05", "is in the future"),
        ("1969-12-31", "1970 or later"),
        ("yesterday", "write it like 2026-01-31"),
        ("2026-02-30", "isn't a real calendar date"),
    ],
)
async def test_impossible_start_dates_are_refused_with_the_reason(
    community: Community, since: str, expected: str
) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "counter start", name="no contact", since=since)
    assert result.ephemeral and expected in result.response.content


async def test_unknown_counter_name_suggests_the_closest(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact")
    result = await c.alice.slash(c.channels["general"], "counter slip", name="no contcat")
    assert "couldn't find a counter called “no contcat”" in result.response.content
    assert "Did you mean **no contact**?" in result.response.content


async def test_an_eleventh_counter_is_refused(community: Community) -> None:
    c = community
    for number in range(10):
        await c.alice.slash(c.channels["general"], "counter start", name=f"counter {number}")
    result = await c.alice.slash(c.channels["general"], "counter start", name="one more")
    assert "You have 10 counters" in result.response.content


async def test_too_long_name_and_unknown_timezone_are_refused(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "counter start", name="x" * 61)
    assert "61 characters" in result.response.content
    result = await c.alice.slash(c.channels["general"], "counter timezone", name="Mars/Olympus")
    assert "'Mars/Olympus' is not a timezone I know" in result.response.content


async def test_counter_name_autocomplete_suggests_gentle_names(community: Community) -> None:
    c = community
    choices = await c.alice.autocomplete(c.channels["general"], "counter start", "name", "no")
    values = [choice["value"] for choice in choices]
    assert "no contact" in values and "not checking their profile" in values


async def test_milestone_follows_the_servers_new_timezone_for_members_without_their_own(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-31")
    await c.configure(timezone="America/New_York")  # day 1's morning moves from 09:00 to 14:00 UTC
    wanted = c.bot.scheduler.job_id(None, "counter-milestones")
    job = next(job for job in c.bot.scheduler.jobs() if job.id == wanted)
    assert job.next_run_time == datetime(2026, 1, 1, 14, 0, tzinfo=UTC)
    await advance(c, 9 * HOUR + 20 * 60)  # 09:20 UTC, 04:20 in New York
    assert dms_to(c, c.alice) == []
    await advance(c, 5 * HOUR)  # 09:20 in New York
    assert len(dms_to(c, c.alice)) == 1


async def test_a_counter_change_reads_no_other_members_counters(community: Community) -> None:
    """Starting, resetting or stopping a counter arms the next morning from the index, not a scan."""
    c = community
    for n in range(30):
        await c.bot.db.execute(
            "INSERT INTO counters (guild_id, user_id, name, name_key, started_on, share_milestones, created_at, "
            "next_due) VALUES (?, ?, 'x', 'x', '2025-12-01', 0, '2025-12-01T00:00:00+00:00', "
            "'2026-01-05T09:00:00+00:00')",
            (c.guild.id, 5_000 + n),
        )
    seen: list[str] = []
    stop = trace_statements(c.bot.db, seen)
    try:
        await c.alice.slash(c.channels["general"], "counter start", name="no contact")
    finally:
        stop()
    reads = [sql for sql in seen if "FROM counters" in sql]
    assert reads and all("user_id" in sql or "MIN(next_due)" in sql for sql in reads), reads
