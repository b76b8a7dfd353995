"""The translation core: the language of the moment, lookups by constant and English, fallbacks."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

import cogs.wins.messages as wins_words
from bot.core import i18n


@pytest.fixture
def catalogues(tmp_path: Path):
    catalog = Catalog(locale="de")
    catalog.add(wins_words.WIN_POSTED, "Dein Erfolg steht in {channel}.", context="wins.WIN_POSTED")
    catalog.add("stale English", "veraltet", context="wins.MINE_TITLE")  # the English changed since
    with (tmp_path / "de.po").open("wb") as handle:
        write_po(handle, catalog)
    i18n.use_catalogues(tmp_path)
    yield tmp_path
    i18n.use_catalogues(None)


def test_a_constant_answers_in_the_language_of_the_moment(catalogues: Path) -> None:
    assert wins_words.WIN_POSTED == "Your win is up in {channel}. It counts."
    with i18n.speaking("de"):
        assert wins_words.WIN_POSTED == "Dein Erfolg steht in {channel}."
    assert wins_words.WIN_POSTED == "Your win is up in {channel}. It counts."


def test_untranslated_or_stale_entries_fall_back_to_english(catalogues: Path) -> None:
    with i18n.speaking("de"):
        assert wins_words.MINE_TITLE == "Your wins"  # its msgid no longer matches the English
        assert wins_words.DIGEST_TITLE == "This week in small wins"  # not in the catalogue at all
    with i18n.speaking("fr"):  # no catalogue file in this folder
        assert wins_words.WIN_POSTED.startswith("Your win")


def test_an_unknown_language_means_english() -> None:
    with i18n.speaking("xx"):
        assert i18n.current_language() == "en"


def test_each_task_keeps_its_own_language(catalogues: Path) -> None:
    async def speak(language: str) -> str:
        i18n.set_language(language)
        await asyncio.sleep(0)
        return wins_words.WIN_POSTED

    async def both() -> list[str]:
        return list(await asyncio.gather(speak("de"), speak("en")))

    german, english = asyncio.run(both())
    assert german.startswith("Dein") and english.startswith("Your")


@pytest.mark.parametrize(
    ("member", "server", "expected"),
    [
        ("de", "es", "de"),  # the member's client language first
        ("ja", "es", "es"),  # a language Hearth lacks: the server's
        ("ja", None, "en"),  # then English
        (None, "ar", "ar"),  # Arabic has no Discord client locale; the server setting carries it
        ("es-419", None, "es"),
        ("pt-BR", "de", "pt-BR"),
        ("en-GB", "de", "en"),
    ],
)
def test_choose_language(member: str | None, server: str | None, expected: str) -> None:
    assert i18n.choose_language(member, server) == expected


def test_placeholders_and_words() -> None:
    assert i18n.placeholders("Day {days} of {name}") == {"days", "name"}
    assert i18n.placeholders("{{literal}} {x}") == {"x"}
    assert not i18n.is_words("🎉 {count}")
    assert i18n.is_words("🎉 celebrate · {count}")
