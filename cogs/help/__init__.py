"""Help: /help, one private overview of Hearth's commands, built from the command tree itself.

A discord.py extension: the cog and its commands are in commands.py; `setup` imports them only when the
extension is loaded, so importing a feature's store or service pulls in nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import HearthBot


async def setup(bot: HearthBot) -> None:
    """Load the extension (discord.py calls this)."""
    from cogs.help.commands import setup as setup_commands

    await setup_commands(bot)
