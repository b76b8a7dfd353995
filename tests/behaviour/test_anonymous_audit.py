"""After many anonymous posts and replies, nothing anywhere reveals who wrote them."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.behaviour.anon_helpers import posts, said, share
from tests.conftest import Community


async def test_fifty_anonymous_posts_and_replies_never_reveal_an_author(
    community: Community, caplog: pytest.LogCaptureFixture
) -> None:
    c = community
    caplog.set_level(logging.DEBUG)
    await c.configure(anonymous__posts_per_hour=100)
    writers = [c.alice, c.bob, c.supporter]
    answers: list[str] = []
    for i in range(20):
        answers.append(said(await share(c, writers[i % 3], f"post number {i}, about missing home")))
    for i in range(20):
        shown = await writers[(i + 1) % 3].slash(c.channels["general"], "share-reply", post=1 + i % 20)
        answers.append(said(await writers[(i + 1) % 3].submit_modal(shown, {"text": f"reply {i}", "warning": ""})))
    await c.configure(anonymous__approval=True)
    for i in range(6):
        answers.append(said(await share(c, writers[i % 3], f"queued {i}")))
    cards = [m for m in c.channels["mod-alerts"].history() if m.components]
    await c.mod.click(cards[0], label="Approve")
    shown = await c.mod.click(cards[1], label="Reject")
    await c.mod.submit_modal(shown, {"reason": "please rephrase"})
    # failures and refusals are part of the audit too
    answers.append(said(await share(c, c.alice, "call +44 7700 900123")))
    answers.append(said(await share(c, c.bob, "x" * 1900)))
    answers.append(said(await c.mod.slash(c.channels["general"], "anon block", post=3, duration="1d")))
    answers.append(said(await share(c, c.supporter, "blocked?")))
    answers.append(said(await c.mod.slash(c.channels["general"], "anon remove", post=2, reason="test")))
    answers.append(said(await c.mod.slash(c.channels["general"], "anon blocks")))
    await c.configure(anonymous__approval=False)
    assert len(posts(c.channels["anonymous"])) >= 19

    secrets_to_find: list[str] = []
    for writer in writers:
        member = c.bot.get_guild(c.guild.id).get_member(writer.id)
        secrets_to_find += [str(writer.id), writer.name, member.display_name, member.name]
    secrets_to_find = [s for s in set(secrets_to_find) if s]

    haystacks: dict[str, str] = {}
    for table in await c.bot.db.table_names():
        rows = await c.bot.db.fetchall(f"SELECT * FROM {table}")
        haystacks[f"table {table}"] = json.dumps([dict(r) for r in rows], default=str)
    hearth_logs = [r for r in caplog.records if r.name.split(".")[0] in ("bot", "cogs")]
    haystacks["logs"] = "\n".join(r.getMessage() for r in hearth_logs)
    for name in ("mod-alerts", "mod-log", "anonymous"):
        haystacks[name] = json.dumps(
            [m.content for m in c.channels[name].history()]
            + [e.to_dict() for m in c.channels[name].history() for e in m.embeds]
        )
    for thread in c.channels["anonymous"].threads:
        haystacks[f"thread {thread.id}"] = json.dumps([e.to_dict() for m in thread.history() for e in m.embeds])
    haystacks["private replies"] = "\n".join(answers)
    for writer in writers:
        haystacks[f"export {writer.name}"] = json.dumps(await c.bot.member_data.export(c.guild.id, writer.id))
    assert len(hearth_logs) > 10
    assert (
        "is up, without your name" in haystacks["private replies"] and "paused for you" in haystacks["private replies"]
    )
    assert "posts_still_linked_to_you" in haystacks["export alice"]
    leaks = [(where, secret) for where, text in haystacks.items() for secret in secrets_to_find if secret in text]
    assert leaks == []


FRAGMENTS = st.sampled_from(
    [
        "@everyone",
        "@here",
        "@\u200beveryone",
        "<@123456789012345678>",
        "<@!123456789012345678>",
        "<@&123456789012345678>",
        "@ everyone",
        "＠everyone",
        "@every\u200bone",
        "**",
        "__",
        "~~",
        "||",
        "`",
        "```",
        "> ",
        "# ",
        "[x](https://e.com)",
        "\u200b",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u202e",
        "<",
        ">",
        "@",
        "&",
        "!",
        "\n",
        " ",
        "everyone",
        "here",
    ]
)
TEXTS = (
    st.lists(st.one_of(FRAGMENTS, st.text(min_size=0, max_size=8)), min_size=1, max_size=25)
    .map("".join)
    .filter(lambda text: text != "")
)  # Discord itself refuses an empty required field


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
async def test_random_text_never_pings_and_never_crashes(community: Community, text: str) -> None:
    c = community
    await c.env.advance_time(1300)  # stay under the hourly limit across examples
    before = len(c.env.http_requests)
    result = await share(c, c.alice, text[:4000], warning="@everyone")
    assert result.acknowledged
    for request in c.env.http_requests[before:]:
        body = request.json or {}
        if request.method == "POST" and ("content" in body or "embeds" in body):
            assert body.get("allowed_mentions") == {"parse": []}, request.path
    for message in c.channels["anonymous"].history():
        assert not message.mention_everyone and not message.mentions and not message.role_mentions
