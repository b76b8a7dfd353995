"""Database: 1,000 concurrent anonymous shares at the service level, on a real SQLite file.

Each share goes through the anonymous-sharing service exactly as the cog's modal does
(`AnonymousService.prepare`, `.reserve`, `.published`: settings, blocks, rate limit, text checks, pseudonym,
number reservation in a transaction, `mark_posted`), with only the Discord call left out: the post is recorded
where it would have appeared (`mark_posted`) without a network round trip. Every share is a
different member (a member may share 5 per hour). Baseline: the same number of plain INSERTs of an
equivalent `anonymous_posts` row through the same `Database` class, also all at once.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import median, percentile
from bot.core.clock import iso
from cogs.anonymous.service import AnonymousService
from tests.loopback.harness import hearth_bot

GUILD_ID = 1_100_000_000_000_000_001
CHANNEL_ID = GUILD_ID + 1


async def _timed(began: float, work: Any) -> float:
    await work
    return (time.perf_counter() - began) * 1000


async def one_run(shares: int) -> dict[str, Any]:
    """`shares` concurrent shares, then `shares` concurrent plain INSERTs, on a fresh file."""
    with tempfile.TemporaryDirectory() as tmp:
        bot = hearth_bot(Path(tmp) / "hearth.db", extensions=["cogs.anonymous"])
        await bot.setup_hook()
        try:
            moderation = bot.anonymous_moderation
            assert moderation is not None
            service: AnonymousService = moderation.service
            await bot.guild_settings.update(GUILD_ID, 0, {"channels.anonymous": CHANNEL_ID})

            async def share(user_id: int) -> None:
                # the same service calls as the share modal, with Discord's post replaced by its record
                settings, draft = await service.prepare(
                    GUILD_ID, user_id, f"Some evenings the quiet is the hardest part ({user_id}).", None, None
                )
                reservation = await service.reserve(settings, draft, user_id)
                message_id = GUILD_ID + 1000 + reservation.post.number
                await service.published(reservation.post, CHANNEL_ID, message_id, message_id)
                service.count(draft)

            began = time.perf_counter()
            latencies = await asyncio.gather(*(_timed(began, share(10_000 + n)) for n in range(shares)))
            seconds = time.perf_counter() - began
            rows = await bot.db.fetchone(
                "SELECT COUNT(*), COUNT(DISTINCT number), SUM(status = 'posted') FROM anonymous_posts "
                "WHERE guild_id = ?",
                (GUILD_ID,),
            )
            assert rows is not None

            now = iso(bot.clock())
            other = GUILD_ID + 7

            async def insert(n: int) -> None:
                await bot.db.execute(
                    "INSERT INTO anonymous_posts (guild_id, number, parent_number, status, pseudonym, author_key, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (other, n + 1, None, "posted", "Quiet Heron", "k" * 43, now),
                )

            began = time.perf_counter()
            base_latencies = await asyncio.gather(*(_timed(began, insert(n)) for n in range(shares)))
            base_seconds = time.perf_counter() - began
            base_rows = await bot.db.fetchone("SELECT COUNT(*) FROM anonymous_posts WHERE guild_id = ?", (other,))
            assert base_rows is not None
        finally:
            bot.scheduler.shutdown()  # never connected, so only the scheduler and the database to close
            await bot.db.close()
    return {
        "shares": shares,
        "seconds": round(seconds, 3),
        "per_second": round(shares / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "rows": rows[0],
        "distinct_numbers": rows[1],
        "posted": rows[2],
        "baseline_seconds": round(base_seconds, 3),
        "baseline_per_second": round(shares / base_seconds, 1),
        "baseline_p50_ms": round(percentile(base_latencies, 50), 2),
        "baseline_p99_ms": round(percentile(base_latencies, 99), 2),
        "baseline_rows": base_rows[0],
    }


async def run(shares: int, repeats: int) -> dict[str, Any]:
    """Medians over repeats."""
    runs = [await one_run(shares) for _ in range(repeats)]
    out: dict[str, Any] = {"shares": shares, "repeats": repeats, "runs": runs}
    for key in ("per_second", "p50_ms", "p99_ms", "baseline_per_second", "baseline_p50_ms", "baseline_p99_ms"):
        out[key] = median([r[key] for r in runs])
    out["lost_max"] = max(shares - min(r["rows"], r["distinct_numbers"], r["posted"]) for r in runs)
    out["baseline_lost_max"] = max(shares - r["baseline_rows"] for r in runs)
    out["slowdown"] = round(out["baseline_per_second"] / out["per_second"], 2)
    print(
        f"  database: {out['per_second']} shares/s, p50 {out['p50_ms']} ms, p99 {out['p99_ms']} ms, lost "
        f"{out['lost_max']}; plain INSERTs {out['baseline_per_second']}/s, p99 {out['baseline_p99_ms']} ms",
        flush=True,
    )
    return out
