"""Members share small wins, celebrate each other's, and see their own history; a weekly digest."""

from __future__ import annotations

import discord
import pytest

from cogs.wins import messages as words
from tests.conftest import Community


def posted_allowed_mentions(c: Community, channel_id: int) -> list[object]:
    """The allowed_mentions of every message the bot posted in a channel."""
    return [
        entry.json.get("allowed_mentions")
        for entry in c.env.http_requests
        if entry.method == "POST" and entry.path.endswith(f"/channels/{channel_id}/messages")
    ]


async def test_win_posts_with_a_celebration_line_a_button_and_no_pings(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "win", text="@everyone I cooked for myself today <@123>")
    assert result.ephemeral
    message = c.channels["wins"].last_message
    assert message is not None
    embed = message.embeds[0]
    assert "I cooked for myself today" in embed.description
    assert "@everyone" not in embed.description and "<@123>" not in embed.description
    celebration_texts = {line.text for line in c.bot.content.celebrations.celebrations}
    assert embed.fields[0].value.strip("_") in celebration_texts
    assert embed.author.name == "alice"
    assert message.components[0].children[0].label == words.CELEBRATE_LABEL
    for allowed in posted_allowed_mentions(c, c.channels["wins"].id):
        assert allowed == {"parse": []}


async def test_a_win_that_mentions_loss_gets_a_gentle_line(community: Community) -> None:
    c = community
    gentle = {line.text for line in c.bot.content.celebrations.celebrations if line.tone.value == "gentle"}
    for _ in range(5):
        await c.alice.slash(c.channels["general"], "win", text="I missed him all day but I didn't text")
        embed = c.channels["wins"].last_message.embeds[0]
        assert embed.fields[0].value.strip("_") in gentle


async def test_anonymous_win_stores_no_user_id_and_shows_a_pseudonym(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "win", text="I went to the gym", anonymous=True)
    embed = c.channels["wins"].last_message.embeds[0]
    pseudonym = await c.bot.anonymity.pseudonym(c.guild.id, c.alice.id)
    assert embed.author.name == pseudonym
    assert "alice" not in str(embed.to_dict())
    rows = await c.bot.db.fetchall("SELECT user_id, author_key FROM wins")
    assert rows[0][0] is None and rows[0][1] == c.bot.anonymity.author_key(c.guild.id, c.alice.id)
    dump = str([tuple(r) for r in await c.bot.db.fetchall("SELECT * FROM wins")])
    assert str(c.alice.id) not in dump


async def test_celebrate_counts_once_per_member_and_survives_a_restart(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "win", text="I slept eight hours")
    message = c.channels["wins"].last_message
    await c.bob.click(message, label=words.CELEBRATE_LABEL)
    message = c.channels["wins"].last_message
    assert message.components[0].children[0].label == words.CELEBRATE_COUNTED.format(count=1)
    again = await c.bob.click(message, custom_id=message.components[0].children[0].custom_id)
    assert "already celebrated" in (again.response.content or "")
    own = await c.alice.click(message, custom_id=message.components[0].children[0].custom_id)
    assert "your own win" in (own.response.content or "")
    await c.restart()
    message = c.channels["wins"].last_message
    await c.supporter.click(message, custom_id=message.components[0].children[0].custom_id)
    message = c.channels["wins"].last_message
    assert message.components[0].children[0].label == words.CELEBRATE_COUNTED.format(count=2)
    label = message.components[0].children[0].label
    assert "bob" not in label and "sam" not in label


async def test_win_with_crisis_language_is_not_celebrated_and_support_is_private(community: Community) -> None:
    c = community
    before = c.channels["wins"].last_message
    result = await c.alice.slash(c.channels["general"], "win", text="I want to kill myself tonight")
    assert c.channels["wins"].last_message == before
    assert result.ephemeral
    texts = [result.response.content or ""] + [f.content or "" for f in result.followups]
    assert any("kill myself tonight" in text for text in texts)
    assert await c.bot.db.fetchall("SELECT id FROM wins") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x" * 1001, "1001 characters"),
        ("join discord.gg/abcdef for more", "invite link"),
    ],
)
async def test_bad_win_gets_a_specific_private_message_and_the_text_back(
    community: Community, text: str, expected: str
) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "win", text=text)
    assert result.ephemeral
    assert expected in result.response.content
    assert text[:50] in result.response.content
    assert c.channels["wins"].last_message is None


async def test_win_that_cannot_be_posted_comes_back_to_the_member(community: Community) -> None:
    c = community
    channel = c.bot.get_channel(c.channels["wins"].id)
    assert isinstance(channel, discord.TextChannel)
    await channel.set_permissions(c.bot.get_guild(c.guild.id).me, send_messages=False)
    result = await c.alice.slash(c.channels["general"], "win", text="I said no to something")
    texts = [result.response.content or ""] + [f.content or "" for f in result.followups]
    assert any("I said no to something" in t and "Send Messages" in t for t in texts)
    assert await c.bot.db.fetchall("SELECT id FROM wins") == []


async def test_wins_mine_is_private_paginated_with_a_gentle_rhythm(community: Community) -> None:
    c = community
    for day in range(7):
        await c.alice.slash(c.channels["general"], "win", text=f"win number {day}", anonymous=day == 3)
        await advance(c, 86400 if day % 2 == 0 else 3600)
    result = await c.alice.slash(c.channels["general"], "wins mine")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert "Days this month with a win: **4**" in embed.description
    assert "4 of the last 7 days" in embed.description
    assert len(embed.fields) == 5 and "win number 6" in embed.fields[0].value
    assert "(anonymous)" in embed.fields[3].name
    page = await c.alice.click(result.response.message, label="Older ▶")
    assert "win number 0" in page.response.message.embeds[0].fields[-1].value
    back = await c.alice.click(page.response.message, label="◀ Newer")
    assert "win number 6" in back.response.message.embeds[0].fields[0].value


async def advance(c: Community, seconds: int) -> None:
    """Move virtual time in steps the simulated Discord settles comfortably."""
    while seconds > 0:
        step = min(seconds, 3 * 3600)
        await c.env.advance_time(step)
        seconds -= step


def digests(c: Community) -> list[object]:
    """The weekly digest posts in the wins channel."""
    return [m for m in c.channels["wins"].history() if m.embeds and m.embeds[0].title == words.DIGEST_TITLE]


async def test_weekly_digest_posts_once_per_week_across_a_restart_and_names_only_who_opted_in(
    community: Community,
) -> None:
    c = community
    await c.configure(wins__digest_time="18:00", wins__digest_day=6)  # Sunday 2026-01-04 18:00 UTC
    await c.alice.slash(c.channels["general"], "win", text="I kept my boundary", show_in_digest=True)
    await c.bob.slash(c.channels["general"], "win", text="I called my sister")
    await c.supporter.slash(c.channels["general"], "win", text="I walked by the sea", anonymous=True)
    await c.bob.click(c.channels["wins"].last_message, label=words.CELEBRATE_LABEL)
    await advance(c, 3 * 86400 + 17 * 3600 + 50 * 60)  # Sunday 17:50
    assert digests(c) == []
    await c.restart()
    await advance(c, 30 * 60)  # Sunday 18:20
    posted = digests(c)
    assert len(posted) == 1
    embed = posted[0].embeds[0]
    assert "wins shared **3** · celebrations **1** · milestones reached **0**" in embed.description
    shown = str(embed.to_dict())
    assert "alice" in shown and "I kept my boundary" in shown
    assert "bob" not in shown and "I called my sister" not in shown
    assert "sam" not in shown and await c.bot.anonymity.pseudonym(c.guild.id, c.supporter.id) in shown
    await c.restart()
    await advance(c, 3 * 3600)
    assert len(digests(c)) == 1
    assert await c.bot.cogs["WinsCog"].repo.digest_weeks(c.guild.id) == ["2026-W01"]
