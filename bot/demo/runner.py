"""Run the scripted demo day and print what every channel shows; with --live, keep serving it."""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
from pathlib import Path

from pydantic import SecretStr

from bot.demo.script import DemoDay

DEFAULT_PORT = 8765


async def _run(database: Path, *, live: bool, port: int = DEFAULT_PORT, play: bool = True) -> int:
    try:
        import simcord
    except ImportError:
        print("The demo needs SimCord (the test extra): run `make demo`, which installs it.", file=sys.stderr)
        return 2
    from bot.app import HearthBot
    from bot.settings import Settings

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        HEARTH_DATABASE=database,
        HEARTH_SECRET=SecretStr("demo-secret-not-for-production"),
        HEARTH_SHARD_COUNT=1,
        HEARTH_LOG_LEVEL="WARNING",
    )
    bot = HearthBot(settings)
    ok = True
    async with simcord.run(bot, check_errors=False) as env:
        try:
            day = DemoDay(env, database)
            if play:
                ok = await day.play()
                print("\n".join(day.report()))
            else:
                await bot.tree.sync()
                day.build_world()
                await env.settle()
                ok = await day.setup_server()
            if live:
                await _serve_until_interrupted(env, day, port)
        finally:
            await bot.db.close()
    return 0 if ok else 1


async def _serve_until_interrupted(env: object, day: DemoDay, port: int) -> None:
    """Serve the live page until Ctrl-C (SIGINT) or SIGTERM, then shut down cleanly."""
    from bot.demo.live import serve

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await serve(env, day, port=port, stop=stop)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    print("Live demo stopped; the bot and its database are closed.", flush=True)


def run_demo(live: bool = False, *, port: int = DEFAULT_PORT, play: bool = True) -> int:
    """Play the demo day in a temporary folder; exit code 0 when every step happened.

    With `live`, the server keeps running behind a local web page (SimCord's preview) until Ctrl-C.
    """
    with tempfile.TemporaryDirectory(prefix="hearth-demo-") as folder:
        return asyncio.run(_run(Path(folder) / "hearth.db", live=live, port=port, play=play))
