"""Hearth speaks the member's language: private replies, command descriptions, public posts, DMs.

These run against the catalogues and content shipped in content/locales, so they also prove that the
German, Spanish and Turkish words exist (a test fails if the text is still the English).
"""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest
import simcord
import simcord.interactions

from bot.core import i18n
from cogs.moderation import messages as moderation_words
from cogs.privacy import messages as privacy_words
from cogs.safety import messages as safety_words
from cogs.wins import messages as wins_words
from tests.conftest import Community

CRISIS = "I have the pills ready and I am going to end it tonight"


@pytest.fixture
def client_locale(monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """{user id: Discord locale}: every interaction those users make carries that client language.

    SimCord sends "en-US" for everyone; this sets the `locale` field Discord sends for each member.
    """
    locales: dict[int, str] = {}
    original = simcord.interactions.base_payload

    def with_locale(*args: Any, **kwargs: Any) -> Any:
        record, payload = original(*args, **kwargs)
        user_id = kwargs.get("user_id")
        if user_id in locales:
            payload["locale"] = locales[user_id]
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", with_locale)
    return locales


def said_in(language: str, read: Any) -> Any:
    """What `read()` gives in `language` (e.g. a messages constant), checked to differ from English."""
    with i18n.speaking(language):
        translated = read()
    assert translated != read(), f"no {language} translation shipped for this text"
    return translated


def reply_of(result: simcord.InteractionResult) -> discord.Message:
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    return reply


async def test_a_german_client_gets_german_private_replies(community: Community, client_locale: dict[int, str]) -> None:
    c = community
    client_locale[c.alice.id] = "de"
    result = await c.alice.slash(c.channels["general"], "win", text="Ich habe heute gekocht")
    channel = f"<#{c.channels['wins'].id}>"
    expected = said_in("de", lambda: wins_words.WIN_POSTED.format(channel=channel))
    assert reply_of(result).content == expected
    # Bob's client is English: the same command answers him in English.
    english = await c.bob.slash(c.channels["general"], "win", text="I went outside")
    assert reply_of(english).content == wins_words.WIN_POSTED.format(channel=channel)


async def test_command_descriptions_are_sent_in_german(community: Community) -> None:
    c = community
    commands = {command.name: command for command in await c.bot.tree.fetch_commands()}
    win = commands["win"]
    german = win.description_localizations.get(discord.Locale.german)
    assert german is not None and german != win.description
    assert win.name_localizations.get(discord.Locale.german) is None  # names stay /win for everyone
    assert i18n.lookup("de", "commands.command_description", win.description) == german


async def test_a_spanish_servers_daily_prompt_is_spanish(community: Community) -> None:
    c = community
    await c.configure(language="es")
    await c.mod.slash(c.channels["general"], "prompts-admin now")
    [(prompt_id,)] = await c.bot.db.fetchall("SELECT prompt_id FROM prompt_posts WHERE status = 'posted'")
    spanish = {prompt.id: prompt for prompt in c.bot.content.prompts_by_language["es"]}
    assert prompt_id in spanish
    [posted] = [m for m in c.channels["prompts"].history() if m.author.bot and m.embeds]
    assert spanish[prompt_id].text in (posted.embeds[0].description or "")
    assert posted.embeds[0].footer.text.startswith(spanish[prompt_id].theme.label) is False  # English label would be
    with i18n.speaking("es"):
        assert posted.embeds[0].footer.text.startswith(spanish[prompt_id].theme.label)


async def test_a_language_hearth_lacks_falls_back_to_the_servers_then_english(
    community: Community, client_locale: dict[int, str]
) -> None:
    c = community
    client_locale[c.alice.id] = "ja"  # Japanese: Hearth has no catalogue for it
    channel = f"<#{c.channels['wins'].id}>"
    english = await c.alice.slash(c.channels["general"], "win", text="first")
    assert reply_of(english).content == wins_words.WIN_POSTED.format(channel=channel)
    await c.configure(language="de")
    german = await c.alice.slash(c.channels["general"], "win", text="second")
    assert reply_of(german).content == said_in("de", lambda: wins_words.WIN_POSTED.format(channel=channel))


async def test_the_crisis_dm_is_in_turkish_for_a_turkish_client(
    community: Community, client_locale: dict[int, str]
) -> None:
    c = community
    client_locale[c.alice.id] = "tr"
    await c.alice.slash(c.channels["general"], "privacy")  # any interaction: Hearth learns her client language
    await c.alice.send(c.channels["general"], CRISIS)
    [dm] = [m for m in c.alice.user.dm_channel.history() if m.author.bot]
    assert dm.content.startswith(said_in("tr", lambda: safety_words.NOT_ALONE))


async def test_mydata_shows_the_kept_language_and_forgetme_removes_it(
    community: Community, client_locale: dict[int, str]
) -> None:
    c = community
    client_locale[c.alice.id] = "pt-BR"
    result = await c.alice.slash(c.channels["general"], "mydata")
    reply = reply_of(result)
    data = json.loads(await reply.attachments[0].read())
    assert data["data"]["language"]["client_language"][0]["language"] == "pt-BR"
    label = said_in("pt-BR", lambda: privacy_words.STORE_LABELS["language"])
    assert label in reply.content
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    delete = said_in("pt-BR", lambda: privacy_words.BUTTON_DELETE)
    await c.alice.click(reply_of(asked), label=delete)
    rows = await c.bot.db.fetchall("SELECT user_id FROM member_languages")
    assert [tuple(row) for row in rows] == []


async def test_an_english_client_keeps_nothing(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "privacy")
    assert await c.bot.db.fetchall("SELECT user_id FROM member_languages") == []


async def test_a_german_moderators_refusal_is_one_german_sentence(
    community: Community, client_locale: dict[int, str]
) -> None:
    """No English verb inside a translated sentence: warning yourself is refused wholly in German."""
    c = community
    client_locale[c.mod.id] = "de"
    result = await c.mod.slash(c.channels["general"], "mod warn", member=c.mod, reason="test")
    assert result.ephemeral
    assert reply_of(result).content == said_in("de", lambda: moderation_words.CANNOT_SELF)
    assert "warn" not in (reply_of(result).content or "")
