"""A member reads what Hearth keeps, downloads it, and deletes it."""

from __future__ import annotations

import json
from typing import Any

import simcord

from cogs.privacy import messages as words
from tests.cogs.privacy.fakes import FailingStore, NotesStore
from tests.conftest import Community


async def notes(c: Community) -> NotesStore:
    """A registered test store holding wins and infractions in a real table."""
    store = await NotesStore(c.bot.db).create()
    c.bot.member_data.register(store)
    return store


async def read_export(result: simcord.InteractionResult) -> dict[str, Any]:
    """The JSON file attached to a /mydata reply."""
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None and reply.ephemeral
    assert len(reply.attachments) == 1
    data: dict[str, Any] = json.loads(await reply.attachments[0].read())
    return data


def last(result: simcord.InteractionResult) -> Any:
    """The last private answer to an interaction (a deferred reply's first followup is its response)."""
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    return reply


def reply_text(result: simcord.InteractionResult) -> str:
    """The text of the last private answer to an interaction."""
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    return reply.content


async def test_privacy_explains_every_area_privately_with_this_servers_periods(community: Community) -> None:
    c = community
    await c.configure(
        anonymous__retention_days=14, privacy__member_leave_grace_days=7, privacy__keep_infractions_on_forget=False
    )
    result = await c.alice.slash(c.channels["general"], "privacy")
    assert result.ephemeral
    embed = result.response.embeds[0]
    names = [field.name for field in embed.fields]
    for area, _ in words.STORED_AREAS:
        assert area in names
    for area in (
        "Anonymous posts",
        "Wins and celebrations",
        "Day counters and slips",
        "Reports and moderation",
        "Joining and the spam guard",
        "Crisis support",
        "Daily prompts",
        "Server settings",
    ):
        assert area in names
    text = str(embed.to_dict())
    assert "erased after 14 days" in text
    assert "deleted after 7 days unless you come back" in text
    assert "also deletes warnings" in text
    assert "Never stored" in names and "/forgetme" in text and "/mydata" in text


async def test_privacy_works_in_dms_with_hearths_defaults(community: Community) -> None:
    result = await community.alice.user.slash("privacy")
    assert result.ephemeral or result.response.message.guild is None
    text = str(result.response.embeds[0].to_dict())
    assert "Each server chooses its own retention periods" in text
    assert "erased after 30 days" in text


async def test_mydata_gives_a_private_json_file_with_a_summary(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "ten days without checking their page")
    await store.add(c.guild.id, c.bob.id, "win", "bob's own win")
    result = await c.alice.slash(c.channels["general"], "mydata")
    data = await read_export(result)
    assert data["about"]["server_id"] == str(c.guild.id)
    assert data["data"]["test_notes"]["notes"] == [
        {"guild_id": c.guild.id, "kind": "win", "text": "ten days without checking their page"}
    ]
    assert "bob's own win" not in json.dumps(data)
    assert "Test notes: 1" in reply_text(result)


async def test_mydata_for_a_moderator_includes_their_settings_changes(community: Community) -> None:
    c = community
    data = await read_export(await c.mod.slash(c.channels["general"], "mydata"))
    changes = data["data"]["server_settings"]["settings_changes_made"]
    assert {"channels.wins", "roles.member"} <= {change["setting"] for change in changes}


async def test_mydata_with_nothing_stored_says_so_without_a_file(community: Community) -> None:
    result = await community.bob.slash(community.channels["general"], "mydata")
    assert "holds nothing about you" in reply_text(result)


async def test_mydata_in_dms_covers_every_server(community: Community) -> None:
    c = community
    other = c.env.create_guild("Second circle")
    other.create_text_channel("general")
    other.add_member(c.alice.user)
    await c.env.settle()
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "first server win")
    await store.add(other.id, c.alice.id, "win", "second server win")
    data = await read_export(await c.alice.user.slash("mydata"))
    assert data["about"]["server_id"] is None
    assert {note["text"] for note in data["data"]["test_notes"]["notes"]} == {"first server win", "second server win"}


async def test_forgetme_asks_first_and_keep_everything_changes_nothing(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "kept")
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    assert last(asked).ephemeral
    assert "can't be undone" in last(asked).content
    done = await c.alice.click(last(asked).message, label=words.BUTTON_CANCEL)
    assert reply_text(done) == words.FORGET_CANCELLED
    assert await store.rows(c.alice.id) == [(c.guild.id, c.alice.id, "win", "kept")]


async def test_forgetme_in_a_server_deletes_only_that_server_and_keeps_infractions_by_policy(
    community: Community,
) -> None:
    c = community
    other = c.env.create_guild("Second circle")
    await c.env.settle()
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "here")
    await store.add(c.guild.id, c.alice.id, "infraction", "warned for spam")
    await store.add(other.id, c.alice.id, "win", "elsewhere")
    await store.add(c.guild.id, c.bob.id, "win", "bob's")
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    assert words.FORGET_INFRACTIONS_KEPT in last(asked).content
    done = await c.alice.click(last(asked).message, label=words.BUTTON_DELETE)
    assert "no longer holds your data" in reply_text(done)
    assert words.FORGET_INFRACTIONS_KEPT in reply_text(done)
    assert await store.rows() == [
        (c.guild.id, c.alice.id, "infraction", "warned for spam"),
        (other.id, c.alice.id, "win", "elsewhere"),
        (c.guild.id, c.bob.id, "win", "bob's"),
    ]


async def test_forgetme_deletes_infractions_when_the_server_does_not_keep_them(community: Community) -> None:
    c = community
    await c.configure(privacy__keep_infractions_on_forget=False)
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "infraction", "warned")
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    assert words.FORGET_INFRACTIONS_DELETED in last(asked).content
    done = await c.alice.click(last(asked).message, label=words.BUTTON_DELETE)
    assert words.FORGET_INFRACTIONS_DELETED in reply_text(done)
    assert await store.rows(c.alice.id) == []


async def test_forgetme_from_dms_deletes_every_server(community: Community) -> None:
    c = community
    other = c.env.create_guild("Second circle")
    other.create_text_channel("general")
    other.add_member(c.mod.user)
    await c.env.settle()
    store = await notes(c)
    await store.add(c.guild.id, c.mod.id, "win", "a")
    await store.add(other.id, c.mod.id, "win", "b")
    await store.add(other.id, c.bob.id, "win", "bob's")
    asked = await c.mod.user.slash("forgetme")
    assert "every server" in last(asked).content
    done = await c.mod.user.click(last(asked).message, label=words.BUTTON_DELETE)
    assert "no longer holds your data in every server" in reply_text(done)
    assert await store.rows() == [(other.id, c.bob.id, "win", "bob's")]
    entries = await c.bot.guild_settings.repository.audit(c.guild.id)
    assert entries and all(entry.actor_id == 0 for entry in entries)  # settings changes no longer name them


async def test_a_failing_store_rolls_the_whole_deletion_back(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.mod.id, "win", "must survive")
    c.bot.member_data.register(FailingStore())
    asked = await c.mod.slash(c.channels["general"], "forgetme")
    done = await c.mod.click(last(asked).message, label=words.BUTTON_DELETE)
    assert "**nothing** was deleted" in reply_text(done)
    assert await store.rows(c.mod.id) == [(c.guild.id, c.mod.id, "win", "must survive")]
    entries = await c.bot.guild_settings.repository.audit(c.guild.id)
    assert entries and all(entry.actor_id == c.mod.id for entry in entries)  # earlier store rolled back too


async def test_forgetme_can_also_remove_the_members_posts_from_discord(community: Community) -> None:
    c = community
    store = await notes(c)
    wins = c.bot.get_channel(c.channels["wins"].id)
    assert wins is not None and hasattr(wins, "send")
    post = await wins.send("A win was shared")
    await store.add(c.guild.id, c.alice.id, "win", "shared", channel_id=wins.id, message_id=post.id)
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    assert "posted 1 message(s) for you" in last(asked).content
    done = await c.alice.click(last(asked).message, label=words.BUTTON_DELETE_WITH_POSTS)
    assert "1 of your posts were removed from Discord" in reply_text(done)
    assert all(message.id != post.id for message in c.channels["wins"].history())
    assert await store.rows(c.alice.id) == []


async def test_forgetme_without_posts_offers_no_post_button(community: Community) -> None:
    c = community
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    labels = [child["label"] for row in last(asked).components for child in row["components"]]
    assert words.BUTTON_DELETE_WITH_POSTS not in labels and words.BUTTON_DELETE in labels


async def test_someone_else_cannot_press_a_members_forget_buttons(community: Community) -> None:
    c = community
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "mine")
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    try:
        await c.bob.click(last(asked).message, label=words.BUTTON_DELETE)
    except simcord.SetupError:
        pass  # ephemeral: bob cannot even see it, as on Discord
    assert await store.rows(c.alice.id) != []


async def test_forgetme_removes_the_real_anonymous_posts_wins_and_suggestion_cards_from_discord(
    community: Community,
) -> None:
    from tests.behaviour.anon_helpers import posts, share

    c = community
    await share(c, c.alice, "Four months and I still set two cups out")
    await c.alice.slash(c.channels["general"], "win", text="I cooked for myself tonight")
    await c.alice.slash(c.channels["general"], "win", text="Did not open his profile", anonymous=True)
    shown = await c.alice.slash(c.channels["general"], "prompt suggest", theme="hope")
    await c.alice.submit_modal(shown, {"text": "What does a kind evening look like for you?", "content_warning": ""})
    await share(c, c.bob, "Bob's post stays where it is")
    ours = [m.id for m in posts(c.channels["anonymous"])]
    assert len(ours) == 2 and len(c.channels["wins"].history()) == 2
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    assert "posted 4 message(s) for you" in last(asked).content
    done = await c.alice.click(last(asked).message, label=words.BUTTON_DELETE_WITH_POSTS)
    assert "4 of your posts were removed from Discord" in reply_text(done)
    assert [m.id for m in posts(c.channels["anonymous"])] == [ours[1]]  # only Bob's
    assert c.channels["wins"].history() == []
    assert not any("kind evening" in str(m.embeds[0].to_dict()) for m in c.channels["mod-alerts"].history() if m.embeds)


def test_every_data_store_has_words_in_the_forgetme_question(community: Community) -> None:
    from cogs.privacy import messages as privacy_words

    names = {store.name for store in community.bot.member_data.stores}
    assert names - set(privacy_words.FORGET_PHRASES) == set()
    assert names - set(privacy_words.STORE_LABELS) == set()
