"""Memory and start: 10,000 configured servers × 5 channels, Hearth vs bare discord.py, in subprocesses.

Hearth starts on a database where every server is configured (bench/configured.py); the bare child imports
nothing of Hearth's (its report lists any `bot`/`cogs` module it loaded: none).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import load_average, median
from bench.configured import seed
from tests.loopback.emulator import LoopbackDiscord
from tests.loopback.payloads import make_guilds


async def child(kind: str, servers: int) -> dict[str, Any]:
    """One fresh emulator and one child process."""
    guilds = make_guilds(servers, channels_per_guild=5)
    async with LoopbackDiscord(guilds) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
            seeded = await seed(Path(tmp) / "hearth.db", guilds) if kind == "hearth" else {}
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench._start_child",
                kind,
                str(emulator.port),
                str(servers),
                tmp,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(process.communicate(), timeout=300)
        if process.returncode != 0:
            raise RuntimeError(f"{kind} child failed: {err.decode()[-2000:]}")
        result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
        result["seeded"] = seeded
        result["emulator_unimplemented"] = len(emulator.unimplemented)
        return result


async def run(servers: int, repeats: int) -> dict[str, Any]:
    """Alternate bare and Hearth runs; medians and ratios."""
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "hearth": []}
    load_before = load_average()
    for _ in range(repeats):
        for kind in ("bare", "hearth"):
            runs[kind].append(await child(kind, servers))
    out: dict[str, Any] = {
        "servers": servers,
        "channels_per_server": 5,
        "repeats": repeats,
        "runs": runs,
        "database": runs["hearth"][0]["seeded"],
        "load_before": load_before,
        "load_after": load_average(),
    }
    for kind in runs:
        out[kind] = {
            key: median([r[key] for r in runs[kind]])
            for key in ("seconds_to_done", "seconds_from_process_start", "rss_mib", "peak_rss_mib", "import_seconds")
        }
        out[kind]["shards"] = runs[kind][0]["shards"]
        out[kind]["jobs"] = runs[kind][0]["jobs"]
        out[kind]["timers"] = runs[kind][0]["timers"]
        out[kind]["hearth_modules"] = runs[kind][0]["hearth_modules"]
    out["rss_ratio"] = round(out["hearth"]["rss_mib"] / out["bare"]["rss_mib"], 3)
    out["extra_seconds"] = round(out["hearth"]["seconds_to_done"] - out["bare"]["seconds_to_done"], 3)
    out["extra_seconds_from_process_start"] = round(
        out["hearth"]["seconds_from_process_start"] - out["bare"]["seconds_from_process_start"], 3
    )
    print(
        f"  start: bare {out['bare']}, hearth {out['hearth']}, RSS ratio {out['rss_ratio']}, "
        f"extra {out['extra_seconds']} s",
        flush=True,
    )
    return out
