"""Moderators act on anonymous posts without ever learning who wrote them."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import discord

from cogs.safety.response import CrisisSignal
from tests.behaviour.anon_helpers import dms, posts, said, share
from tests.conftest import Community


class FakeCrisisSink:
    """Stands in for the moderation part: records alerts and check-in requests."""

    def __init__(self) -> None:
        self.signals: list[CrisisSignal] = []
        self.check_ins: list[tuple[int, int]] = []

    async def raise_alert(self, signal: CrisisSignal) -> int | None:
        self.signals.append(signal)
        return len(self.signals)

    async def request_check_in(self, guild_id: int, alert_id: int, user: discord.abc.User) -> bool:
        self.check_ins.append((alert_id, user.id))
        return True


async def test_block_by_post_refuses_the_author_with_the_end_time_and_not_others(community: Community) -> None:
    c = community
    await share(c, c.alice, "first")
    result = await c.mod.slash(c.channels["general"], "anon block", post=1, duration="3d", reason="spam")
    assert "block 1" in said(result)
    assert str(c.alice.id) not in said(result) and "alice" not in said(result)
    refused = await share(c, c.alice, "second, please keep")
    answer = said(refused)
    assert "paused for you" in answer and "<t:" in answer and "second, please keep" in answer
    assert "spam" not in answer and "morgan" not in answer
    await share(c, c.bob, "bob still posts")
    assert posts(c.channels["anonymous"])[-1].embeds[0].description == "bob still posts"
    listed = await c.mod.slash(c.channels["general"], "anon blocks")
    assert "Block 1: author of post #1" in said(listed)
    await c.mod.slash(c.channels["general"], "anon unblock", block=1)
    await share(c, c.alice, "back again")
    assert posts(c.channels["anonymous"])[-1].embeds[0].description == "back again"
    row = await c.bot.db.fetchone("SELECT author_key FROM anonymous_blocks WHERE id = 1")
    assert row is not None and row[0] is None  # the key is forgotten when the block ends


async def test_a_timed_block_ends_by_itself(community: Community) -> None:
    c = community
    await share(c, c.alice, "first")
    await c.mod.slash(c.channels["general"], "anon block", post=1, duration="12h")
    await c.env.advance_time(13 * 3600)
    await share(c, c.alice, "after the pause")
    assert posts(c.channels["anonymous"])[-1].embeds[0].description == "after the pause"


async def test_bad_duration_is_explained(community: Community) -> None:
    c = community
    await share(c, c.alice, "first")
    result = await c.mod.slash(c.channels["general"], "anon block", post=1, duration="soon")
    assert "is not a duration I understand" in said(result)


async def test_after_the_retention_period_the_link_is_gone_for_everyone(community: Community) -> None:
    c = community
    await c.configure(anonymous__retention_days=1)
    await share(c, c.alice, "old post")
    await c.env.advance_time(86400 + 3.5 * 3600 + 60)  # just after the daily 03:30 job on day two
    c.bot.scheduler.tick()
    for _ in range(10):
        await asyncio.sleep(0)
    await c.env.settle()
    row = await c.bot.db.fetchone("SELECT author_key FROM anonymous_posts WHERE number = 1")
    assert row is not None and row[0] is None
    result = await c.mod.slash(c.channels["general"], "anon block", post=1)
    assert "has expired" in said(result)
    mine = await c.alice.slash(c.channels["general"], "share-delete", post=1)
    assert "no longer linked to anyone" in said(mine)


async def test_retention_zero_never_stores_the_author_key(community: Community) -> None:
    c = community
    await c.configure(anonymous__retention_days=0)
    await share(c, c.alice, "never linked")
    row = await c.bot.db.fetchone("SELECT author_key FROM anonymous_posts WHERE number = 1")
    assert row is not None and row[0] is None
    result = await c.mod.slash(c.channels["general"], "anon block", post=1)
    assert "has expired" in said(result)


async def test_remove_deletes_the_post_and_records_the_reason_in_the_mod_log(community: Community) -> None:
    c = community
    await share(c, c.alice, "remove me")
    result = await c.mod.slash(c.channels["general"], "anon remove", post=1, reason="names a person")
    assert "removed" in said(result)
    assert posts(c.channels["anonymous"]) == []
    entry = c.channels["mod-log"].last_message
    assert entry is not None and "#1" in entry.embeds[0].description and "names a person" in entry.embeds[0].description
    again = await c.mod.slash(c.channels["general"], "anon remove", post=1)
    assert "no anonymous post #1" in said(again)


async def test_members_cannot_use_anon_moderation(community: Community) -> None:
    c = community
    assert not any(name.startswith("anon ") for name in c.alice.available_commands(c.channels["general"]))
    commands = await c.bot.tree.fetch_commands()
    anon = next(cmd for cmd in commands if cmd.name == "anon")
    c.guild.set_command_permissions(anon, {c.roles["member"]: True})
    await share(c, c.bob, "x")
    result = await c.alice.slash(c.channels["general"], "anon block", post=1)
    assert "for moderators" in said(result)


async def test_pseudonyms_change_for_everyone_after_rotate(community: Community) -> None:
    c = community
    before = {a.id: await c.bot.anonymity.pseudonym(c.guild.id, a.id) for a in (c.alice, c.bob)}
    await c.mod.slash(c.channels["general"], "anon rotate")
    after = {a.id: await c.bot.anonymity.pseudonym(c.guild.id, a.id) for a in (c.alice, c.bob)}
    assert all(before[k] != after[k] for k in before)
    await share(c, c.alice, "new name")
    assert posts(c.channels["anonymous"])[-1].embeds[0].author.name == f"Anonymous · {after[c.alice.id]}"


async def _approval(c: Community) -> Any:
    await c.configure(anonymous__approval=True)
    result = await share(c, c.alice, "Waiting for a moderator.", topic="waiting")
    assert "waiting for a moderator" in said(result)
    assert posts(c.channels["anonymous"]) == []
    card = c.channels["mod-alerts"].last_message
    assert card is not None
    return card


async def test_approval_round_trip_survives_a_restart(community: Community) -> None:
    c = community
    card = await _approval(c)
    shown = card.embeds[0].to_dict()
    pseudonym = await c.bot.anonymity.pseudonym(c.guild.id, c.alice.id)
    assert "#1" in shown["title"] and pseudonym not in str(shown) and "alice" not in str(shown)
    await c.restart()
    refused = await c.alice.click(card, label="Approve")
    assert "for moderators" in said(refused)
    result = await c.mod.click(card, label="Approve")
    assert "Approved" in said(result)
    post = posts(c.channels["anonymous"])[-1]
    assert post.embeds[0].description == "Waiting for a moderator."
    assert any("was approved" in m.content for m in dms(c.alice))
    assert await c.bot.db.fetchone("SELECT 1 FROM anonymous_pending") is None
    assert "Approved by" in (c.channels["mod-alerts"].last_message.content or "")


async def test_rejected_text_goes_back_to_its_author_after_a_restart(community: Community) -> None:
    c = community
    card = await _approval(c)
    await c.restart()
    shown = await c.mod.click(card, label="Reject")
    assert shown.modal is not None
    result = await c.mod.submit_modal(shown, {"reason": "It names someone; could you rephrase?"})
    assert "sent back to its author" in said(result)
    texts = "\n".join(m.content for m in dms(c.alice))
    assert "wasn't approved" in texts and "could you rephrase" in texts and "Waiting for a moderator." in texts
    assert posts(c.channels["anonymous"]) == []
    assert await c.bot.db.fetchone("SELECT 1 FROM anonymous_pending") is None
    edited = c.channels["mod-alerts"].last_message
    assert edited is not None and edited.embeds == [] and "Waiting for a moderator." not in edited.content


async def test_crisis_text_gets_private_resources_and_an_alert_without_identity(community: Community) -> None:
    c = community
    sink = FakeCrisisSink()
    c.bot.crisis_alerts = sink
    result = await share(c, c.alice, "I want to end my life tonight.")
    assert result.ephemeral
    followups = result.followups
    support = [m for m in followups if m.embeds and m.components]
    assert support, "private crisis resources with a check-in button"
    assert posts(c.channels["anonymous"])[-1].embeds[0].description == "I want to end my life tonight."
    assert len(sink.signals) == 1
    signal = sink.signals[0]
    assert signal.writer_id is None and signal.anonymous_post_id == 1 and signal.source == "anonymous"
    assert str(c.alice.id) not in repr(signal)
    assert sink.check_ins == []
    await c.alice.click(support[0], label=support[0].components[0]["components"][0]["label"])
    assert sink.check_ins == [(1, c.alice.id)]


async def test_report_flow_interface_finds_posts_and_replies_and_blocks(community: Community) -> None:
    c = community
    await share(c, c.alice, "post")
    shown = await c.bob.slash(c.channels["general"], "share-reply", post=1)
    await c.bob.submit_modal(shown, {"text": "reply", "warning": ""})
    moderation = c.bot.anonymous_moderation
    assert moderation is not None
    reply = posts(c.channels["anonymous"].threads[0])[-1]
    assert await moderation.post_for_message(c.guild.id, reply.id) == 2
    sentence = await moderation.block_author(c.guild.id, 2, c.mod.id, timedelta(days=1), None)
    assert "post #2" in sentence
    refused = await share(c, c.bob, "bob again")
    assert "paused for you" in said(refused)


def _legacy_seal(secret: bytes, user_id: int) -> str:
    """A return address as Hearth sealed it before AES-GCM (XOR with an HMAC stream): kept here only to test."""
    import hashlib
    import hmac
    import secrets

    nonce = secrets.token_bytes(16)
    stream = hmac.new(secret, b"return-to:" + nonce, hashlib.sha256).digest()[:8]
    body = bytes(a ^ b for a, b in zip(user_id.to_bytes(8, "big"), stream, strict=True))
    tag = hmac.new(secret, b"return-tag:" + nonce + body, hashlib.sha256).digest()[:8]
    return (nonce + body + tag).hex()


async def test_a_submission_waiting_since_before_the_cipher_change_still_goes_back_to_its_author(
    community: Community,
) -> None:
    from tests.conftest import TEST_SECRET

    c = community
    card = await _approval(c)
    row = await c.bot.db.fetchone("SELECT return_to FROM anonymous_pending")
    assert row is not None and row[0].startswith("g1:")  # new submissions use the AEAD
    await c.bot.db.execute(
        "UPDATE anonymous_pending SET return_to = ?", (_legacy_seal(TEST_SECRET.encode(), c.alice.id),)
    )
    await c.restart()
    shown = await c.mod.click(card, label="Reject")
    result = await c.mod.submit_modal(shown, {"reason": "Please leave out the name."})
    assert "sent back to its author" in said(result)
    assert any("wasn't approved" in m.content and "leave out the name" in m.content for m in dms(c.alice))
