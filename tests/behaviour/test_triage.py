"""/alerts and /mod stats: one queue, most at risk first; claims; escalation to a second role; figures, no names."""

from __future__ import annotations

from datetime import timedelta

import discord

from cogs.moderation.triage_store import TriageRepository
from cogs.safety.api import assess
from cogs.safety.response import CrisisSignal
from tests.conftest import Community

PLAN = "I have the pills ready and I am going to end it tonight"
PASSIVE = "I don't want to be here anymore"
CONCERN = "I feel so hopeless lately"


async def raise_alert(c: Community, text: str, message_id: int, writer: int | None = None) -> int:
    signal = CrisisSignal(
        guild_id=c.guild.id,
        source="message",
        assessment=assess(text),
        channel_id=c.channels["general"].id,
        message_id=message_id,
        jump_url=f"https://discord.com/channels/{c.guild.id}/{c.channels['general'].id}/{message_id}",
        writer_id=writer,
    )
    alert_id = await c.bot.crisis_alerts.raise_alert(signal)  # type: ignore[union-attr]
    assert alert_id is not None
    return alert_id


async def file_report(c: Community) -> int:
    sent = await c.bob.send(c.channels["general"], "you are all pathetic")
    shown = await c.alice.context_menu(c.channels["general"], "Report to moderators", sent)
    await c.alice.submit_modal(shown, {"reason": "unkind"})
    row = await c.bot.db.fetchone("SELECT id FROM reports ORDER BY id DESC LIMIT 1")
    assert row is not None
    return int(row[0])


def queue_text(result: object) -> str:
    embed = result.response.embeds[0]  # type: ignore[attr-defined]
    return f"{embed.title}\n{embed.description}"


def escalations(c: Community) -> list[discord.Message]:
    return [m for m in c.channels["mod-alerts"].history() if "nobody has acknowledged it" in (m.content or "")]


async def test_queue_puts_the_most_at_risk_first_then_the_longest_waiting(community: Community) -> None:
    c = community
    await c.configure(safety__concern_alerts=True)
    report = await file_report(c)
    await c.env.advance_time(60)
    passive_old = await raise_alert(c, PASSIVE, 101)
    await c.env.advance_time(60)
    concern = await raise_alert(c, CONCERN, 102)
    await c.env.advance_time(60)
    passive_new = await raise_alert(c, PASSIVE, 103)
    await c.env.advance_time(60)
    plan = await raise_alert(c, PLAN, 104)  # newest, but the most at risk
    await c.env.advance_time(5 * 60)
    result = await c.supporter.slash(c.channels["general"], "alerts")
    assert result.ephemeral
    text = queue_text(result)
    order = [
        f"Crisis alert #{plan}",
        f"Crisis alert #{passive_old}",
        f"Crisis alert #{passive_new}",
        f"Concern alert #{concern}",
        f"Report #{report}",
    ]
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions), text
    assert "Open alerts and reports · 5" in text and "waiting 5 min" in text and "waiting 9 min" in text
    assert text.count("**unclaimed**") == 5
    assert str(c.alice.id) not in text  # who wrote is on the alert itself, not in the queue


async def test_members_cannot_see_the_queue(community: Community) -> None:
    c = community
    await raise_alert(c, PLAN, 201)
    result = await c.alice.slash(c.channels["general"], "alerts")
    assert result.ephemeral and "peer supporters and moderators" in result.response.content
    assert not result.response.embeds


async def test_claiming_from_the_queue_acknowledges_and_shows_who(community: Community) -> None:
    c = community
    alert_id = await raise_alert(c, PLAN, 301)
    report_id = await file_report(c)
    shown = await c.supporter.slash(c.channels["general"], "alerts")
    claimed = await c.supporter.select(shown.response, [f"alert:{alert_id}"])
    assert f"Alert #{alert_id} is yours now" in claimed.response.content
    row = await c.bot.db.fetchone("SELECT status FROM crisis_alerts WHERE id = ?", (alert_id,))
    assert row is not None and row[0] == "acknowledged"
    refused = await c.supporter.select(shown.response, [f"report:{report_id}"])
    assert "moderators" in refused.response.content  # reports are for moderators to take
    again = await c.mod.slash(c.channels["general"], "alerts")
    assert f"claimed by <@{c.supporter.id}>" in queue_text(again)
    took = await c.mod.select(again.response, [f"report:{report_id}"])
    assert f"Report #{report_id} is yours now" in took.response.content
    twice = await c.mod.select(again.response, [f"alert:{alert_id}"])
    assert "already acknowledged" in twice.response.content
    after = await c.mod.slash(c.channels["general"], "alerts")
    assert queue_text(after).count("**unclaimed**") == 0


async def test_unacknowledged_alert_escalates_to_the_second_role_once_after_the_re_ping(community: Community) -> None:
    c = community
    escalation = c.guild.create_role("On call")
    await c.configure(roles__escalation=escalation.id, safety__escalates_after_minutes=30)
    await c.alice.send(c.channels["general"], PLAN)
    await c.env.advance_time(29 * 60)
    assert escalations(c) == []
    assert any("hasn't been acknowledged yet" in (m.content or "") for m in c.channels["mod-alerts"].history())
    await c.env.advance_time(2 * 60)
    [ping] = escalations(c)
    queue = await c.supporter.slash(c.channels["general"], "alerts")
    assert "escalated: nobody acknowledged it in time" in queue_text(queue)
    posts = [r for r in c.env.http_requests if r.method == "POST" and "nobody has acknowledged it" in str(r.json)]
    assert [int(r) for r in posts[0].json["allowed_mentions"]["roles"]] == [escalation.id]
    assert f"<@&{escalation.id}>" in ping.content
    await c.env.advance_time(3 * 3600)
    await c.restart()
    await c.env.advance_time(3600)
    assert len(escalations(c)) == 1


async def test_an_acknowledged_alert_never_escalates_and_a_restart_keeps_the_timer(community: Community) -> None:
    c = community
    escalation = c.guild.create_role("On call")
    await c.configure(roles__escalation=escalation.id, safety__escalates_after_minutes=45)
    await c.alice.send(c.channels["general"], PLAN)
    await c.env.advance_time(20 * 60)
    await c.restart()
    await c.env.advance_time(30 * 60)
    assert len(escalations(c)) == 1  # re-armed after the restart
    await c.bob.send(c.channels["general"], "I want to kill myself tonight")
    alert = [m for m in c.channels["mod-alerts"].history() if m.embeds and m.embeds[0].title.startswith("Crisis")][-1]
    await c.mod.click(alert, label="Acknowledge")
    await c.env.advance_time(2 * 3600)
    assert len(escalations(c)) == 1


async def test_no_escalation_role_means_no_escalation(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], PLAN)
    await c.env.advance_time(3 * 3600)
    assert escalations(c) == []


async def test_mod_stats_shows_weekly_counts_and_times_to_acknowledge_without_names(community: Community) -> None:
    c = community
    escalation = c.guild.create_role("On call")
    await c.configure(roles__escalation=escalation.id, safety__escalates_after_minutes=20)
    first = await raise_alert(c, PLAN, 401, writer=c.alice.id)
    await c.env.advance_time(2 * 60)
    shown = await c.mod.slash(c.channels["general"], "alerts")
    await c.mod.select(shown.response, [f"alert:{first}"])  # acknowledged after 2 minutes
    await raise_alert(c, PASSIVE, 402, writer=c.bob.id)  # never acknowledged: escalates
    await c.env.advance_time(40 * 60)
    report = await file_report(c)
    await c.env.advance_time(10 * 60)
    shown = await c.mod.slash(c.channels["general"], "alerts")
    await c.mod.select(shown.response, [f"report:{report}"])  # acknowledged after 10 minutes
    result = await c.mod.slash(c.channels["general"], "mod stats")
    assert result.ephemeral
    embed = result.response.embeds[0]
    table = embed.description.split("```")[1]
    this_week = table.strip().splitlines()[1].split()
    # week, alerts, reports, acked, waiting, median, p90, escalated
    assert this_week[1:] == ["2", "1", "2", "1", "2m", "10m", "1"], table
    assert str(c.alice.id) not in str(embed.to_dict()) and str(c.bob.id) not in str(embed.to_dict())
    assert "alice" not in str(embed.to_dict()).lower()
    figures = await TriageRepository(c.bot.db).incidents_since(c.guild.id, c.env.now() - timedelta(days=1))
    assert len(figures[0]) == 2 and len(figures[1]) == 1


async def test_setting_the_escalation_role_later_does_not_ping_about_old_alerts(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], PLAN)
    await c.env.advance_time(3 * 3600)
    await c.env.advance_time(3 * 3600)
    await c.env.advance_time(3 * 3600)  # nine hours later, still unacknowledged
    escalation = c.guild.create_role("On call")
    await c.configure(roles__escalation=escalation.id)
    await c.env.advance_time(3600)
    assert escalations(c) == []
    await c.bob.send(c.channels["general"], "I want to kill myself tonight")
    await c.env.advance_time(31 * 60)
    assert len(escalations(c)) == 1  # a new alert does escalate
