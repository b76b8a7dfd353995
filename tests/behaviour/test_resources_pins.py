"""/resource pin, unpin and pins: cards in the resources channel, Discord's 50-pin limit, pins changed by hand."""

from __future__ import annotations

from typing import Any

from tests.behaviour.test_resources import add_resource, titles
from tests.conftest import Community


async def pin_rows(c: Community) -> list[Any]:
    return await c.bot.db.fetchall("SELECT ref, message_id FROM resource_pins WHERE guild_id = ?", (c.guild.id,))


async def test_moderator_pins_a_resource_card_and_it_comes_first_in_search(community: Community) -> None:
    c = community
    await add_resource(c)
    result = await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    assert result.ephemeral and "Pinned" in (
        result.followups[-1].content if result.followups else result.response.content
    )
    pinned = c.channels["resources"].pinned_messages()
    assert len(pinned) == 1 and pinned[0].embeds[0].title == "Night circle for insomnia"
    assert [row["ref"] for row in await pin_rows(c)] == ["1"]
    found = await c.alice.slash(c.channels["general"], "resources", topic="sleep")
    first = found.response.embeds[0].fields[0]
    assert first.name == "📌 Night circle for insomnia"
    listed = await c.mod.slash(c.channels["general"], "resource pins")
    text = listed.followups[-1].embeds[0].description if listed.followups else listed.response.embeds[0].description
    assert "Night circle for insomnia" in text


async def test_a_built_in_card_can_be_pinned_and_unpinned(community: Community) -> None:
    c = community
    card = c.bot.content.resources.cards[0]
    await c.mod.slash(c.channels["general"], "resource pin", resource=card.id)
    assert [m.embeds[0].title for m in c.channels["resources"].pinned_messages()] == [card.title]
    again = await c.mod.slash(c.channels["general"], "resource pin", resource=card.id)
    assert "already pinned" in _last_text(again)
    unpinned = await c.mod.slash(c.channels["general"], "resource unpin", resource=card.id)
    assert "Unpinned" in unpinned.response.content
    assert c.channels["resources"].pinned_messages() == []
    assert await pin_rows(c) == []
    not_pinned = await c.mod.slash(c.channels["general"], "resource unpin", resource=card.id)
    assert "isn't pinned" in not_pinned.response.content


def _last_text(result: Any) -> str:
    return str(result.followups[-1].content if result.followups else result.response.content)


async def test_a_full_pin_board_is_explained_and_nothing_is_left_behind(community: Community) -> None:
    c = community
    await add_resource(c)
    for number in range(50):
        message = await c.mod.send(c.channels["resources"], f"notice {number}")
        await c.mod.set_pinned(message, True)
    assert len(c.channels["resources"].pinned_messages()) == 50
    before = len(c.channels["resources"].history())
    result = await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    assert result.ephemeral
    assert "50 pinned messages, which is Discord's limit" in _last_text(result)
    assert len(c.channels["resources"].history()) == before  # no stray card posted
    assert await pin_rows(c) == []


async def test_a_pin_removed_by_hand_is_noticed(community: Community) -> None:
    c = community
    await add_resource(c)
    await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    card = c.channels["resources"].pinned_messages()[0]
    await c.mod.set_pinned(card, False)  # a moderator unpins it in Discord
    assert await pin_rows(c) == []
    found = await c.alice.slash(c.channels["general"], "resources", topic="sleep")
    assert not found.response.embeds[0].fields[0].name.startswith("📌")
    again = await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    assert "Pinned" in _last_text(again)


async def test_a_pinned_card_deleted_by_hand_is_noticed(community: Community) -> None:
    c = community
    await add_resource(c)
    await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    await c.mod.delete(c.channels["resources"].pinned_messages()[0])
    assert await pin_rows(c) == []


async def test_resource_pins_repairs_records_of_pins_that_are_gone(community: Community) -> None:
    c = community
    await c.bot.db.execute(
        "INSERT INTO resource_pins (guild_id, ref, channel_id, message_id, pinned_by, pinned_at) "
        "VALUES (?, 'res-001', ?, 123456789, 0, '2026-01-01T00:00:00+00:00')",
        (c.guild.id, c.channels["resources"].id),
    )
    listed = await c.mod.slash(c.channels["general"], "resource pins")
    assert "1 pin(s) had been removed by hand" in _last_text(listed)
    assert await pin_rows(c) == []


async def test_removing_or_editing_a_pinned_resource_updates_its_card(community: Community) -> None:
    c = community
    await add_resource(c)
    await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    shown = await c.mod.slash(c.channels["general"], "resource edit", resource="1")
    from tests.behaviour.test_resources import GOOD

    await c.mod.submit_modal(shown, {**GOOD, "title": "Sleepless nights circle"})
    assert c.channels["resources"].pinned_messages()[0].embeds[0].title == "Sleepless nights circle"
    removed = await c.mod.slash(c.channels["general"], "resource remove", resource="1")
    assert "pinned card was taken down" in removed.response.content
    assert c.channels["resources"].pinned_messages() == []
    assert await pin_rows(c) == []
    assert titles(await c.alice.slash(c.channels["general"], "resources", topic="sleep"))


async def test_pinning_without_a_resources_channel_is_explained(bare_community: Community) -> None:
    c = bare_community
    result = await c.mod.slash(c.channels["general"], "resource pin", resource="res-001")
    assert "hasn't chosen a resources channel" in _last_text(result)


async def test_pinning_is_for_moderators(community: Community) -> None:
    c = community
    commands = await c.bot.tree.fetch_commands()
    group = next(cmd for cmd in commands if cmd.name == "resource")
    c.guild.set_command_permissions(group, {c.roles["member"]: True})
    refused = await c.alice.slash(c.channels["general"], "resource pin", resource="res-001")
    assert "for moderators" in refused.response.content
    assert c.channels["resources"].pinned_messages() == []


async def test_a_pinned_card_never_pings_anyone(community: Community) -> None:
    from tests.behaviour.test_resources import GOOD

    c = community
    await add_resource(c, {**GOOD, "description": "For @everyone and <@&123> who can't sleep."})
    await c.mod.slash(c.channels["general"], "resource pin", resource="1")
    posts = [
        r
        for r in c.env.http_requests
        if r.method == "POST" and r.path == f"/channels/{c.channels['resources'].id}/messages"
    ]
    assert len(posts) == 1
    assert posts[0].json["allowed_mentions"]["parse"] == []
    description = c.channels["resources"].pinned_messages()[0].embeds[0].description
    assert "@everyone" not in description and "<@&123>" not in description
