"""Memory and start: 10,000 servers × 5 channels in READY, Hearth vs bare discord.py, in subprocesses."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from typing import Any

from bench.common import median
from tests.loopback.emulator import LoopbackDiscord
from tests.loopback.payloads import make_guilds


async def child(kind: str, servers: int) -> dict[str, Any]:
    """One fresh emulator and one child process."""
    guilds = make_guilds(servers, channels_per_guild=5)
    async with LoopbackDiscord(guilds) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
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
        result["emulator_unimplemented"] = len(emulator.unimplemented)
        return result


async def run(servers: int, repeats: int) -> dict[str, Any]:
    """Alternate bare and Hearth runs; medians and ratios."""
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "hearth": []}
    for _ in range(repeats):
        for kind in ("bare", "hearth"):
            runs[kind].append(await child(kind, servers))
    out: dict[str, Any] = {"servers": servers, "channels_per_server": 5, "repeats": repeats, "runs": runs}
    for kind in runs:
        out[kind] = {
            key: median([r[key] for r in runs[kind]])
            for key in ("seconds_to_done", "seconds_from_process_start", "rss_mib", "peak_rss_mib", "import_seconds")
        }
        out[kind]["shards"] = runs[kind][0]["shards"]
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
