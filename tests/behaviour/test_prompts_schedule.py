"""The daily prompt goes out once per local day: time zones, restarts, downtime, DST, broken channels."""

from __future__ import annotations

from datetime import UTC, date, datetime

import discord
import simcord

from cogs.prompts.store import PromptRepository
from tests.conftest import Community, build_community, configure_all_channels

HOUR = 3600.0


def prompt_posts(channel: simcord.ChannelHandle) -> list[discord.Message]:
    """The bot's daily prompt posts in a channel, oldest first."""
    return [m for m in channel.history() if m.embeds and "reflection" in (m.embeds[0].title or "")]


async def advance_to(c: Community, moment: datetime) -> None:
    """Move virtual time forward to `moment` (UTC-aware)."""
    seconds = (moment - c.env.now()).total_seconds()
    assert seconds >= 0, "time only moves forward"
    if seconds:
        await c.env.advance_time(seconds)


async def arm(c: Community) -> None:
    """Let a moderator pause and resume prompts, so the scheduler is (re)armed from inside the bot.

    SimCord's virtual clock drives only timers the bot created while handling Discord events;
    `configure()` runs in the test's own context, so its scheduler wake-up would wait in real time.
    """
    await c.mod.slash(c.channels["general"], "prompts-admin pause")
    await c.mod.slash(c.channels["general"], "prompts-admin resume")


async def repo_rows(c: Community, guild_id: int) -> list:
    return await PromptRepository(c.bot.db).posts(guild_id, limit=1000, status=None)


async def test_prompt_posts_at_nine_local_in_two_servers_with_different_timezones(community: Community) -> None:
    c = community
    other = build_community(c.env, c.db_path, name="Second Home")
    await c.env.settle()
    await configure_all_channels(other)
    await c.configure(timezone="Europe/Berlin")
    await other.bot.guild_settings.update(other.guild.id, other.mod.id, {"timezone": "America/New_York"})
    berlin, new_york = c.channels["prompts"], other.channels["prompts"]
    await arm(c)

    await advance_to(c, datetime(2026, 1, 1, 7, 59, tzinfo=UTC))  # 08:59 in Berlin
    assert prompt_posts(berlin) == []
    await advance_to(c, datetime(2026, 1, 1, 8, 1, tzinfo=UTC))  # 09:01 in Berlin
    assert len(prompt_posts(berlin)) == 1
    assert prompt_posts(new_york) == []
    await advance_to(c, datetime(2026, 1, 1, 13, 59, tzinfo=UTC))  # 08:59 in New York
    assert prompt_posts(new_york) == []
    await advance_to(c, datetime(2026, 1, 1, 14, 1, tzinfo=UTC))  # 09:01 in New York
    assert len(prompt_posts(new_york)) == 1
    await advance_to(c, datetime(2026, 1, 2, 7, 30, tzinfo=UTC))
    assert (len(prompt_posts(berlin)), len(prompt_posts(new_york))) == (1, 1)
    await advance_to(c, datetime(2026, 1, 2, 14, 30, tzinfo=UTC))
    assert (len(prompt_posts(berlin)), len(prompt_posts(new_york))) == (2, 2)

    first = prompt_posts(berlin)[0]
    assert first.created_at.astimezone(UTC).replace(second=0, microsecond=0) == datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    assert next(t.name for t in berlin.threads).startswith("Thu 01 Jan")


async def test_prompt_posts_once_across_restarts_before_and_after_nine(community: Community) -> None:
    c = community
    await arm(c)
    prompts = c.channels["prompts"]
    await advance_to(c, datetime(2026, 1, 1, 8, 59, tzinfo=UTC))
    await c.restart()
    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 1
    await c.restart()  # 09:01, inside the grace window: the catch-up sees the claim and does nothing
    await advance_to(c, datetime(2026, 1, 1, 23, 0, tzinfo=UTC))
    await c.restart()
    assert len(prompt_posts(prompts)) == 1
    await advance_to(c, datetime(2026, 1, 2, 9, 1, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 2
    rows = await repo_rows(c, c.guild.id)
    assert sorted(r.local_date for r in rows) == [date(2026, 1, 1), date(2026, 1, 2)]


async def test_moving_the_time_after_todays_post_does_not_post_again_today(community: Community) -> None:
    c = community
    await arm(c)
    prompts = c.channels["prompts"]
    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 1
    moved = await c.mod.slash(c.channels["general"], "prompts-admin schedule", time="18:00")
    assert moved.ephemeral
    await advance_to(c, datetime(2026, 1, 1, 18, 5, tzinfo=UTC))  # today's new time: already posted today
    assert len(prompt_posts(prompts)) == 1
    await advance_to(c, datetime(2026, 1, 2, 17, 55, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 1
    await advance_to(c, datetime(2026, 1, 2, 18, 1, tzinfo=UTC))  # tomorrow at the new time
    assert len(prompt_posts(prompts)) == 2


async def test_down_from_eight_to_noon_catches_up_once(community: Community) -> None:
    c = community
    await arm(c)
    prompts = c.channels["prompts"]
    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))  # day one posted normally
    await advance_to(c, datetime(2026, 1, 2, 8, 0, tzinfo=UTC))
    c.bot.scheduler.shutdown()  # the bot is down from 08:00
    await advance_to(c, datetime(2026, 1, 2, 12, 0, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 1
    await c.restart()
    await c.env.settle()
    assert len(prompt_posts(prompts)) == 2
    await advance_to(c, datetime(2026, 1, 2, 23, 0, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 2


async def test_down_until_eight_pm_skips_the_day_and_logs_it(community: Community, caplog) -> None:  # type: ignore[no-untyped-def]
    c = community
    await arm(c)
    prompts = c.channels["prompts"]
    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))
    await advance_to(c, datetime(2026, 1, 2, 8, 0, tzinfo=UTC))
    c.bot.scheduler.shutdown()
    await advance_to(c, datetime(2026, 1, 2, 20, 0, tzinfo=UTC))
    caplog.set_level("WARNING", logger="cogs.prompts.posting")
    await c.restart()
    await c.env.settle()
    assert len(prompt_posts(prompts)) == 1
    assert any("skipped the daily prompt" in r.getMessage() for r in caplog.records)
    rows = {r.local_date: r.status for r in await repo_rows(c, c.guild.id)}
    assert rows == {date(2026, 1, 1): "posted", date(2026, 1, 2): "skipped"}
    assert "skipped" in (c.channels["mod-log"].last_message.embeds[0].title or "").lower()
    await advance_to(c, datetime(2026, 1, 3, 9, 1, tzinfo=UTC))
    assert len(prompt_posts(prompts)) == 2


async def test_removed_permission_alerts_mod_log_once_and_other_servers_still_post(community: Community) -> None:
    c = community
    other = build_community(c.env, c.db_path, name="Second Home")
    await c.env.settle()
    await configure_all_channels(other)
    bot_guild = c.bot.get_guild(c.guild.id)
    assert bot_guild is not None
    channel = c.bot.get_channel(c.channels["prompts"].id)
    assert isinstance(channel, discord.TextChannel)
    await channel.set_permissions(bot_guild.me, create_public_threads=False)
    await arm(c)

    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))
    assert prompt_posts(c.channels["prompts"]) == []
    assert len(prompt_posts(other.channels["prompts"])) == 1
    alerts = [
        m for m in c.channels["mod-log"].history() if m.embeds and "couldn't be posted" in (m.embeds[0].title or "")
    ]
    assert len(alerts) == 1
    assert "**Create Public Threads**" in (alerts[0].embeds[0].description or "")
    rows = await repo_rows(c, c.guild.id)
    assert [r.status for r in rows] == ["failed"]

    await advance_to(c, datetime(2026, 1, 2, 9, 1, tzinfo=UTC))  # still broken: no second alert
    alerts = [
        m for m in c.channels["mod-log"].history() if m.embeds and "couldn't be posted" in (m.embeds[0].title or "")
    ]
    assert len(alerts) == 1
    assert len(prompt_posts(other.channels["prompts"])) == 2


async def test_deleted_prompt_channel_alerts_and_other_servers_still_post(community: Community) -> None:
    c = community
    other = build_community(c.env, c.db_path, name="Second Home")
    await c.env.settle()
    await configure_all_channels(other)
    channel = c.bot.get_channel(c.channels["prompts"].id)
    assert isinstance(channel, discord.TextChannel)
    await channel.delete()
    await c.env.settle()
    await arm(c)

    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))
    assert len(prompt_posts(other.channels["prompts"])) == 1
    alert = c.channels["mod-log"].last_message
    assert alert is not None and "no longer exists" in (alert.embeds[0].description or "")
    assert [r.status for r in await repo_rows(c, c.guild.id)] == ["failed"]


async def test_prompt_ping_mentions_only_the_configured_role(community: Community) -> None:
    c = community
    ping = c.guild.create_role("Daily prompt")
    await c.configure(roles__prompt_ping=ping.id)
    await arm(c)
    await advance_to(c, datetime(2026, 1, 1, 9, 1, tzinfo=UTC))
    posts = [
        r
        for r in c.env.http_requests
        if r.method == "POST" and r.path.endswith(f"/channels/{c.channels['prompts'].id}/messages")
    ]
    assert len(posts) == 1
    mentions = posts[0].json["allowed_mentions"]
    assert mentions["parse"] == []
    assert [int(r) for r in mentions["roles"]] == [ping.id]
    assert not mentions.get("users")
