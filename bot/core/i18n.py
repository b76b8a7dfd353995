"""What Hearth says, in the member's language: catalogues, the language of the moment, and lookups.

The English words live in each feature's `messages.py` (the source). Each other language has one
gettext catalogue, `content/locales/<language>.po`, read with Babel: an entry's `msgctxt` names the
constant (`wins.WIN_POSTED`, `privacy.STORED_AREAS.0.1`), its `msgid` is the English text, its
`msgstr` the translation. When the English changes, the old translation no longer matches its
`msgid` and counts as missing (English is shown) until someone translates it again; `hearth
content check` lists every such entry.

The language of the moment is a context variable: each interaction sets it when it starts
(`bot/surface` binds it from the member's client language and the server's setting), a public post
sets it to the server's language for the duration of the post. A messages module that calls
`translate_module(__name__, "<key>")` at its end answers every UPPER_CASE attribute in that language,
so the code that reads `messages.WIN_POSTED` does not change.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import string
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

SOURCE_LANGUAGE = "en"

# The languages Hearth speaks, by the code used for catalogues and the `language` server setting,
# each with its own name (what a picker shows).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "pt-BR": "Português (Brasil)",
    "pl": "Polski",
    "tr": "Türkçe",
    "uk": "Українська",
    "ar": "العربية",
}

# Discord's client locales (the values of `discord.Locale`) that map onto one of ours. Discord has no
# Arabic client locale, so Arabic reaches members through the server's `language` setting only.
DISCORD_LOCALES: dict[str, str] = {
    "en-US": "en",
    "en-GB": "en",
    "de": "de",
    "es-ES": "es",
    "es-419": "es",
    "fr": "fr",
    "pt-BR": "pt-BR",
    "pl": "pl",
    "tr": "tr",
    "uk": "uk",
}

RIGHT_TO_LEFT = frozenset({"ar"})

_current: contextvars.ContextVar[str] = contextvars.ContextVar("hearth_language", default=SOURCE_LANGUAGE)


def current_language() -> str:
    """The language Hearth is speaking in this task."""
    return _current.get()


def set_language(language: str | None) -> None:
    """Speak `language` (one of LANGUAGES; anything else means English) for the rest of this task."""
    _current.set(language if language in LANGUAGES else SOURCE_LANGUAGE)


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Speak `language` inside the block, then go back to what was spoken before."""
    token = _current.set(language if language in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def from_discord_locale(locale: str | None) -> str | None:
    """Our language for a Discord client locale (`str(interaction.locale)`), or None if we lack it."""
    if not locale:
        return None
    return DISCORD_LOCALES.get(locale)


def choose_language(member_locale: str | None, server_language: str | None) -> str:
    """A private reply: the member's client language when we have it, else the server's, else English."""
    ours = from_discord_locale(member_locale)
    if ours is not None:
        return ours
    if server_language in LANGUAGES:
        return server_language
    return SOURCE_LANGUAGE


# --- catalogues ---------------------------------------------------------------------------------


def locales_dir() -> Path:
    """content/locales in a checkout or installed copy."""
    from bot.settings import default_content_dir  # bot.settings is plain configuration, no feature

    return default_content_dir() / "locales"


def catalogue_path(language: str, directory: Path | None = None) -> Path:
    return (directory or locales_dir()) / f"{language}.po"


@dataclasses.dataclass
class _Loaded:
    """One language's translations: (context, English) -> translated text."""

    entries: dict[tuple[str, str], str]
    by_english: dict[str, str] | None = None  # English -> translation, made on first use


_catalogues: dict[str, _Loaded] = {}
_directory: Path | None = None


def use_catalogues(directory: Path | None) -> None:
    """Read catalogues from `directory` from now on (None: content/locales); forgets what was loaded."""
    global _directory
    _directory = directory
    _catalogues.clear()


def read_catalogue(path: Path) -> Catalog:
    from babel.messages.pofile import read_po  # imported when a catalogue is first read: start-up stays light

    with path.open("rb") as handle:
        return read_po(handle)


def _load(language: str) -> _Loaded:
    loaded = _catalogues.get(language)
    if loaded is not None:
        return loaded
    entries: dict[tuple[str, str], str] = {}
    path = catalogue_path(language, _directory)
    if path.is_file():
        for message in read_catalogue(path):
            if not message.id or message.fuzzy or not isinstance(message.id, str):
                continue
            if isinstance(message.string, str) and message.string:
                entries[(message.context or "", message.id)] = message.string
    loaded = _Loaded(entries)
    _catalogues[language] = loaded
    return loaded


def babel_locale(language: str) -> str:
    """The Babel/CLDR locale name for one of our languages ("pt-BR" -> "pt_BR")."""
    return language.replace("-", "_")


def format_day(day: Any, pattern: str = "medium") -> str:
    """A date (or datetime) written the way the language of the moment writes it ("3 Dec 2026",
    "3 Ara 2026"), by Babel's CLDR data. `pattern` is a CLDR width (short, medium, long) or a skeleton."""
    from babel.dates import format_date

    return str(format_date(day, format=pattern, locale=babel_locale(current_language())))


def format_moment(moment: Any, pattern: str = "d MMM HH:mm") -> str:
    """A date and time in the language of the moment, by Babel's CLDR data (no timezone conversion)."""
    from babel.dates import format_datetime

    return str(format_datetime(moment, format=pattern, locale=babel_locale(current_language())))


def translate_english(text: str) -> str:
    """`text` in the language of the moment, found by its English alone (any constant with that English).

    For words fixed before any language was known: labels given to discord.py's decorators at import
    time (`@discord.ui.button(label=messages.X)`), class-level modal fields and titles. The views' and
    modals' bases call it when each one is built.
    """
    language = _current.get()
    if language == SOURCE_LANGUAGE or not text:
        return text
    loaded = _load(language)
    if loaded.by_english is None:
        loaded.by_english = {}
        for (_, english), translated in loaded.entries.items():
            loaded.by_english.setdefault(english, translated)
    return loaded.by_english.get(text, text)


def in_every_language(render: Callable[[], str]) -> set[str]:
    """What `render()` gives in each language Hearth speaks: to recognise a text Hearth wrote earlier,
    whatever language it was written in (e.g. a footer it reads back)."""
    shown = set()
    for language in LANGUAGES:
        with speaking(language):
            shown.add(render())
    return shown


def lookup(language: str, context: str, english: str) -> str:
    """`english` (the text of the constant `context`) in `language`, or the English if not translated."""
    if language == SOURCE_LANGUAGE:
        return english
    return _load(language).entries.get((context, english), english)


def is_words(value: str) -> bool:
    """Text a person reads (has a letter), as opposed to an emoji or a bare placeholder."""
    stripped = "".join(part[0] for part in string.Formatter().parse(value) if part[0])
    return any(char.isalpha() for char in stripped)


def translate_value(language: str, context: str, value: Any) -> Any:
    """`value` with every string in it translated: str, tuple, list, dict values, dataclass str fields."""
    if isinstance(value, str):
        return lookup(language, context, value) if is_words(value) else value
    if isinstance(value, tuple):
        return tuple(translate_value(language, f"{context}.{index}", item) for index, item in enumerate(value))
    if isinstance(value, list):
        return [translate_value(language, f"{context}.{index}", item) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: translate_value(language, f"{context}.{_key(key)}", item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: translate_value(language, f"{context}.{field.name}", getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in IDENTIFIER_FIELDS
        }
        return dataclasses.replace(value, **changes)
    return value


# Dataclass fields that hold identifiers, not words.
IDENTIFIER_FIELDS = frozenset({"key", "id", "custom_id", "value"})


def _key(key: object) -> str:
    return str(getattr(key, "value", key))


# --- messages modules ---------------------------------------------------------------------------

_modules: dict[str, str] = {}  # module name -> catalogue key


class _TranslatedModule(types.ModuleType):
    """A messages module whose UPPER_CASE constants answer in the language of the moment."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if name[:1].isupper() and name not in super().__getattribute__("__untranslated__"):
            language = _current.get()
            if language != SOURCE_LANGUAGE:
                key = _modules[super().__getattribute__("__name__")]
                return translate_value(language, f"{key}.{name}", value)
        return value


def translate_module(module_name: str, key: str, untranslated: tuple[str, ...] = ()) -> None:
    """Make the messages module `module_name` answer in the language of the moment (call at its end).

    `untranslated` names constants that hold identifiers or numbers rather than words.
    """
    module = sys.modules[module_name]
    module.__untranslated__ = frozenset(untranslated)  # type: ignore[attr-defined]
    _modules[module_name] = key
    module.__class__ = _TranslatedModule


def registered_modules() -> dict[str, str]:
    """Every messages module that has called `translate_module`, name -> catalogue key."""
    return dict(_modules)


def source_entries(module: types.ModuleType, key: str) -> Iterator[tuple[str, str]]:
    """(context, English) for every translatable string of one messages module, in file order."""
    untranslated: frozenset[str] = getattr(module, "__untranslated__", frozenset())
    for name, value in vars(module).items():
        if name[:1].isupper() and name not in untranslated:
            yield from _walk(f"{key}.{name}", value)


def _walk(context: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if is_words(value):
            yield context, value
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _walk(f"{context}.{index}", item)
    elif isinstance(value, dict):
        for item_key, item in value.items():
            yield from _walk(f"{context}.{_key(item_key)}", item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in IDENTIFIER_FIELDS:
                yield from _walk(f"{context}.{field.name}", getattr(value, field.name))


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format template."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return {"<unbalanced braces>"}
