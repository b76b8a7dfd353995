"""Moderators manage prompts, members suggest them; the review buttons survive a restart."""

from __future__ import annotations

from cogs.prompts.store import PromptRepository
from tests.behaviour.test_prompts_schedule import prompt_posts
from tests.conftest import Community, open_to_members

GOOD_TEXT = "What is one thing you did this week that the person you are becoming would thank you for?"


async def test_member_calling_prompt_add_is_refused(community: Community) -> None:
    c = community
    await open_to_members(c, "prompts-admin")  # even when a server shows it to members, it refuses them
    result = await c.alice.slash(c.channels["general"], "prompts-admin add", theme="hope")
    assert result.ephemeral
    assert result.modal is None
    assert "for moderators" in result.response.content
    assert await PromptRepository(c.bot.db).server_prompts(c.guild.id) == []


async def test_moderator_adds_a_prompt_and_it_joins_the_deck(community: Community) -> None:
    c = community
    shown = await c.mod.slash(c.channels["general"], "prompts-admin add", theme="hope", intensity="deeper")
    assert shown.modal is not None
    result = await c.mod.submit_modal(shown, {"text": GOOD_TEXT + " @everyone", "content_warning": ""})
    assert result.ephemeral and "srv-1" in result.response.content
    added = await PromptRepository(c.bot.db).server_prompts(c.guild.id)
    assert len(added) == 1 and added[0].text.endswith("@\u200beveryone")
    listing = await c.mod.slash(c.channels["general"], "prompts-admin list")
    assert listing.ephemeral and "Page 1 of" in listing.response.embeds[0].footer.text
    removed = await c.mod.slash(c.channels["general"], "prompts-admin remove", prompt_id="srv-1")
    assert "Removed **srv-1**" in removed.response.content


async def test_too_short_prompt_is_refused_and_the_text_given_back(community: Community) -> None:
    c = community
    shown = await c.mod.slash(c.channels["general"], "prompts-admin add", theme="grief")
    result = await c.mod.submit_modal(shown, {"text": "Too short?", "content_warning": ""})
    assert result.ephemeral
    assert "at least 20 characters" in result.response.content and "Too short?" in result.response.content


async def test_suggestion_approved_after_a_restart_joins_the_deck_and_the_member_is_told(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "prompt suggest", theme="small_wins")
    assert shown.modal is not None
    thanks = await c.alice.submit_modal(shown, {"text": GOOD_TEXT, "content_warning": ""})
    assert thanks.ephemeral and "with the moderators" in thanks.response.content
    card = c.channels["mod-alerts"].last_message
    assert card is not None and card.embeds[0].description == GOOD_TEXT

    await c.restart()
    refused = await c.alice.click(card, label="Approve")
    assert refused.ephemeral and "for moderators" in refused.response.content
    approved = await c.mod.click(card, label="Approve")
    assert approved.response.message is not None or approved.followups
    added = await PromptRepository(c.bot.db).server_prompts(c.guild.id)
    assert [p.text for p in added] == [GOOD_TEXT]
    dm = c.alice.user.dm_channel.last_message
    assert dm is not None and "was approved" in dm.content
    closed = c.channels["mod-alerts"].last_message
    assert not closed.components and "Approved by" in closed.embeds[0].fields[-1].value


async def test_suggestion_declined_is_told_privately_and_nothing_public(community: Community) -> None:
    c = community
    shown = await c.bob.slash(c.channels["general"], "prompt suggest", theme="hope")
    await c.bob.submit_modal(shown, {"text": GOOD_TEXT, "content_warning": ""})
    card = c.channels["mod-alerts"].last_message
    general_before = len(list(c.channels["general"].history()))
    await c.mod.click(card, label="Decline")
    dm = c.bob.user.dm_channel.last_message
    assert dm is not None and "wasn't added" in dm.content
    assert len(list(c.channels["general"].history())) == general_before
    assert await PromptRepository(c.bot.db).server_prompts(c.guild.id) == []


async def test_crisis_language_in_a_suggestion_gets_private_support_not_the_queue(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "prompt suggest", theme="grief")
    result = await c.alice.submit_modal(
        shown, {"text": "I want to kill myself tonight, I can't go on anymore", "content_warning": ""}
    )
    assert result.ephemeral
    assert result.response.embeds  # crisis lines, privately
    alerts = c.channels["mod-alerts"].history()
    assert alerts, "moderators should get a crisis alert"
    labels = [getattr(item, "label", None) for m in alerts for row in m.components for item in row.children]
    assert "Approve" not in labels  # an alert to look after the member, not a review-queue item
    assert await PromptRepository(c.bot.db).suggestion(1) is None


async def test_prompt_now_counts_as_today_then_today_links_its_thread(community: Community) -> None:
    c = community
    result = await c.mod.slash(c.channels["general"], "prompts-admin now")
    assert result.ephemeral
    assert len(prompt_posts(c.channels["prompts"])) == 1
    today = await c.alice.slash(c.channels["general"], "prompt today")
    assert today.ephemeral and "Answer in its thread" in (today.response.content or today.followups[0].content)
    second = await c.mod.slash(c.channels["general"], "prompts-admin now")
    assert second.ephemeral
    assert len(prompt_posts(c.channels["prompts"])) == 2
    history = await c.alice.slash(c.channels["general"], "prompt history")
    assert history.ephemeral and history.response.embeds[0].title == "The last 2 prompts"
    rows = await PromptRepository(c.bot.db).posts(c.guild.id, limit=10, status=None)
    assert sorted(r.extra for r in rows) == [False, True]


async def test_member_cannot_post_now_or_pause(community: Community) -> None:
    c = community
    await open_to_members(c, "prompts-admin")
    for command in ("prompts-admin now", "prompts-admin pause", "prompts-admin list"):
        result = await c.alice.slash(c.channels["general"], command)
        assert result.ephemeral and "for moderators" in result.response.content
    assert prompt_posts(c.channels["prompts"]) == []
