"""/resources search and the moderators' /resource add, edit and remove."""

from __future__ import annotations

from typing import Any

from tests.conftest import Community

GOOD = {
    "title": "Night circle for insomnia",
    "url": "https://circle.example.net/nights",
    "description": "A weekly online circle for nights when sleep won't come.",
    "topics": "sleep, self_care",
}


async def add_resource(c: Community, values: dict[str, str] | None = None) -> Any:
    shown = await c.mod.slash(c.channels["general"], "resource add")
    assert shown.modal is not None
    return await c.mod.submit_modal(shown, values or GOOD)


def titles(result: Any) -> list[str]:
    return [field.name.removeprefix("📌 ") for field in result.response.embeds[0].fields]


async def test_moderator_adds_a_resource_and_members_find_it(community: Community) -> None:
    c = community
    added = await add_resource(c)
    assert added.ephemeral and "Added #1" in added.response.content
    found = await c.alice.slash(c.channels["general"], "resources", query="insomn")
    assert found.ephemeral
    assert "Night circle for insomnia" in titles(found)
    assert "from this server's moderators" in found.response.embeds[0].fields[0].value or any(
        "from this server's moderators" in f.value for f in found.response.embeds[0].fields
    )


async def test_member_calling_resource_add_is_refused(community: Community) -> None:
    c = community
    assert not any(name.startswith("resource ") for name in c.alice.available_commands(c.channels["general"]))
    commands = await c.bot.tree.fetch_commands()
    group = next(cmd for cmd in commands if cmd.name == "resource")
    c.guild.set_command_permissions(group, {c.roles["member"]: True})
    refused = await c.alice.slash(c.channels["general"], "resource add")
    assert refused.ephemeral and refused.modal is None
    assert "for moderators" in refused.response.content
    assert await c.bot.db.fetchall("SELECT * FROM server_resources") == []


async def test_bad_link_is_refused_with_the_reason_and_the_text_given_back(community: Community) -> None:
    c = community
    result = await add_resource(c, {**GOOD, "url": "https://bit.ly/3abc"})
    assert result.ephemeral
    assert "bit.ly is a link shortener" in result.response.content
    assert "A weekly online circle" in result.response.content  # nothing typed is lost
    result = await add_resource(c, {**GOOD, "url": "https://discord.gg/support"})
    assert "invite links can't be added" in result.response.content
    assert await c.bot.db.fetchall("SELECT * FROM server_resources") == []


async def test_duplicate_resource_is_refused(community: Community) -> None:
    c = community
    await add_resource(c)
    again = await add_resource(c, {**GOOD, "title": "Another name", "url": "http://www.circle.example.net/nights/"})
    assert "already has that link: #1" in again.response.content


async def test_moderator_edits_and_removes_a_resource(community: Community) -> None:
    c = community
    await add_resource(c)
    shown = await c.mod.slash(c.channels["general"], "resource edit", resource="1")
    assert shown.modal is not None
    edited = await c.mod.submit_modal(shown, {**GOOD, "title": "Sleepless nights circle"})
    assert "Saved #1" in edited.response.content
    found = await c.alice.slash(c.channels["general"], "resources", query="sleepless")
    assert titles(found) == ["Sleepless nights circle"]
    removed = await c.mod.slash(c.channels["general"], "resource remove", resource="1")
    assert "Removed #1" in removed.response.content
    gone = await c.alice.slash(c.channels["general"], "resources", query="sleepless")
    assert gone.response.embeds == [] and "closest" in gone.response.content


async def test_editing_a_resource_that_does_not_exist_is_explained(community: Community) -> None:
    c = community
    result = await c.mod.slash(c.channels["general"], "resource edit", resource="99")
    assert result.ephemeral and "no resource `99`" in result.response.content


async def test_search_results_are_private_and_paginated(community: Community) -> None:
    c = community
    first = await c.alice.slash(c.channels["general"], "resources")
    assert first.ephemeral
    assert "Page 1 of" in first.response.embeds[0].footer.text
    page_one = titles(first)
    second = await c.alice.click(first.response.message, label="Next")
    assert "Page 2 of" in second.response.message.embeds[0].footer.text
    assert set(titles(second)).isdisjoint(page_one)
    back = await c.alice.click(first.response.message, label="Previous")
    assert titles(back) == page_one


async def test_topic_filter_and_no_match_suggestion(community: Community) -> None:
    c = community
    sleep = await c.alice.slash(c.channels["general"], "resources", topic="sleep")
    labels = [field.value for field in sleep.response.embeds[0].fields]
    assert labels and all("Sleep" in value for value in labels)
    nothing = await c.alice.slash(c.channels["general"], "resources", query="grefi")
    assert nothing.ephemeral and "`grief`" in nothing.response.content


async def test_opening_a_card_from_the_results_shows_it_in_full(community: Community) -> None:
    c = community
    found = await c.alice.slash(c.channels["general"], "resources", query="unhealthy")
    message = found.response.message
    select = message.components[0].children[0]
    card_ref = next(option.value for option in select.options if option.value.startswith("card-"))
    opened = await c.alice.select(message, [card_ref], custom_id=select.custom_id)
    assert opened.ephemeral
    card = c.bot.content.resources.card(card_ref)
    assert card is not None and opened.response.embeds[0].title == card.title


async def test_resources_and_crisis_work_in_dms_with_built_in_entries(community: Community) -> None:
    c = community
    await add_resource(c)
    result = await c.alice.user.slash("resources", query="insomnia")
    assert result.ephemeral
    assert "Night circle for insomnia" not in titles(result)  # a server's entry stays in its server


async def test_title_autocomplete_offers_server_and_built_in_titles(community: Community) -> None:
    c = community
    await add_resource(c)
    choices = await c.alice.autocomplete(c.channels["general"], "resources", "query", "night")
    assert "Night circle for insomnia" in [choice["value"] for choice in choices]
    choices = await c.alice.autocomplete(c.channels["general"], "resources", "query", "signs")
    assert choices


async def test_library_switched_off_is_explained(community: Community) -> None:
    c = community
    await c.configure(features__resources=False)
    result = await c.alice.slash(c.channels["general"], "resources", query="grief")
    assert result.ephemeral and "switched off" in result.response.content
    crisis = await c.alice.slash(c.channels["general"], "crisis")  # crisis lines never switch off
    assert crisis.response.embeds


async def test_server_resources_and_pins_survive_a_restart(community: Community) -> None:
    c = community
    await add_resource(c)
    await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    await c.restart()
    found = await c.alice.slash(c.channels["general"], "resources", query="insomnia")
    assert found.response.embeds[0].fields[0].name == "📌 Night circle for insomnia"
    everything = await c.alice.slash(c.channels["general"], "resources")
    total = len(c.bot.content.resources.resources) + len(c.bot.content.resources.cards) + 1
    assert f"{total} found" in everything.response.embeds[0].footer.text  # built-ins indexed once, not twice
