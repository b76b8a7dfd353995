"""SQL for /talk conversations, their relay links, the outbox and blocks (no user id of a member, ever)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

import aiosqlite
from pydantic import BaseModel

from bot.core.clock import Clock, from_iso, iso
from bot.core.db import Database

Direction = Literal["to_member", "to_team"]
NAME_REMOVED = "(name removed at the member's request)"


class Conversation(BaseModel):
    """The team's record of one conversation; says nothing about who the member is."""

    guild_id: int
    number: int
    label: str
    named: bool
    revealed: bool
    topic: str
    status: Literal["opening", "open", "closed"]
    thread_id: int | None
    header_message_id: int | None
    risk: int
    claimed_by: int | None
    claimed_named: bool
    opened_at: datetime
    waiting_since: datetime | None
    repinged: bool
    closed_at: datetime | None
    closed_by: str | None


class Relay(BaseModel):
    """The link from a conversation to its member, while it lives."""

    guild_id: int
    number: int
    member_key: str
    dm_key: str
    deliver_to: str  # the member's id sealed with the server secret
    dms_open: bool


class OutboxItem(BaseModel):
    """A relay that has not arrived yet."""

    id: int
    guild_id: int
    number: int
    direction: Direction
    text: str
    sender_label: str
    source_message_id: int | None
    attempts: int
    next_try_at: datetime
    created_at: datetime


class TalkBlock(BaseModel):
    """A pause on opening conversations for whoever was behind one conversation."""

    id: int
    guild_id: int
    number: int
    member_key: str | None
    moderator_id: int
    reason: str | None
    created_at: datetime
    until: datetime | None
    ended_at: datetime | None


def _dates(data: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        data[name] = from_iso(data[name]) if data.get(name) else None
    return data


def _conversation(row: aiosqlite.Row) -> Conversation:
    return Conversation.model_validate(_dates(dict(row), "opened_at", "waiting_since", "closed_at"))


def _outbox(row: aiosqlite.Row) -> OutboxItem:
    return OutboxItem.model_validate(_dates(dict(row), "next_try_at", "created_at"))


def _block(row: aiosqlite.Row) -> TalkBlock:
    return TalkBlock.model_validate(_dates(dict(row), "created_at", "until", "ended_at"))


class TalkRepository:
    """Reads and writes every /talk table; also the member-data store for them."""

    name: str = "talk_to_the_team"
    tables: tuple[str, ...] = ("talk_conversations", "talk_relays", "talk_outbox", "talk_blocks")
    person_columns: tuple[str, ...] = (
        "talk_conversations.claimed_by",
        "talk_relays.member_key",
        "talk_relays.dm_key",
        "talk_relays.deliver_to",
        "talk_blocks.member_key",
        "talk_blocks.moderator_id",
    )
    """Every column of these tables that can hold a person (an id, a keyed hash or a sealed id)."""

    def __init__(
        self,
        db: Database,
        member_key: Callable[[int, int], str],
        clock: Clock,
        dm_key: Callable[[int], str] = lambda user_id: "",
        open_sealed: Callable[[str], int | None] = lambda token: None,
    ) -> None:
        self.db = db
        self._member_key = member_key
        self.clock = clock
        self._dm_key = dm_key  # the member's DM look-up key
        self._open_sealed = open_sealed  # a relay's sealed address -> the member's id

    # -------------------------------------------------------- conversations

    async def create(
        self,
        guild_id: int,
        *,
        label: str,
        named: bool,
        topic: str,
        member_key: str,
        dm_key: str,
        deliver_to: str,
        now: datetime,
    ) -> Conversation:
        """Take the next number and store the record and its relay link together."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM talk_conversations WHERE guild_id = ?", (guild_id,)
            )
            row = await cursor.fetchone()
            number = int(row[0]) if row else 1
            await conn.execute(
                "INSERT INTO talk_conversations (guild_id, number, label, named, topic, status, opened_at, "
                "waiting_since) VALUES (?, ?, ?, ?, ?, 'opening', ?, ?)",
                (guild_id, number, label, int(named), topic, iso(now), iso(now)),
            )
            await conn.execute(
                "INSERT INTO talk_relays (guild_id, number, member_key, dm_key, deliver_to) VALUES (?, ?, ?, ?, ?)",
                (guild_id, number, member_key, dm_key, deliver_to),
            )
        found = await self.get(guild_id, number)
        assert found is not None
        return found

    async def discard(self, guild_id: int, number: int) -> None:
        """Remove a conversation that never reached the team (its thread could not be made)."""
        await self.db.execute(
            "DELETE FROM talk_conversations WHERE guild_id = ? AND number = ? AND status = 'opening'",
            (guild_id, number),
        )

    async def mark_open(self, guild_id: int, number: int, thread_id: int, header_message_id: int) -> None:
        """Record the team thread: the conversation is live."""
        await self.db.execute(
            "UPDATE talk_conversations SET status = 'open', thread_id = ?, header_message_id = ? "
            "WHERE guild_id = ? AND number = ?",
            (thread_id, header_message_id, guild_id, number),
        )

    async def get(self, guild_id: int, number: int) -> Conversation | None:
        """One conversation by number."""
        row = await self.db.fetchone(
            "SELECT * FROM talk_conversations WHERE guild_id = ? AND number = ?", (guild_id, number)
        )
        return _conversation(row) if row else None

    async def by_thread(self, guild_id: int, thread_id: int) -> Conversation | None:
        """The conversation a team thread belongs to."""
        row = await self.db.fetchone(
            "SELECT * FROM talk_conversations WHERE guild_id = ? AND thread_id = ?", (guild_id, thread_id)
        )
        return _conversation(row) if row else None

    async def open_for_key(self, guild_id: int, member_key: str) -> Conversation | None:
        """The member's open (or opening) conversation in a server."""
        row = await self.db.fetchone(
            "SELECT c.* FROM talk_conversations c JOIN talk_relays r USING (guild_id, number) "
            "WHERE c.guild_id = ? AND r.member_key = ? AND c.status IN ('opening', 'open') ORDER BY c.number LIMIT 1",
            (guild_id, member_key),
        )
        return _conversation(row) if row else None

    async def open_for_dm_key(self, dm_key: str) -> list[Conversation]:
        """The member's open conversations in every server (for a DM they sent)."""
        rows = await self.db.fetchall(
            "SELECT c.* FROM talk_conversations c JOIN talk_relays r USING (guild_id, number) "
            "WHERE r.dm_key = ? AND c.status = 'open' ORDER BY c.opened_at",
            (dm_key,),
        )
        return [_conversation(row) for row in rows]

    async def has_closed_for_dm_key(self, dm_key: str) -> bool:
        """True if the member has a closed conversation still linked to them."""
        row = await self.db.fetchone(
            "SELECT 1 FROM talk_conversations c JOIN talk_relays r USING (guild_id, number) "
            "WHERE r.dm_key = ? AND c.status = 'closed' LIMIT 1",
            (dm_key,),
        )
        return row is not None

    async def open_conversations(self, guild_id: int) -> list[Conversation]:
        """Open conversations: highest risk first, then longest waiting, then oldest."""
        rows = await self.db.fetchall(
            "SELECT * FROM talk_conversations WHERE guild_id = ? AND status = 'open' "
            "ORDER BY risk DESC, waiting_since IS NULL, waiting_since, opened_at",
            (guild_id,),
        )
        return [_conversation(row) for row in rows]

    async def labels_in_use(self, guild_id: int) -> set[str]:
        """Labels of every conversation in the server (a new pseudonym avoids them)."""
        rows = await self.db.fetchall("SELECT label FROM talk_conversations WHERE guild_id = ?", (guild_id,))
        return {str(row[0]) for row in rows}

    async def member_wrote(self, guild_id: int, number: int, now: datetime, risk: int) -> None:
        """The member wrote: they are waiting (from their first unanswered message); risk only ever rises."""
        await self.db.execute(
            "UPDATE talk_conversations SET waiting_since = COALESCE(waiting_since, ?), "
            "risk = MAX(risk, ?) WHERE guild_id = ? AND number = ?",
            (iso(now), risk, guild_id, number),
        )

    async def team_answered(self, guild_id: int, number: int) -> None:
        """The team answered: no one is waiting, and a later wait may re-ping again."""
        await self.db.execute(
            "UPDATE talk_conversations SET waiting_since = NULL, repinged = 0 WHERE guild_id = ? AND number = ?",
            (guild_id, number),
        )

    async def claim(self, guild_id: int, number: int, user_id: int, named: bool) -> bool:
        """Record who from the team took the conversation; False if it is not open."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE talk_conversations SET claimed_by = ?, claimed_named = ? "
                "WHERE guild_id = ? AND number = ? AND status = 'open'",
                (user_id, int(named), guild_id, number),
            )
            return cursor.rowcount > 0

    async def reveal(self, guild_id: int, number: int) -> bool:
        """The member chose to be known; False if it already was."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE talk_conversations SET revealed = 1 WHERE guild_id = ? AND number = ? AND revealed = 0",
                (guild_id, number),
            )
            return cursor.rowcount > 0

    async def close(self, guild_id: int, number: int, by: str, now: datetime) -> bool:
        """Close once; False if it was already closed."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE talk_conversations SET status = 'closed', closed_at = ?, closed_by = ?, waiting_since = NULL "
                "WHERE guild_id = ? AND number = ? AND status = 'open'",
                (iso(now), by, guild_id, number),
            )
            return cursor.rowcount > 0

    async def waiting_not_repinged(self) -> list[Conversation]:
        """Open conversations where the member is waiting and no re-ping was sent for this wait."""
        rows = await self.db.fetchall(
            "SELECT * FROM talk_conversations WHERE status = 'open' AND waiting_since IS NOT NULL AND repinged = 0"
        )
        return [_conversation(row) for row in rows]

    async def claim_reping(self, guild_id: int, number: int) -> bool:
        """Take the one re-ping of this wait (False if another pass took it)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE talk_conversations SET repinged = 1 WHERE guild_id = ? AND number = ? AND repinged = 0 "
                "AND status = 'open'",
                (guild_id, number),
            )
            return cursor.rowcount > 0

    # ----------------------------------------------------------------- relays

    async def relay(self, guild_id: int, number: int) -> Relay | None:
        """The link to the member, or None once it was cut."""
        row = await self.db.fetchone("SELECT * FROM talk_relays WHERE guild_id = ? AND number = ?", (guild_id, number))
        return Relay.model_validate(dict(row)) if row else None

    async def set_dms_open(self, guild_id: int, number: int, dms_open: bool) -> None:
        """Remember whether the member's DMs took our last message."""
        await self.db.execute(
            "UPDATE talk_relays SET dms_open = ? WHERE guild_id = ? AND number = ?", (int(dms_open), guild_id, number)
        )

    async def cut_links_closed_before(self, guild_id: int, cutoff: datetime) -> int:
        """Delete the relay (and outbox) rows of conversations closed before `cutoff`; return how many."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM talk_relays WHERE guild_id = ? AND number IN (SELECT number FROM talk_conversations "
                "WHERE guild_id = ? AND status = 'closed' AND closed_at <= ?)",
                (guild_id, guild_id, iso(cutoff)),
            )
            return cursor.rowcount

    async def guilds_with_links(self) -> list[int]:
        """Servers that still hold any relay link."""
        rows = await self.db.fetchall("SELECT DISTINCT guild_id FROM talk_relays")
        return [int(row[0]) for row in rows]

    # ----------------------------------------------------------------- outbox

    async def enqueue(
        self,
        guild_id: int,
        number: int,
        direction: Direction,
        text: str,
        sender_label: str,
        source_message_id: int | None,
        now: datetime,
        next_try_at: datetime,
    ) -> int:
        """Keep a relay that did not arrive, to try again."""
        return await self.db.execute(
            "INSERT INTO talk_outbox (guild_id, number, direction, text, sender_label, source_message_id, "
            "next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (guild_id, number, direction, text, sender_label, source_message_id, iso(next_try_at), iso(now)),
        )

    async def earliest_retry(self) -> datetime | None:
        """When the next relay retry is due, if any."""
        row = await self.db.fetchone("SELECT MIN(next_try_at) FROM talk_outbox")
        return from_iso(row[0]) if row and row[0] else None

    async def due_outbox(self, now: datetime) -> list[OutboxItem]:
        """Relays due for another try."""
        rows = await self.db.fetchall(
            "SELECT * FROM talk_outbox WHERE next_try_at <= ? ORDER BY id LIMIT 100", (iso(now),)
        )
        return [_outbox(row) for row in rows]

    async def waiting_for_member(self, guild_id: int, number: int) -> list[OutboxItem]:
        """Team messages the member has not received yet, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM talk_outbox WHERE guild_id = ? AND number = ? AND direction = 'to_member' ORDER BY id",
            (guild_id, number),
        )
        return [_outbox(row) for row in rows]

    async def postpone(self, item_id: int, next_try_at: datetime) -> None:
        """Another failed try: wait longer."""
        await self.db.execute(
            "UPDATE talk_outbox SET attempts = attempts + 1, next_try_at = ? WHERE id = ?", (iso(next_try_at), item_id)
        )

    async def delivered(self, item_id: int) -> None:
        """Remove a relay that arrived (or was handed back)."""
        await self.db.execute("DELETE FROM talk_outbox WHERE id = ?", (item_id,))

    # ----------------------------------------------------------------- blocks

    async def add_block(
        self,
        guild_id: int,
        number: int,
        member_key: str,
        moderator_id: int,
        reason: str | None,
        now: datetime,
        until: datetime | None,
    ) -> int:
        """Block a member key from opening conversations."""
        return await self.db.execute(
            "INSERT INTO talk_blocks (guild_id, number, member_key, moderator_id, reason, created_at, until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (guild_id, number, member_key, moderator_id, reason, iso(now), iso(until) if until else None),
        )

    async def active_blocks(self, guild_id: int, member_key: str, now: datetime) -> list[TalkBlock]:
        """Blocks in force on a member key; ended ones lose their key."""
        await self.db.execute(
            "UPDATE talk_blocks SET member_key = NULL, ended_at = COALESCE(ended_at, until) "
            "WHERE until IS NOT NULL AND until <= ? AND member_key IS NOT NULL",
            (iso(now),),
        )
        rows = await self.db.fetchall(
            "SELECT * FROM talk_blocks WHERE guild_id = ? AND member_key = ? AND ended_at IS NULL",
            (guild_id, member_key),
        )
        return [_block(row) for row in rows]

    # ------------------------------------------------------------- member data

    async def _keys(self, guild_id: int | None, user_id: int) -> list[tuple[int, str]]:
        if guild_id is not None:
            guilds = [guild_id]
        else:
            rows = await self.db.fetchall(
                "SELECT DISTINCT guild_id FROM talk_relays UNION SELECT DISTINCT guild_id FROM talk_blocks"
            )
            guilds = [int(row[0]) for row in rows]
        return [(guild, self._member_key(guild, user_id)) for guild in guilds]

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Conversations still linked to the person, blocks on them, and conversations they claimed for the team."""
        result: dict[str, Any] = {}
        for guild, key in await self._keys(guild_id, user_id):
            conversations = await self.db.fetchall(
                "SELECT c.number, c.label, c.named, c.revealed, c.topic, c.status, c.opened_at, c.closed_at, "
                "(SELECT COUNT(*) FROM talk_outbox o WHERE o.guild_id = c.guild_id AND o.number = c.number) "
                "AS messages_not_yet_delivered "
                "FROM talk_conversations c JOIN talk_relays r USING (guild_id, number) "
                "WHERE c.guild_id = ? AND r.member_key = ? ORDER BY c.number",
                (guild, key),
            )
            blocks = await self.db.fetchall(
                "SELECT id, number, created_at, until, ended_at FROM talk_blocks WHERE guild_id = ? AND member_key = ?",
                (guild, key),
            )
            if conversations or blocks:
                result[str(guild)] = {
                    "conversations_still_linked_to_you": [dict(row) for row in conversations],
                    "blocks": [dict(row) for row in blocks],
                }
        claimed_sql = "SELECT guild_id, number, status FROM talk_conversations WHERE claimed_by = ?"
        params: tuple[int, ...] = (user_id,)
        if guild_id is not None:
            claimed_sql += " AND guild_id = ?"
            params = (user_id, guild_id)
        claimed = await self.db.fetchall(claimed_sql, params)
        if claimed:
            result["conversations_you_claimed_for_the_team"] = [dict(row) for row in claimed]
        made = await self.db.fetchall(
            claimed_sql.replace(
                "number, status FROM talk_conversations WHERE claimed_by",
                "number, created_at, until, ended_at FROM talk_blocks WHERE moderator_id",
            ),
            params,
        )
        if made:
            result["blocks_you_made_for_the_team"] = [dict(row) for row in made]
        return result

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Cut every link to the person (the team's records stay, with no way back); blocks in force stay."""
        for guild, key in await self._keys(guild_id, user_id):
            await conn.execute(
                "UPDATE talk_conversations SET status = 'closed', closed_at = COALESCE(closed_at, ?), "
                "closed_by = COALESCE(closed_by, 'member') WHERE guild_id = ? AND status != 'closed' AND number IN "
                "(SELECT number FROM talk_relays WHERE guild_id = ? AND member_key = ?)",
                (iso(self.clock()), guild, guild, key),
            )
            # A conversation opened "with my name" carries that name as its label: it goes too.
            await conn.execute(
                "UPDATE talk_conversations SET label = ? WHERE guild_id = ? AND named = 1 AND number IN "
                "(SELECT number FROM talk_relays WHERE guild_id = ? AND member_key = ?)",
                (NAME_REMOVED, guild, guild, key),
            )
            await conn.execute("DELETE FROM talk_relays WHERE guild_id = ? AND member_key = ?", (guild, key))
            await conn.execute(  # an ended block no longer needs to know whom it blocked
                "UPDATE talk_blocks SET member_key = NULL WHERE guild_id = ? AND member_key = ? AND ended_at IS NOT NULL",
                (guild, key),
            )
        # Each column that can name the person is cleared on its own, not only through the member key.
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        await conn.execute(f"DELETE FROM talk_relays WHERE dm_key = ?{scope}", (self._dm_key(user_id), *params))
        async with conn.execute(
            f"SELECT guild_id, number, deliver_to FROM talk_relays WHERE 1 = 1{scope}", params
        ) as cur:
            sealed = [(r[0], r[1]) for r in await cur.fetchall() if self._open_sealed(r[2]) == user_id]
        for guild, number in sealed:
            await conn.execute("DELETE FROM talk_relays WHERE guild_id = ? AND number = ?", (guild, number))
        await conn.execute(f"UPDATE talk_blocks SET moderator_id = 0 WHERE moderator_id = ?{scope}", (user_id, *params))
        if guild_id is None:
            await conn.execute("UPDATE talk_conversations SET claimed_by = NULL WHERE claimed_by = ?", (user_id,))
        else:
            await conn.execute(
                "UPDATE talk_conversations SET claimed_by = NULL WHERE claimed_by = ? AND guild_id = ?",
                (user_id, guild_id),
            )

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Delete every /talk row of one server."""
        for table in ("talk_outbox", "talk_relays", "talk_blocks", "talk_conversations"):
            await conn.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))
