"""Data is deleted on time: after a member leaves, after the bot is removed; never if they come back."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import pytest

from cogs.privacy.commands import PrivacyCog
from tests.behaviour.test_privacy import notes
from tests.conftest import Community, advance_in_steps

DAY = 24 * 3600


def privacy_cog(c: Community) -> PrivacyCog:
    """The loaded privacy cog."""
    cog = c.bot.get_cog("PrivacyCog")
    # discord.py imports the extension afresh, so the class differs from the one imported here.
    assert cog is not None and type(cog).__name__ == PrivacyCog.__name__
    return cast(PrivacyCog, cog)


async def test_member_data_is_deleted_after_the_leave_grace_period(community: Community) -> None:
    c = community
    await c.configure(privacy__member_leave_grace_days=30)
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "mine")
    await store.add(c.guild.id, c.alice.id, "infraction", "warned")
    c.guild.remove_member(c.alice)
    await c.env.settle()
    departures = await privacy_cog(c).repository.member_departures()
    assert [(d.guild_id, d.user_id) for d in departures] == [(c.guild.id, c.alice.id)]
    await advance_in_steps(c.env, 29 * DAY)
    assert len(await store.rows(c.alice.id)) == 2
    await c.env.advance_time(2 * DAY)
    # The default policy keeps moderation records; everything else is gone.
    assert await store.rows(c.alice.id) == [(c.guild.id, c.alice.id, "infraction", "warned")]
    assert await privacy_cog(c).repository.member_departures() == []


async def test_coming_back_within_the_grace_period_keeps_everything(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "mine")
    c.guild.remove_member(c.alice)
    await c.env.settle()
    await advance_in_steps(c.env, 10 * DAY)
    c.guild.add_member(c.alice.user, roles=[c.roles["member"]])
    await c.env.settle()
    assert await privacy_cog(c).repository.member_departures() == []
    await advance_in_steps(c.env, 40 * DAY)
    assert await store.rows(c.alice.id) == [(c.guild.id, c.alice.id, "win", "mine")]


async def test_a_member_who_rejoined_while_the_bot_missed_it_is_not_forgotten(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.bob.id, "win", "still here")
    # A departure with no matching join event (e.g. the bot was down when they came back).
    await privacy_cog(c).service.member_left(c.guild.id, c.bob.id)
    await advance_in_steps(c.env, 31 * DAY)
    assert await store.rows(c.bob.id) == [(c.guild.id, c.bob.id, "win", "still here")]
    assert await privacy_cog(c).repository.member_departures() == []


async def test_server_data_is_deleted_30_days_after_the_bot_is_removed(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "mine")
    guild = c.bot.get_guild(c.guild.id)
    assert guild is not None
    await guild.leave()  # the real removal path: DELETE /users/@me/guilds/{id} -> GUILD_DELETE
    await c.env.settle()
    assert [d.guild_id for d in await privacy_cog(c).repository.guild_departures()] == [c.guild.id]
    await advance_in_steps(c.env, 29 * DAY)
    assert await c.bot.guild_settings.repository.load(c.guild.id) is not None
    assert await store.rows() != []
    await c.env.advance_time(2 * DAY)
    assert await c.bot.guild_settings.repository.load(c.guild.id) is None
    assert await c.bot.guild_settings.repository.audit(c.guild.id) == []
    assert await store.rows() == []
    assert await privacy_cog(c).repository.guild_departures() == []
    assert (await c.bot.guild_settings.get(c.guild.id)).channels.wins is None  # the cache forgot it too


async def test_re_adding_the_bot_within_the_grace_period_loses_nothing(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "mine")
    guild = c.bot.get_guild(c.guild.id)
    assert guild is not None
    # SimCord cannot re-add a guild the bot left (its id stays reserved), so the bot's own
    # removal and re-add listeners are called explicitly here.
    await privacy_cog(c).on_guild_remove(guild)
    assert [d.guild_id for d in await privacy_cog(c).repository.guild_departures()] == [c.guild.id]
    await advance_in_steps(c.env, 5 * DAY)
    await privacy_cog(c).on_guild_join(guild)
    assert await privacy_cog(c).repository.guild_departures() == []
    await advance_in_steps(c.env, 40 * DAY)
    assert (await c.bot.guild_settings.get(c.guild.id)).channels.wins == c.channels["wins"].id
    assert await store.rows() == [(c.guild.id, c.alice.id, "win", "mine")]


async def test_parts_retention_tasks_run_daily_and_one_failing_does_not_stop_the_rest(
    community: Community,
) -> None:
    c = community
    seen: list[datetime] = []

    async def broken(now: datetime) -> int:
        raise RuntimeError("part bug")

    async def expire_links(now: datetime) -> int:
        seen.append(now)
        return 3

    c.bot.retention_tasks.extend([broken, expire_links])
    await c.env.advance_time(2 * DAY + 3600)
    assert len(seen) >= 2
    report = await privacy_cog(c).run_retention()
    assert report.failed_tasks == 1 and report.task_rows == 3 and report.vacuumed


async def test_a_deletion_is_followed_by_a_vacuum(community: Community) -> None:
    c = community
    cog = privacy_cog(c)
    await cog.run_retention()
    await cog.service.forget(c.guild.id, c.alice.id)
    report = await cog.run_retention()
    assert report.vacuumed
    assert await cog.repository.free_pages() == 0


@pytest.mark.parametrize("grace_days", [0, 7])
async def test_the_leave_grace_period_follows_the_servers_setting(community: Community, grace_days: int) -> None:
    c = community
    await c.configure(privacy__member_leave_grace_days=grace_days)
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "mine")
    c.guild.remove_member(c.alice)
    await c.env.settle()
    await c.env.advance_time((grace_days + 1) * DAY + 3600)
    assert await store.rows(c.alice.id) == []
