"""`python -m bench.scale [--servers N] [--shares N]`: Hearth at scale, on PostgreSQL (not CI).

1. Fan-out over three processes: three real `hearth run` processes (one shard each of three) share one
   PostgreSQL and one loopback Discord; every server's daily prompt is due when they start (its time is half
   an hour ago, inside the grace window, so each process's start-up catch-up is the fan-out). Time = from the
   first prompt POST to the last thread POST the emulator received; lower bound = those requests ÷ 50/s
   (Discord's global limit, which the emulator enforces over all three processes together). The shared
   pacer allows 47 turns a second, so the ratio cannot go below about 50 ÷ 47 = 1.064 (reported exactly).
2. `/share` latency (modal submission → callback, → channel post), the same bot on a SQLite file and on a
   PostgreSQL database, side by side in one run (tests/loopback harness; bench/latency.py's meter).
3. The shared pacer's own cost: one turn when no wait is due (one UPDATE ... RETURNING round trip).

Needs HEARTH_TEST_POSTGRES_URL (`eval "$(.ci/postgres start /tmp/pg-bench)"`). Writes
bench/results/scale-latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.common import load_average, median, percentile, quiet
from bench.latency import HEADERS_ONLY, Meter
from tests.engines import drop_postgres_database, fresh_postgres_database
from tests.loopback.emulator import LoopbackDiscord, wait_until
from tests.loopback.harness import hearth_bot, running, seed_settings
from tests.loopback.payloads import make_guilds
from tests.loopback.test_processes import SHARDS, Process, claims, seed

RESULTS = Path(__file__).resolve().parent / "results" / "scale-latest.json"
GLOBAL_LIMIT = 50


async def fan_out(servers: int) -> dict[str, Any]:
    """Three processes, `servers` servers due at once: time against the 50/s bound, 429s, doubles, misses."""
    guilds = make_guilds(servers, channels_per_guild=1)
    url = await fresh_postgres_database()
    load_before = load_average()
    try:
        await seed(url, guilds)
        with tempfile.TemporaryDirectory() as tmp:
            async with LoopbackDiscord(guilds, recommended_shards=SHARDS) as emulator:
                procs = [Process(f"shard{n}", Path(tmp), url, str(n)) for n in range(SHARDS)]
                for process in procs:
                    await process.start()
                try:
                    await wait_until(
                        lambda: len(emulator.threads) >= servers, within=servers / 10 + 120, what="every thread"
                    )
                    await asyncio.sleep(2.0)  # a late double would land now
                finally:
                    for process in procs:
                        await process.stop()
                sent = [
                    r
                    for r in emulator.requests
                    if r.method == "POST" and r.status == 200 and r.route.startswith("/channels/{channel_id}/messages")
                ]
                first, last = min(r.at for r in sent), max(r.at for r in sent)
                per_server = [len(emulator.messages[g.channels[0].id]) for g in guilds]
                rows = await claims(url)
                elapsed = last - first
                bound = len(sent) / GLOBAL_LIMIT
                return {
                    "servers": servers,
                    "processes": SHARDS,
                    "requests": len(sent),
                    "seconds": round(elapsed, 2),
                    "lower_bound_seconds": round(bound, 2),
                    "ratio": round(elapsed / bound, 3),
                    "pacer_floor_ratio": round((len(sent) - 1) / 47 / bound, 3),  # N sends, N - 1 gaps of 1/47 s
                    "global_429s": emulator.global_429s,
                    "route_429s": emulator.route_429s,
                    "servers_with_one_prompt": per_server.count(1),
                    "servers_doubled": sum(1 for n in per_server if n > 1),
                    "servers_missed": per_server.count(0),
                    "claims": rows,
                    "load_before": load_before,
                    "load_after": load_average(),
                }
    finally:
        await drop_postgres_database(url)


async def share_latency(engine: str, total: int) -> dict[str, list[float]]:
    """`total` /share submissions one at a time and 50 at once, on one engine; ms per submission."""
    guild = make_guilds(1, channels_per_guild=5)[0]
    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        target: Path | str = Path(tmp) / "hearth.db" if engine == "sqlite" else await fresh_postgres_database()
        try:
            await seed_settings(target, {guild.id: {"channels.anonymous": guild.channels[2].id}})  # type: ignore[arg-type]
            async with LoopbackDiscord([guild], limits=HEADERS_ONLY) as emulator:
                bot = hearth_bot(target)  # type: ignore[arg-type]
                async with running(bot):
                    meter = Meter(emulator, guild)
                    await meter.measure("share", 50, 1)  # warm up
                    for mode, concurrency in (("sequential", 1), ("concurrent_50", 50)):
                        figures = await meter.measure("share", total, concurrency)
                        out[f"{mode}|callback"] = figures["callback"]
                        out[f"{mode}|post"] = figures["post"]
        finally:
            if isinstance(target, str):
                await drop_postgres_database(target)
    return out


async def shares(total: int, repeats: int) -> dict[str, Any]:
    """Medians over repeats of p50/p99 on each engine, and PostgreSQL ÷ SQLite."""
    load_before = load_average()
    figures: dict[str, list[float]] = {}
    for _ in range(repeats):
        for engine in ("sqlite", "postgresql"):
            for key, values in (await share_latency(engine, total)).items():
                for q in (50, 99):
                    figures.setdefault(f"{engine}|{key}|p{q}", []).append(percentile(values, q))
    out: dict[str, Any] = {"submissions_per_mode": total, "repeats": repeats, "load_before": load_before}
    for key, values in figures.items():
        engine, mode, what, q = key.split("|")
        out.setdefault(f"{mode}→{what}", {})[f"{engine}_{q}_ms"] = round(median(values), 3)
    for slot in (v for k, v in out.items() if "→" in k):
        for q in ("p50", "p99"):
            slot[f"ratio_{q}"] = round(slot[f"postgresql_{q}_ms"] / slot[f"sqlite_{q}_ms"], 3)
    out["load_after"] = load_average()
    return out


async def pacer_cost(turns: int = 2000) -> dict[str, Any]:
    """What one shared-pacer turn costs when no wait is due: one UPDATE ... RETURNING round trip."""
    from bot.core.db import Database
    from bot.core.pacing import SharedPacer

    url = await fresh_postgres_database()
    db = Database(url)
    await db.open()
    try:
        await db.migrate()
        pacer = SharedPacer(db, 10**6, name="cost-probe")  # a rate nobody reaches: never a wait
        await pacer.acquire()
        times = []
        for _ in range(turns):
            started = time.perf_counter()
            await pacer.acquire()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        await db.close()
        await drop_postgres_database(url)
    return {"turns": turns, "p50_ms": round(percentile(times, 50), 3), "p99_ms": round(percentile(times, 99), 3)}


async def main(servers: int, total: int, repeats: int) -> dict[str, Any]:
    quiet()
    started = time.monotonic()
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
    }
    print(f"fan-out: {servers} servers over {SHARDS} processes ...", flush=True)
    results["fanout_3_processes"] = await fan_out(servers)
    print(json.dumps(results["fanout_3_processes"], indent=1), flush=True)
    print(f"/share latency: {total} per mode, SQLite beside PostgreSQL ...", flush=True)
    results["share_latency"] = await shares(total, repeats)
    print(json.dumps(results["share_latency"], indent=1), flush=True)
    results["shared_pacer_turn"] = await pacer_cost()
    print(json.dumps(results["shared_pacer_turn"]), flush=True)
    results["seconds"] = round(time.monotonic() - started, 1)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=3000)
    parser.add_argument("--shares", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("HEARTH_TEST_POSTGRES_URL"):
        raise SystemExit('bench.scale needs HEARTH_TEST_POSTGRES_URL: eval "$(.ci/postgres start /tmp/pg-bench)"')
    found = asyncio.run(main(args.servers, args.shares, args.repeats))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    report.update_scale_section(Path(__file__).resolve().parent / "README.md", found)
    print(f"written to {RESULTS} and bench/README.md")
