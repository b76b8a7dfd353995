"""/crisis: private crisis lines for a listed country, an unlisted one, a saved one; nothing stored."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import Community


def _text(result) -> str:  # type: ignore[no-untyped-def]
    embed = result.response.embeds[0]
    parts = [result.response.content or "", embed.title or "", embed.description or ""]
    parts += [f"{field.name} {field.value}" for field in embed.fields]
    return "\n".join(parts)


async def _stored_rows(c: Community) -> int:
    row = await c.bot.db.fetchone("SELECT COUNT(*) FROM member_crisis_country")
    assert row is not None
    return int(row[0])


async def test_crisis_for_a_listed_country_shows_its_lines_privately(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "crisis", country="US")
    assert result.ephemeral
    text = _text(result)
    assert "United States" in text
    assert "988" in text and "741741" in text
    assert "findahelpline.com" in text
    assert c.channels["general"].last_message is None  # nothing public


async def test_crisis_for_an_unlisted_country_gives_the_directory_and_emergency_advice(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "crisis", country="AQ")  # Antarctica: no lines
    assert result.ephemeral
    text = _text(result)
    assert "findahelpline.com" in text
    assert "local emergency number" in text


async def test_crisis_with_a_country_it_does_not_know_still_helps(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "crisis", country="Atlantis")
    assert result.ephemeral
    assert 'don\'t know "Atlantis"' in result.response.content
    assert "findahelpline.com" in _text(result)


async def test_crisis_uses_the_server_country_when_none_is_given(community: Community) -> None:
    c = community
    await c.configure(country="DE")
    result = await c.alice.slash(c.channels["general"], "crisis")
    assert "Germany" in _text(result) and "0800 111 0 111" in _text(result)


async def test_crisis_prefers_the_members_saved_country_over_the_server(community: Community) -> None:
    c = community
    await c.configure(country="DE")
    saved = await c.alice.slash(c.channels["general"], "crisis-country set", country="NZ")
    assert saved.ephemeral and "New Zealand" in saved.response.content
    result = await c.alice.slash(c.channels["general"], "crisis")
    assert "New Zealand" in _text(result) and "1737" in _text(result)
    # Bob saved nothing: he gets the server's country.
    assert "Germany" in _text(await c.bob.slash(c.channels["general"], "crisis"))
    # An explicit option still wins over the saved country.
    assert "Australia" in _text(await c.alice.slash(c.channels["general"], "crisis", country="AU"))


async def test_saved_country_can_be_forgotten(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "crisis", country="GB", remember=True)
    assert await _stored_rows(c) == 1
    cleared = await c.alice.slash(c.channels["general"], "crisis-country clear")
    assert cleared.ephemeral and "Forgotten" in cleared.response.content
    assert await _stored_rows(c) == 0
    result = await c.alice.slash(c.channels["general"], "crisis")
    assert "findahelpline.com" in _text(result) and "United Kingdom" not in _text(result)


async def test_crisis_works_in_direct_messages(community: Community) -> None:
    c = community
    result = await c.alice.user.slash("crisis", country="IE")
    assert result.ephemeral
    assert "Ireland" in _text(result) and "116 123" in _text(result)


async def test_crisis_stores_and_logs_nothing_about_who_asked(
    community: Community, caplog: pytest.LogCaptureFixture
) -> None:
    c = community
    caplog.set_level(logging.DEBUG)
    tables = await c.bot.db.table_names()
    before = {t: (await c.bot.db.fetchone(f"SELECT COUNT(*) FROM {t}"))[0] for t in tables}  # type: ignore[index]
    caplog.clear()
    await c.alice.slash(c.channels["general"], "crisis", country="US")
    await c.alice.slash(c.channels["general"], "crisis")
    await c.alice.user.slash("crisis", country="CA")
    after = {t: (await c.bot.db.fetchone(f"SELECT COUNT(*) FROM {t}"))[0] for t in tables}  # type: ignore[index]
    assert after == before
    # Hearth's own logs (discord.py's DEBUG transport logs are the library's, off in production).
    hearth = [r for r in caplog.records if r.name.split(".")[0] in ("bot", "cogs")]
    assert all(str(c.alice.id) not in record.getMessage() for record in hearth)
    assert all(str(c.alice.id) not in str(record.args) for record in hearth)


async def test_country_picker_autocompletes_names_and_codes(community: Community) -> None:
    c = community
    choices = await c.alice.autocomplete(c.channels["general"], "crisis", "country", "germ")
    assert choices[0]["value"] == "DE"
    choices = await c.alice.autocomplete(c.channels["general"], "crisis", "country", "nz")
    assert choices[0]["value"] == "NZ"
