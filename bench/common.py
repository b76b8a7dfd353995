"""Shared helpers: quiet logging, medians, percentiles, a pacer."""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import time
from collections.abc import Sequence


def quiet() -> None:
    """Benchmarks print figures, not discord.py's rate-limit warnings."""
    logging.basicConfig(level=logging.ERROR)
    for name in ("discord", "apscheduler", "bot", "aiosqlite"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (other engineers share it: read figures with these)."""
    return [round(x, 2) for x in os.getloadavg()]


def median(values: Sequence[float]) -> float:
    """The median (0.0 for no values)."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


class Pacer:
    """A proactive limiter: at most `rate` acquisitions per second, spaced evenly (bench-only)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next_at = 0.0
        self.lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait for the next slot."""
        async with self.lock:
            now = time.monotonic()
            if self.next_at > now:
                await asyncio.sleep(self.next_at - now)
            self.next_at = max(now, self.next_at) + self.interval
