"""The real HearthBot over real sockets against the loopback Discord (tests/loopback/emulator.py)."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

import discord

from bot.surface import delivery
from tests.loopback.emulator import Limits, LoopbackDiscord, wait_until
from tests.loopback.harness import PROMPT_JOB, PromptFanOut, hearth_bot, running
from tests.loopback.payloads import make_guilds


async def test_bot_becomes_ready_heartbeats_and_answers_a_command(tmp_path: Path) -> None:
    guilds = make_guilds(3, channels_per_guild=5)
    async with LoopbackDiscord(guilds, heartbeat_interval_ms=50) as emulator:
        bot = hearth_bot(tmp_path / "hearth.db")
        async with running(bot):
            assert {g.id for g in bot.guilds} == {g.id for g in guilds}
            assert all(len(bot.get_guild(g.id).text_channels) == 5 for g in guilds)  # type: ignore[union-attr]
            await wait_until(lambda: emulator.heartbeats >= 2, what="two heartbeats")
            await wait_until(lambda: math.isfinite(bot.latency), what="a heartbeat ACK")
            await bot.tree.sync()
            interaction_id = await emulator.slash(guilds[0].id, "config show")
            await wait_until(lambda: any(c[0] == interaction_id for c in emulator.callbacks), what="the reply")
        reply = next(c[2] for c in emulator.callbacks if c[0] == interaction_id)
        assert reply["type"] == 4
        assert reply["data"]["flags"] & 64  # private
        assert "Hearth settings" in reply["data"]["embeds"][0]["title"]
        assert emulator.identifies == [(0, 1)]
        assert emulator.unimplemented == []


async def test_gateway_drop_mid_fan_out_resumes_without_losing_or_doubling_a_post(tmp_path: Path) -> None:
    guilds = make_guilds(60, channels_per_guild=1)
    # The prompt job paces itself at 45 requests/s: 120 requests take about 2.7 s, so the drop lands mid-fan-out.
    async with LoopbackDiscord(guilds) as emulator:
        fan_out = PromptFanOut(emulator, guilds, tmp_path / "hearth.db")
        await fan_out.prepare()
        bot = fan_out.bot()
        seen: list[str] = []

        async def on_message(message: discord.Message) -> None:
            seen.append(message.content)

        bot.add_listener(on_message)
        async with running(bot):
            await wait_until(lambda: fan_out.scheduled(bot) == len(guilds), what="every server's prompt job")
            assert fan_out.threads() == 0  # scheduled, not yet due
            fan_out.release(bot)
            await wait_until(lambda: fan_out.threads() >= 10, what="the fan-out to start")
            assert fan_out.threads() < len(guilds)  # the fan-out (posts, then threads) is under way
            await emulator.drop(shard_id=0)
            # Sent while the socket is down: Discord keeps it and replays it on RESUME.
            await emulator.send_message(guilds[0].id, guilds[0].channels[0].id, "sent during the drop")
            await wait_until(lambda: len(emulator.resumes) == 1, what="a RESUME")
            await wait_until(fan_out.done, within=20, what="every post and its thread")
            await emulator.send_message(guilds[1].id, guilds[1].channels[0].id, "after the resume")
            await wait_until(lambda: len(seen) == 2, what="both messages")
            # The RESUME re-runs on_ready's job derivation; nothing may post twice because of it.
            bot.scheduler.tick()
            await asyncio.sleep(0.3)
        assert seen == ["sent during the drop", "after the resume"]
        assert emulator.identifies == [(0, 1)]  # resumed, not re-identified
        assert [fan_out.posts(g) for g in guilds] == [1] * len(guilds)
        assert fan_out.threads() == len(guilds)
        assert await fan_out.claims() == {"posted": len(guilds)}
        assert emulator.global_429s == 0, emulator.global_429_report()
        assert emulator.unimplemented == []


async def test_a_429_storm_is_retried_without_losing_a_post(tmp_path: Path) -> None:
    guilds = make_guilds(10, channels_per_guild=1)
    async with LoopbackDiscord(guilds) as emulator:
        fan_out = PromptFanOut(emulator, guilds, tmp_path / "hearth.db")
        await fan_out.prepare()
        bot = fan_out.bot()
        async with running(bot):
            await wait_until(lambda: fan_out.scheduled(bot) == len(guilds), what="every server's prompt job")
            emulator.inject_429("POST", r"^/channels/\d+/messages$", count=20, retry_after=0.05)
            emulator.inject_429("POST", r"^/channels/\d+/messages/\d+/threads$", count=10, retry_after=0.05)
            fan_out.release(bot)
            await wait_until(fan_out.done, what="every server's post and thread")
            results = await asyncio.gather(
                *(
                    delivery.post(bot, g.id, g.channels[0].id, what="prompts", content=f"post {i}")
                    for i, g in enumerate(guilds)
                )
            )
            # The last thread can exist a moment before its job records "posted": let the jobs finish first.
            for _ in range(200):
                if await fan_out.claims() == {"posted": len(guilds)}:
                    break
                await asyncio.sleep(0.01)
        assert emulator.statuses[429] == 30
        assert all(r.ok for r in results), [r.reason for r in results]
        assert [fan_out.posts(g) for g in guilds] == [2] * len(guilds)  # the prompt and the direct post
        assert fan_out.threads() == len(guilds)
        assert await fan_out.claims() == {"posted": len(guilds)}
        assert emulator.unimplemented == []


async def test_a_global_429_is_waited_out(tmp_path: Path) -> None:
    guilds = make_guilds(30, channels_per_guild=1)
    async with LoopbackDiscord(guilds, limits=Limits(global_per_second=10)) as emulator:
        bot = hearth_bot(tmp_path / "hearth.db")
        async with running(bot):
            results = await asyncio.gather(
                *(delivery.post(bot, g.id, g.channels[0].id, what="prompts", content="hello") for g in guilds)
            )
        assert all(r.ok for r in results), [r.reason for r in results]
        assert emulator.global_429s > 0
        assert sum(len(emulator.messages[g.channels[0].id]) for g in guilds) == len(guilds)


async def test_four_shards_each_get_only_their_servers_and_each_server_is_posted_once(tmp_path: Path) -> None:
    guilds = make_guilds(16, channels_per_guild=2)
    async with LoopbackDiscord(guilds) as emulator:
        fan_out = PromptFanOut(emulator, guilds, tmp_path / "hearth.db")
        await fan_out.prepare()
        bot = fan_out.bot(shards=4)
        async with running(bot):
            await wait_until(lambda: fan_out.scheduled(bot) == len(guilds), what="every server's prompt job")
            assert sorted(emulator.identifies) == [(shard, 4) for shard in range(4)]
            for shard in range(4):
                expected = {g.id for g in guilds if (g.id >> 22) % 4 == shard}
                assert set(emulator.guilds_sent[shard]) == expected
                assert len(emulator.guilds_sent[shard]) == len(expected) == 4
            for guild in guilds:
                assert bot.get_guild(guild.id).shard_id == (guild.id >> 22) % 4  # type: ignore[union-attr]
                assert bot.scheduler.next_run(guild.id, PROMPT_JOB) is not None
            fan_out.release(bot)
            await wait_until(fan_out.done, what="every server's post and thread")
            bot.scheduler.tick()
            await asyncio.sleep(0.2)
        for guild in guilds:
            assert fan_out.posts(guild) == 1
            assert emulator.messages[guild.channels[1].id] == []
        assert await fan_out.claims() == {"posted": len(guilds)}
        assert emulator.unimplemented == []


async def test_an_unimplemented_route_is_recorded_as_501(tmp_path: Path) -> None:
    guilds = make_guilds(1, channels_per_guild=1)
    async with LoopbackDiscord(guilds) as emulator:
        bot = hearth_bot(tmp_path / "hearth.db")
        async with running(bot):
            channel = bot.get_channel(guilds[0].channels[0].id)
            assert isinstance(channel, discord.TextChannel)
            try:
                await channel.edit(name="renamed")
            except discord.HTTPException as exc:
                assert exc.status == 501
            else:
                raise AssertionError("the emulator accepted a route it does not implement")
        assert emulator.unimplemented == [f"PATCH /channels/{guilds[0].channels[0].id}"]
