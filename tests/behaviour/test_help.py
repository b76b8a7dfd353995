"""/help lists, privately, the commands the caller may use, read from the command tree so it cannot drift."""

from __future__ import annotations

from discord import app_commands

from bot.surface.permissions import Tier, command_tier
from cogs.help import messages as help_words
from tests.behaviour.test_command_visibility import slash_leaves
from tests.conftest import Community


def _text(result: object) -> str:
    return "\n".join(str(embed.to_dict()) for embed in result.response.embeds)  # type: ignore[attr-defined]


def _roots(community: Community, *, up_to: Tier, exactly: bool = False) -> set[str]:
    return {
        root.name
        for _name, command, root in slash_leaves(community)
        if (command_tier(command) == up_to if exactly else command_tier(command) <= up_to)
    }


async def test_a_members_help_lists_every_members_command_and_no_moderators_one(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "help")
    assert result.ephemeral
    text = _text(result)
    for root in _roots(c, up_to=Tier.MEMBER):
        assert f"`/{root}`" in text, root
    for root in _roots(c, up_to=Tier.MODERATOR, exactly=True) - _roots(c, up_to=Tier.MEMBER):
        assert f"`/{root}`" not in text, root
    assert help_words.SECTION[Tier.MODERATOR] not in text
    assert "Report to moderators" in text and "Reply anonymously" in text
    assert help_words.MEMBER_FOOTER in text


async def test_a_moderators_help_adds_the_moderators_commands_in_their_own_section(community: Community) -> None:
    c = community
    result = await c.mod.slash(c.channels["general"], "help")
    text = _text(result)
    for root in _roots(c, up_to=Tier.MODERATOR):
        assert f"`/{root}`" in text, root
    assert help_words.SECTION[Tier.MODERATOR] in text
    assert "`/prompts-admin` `now`" in text
    assert help_words.SECTION[Tier.ADMIN] not in text  # Manage Server is a moderator, not an admin


async def test_help_in_a_dm_lists_only_what_works_in_dms(community: Community) -> None:
    result = await community.alice.user.slash("help")  # type: ignore[attr-defined]
    text = _text(result)
    assert "`/privacy`" in text and "`/crisis`" in text
    assert "`/counter`" not in text  # /counter is for servers only
    assert help_words.DM_FOOTER in text


def test_every_context_menu_has_words_in_help(community: Community) -> None:
    menus = [cmd.name for cmd in community.bot.tree.get_commands() if isinstance(cmd, app_commands.ContextMenu)]
    assert menus and all(help_words.MENU_DESCRIPTIONS.get(name) for name in menus)


async def test_an_admins_help_has_every_section_up_to_admins(community: Community) -> None:
    import discord

    c = community
    admins = c.guild.create_role("Admins", permissions=discord.Permissions(administrator=True))
    ada = c.guild.add_member(c.env.create_user("ada"), roles=[admins])
    await c.env.settle()
    text = _text(await ada.slash(c.channels["general"], "help"))
    for root in _roots(c, up_to=Tier.ADMIN):
        assert f"`/{root}`" in text, root
    assert help_words.SECTION[Tier.ADMIN] in text and "`/guidelines-admin` `edit` · `reset`" in text
    assert text.index(help_words.SECTION[Tier.MEMBER]) < text.index(help_words.SECTION[Tier.ADMIN])
