"""Anyone can read the guidelines privately; only admins can edit or reset them."""

from __future__ import annotations

import discord

from tests.conftest import Community


async def _make_admin(c: Community) -> object:
    admins = c.guild.create_role("Admins", permissions=discord.Permissions(administrator=True))
    return c.guild.add_member(c.env.create_user("ada"), roles=[admins])


async def test_anyone_reads_the_guidelines_privately(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "guidelines show")
    assert result.ephemeral
    assert "How we look after each other" in result.response.embeds[0].description
    assert not result.response.message.components  # alice already has the member role


async def test_admin_edits_the_guidelines_and_new_members_see_them_without_pings(community: Community) -> None:
    c = community
    ada = await _make_admin(c)
    shown = await ada.slash(c.channels["general"], "guidelines-admin edit")  # type: ignore[attr-defined]
    assert shown.modal is not None
    result = await ada.submit_modal(  # type: ignore[attr-defined]
        shown, {"guidelines": "Be gentle. Ask @everyone before sharing <@&123>."}
    )
    assert result.ephemeral and "Saved" in result.response.content
    settings = await c.bot.guild_settings.get(c.guild.id)
    assert settings.onboarding.guidelines == "Be gentle. Ask @everyone before sharing <@&123>."
    assert "guidelines" in c.channels["mod-log"].last_message.embeds[0].description  # type: ignore[union-attr]
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    welcome = c.channels["welcome"].last_message
    assert welcome is not None
    text = welcome.embeds[0].description
    assert "Be gentle." in text and "@everyone" not in text and "<@&123>" not in text
    assert not welcome.mention_everyone and welcome.role_mentions == []
    assert [m.id for m in welcome.mentions] == [nia.id]


async def test_the_editor_opens_with_the_current_text(community: Community) -> None:
    c = community
    ada = await _make_admin(c)
    await c.configure(onboarding__guidelines="Our own words.")
    shown = await ada.slash(c.channels["general"], "guidelines-admin edit")  # type: ignore[attr-defined]
    assert shown.modal is not None
    field = _find_input(shown.modal, "guidelines")
    assert field["value"] == "Our own words."
    assert field["max_length"] == 3500


def _find_input(node: object, custom_id: str) -> dict[str, object]:
    """The text input with that custom id anywhere in a raw modal payload."""
    if isinstance(node, dict):
        if node.get("custom_id") == custom_id and "style" in node:
            return node
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        children = []
    for child in children:
        try:
            return _find_input(child, custom_id)
        except LookupError:
            continue
    raise LookupError(custom_id)


async def test_a_member_cannot_edit_or_reset_the_guidelines(community: Community) -> None:
    c = community
    await c.configure(onboarding__guidelines="Our own words.")
    commands = await c.bot.tree.fetch_commands()
    admin = next(cmd for cmd in commands if cmd.name == "guidelines-admin")
    c.guild.set_command_permissions(admin, {c.roles["member"]: True, c.roles["moderator"]: True})
    edit = await c.alice.slash(c.channels["general"], "guidelines-admin edit")
    assert edit.ephemeral and edit.modal is None
    assert "server admins" in edit.response.content
    reset = await c.mod.slash(c.channels["general"], "guidelines-admin reset")  # a moderator is not an admin
    assert "server admins" in reset.response.content
    assert (await c.bot.guild_settings.get(c.guild.id)).onboarding.guidelines == "Our own words."


async def test_admin_resets_to_the_default_guidelines(community: Community) -> None:
    c = community
    ada = await _make_admin(c)
    await c.configure(onboarding__guidelines="Temporary words.")
    result = await ada.slash(c.channels["general"], "guidelines-admin reset")  # type: ignore[attr-defined]
    assert "default" in result.response.content
    assert (await c.bot.guild_settings.get(c.guild.id)).onboarding.guidelines is None
    shown = await c.alice.slash(c.channels["general"], "guidelines show")
    assert "How we look after each other" in shown.response.embeds[0].description


async def test_a_newcomer_without_the_role_can_agree_from_guidelines_show(community: Community) -> None:
    c = community
    nia = c.guild.add_member(c.env.create_user("nia"))
    await c.env.settle()
    shown = await nia.slash(c.channels["general"], "guidelines show")
    result = await nia.click(shown.response.message, label="I agree")
    assert "You now have" in result.response.content
