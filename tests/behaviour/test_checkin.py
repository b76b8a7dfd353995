"""The next-day check-in: offered with the crisis DM, sent once at a day-time hour, answered each way, consent kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
import pytest
import simcord

from bot.core.clock import iso
from bot.core.shards import ShardScope, shard_of
from bot.core.tags import owner_tag
from tests.behaviour.test_safety_plan import labels
from tests.conftest import Community

CRISIS = "I have the pills ready and I am going to end it tonight"
QUESTION = "How are you today?"


def dms(actor: simcord.MemberActor) -> list[discord.Message]:
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


def checkin_dms(actor: simcord.MemberActor) -> list[discord.Message]:
    return [m for m in dms(actor) if QUESTION in (m.content or "")]


def alerts(c: Community) -> list[discord.Message]:
    return [
        m
        for m in c.channels["mod-alerts"].history()
        if m.embeds and m.embeds[0].title and m.embeds[0].title.startswith(("Crisis", "Concern"))
    ]


async def ask_for_checkin(c: Community) -> Any:
    """Alice writes crisis words and presses 'Check in with me tomorrow' in the DM."""
    await c.alice.send(c.channels["general"], CRISIS)
    [dm] = dms(c.alice)
    assert "Check in with me tomorrow" in labels(dm)
    return await c.alice.user.click(dm, label="Check in with me tomorrow")


async def due_at(c: Community) -> datetime:
    row = await c.bot.db.fetchone("SELECT due_at FROM safety_checkins WHERE user_id = ?", (c.alice.id,))
    assert row is not None
    return datetime.fromisoformat(row[0])


async def until(c: Community, moment: datetime) -> None:
    """Advance the simulated clock to `moment` in steps the scheduler settles reliably."""
    while (gap := (moment - c.env.now()).total_seconds()) > 0:
        await c.env.advance_time(min(gap, 3 * 3600))


async def test_check_in_is_planned_for_tomorrow_morning_in_the_servers_timezone(community: Community) -> None:
    c = community
    await c.configure(timezone="Europe/Berlin")
    asked_at = c.env.now()
    reply = await ask_for_checkin(c)
    assert reply.ephemeral and "10:00" in reply.response.content and "Europe/Berlin" in reply.response.content
    due = (await due_at(c)).astimezone(ZoneInfo("Europe/Berlin"))
    assert due.hour == 10 and due.minute == 0
    assert (
        due.date() > asked_at.astimezone(ZoneInfo("Europe/Berlin")).date()
        or asked_at.astimezone(ZoneInfo("Europe/Berlin")).hour < 5
    )
    again = await c.alice.user.click(dms(c.alice)[0], label="Check in with me tomorrow")
    assert "already" in again.response.content
    row = await c.bot.db.fetchone("SELECT COUNT(*) FROM safety_checkins")
    assert row is not None and row[0] == 1


async def test_check_in_uses_the_members_own_timezone_when_they_chose_one(community: Community) -> None:
    c = community
    await c.configure(timezone="Europe/Berlin")
    await c.bot.db.execute(
        "INSERT INTO counter_timezones (guild_id, user_id, timezone) VALUES (?, ?, ?)",
        (c.guild.id, c.alice.id, "America/New_York"),
    )
    reply = await ask_for_checkin(c)
    assert "America/New_York" in reply.response.content
    due = (await due_at(c)).astimezone(ZoneInfo("America/New_York"))
    assert (due.hour, due.minute) == (10, 0)


async def test_check_in_dm_arrives_once_at_its_hour_even_across_a_restart(community: Community) -> None:
    c = community
    await c.configure(timezone="Europe/Berlin")
    await ask_for_checkin(c)
    due = await due_at(c)
    await until(c, due - timedelta(minutes=5))
    assert checkin_dms(c.alice) == []
    await c.restart()
    await until(c, due + timedelta(minutes=5))
    [checkin] = checkin_dms(c.alice)
    assert labels(checkin) == ["Better", "About the same", "Worse", "I'd like someone to reach out"]
    local = c.env.now().astimezone(ZoneInfo("Europe/Berlin"))
    assert 9 <= local.hour < 21
    await c.restart()
    await c.env.advance_time(3 * 3600)
    await c.env.advance_time(24 * 3600)
    assert len(checkin_dms(c.alice)) == 1  # one follow-up at most


async def test_a_check_in_missed_while_down_at_night_waits_for_the_morning(community: Community) -> None:
    c = community
    await c.configure(timezone="Europe/Berlin")
    await ask_for_checkin(c)
    due = await due_at(c)
    # Make it look as if the bot was away from before the due time until 23:30 local.
    late = due.astimezone(ZoneInfo("Europe/Berlin")).replace(hour=23, minute=30).astimezone(UTC)
    c.bot.scheduler.cancel(None, "safety-checkins")
    await until(c, late)
    assert checkin_dms(c.alice) == []
    await c.restart()
    await c.env.advance_time(60)
    assert checkin_dms(c.alice) == []  # never at night
    await until(c, late + timedelta(hours=11))
    [checkin] = checkin_dms(c.alice)
    assert 9 <= checkin.created_at.astimezone(ZoneInfo("Europe/Berlin")).hour < 21


async def test_checkin_off_cancels_it(community: Community) -> None:
    c = community
    await ask_for_checkin(c)
    due = await due_at(c)
    off = await c.alice.slash(c.channels["general"], "checkin off")
    assert off.ephemeral and "cancelled" in off.response.content
    nothing = await c.alice.slash(c.channels["general"], "checkin off")
    assert "nothing to cancel" in nothing.response.content
    await until(c, due + timedelta(hours=1))
    assert checkin_dms(c.alice) == []


async def _answered(c: Community, answer: str) -> Any:
    await ask_for_checkin(c)
    await until(c, await due_at(c) + timedelta(minutes=1))
    [checkin] = checkin_dms(c.alice)
    c.extra["alerts_before_answer"] = len(alerts(c))
    return await c.alice.user.click(checkin, label=answer)


@pytest.mark.parametrize(
    ("answer", "says", "offers"),
    [
        ("Better", "really glad", []),
        ("About the same", "still getting through", ["Check in again tomorrow"]),
        (
            "Worse",
            "sorry it's harder",
            ["Make a safety plan", "Tell the team, with my name", "Tell the team, without my name"],
        ),
        (
            "I'd like someone to reach out",
            "You choose whether they see your name",
            ["Make a safety plan", "Tell the team, with my name", "Tell the team, without my name"],
        ),
    ],
)
async def test_each_answer_gets_its_own_private_reply_and_tells_no_one_by_itself(
    community: Community, answer: str, says: str, offers: list[str]
) -> None:
    c = community
    result = await _answered(c, answer)
    before = c.extra["alerts_before_answer"]
    assert result.ephemeral and says in result.response.content
    for label in offers:
        assert label in labels(result.response)
    if answer in ("Worse", "I'd like someone to reach out"):
        assert result.response.embeds and "People you can reach" in result.response.embeds[0].title
    else:
        assert "Tell the team, with my name" not in labels(result.response)
    assert len(alerts(c)) == before  # no alert without consent
    [checkin] = checkin_dms(c.alice)
    again = await c.alice.user.click(checkin, label="Better")
    assert "already answered" in again.response.content


async def test_telling_the_team_without_a_name_never_names_the_member(community: Community) -> None:
    c = community
    result = await _answered(c, "I'd like someone to reach out")
    before = len(alerts(c))
    told = await c.alice.user.click(result.response, label="Tell the team, without my name")
    assert "They don't know it's you" in told.response.content
    assert len(alerts(c)) == before + 1
    alert = alerts(c)[-1]
    assert str(c.alice.id) not in str(alert.embeds[0].to_dict()) and "alice" not in str(alert.embeds[0].to_dict())
    assert "check-in" in (alert.embeds[0].description or "")
    twice = await c.alice.user.click(result.response, label="Tell the team, with my name")
    assert "already told the team" in twice.response.content
    assert len(alerts(c)) == before + 1


async def test_telling_the_team_with_a_name_shows_who_it_is(community: Community) -> None:
    c = community
    result = await _answered(c, "Worse")
    told = await c.alice.user.click(result.response, label="Tell the team, with my name")
    assert "they can see it's you" in told.response.content
    alert = alerts(c)[-1]
    assert f"<@{c.alice.id}>" in str(alert.embeds[0].to_dict())


async def test_asking_again_plans_one_more_check_in(community: Community) -> None:
    c = community
    result = await _answered(c, "About the same")
    again = await c.alice.user.click(result.response, label="Check in again tomorrow")
    assert "10:00" in again.response.content
    await c.env.advance_time(3 * 3600)
    for _ in range(10):
        await c.env.advance_time(3 * 3600)
    assert len(checkin_dms(c.alice)) == 2


async def test_forgetting_a_member_cancels_their_check_in(community: Community) -> None:
    c = community
    await ask_for_checkin(c)
    due = await due_at(c)
    exported = await c.bot.member_data.export(c.guild.id, c.alice.id)
    [planned] = exported["safety_plan"]["check_ins"]
    assert planned["status"] == "scheduled"
    await c.bot.member_data.delete(None, c.alice.id)
    await until(c, due + timedelta(hours=1))
    assert checkin_dms(c.alice) == []
    assert await c.bot.db.fetchone("SELECT 1 FROM safety_checkins") is None


async def test_a_claim_left_by_a_crash_is_released_and_sent_once_with_a_stable_nonce(community: Community) -> None:
    c = community
    await ask_for_checkin(c)
    due = await due_at(c)
    await until(c, due - timedelta(minutes=10))
    # Another process claimed it and died before sending (or before recording that it sent).
    await c.bot.db.execute("UPDATE safety_checkins SET status = 'sending'")
    await c.restart()
    await until(c, due + timedelta(minutes=5))
    assert len(checkin_dms(c.alice)) == 1
    row = await c.bot.db.fetchone("SELECT id, status FROM safety_checkins")
    assert row is not None and row[1] == "sent"
    sends = [
        r
        for r in c.env.http_requests
        if r.method == "POST"
        and r.path.endswith(f"/channels/{c.alice.user.dm_channel.id}/messages")
        and QUESTION in str(r.json)
    ]
    assert [(s.json["nonce"], s.json.get("enforce_nonce")) for s in sends] == [(f"hearth-checkin-{row[0]}", True)]
    await c.restart()
    await c.env.advance_time(3 * 3600)
    assert len(checkin_dms(c.alice)) == 1


async def test_closed_dms_leave_the_check_in_undelivered_and_it_is_not_retried(community: Community) -> None:
    c = community
    await ask_for_checkin(c)
    c.env.inject_error(
        "POST",
        f"/channels/{c.alice.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )
    await until(c, await due_at(c) + timedelta(hours=30))
    row = await c.bot.db.fetchone("SELECT status FROM safety_checkins")
    assert row is not None and row[0] == "undelivered"


async def test_a_check_in_after_anonymous_text_is_never_linked_to_the_anonymous_alert(community: Community) -> None:
    from tests.behaviour.anon_helpers import share

    c = community
    result = await share(c, c.alice, CRISIS)
    support = next(m for m in [result.response, *result.followups] if m is not None and m.embeds)
    assert "Check in with me tomorrow" in labels(support) and "Make a safety plan" in labels(support)
    for row in support.components:
        for item in row.get("components", []) if isinstance(row, dict) else row.children:
            custom_id = item.get("custom_id") if isinstance(item, dict) else item.custom_id
            if custom_id and custom_id.startswith("hearth:checkin-offer:"):
                # no alert id in it, and no bare user id: a keyed tag of the member it was made for
                assert custom_id == f"hearth:checkin-offer:{c.guild.id}:{owner_tag(c.bot.secret, c.alice.id)}"
                assert str(c.alice.id) not in custom_id
    offered = await c.alice.click(support, label="Check in with me tomorrow")
    assert "10:00" in offered.response.content
    columns = await c.bot.db.column_names("safety_checkins")
    assert not [name for name in columns if "alert" in name or "post" in name], columns
    [alert] = alerts(c)
    assert str(c.alice.id) not in str(alert.embeds[0].to_dict())


async def test_a_check_in_another_process_planned_is_sent_here_though_that_process_stopped(
    community: Community,
) -> None:
    """On a split deployment a member may ask from DMs (shard 0's process answers) and that process may stop
    before the morning; a process running other shards looks at the check-ins every 15 minutes and sends it."""
    c = community
    c.bot.shard_scope = ShardScope(2, (shard_of(c.guild.id, 2),))  # this process runs one shard of two
    await until(c, c.env.now().replace(hour=11))
    await c.alice.slash(c.channels["general"], "checkin off")  # any arming from inside the bot: none pending
    now = c.env.now()
    await c.bot.db.execute(  # planned by the other process, which then stopped: this one never heard of it
        "INSERT INTO safety_checkins (guild_id, user_id, timezone, due_at, requested_at) VALUES (?, ?, 'UTC', ?, ?)",
        (c.guild.id, c.bob.id, iso(now + timedelta(hours=1)), iso(now - timedelta(hours=23))),
    )
    await until(c, now + timedelta(hours=1, minutes=16))
    assert len(checkin_dms(c.bob)) == 1
    row = await c.bot.db.fetchone("SELECT status FROM safety_checkins WHERE user_id = ?", (c.bob.id,))
    assert row is not None and row[0] == "sent"
