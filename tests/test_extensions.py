"""Every cog loads, and no two commands share a name."""

from __future__ import annotations

from collections import Counter

from discord import app_commands

from bot.app import HearthBot, discover_extensions
from tests.conftest import Community


def test_every_cog_package_is_discovered() -> None:
    names = discover_extensions()
    assert "cogs.setup" in names
    assert all(not name.split(".")[-1].startswith("_") for name in names)


async def test_every_extension_loads_and_no_command_names_clash(community: Community) -> None:
    bot: HearthBot = community.bot
    assert bot.failed_extensions == {}
    assert set(bot.extensions) == set(discover_extensions())
    commands = bot.tree.get_commands()
    keys = [
        (type(command).__name__ if not isinstance(command, app_commands.Group) else "Command", command.name)
        for command in commands
    ]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert duplicates == []
    for command in commands:
        if isinstance(command, app_commands.Group):
            sub_names = [sub.name for sub in command.commands]
            assert len(sub_names) == len(set(sub_names)), command.name


def test_the_bot_allows_no_mentions_by_default(community: Community) -> None:
    mentions = community.bot.allowed_mentions
    assert mentions is not None and mentions.to_dict() == {"parse": []}
