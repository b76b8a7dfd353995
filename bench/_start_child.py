"""Child process for the memory-and-start benchmark: connect to the emulator, report RSS and time as JSON.

Usage: python -m bench._start_child {hearth|bare} PORT SERVERS DB_DIR
Imports only what the real process would (no pytest, no SimCord), so the memory figure is fair.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from datetime import time as clock_time
from pathlib import Path
from typing import Any

T0 = time.perf_counter()

import discord  # noqa: E402
import yarl  # noqa: E402


def rss_kib() -> tuple[int, int]:
    """(current, peak) resident set size in KiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


async def _no_wait(shard_id: int | None, *, initial: bool = False) -> None:
    return None


async def main(kind: str, port: int, servers: int, db_dir: str) -> dict[str, Any]:
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    done = asyncio.Event()
    imported = time.perf_counter()
    client: discord.AutoShardedClient
    if kind == "hearth":
        from bot.app import HearthBot
        from bot.settings import Settings

        settings = Settings(
            _env_file=None,
            HEARTH_DATABASE=Path(db_dir) / "hearth.db",  # type: ignore[call-arg]
            HEARTH_SECRET="bench-secret",
        )
        bot = HearthBot(settings, guild_ready_timeout=0.05)
        scheduled: set[int] = set()

        async def daily_job(moment: Any) -> None:
            return None

        async def provider(guild: discord.Guild, guild_settings: Any) -> None:
            # Stands in for the daily prompt: one daily job per server at its configured time.
            bot.scheduler.schedule_daily(guild.id, "bench-daily", clock_time(9, 0), guild_settings.timezone, daily_job)
            scheduled.add(guild.id)
            if len(scheduled) == servers:
                done.set()

        bot.add_job_provider(provider)
        client = bot
    else:
        from bot.app import build_intents

        client = discord.AutoShardedClient(intents=build_intents(), guild_ready_timeout=0.05)

        async def on_ready() -> None:
            done.set()

        client.event(on_ready)
    client.before_identify_hook = _no_wait  # type: ignore[method-assign]
    start = time.perf_counter()
    task = asyncio.create_task(client.start("bench.token"))
    waiter = asyncio.create_task(done.wait())
    await asyncio.wait({task, waiter}, timeout=240, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()
    if not done.is_set():
        raise SystemExit("not done within 240 s")
    ready = time.perf_counter()
    gc.collect()
    rss, peak = rss_kib()
    result = {
        "kind": kind,
        "servers": len(client.guilds),
        "shards": client.shard_count,
        "seconds_to_done": round(ready - start, 3),
        "seconds_from_process_start": round(ready - T0, 3),
        "import_seconds": round(imported - T0, 3),
        "rss_mib": round(rss / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
    }
    await client.close()
    task.cancel()
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))))
