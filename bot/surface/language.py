"""Which language Hearth speaks in an interaction, bound when the interaction starts.

A private reply uses the member's Discord client language when Hearth has it, else the server's
`language` setting, else English (`bot.core.i18n.choose_language`). Every entry point binds it first:
slash commands and context menus (the command tree), views, modals and persistent buttons (the bases in
`bot/surface/views.py`). The member's client language is also remembered, for DMs that are not replies.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar, cast

import discord

from bot.core import i18n

log = logging.getLogger(__name__)


async def server_language(client: Any, guild_id: int | None) -> str | None:
    """The server's `language` setting (None in DMs or before the bot has its settings service)."""
    service = getattr(client, "guild_settings", None)
    if guild_id is None or service is None:
        return None
    settings = await service.get(guild_id)
    return str(settings.language)


async def bind_language(interaction: discord.Interaction[Any]) -> str:
    """Speak the member's language for the rest of this interaction; remember their client language.

    Never fails the interaction: if the server's settings cannot be read, Hearth answers in the member's
    client language or in English.
    """
    locale = str(interaction.locale) if interaction.locale else None
    try:
        language = i18n.choose_language(locale, await server_language(interaction.client, interaction.guild_id))
    except Exception:
        log.exception("could not read the server's language; answering in the member's own or English")
        language = i18n.choose_language(locale, None)
    i18n.set_language(language)
    store = getattr(interaction.client, "member_languages", None)
    if store is not None and locale:
        try:
            clock = getattr(interaction.client, "clock", discord.utils.utcnow)
            await store.remember(interaction.user.id, locale, clock())
        except Exception:
            log.exception("could not remember a member's client language")
    return language


@contextlib.asynccontextmanager
async def in_server_language(client: Any, guild_id: int | None) -> AsyncIterator[str]:
    """Speak the server's language inside the block (a public post, a message to its moderators)."""
    try:
        language = await server_language(client, guild_id) or i18n.SOURCE_LANGUAGE
    except Exception:
        log.exception("could not read the server's language; posting in English")
        language = i18n.SOURCE_LANGUAGE
    with i18n.speaking(language):
        yield language


async def member_language(client: Any, user_id: int, guild_id: int | None) -> str:
    """The language of a DM that is not a reply: the member's client language Hearth keeps, else the
    server's, else English."""
    try:
        server = await server_language(client, guild_id)
        store = getattr(client, "member_languages", None)
        if store is None:
            return server or i18n.SOURCE_LANGUAGE
        return str(await store.language_for(user_id, server))
    except Exception:
        log.exception("could not read a member's language; writing in English")
        return i18n.SOURCE_LANGUAGE


@contextlib.asynccontextmanager
async def in_member_language(client: Any, user_id: int, guild_id: int | None) -> AsyncIterator[str]:
    """Speak the member's language inside the block (a DM that is not a reply)."""
    language = await member_language(client, user_id, guild_id)
    with i18n.speaking(language):
        yield language


Method = TypeVar("Method", bound=Callable[..., Awaitable[Any]])


def speaks_server_language(method: Method) -> Method:
    """Run a method in its server's language: for objects holding `.bot`, whose first argument is the
    guild id or has a `.guild_id` (a crisis signal, a post). For work whose words go to a server's
    channels or moderators, whoever set it off."""

    @functools.wraps(method)
    async def wrapper(self: Any, first: Any, *args: Any, **kwargs: Any) -> Any:
        guild_id = first if isinstance(first, int) else getattr(first, "guild_id", None)
        async with in_server_language(self.bot, guild_id):
            return await method(self, first, *args, **kwargs)

    return cast(Method, wrapper)
