"""Every message renders in every language: placeholders fill, nothing breaks, everything fits Discord.

Uses the shipped catalogues (content/locales). `hearth content check` runs the same `check_catalogues`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import locales
from bot.core import i18n

LOCALES = Path(__file__).resolve().parent.parent / "content" / "locales"
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
MESSAGE_LIMIT = 2000  # a message's content; embed descriptions hold 4,096, so this is the stricter bound


class Sample:
    """A placeholder value that fits any format spec ({count}, {count:,}, {when:%H:%M} ...)."""

    def __format__(self, spec: str) -> str:
        return "12"

    def __str__(self) -> str:
        return "12"


def sample_values(text: str) -> dict[str, Any]:
    return {name.split(".")[0].split("[")[0]: Sample() for name in i18n.placeholders(text) if name}


@pytest.fixture(scope="module")
def entries() -> list[tuple[str, str]]:
    return locales.all_entries()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_renders_in(language: str, entries: list[tuple[str, str]]) -> None:
    i18n.use_catalogues(LOCALES)
    problems = []
    for context, english in entries:
        text = i18n.lookup(language, context, english)
        try:
            rendered = text.format(**sample_values(english)) if i18n.placeholders(english) else text
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(f"{context}: does not fill ({exc!r}): {text!r}")
            continue
        if len(rendered) > MESSAGE_LIMIT:
            problems.append(f"{context}: {len(rendered)} characters once filled")
        if context.startswith("commands.") and len(text) > 100:
            problems.append(f"{context}: a command string over Discord's 100 characters: {text!r}")
    assert problems == []


def test_catalogues_are_complete_and_consistent() -> None:
    assert locales.check_catalogues(LOCALES) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_language_has_its_own_prompts_celebrations_and_guidelines(language: str) -> None:
    from bot.content import load_content

    content = load_content(LOCALES.parent)
    local = content.translated[language]
    assert len(local.prompts) >= 60
    assert local.celebrations is not None and local.guidelines
    english = {prompt.text for prompt in content.prompts}
    assert not english & {prompt.text for prompt in local.prompts}  # written for the language, not copied
    with i18n.speaking(language):
        assert content.guidelines == local.guidelines
        assert content.celebrations is local.celebrations


def full_catalogue(changes: dict[str, tuple[str, str]]) -> Any:
    """A German catalogue translating everything (as itself), with `changes` {context: (msgid, msgstr)}."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="de")
    for context, english in locales.all_entries():
        msgid, msgstr = changes.get(context, (english, english))
        catalog.add(msgid, msgstr, context=context)
    return catalog


def write(catalog: Any, path: Path) -> None:
    from babel.messages.pofile import write_po

    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_a_stale_translation_counts_as_missing(tmp_path: Path) -> None:
    write(full_catalogue({"wins.WIN_POSTED": ("an older English sentence", "ein älterer Satz")}), tmp_path / "de.po")
    problems = locales.check_catalogues(tmp_path)
    assert f"{tmp_path / 'de.po'}: 1 untranslated or stale entries: wins.WIN_POSTED" in problems
    assert any("fr.po: missing" in p for p in problems)


def test_a_changed_placeholder_is_refused(tmp_path: Path) -> None:
    import cogs.wins.messages as words

    write(full_catalogue({"wins.WIN_POSTED": (words.WIN_POSTED, "Dein Erfolg steht in {kanal}.")}), tmp_path / "de.po")
    problems = [p for p in locales.check_catalogues(tmp_path) if "de.po" in p]
    assert problems == [
        f"{tmp_path / 'de.po'}: wins.WIN_POSTED: placeholders ['kanal'] differ from the English ['channel']"
    ]


def test_a_label_too_long_for_discord_is_refused(tmp_path: Path) -> None:
    import cogs.talk.messages as words

    write(full_catalogue({"talk.CLAIM_LABEL": (words.CLAIM_LABEL, "Ü" * 81)}), tmp_path / "de.po")
    problems = [p for p in locales.check_catalogues(tmp_path) if "de.po" in p]
    assert problems == [f"{tmp_path / 'de.po'}: talk.CLAIM_LABEL: 81 characters, over the 80 this place holds"]


def test_a_field_longer_than_discord_allows_is_cut_when_added() -> None:
    """A translation can run past Discord's limits; the bases cut it so the modal or view still opens."""
    import discord

    from bot.surface.views import HearthModal, HearthView

    async def build() -> tuple[str, str | None, str | None]:
        modal = HearthModal(title="t" * 60)
        modal.add_item(discord.ui.TextInput(label="L" * 60, placeholder="p" * 120))
        view = HearthView()
        view.add_item(discord.ui.Button(label="b" * 90))
        field = modal.children[0]
        button = view.children[0]
        assert isinstance(field, discord.ui.TextInput) and isinstance(button, discord.ui.Button)
        return field.label, field.placeholder, button.label

    import asyncio

    label, placeholder, button_label = asyncio.run(build())
    assert (len(label), len(placeholder or ""), len(button_label or "")) == (45, 100, 80)
