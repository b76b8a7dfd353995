"""Start-up in batches: one query per kind of per-server state, and one timer per distinct schedule."""

from __future__ import annotations

import re
from pathlib import Path

from bench.configured import seed
from tests.engines import trace_statements
from tests.loopback.emulator import LoopbackDiscord, wait_until
from tests.loopback.harness import hearth_bot, running
from tests.loopback.payloads import make_guilds

SERVERS = 120
PER_SERVER_STATE = ("crisis_alerts", "guild_departures", "prompt_posts", "guild_settings", "counters")


async def test_starting_on_many_configured_servers_reads_each_kind_of_state_once(tmp_path: Path) -> None:
    guilds = make_guilds(SERVERS, channels_per_guild=5)
    database = tmp_path / "hearth.db"
    await seed(database, guilds)  # every server configured: 30 zones, 6 times, 3 day sets, counters
    bot = hearth_bot(database, shards=None)
    statements: list[str] = []
    original = bot.setup_hook

    async def traced_setup() -> None:
        await original()
        trace_statements(bot.db, statements)

    bot.setup_hook = traced_setup  # type: ignore[method-assign]
    async with LoopbackDiscord(guilds) as emulator, running(bot, within=60):
        await wait_until(lambda: len(bot.scheduler.jobs()) >= 2 * SERVERS, within=30, what="every server's jobs")
        reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        for table in PER_SERVER_STATE:
            touching = [sql for sql in reads if re.search(rf"\bFROM {table}\b", sql) and "WHERE id =" not in sql]
            assert len(touching) <= 3, (table, touching[:5])  # not one per server
        # 120 servers on 30 prompt schedules and 30 digest schedules: timers per schedule, not per server
        catch_ups = sum(1 for job in bot.scheduler.jobs() if "catch-up" in job.id)
        assert bot.scheduler.timers() - catch_ups <= 30 + 30 + 5
        assert emulator.unimplemented == []
