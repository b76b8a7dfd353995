"""Repository for daily prompts: day claims, the deck, server prompts and members' suggestions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from bot.core.claims import Claimant
from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database
from cogs.prompts.content import Intensity, Prompt, Theme

SERVER_PROMPT_PREFIX = "srv-"


class PromptPost(BaseModel):
    """One row of prompt_posts: a day's claim and what became of it."""

    id: int
    guild_id: int
    local_date: date
    extra: bool
    prompt_id: str | None
    theme: str | None
    status: str
    reason: str | None
    channel_id: int | None
    message_id: int | None
    thread_id: int | None
    created_at: datetime


class ServerPrompt(BaseModel):
    """A prompt a server added itself."""

    id: int
    guild_id: int
    theme: Theme
    intensity: Intensity
    text: str
    content_warning: str | None
    added_by: int
    created_at: datetime

    @property
    def prompt_id(self) -> str:
        """The id used in the deck and in commands, e.g. srv-3."""
        return f"{SERVER_PROMPT_PREFIX}{self.id}"

    def to_prompt(self) -> Prompt:
        """The same prompt as the content model the deck draws from."""
        return Prompt(
            id=self.prompt_id,
            theme=self.theme,
            intensity=self.intensity,
            text=self.text,
            content_warning=self.content_warning,
        )


class Suggestion(BaseModel):
    """A member's prompt suggestion and its review."""

    id: int
    guild_id: int
    user_id: int
    theme: Theme
    text: str
    content_warning: str | None
    status: str
    review_channel_id: int | None
    review_message_id: int | None
    decided_by: int | None
    prompt_id: str | None
    created_at: datetime
    decided_at: datetime | None


Draw = Callable[[set[str], str | None], tuple[Prompt, bool]]
"""Deck draw: (used ids this cycle, last prompt id) -> (prompt, reshuffled)."""

_POST_COLUMNS = (
    "id, guild_id, local_date, extra, prompt_id, theme, status, reason, channel_id, message_id, thread_id, created_at"
)
_SUGGESTION_COLUMNS = (
    "id, guild_id, user_id, theme, text, content_warning, status, review_channel_id, "
    "review_message_id, decided_by, prompt_id, created_at, decided_at"
)


def _post(row: Any) -> PromptPost:
    return PromptPost(
        id=row[0],
        guild_id=row[1],
        local_date=date.fromisoformat(row[2]),
        extra=bool(row[3]),
        prompt_id=row[4],
        theme=row[5],
        status=row[6],
        reason=row[7],
        channel_id=row[8],
        message_id=row[9],
        thread_id=row[10],
        created_at=from_iso(row[11]),
    )


def _server_prompt(row: Any) -> ServerPrompt:
    return ServerPrompt(
        id=row[0],
        guild_id=row[1],
        theme=Theme(row[2]),
        intensity=Intensity(row[3]),
        text=row[4],
        content_warning=row[5],
        added_by=row[6],
        created_at=from_iso(row[7]),
    )


def _suggestion(row: Any) -> Suggestion:
    return Suggestion(
        id=row[0],
        guild_id=row[1],
        user_id=row[2],
        theme=Theme(row[3]),
        text=row[4],
        content_warning=row[5],
        status=row[6],
        review_channel_id=row[7],
        review_message_id=row[8],
        decided_by=row[9],
        prompt_id=row[10],
        created_at=from_iso(row[11]),
        decided_at=from_iso(row[12]) if row[12] else None,
    )


class PromptRepository:
    """Reads and writes every prompts table; also the prompts part's member-data store."""

    name: str = "prompts"
    tables: tuple[str, ...] = (
        "prompt_posts",
        "prompt_deck_used",
        "prompt_state",
        "server_prompts",
        "prompt_disabled",
        "prompt_suggestions",
    )
    person_columns: tuple[str, ...] = (
        "prompt_suggestions.user_id",
        "prompt_suggestions.decided_by",
        "server_prompts.added_by",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database, owner: str = "") -> None:
        self.db = db
        # Who claims (this process's instance id) and for how long it answers for a claim it has not recorded:
        # past the lease, or once another instance owns the server's shard, the claim is sent again.
        self.claimant = Claimant(owner)
        # Servers with any prompt_posts row, read once at the first question (start-up asks for thousands);
        # kept true by this repository's own writes (a server's prompts are written by the process owning it).
        self._with_history: set[int] | None = None
        self._history_read: asyncio.Future[list[Any]] | None = None

    # --- day claims -------------------------------------------------------------------------------------------

    async def claim(
        self, guild_id: int, local_date: date, draw: Draw, now: datetime, *, extra: bool = False
    ) -> PromptPost | None:
        """Claim the day (or an extra post) and draw its prompt in ONE transaction; None if already claimed."""
        async with self.db.transaction() as conn:
            # Claim first: the unique (guild, day) index decides between two writers; the loser waits for
            # the winner's commit and gets no row, so a day is claimed once on either engine.
            claimed = await conn.fetchone(
                "INSERT INTO prompt_posts (guild_id, local_date, extra, status, created_at, owner, lease_until) "
                "VALUES (?, ?, ?, 'claimed', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                (
                    guild_id,
                    local_date.isoformat(),
                    int(extra),
                    iso(now),
                    self.claimant.owner,
                    self.claimant.lease_until(now),
                ),
            )
            if claimed is None:
                return None
            post_id = int(claimed[0])
            async with conn.execute("SELECT prompt_id FROM prompt_deck_used WHERE guild_id = ?", (guild_id,)) as cur:
                used = {row[0] for row in await cur.fetchall()}
            async with conn.execute(
                "SELECT prompt_id FROM prompt_posts WHERE guild_id = ? AND prompt_id IS NOT NULL "
                "AND status IN ('claimed', 'retry', 'posted') ORDER BY id DESC LIMIT 1",
                (guild_id,),
            ) as cur:
                last_row = await cur.fetchone()
            prompt, reshuffled = draw(used, last_row[0] if last_row else None)
            if reshuffled:
                await conn.execute("DELETE FROM prompt_deck_used WHERE guild_id = ?", (guild_id,))
                await conn.execute(
                    "INSERT INTO prompt_state (guild_id, cycle) VALUES (?, 2) "
                    "ON CONFLICT (guild_id) DO UPDATE SET cycle = prompt_state.cycle + 1",
                    (guild_id,),
                )
            await conn.execute(
                "INSERT INTO prompt_deck_used (guild_id, prompt_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (guild_id, prompt.id),
            )
            await conn.execute(
                "UPDATE prompt_posts SET prompt_id = ?, theme = ? WHERE id = ?",
                (prompt.id, prompt.theme.value, post_id),
            )
        self._has_history_now(guild_id)
        return await self.post(post_id)

    async def record_skip(self, guild_id: int, local_date: date, reason: str, now: datetime) -> bool:
        """Record a skipped day (once); True if this is the first record for that day."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO prompt_posts (guild_id, local_date, extra, status, reason, created_at) "
                "VALUES (?, ?, 0, 'skipped', ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, local_date.isoformat(), reason, iso(now)),
            )
        self._has_history_now(guild_id)
        return cursor.rowcount == 1

    async def mark_posted(
        self, post_id: int, channel_id: int, message_id: int, thread_id: int | None, reason: str | None = None
    ) -> None:
        """The prompt is out (reason notes a missing thread)."""
        await self.db.execute(
            "UPDATE prompt_posts SET status = 'posted', channel_id = ?, message_id = ?, thread_id = ?, reason = ?, "
            "lease_until = NULL WHERE id = ?",
            (channel_id, message_id, thread_id, reason, post_id),
            idempotent=True,
        )

    async def mark_retry(self, post_id: int, reason: str) -> None:
        """A passing Discord problem: the day stays claimed with its prompt, waiting for the next attempt."""
        await self.db.execute(
            "UPDATE prompt_posts SET status = 'retry', reason = ?, lease_until = NULL WHERE id = ? AND status = 'claimed'",
            (reason, post_id),
            idempotent=True,
        )

    async def reclaim(self, guild_id: int, local_date: date, now: datetime) -> PromptPost | None:
        """Take the day's waiting retry (one process wins the UPDATE); None if there is none to take."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE prompt_posts SET status = 'claimed', owner = ?, lease_until = ? "
                "WHERE guild_id = ? AND local_date = ? AND extra = 0 AND status = 'retry'",
                (self.claimant.owner, self.claimant.lease_until(now), guild_id, local_date.isoformat()),
            )
            if cursor.rowcount != 1:
                return None
            async with conn.execute(
                f"SELECT {_POST_COLUMNS} FROM prompt_posts WHERE guild_id = ? AND local_date = ? AND extra = 0",
                (guild_id, local_date.isoformat()),
            ) as cur:
                row = await cur.fetchone()
        return _post(row) if row else None

    async def mark_failed(self, post_id: int, reason: str) -> None:
        """The post could not be made: record why and put its prompt back in the deck. Never retried."""

        async def record(conn: Connection) -> None:
            await conn.execute(
                "UPDATE prompt_posts SET status = 'failed', reason = ?, lease_until = NULL WHERE id = ?",
                (reason, post_id),
            )
            await conn.execute(
                "DELETE FROM prompt_deck_used WHERE (guild_id, prompt_id) IN "
                "(SELECT guild_id, prompt_id FROM prompt_posts WHERE id = ?)",
                (post_id,),
            )

        await self.db.idempotent_transaction(record)

    async def release_abandoned(
        self, now: datetime, reason: str, scope: tuple[str, tuple[int, ...]]
    ) -> list[PromptPost]:
        """Day claims left unrecorded (their lease ran out, or another instance made them: it has stopped,
        since this one owns the server now) become waiting retries, and are returned to be sent again."""
        where, params = scope
        abandoned, lease_params = self.claimant.abandoned(now)
        async with self.db.transaction() as conn:
            async with conn.execute(
                f"UPDATE prompt_posts SET status = 'retry', reason = COALESCE(reason, ?), lease_until = NULL "
                f"WHERE status = 'claimed' AND extra = 0 AND {abandoned} AND {where} RETURNING {_POST_COLUMNS}",
                (reason, *lease_params, *params),
            ) as cursor:
                rows = await cursor.fetchall()
        return [_post(row) for row in rows]

    async def post(self, post_id: int) -> PromptPost | None:
        """One post row by id."""
        row = await self.db.fetchone(f"SELECT {_POST_COLUMNS} FROM prompt_posts WHERE id = ?", (post_id,))
        return _post(row) if row else None

    async def day_post(self, guild_id: int, local_date: date) -> PromptPost | None:
        """The day's row (posted, failed, claimed or skipped), if any."""
        row = await self.db.fetchone(
            f"SELECT {_POST_COLUMNS} FROM prompt_posts WHERE guild_id = ? AND local_date = ? AND extra = 0",
            (guild_id, local_date.isoformat()),
        )
        return _post(row) if row else None

    async def posts(self, guild_id: int, *, limit: int = 14, status: str | None = "posted") -> list[PromptPost]:
        """The most recent rows, newest first (only posted ones unless status is None)."""
        sql = f"SELECT {_POST_COLUMNS} FROM prompt_posts WHERE guild_id = ?"
        params: list[Any] = [guild_id]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        rows = await self.db.fetchall(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))
        return [_post(row) for row in rows]

    async def has_history(self, guild_id: int) -> bool:
        """True once the server has had any prompt claimed (one query for every server, at the first question)."""
        if self._with_history is None:
            if self._history_read is None:  # servers asking together share one read
                self._history_read = asyncio.ensure_future(
                    self.db.fetchall("SELECT DISTINCT guild_id FROM prompt_posts")
                )
            try:
                rows = await self._history_read
            except Exception:
                self._history_read = None  # a failed read is tried again next time, not remembered
                raise
            if self._with_history is None:
                self._with_history = {int(row[0]) for row in rows}
        return guild_id in self._with_history

    def _has_history_now(self, guild_id: int) -> None:
        if self._with_history is not None:
            self._with_history.add(guild_id)

    async def cycle(self, guild_id: int) -> int:
        """The deck cycle the server is in (1 until the first reshuffle)."""
        row = await self.db.fetchone("SELECT cycle FROM prompt_state WHERE guild_id = ?", (guild_id,))
        return int(row[0]) if row else 1

    # --- failure streaks --------------------------------------------------------------------------------------

    async def start_failure(self, guild_id: int, reason: str, now: datetime) -> bool:
        """Note a failure; True if it begins a new streak (so moderators should be alerted)."""
        async with self.db.transaction() as conn:
            # One statement: a streak begins only where none is running, so two processes alert once.
            row = await conn.fetchone(
                "INSERT INTO prompt_state (guild_id, failing_since, failure_reason) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET failing_since = excluded.failing_since, "
                "failure_reason = excluded.failure_reason WHERE prompt_state.failing_since IS NULL "
                "RETURNING guild_id",
                (guild_id, iso(now), reason),
            )
            return row is not None

    async def clear_failure(self, guild_id: int) -> bool:
        """End a failure streak; True if there was one."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE prompt_state SET failing_since = NULL, failure_reason = NULL "
                "WHERE guild_id = ? AND failing_since IS NOT NULL",
                (guild_id,),
            )
            return cursor.rowcount == 1

    # --- the server's own prompts -----------------------------------------------------------------------------

    async def add_server_prompt(
        self,
        guild_id: int,
        theme: Theme,
        intensity: Intensity,
        text: str,
        content_warning: str | None,
        added_by: int,
        now: datetime,
    ) -> ServerPrompt:
        """Store a prompt the server added."""
        new_id = await self.db.insert(
            "INSERT INTO server_prompts (guild_id, theme, intensity, text, content_warning, added_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (guild_id, theme.value, intensity.value, text, content_warning, added_by, iso(now)),
        )
        added = await self.server_prompt(guild_id, new_id)
        assert added is not None
        return added

    async def server_prompt(self, guild_id: int, number: int) -> ServerPrompt | None:
        """One of the server's prompts by its number."""
        row = await self.db.fetchone(
            "SELECT id, guild_id, theme, intensity, text, content_warning, added_by, created_at FROM server_prompts "
            "WHERE guild_id = ? AND id = ?",
            (guild_id, number),
        )
        return _server_prompt(row) if row else None

    async def server_prompts(self, guild_id: int) -> list[ServerPrompt]:
        """Every prompt the server added, oldest first."""
        rows = await self.db.fetchall(
            "SELECT id, guild_id, theme, intensity, text, content_warning, added_by, created_at FROM server_prompts "
            "WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [_server_prompt(row) for row in rows]

    async def delete_server_prompt(self, guild_id: int, number: int) -> bool:
        """Remove one of the server's prompts; True if it existed."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM server_prompts WHERE guild_id = ? AND id = ?", (guild_id, number))
            await conn.execute(
                "DELETE FROM prompt_deck_used WHERE guild_id = ? AND prompt_id = ?",
                (guild_id, f"{SERVER_PROMPT_PREFIX}{number}"),
            )
            return cursor.rowcount == 1

    async def disable_shipped(self, guild_id: int, prompt_id: str) -> bool:
        """Switch a shipped prompt off for this server; True if it was on."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO prompt_disabled (guild_id, prompt_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (guild_id, prompt_id),
            )
            return cursor.rowcount == 1

    async def disabled(self, guild_id: int) -> set[str]:
        """Shipped prompt ids this server switched off."""
        rows = await self.db.fetchall("SELECT prompt_id FROM prompt_disabled WHERE guild_id = ?", (guild_id,))
        return {row[0] for row in rows}

    # --- suggestions ------------------------------------------------------------------------------------------

    async def add_suggestion(
        self, guild_id: int, user_id: int, theme: Theme, text: str, content_warning: str | None, now: datetime
    ) -> Suggestion:
        """Queue a member's suggestion for review."""
        new_id = await self.db.insert(
            "INSERT INTO prompt_suggestions (guild_id, user_id, theme, text, content_warning, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, user_id, theme.value, text, content_warning, iso(now)),
        )
        added = await self.suggestion(new_id)
        assert added is not None
        return added

    async def suggestion(self, suggestion_id: int) -> Suggestion | None:
        """One suggestion by id."""
        row = await self.db.fetchone(
            f"SELECT {_SUGGESTION_COLUMNS} FROM prompt_suggestions WHERE id = ?", (suggestion_id,)
        )
        return _suggestion(row) if row else None

    async def set_review_message(self, suggestion_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the review card was posted."""
        await self.db.execute(
            "UPDATE prompt_suggestions SET review_channel_id = ?, review_message_id = ? WHERE id = ?",
            (channel_id, message_id, suggestion_id),
        )

    async def delete_suggestion(self, suggestion_id: int) -> None:
        """Forget a suggestion that could not be queued."""
        await self.db.execute("DELETE FROM prompt_suggestions WHERE id = ?", (suggestion_id,))

    async def approve_suggestion(
        self,
        suggestion_id: int,
        moderator_id: int,
        text: str,
        content_warning: str | None,
        intensity: Intensity,
        now: datetime,
    ) -> ServerPrompt | None:
        """Turn a pending suggestion into a server prompt, atomically; None if it was already decided."""
        async with self.db.transaction() as conn:
            # Decide first, in one statement: of two moderators approving at once, one gets the row.
            row = await conn.fetchone(
                "UPDATE prompt_suggestions SET status = 'approved', decided_by = ?, decided_at = ? "
                "WHERE id = ? AND status = 'pending' RETURNING guild_id, theme",
                (moderator_id, iso(now), suggestion_id),
            )
            if row is None:
                return None
            created = await conn.fetchone(
                "INSERT INTO server_prompts (guild_id, theme, intensity, text, content_warning, added_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (row[0], row[1], intensity.value, text, content_warning, moderator_id, iso(now)),
            )
            assert created is not None
            number = int(created[0])
            await conn.execute(
                "UPDATE prompt_suggestions SET prompt_id = ? WHERE id = ?",
                (f"{SERVER_PROMPT_PREFIX}{number}", suggestion_id),
            )
            guild_id = int(row[0])
        return await self.server_prompt(guild_id, number)

    async def decline_suggestion(self, suggestion_id: int, moderator_id: int, now: datetime) -> bool:
        """Decline a pending suggestion; False if it was already decided."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE prompt_suggestions SET status = 'declined', decided_by = ?, decided_at = ? "
                "WHERE id = ? AND status = 'pending'",
                (moderator_id, iso(now), suggestion_id),
            )
            return cursor.rowcount == 1

    # --- member data ------------------------------------------------------------------------------------------

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """The person's suggestions, and prompts they added as a moderator."""
        where, params = (
            ("user_id = ?", [user_id]) if guild_id is None else ("user_id = ? AND guild_id = ?", [user_id, guild_id])
        )
        suggestions = await self.db.fetchall(
            f"SELECT guild_id, theme, text, content_warning, status, created_at FROM prompt_suggestions WHERE {where}",
            params,
        )
        reviewed = await self.db.fetchall(
            "SELECT guild_id, id, status, decided_at, created_at FROM prompt_suggestions WHERE "
            + where.replace("user_id", "decided_by"),
            params,
        )
        added_where = where.replace("user_id", "added_by")
        added = await self.db.fetchall(
            f"SELECT guild_id, id, text, created_at FROM server_prompts WHERE {added_where}", params
        )
        return {
            "suggestions_you_reviewed": [dict(r) for r in reviewed],
            "prompt_suggestions": [
                {
                    "guild_id": r[0],
                    "theme": r[1],
                    "text": r[2],
                    "content_warning": r[3],
                    "status": r[4],
                    "created_at": r[5],
                }
                for r in suggestions
            ],
            "prompts_added": [
                {"guild_id": r[0], "prompt_id": f"{SERVER_PROMPT_PREFIX}{r[1]}", "text": r[2], "created_at": r[3]}
                for r in added
            ],
        }

    async def discord_messages_for(self, guild_id: int | None, user_id: int) -> list[tuple[int, int]]:
        """The review cards that quote the person's prompt suggestions (their words, in the moderators' channel)."""
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        rows = await self.db.fetchall(
            "SELECT review_channel_id, review_message_id FROM prompt_suggestions WHERE user_id = ?"
            f"{scope} AND review_channel_id IS NOT NULL AND review_message_id IS NOT NULL",
            (user_id, *params),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Delete the person's suggestions; unlink them from prompts they added or reviewed."""
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        await conn.execute(f"DELETE FROM prompt_suggestions WHERE user_id = ?{scope}", (user_id, *params))
        await conn.execute(
            f"UPDATE prompt_suggestions SET decided_by = 0 WHERE decided_by = ?{scope}", (user_id, *params)
        )
        await conn.execute(f"UPDATE server_prompts SET added_by = 0 WHERE added_by = ?{scope}", (user_id, *params))

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Delete every prompts row of one server."""
        for table in self.tables:
            await conn.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))
        if self._with_history is not None:
            self._with_history.discard(guild_id)
