"""Fan-out: 1,000 servers due in the same minute, one post and one thread each, at Discord's limits."""

from __future__ import annotations

import asyncio
import functools
import tempfile
import time
from pathlib import Path
from typing import Any

import discord

from bench.common import Pacer, median
from bot import delivery
from bot.client import HearthBot
from tests.loopback.emulator import Limits, LoopbackDiscord, wait_until
from tests.loopback.harness import OncePerGuildPost, hearth_bot, running
from tests.loopback.payloads import make_guilds


class PacedPost(OncePerGuildPost):
    """The same job with every REST call paced under the global limit (what a bulk poster should do)."""

    def __init__(self, bot: HearthBot, pacer: Pacer) -> None:
        super().__init__(bot)
        self.pacer = pacer

    async def run(self, guild_id: int) -> None:
        """Claim, pace, post, pace, thread."""
        if guild_id in self.claimed:
            return
        self.claimed.add(guild_id)
        guild = self.bot.get_guild(guild_id)
        assert guild is not None
        await self.pacer.acquire()
        result = await delivery.post(self.bot, guild_id, guild.text_channels[0].id, what="prompts",
                                     content="Today's prompt: what is one small thing that helped this week?")
        if result.message is None:
            self.failed[guild_id] = result.reason or "?"
            return
        self.posted.append(guild_id)
        await self.pacer.acquire()
        try:
            await result.message.create_thread(name="Replies")
        except discord.HTTPException as exc:
            self.thread_failed[guild_id] = f"HTTP {exc.status}"


async def one_run(servers: int, paced: bool) -> dict[str, Any]:
    """Start the bot on `servers` servers; every server's job is due at once; time until all are done."""
    guilds = make_guilds(servers, channels_per_guild=1)
    async with LoopbackDiscord(guilds, limits=Limits()) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
            bot = hearth_bot(Path(tmp) / "hearth.db", shards=None)
            job: OncePerGuildPost = PacedPost(bot, Pacer(48.0)) if paced else OncePerGuildPost(bot)

            async def provider(guild: discord.Guild, settings: Any) -> None:
                # Scheduled for later; released together below so every server is due at the same moment.
                job.scheduled.add(guild.id)

            bot.add_job_provider(provider)
            async with running(bot, within=120):
                await wait_until(lambda: len(job.scheduled) == servers, within=60, what="all servers scheduled")
                start = time.monotonic()
                for guild_id in job.scheduled:
                    bot.scheduler.schedule_at(guild_id, job.key, bot.clock(), functools.partial(job.run, guild_id))
                limit = 3 * servers * 2 / 50 + 60
                await wait_until(lambda: len(job.posted) + len(job.failed) == servers, within=limit,
                                 what="every server's post")
                # Let any in-flight thread creations finish.
                await wait_until(lambda: len(emulator.threads) + len(job.thread_failed) >= len(job.posted), within=60,
                                 what="threads")
                elapsed = time.monotonic() - start
        posts = [len(emulator.messages[g.channels[0].id]) for g in guilds]
        lower_bound = servers * 2 / emulator.limits.global_per_second  # one post and one thread each
        return {
            "servers": servers, "paced": paced, "seconds": round(elapsed, 2),
            "lower_bound_seconds": round(lower_bound, 2), "ratio": round(elapsed / lower_bound, 3),
            "global_429s": emulator.global_429s, "route_429s": emulator.route_429s,
            "duplicates": sum(n - 1 for n in posts if n > 1), "misses": sum(1 for n in posts if n == 0),
            "threads": len(emulator.threads), "thread_misses": servers - len(emulator.threads),
            "posts_given_up": len(job.failed), "unimplemented": len(emulator.unimplemented),
        }


async def run(servers: int, repeats: int) -> dict[str, Any]:
    """Unpaced (the bot as it is) and paced (a bench-only 48 req/s pacer), medians over repeats."""
    out: dict[str, Any] = {}
    for label, paced in (("as_is", False), ("paced_48_per_s", True)):
        runs = [await one_run(servers, paced) for _ in range(repeats)]
        out[label] = {
            "runs": runs,
            "median_seconds": median([r["seconds"] for r in runs]),
            "median_ratio": median([r["ratio"] for r in runs]),
            "global_429s_median": median([r["global_429s"] for r in runs]),
            "duplicates_max": max(r["duplicates"] for r in runs),
            "misses_max": max(r["misses"] for r in runs),
            "thread_misses_max": max(r["thread_misses"] for r in runs),
        }
        print(f"  fan-out {label}: {out[label]['median_seconds']} s, ratio {out[label]['median_ratio']}, "
              f"global 429s {out[label]['global_429s_median']}, misses {out[label]['misses_max']}, "
              f"duplicates {out[label]['duplicates_max']}, thread misses {out[label]['thread_misses_max']}", flush=True)
    return out


if __name__ == "__main__":
    print(asyncio.run(run(100, 1)))
