"""Repository for private day counters, their slips, milestones and members' timezones."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from bot.core.claims import Claimant
from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database, Row


class Counter(BaseModel):
    """One member's private day counter."""

    id: int
    guild_id: int
    user_id: int
    name: str
    started_on: date
    share_milestones: bool
    slips: list[date] = []


class MilestoneRecord(BaseModel):
    """A milestone a counter reached, and whether the DM got through."""

    counter_id: int
    milestone: int
    reached_on: date
    dm_delivered: bool | None
    shared: bool


Scope = tuple[str, tuple[int, ...]]
"""A WHERE fragment and its parameters naming the servers a process owns (`ShardScope.sql()`)."""
EVERY_SERVER: Scope = ("1 = 1", ())

_COLUMNS = "id, guild_id, user_id, name, started_on, share_milestones"


def _counter(row: Row) -> Counter:
    return Counter(
        id=row[0],
        guild_id=row[1],
        user_id=row[2],
        name=row[3],
        started_on=date.fromisoformat(row[4]),
        share_milestones=bool(row[5]),
    )


class CountersRepository:
    """Reads and writes `counters`, `counter_slips`, `counter_milestones` and `counter_timezones`."""

    name: str = "day_counters"
    tables: tuple[str, ...] = ("counters", "counter_slips", "counter_milestones", "counter_timezones")
    person_columns: tuple[str, ...] = (
        "counters.user_id",
        "counter_timezones.user_id",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database, owner: str = "") -> None:
        self.db = db
        self.claimant = Claimant(owner)  # this process, on the milestone claims it makes

    async def _with_slips(self, rows: list[Row]) -> list[Counter]:
        counters = []
        for row in rows:
            slips = await self.db.fetchall(
                "SELECT slipped_on FROM counter_slips WHERE counter_id = ? ORDER BY slipped_on", (row[0],)
            )
            counters.append(
                Counter(
                    id=row[0],
                    guild_id=row[1],
                    user_id=row[2],
                    name=row[3],
                    started_on=date.fromisoformat(row[4]),
                    share_milestones=bool(row[5]),
                    slips=[date.fromisoformat(s[0]) for s in slips],
                )
            )
        return counters

    async def for_member(self, guild_id: int, user_id: int) -> list[Counter]:
        """The member's counters in a server, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM counters WHERE guild_id = ? AND user_id = ? ORDER BY id", (guild_id, user_id)
        )
        return await self._with_slips(rows)

    async def due(self, now: datetime, limit: int = 500, scope: Scope = EVERY_SERVER) -> list[Counter]:
        """Counters whose next milestone morning has come (indexed on next_due), earliest first; no slips read.
        `scope` keeps the servers this process owns (a WHERE fragment from `ShardScope.sql`)."""
        where, params = scope
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM counters WHERE next_due <= ? AND {where} ORDER BY next_due, id LIMIT ?",
            (iso(now), *params, limit),
        )
        return [_counter(row) for row in rows]

    async def earliest_due(self, scope: Scope = EVERY_SERVER) -> datetime | None:
        """The soonest next milestone morning across the owned servers' counters (one indexed query), or None."""
        where, params = scope
        row = await self.db.fetchone(
            f"SELECT MIN(next_due) FROM counters WHERE next_due IS NOT NULL AND {where}", params
        )
        return None if row is None or row[0] is None else from_iso(row[0])

    async def set_next_due(self, counter_id: int, moment: datetime | None) -> None:
        """Store a counter's next milestone morning (None: no milestone left)."""
        await self.db.execute(
            "UPDATE counters SET next_due = ? WHERE id = ?", (None if moment is None else iso(moment), counter_id)
        )

    async def set_many_next_due(self, moments: list[tuple[int, datetime | None]]) -> None:
        """Store several counters' next milestone mornings in one transaction."""
        if not moments:
            return
        async with self.db.transaction() as conn:
            await conn.executemany(
                "UPDATE counters SET next_due = ? WHERE id = ?",
                [(None if moment is None else iso(moment), counter_id) for counter_id, moment in moments],
            )

    async def following_server_zone(self, guild_id: int) -> list[Counter]:
        """A server's counters whose members set no timezone of their own (they follow the server's)."""
        rows = await self.db.fetchall(
            "SELECT c.id, c.guild_id, c.user_id, c.name, c.started_on, c.share_milestones FROM counters c "
            "LEFT JOIN counter_timezones z ON z.guild_id = c.guild_id AND z.user_id = c.user_id "
            "WHERE c.guild_id = ? AND z.timezone IS NULL",
            (guild_id,),
        )
        return [_counter(row) for row in rows]

    async def get(self, counter_id: int) -> Counter | None:
        """One counter by id."""
        rows = await self.db.fetchall(f"SELECT {_COLUMNS} FROM counters WHERE id = ?", (counter_id,))
        found = await self._with_slips(rows)
        return found[0] if found else None

    async def create(
        self,
        guild_id: int,
        user_id: int,
        name: str,
        started_on: date,
        share_milestones: bool,
        now: datetime,
        next_due: datetime | None,
    ) -> int:
        """Start a counter with its next milestone morning (the caller checked the name is free and the limit)."""
        return await self.db.insert(
            "INSERT INTO counters (guild_id, user_id, name, name_key, started_on, share_milestones, created_at, "
            "next_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                guild_id,
                user_id,
                name,
                name.casefold(),
                started_on.isoformat(),
                int(share_milestones),
                iso(now),
                None if next_due is None else iso(next_due),
            ),
        )

    async def add_slip(self, counter_id: int, on: date, note: str | None, now: datetime) -> None:
        """Record a slip; nothing else about the counter changes."""
        await self.db.execute(
            "INSERT INTO counter_slips (counter_id, slipped_on, note, created_at) VALUES (?, ?, ?, ?)",
            (counter_id, on.isoformat(), note, iso(now)),
        )

    async def reset(self, counter_id: int, started_on: date, next_due: datetime | None) -> None:
        """Start a counter over: new start date and next milestone morning, slips and milestones cleared."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE counters SET started_on = ?, next_due = ? WHERE id = ?",
                (started_on.isoformat(), None if next_due is None else iso(next_due), counter_id),
            )
            await conn.execute("DELETE FROM counter_slips WHERE counter_id = ?", (counter_id,))
            await conn.execute("DELETE FROM counter_milestones WHERE counter_id = ?", (counter_id,))

    async def stop(self, counter_id: int) -> None:
        """Delete a counter and everything recorded for it."""
        await self.db.execute("DELETE FROM counters WHERE id = ?", (counter_id,))

    async def claim_milestone(self, counter: Counter, milestone: int, reached_on: date, now: datetime) -> bool:
        """Claim one (counter, milestone), leased to this process; False if it was already claimed."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO counter_milestones (counter_id, guild_id, milestone, reached_on, claimed_at, owner, "
                "lease_until) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    counter.id,
                    counter.guild_id,
                    milestone,
                    reached_on.isoformat(),
                    iso(now),
                    self.claimant.owner,
                    self.claimant.lease_until(now),
                ),
            )
            return cursor.rowcount == 1

    async def record_milestone(self, counter_id: int, milestone: int, *, dm_delivered: bool, shared: bool) -> None:
        """Note whether the DM got through and whether it was shared in the wins channel (closes the claim)."""
        await self.db.execute(
            "UPDATE counter_milestones SET dm_delivered = ?, shared = ?, lease_until = NULL "
            "WHERE counter_id = ? AND milestone = ?",
            (int(dm_delivered), int(shared), counter_id, milestone),
            idempotent=True,
        )

    async def take_abandoned_milestones(
        self, now: datetime, since: datetime, scope: tuple[str, tuple[int, ...]]
    ) -> list[tuple[int, int, datetime]]:
        """Milestone claims a stopped process left open (see bot/core/claims.py), claimed at `since` or later,
        in the servers of `scope`: leased to this process now, and returned (counter id, milestone, claimed at)
        to be sent again."""
        where, params = scope
        abandoned, lease_params = self.claimant.abandoned(now)
        async with self.db.transaction() as conn:
            async with conn.execute(
                f"UPDATE counter_milestones SET owner = ?, lease_until = ? "
                f"WHERE dm_delivered IS NULL AND claimed_at >= ? AND {abandoned} AND {where} "
                f"RETURNING counter_id, milestone, claimed_at",
                (self.claimant.owner, self.claimant.lease_until(now), iso(since), *lease_params, *params),
            ) as cursor:
                rows = await cursor.fetchall()
        return [(int(r[0]), int(r[1]), from_iso(r[2])) for r in rows]

    async def milestones(self, counter_id: int) -> list[MilestoneRecord]:
        """Milestones a counter reached, lowest first."""
        rows = await self.db.fetchall(
            "SELECT counter_id, milestone, reached_on, dm_delivered, shared FROM counter_milestones "
            "WHERE counter_id = ? ORDER BY milestone",
            (counter_id,),
        )
        return [
            MilestoneRecord(
                counter_id=r[0],
                milestone=r[1],
                reached_on=date.fromisoformat(r[2]),
                dm_delivered=None if r[3] is None else bool(r[3]),
                shared=bool(r[4]),
            )
            for r in rows
        ]

    async def timezone(self, guild_id: int, user_id: int) -> str | None:
        """The member's own timezone for counters, if they set one."""
        row = await self.db.fetchone(
            "SELECT timezone FROM counter_timezones WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return str(row[0]) if row else None

    async def set_timezone(self, guild_id: int, user_id: int, zone: str) -> None:
        """Remember the member's timezone."""
        await self.db.execute(
            "INSERT INTO counter_timezones (guild_id, user_id, timezone) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET timezone = excluded.timezone",
            (guild_id, user_id, zone),
        )

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The member's counters, slips (with notes), milestones and timezone."""
        scope = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM counters WHERE user_id = ?{scope} ORDER BY id", (user_id, *extra)
        )
        counters = []
        for row in rows:
            slips = await self.db.fetchall(
                "SELECT slipped_on, note FROM counter_slips WHERE counter_id = ? ORDER BY slipped_on", (row[0],)
            )
            reached = await self.milestones(row[0])
            counters.append(
                {
                    "guild_id": row[1],
                    "name": row[3],
                    "started_on": row[4],
                    "share_milestones": bool(row[5]),
                    "slips": [{"on": s[0], "note": s[1]} for s in slips],
                    "milestones": [{"days": m.milestone, "reached_on": m.reached_on.isoformat()} for m in reached],
                }
            )
        zones = await self.db.fetchall(
            f"SELECT guild_id, timezone FROM counter_timezones WHERE user_id = ?{scope}", (user_id, *extra)
        )
        return {"counters": counters, "timezones": [{"guild_id": z[0], "timezone": z[1]} for z in zones]}

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Delete the member's counters (slips and milestones cascade) and timezone."""
        scope = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        await conn.execute(f"DELETE FROM counters WHERE user_id = ?{scope}", (user_id, *extra))
        await conn.execute(f"DELETE FROM counter_timezones WHERE user_id = ?{scope}", (user_id, *extra))

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Delete every counter of a server."""
        await conn.execute("DELETE FROM counters WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM counter_timezones WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM counter_milestones WHERE guild_id = ?", (guild_id,))
