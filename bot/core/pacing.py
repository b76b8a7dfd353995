"""A shared pacer that keeps bulk REST calls under Discord's global limit of 50 requests per second."""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import Awaitable, Callable

DEFAULT_RATE = 47
"""Sends per sliding second. Discord allows 50; the 3 left are for the bot's other calls during a fan-out
(interaction replies don't count against the global limit) and for a send that leaves a little after its slot."""

WINDOW_SECONDS = 1.0
SPREAD = 0.9
"""Past the first FREE_BURST sends of a window, consecutive sends are at least SPREAD / rate apart: no large
burst that a late second could split and stack, while a few posts at once (a small server's day) never wait."""
FREE_BURST = 8


def _loop_time() -> float:
    return asyncio.get_running_loop().time()


class Pacer:
    """A sliding-window limiter over actual sends: no one-second window ever holds more than `rate` of them.

    Each `acquire` is counted at the moment it returns (when the caller sends), not when it was booked, so
    an event loop that stalls cannot make late callers bunch up beyond the limit; and past the first few of a
    window, sends are spread (at least `spread / rate` apart, measured from the last actual send), so Discord
    never receives a large burst that a second boundary could split. Callers wait in arrival order (one lock), and only the one at the head
    sleeps: a thousand waiting jobs cost one timer.
    """

    def __init__(
        self,
        rate: int = DEFAULT_RATE,
        *,
        window: float = WINDOW_SECONDS,
        spread: float = SPREAD,
        clock: Callable[[], float] = _loop_time,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate < 1 or window <= 0:
            raise ValueError("rate must be at least 1 and the window positive")
        self.rate = rate
        self.window = window
        self.gap = spread * window / rate
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()  # when each send in the current window left, oldest first
        self._lock: asyncio.Lock | None = None

    def in_window(self) -> int:
        """How many sends the last `window` seconds hold."""
        self._forget_old(self._clock())
        return len(self._sent)

    def _forget_old(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - self.window:
            self._sent.popleft()

    async def acquire(self) -> None:
        """Wait until one more send fits in the window, count it, and return (the caller sends now)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                now = self._clock()
                self._forget_old(now)
                last = self._sent[-1] if self._sent else None
                spaced = last is None or len(self._sent) < FREE_BURST or now - last >= self.gap
                if len(self._sent) < self.rate and spaced:
                    self._sent.append(now)
                    return
                if len(self._sent) >= self.rate:
                    # A microsecond past the oldest send's expiry, so rounding can never leave it in the window.
                    wake = self._sent[0] + self.window + 1e-6
                else:
                    wake = (last or now) + self.gap + 1e-9
                await self._sleep(max(wake - now, 1e-6))


_SHARED: weakref.WeakKeyDictionary[object, Pacer] = weakref.WeakKeyDictionary()


def shared_pacer(client: object) -> Pacer:
    """The one pacer for every bulk job of a client (created on first use)."""
    pacer = _SHARED.get(client)
    if pacer is None:
        pacer = _SHARED[client] = Pacer()
    return pacer
