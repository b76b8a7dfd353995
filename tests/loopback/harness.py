"""Run the real HearthBot (or a bare discord.py client) against the loopback emulator."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord

from bot.app import HearthBot
from bot.core.clock import utcnow
from bot.core.db import Database
from bot.core.guild_settings import GuildSettings, apply_changes
from bot.core.guild_settings_store import GuildSettingsRepository
from cogs.prompts.posting import JOB_KEY as PROMPT_JOB
from tests.conftest import make_settings
from tests.loopback.emulator import LoopbackDiscord
from tests.loopback.payloads import GuildSpec

TOKEN = "loopback.token.not-a-secret"


async def _no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py waits 5 s between shards' IDENTIFYs; the emulator has no such limit."""


def hearth_bot(database: Path, *, shards: int | None = 1, **options: Any) -> HearthBot:
    """The real bot on a temp database, with on_ready waiting 0.05 s after the last GUILD_CREATE."""
    overrides: dict[str, Any] = {"HEARTH_SHARD_COUNT": shards}
    bot = HearthBot(make_settings(database, **overrides), guild_ready_timeout=0.05, **options)
    bot.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
    return bot


@contextlib.asynccontextmanager
async def running(client: discord.Client, within: float = 20.0) -> AsyncIterator[asyncio.Task[None]]:
    """Start `client` over real sockets, wait for on_ready, and always close it afterwards."""
    task = asyncio.create_task(client.start(TOKEN))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # re-raise why the client stopped
        if ready not in done:
            raise AssertionError(f"the client was not ready after {within}s")
        yield task
        if task.done():
            task.result()  # the client stopped by itself: surface why
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, timeout=5)


class ShiftedClock:
    """Hearth's clock = the wall clock moved by `offset`; `set(moment)` jumps it (the scheduler follows)."""

    def __init__(self, moment: datetime) -> None:
        self.offset = timedelta(0)
        self.set(moment)

    def set(self, moment: datetime) -> None:
        """Make `now()` read `moment` from here on."""
        self.offset = moment - utcnow()

    def __call__(self) -> datetime:
        return utcnow() + self.offset


PROMPT_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""When every emulated server's daily prompt is due (09:00 UTC, the default prompt time)."""


async def seed_settings(database: Path, changes: dict[int, dict[str, Any]]) -> None:
    """Store servers' settings in the database before the bot starts (as moderators would have)."""
    db = Database(database)
    await db.open()
    try:
        await db.migrate()
        repository = GuildSettingsRepository(db)
        now = utcnow()
        for guild_id, change in changes.items():
            settings = apply_changes(GuildSettings(), change)
            await repository.save(guild_id, settings, 0, {path: (None, value) for path, value in change.items()}, now)
    finally:
        await db.close()


class PromptFanOut:
    """Every emulated server's REAL daily prompt job (cogs/prompts' PromptPoster), all due at one moment.

    `prepare()` points each server's prompt channel at its first channel; the bot's clock starts two
    minutes before 09:00, so each server's job is scheduled (as on any start) but not due; `release()`
    moves the clock to 09:00 and wakes the scheduler, and every server's job is due at once.
    Counts come from the emulator (posts, threads) and the prompt_posts claim rows.
    """

    def __init__(self, emulator: LoopbackDiscord, guilds: list[GuildSpec], database: Path) -> None:
        self.emulator = emulator
        self.guilds = guilds
        self.database = database
        self.clock = ShiftedClock(PROMPT_DAY - timedelta(minutes=2))
        self.released_at = 0.0

    async def prepare(self) -> None:
        """Configure every server's prompt channel (features are on by default)."""
        await seed_settings(self.database, {g.id: {"channels.prompts": g.channels[0].id} for g in self.guilds})

    def bot(self, *, shards: int | None = 1) -> HearthBot:
        """The real bot on this fan-out's database and clock."""
        return hearth_bot(self.database, shards=shards, clock=self.clock)

    @staticmethod
    def scheduled(bot: HearthBot) -> int:
        """How many servers have their daily prompt job."""
        return sum(
            1 for job in bot.scheduler.jobs() if job.id.startswith(f"{PROMPT_JOB}:") and "catch-up" not in job.id
        )

    def release(self, bot: HearthBot) -> None:
        """09:00 arrives for every server at once."""
        self.clock.set(PROMPT_DAY)
        self.released_at = time.monotonic()
        bot.scheduler.tick()

    def posts(self, guild: GuildSpec) -> int:
        """Messages the bot created in a server's prompt channel."""
        return len(self.emulator.messages[guild.channels[0].id])

    def threads(self) -> int:
        """Threads started (one per prompt)."""
        return len(self.emulator.threads)

    def done(self) -> bool:
        """Every server has its post and its thread."""
        return self.threads() >= len(self.guilds) and all(self.posts(g) for g in self.guilds)

    async def claims(self) -> dict[str, int]:
        """prompt_posts rows by status, read from the database file."""
        db = Database(self.database)
        await db.open()
        try:
            rows = await db.fetchall("SELECT status, COUNT(*) FROM prompt_posts GROUP BY status")
        finally:
            await db.close()
        return {row[0]: row[1] for row in rows}
