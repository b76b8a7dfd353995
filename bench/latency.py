"""Interaction latency: INTERACTION_CREATE sent → interaction callback POST received, Hearth vs bare."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bench.common import median, percentile
from tests.loopback.emulator import LoopbackDiscord, wait_until
from tests.loopback.harness import _no_identify_wait, hearth_bot, running
from tests.loopback.payloads import make_guilds

COMMAND = "config show"  # a Hearth command present on every branch; /win and /share land with their parts


def bare_client() -> discord.Client:
    """Bare discord.py with Hearth's intents, answering `/config show` privately with a constant."""
    from bot.client import build_intents

    client = discord.AutoShardedClient(intents=build_intents(), shard_count=1, guild_ready_timeout=0.05)
    client.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
    tree = app_commands.CommandTree(client)
    group = app_commands.Group(name="config", description="constant")

    @group.command(name="show", description="constant")
    async def show(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("constant", ephemeral=True)

    tree.add_command(group)
    return client


async def measure(emulator: LoopbackDiscord, guild_id: int, total: int, concurrency: int) -> list[float]:
    """Send `total` interactions, `concurrency` at a time; latencies in milliseconds."""
    latencies: list[float] = []
    for _ in range(total // concurrency):
        ids = [await emulator.slash(guild_id, COMMAND) for _ in range(concurrency)]
        wanted = set(ids)

        def arrived(wanted: set[int] = wanted) -> bool:
            return wanted <= {c[0] for c in emulator.callbacks[-concurrency * 2:]}

        await wait_until(arrived, within=30, what="the callbacks")
        got = {c[0]: c[1] for c in emulator.callbacks[-concurrency * 2:]}
        latencies.extend((got[i] - emulator.interaction_sent[i]) * 1000 for i in ids)
    return latencies


async def one_side(kind: str, total: int) -> dict[str, Any]:
    """Latencies for one bot, sequential and 50 concurrent."""
    guilds = make_guilds(1, channels_per_guild=5)
    async with LoopbackDiscord(guilds) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
            client = hearth_bot(Path(tmp) / "hearth.db") if kind == "hearth" else bare_client()
            async with running(client):
                await measure(emulator, guilds[0].id, 50, 1)  # warm up (settings cache, code paths)
                sequential = await measure(emulator, guilds[0].id, total, 1)
                concurrent = await measure(emulator, guilds[0].id, total, 50)
        refused = [c for c in emulator.callbacks if "moderators" in str(c[2]).lower()]
        assert not refused, "the benchmark member must be allowed to run the command"
    return {"sequential": sequential, "concurrent_50": concurrent}


async def run(total: int, repeats: int) -> dict[str, Any]:
    """Medians over repeats of p50/p99 per mode, Hearth beside bare, and the overheads."""
    figures: dict[str, dict[str, list[float]]] = {}
    for _ in range(repeats):
        for kind in ("bare", "hearth"):
            side = await one_side(kind, total)
            for mode, values in side.items():
                slot = figures.setdefault(f"{kind}_{mode}", {"p50": [], "p99": []})
                slot["p50"].append(percentile(values, 50))
                slot["p99"].append(percentile(values, 99))
    out: dict[str, Any] = {"command": f"/{COMMAND}", "interactions_per_mode": total, "repeats": repeats}
    for key, slot in figures.items():
        out[key] = {"p50_ms": round(median(slot["p50"]), 3), "p99_ms": round(median(slot["p99"]), 3)}
    for mode in ("sequential", "concurrent_50"):
        out[f"overhead_{mode}"] = {
            q: round(out[f"hearth_{mode}"][f"{q}_ms"] - out[f"bare_{mode}"][f"{q}_ms"], 3) for q in ("p50", "p99")}
        print(f"  latency {mode}: hearth p50 {out[f'hearth_{mode}']['p50_ms']} ms / p99 "
              f"{out[f'hearth_{mode}']['p99_ms']} ms; bare p50 {out[f'bare_{mode}']['p50_ms']} / p99 "
              f"{out[f'bare_{mode}']['p99_ms']}; overhead {out[f'overhead_{mode}']}", flush=True)
    return out
