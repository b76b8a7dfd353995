"""The spam guard removes mass mentions and repeats, times the member out, alerts, and undoes in one press."""

from __future__ import annotations

from typing import Any

import discord

from cogs.spamguard.store import SpamGuardRepository
from tests.conftest import Community


def _alert(c: Community) -> discord.Message:
    message = c.channels["mod-alerts"].last_message
    assert message is not None and message.embeds and message.embeds[0].title == "Spam guard acted"
    return message


def _timed_out(c: Community, actor: Any) -> bool:
    """What Discord itself holds (not the bot's cache, which is cold after a restart)."""
    until = c.env.backend.get_member(c.guild.id, actor.id).timed_out_until
    return until is not None and discord.utils.parse_time(until) > c.env.now()


def _sends_to(c: Community, channel_id: int) -> list[Any]:
    return [r for r in c.env.http_requests if r.method == "POST" and r.path == f"/channels/{channel_id}/messages"]


async def test_mass_mentions_are_removed_with_a_timeout_and_an_alert_without_pings(community: Community) -> None:
    c = community
    extras = [c.guild.add_member(c.env.create_user(f"user{i}")) for i in range(4)]
    pings = " ".join(m.mention for m in [c.mod, c.supporter, *extras])
    spam = await c.bob.send(c.channels["general"], f"look at this {pings}")
    assert spam.id not in [m.id for m in c.channels["general"].history()]
    assert _timed_out(c, c.bob)
    alert = _alert(c)
    text = str(alert.embeds[0].to_dict())
    assert "mentioned 6 people or roles" in text
    assert c.mod.mention not in text  # the copy of what they sent has inert mentions
    assert alert.components[0].children[0].label == "Undo"
    for request in _sends_to(c, c.channels["mod-alerts"].id):
        assert request.json["allowed_mentions"] == {"parse": []}
    actions = await SpamGuardRepository(c.bot.db).for_member(c.guild.id, c.bob.id)
    assert [a.reason for a in actions] == ["mass_mentions"]


async def test_an_everyone_attempt_by_a_member_is_removed(community: Community) -> None:
    c = community
    await c.bob.send(c.channels["general"], "@everyone free stuff here")
    assert _timed_out(c, c.bob)
    assert "@everyone" in _alert(c).embeds[0].fields[1].value


async def test_three_identical_messages_within_a_minute_are_all_removed(community: Community) -> None:
    c = community
    sent = []
    for _ in range(3):
        sent.append(await c.bob.send(c.channels["general"], "Buy   cheap followers"))
        await c.env.advance_time(10)
    remaining = {m.id for m in c.channels["general"].history()}
    assert not {m.id for m in sent} & remaining
    assert _timed_out(c, c.bob)
    assert "same message 3 times" in str(_alert(c).embeds[0].to_dict())


async def test_the_same_text_in_three_channels_counts_as_spam(community: Community) -> None:
    c = community
    for name in ("general", "wins", "resources"):
        await c.bob.send(c.channels[name], "join my server")
        await c.env.advance_time(90)  # slower than the one-minute rule
    assert _timed_out(c, c.bob)
    assert "in 3 channel(s)" in str(_alert(c).embeds[0].to_dict())


async def test_ordinary_conversation_and_slow_repeats_are_left_alone(community: Community) -> None:
    c = community
    await c.bob.send(c.channels["general"], f"thanks {c.alice.mention} and {c.mod.mention}")
    for _ in range(3):
        await c.bob.send(c.channels["general"], "good morning")
        await c.env.advance_time(120)
    assert not _timed_out(c, c.bob)
    assert c.channels["mod-alerts"].last_message is None


async def test_someone_repeating_a_cry_for_help_is_never_timed_out(community: Community) -> None:
    c = community
    for _ in range(3):
        await c.bob.send(c.channels["general"], "i want to kill myself")
    assert not _timed_out(c, c.bob)
    assert await SpamGuardRepository(c.bot.db).for_member(c.guild.id, c.bob.id) == []


async def test_moderators_are_not_limited(community: Community) -> None:
    c = community
    await c.mod.send(c.channels["general"], "@everyone the server is moving")
    assert c.channels["mod-alerts"].last_message is None


async def test_one_press_of_undo_lifts_the_timeout_and_records_who_after_a_restart(community: Community) -> None:
    c = community
    await c.bob.send(c.channels["general"], "@here wake up")
    alert = _alert(c)
    await c.restart()
    result = await c.mod.click(alert, label="Undo")
    assert not _timed_out(c, c.bob)
    [action] = await SpamGuardRepository(c.bot.db).for_member(c.guild.id, c.bob.id)
    assert action.undone_by == c.mod.id and action.undone_at is not None
    updated = c.channels["mod-alerts"].last_message
    assert updated is not None and not updated.components
    assert "Undone" in [field.name for field in updated.embeds[0].fields]
    assert result.followups and "timeout is lifted" in result.followups[0].content
    assert "undid" in c.channels["mod-log"].last_message.embeds[0].description  # type: ignore[union-attr]


async def test_a_member_cannot_press_undo(community: Community) -> None:
    c = community
    await c.bob.send(c.channels["general"], "@here wake up")
    result = await c.alice.click(_alert(c), label="Undo")
    assert result.ephemeral and "for moderators" in result.response.content
    assert _timed_out(c, c.bob)
    [action] = await SpamGuardRepository(c.bot.db).for_member(c.guild.id, c.bob.id)
    assert action.undone_by is None


async def test_missing_timeout_permission_is_said_plainly_and_offers_no_undo(community: Community) -> None:
    c = community
    me = c.bot.get_guild(c.guild.id).me  # type: ignore[union-attr]
    perms = me.top_role.permissions
    perms.moderate_members = False
    c.env.backend.edit_role(c.guild.id, me.top_role.id, {"permissions": perms.value})
    await c.env.settle()
    await c.bob.send(c.channels["general"], "@everyone hello")
    alert = _alert(c)
    assert "could not time them out" in str(alert.embeds[0].to_dict())
    assert "Timeout Members" in str(alert.embeds[0].to_dict())
    assert not alert.components
    assert not _timed_out(c, c.bob)


async def test_switching_the_guard_off_stops_it(community: Community) -> None:
    c = community
    await c.configure(safety__spam_guard=False)
    await c.bob.send(c.channels["general"], "@everyone hello")
    assert not _timed_out(c, c.bob)


async def test_the_member_can_export_and_delete_the_record(community: Community) -> None:
    c = community
    await c.bob.send(c.channels["general"], "@everyone hello")
    export = await c.bot.member_data.export(c.guild.id, c.bob.id)
    assert export["spam_guard"]["spam_guard_actions"][0]["reason"] == "everyone"
    assert "hello" not in str(export)  # the text itself is never stored
    await c.bot.member_data.delete(c.guild.id, c.bob.id)
    assert await SpamGuardRepository(c.bot.db).for_member(c.guild.id, c.bob.id) == []
