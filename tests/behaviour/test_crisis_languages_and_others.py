"""Crisis detection through the real bot: another language, a worried friend, someone else's act, the past."""

from __future__ import annotations

from tests.behaviour.test_crisis_alerts import alerts, dms, field
from tests.conftest import Community


async def test_a_german_message_gets_the_private_response_and_an_alert_that_says_why(community: Community) -> None:
    c = community
    await c.configure(country="DE")
    sent = await c.alice.send(c.channels["general"], "Ich will nicht mehr leben. Heute Nacht mache ich Schluss.")
    [dm] = dms(c.alice)
    assert "you don't have to carry it alone" in dm.content
    assert "Germany" in dm.embeds[0].title
    [alert] = alerts(c)
    embed = alert.embeds[0]
    assert field(embed, "Level") == "crisis"
    why = field(embed, "Why")
    assert "wish to be dead" in why and "first person" in why and "in German" in why
    assert "now or soon" in why
    # plain words only: no group ids, patterns or file names
    assert "_" not in why and "yaml" not in why
    assert sent.jump_url in field(embed, "Where")


async def test_a_worried_friend_gets_how_to_help_privately_and_no_alert_about_themselves(community: Community) -> None:
    c = community
    await c.configure(country="DE")
    await c.alice.send(
        c.channels["general"], "my friend keeps saying she wants to kill herself, I don't know what to do"
    )
    assert alerts(c) == []
    [dm] = dms(c.alice)
    assert "worried about someone" in dm.content
    assert "you don't have to carry it alone" not in dm.content
    assert "Germany" in dm.embeds[0].title
    assert "moderators here have been told" not in dm.content


async def test_someone_elses_act_in_progress_alerts_the_moderators_too(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], "HELP my sister just took a handful of pills and won't answer the door")
    [alert] = alerts(c)
    embed = alert.embeds[0]
    assert field(embed, "Level") == "crisis"
    assert "someone else" in (embed.description or "")
    assert "someone else in danger right now" in field(embed, "Why")
    assert f"<@{c.alice.id}>" in field(embed, "Writer")
    [dm] = dms(c.alice)
    assert "worried about someone" in dm.content and "moderators here have been told" in dm.content


async def test_a_recovered_past_message_gets_nothing(community: Community) -> None:
    c = community
    await c.alice.send(
        c.channels["general"], "Two years ago I tried to kill myself. Today I'm okay and I wanted to say thank you all."
    )
    assert alerts(c) == [] and dms(c.alice) == []


async def test_the_worried_friend_reply_is_not_repeated_within_the_cooldown(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], "my brother said he wants to die")
    await c.alice.send(c.channels["general"], "my brother said he wants to die, again today")
    assert len(dms(c.alice)) == 1
    assert alerts(c) == []
