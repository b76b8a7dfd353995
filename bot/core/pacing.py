"""Pacers that keep bulk REST calls under Discord's global limit of 50 requests per second.

The limit is per bot, not per process. One process (SQLite) paces itself with `Pacer`, a sliding window in
memory; several processes sharing a PostgreSQL take their turns from `SharedPacer`, one row in that database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Protocol

from bot.core.db import patience

if TYPE_CHECKING:
    from bot.core.db import Database

log = logging.getLogger(__name__)

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
        free_burst: int = FREE_BURST,
        clock: Callable[[], float] = _loop_time,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate < 1 or window <= 0:
            raise ValueError("rate must be at least 1 and the window positive")
        self.rate = rate
        self.window = window
        self.gap = spread * window / rate
        self.free_burst = free_burst
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
                spaced = last is None or len(self._sent) < self.free_burst or now - last >= self.gap
                if len(self._sent) < self.rate and spaced:
                    self._sent.append(now)
                    return
                if len(self._sent) >= self.rate:
                    # A microsecond past the oldest send's expiry, so rounding can never leave it in the window.
                    wake = self._sent[0] + self.window + 1e-6
                else:
                    wake = (last or now) + self.gap + 1e-9
                await self._sleep(max(wake - now, 1e-6))


class BulkPacer(Protocol):
    """What a bulk poster waits on before each send."""

    async def acquire(self) -> None: ...


BULK_PACER: ContextVar[BulkPacer | None] = ContextVar("hearth_bulk_pacer", default=None)
"""The pacer of the bulk job the current task runs in (None outside one); read by `delivery.pace_requests`."""


@contextlib.contextmanager
def bulk_job(pacer: BulkPacer) -> Iterator[None]:
    """Inside, every REST request to Discord first waits for a turn from `pacer`: the post, and also the thread,
    the channel read before a re-send, a member or user fetched, a DM channel opened, a mod-log alert. Tasks
    started inside inherit it; a job scheduled from inside does not (the scheduler runs every job in its own
    context, `bot/core/scheduler.py`). The jobs that run for many servers at one moment (the prompt fan-out, the weekly
    digests, the milestone mornings, and their re-sends) run in one, so none of their requests goes around it."""
    token = BULK_PACER.set(pacer)
    try:
        yield
    finally:
        BULK_PACER.reset(token)


BUCKET = "discord-global"
LATE_SECONDS = 0.01
"""A turn whose sleep ended this much later than due is given up and another taken: a process whose loop
stalled must not send its late turns on top of the other processes' on-time ones. Lateness counts from the
database's answer: counted from the question instead (so that a slow answer is late too), a loaded machine gave
up so many turns that a 3-process fan-out took 1.26x (20 ms allowed) or 1.14x (35 ms) the 50/s bound, not 1.06x."""
LATE_RETRIES = 3
OUTAGE_SECONDS = 60.0
"""While the database does not answer, bulk sends wait for it (the other processes may still be taking their
turns from it, so sending alone could overrun the limit); only past this long does a process pace itself alone."""
PROBE_SECONDS = 0.25

# One statement, one round trip: take the next turn on the bucket and say how long to wait for it. `next_free`
# is the database clock's time of the next free turn; turns are `gap` apart (1 / rate), whoever asks.
_TAKE_TURN = (
    "WITH clock_now AS (SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION) AS t) "
    "UPDATE rate_buckets SET next_free = GREATEST(rate_buckets.next_free, clock_now.t + ?) + ? FROM clock_now "
    "WHERE rate_buckets.name = ? RETURNING rate_buckets.next_free - ? - clock_now.t"
)


class SharedPacer:
    """Turns at most `rate` a second across every process sharing one PostgreSQL (a virtual-time bucket).

    Each `acquire` moves the bucket's one row forward by `1 / rate` seconds in one UPDATE (the row lock orders
    the processes) and sleeps until its turn, on the database's clock, so processes on several machines share
    one clock. Turns are evenly spaced: no second ever holds more than `rate` of them.

    When the database stops answering (a restart, a failover), bulk sends wait: one caller asks again every
    quarter second and the rest queue behind it, and when it answers every turn comes from the bucket again,
    after the turns taken before the outage. Only an outage longer than `OUTAGE_SECONDS` makes the process
    pace itself alone, at a quarter of the rate and without bursts; the first turn after that is a second
    later for everyone (the bucket moves a whole second ahead), so what was sent alone has left the window.
    """

    def __init__(
        self,
        db: Database,
        rate: int = DEFAULT_RATE,
        *,
        name: str = BUCKET,
        clock: Callable[[], float] = _loop_time,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        outage_seconds: float = OUTAGE_SECONDS,
    ) -> None:
        if rate < 1:
            raise ValueError("rate must be at least 1")
        self.db = db
        self.rate = rate
        self.gap = 1.0 / rate
        self.name = name
        self._clock = clock
        self._sleep = sleep
        self._ready = False
        self.turns_given_up = 0  # late turns abandoned for a fresh one (a stalled loop)
        self.sent_late = 0  # sends that went out late all the same, after LATE_RETRIES turns given up
        self.outage_seconds = outage_seconds
        self._down_since: float | None = None  # when the database stopped answering (None: it answers)
        self._outage_lock: asyncio.Lock | None = None
        self.outages = 0
        # Up to four processes pacing alone at once stay under the limit.
        self.fallback = Pacer(max(1, rate // 4), free_burst=0, clock=clock, sleep=sleep)
        self.fallback_turns = 0  # sends paced alone, over the process's life
        self._alone = False  # the last turn was paced alone (the next shared one waits a quiet second)

    async def _take_turn(self, *, quiet: float = 0.0) -> float:
        """How long to wait for this process's next turn (the database hands turns out across processes)."""
        with patience(0.0):  # this class decides how long to wait for the database
            async with self.db.transaction() as conn:
                if not self._ready:
                    await conn.execute(
                        "INSERT INTO rate_buckets (name, next_free) VALUES (?, 0) ON CONFLICT DO NOTHING", (self.name,)
                    )
                row = await conn.fetchone(_TAKE_TURN, (quiet, self.gap, self.name, self.gap))
        self._ready = True
        assert row is not None
        return max(float(row[0]), 0.0)

    async def _next_turn(self) -> float | None:
        """The wait for this process's next turn; None when the database has been away too long (pace alone)."""
        if self._down_since is None:
            try:
                return await self._take_turn()
            except Exception:
                if self._down_since is None:
                    self._down_since = self._clock()
                    self.outages += 1
                    log.warning("the shared pacer's database did not answer: bulk posts wait for it")
                self._ready = False
        if self._outage_lock is None:
            self._outage_lock = asyncio.Lock()
        async with self._outage_lock:  # one caller asks the database; the others queue here
            while self._down_since is not None:
                alone = self._alone
                try:
                    turn = await self._take_turn(quiet=1.0 if alone else 0.0)
                except Exception:
                    if self._clock() - self._down_since >= self.outage_seconds:
                        if not alone:
                            log.warning(
                                "the shared pacer's database has not answered for %d s: pacing this process alone",
                                int(self.outage_seconds),
                            )
                        self._alone = True
                        return None
                    await self._sleep(PROBE_SECONDS)
                    continue
                self._down_since = None
                self._alone = False
                log.info("the shared pacer's database answers again")
                return turn
        return await self._take_turn()

    async def acquire(self) -> None:
        """Take the next turn across all processes, wait for it, and return (the caller sends now)."""
        for _ in range(LATE_RETRIES):
            wait = await self._next_turn()
            if wait is None:
                self.fallback_turns += 1
                await self.fallback.acquire()
                return
            due = self._clock() + wait
            if wait > 0:
                await self._sleep(wait)
            if self._clock() - due <= LATE_SECONDS:
                return
            self.turns_given_up += 1
        # Still late after a few tries (a loop this slow sends little anyway): send on the last turn.
        self.sent_late += 1


_SHARED: weakref.WeakKeyDictionary[object, BulkPacer] = weakref.WeakKeyDictionary()


def shared_pacer(client: object, db: Database | None = None) -> BulkPacer:
    """The one pacer for every bulk job of a client (created on first use): shared through the database when
    it is PostgreSQL (every process of the bot takes turns from one bucket), else this process's own."""
    pacer = _SHARED.get(client)
    if pacer is None:
        pacer = _SHARED[client] = SharedPacer(db) if db is not None and db.dialect == "postgresql" else Pacer()
    return pacer
