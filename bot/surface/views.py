"""Base classes for views and modals: one error path, and buttons only their owner can press."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Self

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
            label = i18n.translate_english(item.label)[:45] if item.label else item.label
            if label != item.label:  # set only on a change: discord.py 2.7 warns on every label set
                item.label = label
            if item.placeholder:
                item.placeholder = i18n.translate_english(item.placeholder)[:100]


class HearthView(discord.ui.View):
    """A view whose errors go through the one interaction error handler, speaking the presser's language.

    Built in the language of the moment: labels set in `@discord.ui.button(label=...)` are translated here.
    """

    def __init__(self, *, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        translate_items(self.children)

    def add_item(self, item: discord.ui.Item[Any]) -> Self:
        """Add a component, cut to what Discord accepts (a translated label can run past its limit)."""
        translate_items([item])
        return super().add_item(item)

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
        if cls.check_presser is GuardedCallback.check_presser and not cls.__dict__.get("_base", False):
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


@dataclass(frozen=True)
class IdField:
    """One field a persistent component keeps in its custom_id: the `__init__` argument (and attribute) it
    fills, the text it matches, how it is written and read back; an optional field may only come last and is
    left out of the custom_id when it is None or empty."""

    name: str
    pattern: str = r"\d+"
    read: Callable[[str], Any] = int
    write: Callable[[Any], str] = str
    optional: bool = False


def int_field(name: str) -> IdField:
    """A field holding a whole number (an id)."""
    return IdField(name)


def choice_field(name: str, *choices: str) -> IdField:
    """A field holding one of a few words (an action)."""
    return IdField(name, "|".join(re.escape(choice) for choice in choices), str)


def text_field(name: str, pattern: str, *, optional: bool = False) -> IdField:
    """A field holding text that matches `pattern` (a keyed tag, a country code)."""
    return IdField(name, pattern, str, optional=optional)


class PersistentItem(GuardedCallback):
    """The one base of every persistent component: it builds the custom_id and parses it back.

    A subclass declares `prefix` ("hearth:anon:delete") and `fields` (what follows, in order, joined by ':'),
    passes the item and the field values to `__init__`, and defines `check_presser` and `run` only.
    The values become attributes; `from_custom_id` rebuilds the component from them (after a restart too).
    Use `PersistentButton` or `PersistentSelect`.
    """

    prefix: ClassVar[str]
    fields: ClassVar[tuple[IdField, ...]]
    suffix: ClassVar[str] = ""  # fixed text after the fields (":pick"), when two components share a prefix

    _base: ClassVar[bool] = True  # a base: subclasses define check_presser

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "prefix" in cls.__dict__:
            kwargs["template"] = cls.template_of()
        elif issubclass(cls, discord.ui.DynamicItem) and "template" not in kwargs:
            kwargs["template"] = r"(?!)"  # a base class: it matches no custom_id
        super().__init_subclass__(**kwargs)

    @classmethod
    def template_of(cls) -> str:
        """The regular expression a custom_id of this component matches."""
        template = re.escape(cls.prefix)
        for field in cls.fields:
            part = f":(?P<{field.name}>{field.pattern})"
            template += f"(?:{part})?" if field.optional else part
        return template + re.escape(cls.suffix)

    @classmethod
    def custom_id_of(cls, **values: Any) -> str:
        """The custom_id carrying these field values."""
        parts = [cls.prefix]
        for field in cls.fields:
            value = values[field.name]
            if field.optional and (value is None or value == ""):
                continue
            parts.append(field.write(value))
        return ":".join(parts) + cls.suffix

    def __init__(self, item: discord.ui.Item[Any], **values: Any) -> None:
        item.custom_id = self.custom_id_of(**values)  # type: ignore[attr-defined]
        # discord.ui.DynamicItem comes next in the bases of PersistentButton and PersistentSelect
        super().__init__(item)  # type: ignore[call-arg]
        for name, value in values.items():
            setattr(self, name, value)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        """Rebuild the component from the fields in its custom_id."""
        values = {
            field.name: None if match[field.name] is None else field.read(match[field.name]) for field in cls.fields
        }
        build: Callable[..., Self] = cls  # a subclass's __init__ takes the fields by name
        return build(**values)


class PersistentButton(PersistentItem, discord.ui.DynamicItem[discord.ui.Button[Any]]):
    """A persistent button: see `PersistentItem`."""

    _base = True


class PersistentSelect(PersistentItem, discord.ui.DynamicItem[discord.ui.Select[Any]]):
    """A persistent select menu: see `PersistentItem`."""

    _base = True


async def anyone_in_the_server(interaction: discord.Interaction[Any]) -> None:
    """For buttons every member may press (the server itself is checked by GuardedCallback)."""
    if interaction.guild is None:
        raise GuildOnlyError()


async def anyone_who_sees_it(interaction: discord.Interaction[Any]) -> None:
    """For buttons whose press only helps the presser and names no one (e.g. 'This number didn't work')."""


class HearthModal(discord.ui.Modal):
    """A modal whose errors go through the one interaction error handler, speaking the member's language.

    Built in the language of the moment: a class-level `title=` and class-level fields are translated here.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = i18n.translate_english(self.title)[:45]  # Discord's limit for a modal title
        translate_items(self.children)

    def add_item(self, item: discord.ui.Item[Any]) -> Self:
        """Add a field, cut to what Discord accepts (a translated label can run past 45 characters, and
        Discord refuses the whole modal for one)."""
        translate_items([item])
        return super().add_item(item)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Bind the member's language before the submit is handled."""
        await bind_language(interaction)
        return True

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception) -> None:  # type: ignore[override]
        """Turn any submit error into a kind private reply."""
        await handle_interaction_error(interaction, error)
