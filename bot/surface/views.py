"""Base classes for views and modals: one error path, and buttons only their owner can press."""

from __future__ import annotations

from typing import Any

import discord

from bot.surface.errors import handle_interaction_error, is_expected
from bot.surface.messages import NOT_YOUR_BUTTON
from bot.surface.replies import reply_private


class HearthView(discord.ui.View):
    """A view whose errors go through the one interaction error handler."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        """Turn any callback error into a kind private reply."""
        await handle_interaction_error(interaction, error)


class OwnedView(HearthView):
    """A view only one person may use; others are told privately that it isn't theirs."""

    def __init__(self, owner_id: int, *, timeout: float | None = 600) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Only the owner may press these buttons."""
        if interaction.user.id != self.owner_id:
            await reply_private(interaction, NOT_YOUR_BUTTON)
            return False
        return True


class GuardedCallback:
    """Mixin for persistent components (`discord.ui.DynamicItem`): `run` goes through the one error path.

    discord.py hands a DynamicItem's errors to a throwaway view that only logs them, so without this a
    refusal would leave the member with "This interaction failed". Put it first in the bases:
    `class MyButton(GuardedCallback, discord.ui.DynamicItem[discord.ui.Button[Any]], template=...)`.
    Unexpected errors are re-raised after the kind reply, so they are still logged in full.
    """

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Run the component's work; any error gets the kind private reply."""
        try:
            await self.run(interaction)
        except Exception as exc:
            await handle_interaction_error(interaction, exc)
            if not is_expected(exc):
                raise

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """What pressing the component does."""
        raise NotImplementedError


class HearthModal(discord.ui.Modal):
    """A modal whose errors go through the one interaction error handler."""

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception) -> None:  # type: ignore[override]
        """Turn any submit error into a kind private reply."""
        await handle_interaction_error(interaction, error)
