"""Run the scripted demo day and print what every channel shows."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from pydantic import SecretStr

from bot.demo.script import DemoDay


async def _run(database: Path, *, live: bool) -> int:
    try:
        import simcord
    except ImportError:
        print("The demo needs SimCord (the test extra): run `make demo`, which installs it.", file=sys.stderr)
        return 2
    from bot.client import HearthBot
    from bot.settings import Settings

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, HEARTH_DATABASE=database, HEARTH_SECRET=SecretStr("demo-secret-not-for-production"),
        HEARTH_SHARD_COUNT=1, HEARTH_LOG_LEVEL="WARNING",
    )
    bot = HearthBot(settings)
    async with simcord.run(bot, check_errors=False) as env:
        day = DemoDay(env, database)
        ok = await day.play()
        print("\n".join(day.report()))
        if live:
            print("The live demo (--live) serves the same server as a local web page; see README.")
        await bot.db.close()
    return 0 if ok else 1


def run_demo(live: bool = False) -> int:
    """Play the demo day in a temporary folder; exit code 0 when every step happened."""
    with tempfile.TemporaryDirectory(prefix="hearth-demo-") as folder:
        return asyncio.run(_run(Path(folder) / "hearth.db", live=live))
