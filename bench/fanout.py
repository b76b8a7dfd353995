"""Fan-out: 1,000 servers whose daily prompts are due at the same moment, at Discord's limits.

The REAL prompt job runs (cogs/prompts' PromptPoster: claim row in prompt_posts, the shared pacer — 47 sends
per sliding second — post, thread). The emulator enforces 50 requests/s globally and 5 per 5 s per channel
route. The same runs are repeated with a CPU hog (a busy-looping process) beside the bot, which stalls its
event loop the way a noisy neighbour does: the pacer must still never overrun.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bench.common import load_average, median
from bot.core.pacing import DEFAULT_RATE
from tests.loopback.emulator import Limits, LoopbackDiscord, wait_until
from tests.loopback.harness import PromptFanOut, running
from tests.loopback.payloads import make_guilds


async def one_run(servers: int) -> dict[str, Any]:
    """Start the bot on `servers` servers; 09:00 arrives for all at once; time until every post and thread."""
    guilds = make_guilds(servers, channels_per_guild=1)
    async with LoopbackDiscord(guilds, limits=Limits()) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
            fan_out = PromptFanOut(emulator, guilds, Path(tmp) / "hearth.db")
            await fan_out.prepare()
            bot = fan_out.bot(shards=None)
            async with running(bot, within=120):
                await wait_until(lambda: fan_out.scheduled(bot) == servers, within=60, what="every prompt job")
                fan_out.release(bot)
                limit = 3 * servers * 2 / DEFAULT_RATE + 60
                await wait_until(fan_out.done, within=limit, what="every server's post and thread")
                elapsed = time.monotonic() - fan_out.released_at
                # Anything still running (a late duplicate) would show up here.
                bot.scheduler.tick()
                await asyncio.sleep(0.5)
            claims = await fan_out.claims()
        posts = [fan_out.posts(g) for g in guilds]
        requests = sum(
            1
            for r in emulator.requests
            if r.route in ("/channels/{channel_id}/messages", "/channels/{channel_id}/messages/{message_id}/threads")
            and r.status == 200
        )
        lower_bound = servers * 2 / emulator.limits.global_per_second  # one post and one thread each
        return {
            "servers": servers,
            "seconds": round(elapsed, 2),
            "requests": requests,
            "lower_bound_seconds": round(lower_bound, 2),
            "ratio": round(elapsed / lower_bound, 3),
            "global_429s": emulator.global_429s,
            "route_429s": emulator.route_429s,
            "duplicates": sum(n - 1 for n in posts if n > 1),
            "misses": sum(1 for n in posts if n == 0),
            "threads": fan_out.threads(),
            "thread_misses": servers - fan_out.threads(),
            "claims": claims,
            "unimplemented": len(emulator.unimplemented),
        }


@contextlib.asynccontextmanager
async def cpu_hog() -> AsyncIterator[int]:
    """A busy-looping child process for as long as the block runs (ended by its own pid)."""
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "while True: pass")
    try:
        yield process.pid
    finally:
        process.kill()
        await process.wait()


def summary(runs: list[dict[str, Any]], servers: int) -> dict[str, Any]:
    """Medians and worst cases over runs."""
    return {
        "runs": runs,
        "median_seconds": round(median([r["seconds"] for r in runs]), 2),
        "median_ratio": round(median([r["ratio"] for r in runs]), 3),
        "lower_bound_seconds": runs[0]["lower_bound_seconds"],
        "global_429s_max": max(r["global_429s"] for r in runs),
        "runs_with_global_429s": sum(1 for r in runs if r["global_429s"]),
        "route_429s_max": max(r["route_429s"] for r in runs),
        "duplicates_max": max(r["duplicates"] for r in runs),
        "misses_max": max(r["misses"] for r in runs),
        "thread_misses_max": max(r["thread_misses"] for r in runs),
        "claims_not_posted_max": max(servers - r["claims"].get("posted", 0) for r in runs),
    }


async def run(servers: int, repeats: int, hog_repeats: int) -> dict[str, Any]:
    """The real prompt job, medians over repeats; then again with a CPU hog beside it."""
    load_before = load_average()
    out: dict[str, Any] = {
        "job": "cogs.prompts.posting.PromptPoster",
        "pacer_per_second": DEFAULT_RATE,
        "pacer_floor_ratio": round(50 / DEFAULT_RATE, 3),
        "load_before": load_before,
    }
    out.update(summary([await one_run(servers) for _ in range(repeats)], servers))
    if hog_repeats:
        async with cpu_hog():
            hogged = [await one_run(servers) for _ in range(hog_repeats)]
        out["with_cpu_hog"] = summary(hogged, servers)
    out["load_after"] = load_average()
    print(
        f"  fan-out: {out['median_seconds']} s, ratio {out['median_ratio']}, global 429s {out['global_429s_max']}, "
        f"misses {out['misses_max']}, duplicates {out['duplicates_max']}, thread misses {out['thread_misses_max']}",
        flush=True,
    )
    if hog_repeats:
        h = out["with_cpu_hog"]
        print(
            f"  fan-out with a CPU hog: ratio {h['median_ratio']}, runs with global 429s "
            f"{h['runs_with_global_429s']} of {hog_repeats}, misses {h['misses_max']}, duplicates {h['duplicates_max']}",
            flush=True,
        )
    return out


if __name__ == "__main__":
    print(asyncio.run(run(100, 1, 1)))
