"""The private 'start over?' confirmation for /counter reset."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.surface.views import OwnedView
from cogs.counters import messages as words


class ResetConfirm(OwnedView):
    """Two buttons: start the counter over, or keep it."""

    def __init__(self, owner_id: int, name: str, start_over: Callable[[], Awaitable[None]]) -> None:
        super().__init__(owner_id, timeout=300)
        self.start_over = start_over
        self.name = name

    @discord.ui.button(label=words.RESET_YES, style=discord.ButtonStyle.danger, custom_id="counter:reset:yes")
    async def confirm(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Start over from today."""
        await self.start_over()
        self.stop()
        await interaction.response.edit_message(content=words.RESET_DONE.format(name=self.name), view=None)

    @discord.ui.button(label=words.RESET_NO, style=discord.ButtonStyle.secondary, custom_id="counter:reset:no")
    async def keep(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Leave the counter as it is."""
        self.stop()
        await interaction.response.edit_message(content=words.RESET_KEPT.format(name=self.name), view=None)
