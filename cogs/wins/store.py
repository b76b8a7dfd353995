"""Repository for small wins, their celebrations and the weekly digest claims."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from bot.core.claims import Claimant
from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database, Row

AuthorKey = Callable[[int, int], str]
"""(guild_id, user_id) -> the keyed author hash used for anonymous wins."""


class OpenDigest(BaseModel):
    """A weekly digest claimed but never recorded: its server, its ISO week, when it was due and claimed."""

    guild_id: int
    week: str
    due_at: datetime
    claimed_at: datetime


class Win(BaseModel):
    """One shared win (user_id is None for an anonymous win)."""

    id: int
    guild_id: int
    user_id: int | None
    anonymous: bool
    pseudonym: str | None
    show_in_digest: bool
    text: str
    channel_id: int | None
    message_id: int | None
    created_at: datetime
    celebrations: int = 0


class DigestCounts(BaseModel):
    """What a server shared in one window of time."""

    wins: int
    celebrations: int
    milestones: int


_WIN_COLUMNS = (
    "w.id, w.guild_id, w.user_id, w.author_key, w.pseudonym, w.show_in_digest, w.text, w.channel_id, "
    "w.message_id, w.created_at, (SELECT COUNT(*) FROM win_celebrations c WHERE c.win_id = w.id)"
)


def _win(row: Row) -> Win:
    return Win(
        id=row[0],
        guild_id=row[1],
        user_id=row[2],
        anonymous=row[3] is not None,
        pseudonym=row[4],
        show_in_digest=bool(row[5]),
        text=row[6],
        channel_id=row[7],
        message_id=row[8],
        created_at=from_iso(row[9]),
        celebrations=row[10],
    )


class WinsRepository:
    """Reads and writes `wins`, `win_celebrations` and `wins_digests`."""

    name: str = "small_wins"
    tables: tuple[str, ...] = ("wins", "win_celebrations", "wins_digests")
    person_columns: tuple[str, ...] = (
        "wins.user_id",
        "wins.author_key",
        "win_celebrations.user_id",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database, author_key: AuthorKey, owner: str = "") -> None:
        self.db = db
        self.author_key = author_key
        self.claimant = Claimant(owner)  # this process, on the digest claims it makes

    async def add(
        self,
        guild_id: int,
        *,
        user_id: int,
        anonymous: bool,
        pseudonym: str | None,
        text: str,
        show_in_digest: bool,
        now: datetime,
    ) -> int:
        """Store a win before it is posted; an anonymous win keeps only the keyed author."""
        return await self.db.insert(
            "INSERT INTO wins (guild_id, user_id, author_key, pseudonym, show_in_digest, text, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                guild_id,
                None if anonymous else user_id,
                self.author_key(guild_id, user_id) if anonymous else None,
                pseudonym if anonymous else None,
                int(show_in_digest),
                text,
                iso(now),
            ),
        )

    async def set_message(self, win_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the win was posted."""
        await self.db.execute(
            "UPDATE wins SET channel_id = ?, message_id = ? WHERE id = ?", (channel_id, message_id, win_id)
        )

    async def remove(self, win_id: int) -> None:
        """Forget a win that could not be posted."""
        await self.db.execute("DELETE FROM wins WHERE id = ?", (win_id,))

    async def get(self, win_id: int) -> Win | None:
        """One win with its celebration count."""
        row = await self.db.fetchone(f"SELECT {_WIN_COLUMNS} FROM wins w WHERE w.id = ?", (win_id,))
        return _win(row) if row else None

    async def is_author(self, win_id: int, user_id: int) -> bool:
        """True when the member wrote the win (named or anonymous); reveals nothing to anyone else."""
        row = await self.db.fetchone("SELECT guild_id, user_id, author_key FROM wins WHERE id = ?", (win_id,))
        if row is None:
            return False
        if row[1] is not None:
            return bool(row[1] == user_id)
        return bool(row[2] == self.author_key(row[0], user_id))

    async def celebrate(self, win_id: int, guild_id: int, user_id: int, now: datetime) -> bool:
        """Record one member's celebration; False if they had already celebrated this win."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO win_celebrations (win_id, guild_id, user_id, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (win_id, guild_id, user_id, iso(now)),
            )
            return cursor.rowcount == 1

    async def celebration_count(self, win_id: int) -> int:
        """How many members celebrated a win."""
        row = await self.db.fetchone("SELECT COUNT(*) FROM win_celebrations WHERE win_id = ?", (win_id,))
        return int(row[0]) if row else 0

    async def mine(self, guild_id: int, user_id: int) -> list[Win]:
        """Every win the member shared in a server (named and anonymous), newest first."""
        rows = await self.db.fetchall(
            f"SELECT {_WIN_COLUMNS} FROM wins w WHERE w.guild_id = ? AND (w.user_id = ? OR w.author_key = ?) "
            "ORDER BY w.created_at DESC, w.id DESC",
            (guild_id, user_id, self.author_key(guild_id, user_id)),
        )
        return [_win(row) for row in rows]

    async def between(self, guild_id: int, start: datetime, end: datetime) -> list[Win]:
        """The server's posted wins created in [start, end), oldest first."""
        rows = await self.db.fetchall(
            f"SELECT {_WIN_COLUMNS} FROM wins w WHERE w.guild_id = ? AND w.message_id IS NOT NULL "
            "AND w.created_at >= ? AND w.created_at < ? ORDER BY w.created_at",
            (guild_id, iso(start), iso(end)),
        )
        return [_win(row) for row in rows]

    async def counts(self, guild_id: int, start: datetime, end: datetime) -> DigestCounts:
        """Wins, celebrations and counter milestones in [start, end)."""
        window = (guild_id, iso(start), iso(end))
        wins = await self.db.fetchone(
            "SELECT COUNT(*) FROM wins WHERE guild_id = ? AND message_id IS NOT NULL "
            "AND created_at >= ? AND created_at < ?",
            window,
        )
        cheers = await self.db.fetchone(
            "SELECT COUNT(*) FROM win_celebrations WHERE guild_id = ? AND created_at >= ? AND created_at < ?", window
        )
        milestones = await self.db.fetchone(
            "SELECT COUNT(*) FROM counter_milestones WHERE guild_id = ? AND claimed_at >= ? AND claimed_at < ?", window
        )
        return DigestCounts(
            wins=wins[0] if wins else 0,
            celebrations=cheers[0] if cheers else 0,
            milestones=milestones[0] if milestones else 0,
        )

    async def claim_digest(self, guild_id: int, week: str, due: datetime, now: datetime) -> bool:
        """Claim the week's digest (due at `due`), leased to this process; False if it was already claimed
        (posted, tried, or being sent)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO wins_digests (guild_id, week, claimed_at, due_at, owner, lease_until) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, week, iso(now), iso(due), self.claimant.owner, self.claimant.lease_until(now)),
            )
            return cursor.rowcount == 1

    async def record_digest(self, guild_id: int, week: str, message_id: int | None, failure: str | None) -> None:
        """Note how the claimed digest went (which closes the claim)."""
        await self.db.execute(
            "UPDATE wins_digests SET message_id = ?, failure = ?, lease_until = NULL WHERE guild_id = ? AND week = ?",
            (message_id, failure, guild_id, week),
            idempotent=True,
        )

    async def take_abandoned_digests(
        self, now: datetime, since: datetime, scope: tuple[str, tuple[int, ...]]
    ) -> list[OpenDigest]:
        """Digest claims a stopped process left open (see bot/core/claims.py), due at `since` or later, in the
        servers of `scope`: leased to this process now, and returned to be sent again."""
        where, params = scope
        abandoned, lease_params = self.claimant.abandoned(now)
        async with self.db.transaction() as conn:
            async with conn.execute(
                f"UPDATE wins_digests SET owner = ?, lease_until = ? "
                f"WHERE message_id IS NULL AND failure IS NULL AND due_at >= ? AND {abandoned} AND {where} "
                f"RETURNING guild_id, week, due_at, claimed_at",
                (self.claimant.owner, self.claimant.lease_until(now), iso(since), *lease_params, *params),
            ) as cursor:
                rows = await cursor.fetchall()
        return [OpenDigest(guild_id=r[0], week=r[1], due_at=from_iso(r[2]), claimed_at=from_iso(r[3])) for r in rows]

    async def close_stale_digests(
        self, now: datetime, since: datetime, failure: str, scope: tuple[str, tuple[int, ...]]
    ) -> int:
        """Digest claims a stopped process left open that were due before `since` (too late to send now) are
        closed with `failure`; how many. Claims made before leases existed (no due moment) count as due long ago."""
        where, params = scope
        abandoned, lease_params = self.claimant.abandoned(now)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                f"UPDATE wins_digests SET failure = ?, lease_until = NULL "
                f"WHERE message_id IS NULL AND failure IS NULL AND (due_at IS NULL OR due_at < ?) "
                f"AND {abandoned} AND {where}",
                (failure, iso(since), *lease_params, *params),
            )
            return cursor.rowcount

    async def digest_weeks(self, guild_id: int) -> list[str]:
        """The weeks a digest was claimed for (oldest first)."""
        rows = await self.db.fetchall("SELECT week FROM wins_digests WHERE guild_id = ? ORDER BY week", (guild_id,))
        return [row[0] for row in rows]

    async def _anonymous_keys(self, guild_id: int | None, user_id: int) -> list[str]:
        if guild_id is not None:
            return [self.author_key(guild_id, user_id)]
        rows = await self.db.fetchall("SELECT DISTINCT guild_id FROM wins WHERE author_key IS NOT NULL")
        return [self.author_key(row[0], user_id) for row in rows]

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The member's wins (their anonymous ones too, only to them) and the wins they celebrated."""
        keys = await self._anonymous_keys(guild_id, user_id)
        marks = ",".join("?" for _ in keys) or "NULL"
        scope = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        rows = await self.db.fetchall(
            f"SELECT guild_id, text, created_at, author_key IS NOT NULL, show_in_digest FROM wins "
            f"WHERE (user_id = ? OR author_key IN ({marks})){scope} ORDER BY created_at",
            (user_id, *keys, *extra),
        )
        cheered = await self.db.fetchall(
            f"SELECT guild_id, win_id, created_at FROM win_celebrations WHERE user_id = ?{scope} ORDER BY created_at",
            (user_id, *extra),
        )
        return {
            "wins": [
                {
                    "guild_id": r[0],
                    "text": r[1],
                    "shared_at": r[2],
                    "anonymous": bool(r[3]),
                    "show_in_digest": bool(r[4]),
                }
                for r in rows
            ],
            "celebrated": [{"guild_id": r[0], "win_id": r[1], "at": r[2]} for r in cheered],
        }

    async def discord_messages_for(self, guild_id: int | None, user_id: int) -> list[tuple[int, int]]:
        """The member's wins on Discord, named and anonymous (found before the rows are deleted)."""
        keys = await self._anonymous_keys(guild_id, user_id)
        marks = ",".join("?" for _ in keys) or "NULL"
        scope = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        rows = await self.db.fetchall(
            f"SELECT channel_id, message_id FROM wins WHERE (user_id = ? OR author_key IN ({marks})){scope} "
            "AND channel_id IS NOT NULL AND message_id IS NOT NULL",
            (user_id, *keys, *extra),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Delete the member's wins (named and anonymous) and their celebrations."""
        keys = await self._anonymous_keys(guild_id, user_id)
        marks = ",".join("?" for _ in keys) or "NULL"
        scope = "" if guild_id is None else " AND guild_id = ?"
        extra: tuple[Any, ...] = () if guild_id is None else (guild_id,)
        await conn.execute(f"DELETE FROM win_celebrations WHERE user_id = ?{scope}", (user_id, *extra))
        await conn.execute(
            f"DELETE FROM wins WHERE (user_id = ? OR author_key IN ({marks})){scope}", (user_id, *keys, *extra)
        )

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Delete every win, celebration and digest claim of a server."""
        await conn.execute("DELETE FROM win_celebrations WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM wins WHERE guild_id = ?", (guild_id,))
        await conn.execute("DELETE FROM wins_digests WHERE guild_id = ?", (guild_id,))
