"""Who sees which command in the `/` menu: Discord hides by top-level default_permissions only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from discord import app_commands

from bot.surface.permissions import Tier, command_tier
from tests.conftest import Community

Leaf = tuple[str, app_commands.Command[Any, ..., Any], app_commands.Command[Any, ..., Any] | app_commands.Group]


def slash_leaves(community: Community) -> Iterator[Leaf]:
    """Every slash command the bot registers: (full name, the command, its top-level command)."""

    def walk(node: Any, root: Any) -> Iterator[Leaf]:
        if isinstance(node, app_commands.Group):
            for child in node.commands:
                yield from walk(child, root)
        else:
            yield node.qualified_name, node, root

    for top in community.bot.tree.get_commands():
        if not isinstance(top, app_commands.ContextMenu):
            yield from walk(top, top)


def test_every_moderator_command_sits_under_a_hidden_top_level_command(community: Community) -> None:
    # Peer supporters are a configured role with no Discord permission of its own, so a peer-supporter
    # command (/alerts) stays visible and refuses members at run time; moderators' and admins' are hidden.
    misplaced = [
        name
        for name, command, root in slash_leaves(community)
        if command_tier(command) >= Tier.MODERATOR and root.default_permissions is None
    ]
    assert misplaced == []


def test_no_member_command_is_hidden_from_members(community: Community) -> None:
    hidden = [
        name
        for name, command, root in slash_leaves(community)
        if command_tier(command) == Tier.MEMBER and root.default_permissions is not None
    ]
    assert hidden == []


def test_the_tree_has_both_kinds(community: Community) -> None:
    tiers = {command_tier(command) for _name, command, _root in slash_leaves(community)}
    assert {Tier.MEMBER, Tier.MODERATOR, Tier.ADMIN} <= tiers


async def test_a_members_slash_menu_holds_exactly_the_members_commands(community: Community) -> None:
    leaves = list(slash_leaves(community))
    members = {name for name, command, root in leaves if command_tier(command) == Tier.MEMBER}
    peer = {name for name, command, root in leaves if command_tier(command) == Tier.PEER_SUPPORTER}
    seen = set(community.alice.available_commands(community.channels["general"]))
    assert members <= seen and seen - members <= peer
    assert "prompt today" in seen and "prompts-admin now" not in seen and "guidelines-admin edit" not in seen


async def test_a_moderator_sees_the_moderator_commands(community: Community) -> None:
    leaves = list(slash_leaves(community))
    seen = set(community.mod.available_commands(community.channels["general"]))
    moderators = {name for name, command, _root in leaves if command_tier(command) <= Tier.MODERATOR}
    assert moderators <= seen
    # Admin-only commands need Administrator by default; the test moderator has Manage Server only.
    assert "guidelines-admin edit" not in seen


def test_every_option_says_what_it_is_for(community: Community) -> None:
    # discord.py shows "…" for an option without a description; Discord then shows that to members.
    bare = [
        f"/{name} {parameter.name}"
        for name, command, _root in slash_leaves(community)
        for parameter in command.parameters
        if not parameter.description or parameter.description == "…"
    ]
    assert bare == []
