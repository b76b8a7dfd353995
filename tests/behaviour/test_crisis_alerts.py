"""Crisis language in a channel: the writer gets help privately, moderators get one alert, nothing is public."""

from __future__ import annotations

from typing import Any

import discord
import simcord

from cogs.safety.api import assess
from cogs.safety.response import CrisisSignal
from tests.conftest import Community

CRISIS = "I have the pills ready and I am going to end it tonight"
CONCERN = "I feel so hopeless lately"
HYPERBOLE = "this breakup is killing me, honestly"


def alerts(c: Community) -> list[discord.Message]:
    """Alert messages (those with an embed) in the mod-alert channel."""
    return [
        m
        for m in c.channels["mod-alerts"].history()
        if m.embeds and m.embeds[0].title and m.embeds[0].title.startswith(("Crisis", "Concern"))
    ]


def dms(actor: simcord.MemberActor) -> list[discord.Message]:
    """What the bot has sent to a member privately."""
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


def close_dms(c: Community, actor: simcord.MemberActor) -> None:
    """The member does not accept DMs from server members (Discord answers 50007)."""
    c.env.inject_error(
        "POST",
        f"/channels/{actor.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value for f in embed.fields if f.name == name) or ""


async def test_crisis_message_gets_one_private_dm_with_country_lines_and_one_alert(community: Community) -> None:
    c = community
    await c.configure(country="DE")
    sent = await c.alice.send(c.channels["general"], CRISIS)
    [dm] = dms(c.alice)
    assert "you don't have to carry it alone" in dm.content
    assert "Germany" in dm.embeds[0].title
    assert any(item.label.startswith("I'd like someone") for row in dm.components for item in row.children)
    [alert] = alerts(c)
    embed = alert.embeds[0]
    assert sent.jump_url in field(embed, "Where")
    assert field(embed, "Level") == "crisis"
    assert "plan or method" in field(embed, "What it sounded like")
    assert f"<@{c.alice.id}>" in field(embed, "Writer")
    labels = [item.label for row in alert.components for item in row.children]
    assert labels == ["Acknowledge", "Resolved", "Escalated"]
    # nothing in the channel but alice's own message
    assert [m.id for m in c.channels["general"].history(viewer=c.bob)] == [sent.id]


async def test_alert_pings_only_the_team_roles_and_contains_no_member_text(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS + " @everyone")
    posts = [
        r
        for r in c.env.http_requests
        if r.method == "POST"
        and r.path == f"/channels/{c.channels['mod-alerts'].id}/messages"
        and "Crisis language" in str(r.json)
    ]
    [post] = posts  # the spam guard may also alert about the @everyone attempt; that post is its own test
    mentions = post.json["allowed_mentions"]
    assert sorted(int(r) for r in mentions["roles"]) == sorted([c.roles["moderator"].id, c.roles["peer_supporter"].id])
    assert mentions.get("parse", []) == [] and not mentions.get("users")
    assert "pills" not in str(post.json) and "everyone" not in post.json["content"].replace("@everyone", "")


async def test_closed_dms_mean_an_alert_only_and_nothing_public(community: Community) -> None:
    c = community
    close_dms(c, c.alice)
    sent = await c.alice.send(c.channels["general"], CRISIS)
    assert len(alerts(c)) == 1
    assert [m.id for m in c.channels["general"].history(viewer=c.bob)] == [sent.id]
    assert dms(c.alice) == []


async def test_second_crisis_message_within_cooldown_alerts_again_but_sends_no_second_dm(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    await c.alice.send(c.channels["general"], "I want to kill myself tonight")
    assert len(alerts(c)) == 2
    assert len(dms(c.alice)) == 1
    await c.env.advance_time(6 * 3600 + 60)
    await c.alice.send(c.channels["general"], "I want to kill myself tonight")
    assert len(dms(c.alice)) == 2


async def test_one_alert_per_message_however_often_it_is_raised(community: Community) -> None:
    c = community
    signal = CrisisSignal(
        guild_id=c.guild.id,
        source="message",
        assessment=assess(CRISIS),
        channel_id=c.channels["general"].id,
        message_id=12345,
        jump_url="https://x",
        writer_id=c.bob.id,
    )
    first = await c.bot.crisis_alerts.raise_alert(signal)  # type: ignore[union-attr]
    second = await c.bot.crisis_alerts.raise_alert(signal)  # type: ignore[union-attr]
    assert first == second and first is not None
    assert len(alerts(c)) == 1


async def test_hyperbole_and_ordinary_heartbreak_are_left_alone(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], HYPERBOLE)
    await c.alice.send(c.channels["general"], "my phone is dying and I would never hurt myself")
    assert alerts(c) == [] and dms(c.alice) == []


async def test_concern_alerts_only_when_the_server_enabled_them(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CONCERN)
    assert alerts(c) == []
    await c.configure(safety__concern_alerts=True)
    await c.alice.send(c.channels["general"], CONCERN)
    [alert] = alerts(c)
    assert field(alert.embeds[0], "Level") == "concern"
    assert dms(c.alice) == []


async def test_switched_off_or_out_of_scope_channels_are_not_read(community: Community) -> None:
    c = community
    await c.configure(safety__scope="listed", safety__channels=[c.channels["prompts"].id])
    await c.alice.send(c.channels["general"], CRISIS)
    assert alerts(c) == []
    await c.alice.send(c.channels["prompts"], CRISIS)
    assert len(alerts(c)) == 1
    await c.configure(features__safety=False)
    await c.alice.send(c.channels["prompts"], "I want to kill myself tonight")
    assert len(alerts(c)) == 1


async def test_alert_is_acknowledged_after_a_restart_recording_who_and_when(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    await c.restart()
    [alert] = alerts(c)
    await c.supporter.click(alert, label="Acknowledge")
    [alert] = alerts(c)
    assert field(alert.embeds[0], "Status") == "acknowledged"
    assert f"Acknowledged by <@{c.supporter.id}>" in field(alert.embeds[0], "Handled")
    await c.mod.click(alert, label="Resolved")
    [alert] = alerts(c)
    assert field(alert.embeds[0], "Status") == "resolved"
    assert "Crisis alert #1 resolved" in [m.embeds[0].title for m in c.channels["mod-log"].history() if m.embeds]


async def test_members_cannot_handle_alerts(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    [alert] = alerts(c)
    result = await c.bob.click(alert, label="Acknowledge")
    assert result.ephemeral and "peer supporters and moderators" in result.response.content
    assert field(alerts(c)[0].embeds[0], "Status") == "open"


def repings(c: Community) -> list[discord.Message]:
    return [m for m in c.channels["mod-alerts"].history() if "hasn't been acknowledged" in m.content]


async def test_unacknowledged_alert_repings_the_team_once_after_the_configured_time(community: Community) -> None:
    c = community
    await c.configure(safety__repings_after_minutes=5)
    await c.alice.send(c.channels["general"], CRISIS)
    await c.env.advance_time(4 * 60)
    assert repings(c) == []
    await c.env.advance_time(2 * 60)
    [ping] = repings(c)
    assert f"<@&{c.roles['moderator'].id}>" in ping.content
    await c.env.advance_time(60 * 60)
    assert len(repings(c)) == 1


async def test_acknowledged_alert_is_not_repinged(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    await c.mod.click(alerts(c)[0], label="Acknowledge")
    await c.env.advance_time(30 * 60)
    assert repings(c) == []


async def test_pending_reping_survives_a_restart(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    await c.env.advance_time(3 * 60)
    await c.restart()
    await c.env.advance_time(8 * 60)
    assert len(repings(c)) == 1


async def test_anonymous_signal_never_names_the_writer_until_they_ask_for_a_check_in(community: Community) -> None:
    c = community
    signal = CrisisSignal(guild_id=c.guild.id, source="anonymous", assessment=assess(CRISIS), anonymous_post_id=7)
    alert_id = await c.bot.crisis_alerts.raise_alert(signal)  # type: ignore[union-attr]
    [alert] = alerts(c)
    assert str(c.alice.id) not in str(alert.embeds[0].to_dict()) and "Anonymous" in field(alert.embeds[0], "Writer")
    assert alert_id is not None
    user: Any = c.bot.get_user(c.alice.id)
    assert await c.bot.crisis_alerts.request_check_in(c.guild.id, alert_id, user)  # type: ignore[union-attr]
    [alert] = alerts(c)
    assert f"<@{c.alice.id}> asked for someone to check in" in field(alert.embeds[0], "Handled")
    assert any("asked for someone from the team to check in" in m.content for m in c.channels["mod-alerts"].history())


async def test_check_in_button_in_the_dm_reaches_the_alert(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    [dm] = dms(c.alice)
    result = await c.alice.user.click(dm, label="I'd like someone from the team to check in with me")
    assert result.ephemeral and "A moderator will reach out" in result.response.content
    [alert] = alerts(c)
    assert f"<@{c.alice.id}> asked for someone to check in" in field(alert.embeds[0], "Handled")
