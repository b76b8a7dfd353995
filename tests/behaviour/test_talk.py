"""Talk to the team: a member and the team talk privately; without a name, the team never learns who."""

from __future__ import annotations

from tests.behaviour.talk_helpers import add_team_inbox, bot_dms, dm_text, open_talk, said, thread_of
from tests.conftest import Community


async def test_open_without_a_name_reaches_the_team_under_a_fresh_pseudonym(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    result = await open_talk(c, c.alice, "I don't know who else to tell", topic="I'm struggling")
    assert "They see you only as" in said(result)
    thread = thread_of(c)
    history = thread.history()
    assert "alice" not in (thread.name or "").lower()
    assert any(m.embeds and m.embeds[0].description == "I don't know who else to tell" for m in history)
    [opened] = bot_dms(c.alice)
    assert "Your conversation with the team" in dm_text(opened)
