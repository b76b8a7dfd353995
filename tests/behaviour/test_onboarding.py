"""New members are welcomed with the guidelines and get the member role by pressing "I agree"."""

from __future__ import annotations

from typing import Any

import simcord

from cogs.onboarding.store import OnboardingRepository
from tests.conftest import Community


def _posts_to(c: Community, channel_id: int) -> list[Any]:
    return [r for r in c.env.http_requests if r.method == "POST" and r.path == f"/channels/{channel_id}/messages"]


def _has_role(c: Community, actor: simcord.MemberActor, role: str) -> bool:
    member = actor.member
    assert member is not None
    return member.get_role(c.roles[role].id) is not None


async def test_new_member_is_welcomed_with_guidelines_and_only_they_are_pinged(community: Community) -> None:
    c = community
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    welcome = c.channels["welcome"].last_message
    assert welcome is not None
    assert nia.mention in welcome.content
    assert "How we look after each other" in welcome.embeds[0].description
    assert welcome.components[0].children[0].label == "I agree"
    [request] = _posts_to(c, c.channels["welcome"].id)
    mentions = request.json["allowed_mentions"]
    assert mentions["parse"] == []
    assert [int(u) for u in mentions["users"]] == [nia.id]


async def test_i_agree_grants_the_member_role_after_a_restart(community: Community) -> None:
    c = community
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    welcome = c.channels["welcome"].last_message
    await c.restart()
    result = await nia.click(welcome, label="I agree")
    assert result.ephemeral
    assert "You now have the **Members** role" in result.response.content
    assert _has_role(c, nia, "member")
    assert await OnboardingRepository(c.bot.db).agreement(c.guild.id, nia.id) is not None
    export = await c.bot.member_data.export(c.guild.id, nia.id)
    assert export["onboarding"]["guidelines_agreed"][0]["guild_id"] == c.guild.id


async def test_a_member_who_already_has_the_role_is_told_so(community: Community) -> None:
    c = community
    c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    result = await c.alice.click(c.channels["welcome"].last_message, label="I agree")
    assert "already have the **Members** role" in result.response.content


async def test_another_newcomer_without_the_role_can_press_an_earlier_welcome(community: Community) -> None:
    c = community
    c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    first_welcome = c.channels["welcome"].last_message
    omar = c.guild.add_member(c.env.create_user("omar"))
    await c.env.settle()
    result = await omar.click(first_welcome, label="I agree")
    assert "You now have" in result.response.content
    assert _has_role(c, omar, "member")


async def test_too_new_account_is_told_the_date_and_gets_no_role(community: Community) -> None:
    c = community
    await c.configure(onboarding__min_account_age_days=7)
    nia = c.guild.add_member(c.env.create_user("nia"))  # created just now
    await c.env.settle()
    result = await nia.click(c.channels["welcome"].last_message, label="I agree")
    assert result.ephemeral
    assert "at least 7 days old" in result.response.content
    assert "8 January 2026" in result.response.content  # SimCord's clock starts on 1 January 2026
    assert not _has_role(c, nia, "member")
    await c.env.advance_time(7 * 24 * 3600 + 60)
    again = await nia.click(c.channels["welcome"].last_message, label="I agree")
    assert "You now have" in again.response.content
    assert _has_role(c, nia, "member")


async def test_member_role_above_the_bot_gets_a_precise_message_and_a_mod_log_note(community: Community) -> None:
    c = community
    high = c.guild.create_role("Elders", position=50)
    await c.configure(roles__member=high.id)
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    result = await nia.click(c.channels["welcome"].last_message, label="I agree")
    assert result.ephemeral
    assert "sits above my own role" in result.response.content
    note = c.channels["mod-log"].last_message
    assert note is not None and "above my highest role" in note.embeds[0].description


async def test_missing_manage_roles_gets_a_precise_message_and_a_mod_log_note(community: Community) -> None:
    c = community
    me = c.bot.get_guild(c.guild.id).me  # type: ignore[union-attr]
    perms = me.top_role.permissions
    perms.manage_roles = False
    # A server admin takes Manage Roles away from the bot's role in Discord's settings.
    c.env.backend.edit_role(c.guild.id, me.top_role.id, {"permissions": perms.value})
    await c.env.settle()
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    result = await nia.click(c.channels["welcome"].last_message, label="I agree")
    assert "missing the **Manage Roles** permission" in result.response.content
    assert "Manage Roles" in c.channels["mod-log"].last_message.embeds[0].description  # type: ignore[union-attr]
    assert not _has_role(c, nia, "member")


async def test_dm_welcome_mode_sends_the_guidelines_privately_and_the_button_works(community: Community) -> None:
    c = community
    await c.configure(onboarding__welcome_mode="dm")
    user = c.env.create_user("nia")
    nia = c.guild.add_member(user)
    await c.env.settle()
    dm = user.dm_channel.last_message
    assert dm is not None and dm.embeds and "Hearth Test" in dm.content
    assert c.channels["welcome"].last_message is None
    result = await user.click(dm, label="I agree")
    assert "You now have" in result.response.content
    assert _has_role(c, nia, "member")


async def test_dm_welcome_falls_back_to_the_channel_when_dms_are_closed(community: Community) -> None:
    c = community
    await c.configure(onboarding__welcome_mode="dm")
    c.env.inject_error(
        "POST", "/channels/*/messages", status=403, code=50007, message="Cannot send messages to this user"
    )
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    welcome = c.channels["welcome"].last_message
    assert welcome is not None and nia.mention in welcome.content


async def test_unusable_welcome_channel_is_noted_in_the_mod_log(community: Community) -> None:
    c = community
    guild = c.bot.get_guild(c.guild.id)
    assert guild is not None
    await guild.get_channel(c.channels["welcome"].id).set_permissions(guild.me, send_messages=False)  # type: ignore[union-attr]
    c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    note = c.channels["mod-log"].last_message
    assert note is not None and "couldn't welcome" in note.embeds[0].description
    assert "Send Messages" in note.embeds[0].description


async def test_onboarding_switched_off_sends_no_welcome(community: Community) -> None:
    c = community
    await c.configure(features__onboarding=False)
    c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    assert c.channels["welcome"].last_message is None


async def test_forgetting_a_member_removes_their_agreement(community: Community) -> None:
    c = community
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    await nia.click(c.channels["welcome"].last_message, label="I agree")
    await c.bot.member_data.delete(c.guild.id, nia.id)
    assert await OnboardingRepository(c.bot.db).agreement(c.guild.id, nia.id) is None
