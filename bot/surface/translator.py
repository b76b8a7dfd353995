"""Slash commands in the member's language: descriptions, option descriptions, choices, app-menu names.

discord.py asks an `app_commands.Translator` for every string of every command when the tree is synced,
once per Discord locale, and sends what it returns as Discord's localisations. Command, group and option
names stay English on purpose: they are what members quote to each other and what every message and the
README name (`/share`, `/win`), in a server whose members use many languages. Context-menu names
("Reply anonymously") are phrases, not identifiers, and are translated.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core import i18n

TRANSLATED = frozenset(
    {
        app_commands.TranslationContextLocation.command_description,
        app_commands.TranslationContextLocation.group_description,
        app_commands.TranslationContextLocation.parameter_description,
        app_commands.TranslationContextLocation.choice_name,
    }
)
CONTEXT_MENU_NAME_LIMIT = 32  # Discord's limit for a command name


def catalogue_context(location: app_commands.TranslationContextLocation) -> str:
    """Where a command string sits in the catalogue (`commands.command_description`, …)."""
    return f"commands.{location.name}"


def is_translated(context: app_commands.TranslationContextTypes) -> bool:
    """Descriptions, choices, and the names of context menus (which are phrases)."""
    if context.location in TRANSLATED:
        return True
    command = context.data
    return context.location is app_commands.TranslationContextLocation.command_name and isinstance(
        command, app_commands.ContextMenu
    )


class HearthTranslator(app_commands.Translator):
    """Command strings from the same catalogues as everything else Hearth says (content/locales)."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if not is_translated(context):
            return None
        language = i18n.from_discord_locale(str(locale))
        if language is None or language == i18n.SOURCE_LANGUAGE:
            return None
        english = string.message
        text = i18n.lookup(language, catalogue_context(context.location), english)
        if text == english:
            return None
        if context.location is app_commands.TranslationContextLocation.command_name:
            return text if len(text) <= CONTEXT_MENU_NAME_LIMIT else None
        return text if len(text) <= 100 else None
