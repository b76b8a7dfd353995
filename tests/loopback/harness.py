"""Run the real HearthBot (or a bare discord.py client) against the loopback emulator."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import discord

from bot import delivery
from bot.client import HearthBot
from tests.conftest import make_settings

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


PostJob = Callable[[HearthBot, discord.Guild], Awaitable[None]]


class OncePerGuildPost:
    """A test-only stand-in for the daily prompt: claim (guild, day) once, post, then start a thread.

    Registered as a job provider, it schedules one job per server as soon as the server is
    available. The claim is in memory here; the real prompt job claims in SQLite. To point these
    tests at the real job, replace `provider` with the prompt cog's provider and read the posts
    from the emulator the same way.
    """

    key = "loopback-post"

    def __init__(self, bot: HearthBot, *, thread: bool = True) -> None:
        self.bot = bot
        self.thread = thread
        self.claimed: set[int] = set()
        self.posted: list[int] = []
        self.failed: dict[int, str] = {}
        self.thread_failed: dict[int, str] = {}
        self.scheduled: set[int] = set()

    async def provider(self, guild: discord.Guild, settings: Any) -> None:
        """Schedule this server's post now (idempotent: the job id is per server)."""
        self.bot.scheduler.schedule_at(guild.id, self.key, self.bot.clock(), functools.partial(self.run, guild.id))
        self.scheduled.add(guild.id)

    async def run(self, guild_id: int) -> None:
        """Claim, then post: a second run for the same server does nothing."""
        if guild_id in self.claimed:
            return
        self.claimed.add(guild_id)
        guild = self.bot.get_guild(guild_id)
        assert guild is not None
        channel = guild.text_channels[0]
        result = await delivery.post(self.bot, guild_id, channel.id, what="prompts",
                                     content="Today's prompt: what is one small thing that helped this week?")
        if result.message is None:
            self.failed[guild_id] = result.reason or "?"
            return
        self.posted.append(guild_id)
        if self.thread:
            try:
                await result.message.create_thread(name="Replies")
            except discord.HTTPException as exc:
                self.thread_failed[guild_id] = f"HTTP {exc.status}"
