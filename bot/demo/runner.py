"""Run the scripted demo day and print what every channel shows; with --live, keep serving it."""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.core import i18n
from bot.demo.script import DemoDay

DEFAULT_PORT = 8765


def _clients_speak(language: str) -> None:
    """Every demo member's Discord client uses `language` (SimCord itself sends "en-US" for everyone).

    Languages without a Discord client locale (Arabic) leave the clients English: Hearth then answers
    members in English privately and posts in the server's language, as it would on Discord.
    """
    import simcord.interactions

    locale = next((code for code, ours in i18n.DISCORD_LOCALES.items() if ours == language), None)
    if locale is None or language == i18n.SOURCE_LANGUAGE:
        return
    original = simcord.interactions.base_payload

    def with_locale(*args: Any, **kwargs: Any) -> Any:
        record, payload = original(*args, **kwargs)
        payload["locale"] = locale
        return record, payload

    simcord.interactions.base_payload = with_locale  # type: ignore[assignment]


async def _run(database: Path, *, live: bool, port: int = DEFAULT_PORT, play: bool = True, language: str = "en") -> int:
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
    _clients_speak(language)
    i18n.set_language(language)  # the demo's own checks read Hearth's words in the demo's language
    async with simcord.run(bot, check_errors=False) as env:
        try:
            day = DemoDay(env, database, language=language)
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


def run_demo(live: bool = False, *, port: int = DEFAULT_PORT, play: bool = True, language: str = "en") -> int:
    """Play the demo day in a temporary folder; exit code 0 when every step happened.

    With `live`, the server keeps running behind a local web page (SimCord's preview) until Ctrl-C.
    """
    with tempfile.TemporaryDirectory(prefix="hearth-demo-") as folder:
        return asyncio.run(_run(Path(folder) / "hearth.db", live=live, port=port, play=play, language=language))
