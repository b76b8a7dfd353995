"""A shared pacer that keeps bulk REST calls under Discord's global limit of 50 requests per second."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable

DEFAULT_RATE = 48.0
"""Requests per second: with a burst of 1, no second sees more than 49 of Discord's global 50. Interaction
replies don't count against the global limit, so the margin is for the bot's few other calls."""


def _loop_time() -> float:
    return asyncio.get_running_loop().time()


class Pacer:
    """A token bucket (as a virtual schedule): each `acquire` waits for its slot, first come first served.

    With `burst` b and `rate` r, no window of one second sees more than b + r acquisitions.
    """

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        *,
        burst: int = 1,
        clock: Callable[[], float] = _loop_time,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.interval = 1.0 / rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._next_free: float | None = None  # theoretical arrival time of the next request

    async def acquire(self) -> None:
        """Wait until one more request may be sent."""
        now = self._clock()
        arrival = now if self._next_free is None else max(self._next_free, now)
        earliest = arrival - (self.burst - 1) * self.interval
        # Reserve the slot before sleeping, so concurrent callers queue behind it without a lock.
        self._next_free = arrival + self.interval
        wait = earliest - now
        if wait > 0:
            await self._sleep(wait)


_SHARED: weakref.WeakKeyDictionary[object, Pacer] = weakref.WeakKeyDictionary()


def shared_pacer(client: object) -> Pacer:
    """The one pacer for every bulk job of a client (created on first use)."""
    pacer = _SHARED.get(client)
    if pacer is None:
        pacer = _SHARED[client] = Pacer()
    return pacer
