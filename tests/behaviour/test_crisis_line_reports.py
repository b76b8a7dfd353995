"""'This number didn't work': the member gets the other lines at once, the team a note with no name, the operator a count."""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest
import simcord

from cogs.resources import messages as words
from cogs.resources.content import lines_for
from cogs.resources.line_report_views import LineReportButton
from tests.conftest import Community, build_community

CRISIS = "I have the pills ready and I am going to end it tonight"
LIFELINE = "Didn't work: 988 Suicide & Crisis Lifeline"


def notes(channel: simcord.ChannelHandle) -> list[discord.Message]:
    """Team notes about a line that didn't work, in one channel."""
    return [m for m in channel.history() if m.embeds and m.embeds[0].title == words.TEAM_NOTE_TITLE]


def field(embed: discord.Embed, name: str) -> str:
    return next((f.value or "" for f in embed.fields if f.name == name), "")


def labels(message: Any) -> list[str]:
    """Button labels on a message (a channel message or an interaction response)."""
    return [
        component.get("label", "")
        for row in message.components
        for component in row.get("components", [])
        if component.get("type") == 2
    ]


def dm_labels(message: discord.Message) -> list[str]:
    return [item.label or "" for row in message.components for item in row.children]  # type: ignore[union-attr]


async def reports(c: Community) -> int:
    """The operator's total count of reports across lines and days."""
    row = await c.bot.db.fetchone("SELECT COALESCE(SUM(reports), 0) FROM crisis_line_reports")
    assert row is not None
    return int(row[0])


def bot_dms(actor: simcord.MemberActor) -> list[discord.Message]:
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


async def test_crisis_card_has_a_didnt_work_button_per_line(community: Community) -> None:
    c = community
    plan = "Make a safety plan"  # the safety-plan part's button comes first on /crisis
    result = await c.alice.slash(c.channels["general"], "crisis", country="US")
    assert labels(result.response) == [
        plan,
        LIFELINE,
        "Didn't work: Crisis Text Line",
        "Didn't work: National Domestic Violence Hotline",
    ]
    only_one = await c.alice.slash(c.channels["general"], "crisis", country="CA")
    assert labels(only_one.response) == [plan, words.REPORT_LABEL_ONE]
    directory = await c.alice.slash(c.channels["general"], "crisis", country="AQ")
    assert labels(directory.response) == [plan]  # no lines, nothing to report


async def test_pressing_it_thanks_the_member_and_shows_the_other_lines_and_emergency_number_at_once(
    community: Community, caplog: pytest.LogCaptureFixture
) -> None:
    c = community
    caplog.set_level(logging.INFO)
    card = await c.alice.slash(c.channels["general"], "crisis", country="US")
    pressed = await c.alice.click(card.response, label=LIFELINE)
    assert pressed.ephemeral
    assert pressed.response.content == words.REPORT_THANKS
    [embed] = pressed.response.embeds
    assert embed.title == words.OTHER_LINES_TITLE.format(country="United States")
    assert "911" in (embed.description or "")
    shown = [f.name for f in embed.fields]
    assert "988 Suicide & Crisis Lifeline" not in shown and "Crisis Text Line" in shown
    assert LIFELINE not in labels(pressed.response) and "Didn't work: Crisis Text Line" in labels(pressed.response)
    assert c.channels["general"].last_message is None  # nothing public
    # The team hears which line and which country, never who.
    [note] = notes(c.channels["mod-alerts"])
    assert field(note.embeds[0], words.TEAM_NOTE_COUNTRY) == "United States (US)"
    assert field(note.embeds[0], words.TEAM_NOTE_LINE) == "988 Suicide & Crisis Lifeline"
    assert "988lifeline.org" in field(note.embeds[0], words.TEAM_NOTE_SOURCE)
    assert field(note.embeds[0], words.TEAM_NOTE_REPORTS).startswith("1 since")
    everything = str(note.embeds[0].to_dict()) + note.content
    assert str(c.alice.id) not in everything and "alice" not in everything.lower()
    # The operator's count survives in the database; the log names the line, not the member.
    assert await reports(c) == 1
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("cogs.resources")]
    assert any("988 Suicide & Crisis Lifeline" in line and "1 report(s)" in line for line in logged)
    assert all(str(c.alice.id) not in line for line in logged)


async def test_one_member_pressing_twice_is_counted_once_but_two_members_twice(community: Community) -> None:
    c = community
    card = await c.alice.slash(c.channels["general"], "crisis", country="US")
    await c.alice.click(card.response, label=LIFELINE)
    again = await c.alice.click(card.response, label=LIFELINE)
    assert again.response.content == words.REPORT_THANKS_AGAIN
    assert "911" in (again.response.embeds[0].description or "")  # still helped
    assert await reports(c) == 1 and len(notes(c.channels["mod-alerts"])) == 1
    bobs = await c.bob.slash(c.channels["general"], "crisis", country="US")
    await c.bob.click(bobs.response, label=LIFELINE)
    assert await reports(c) == 2
    latest = notes(c.channels["mod-alerts"])[-1]
    assert field(latest.embeds[0], words.TEAM_NOTE_REPORTS).startswith("2 since")


async def test_the_button_works_after_a_restart_and_the_count_survives(community: Community) -> None:
    c = community
    card = await c.alice.slash(c.channels["general"], "crisis", country="GB")
    await c.alice.click(card.response, label="Didn't work: Samaritans")
    await c.restart()
    again = await c.alice.click(card.response, label="Didn't work: National Domestic Abuse Helpline (Refuge)")
    assert again.response.content == words.REPORT_THANKS
    assert await reports(c) == 2  # the first count survived the restart


async def test_the_crisis_dm_has_the_button_and_a_countrys_only_line_leads_to_the_emergency_number(
    community: Community,
) -> None:
    c = community
    await c.configure(country="PH")
    await c.alice.send(c.channels["general"], CRISIS)
    [dm] = bot_dms(c.alice)
    assert words.REPORT_LABEL_ONE in dm_labels(dm)
    assert any(label.startswith("I'd like someone") for label in dm_labels(dm))
    pressed = await c.alice.user.click(dm, label=words.REPORT_LABEL_ONE)
    assert pressed.ephemeral and pressed.response.content == words.REPORT_THANKS
    embed = pressed.response.embeds[0]
    assert "911" in (embed.description or "") and words.NO_OTHER_LINE in (embed.description or "")
    assert "findahelpline.com" in str(embed.to_dict())
    [note] = notes(c.channels["mod-alerts"])  # the server the DM came from
    assert field(note.embeds[0], words.TEAM_NOTE_COUNTRY) == "Philippines (PH)"
    assert str(c.alice.id) not in str(note.embeds[0].to_dict())


async def test_from_crisis_in_a_dm_only_the_operator_hears(community: Community) -> None:
    c = community
    card = await c.alice.user.slash("crisis", country="IE")
    pressed = await c.alice.user.click(card.response, label="Didn't work: Pieta")
    assert pressed.response.content == words.REPORT_THANKS
    assert "Samaritans Ireland" in [f.name for f in pressed.response.embeds[0].fields]
    assert notes(c.channels["mod-alerts"]) == [] and notes(c.channels["mod-log"]) == []
    assert await reports(c) == 1


async def test_without_a_mod_alert_channel_the_note_goes_to_the_mod_log(community: Community) -> None:
    c = community
    await c.configure(channels__mod_alerts=None)
    card = await c.alice.slash(c.channels["general"], "crisis", country="NZ")
    await c.alice.click(card.response, label="Didn't work: 1737, Need to talk?")
    assert len(notes(c.channels["mod-log"])) == 1


async def test_if_the_mod_alert_channel_refuses_the_note_goes_to_the_mod_log(community: Community) -> None:
    c = community
    c.env.inject_error(
        "POST", f"/channels/{c.channels['mod-alerts'].id}/messages", status=403, code=50013, message="Missing", times=1
    )
    card = await c.alice.slash(c.channels["general"], "crisis", country="DE")
    pressed = await c.alice.click(card.response, label="Didn't work: TelefonSeelsorge")
    assert pressed.response.content == words.REPORT_THANKS
    assert notes(c.channels["mod-alerts"]) == [] and len(notes(c.channels["mod-log"])) == 1


async def _forged_dm(c: Community, guild_id: int) -> discord.Message:
    """A DM to alice carrying a report button that names `guild_id` (as a tampered custom id would)."""
    us = lines_for(c.bot.content.crisis_lines, "US")
    assert us is not None
    view = discord.ui.View(timeout=None)
    view.add_item(LineReportButton("US", us.lines[0].key, guild_id, "forged"))
    user = c.bot.get_user(c.alice.id)
    assert user is not None
    await user.send("card", view=view)
    await c.env.settle()
    return bot_dms(c.alice)[-1]


async def test_a_forged_press_naming_a_server_the_member_is_not_in_tells_that_server_nothing(
    community: Community,
) -> None:
    c = community
    other = build_community(c.env, c.db_path, name="Elsewhere")
    await c.env.settle()
    await c.bot.guild_settings.update(
        other.guild.id, other.mod.id, {"channels.mod_alerts": other.channels["mod-alerts"].id}
    )
    forged = await _forged_dm(c, other.guild.id)
    pressed = await c.alice.user.click(forged, label="forged")
    # Still helped: the other lines and the emergency number.
    assert pressed.ephemeral and "911" in (pressed.response.embeds[0].description or "")
    assert notes(other.channels["mod-alerts"]) == []
    assert notes(c.channels["mod-alerts"]) == []
    assert await reports(c) == 1  # the operator's count still takes it, once per person
    await c.alice.user.click(forged, label="forged")
    assert await reports(c) == 1


async def test_a_forged_press_in_one_server_naming_another_is_not_passed_on(community: Community) -> None:
    c = community
    other = build_community(c.env, c.db_path, name="Elsewhere")
    await c.env.settle()
    await c.bot.guild_settings.update(
        other.guild.id, other.mod.id, {"channels.mod_alerts": other.channels["mod-alerts"].id}
    )
    us = lines_for(c.bot.content.crisis_lines, "US")
    assert us is not None
    view = discord.ui.View(timeout=None)
    view.add_item(LineReportButton("US", us.lines[0].key, other.guild.id, "forged"))
    channel = c.bot.get_channel(c.channels["general"].id)
    assert isinstance(channel, discord.TextChannel)
    await channel.send("card", view=view)
    await c.env.settle()
    pressed = await c.bob.click(c.channels["general"].last_message, label="forged")
    assert pressed.ephemeral and "911" in (pressed.response.embeds[0].description or "")
    assert notes(other.channels["mod-alerts"]) == [] and notes(c.channels["mod-alerts"]) == []
    assert await reports(c) == 1


async def test_a_press_for_a_line_no_longer_listed_shows_the_current_lines(community: Community) -> None:
    c = community
    view = discord.ui.View(timeout=None)
    view.add_item(LineReportButton("PH", "00000000", c.guild.id, "old card"))  # e.g. the removed 989 8727 line
    user = c.bot.get_user(c.alice.id)
    assert user is not None
    await user.send("card", view=view)
    await c.env.settle()
    pressed = await c.alice.user.click(bot_dms(c.alice)[-1], label="old card")
    assert pressed.response.content == words.REPORT_LINE_GONE
    assert "0917-899-8727" in str(pressed.response.embeds[0].to_dict())
    assert notes(c.channels["mod-alerts"]) == [] and await reports(c) == 0


async def test_if_counting_fails_the_member_still_has_the_other_lines(
    community: Community, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community
    cog: Any = c.bot.get_cog("CrisisCog")

    async def disk_full(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(cog.line_reports.store, "record", disk_full)
    card = await c.alice.slash(c.channels["general"], "crisis", country="AU")
    pressed = await c.alice.click(card.response, label="Didn't work: Lifeline")
    assert pressed.response.content == words.REPORT_THANKS
    assert "000" in (pressed.response.embeds[0].description or "")
    assert "1800RESPECT (domestic abuse)" in [f.name for f in pressed.response.embeds[0].fields]
    assert notes(c.channels["mod-alerts"]) == []


async def test_every_kind_of_tampered_button_still_gets_an_answer_with_help_and_tells_no_team(
    community: Community,
) -> None:
    c = community
    other = build_community(c.env, c.db_path, name="Elsewhere")
    await c.env.settle()
    await c.bot.guild_settings.update(
        other.guild.id, other.mod.id, {"channels.mod_alerts": other.channels["mod-alerts"].id}
    )
    us = lines_for(c.bot.content.crisis_lines, "US")
    assert us is not None
    forged = {
        "unlisted country": LineReportButton("ZZ", us.lines[0].key, c.guild.id, "f1"),
        "country without lines": LineReportButton("AQ", "00000000", 0, "f2"),
        "unknown key": LineReportButton("US", "ffffffff", c.guild.id, "f3"),
        "another line's key in another country": LineReportButton("GB", us.lines[0].key, c.guild.id, "f4"),
        "a server that does not exist": LineReportButton("US", us.lines[1].key, 12345, "f5"),
        "an id longer than Discord's": LineReportButton("US", us.lines[2].key, 10**19 + 7, "f6"),
        "a server she is not in": LineReportButton("US", us.lines[0].key, other.guild.id, "f7"),
    }
    view = discord.ui.View(timeout=None)
    for button in forged.values():
        view.add_item(button)
    user = c.bot.get_user(c.alice.id)
    assert user is not None
    await user.send("card", view=view)
    await c.env.settle()
    card = bot_dms(c.alice)[-1]
    for case, button in forged.items():
        pressed = await c.alice.user.click(card, label=button.item.label)
        assert pressed.ephemeral, case
        text = str([embed.to_dict() for embed in pressed.response.embeds])
        assert "findahelpline.com" in text, case  # every answer carries help
    assert notes(other.channels["mod-alerts"]) == [] and notes(c.channels["mod-alerts"]) == []
    # Only the three real US lines were counted (for the operator, once each); nothing for invented ones.
    assert await reports(c) == 3
