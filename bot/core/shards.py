"""Shard ranges: which servers a process owns, and the PostgreSQL fence that lets one process own a shard.

Discord routes a server to shard `(guild_id >> 22) % shard_count`. A process started with
`HEARTH_SHARD_IDS` owns those shards; it holds one session advisory lock per shard on a connection of its
own, so a second process naming any of them either refuses to start or (as a standby) waits until the
holder's connection dies and then takes over. No discord.py here: the bot asks `ShardScope.owns`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.db import connection_lost

log = logging.getLogger(__name__)

# The two-key form of PostgreSQL's advisory locks: (namespace, shard id) and (namespace, shard count).
SHARD_LOCK_NAMESPACE = 0x48525448  # "HRTH"
COUNT_LOCK_NAMESPACE = 0x48525449
STANDBY_POLL_SECONDS = 1.0
"""How often a standby tries the locks again."""
WATCH_SECONDS = 0.25
"""While the database is away, how often a holder tries to take its locks again."""
RESTART_GRACE_SECONDS = 10.0
"""A standby whose own connection was cut (the database restarted) waits this long before trying the locks
again, so the holders, who try every WATCH_SECONDS, take their own shards back first: a restart of the
database is not a reason to fail over."""


def new_instance_id() -> str:
    """This process's name on the claims it makes: host, pid and a random part (a restart is a new instance)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord routes a server to."""
    return (guild_id >> 22) % shard_count


def parse_shard_ids(text: str) -> list[int]:
    """`0-3` or `0,2,5` (or a mix, `0-2,5`) as sorted shard ids; ValueError with the reason otherwise."""
    ids: list[int] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first = int(low)
            last = int(high) if dash else first
        except ValueError:
            raise ValueError(f"{part!r} is not a shard id or a range like 0-3") from None
        if first < 0 or last < first:
            raise ValueError(f"{part!r} is not a range from a lower to a higher shard id (like 0-3)")
        ids.extend(range(first, last + 1))
    if not ids:
        raise ValueError("names no shard: write a range like 0-3 or a list like 0,2,5")
    if len(set(ids)) != len(ids):
        raise ValueError("names a shard twice")
    return sorted(ids)


def describe(ids: Sequence[int]) -> str:
    """Shard ids as an operator writes them: `0-3`, `0,2,5`."""
    parts: list[str] = []
    start = previous = None
    for shard in sorted(ids):
        if previous is not None and shard == previous + 1:
            previous = shard
            continue
        if start is not None:
            parts.append(f"{start}-{previous}" if previous != start else str(start))
        start = previous = shard
    if start is not None:
        parts.append(f"{start}-{previous}" if previous != start else str(start))
    return ",".join(parts)


@dataclass(frozen=True)
class ShardScope:
    """The servers one process owns: every server (no count, or the whole range), or those on its shards."""

    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None

    @property
    def whole(self) -> bool:
        """True when this process owns every server."""
        return self.shard_count is None or self.shard_ids is None or set(self.shard_ids) == set(range(self.shard_count))

    def owns(self, guild_id: int) -> bool:
        """Whether this process schedules and sweeps the server's work."""
        if self.whole:
            return True
        assert self.shard_count is not None and self.shard_ids is not None
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    def sql(self, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
        """A WHERE fragment (portable: SQLite and PostgreSQL both shift and take remainders) and its
        parameters, true for the owned servers' rows: `("1 = 1", ())` when this process owns every server."""
        if self.whole:
            return "1 = 1", ()
        assert self.shard_count is not None and self.shard_ids is not None
        marks = ", ".join("?" for _ in self.shard_ids)
        return f"(({column} >> 22) % ?) IN ({marks})", (self.shard_count, *self.shard_ids)


class ShardsHeldError(RuntimeError):
    """Another running process holds one of this process's shards (or runs with another shard count)."""


class ShardFence:
    """Session advisory locks, one per owned shard, on one PostgreSQL connection kept open for the process.

    `acquire()` takes them all or none; `watch()` notices when the connection (and so every lock) is gone:
    it takes them again if nobody else did (PostgreSQL restarted), and otherwise reports the loss.
    """

    def __init__(self, url: str, shard_count: int, shard_ids: Iterable[int]) -> None:
        from bot.core.engines.postgresql import asyncpg_url

        self.dsn = asyncpg_url(url).replace("postgresql+asyncpg://", "postgresql://", 1)
        self.shard_count = shard_count
        self.shard_ids = sorted(shard_ids)
        self._conn: Any = None
        self._lost = asyncio.Event()  # set when the lock connection ends (asyncpg's termination listener)
        self.poll_seconds = STANDBY_POLL_SECONDS
        self.watch_seconds = WATCH_SECONDS

    @property
    def description(self) -> str:
        """The range for log lines: `0-2 of 6`, or every shard when the count is Discord's."""
        if self.shard_count == 0:
            return "(every shard: HEARTH_SHARD_COUNT unset)"
        return f"{describe(self.shard_ids)} of {self.shard_count}"

    @property
    def held(self) -> bool:
        """True while the lock connection is open (PostgreSQL keeps the locks exactly that long)."""
        return self._conn is not None and not self._conn.is_closed()

    async def _connect(self) -> Any:
        import asyncpg

        return await asyncpg.connect(self.dsn)

    def _ended(self, conn: Any) -> None:
        if conn is self._conn:  # not a connection this fence closed itself
            self._lost.set()

    async def try_acquire(self) -> list[int]:
        """Take every shard's lock or none; return the shards someone else holds (empty: all taken)."""
        if self._conn is None or self._conn.is_closed():
            self._lost.clear()
            self._conn = await self._connect()
            self._conn.add_termination_listener(self._ended)
            # Shared by every process with this count; only ever taken shared, so it cannot be refused.
            await self._conn.fetchval("SELECT pg_advisory_lock_shared($1, $2)", COUNT_LOCK_NAMESPACE, self.shard_count)
        conn = self._conn
        others = await conn.fetch(
            "SELECT DISTINCT objid::bigint AS n FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = $1::bigint::oid AND objsubid = 2 AND objid <> $2::bigint::oid",
            COUNT_LOCK_NAMESPACE,
            self.shard_count,
        )
        if others:
            counts = ", ".join(str(row["n"]) for row in others)
            await self.release()
            raise ShardsHeldError(
                f"another Hearth process on this database runs with HEARTH_SHARD_COUNT={counts}, this one with "
                f"{self.shard_count}: every process must use the same count (stop them all to change it)"
            )
        taken: list[int] = []
        busy: list[int] = []
        for shard in self.shard_ids:
            if await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", SHARD_LOCK_NAMESPACE, shard):
                taken.append(shard)
            else:
                busy.append(shard)
        if busy:
            for shard in taken:
                await conn.fetchval("SELECT pg_advisory_unlock($1, $2)", SHARD_LOCK_NAMESPACE, shard)
        return busy

    async def acquire(self, *, standby: bool) -> None:
        """Own every shard of the range. Without `standby`, raise ShardsHeldError naming the busy shards;
        with it, wait (one log line) until every holder's connection is gone, then take them."""
        said = False
        while True:
            # While standing by, a lock connection found closed means the database restarted (or failed over).
            cut = said and self._conn is not None and self._conn.is_closed()
            try:
                busy = [] if cut else await self.try_acquire()
            except ShardsHeldError:
                raise
            except Exception as exc:
                # At start-up a database that does not answer is the operator's to see. Once standing by, the
                # standby has nothing else to do: whatever cut its connection (asyncpg may report a cut in the
                # middle of a query as an internal state error), it waits and asks again.
                if not (standby and said):
                    raise
                cut = True
                if not connection_lost(exc):
                    log.warning("standing by: the lock check failed (%r)", exc)
            if cut:
                log.warning(
                    "standing by: the database connection was lost; trying again in %d s", int(RESTART_GRACE_SECONDS)
                )
                with contextlib.suppress(Exception):
                    if self._conn is not None:
                        self._conn.terminate()
                self._conn = None
                await asyncio.sleep(RESTART_GRACE_SECONDS)
                continue
            if not busy:
                if said:
                    log.warning("took over shards %s: their previous process is gone", self.description)
                return
            if not standby:
                await self.release()
                what = f"shards {describe(busy)} of {self.shard_count} are" if self.shard_count else "every shard is"
                raise ShardsHeldError(
                    f"{what} held by another running Hearth process on this database: "
                    "stop it, choose another HEARTH_SHARD_IDS, or set HEARTH_SHARD_STANDBY=true to wait and take over"
                )
            if not said:
                log.info(
                    "standing by: shards %s are held by another process; taking over when it stops", describe(busy)
                )
                said = True
            await asyncio.sleep(self.poll_seconds)

    async def watch(self) -> None:
        """Return only when the locks are lost to another process. Waits on the lock connection's end (no
        polling); while PostgreSQL is unreachable it keeps trying (nobody else can take the locks then either)
        and takes them again when it answers."""
        while True:
            await self._lost.wait()
            log.warning("the shard-lock connection to PostgreSQL was lost; taking the locks again")
            while True:
                with contextlib.suppress(Exception):
                    if self._conn is not None:
                        self._conn.terminate()
                self._conn = None
                try:
                    busy = await self.try_acquire()
                except ShardsHeldError:
                    return
                except Exception:
                    await asyncio.sleep(self.watch_seconds)
                    continue
                if busy:
                    log.error("shards %s were taken by another process while the database was away", describe(busy))
                    await self.release()
                    return
                log.info("took the shard locks again after the database came back")
                break

    async def release(self) -> None:
        """Close the lock connection (PostgreSQL releases every lock with it)."""
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), timeout=5)
            if not conn.is_closed():
                conn.terminate()
