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

        class Measured(HearthBot):
            async def on_ready(self) -> None:
                # Hearth's own on_ready derives every server's jobs; done once it returns.
                await super().on_ready()
                done.set()

        client = Measured(settings, guild_ready_timeout=0.05)
    else:
        # Nothing of Hearth's is imported here: the intents are copied from bot/app.py build_intents.
        intents = discord.Intents.none()
        intents.guilds = True
        intents.members = True
        intents.guild_messages = True
        intents.dm_messages = True
        intents.message_content = True
        client = discord.AutoShardedClient(intents=intents, guild_ready_timeout=0.05)

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
        "hearth_modules": sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in ("bot", "cogs")}),
        "jobs": len(client.scheduler.jobs()) if kind == "hearth" else 0,  # type: ignore[attr-defined]
        "timers": client.scheduler.timers() if kind == "hearth" else 0,  # type: ignore[attr-defined]
        "peak_rss_mib": round(peak / 1024, 1),
    }
    await client.close()
    task.cancel()
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))))
