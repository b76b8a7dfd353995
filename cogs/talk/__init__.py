"""Talk to the team: private two-way conversations between a member and the team, with or without a name.

A discord.py extension: the cog and its commands are in commands.py; `setup` imports them only when the
extension is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import HearthBot


async def setup(bot: HearthBot) -> None:
    """Load the extension (discord.py calls this)."""
    from cogs.talk.commands import setup as setup_commands

    await setup_commands(bot)
