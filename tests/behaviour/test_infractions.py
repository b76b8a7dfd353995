"""/mod warn, timeout, untimeout, note, history: stored, logged, private, and refused precisely when not allowed."""

from __future__ import annotations

import discord
import pytest

from cogs.moderation.hierarchy import Standing, refusal
from tests.conftest import Community


def bot_dms(actor) -> list[discord.Message]:  # type: ignore[no-untyped-def]
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


def log_titles(c: Community) -> list[str]:
    return [m.embeds[0].title or "" for m in c.channels["mod-log"].history() if m.embeds]


async def test_warn_stores_it_tells_the_member_respectfully_and_logs_it(community: Community) -> None:
    c = community
    result = await c.mod.slash(
        c.channels["general"], "mod warn", member=c.bob, reason="Guideline 3: no @everyone pings"
    )
    assert result.ephemeral and "Warned bob" in result.response.content and "told privately" in result.response.content
    [dm] = bot_dms(c.bob)
    assert "Guideline 3" in dm.content and "welcome here" in dm.content
    assert "Member warned" in log_titles(c)


async def test_timeout_uses_discords_timeout_and_untimeout_lifts_it(community: Community) -> None:
    c = community
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=c.bob, duration="2h", reason="cool off")
    assert "Timed bob out for 2 hours" in result.response.content
    member = c.bot.get_guild(c.guild.id).get_member(c.bob.id)  # type: ignore[union-attr]
    assert member is not None and member.is_timed_out()
    result = await c.mod.slash(c.channels["general"], "mod untimeout", member=c.bob)
    assert "Lifted bob's timeout" in result.response.content
    member = c.bot.get_guild(c.guild.id).get_member(c.bob.id)  # type: ignore[union-attr]
    assert member is not None and not member.is_timed_out()
    assert {"Member timed out", "Timeout lifted"} <= set(log_titles(c))


async def test_a_duration_that_makes_no_sense_gets_a_specific_message(community: Community) -> None:
    c = community
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=c.bob, duration="forever")
    assert result.ephemeral and "a length is needed here" in result.response.content
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=c.bob, duration="soon")
    assert result.ephemeral and "'soon' is not a duration I understand" in result.response.content
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=c.bob, duration="30d")
    assert "at most 28 days" in result.response.content


async def test_a_moderator_cannot_time_out_an_admin_above_them(community: Community) -> None:
    c = community
    admins = c.guild.create_role("Admins", permissions=discord.Permissions(administrator=True), position=5)
    boss = c.guild.add_member(c.env.create_user("boss"), roles=[admins])
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=boss, duration="1h")
    assert result.ephemeral and "boss is a server admin" in result.response.content
    member = c.bot.get_guild(c.guild.id).get_member(boss.id)  # type: ignore[union-attr]
    assert member is not None and not member.is_timed_out()


async def test_a_moderator_cannot_act_on_an_equal_and_the_bot_says_when_its_role_is_too_low(
    community: Community,
) -> None:
    c = community
    other_mod = c.guild.add_member(c.env.create_user("max"), roles=[c.roles["moderator"]])
    result = await c.mod.slash(c.channels["general"], "mod warn", member=other_mod, reason="x")
    assert "**Moderators**) is the same as or above yours" in result.response.content
    high = c.guild.create_role("Veterans", position=10)
    veteran = c.guild.add_member(c.env.create_user("vera"), roles=[high])
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=veteran, duration="1h")
    assert "**Veterans**) is the same as or above yours" in result.response.content


async def test_note_and_paginated_private_history(community: Community) -> None:
    c = community
    for n in range(6):
        await c.mod.slash(c.channels["general"], "mod note", member=c.bob, text=f"note {n}")
    assert bot_dms(c.bob) == []  # notes are not sent to the member
    result = await c.mod.slash(c.channels["general"], "mod history", member=c.bob)
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert "note 5" in (embed.description or "") and "note 0" not in (embed.description or "")
    assert "Page 1 of 2" in (embed.footer.text or "")
    page = await c.mod.click(result.response.message, label="Next")
    assert "note 0" in (page.response.embeds[0].description or "")


async def test_members_are_refused_mod_commands(community: Community) -> None:
    c = community
    assert not any(name.startswith("mod ") for name in c.alice.available_commands(c.channels["general"]))
    commands = await c.bot.tree.fetch_commands()
    mod = next(cmd for cmd in commands if cmd.name == "mod")
    c.guild.set_command_permissions(mod, {c.roles["member"]: True})
    result = await c.alice.slash(c.channels["general"], "mod warn", member=c.bob, reason="x")
    assert result.ephemeral and "for moderators" in result.response.content
    assert bot_dms(c.bob) == []


def standing(id: int, position: int, **flags: bool) -> Standing:
    return Standing(id=id, name=f"m{id}", top_role_name=f"r{position}", top_role_position=position, **flags)


@pytest.mark.parametrize(
    ("target", "needs_bot", "expected"),
    [
        (standing(2, 1), True, None),
        (standing(1, 1), True, "yourself"),
        (standing(2, 1, is_admin=True), True, "server admin"),
        (standing(2, 5), True, "above yours"),
        (standing(2, 4), True, "above mine"),
        (standing(2, 4), False, None),
    ],
)
def test_hierarchy_refusals_name_the_reason(target: Standing, needs_bot: bool, expected: str | None) -> None:
    actor, me = standing(1, 5), standing(9, 4)
    reason = refusal(actor, target, me, needs_bot=needs_bot)
    assert (reason is None) if expected is None else (reason is not None and expected in reason)


async def test_forgetting_a_member_keeps_infractions_only_if_the_server_chose_to(community: Community) -> None:
    c = community
    await c.mod.slash(c.channels["general"], "mod note", member=c.bob, text="kept")
    exported = await c.bot.member_data.export(c.guild.id, c.bob.id)
    assert [i["reason"] for i in exported["moderation"]["infractions"]] == ["kept"]
    await c.bot.member_data.delete(c.guild.id, c.bob.id)
    assert len(await c.bot.db.fetchall("SELECT id FROM infractions")) == 1
    await c.configure(privacy__keep_infractions_on_forget=False)
    await c.bot.member_data.delete(c.guild.id, c.bob.id)
    assert await c.bot.db.fetchall("SELECT id FROM infractions") == []
