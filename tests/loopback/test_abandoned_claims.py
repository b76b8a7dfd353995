"""A daily-prompt claim left behind by a process that stopped (kill -9) is sent again exactly once.

Two ways to stop mid-post: between the claim and the send (nothing reached Discord), and after the send but
before the claim was recorded (the post is out). The process that owns the server next sends both again
with the claim's nonce: the first goes out, the second is dropped by Discord's `enforce_nonce` (the loopback
emulator does what Discord does, and has no message history, so the nonce alone must catch it).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from bot.core.db import Database
from tests.loopback.emulator import LoopbackDiscord, wait_until
from tests.loopback.harness import PROMPT_DAY, PromptFanOut, running
from tests.loopback.payloads import make_guilds


def only_history_missing(emulator: LoopbackDiscord) -> bool:
    """Nothing unimplemented was asked for but channel history (which the emulator leaves out on purpose)."""
    return all(call.startswith("GET /channels/") and call.endswith("/messages") for call in emulator.unimplemented)


async def test_claims_a_stopped_process_left_are_sent_again_once_each(tmp_path: Path) -> None:
    guilds = make_guilds(20, channels_per_guild=1)
    landed, never_sent = guilds[:10], guilds[10:]
    async with LoopbackDiscord(guilds) as emulator:
        fan_out = PromptFanOut(emulator, guilds, tmp_path / "hearth.db")
        await fan_out.prepare()
        first = fan_out.bot()
        async with running(first):
            await wait_until(lambda: fan_out.scheduled(first) == len(guilds), what="every server's prompt job")
            fan_out.release(first)
            await wait_until(fan_out.done, within=20, what="the first fan-out")
        # Rewind to what kill -9 leaves: every day claimed by a process that is gone, nothing recorded; for half
        # the servers the post had gone out (it is in the channel, with its nonce), for the other half not.
        for guild in never_sent:
            channel = guild.channels[0].id
            for message in emulator.messages.pop(channel):
                emulator.by_nonce.pop((channel, message["nonce"]))
            emulator.threads = [t for t in emulator.threads if int(t["parent_id"]) != channel]
        emulator._threaded = {int(t["id"]) for t in emulator.threads}
        db = Database(tmp_path / "hearth.db")
        await db.open()
        lease = (PROMPT_DAY + timedelta(hours=1)).isoformat()  # not run out: the owner's absence is what counts
        await db.execute(
            "UPDATE prompt_posts SET status = 'claimed', owner = 'stopped-instance', lease_until = ?, "
            "message_id = NULL, thread_id = NULL, channel_id = NULL",
            (lease,),
        )
        await db.close()
        fan_out.clock.set(PROMPT_DAY + timedelta(minutes=3))
        second = fan_out.bot()
        async with running(second):
            await wait_until(lambda: fan_out.threads() == len(guilds), within=20, what="every thread")
            await wait_until(lambda: emulator.nonce_repeats == len(landed), within=20, what="the repeats dropped")
            # The thread is opened before the post is recorded: wait for the records too before stopping the bot
            # (under load the last "posted" could land after the threads were counted).
            for _ in range(200):
                if await fan_out.claims() == {"posted": len(guilds)}:
                    break
                await asyncio.sleep(0.1)
        assert [fan_out.posts(g) for g in guilds] == [1] * len(guilds)
        assert await fan_out.claims() == {"posted": len(guilds)}
        assert emulator.global_429s == 0, emulator.global_429_report()
        assert only_history_missing(emulator)
