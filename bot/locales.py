"""The translation catalogues in content/locales: write the template, update each language, check them.

`hearth i18n extract` writes `content/locales/hearth.pot` from every messages module (the English
source); `hearth i18n update` merges it into each `<language>.po`, keeping translations whose English
is unchanged; `hearth content check` runs `check_catalogues`.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.core import i18n

# Every module whose constants are member-facing words, with its catalogue key.
MESSAGE_MODULES: tuple[str, ...] = (
    "bot.core.messages",
    "bot.surface.messages",
    "cogs.anonymous.messages",
    "cogs.counters.messages",
    "cogs.help.messages",
    "cogs.moderation.messages",
    "cogs.onboarding.messages",
    "cogs.privacy.messages",
    "cogs.prompts.messages",
    "cogs.resources.messages",
    "cogs.safety.messages",
    "cogs.safetyplan.messages",
    "cogs.setup.messages",
    "cogs.spamguard.messages",
    "cogs.talk.messages",
    "cogs.wins.messages",
)

TEMPLATE = "hearth.pot"
PROJECT = "Hearth"


def source_entries() -> Iterator[tuple[str, str]]:
    """(context, English) for every member-facing string, module by module."""
    for name in MESSAGE_MODULES:
        module = importlib.import_module(name)
        key = i18n.registered_modules().get(name)
        if key is None:
            raise RuntimeError(f"{name} does not call translate_module at its end")
        yield from i18n.source_entries(module, key)


def command_entries() -> list[tuple[str, str]]:
    """(context, English) for every translated string of every slash command and context menu.

    Builds the bot offline (a throwaway database, no Discord connection), loads every feature, and asks
    each command for its localised payload through a translator that records what it is asked.
    """
    import asyncio

    return asyncio.run(_command_entries())


async def _command_entries() -> list[tuple[str, str]]:
    import tempfile

    from discord import app_commands
    from pydantic import SecretStr

    from bot.app import HearthBot
    from bot.settings import Settings
    from bot.surface.translator import catalogue_context, is_translated

    seen: dict[tuple[str, str], None] = {}

    class Recorder(app_commands.Translator):
        async def translate(
            self,
            string: app_commands.locale_str,
            locale: Any,
            context: app_commands.TranslationContextTypes,
        ) -> str | None:
            if is_translated(context) and i18n.is_words(string.message):
                seen[(catalogue_context(context.location), string.message)] = None
            return None

    with tempfile.TemporaryDirectory(prefix="hearth-extract-") as folder:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            HEARTH_DATABASE=Path(folder) / "extract.db",
            HEARTH_SECRET=SecretStr("extracting-command-strings-only"),
            HEARTH_SHARD_COUNT=1,
            HEARTH_LOG_LEVEL="WARNING",
        )
        bot = HearthBot(settings)
        try:
            await bot.setup_hook()
            recorder = Recorder()
            for command in bot.tree.get_commands():
                await command.get_translated_payload(bot.tree, recorder)
        finally:  # never connected: stop what setup_hook started, without a gateway close
            bot.scheduler.shutdown()
            await bot.db.close()
    return list(seen)


def template() -> Catalog:
    catalog = Catalog(
        project=PROJECT,
        fuzzy=False,
        header_comment=(
            "# Hearth's words in English: the template each language's catalogue is made from.\n"
            "# Written by `hearth i18n extract` from every messages.py; edit those, not this file."
        ),
    )
    for context, english in all_entries():
        catalog.add(english, context=context)
    return catalog


_command_cache: list[tuple[str, str]] | None = None


def all_entries() -> list[tuple[str, str]]:
    """The messages modules' strings, then the commands' (built once per process)."""
    global _command_cache
    if _command_cache is None:
        _command_cache = command_entries()
    return list(source_entries()) + _command_cache


def _write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, sort_output=False)
    path.write_bytes(buffer.getvalue())


def extract(directory: Path) -> Path:
    """Write the template; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / TEMPLATE
    _write(template(), path)
    return path


def update(directory: Path, languages: list[str] | None = None) -> list[Path]:
    """Merge the template into each language's catalogue (creating it if missing)."""
    source = template()
    written = []
    for language in languages or [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]:
        path = i18n.catalogue_path(language, directory)
        if path.is_file():
            catalog = i18n.read_catalogue(path)
        else:
            catalog = Catalog(
                locale=language.replace("-", "_"),
                project=PROJECT,
                fuzzy=False,
                header_comment=f"# Hearth in {i18n.LANGUAGES[language]}.",
            )
        catalog.update(source, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(catalog, path)
        written.append(path)
    return written


def check_catalogues(directory: Path) -> list[str]:
    """Every problem with the catalogues: an entry missing or stale in a language, a placeholder that
    differs from the English, a translation that would not fit where the English goes."""
    problems: list[str] = []
    if not directory.is_dir():
        return problems  # a content folder without translations: Hearth speaks English from it
    source = all_entries()
    for language in i18n.LANGUAGES:
        if language == i18n.SOURCE_LANGUAGE:
            continue
        path = i18n.catalogue_path(language, directory)
        if not path.is_file():
            problems.append(f"{path}: missing (every language has one catalogue; `hearth i18n update` makes it)")
            continue
        catalog = i18n.read_catalogue(path)
        translated: dict[tuple[str, str], str] = {}
        for message in catalog:
            if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                if message.string and not message.fuzzy:
                    translated[(message.context or "", message.id)] = message.string
        missing = [context for context, english in source if (context, english) not in translated]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            problems.append(f"{path}: {len(missing)} untranslated or stale entries: {shown}")
        for context, english in source:
            text = translated.get((context, english))
            if text is None:
                continue
            if i18n.placeholders(text) != i18n.placeholders(english):
                problems.append(
                    f"{path}: {context}: placeholders {sorted(i18n.placeholders(text))} differ from the "
                    f"English {sorted(i18n.placeholders(english))}"
                )
            limit = length_limit(context, english)
            if limit is not None and len(text) > limit:
                problems.append(f"{path}: {context}: {len(text)} characters, over the {limit} this place holds")
    return problems


# Where Discord caps a text short, by the constant's name: labels (buttons, selects), modal titles and
# field labels, placeholders. Everything else is checked rendered (tests/test_locales.py).
_NAME_LIMITS: tuple[tuple[str, int], ...] = (
    ("_PLACEHOLDER", 100),
    ("_HINT", 100),
    ("_LABEL", 80),
    ("_BUTTON", 80),
    ("_MODAL_TITLE", 45),
)


# Where Discord caps a text short, by the last part of the context: a dataclass field that is a modal's
# field label or placeholder (safetyplan.STEPS.0.question), or a command string.
_FIELD_LIMITS: dict[str, int] = {"question": 45, "hint": 100, "command_description": 100}


def length_limit(context: str, english: str) -> int | None:
    """The hard limit of the place a constant goes, when its name says (see _NAME_LIMITS, _FIELD_LIMITS)."""
    last = context.rsplit(".", 1)[-1].split("|", 1)[0]
    if last in _FIELD_LIMITS:
        return _FIELD_LIMITS[last]
    name = context.split(".")[1] if "." in context else context
    for suffix, limit in _NAME_LIMITS:
        if name.endswith(suffix) or f"{suffix}S" in name or name.endswith(suffix + "S"):
            return max(limit, len(english)) if len(english) > limit else limit
    return None


def entry_key(context: str, english: str) -> str:
    """How a translator names one entry in `todo` and `fill`: its context, or for the command strings
    (whose context is only the kind of string) "context|English"."""
    return f"{context}|{english}" if context.startswith("commands.") else context


def todo(directory: Path, language: str) -> dict[str, str]:
    """{key: English} for every entry `language` has not translated yet (what a translator works on)."""
    path = i18n.catalogue_path(language, directory)
    catalog = i18n.read_catalogue(path) if path.is_file() else Catalog()
    done = {
        (message.context or "", message.id)
        for message in catalog
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string and not message.fuzzy
    }
    return {
        entry_key(context, english): english for context, english in all_entries() if (context, english) not in done
    }


def fill(directory: Path, language: str, translations: dict[str, str]) -> tuple[int, list[str]]:
    """Write `translations` ({key: text}, keys as `todo` prints them) into `language`'s catalogue; return (written, unknown contexts)."""
    update(directory, [language])
    path = i18n.catalogue_path(language, directory)
    catalog = i18n.read_catalogue(path)
    by_context = {
        entry_key(message.context or "", message.id): message
        for message in catalog
        if message.id and isinstance(message.id, str)
    }
    unknown = []
    written = 0
    for context, text in translations.items():
        message = by_context.get(context)
        if message is None:
            unknown.append(context)
            continue
        message.string = text
        message.flags.discard("fuzzy")
        written += 1
    _write(catalog, path)
    return written, unknown
