"""Which language Hearth speaks in an interaction, bound when the interaction starts.

A private reply uses the member's Discord client language when Hearth has it, else the server's
`language` setting, else English (`bot.core.i18n.choose_language`). Every entry point binds it first:
slash commands and context menus (the command tree), views, modals and persistent buttons (the bases in
`bot/surface/views.py`). The member's client language is also remembered, for DMs that are not replies.
"""

from __future__ import annotations

import logging
from typing import Any

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
