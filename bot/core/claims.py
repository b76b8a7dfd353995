"""Claim leases: how a scheduled send is made exactly once when a process can stop at any step.

A scheduled send (a day's prompt, a weekly digest, a milestone DM) first claims a row, then sends, then
records the send on the row. The claim names the process that made it (`owner`, its instance id) and until
when that process answers for it (`lease_until`). A claim still open (claimed, nothing recorded) whose lease
ran out, or that another instance made, was left by a process that stopped between its claim and its record
(on a split deployment only the process owning a server's shard handles that server, so another instance's
open claim means that instance is gone). The process that owns the server now sends it again with the same
nonce, derived from the claim: Discord drops a repeat of a send it already accepted (`enforce_nonce`, for a
few minutes), and the caller looks for its earlier post for longer than that where it can.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock, iso
from bot.core.scheduler import Scheduler

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=15)
"""How long a live process answers for a claim it has not recorded yet (a fan-out of 10,000 servers, paced at
47 sends a second, takes about 7 minutes; a lease that ran out only means one more send with the same nonce)."""

NONCE_LENGTH = 25
"""Discord accepts a nonce of at most 25 characters."""


@dataclass(frozen=True)
class Claimant:
    """This process as the owner of the claims it makes."""

    owner: str
    lease: timedelta = CLAIM_LEASE

    def lease_until(self, now: datetime) -> str:
        """The `lease_until` value of a claim made (or taken again) at `now`."""
        return iso(now + self.lease)

    def abandoned(self, now: datetime) -> tuple[str, tuple[str, str]]:
        """A WHERE fragment and its parameters, true for a claim nobody answers for any more: its lease ran
        out, or another instance (or a version that named no owner) made it. Combine with the table's own
        "still open" condition and with the shard scope."""
        return "(lease_until IS NULL OR lease_until < ? OR owner IS NULL OR owner <> ?)", (iso(now), self.owner)


def claim_nonce(kind: str, *key: object) -> str:
    """The nonce every attempt at one claim's send carries: short, stable for the claim, and distinct per kind
    of send (`kind` is a few letters; the key is whatever names the claim, e.g. a server and a week)."""
    digest = hashlib.blake2b(":".join(str(part) for part in key).encode(), digest_size=16).hexdigest()
    prefix = f"h{kind}-"
    return prefix + digest[: NONCE_LENGTH - len(prefix)]


class LeaseSweep:
    """One timer per kind of claim, moved to just after the newest claim's lease: if one of this process's own
    claims is still open then (its database went away mid-send, say), `sweep` sends it again. Call `arm()`
    around each claim (before it, so a claim whose answer was lost is covered too, or when a send is left open
    to be tried again); run `sweep` yourself when the bot connects (a start, or a standby taking over)."""

    def __init__(
        self,
        scheduler: Scheduler,
        key: str,
        clock: Clock,
        sweep: Callable[[], Awaitable[Any]],
        lease: timedelta = CLAIM_LEASE,
    ) -> None:
        self.scheduler = scheduler
        self.key = key
        self.clock = clock
        self.lease = lease
        self.sweep = sweep
        self._at: datetime | None = None  # when the timer fires next

    def arm(self) -> None:
        """Move the timer to just past the lease of a claim made now (at most once a minute: a fan-out of
        thousands of claims moves it a few times, not thousands)."""
        when = self.clock() + self.lease + timedelta(seconds=1)
        if self._at is not None and when - self._at < timedelta(minutes=1):
            return
        self._at = when
        self.scheduler.schedule_at(None, self.key, when, self._fire)

    async def _fire(self) -> None:
        self._at = None
        try:
            await self.sweep()
        except Exception:
            log.exception("the sweep of abandoned %s claims failed", self.key)
