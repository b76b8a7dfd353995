"""Several `hearth run` processes, one shard each, sharing one PostgreSQL, against one loopback Discord.

Each child is the real command line with only discord.py's two URLs pointed at the emulator (as in
test_run_process.py). The emulator runs here, so it sees every process's requests: Discord's global limit of
50 a second applies to all of them together, and its nonce check (enforce_nonce) drops a repeated send.
Every server's daily prompt is already due when the processes start (the prompt time is half an hour ago,
inside the grace window), so each process's start-up catch-up is the fan-out.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import pytest

from bot.core.clock import utcnow
from bot.core.db import Database
from bot.core.guild_settings import GuildSettings, apply_changes
from bot.core.guild_settings_store import GuildSettingsRepository
from tests.conftest import TEST_SECRET
from tests.engines import drop_postgres_database, fresh_postgres_database, restart_postgres
from tests.loopback.emulator import LoopbackDiscord, wait_until
from tests.loopback.harness import TOKEN
from tests.loopback.payloads import GuildSpec, make_guilds

CHILD = """
import sys, yarl, discord
discord.http.Route.BASE = sys.argv[1]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])
from bot.__main__ import main
raise SystemExit(main(["run"]))
"""
REPO = Path(__file__).resolve().parents[2]
SHARDS = 3
SERVERS = 600


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database (these tests skip without one, and fail under CI=true)."""
    url = await fresh_postgres_database()
    yield url
    await drop_postgres_database(url)


async def seed(url: str, guilds: list[GuildSpec]) -> None:
    """Every server configured by its moderators: a prompts channel, and the prompt due half an hour ago."""
    due = (utcnow() - timedelta(minutes=30)).strftime("%H:%M")
    db = Database(url)
    await db.open()
    try:
        await db.migrate()
        repository = GuildSettingsRepository(db)
        now = utcnow()
        for guild in guilds:
            change: dict[str, Any] = {"channels.prompts": guild.channels[0].id, "prompts.time": due}
            settings = apply_changes(GuildSettings(), change)
            await repository.save(guild.id, settings, 0, {k: (None, v) for k, v in change.items()}, now)
    finally:
        await db.close()


async def seed_digests(url: str, guilds: list[GuildSpec]) -> None:
    """Every server with a wins channel and its weekly digest due half an hour ago (no prompts channel)."""
    due = utcnow() - timedelta(minutes=30)
    db = Database(url)
    await db.open()
    try:
        await db.migrate()
        repository = GuildSettingsRepository(db)
        now = utcnow()
        for guild in guilds:
            change: dict[str, Any] = {
                "channels.wins": guild.channels[0].id,
                "wins.digest_day": due.weekday(),
                "wins.digest_time": due.strftime("%H:%M"),
            }
            settings = apply_changes(GuildSettings(), change)
            await repository.save(guild.id, settings, 0, {k: (None, v) for k, v in change.items()}, now)
    finally:
        await db.close()


async def digest_claims(url: str) -> dict[str, int]:
    """wins_digests rows: recorded as posted, failed, or still open."""
    db = Database(url)
    await db.open()
    try:
        rows = await db.fetchall(
            "SELECT CASE WHEN message_id IS NOT NULL THEN 'posted' WHEN failure IS NOT NULL THEN 'failed' "
            "ELSE 'open' END, COUNT(*) FROM wins_digests GROUP BY 1"
        )
    finally:
        await db.close()
    return {row[0]: int(row[1]) for row in rows}


async def claims(url: str) -> dict[str, int]:
    """prompt_posts rows by status."""
    db = Database(url)
    await db.open()
    try:
        rows = await db.fetchall("SELECT status, COUNT(*) FROM prompt_posts GROUP BY status")
    finally:
        await db.close()
    return {row[0]: int(row[1]) for row in rows}


class Process:
    """One `hearth run` child with its own shard range; its log (JSON lines) goes to a file."""

    def __init__(
        self,
        name: str,
        tmp_path: Path,
        url: str,
        shard_ids: str,
        *,
        standby: bool = False,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.log_path = tmp_path / f"{name}.log"
        env = {key: value for key, value in os.environ.items() if not key.startswith(("HEARTH_", "DISCORD_"))}
        env.update(
            DISCORD_TOKEN=TOKEN,
            HEARTH_DATABASE_URL=url,
            HEARTH_DATABASE=str(tmp_path / name / "unused.db"),  # the secret is set: nothing is written there
            HEARTH_HEARTBEAT_FILE=str(tmp_path / f"{name}.heartbeat"),
            HEARTH_SECRET=TEST_SECRET,
            HEARTH_SHARD_COUNT=str(SHARDS),
            HEARTH_SHARD_IDS=shard_ids,
            HEARTH_SHARD_STANDBY="true" if standby else "false",
            HEARTH_LOG_FORMAT="json",
            PYTHONPATH=str(REPO),
        )
        env.update(extra_env or {})
        self.env = env
        self.child: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None

    async def start(self) -> None:
        import discord

        self._log = self.log_path.open("wb")
        self.child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CHILD,
            discord.http.Route.BASE,
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY.human_repr(),
            env=self.env,
            cwd=REPO,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self._log,
        )

    def messages(self) -> list[str]:
        """The log lines' messages so far."""
        lines = self.log_path.read_text(encoding="utf-8").splitlines() if self.log_path.exists() else []
        out = []
        for line in lines:
            try:
                out.append(json.loads(line)["message"])
            except (ValueError, KeyError):
                out.append(line)
        return out

    async def kill(self) -> None:
        """SIGKILL, as kill -9: no goodbye, nothing recorded; returns once it has died."""
        assert self.child is not None
        self.child.send_signal(signal.SIGKILL)
        await self.child.wait()

    async def stop(self) -> int:
        """SIGTERM (kill after 20 s) and wait; the exit code."""
        assert self.child is not None
        if self.child.returncode is None:
            self.child.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.child.wait(), timeout=20)
            except TimeoutError:
                self.child.kill()
                await self.child.wait()
        if self._log is not None:
            self._log.close()
        return self.child.returncode if self.child.returncode is not None else -1


@pytest.fixture
async def processes() -> AsyncIterator[list[Process]]:
    """The children a test starts; every one is stopped at the end, whatever happened."""
    started: list[Process] = []
    yield started
    for process in started:
        if process.child is not None and process.child.returncode is None:
            await process.stop()


def on_shard(guilds: list[GuildSpec], shard: int) -> list[GuildSpec]:
    """The servers Discord routes to one shard."""
    return [guild for guild in guilds if guild.shard_id(SHARDS) == shard]


async def owners_and_a_standby(tmp_path: Path, url: str, processes: list[Process]) -> tuple[list[Process], Process]:
    """One process per shard, then a standby for shard 1 once its owner holds it; both kinds running."""
    owners = [Process(f"shard{n}", tmp_path, url, str(n)) for n in range(SHARDS)]
    standby = Process("shard1-standby", tmp_path, url, "1", standby=True)
    processes.extend([*owners, standby])
    for process in owners:
        await process.start()
    await wait_until(
        lambda: any("holding shards 1 of 3" in m for m in owners[1].messages()), within=60, what="shard 1 held"
    )
    await standby.start()
    await wait_until(lambda: any("standing by" in m for m in standby.messages()), within=60, what="the standby to wait")
    return owners, standby


async def test_three_processes_post_every_prompt_once_through_a_kill_and_a_standby_takeover(
    tmp_path: Path, database_url: str, processes: list[Process]
) -> None:
    guilds = make_guilds(SERVERS, channels_per_guild=1)
    await seed(database_url, guilds)
    victims = on_shard(guilds, 1)

    def posted(group: list[GuildSpec]) -> int:
        return sum(1 for guild in group if emulator.messages[guild.channels[0].id])

    async with LoopbackDiscord(guilds, recommended_shards=SHARDS) as emulator:
        owners, standby = await owners_and_a_standby(tmp_path, database_url, processes)
        await wait_until(lambda: posted(victims) >= 20, within=90, what="shard 1's fan-out under way")
        await owners[1].kill()  # kill -9 mid fan-out: no goodbye, no recording
        at_kill = posted(victims)
        assert at_kill < len(victims)  # it was killed with servers left to post
        await wait_until(lambda: posted(guilds) == len(guilds), within=120, what="every server's prompt")
        await wait_until(lambda: len(emulator.threads) >= len(guilds), within=30, what="every prompt's thread")
        await asyncio.sleep(1.0)  # a late double would land now
        per_server = [len(emulator.messages[guild.channels[0].id]) for guild in guilds]
        assert per_server == [1] * len(guilds), f"servers without exactly one prompt: {per_server.count(0)} none"
        assert len(emulator.threads) == len(guilds)
        assert emulator.global_429s == 0, emulator.global_429_report()
        # Posts of shard 1 that were out at the kill but not yet recorded (a post is recorded after its thread,
        # which waits for a paced turn of its own) were sent again by the standby and dropped by their nonce.
        assert emulator.nonce_repeats >= 1
        assert any("took over shards 1 of 3" in m for m in standby.messages())
        assert emulator.identifies.count((1, SHARDS)) == 2  # the killed process's IDENTIFY, then the standby's
        assert await claims(database_url) == {"posted": len(guilds)}
        for process in (owners[0], owners[2], standby):
            assert await process.stop() == 0, process.messages()[-5:]


async def test_three_processes_post_every_weekly_digest_once_through_a_kill_and_a_standby_takeover(
    tmp_path: Path, database_url: str, processes: list[Process]
) -> None:
    guilds = make_guilds(SERVERS, channels_per_guild=1)
    await seed_digests(database_url, guilds)
    victims = on_shard(guilds, 1)

    def posted(group: list[GuildSpec]) -> int:
        return sum(1 for guild in group if emulator.messages[guild.channels[0].id])

    async with LoopbackDiscord(guilds, recommended_shards=SHARDS) as emulator:
        owners, standby = await owners_and_a_standby(tmp_path, database_url, processes)
        await wait_until(lambda: posted(victims) >= 20, within=90, what="shard 1's digests under way")
        await owners[1].kill()  # kill -9 mid fan-out
        at_kill = posted(victims)
        assert at_kill < len(victims)  # killed with digests left to post
        await wait_until(lambda: posted(guilds) == len(guilds), within=120, what="every server's digest")
        await asyncio.sleep(1.0)  # a late double would land now
        per_server = [len(emulator.messages[guild.channels[0].id]) for guild in guilds]
        assert per_server == [1] * len(guilds), f"servers without exactly one digest: {per_server.count(0)} none"
        assert emulator.global_429s == 0, emulator.global_429_report()
        assert any("took over shards 1 of 3" in m for m in standby.messages())
        # Claims the killed process had made and not recorded (each waits for its paced turn after its claim)
        # were taken by the standby and sent again, after it looked for them in the channel.
        resent = [m for m in standby.messages() if "weekly digest claim(s) again" in m]
        assert resent, standby.messages()[-10:]
        await wait_until_async(lambda: digest_claims(database_url), {"posted": len(guilds)}, within=60)
        for process in (owners[0], owners[2], standby):
            assert await process.stop() == 0, process.messages()[-5:]


async def test_a_process_whose_range_overlaps_a_running_one_refuses_to_start(
    tmp_path: Path, database_url: str, processes: list[Process]
) -> None:
    guilds = make_guilds(6, channels_per_guild=1)
    await seed(database_url, guilds)
    async with LoopbackDiscord(guilds, recommended_shards=SHARDS) as emulator:
        first = Process("first", tmp_path, database_url, "1")
        second = Process("second", tmp_path, database_url, "0-1")
        processes.extend([first, second])
        await first.start()
        await wait_until(lambda: any("holding shards 1 of 3" in m for m in first.messages()), within=60, what="shard 1")
        await second.start()
        assert second.child is not None
        code = await asyncio.wait_for(second.child.wait(), timeout=60)
        assert code == 3
        refusals = [m for m in second.messages() if m.startswith("not starting:")]
        assert refusals == [
            "not starting: shards 1 of 3 are held by another running Hearth process on this database: stop it, "
            "choose another HEARTH_SHARD_IDS, or set HEARTH_SHARD_STANDBY=true to wait and take over"
        ]
        await wait_until(lambda: (1, SHARDS) in emulator.identifies, within=60, what="the first to connect")
        assert emulator.identifies == [(1, SHARDS)]  # the second never connected a shard
        assert await first.stop() == 0


async def test_postgresql_restarted_mid_fan_out_every_prompt_is_posted_once(
    tmp_path: Path, own_postgres: tuple[str, Path], processes: list[Process]
) -> None:
    url, directory = own_postgres
    guilds = make_guilds(SERVERS, channels_per_guild=1)
    await seed(url, guilds)

    def posted() -> int:
        return sum(1 for guild in guilds if emulator.messages[guild.channels[0].id])

    async with LoopbackDiscord(guilds, recommended_shards=SHARDS) as emulator:
        owners, standby = await owners_and_a_standby(tmp_path, url, processes)
        await wait_until(lambda: posted() >= 60, within=120, what="the fan-out under way")
        await restart_postgres(directory)
        at_restart = posted()
        assert at_restart < len(guilds)  # restarted with servers left to post
        await wait_until(lambda: posted() == len(guilds), within=180, what="every server's prompt")
        await wait_until(lambda: len(emulator.threads) >= len(guilds), within=60, what="every prompt's thread")
        await asyncio.sleep(1.0)  # a late double would land now
        per_server = [len(emulator.messages[guild.channels[0].id]) for guild in guilds]
        assert per_server == [1] * len(guilds), f"servers without exactly one prompt: {per_server.count(0)} none"
        assert len(emulator.threads) == len(guilds)
        assert emulator.global_429s == 0, emulator.global_429_report()
        await wait_until_async(lambda: claims(url), {"posted": len(guilds)}, within=60)
        for process in owners:
            assert any("took the shard locks again" in m for m in process.messages()), process.messages()[-5:]
            assert process.child is not None and process.child.returncode is None  # none stopped
        # A restart of the database is not a failover: the holder took shard 1 back, the standby kept waiting.
        assert emulator.identifies.count((1, SHARDS)) == 1
        assert not any("took over" in m for m in standby.messages())
        assert standby.child is not None and standby.child.returncode is None
        for process in [*owners, standby]:
            assert await process.stop() == 0, process.messages()[-5:]


async def wait_until_async(read: Any, expected: Any, *, within: float) -> None:
    """Poll an async reading until it equals `expected` (the last reading in the failure)."""
    deadline = asyncio.get_running_loop().time() + within
    value = None
    while asyncio.get_running_loop().time() < deadline:
        value = await read()
        if value == expected:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"expected {expected!r}, still {value!r} after {within} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def forward_later(port: int, target: tuple[str, int], after: float) -> asyncio.Server:
    """After `after` seconds, listen on `port` and pipe each connection to `target`: a PostgreSQL that comes up
    while the bot is already starting."""
    await asyncio.sleep(after)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*target)
        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    return await asyncio.start_server(connect, "127.0.0.1", port)


async def test_a_process_started_before_postgresql_answers_waits_for_it_then_runs(
    tmp_path: Path, database_url: str, processes: list[Process]
) -> None:
    guilds = make_guilds(3, channels_per_guild=1)
    await seed(database_url, guilds)
    real = urlsplit(database_url.replace("postgresql+asyncpg", "http"))
    port = free_port()
    late_url = database_url.replace(f":{real.port}/", f":{port}/")
    async with LoopbackDiscord(guilds, recommended_shards=SHARDS) as emulator:
        process = Process("early", tmp_path, late_url, "0-2")
        processes.append(process)
        await process.start()
        server = await forward_later(port, (real.hostname or "127.0.0.1", real.port or 5432), after=3.0)
        try:
            await wait_until(lambda: len(emulator.identifies) == SHARDS, within=90, what="every shard connected")
            waited = [m for m in process.messages() if "does not answer yet" in m]
            assert len(waited) == 1, process.messages()[-5:]  # said once, not once per attempt
            assert f"the database at {late_url} does not answer yet" in waited[0]
            await wait_until(lambda: posted_everywhere(emulator, guilds), within=60, what="each server's prompt")
            assert await process.stop() == 0
        finally:
            server.close()


def posted_everywhere(emulator: LoopbackDiscord, guilds: list[GuildSpec]) -> bool:
    return all(emulator.messages[guild.channels[0].id] for guild in guilds)


async def test_a_process_whose_postgresql_never_answers_exits_with_one_line_and_no_password(
    tmp_path: Path, processes: list[Process]
) -> None:
    url = f"postgresql+asyncpg://hearth:s3cret-word@127.0.0.1:{free_port()}/hearth"  # nothing listens there
    async with LoopbackDiscord(make_guilds(1, channels_per_guild=1), recommended_shards=SHARDS) as emulator:
        process = Process("alone", tmp_path, url, "0-2", extra_env={"HEARTH_DATABASE_START_WAIT": "2"})
        processes.append(process)
        await process.start()
        assert process.child is not None
        assert await asyncio.wait_for(process.child.wait(), timeout=60) == 1
        lines = process.messages()
        [refusal] = [m for m in lines if m.startswith("not starting:")]
        assert refusal.startswith(
            f"not starting: the database at {url.replace(':s3cret-word@', ':***@')} did not answer within 2 s ("
        )
        assert "s3cret-word" not in process.log_path.read_text(encoding="utf-8")
        assert emulator.identifies == []  # it never connected to Discord
