"""After /anon rotate (or once an author link expires) nothing anyone can see ties a pseudonym to older posts."""

from __future__ import annotations

from typing import Any

import discord

from cogs.anonymous import messages as words
from tests.behaviour.anon_helpers import posts, share
from tests.conftest import Community


async def reply(c: Community, actor: Any, text: str) -> discord.Message:
    """Reply anonymously to post #1 in its thread; return the reply as posted."""
    post = posts(c.channels["anonymous"])[0]
    shown = await actor.context_menu(c.channels["anonymous"], "Reply anonymously", post)
    await actor.submit_modal(shown, {"text": text, "warning": ""})
    return posts(c.channels["anonymous"].threads[0])[-1]


def visible_text(c: Community) -> list[str]:
    """Every anonymous embed anyone can read: the channel and every reply thread."""
    places = [c.channels["anonymous"], *c.channels["anonymous"].threads]
    return [str(m.embeds[0].to_dict()) for place in places for m in posts(place)]


async def test_the_author_mark_never_ties_a_new_pseudonym_to_old_posts(community: Community) -> None:
    c = community
    await share(c, c.alice, "I moved across the world and left my sister behind")
    old = await c.bot.anonymity.pseudonym(c.guild.id, c.alice.id)
    same_name = await reply(c, c.alice, "Adding: she still writes every Sunday")
    assert words.AUTHOR_MARK.strip() in same_name.embeds[0].footer.text + str(same_name.embeds[0].to_dict())
    await c.mod.slash(c.channels["general"], "anon rotate")
    new = await c.bot.anonymity.pseudonym(c.guild.id, c.alice.id)
    assert new != old
    after = await reply(c, c.alice, "A month later, I wrote back")
    shown = str(after.embeds[0].to_dict())
    assert new in shown and old not in shown
    assert words.AUTHOR_MARK.strip() not in shown
    # No embed anyone can read carries both names.
    assert not [text for text in visible_text(c) if old in text and new in text]


async def test_after_the_author_link_expires_no_mark_ties_a_reply_to_the_post(community: Community) -> None:
    c = community
    await c.configure(anonymous__retention_days=1)
    await share(c, c.alice, "Some days I miss the version of him I hoped for")
    await c.env.advance_time(2 * 24 * 3600)
    later = await reply(c, c.alice, "Still here, still healing")
    assert words.AUTHOR_MARK.strip() not in str(later.embeds[0].to_dict())
