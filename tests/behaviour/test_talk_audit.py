"""An anonymity audit over a whole /talk conversation: nothing shows who the member is until they say so."""

from __future__ import annotations

import json
import logging
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.behaviour.talk_helpers import CRISIS, add_team_inbox, bot_dms, open_talk, said, thread_of
from tests.conftest import Community


def custom_ids(messages: list[discord.Message]) -> list[str]:
    """Every component custom_id on the messages."""
    found = []
    for message in messages:
        for row in message.components:
            for item in getattr(row, "children", []):
                if getattr(item, "custom_id", None):
                    found.append(item.custom_id)
    return found


def dump(messages: list[discord.Message]) -> str:
    """Content, embeds and custom_ids of messages, as one searchable text."""
    return json.dumps(
        [m.content for m in messages]
        + [e.to_dict() for m in messages for e in m.embeds]
        + [a.filename for m in messages for a in m.attachments]
        + custom_ids(messages)
    )


async def test_a_whole_conversation_never_shows_who_the_member_is_until_they_choose(
    community: Community, caplog: pytest.LogCaptureFixture
) -> None:
    c = community
    caplog.set_level(logging.DEBUG)
    await add_team_inbox(c)
    await c.configure(talk__reping_minutes=5)
    answers: list[str] = []
    answers.append(
        said(await open_talk(c, c.alice, "Someone here keeps messaging me", topic="Something about another member"))
    )
    answers.append(said(await c.alice.slash(c.channels["general"], "talk open")))  # already open
    thread = thread_of(c)
    await c.env.advance_time(6 * 60)  # the re-ping
    shown = await c.supporter.click(thread.history()[0], label="Claim")
    answers.append(said(shown))
    answers.append(said(await c.supporter.click(shown.response, label="Without my name")))
    await c.supporter.send(thread, "Thank you for telling us. Who is it?")
    await c.mod.send(thread, "// let's check the reports")
    shown = await c.mod.click(thread.history()[0], label="Note")
    answers.append(said(await c.mod.submit_modal(shown, {"text": "Possible harassment case"})))
    await c.alice.send_dm("I'd rather not say their name yet")
    await c.alice.send_dm(CRISIS)
    c.env.inject_error("POST", f"/channels/{thread.id}/messages", status=500, code=0, message="boom", times=1)
    await c.alice.send_dm("this one fails first")
    await c.env.advance_time(180)
    answers.append(said(await c.alice.slash(c.channels["general"], "talk reply")))
    answers.append(said(await c.supporter.slash(c.channels["general"], "talk queue")))
    shown = await c.mod.click(thread.history()[0], label="Block from /talk")
    answers.append(said(await c.mod.submit_modal(shown, {"duration": "1d", "reason": "test block"})))
    shown = await c.alice.user.click(bot_dms(c.alice)[0], label="Tell them who I am")
    answers.append(said(shown))
    answers.append(said(await c.alice.user.click(shown.response, label="No, stay unnamed")))
    await c.mod.click(thread.history()[0], label="Close")
    closing = bot_dms(c.alice)[-1]
    await c.alice.user.click(closing, label="Send me the transcript")

    guild = c.bot.get_guild(c.guild.id)
    member = guild.get_member(c.alice.id)
    secrets_to_find = {str(c.alice.id), c.alice.name, member.display_name, member.name} - {""}

    haystacks: dict[str, str] = {}
    for table in await c.bot.db.table_names():
        rows = await c.bot.db.fetchall(f"SELECT * FROM {table}")
        haystacks[f"table {table}"] = json.dumps([dict(r) for r in rows], default=str)
    hearth_logs = [r for r in caplog.records if r.name.split(".")[0] in ("bot", "cogs")]
    haystacks["logs"] = "\n".join(r.getMessage() for r in hearth_logs)
    for name in ("team-inbox", "mod-alerts", "mod-log", "general"):
        haystacks[f"#{name}"] = dump(c.channels[name].history())
    for each in c.channels["team-inbox"].threads:
        haystacks[f"thread name {each.id}"] = each.name or ""
        haystacks[f"thread {each.id}"] = dump(each.history())
    haystacks["member's DMs (custom ids)"] = json.dumps(custom_ids(c.alice.user.dm_channel.history()))
    haystacks["private replies to the team"] = "\n".join(answers[2:5] + answers[6:8])
    haystacks["export"] = json.dumps(await c.bot.member_data.export(c.guild.id, c.alice.id))
    haystacks["export (all servers)"] = json.dumps(await c.bot.member_data.export(None, c.alice.id))
    thread_requests = [
        r.json for r in c.env.http_requests if r.json and f"/channels/{thread.id}" in r.path and r.method == "POST"
    ]
    haystacks["requests to the thread"] = json.dumps(thread_requests)

    assert len(hearth_logs) > 5
    assert "has been waiting" in haystacks[f"thread {thread.id}"]
    assert "someone is in danger" in haystacks[f"thread {thread.id}"]
    assert "Internal note" in haystacks[f"thread {thread.id}"]
    assert "conversations_still_linked_to_you" in haystacks["export"]
    leaks = [(where, secret) for where, text in haystacks.items() for secret in secrets_to_find if secret in text]
    assert leaks == []

    # and only the member's own choice changes that
    await open_talk(c, c.bob, "a second conversation")
    shown = await c.bob.user.click(bot_dms(c.bob)[0], label="Tell them who I am")
    await c.bob.user.click(shown.response, label="Yes, tell them")
    assert str(c.bob.id) in dump(thread_of(c, 2).history())


def members_dm_pings_nobody(c: Community, before: int) -> None:
    for request in c.env.http_requests[before:]:
        body: dict[str, Any] = request.json or {}
        if request.method == "POST" and ("content" in body or "embeds" in body):
            mentions = body.get("allowed_mentions")
            assert mentions is not None, request.path
            assert mentions.get("parse", []) == [] and not mentions.get("users"), request.path


TEXTS = st.lists(
    st.one_of(
        st.sampled_from(["@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>", "```", "\n", "**"]),
        st.text(min_size=0, max_size=8),
    ),
    min_size=1,
    max_size=20,
).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
async def test_random_text_either_way_never_pings_and_never_crashes(community: Community, text: str) -> None:
    c = community
    if "team-inbox" not in c.channels:
        await add_team_inbox(c)
        await open_talk(c, c.alice, "opening")
    thread = thread_of(c)
    before = len(c.env.http_requests)
    if text.strip():
        await c.alice.send_dm(text[:2000])
        await c.mod.send(thread, text[:2000])
    members_dm_pings_nobody(c, before)
    for message in thread.history():
        if message.author.bot and message.embeds:
            assert not message.mention_everyone and not message.mentions


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(topic=st.text(min_size=1, max_size=100), name=st.sampled_from(["with", "without"]))
async def test_any_topic_typed_gets_an_answer_and_nothing_escapes(community: Community, topic: str, name: str) -> None:
    c = community
    if "team-inbox" not in c.channels:
        await add_team_inbox(c)
    shown = await c.bob.slash(c.channels["general"], "talk open", name=name, topic=topic)
    assert shown.acknowledged
    assert shown.modal is not None or "topics" in said(shown)
