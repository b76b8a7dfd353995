"""Base classes for views and modals: one error path, and buttons only their owner can press."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, ClassVar

import discord

from bot.core import i18n
from bot.surface.errors import UserFacingError, handle_interaction_error, is_expected
from bot.surface.language import bind_language
from bot.surface.messages import NOT_FROM_HERE, NOT_YOUR_BUTTON
from bot.surface.permissions import GuildOnlyError
from bot.surface.replies import reply_private


def translate_items(items: list[discord.ui.Item[Any]]) -> None:
    """Put words fixed at import time (decorator labels, class-level fields) into the language of the moment,
    cut to what Discord accepts in each place (a translation can run longer than its English)."""
    for item in items:
        if isinstance(item, discord.ui.Button) and item.label:
            item.label = i18n.translate_english(item.label)[:80]
        elif isinstance(item, discord.ui.Select):
            if item.placeholder:
                item.placeholder = i18n.translate_english(item.placeholder)[:150]
            for option in item.options:
                option.label = i18n.translate_english(option.label)[:100]
                if option.description:
                    option.description = i18n.translate_english(option.description)[:100]
        elif isinstance(item, discord.ui.TextInput):
            if item.label:
                item.label = i18n.translate_english(item.label)[:45]
            if item.placeholder:
                item.placeholder = i18n.translate_english(item.placeholder)[:100]


class HearthView(discord.ui.View):
    """A view whose errors go through the one interaction error handler, speaking the presser's language.

    Built in the language of the moment: labels set in `@discord.ui.button(label=...)` are translated here.
    """

    def __init__(self, *, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        translate_items(self.children)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Bind the presser's language (subclasses that check more call this first)."""
        await bind_language(interaction)
        return True

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
        await super().interaction_check(interaction)
        if interaction.user.id != self.owner_id:
            await reply_private(interaction, NOT_YOUR_BUTTON)
            return False
        return True


class GuardedCallback:
    """Base for persistent components (`discord.ui.DynamicItem`): who may press is checked at press time.

    A persistent button's custom_id can be copied and replayed by anyone, from anywhere. So every press
    goes through `callback`, which (1) refuses a press in any server but the one named in the custom_id
    (`guild_id`), and in DMs unless the class sets `pressed_in_guild = False` (buttons sent in DMs), (2) awaits
    `check_presser`, which each subclass must define (the class is refused at definition otherwise), and
    only then (3) runs the work. Every refusal and error goes through the one error path, so the presser
    always gets an answer. discord.py hands a DynamicItem's errors to a throwaway view that only logs
    them; unexpected errors are re-raised after the kind reply so they are still logged in full.
    Put it first in the bases:
    `class MyButton(GuardedCallback, discord.ui.DynamicItem[discord.ui.Button[Any]], template=...)`.
    """

    pressed_in_guild: ClassVar[bool] = True
    bound_to_server: ClassVar[bool] = True  # False: `guild_id` only says whom to tell, it grants nothing

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.check_presser is GuardedCallback.check_presser:
            raise TypeError(f"{cls.__name__} must define check_presser: who may press it, checked at press time")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Check where and by whom it was pressed, then run the component's work; errors get a kind reply."""
        try:
            await bind_language(interaction)
            home = getattr(self, "guild_id", None) or None  # the server named in the custom_id (0: none)
            elsewhere = interaction.guild_id is not None and interaction.guild_id != home
            wrong_place = elsewhere or (self.pressed_in_guild and interaction.guild_id is None)
            if self.bound_to_server and home is not None and wrong_place:
                raise UserFacingError(NOT_FROM_HERE)
            await self.check_presser(interaction)
            await self.run(interaction)
        except Exception as exc:
            await handle_interaction_error(interaction, exc)
            if not is_expected(exc):
                raise

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Raise (NotPermittedError, UserFacingError) unless this presser may press this component."""
        raise NotImplementedError

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """What pressing the component does."""
        raise NotImplementedError


async def anyone_in_the_server(interaction: discord.Interaction[Any]) -> None:
    """For buttons every member may press (the server itself is checked by GuardedCallback)."""
    if interaction.guild is None:
        raise GuildOnlyError()


async def anyone_who_sees_it(interaction: discord.Interaction[Any]) -> None:
    """For buttons whose press only helps the presser and names no one (e.g. 'This number didn't work')."""


def owner_token(secret: bytes, custom_id: str, user_id: int) -> str:
    """A short keyed tag binding a custom_id to the one person it was made for (16 hex characters).

    Put it in the custom_id; at press time recompute it for the presser and compare. The user id is
    never in the custom_id, and a copied custom_id pressed by anyone else does not match.
    """
    return hmac.new(secret, f"{custom_id}|{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


def is_owner(secret: bytes, custom_id: str, user_id: int, token: str | None) -> bool:
    """True when `token` was made by `owner_token` for this presser."""
    return token is not None and hmac.compare_digest(owner_token(secret, custom_id, user_id), token)


class HearthModal(discord.ui.Modal):
    """A modal whose errors go through the one interaction error handler, speaking the member's language.

    Built in the language of the moment: a class-level `title=` and class-level fields are translated here.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = i18n.translate_english(self.title)[:45]  # Discord's limit for a modal title
        translate_items(self.children)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Bind the member's language before the submit is handled."""
        await bind_language(interaction)
        return True

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception) -> None:  # type: ignore[override]
        """Turn any submit error into a kind private reply."""
        await handle_interaction_error(interaction, error)
