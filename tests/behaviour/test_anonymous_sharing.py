"""A member shares anonymously: the post, replies, deletion, DMs, and every failure returning the text."""

from __future__ import annotations

import json

from tests.behaviour.anon_helpers import dms, posts, said, share
from tests.conftest import Community


async def test_share_posts_an_embed_signed_with_a_pseudonym_and_opens_a_thread(community: Community) -> None:
    c = community
    result = await share(c, c.alice, "I still miss him some evenings.", topic="missing")
    assert result.ephemeral
    post = posts(c.channels["anonymous"])[-1]
    embed = post.embeds[0]
    assert embed.description == "I still miss him some evenings."
    pseudonym = await c.bot.anonymity.pseudonym(c.guild.id, c.alice.id)
    assert embed.author.name == f"Anonymous · {pseudonym}"
    confirmation = [m for m in (result.response, *result.followups) if m and m.components][-1]
    links = [
        child.get("url")
        for row in confirmation.components
        for child in (row["components"] if isinstance(row, dict) else row.children)
        if isinstance(child, dict) and child.get("url")
    ]
    assert links == [post.jump_url]  # a button to the post, not a raw link in the text
    assert "http" not in said(result) and "only you can see" not in said(result).lower()  # Discord says that
    assert len(c.channels["anonymous"].threads) == 1
    row = await c.bot.db.fetchone("SELECT * FROM anonymous_posts")
    assert row is not None and row["author_key"] != str(c.alice.id) and row["status"] == "posted"


async def test_content_warning_hides_the_text_behind_a_spoiler(community: Community) -> None:
    c = community
    await share(c, c.alice, "My mother cried at the airport.", warning="family, leaving")
    embed = posts(c.channels["anonymous"])[-1].embeds[0]
    assert "Content warning:** family, leaving" in embed.description
    assert "||My mother cried at the airport.||" in embed.description


async def test_replies_are_anonymous_and_the_original_poster_is_marked_author(community: Community) -> None:
    c = community
    await share(c, c.alice, "Day one without texting her.")
    post = posts(c.channels["anonymous"])[-1]
    shown = await c.bob.context_menu(c.channels["anonymous"], "Reply anonymously", post)
    assert shown.modal is not None
    await c.bob.submit_modal(shown, {"text": "Proud of you.", "warning": ""})
    shown = await c.alice.slash(c.channels["general"], "share-reply", post=1)
    await c.alice.submit_modal(shown, {"text": "Thank you, it helps.", "warning": ""})
    thread = c.channels["anonymous"].threads[0]
    replies = posts(thread)
    bob_name = await c.bot.anonymity.pseudonym(c.guild.id, c.bob.id)
    alice_name = await c.bot.anonymity.pseudonym(c.guild.id, c.alice.id)
    assert [r.embeds[0].author.name for r in replies] == [
        f"Anonymous · {bob_name}",
        f"Anonymous · {alice_name} (author)",
    ]
    # a reply can also be started from a message inside the thread
    shown = await c.bob.context_menu(thread, "Reply anonymously", replies[-1])
    assert shown.modal is not None


async def test_replies_switched_off_means_no_thread_and_a_kind_refusal(community: Community) -> None:
    c = community
    await c.configure(anonymous__replies=False)
    await share(c, c.alice, "Quiet post.")
    assert c.channels["anonymous"].threads == []
    result = await c.bob.slash(c.channels["general"], "share-reply", post=1)
    assert result.ephemeral and "Replies to anonymous posts are switched off" in said(result)


async def test_author_deletes_their_post_with_the_private_button_even_after_a_restart(community: Community) -> None:
    c = community
    result = await share(c, c.alice, "Something I regret saying.")
    confirmation = next(m for m in [result.response, *result.followups] if m and m.components)
    await c.restart()
    assert posts(c.channels["anonymous"])
    done = await c.alice.click(confirmation, label="Delete my post")
    assert "Post #1 is deleted" in said(done)
    assert posts(c.channels["anonymous"]) == []


async def test_author_deletes_with_the_command_and_others_cannot(community: Community) -> None:
    c = community
    await share(c, c.alice, "Another thought.")
    refused = await c.bob.slash(c.channels["general"], "share-delete", post=1)
    assert "can't match you" in said(refused)
    done = await c.alice.slash(c.channels["general"], "share-delete", post=1)
    assert "deleted" in said(done) and posts(c.channels["anonymous"]) == []


async def test_share_in_dms_asks_which_server_when_the_member_shares_several(community: Community) -> None:
    c = community
    other = c.env.create_guild("Second Home")
    channel = other.create_text_channel("anon")
    other.add_member(c.alice.user)
    await c.env.settle()
    await c.bot.guild_settings.update(other.id, c.mod.id, {"channels.anonymous": channel.id})
    shown = await c.alice.user.slash("share")
    picker = shown.response
    assert picker is not None and "Which server" in picker.content
    options = [o["label"] for o in picker.components[0]["components"][0]["options"]]
    assert options == ["Hearth Test", "Second Home"]
    modal = await c.alice.user.select(picker, [str(other.id)])
    assert modal.modal is not None
    await c.alice.user.submit_modal(modal, {"text": "Posting from my DMs.", "warning": "", "topic": ""})
    assert posts(channel)[-1].embeds[0].description == "Posting from my DMs."
    assert posts(c.channels["anonymous"]) == []


async def test_share_in_dms_with_one_server_opens_the_modal_directly(community: Community) -> None:
    c = community
    shown = await c.bob.user.slash("share")
    assert shown.modal is not None
    await c.bob.user.submit_modal(shown, {"text": "From a DM.", "warning": "", "topic": ""})
    assert posts(c.channels["anonymous"])[-1].embeds[0].description == "From a DM."


async def test_mentions_in_anonymous_text_ping_no_one(community: Community) -> None:
    c = community
    text = f"@everyone @here <@&{c.roles['member'].id}> <@{c.bob.id}> <@!{c.bob.id}> listen"
    await share(c, c.alice, text, warning="@everyone", topic="@here")
    shown = await c.bob.slash(c.channels["general"], "share-reply", post=1)
    await c.bob.submit_modal(shown, {"text": f"<@{c.alice.id}> @everyone", "warning": ""})
    sent = [r for r in c.env.http_requests if r.method == "POST" and r.path.endswith("/messages") and r.json]
    assert len(sent) >= 2
    for request in sent:
        assert request.json.get("allowed_mentions") == {"parse": []}
        dumped = json.dumps(request.json, ensure_ascii=False)
        assert "@everyone" not in dumped and "@here" not in dumped and f"<@{c.bob.id}>" not in dumped
    for message in posts(c.channels["anonymous"]):
        assert not message.mention_everyone and not message.mentions and not message.role_mentions


async def test_doxxing_and_invites_are_refused_with_the_reason_and_the_text_back(community: Community) -> None:
    c = community
    text = "Call me on +44 7700 900123 or join discord.gg/abcdef"
    result = await share(c, c.alice, text)
    answer = said(result)
    assert "phone number" in answer and "invite link" in answer
    assert text in answer
    assert posts(c.channels["anonymous"]) == []


async def test_too_long_text_is_refused_and_returned_in_full(community: Community) -> None:
    c = community
    text = ("word " * 420).strip() + " END"
    result = await share(c, c.alice, text)
    answer = said(result)
    assert "1,800" in answer
    assert answer.replace("\n", "").count("word") >= 420 and "END" in answer
    assert posts(c.channels["anonymous"]) == []


async def test_deleted_channel_returns_the_text(community: Community) -> None:
    c = community
    await c.bot.get_channel(c.channels["anonymous"].id).delete()
    result = await share(c, c.alice, "Please don't lose this.")
    answer = said(result)
    assert "couldn't post it" in answer or "hasn't chosen" in answer or "no longer exists" in answer
    assert "Please don't lose this." in answer
    assert await c.bot.db.fetchone("SELECT 1 FROM anonymous_posts") is None


async def test_missing_permission_names_it_and_returns_the_text(community: Community) -> None:
    c = community
    guild = c.bot.get_guild(c.guild.id)
    await c.bot.get_channel(c.channels["anonymous"].id).set_permissions(guild.me, send_messages=False)
    result = await share(c, c.alice, "Words that matter to me.")
    answer = said(result)
    assert "**Send Messages**" in answer and "Words that matter to me." in answer


async def test_rate_limit_is_per_author_and_returns_the_text(community: Community) -> None:
    c = community
    await c.configure(anonymous__posts_per_hour=2)
    await share(c, c.alice, "one")
    await share(c, c.alice, "two")
    result = await share(c, c.alice, "three, kept safe")
    answer = said(result)
    assert "limit" in answer and "three, kept safe" in answer
    await share(c, c.bob, "bob is not limited")
    assert [p.embeds[0].description for p in posts(c.channels["anonymous"])] == ["one", "two", "bob is not limited"]
    await c.env.advance_time(3601)
    await share(c, c.alice, "later")
    assert posts(c.channels["anonymous"])[-1].embeds[0].description == "later"


async def test_feature_off_refuses_kindly_with_the_text(community: Community) -> None:
    c = community
    await c.configure(features__anonymous=False)
    result = await share(c, c.alice, "hello")
    assert "switched off" in said(result) and "hello" in said(result)
    assert dms(c.alice) == []


async def test_the_hourly_limit_holds_across_a_restart(community: Community) -> None:
    c = community
    await c.configure(anonymous__posts_per_hour=2)
    await share(c, c.alice, "one")
    await share(c, c.alice, "two")
    await c.restart()
    result = await share(c, c.alice, "three, after the restart")
    assert "limit" in said(result) and "three, after the restart" in said(result)
    assert len(posts(c.channels["anonymous"])) == 2


async def test_share_delete_offers_only_your_own_post_numbers(community: Community) -> None:
    c = community
    await share(c, c.alice, "first of mine")
    await share(c, c.bob, "bob's words")
    await share(c, c.alice, "second of mine")
    mine = await c.alice.autocomplete(c.channels["general"], "share-delete", "post", "")
    assert [choice["value"] for choice in mine] == [3, 1]
    assert all(choice["name"].startswith(f"#{choice['value']} · posted ") for choice in mine)
    assert [
        choice["value"] for choice in await c.bob.autocomplete(c.channels["general"], "share-delete", "post", "")
    ] == [2]
    typed = await c.alice.autocomplete(c.channels["general"], "share-delete", "post", "1")
    assert [choice["value"] for choice in typed] == [1]
    replies = await c.bob.autocomplete(c.channels["general"], "share-reply", "post", "")
    assert [choice["value"] for choice in replies] == [3, 2, 1]  # any post can be replied to
    await c.configure(anonymous__retention_days=0)
    assert await c.alice.autocomplete(c.channels["general"], "share-delete", "post", "") == []  # links gone
