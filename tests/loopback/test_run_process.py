"""`hearth run` as an operator runs it: a real process against the loopback Discord, stopped by a signal.

The child is the real command line (`bot.__main__.main(["run"])`) with only discord.py's two URLs pointed at
the emulator (TESTING.md, "A loopback Discord emulator").
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET
from tests.loopback.emulator import LoopbackDiscord
from tests.loopback.harness import TOKEN
from tests.loopback.payloads import make_guilds

CHILD = """
import sys, yarl, discord
discord.http.Route.BASE = sys.argv[1]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])
from bot.__main__ import main
raise SystemExit(main(["run"]))
"""
REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HEARTH_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN=TOKEN,
        HEARTH_DATABASE=str(tmp_path / "hearth.db"),
        HEARTH_SECRET=TEST_SECRET,
        HEARTH_SHARD_COUNT="1",
        HEARTH_LOG_FORMAT="json",
        PYTHONPATH=str(REPO),
    )
    return env


async def _health(env: dict[str, str]) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "health",
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await process.wait()


async def _until(predicate, within: float, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(within / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {within}s: {what}")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_run_keeps_a_heartbeat_and_stops_cleanly_on_a_signal(tmp_path: Path, signum: signal.Signals) -> None:
    guilds = make_guilds(2, channels_per_guild=2)
    env = _env(tmp_path)
    heartbeat = tmp_path / "hearth.heartbeat"
    async with LoopbackDiscord(guilds) as emulator:
        assert await _health(env) == 1  # nothing running yet
        import discord

        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CHILD,
            discord.http.Route.BASE,
            emulator.gateway_url,
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await _until(heartbeat.exists, 30, "the first heartbeat")
            assert await _health(env) == 0
            assert emulator.identifies == [(0, 1)]
            child.send_signal(signum)
            _stdout, stderr = await asyncio.wait_for(child.communicate(), timeout=20)
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()
    assert child.returncode == 0, stderr.decode()[-2000:]
    lines = [json.loads(line) for line in stderr.decode().splitlines() if line.strip()]
    messages = [line["message"] for line in lines]
    assert "stop signal received: shutting down" in messages and messages[-1] == "stopped cleanly"
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    assert not any(TOKEN in line["message"] for line in lines)
    assert not heartbeat.exists()  # nothing vouches for a stopped bot
    assert await _health(env) == 1
    assert not (tmp_path / "hearth.db-wal").exists()  # the database was closed, so SQLite folded its WAL back in
