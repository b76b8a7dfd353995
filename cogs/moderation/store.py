"""Repository for crisis alerts, reports, their button history, infractions and the support-DM cooldown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel

from bot.core.clock import from_iso, iso
from bot.core.db import Connection, Database, Row

Subject = Literal["alert", "report"]


class CrisisAlert(BaseModel):
    """One moderator alert about crisis (or concern) language."""

    id: int
    guild_id: int
    source: str
    level: str
    categories: list[str]
    channel_id: int | None
    message_id: int | None
    jump_url: str | None
    writer_id: int | None
    anonymous_post_id: int | None
    alert_channel_id: int | None
    alert_message_id: int | None
    status: str
    check_in_user_id: int | None
    repinged_at: datetime | None
    why: str = ""
    closed_at: datetime | None
    created_at: datetime
    escalated_at: datetime | None = None


class Report(BaseModel):
    """A member's report of a message (an incident for moderators)."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int
    jump_url: str
    author_id: int | None
    anonymous_post_id: int | None
    reporter_id: int | None
    reason: str | None
    snapshot: str | None
    alert_channel_id: int | None
    alert_message_id: int | None
    status: str
    reporter_notified_at: datetime | None
    closed_at: datetime | None
    created_at: datetime


class ModerationEvent(BaseModel):
    """Who did what to an alert or report, and when."""

    action: str
    actor_id: int
    detail: str | None
    at: datetime


class Infraction(BaseModel):
    """A warning, timeout, lifted timeout or note about a member."""

    id: int
    guild_id: int
    user_id: int
    moderator_id: int
    kind: str
    reason: str | None
    duration_seconds: int | None
    report_id: int | None
    created_at: datetime


def _when(value: str | None) -> datetime | None:
    return from_iso(value) if value else None


def _alert(row: Row) -> CrisisAlert:
    data = dict(row)
    data["categories"] = [c for c in (data["categories"] or "").split(",") if c]
    for key in ("repinged_at", "closed_at", "created_at", "escalated_at"):
        data[key] = _when(data.get(key))
    return CrisisAlert.model_validate(data)


def _report(row: Row) -> Report:
    data = dict(row)
    for key in ("reporter_notified_at", "closed_at", "created_at"):
        data[key] = _when(data[key])
    return Report.model_validate(data)


def _infraction(row: Row) -> Infraction:
    data = dict(row)
    data["created_at"] = from_iso(data["created_at"])
    return Infraction.model_validate(data)


KeepInfractions = Callable[[int], Awaitable[bool]]


async def _never_keep(guild_id: int) -> bool:
    return False


class ModerationRepository:
    """Reads and writes every moderation table; implements the MemberDataStore protocol."""

    name: str = "moderation"
    tables: tuple[str, ...] = (
        "crisis_alerts",
        "crisis_dm_cooldowns",
        "reports",
        "moderation_events",
        "infractions",
    )
    person_columns: tuple[str, ...] = (
        "crisis_alerts.writer_id",
        "crisis_alerts.check_in_user_id",
        "crisis_dm_cooldowns.user_id",
        "infractions.user_id",
        "infractions.moderator_id",
        "moderation_events.actor_id",
        "reports.author_id",
        "reports.reporter_id",
    )
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database, keep_infractions_on_forget: KeepInfractions = _never_keep) -> None:
        self.db = db
        self._keep_infractions = keep_infractions_on_forget

    # -- crisis alerts ------------------------------------------------------------------------------------

    async def create_alert(
        self,
        *,
        guild_id: int,
        source: str,
        level: str,
        categories: list[str],
        channel_id: int | None,
        message_id: int | None,
        jump_url: str | None,
        writer_id: int | None,
        anonymous_post_id: int | None,
        now: datetime,
        why: str = "",
    ) -> tuple[CrisisAlert, bool]:
        """Insert an alert unless one exists for the same message/post; return it and whether it is new."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO crisis_alerts (guild_id, source, level, categories, channel_id, message_id,"
                " jump_url, writer_id, anonymous_post_id, created_at, why) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (
                    guild_id,
                    source,
                    level,
                    ",".join(categories),
                    channel_id,
                    message_id,
                    jump_url,
                    writer_id,
                    anonymous_post_id,
                    iso(now),
                    why,
                ),
            )
            inserted = await cursor.fetchone()
            created = inserted is not None
            params: tuple[Any, ...]
            if inserted is not None:
                row_id = inserted[0]
                query, params = "SELECT * FROM crisis_alerts WHERE id = ?", (row_id,)
            elif message_id is not None:
                query = "SELECT * FROM crisis_alerts WHERE guild_id = ? AND source = ? AND message_id = ?"
                params = (guild_id, source, message_id)
            else:
                query = "SELECT * FROM crisis_alerts WHERE guild_id = ? AND source = ? AND anonymous_post_id = ?"
                params = (guild_id, source, anonymous_post_id)
            async with conn.execute(query, params) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _alert(row), created

    async def alert(self, guild_id: int, alert_id: int) -> CrisisAlert | None:
        """One alert of one server."""
        row = await self.db.fetchone("SELECT * FROM crisis_alerts WHERE guild_id = ? AND id = ?", (guild_id, alert_id))
        return _alert(row) if row else None

    async def delete_alert(self, alert_id: int) -> None:
        """Forget an alert that could not be posted (so a later message can try again)."""
        await self.db.execute("DELETE FROM crisis_alerts WHERE id = ?", (alert_id,))

    async def set_alert_message(self, alert_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the alert was posted."""
        await self.db.execute(
            "UPDATE crisis_alerts SET alert_channel_id = ?, alert_message_id = ? WHERE id = ?",
            (channel_id, message_id, alert_id),
        )

    async def set_alert_status(self, alert_id: int, status: str, now: datetime) -> None:
        """Move an alert to acknowledged / resolved / escalated."""
        closed = iso(now) if status in ("resolved", "escalated") else None
        await self.db.execute(
            "UPDATE crisis_alerts SET status = ?, closed_at = COALESCE(?, closed_at) WHERE id = ?",
            (status, closed, alert_id),
        )

    async def set_check_in(self, alert_id: int, user_id: int) -> None:
        """The writer asked for someone to check in."""
        await self.db.execute("UPDATE crisis_alerts SET check_in_user_id = ? WHERE id = ?", (user_id, alert_id))

    async def claim_reping(self, alert_id: int, now: datetime) -> bool:
        """Mark an open alert as re-pinged; True only for the first caller (exactly once)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE crisis_alerts SET repinged_at = ? WHERE id = ? AND status = 'open' AND repinged_at IS NULL",
                (iso(now), alert_id),
            )
            return cursor.rowcount == 1

    async def alerts_awaiting_reping(self, guild_id: int) -> list[CrisisAlert]:
        """Posted alerts nobody has acknowledged and that have not been re-pinged yet."""
        rows = await self.db.fetchall(
            "SELECT * FROM crisis_alerts WHERE guild_id = ? AND status = 'open' AND repinged_at IS NULL"
            " AND alert_message_id IS NOT NULL",
            (guild_id,),
        )
        return [_alert(row) for row in rows]

    async def claim_escalation(self, alert_id: int, now: datetime) -> bool:
        """Mark an unacknowledged alert as escalated to the second role; True only for the first caller."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE crisis_alerts SET escalated_at = ? WHERE id = ? AND status = 'open' AND escalated_at IS NULL",
                (iso(now), alert_id),
            )
            return cursor.rowcount == 1

    async def alerts_awaiting_escalation(self, guild_id: int) -> list[CrisisAlert]:
        """Posted alerts nobody has acknowledged that have not been escalated yet."""
        rows = await self.db.fetchall(
            "SELECT * FROM crisis_alerts WHERE guild_id = ? AND status = 'open' AND escalated_at IS NULL"
            " AND alert_message_id IS NOT NULL",
            (guild_id,),
        )
        return [_alert(row) for row in rows]

    async def open_alerts_everywhere(self) -> dict[int, list[CrisisAlert]]:
        """Posted alerts still waiting for a re-ping or an escalation, for every server at once, by server.

        One query at start-up instead of two per server.
        """
        rows = await self.db.fetchall(
            "SELECT * FROM crisis_alerts WHERE status = 'open' AND alert_message_id IS NOT NULL"
            " AND (repinged_at IS NULL OR escalated_at IS NULL)"
        )
        out: dict[int, list[CrisisAlert]] = {}
        for row in rows:
            alert = _alert(row)
            out.setdefault(alert.guild_id, []).append(alert)
        return out

    # -- private-support cooldown ------------------------------------------------------------------------

    async def claim_support_dm(self, guild_id: int, user_id: int, now: datetime, cooldown: timedelta) -> str | None:
        """Claim the right to DM support now; returns the previous time ('' if none) or None if in cooldown."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT sent_at FROM crisis_dm_cooldowns WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            ) as cur:
                row = await cur.fetchone()
            if row is not None and now - from_iso(row[0]) < cooldown:
                return None
            # Compare and set: the write happens only if nobody claimed since the read (another process).
            if row is None:
                cursor = await conn.execute(
                    "INSERT INTO crisis_dm_cooldowns (guild_id, user_id, sent_at) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                    (guild_id, user_id, iso(now)),
                )
            else:
                cursor = await conn.execute(
                    "UPDATE crisis_dm_cooldowns SET sent_at = ? WHERE guild_id = ? AND user_id = ? AND sent_at = ?",
                    (iso(now), guild_id, user_id, row[0]),
                )
            if cursor.rowcount != 1:
                return None
            return row[0] if row is not None else ""

    async def release_support_dm(self, guild_id: int, user_id: int, previous: str) -> None:
        """Undo a claim whose DM could not be delivered."""
        if previous:
            await self.db.execute(
                "UPDATE crisis_dm_cooldowns SET sent_at = ? WHERE guild_id = ? AND user_id = ?",
                (previous, guild_id, user_id),
            )
        else:
            await self.db.execute(
                "DELETE FROM crisis_dm_cooldowns WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )

    # -- reports -----------------------------------------------------------------------------------------

    async def create_report(
        self,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        jump_url: str,
        author_id: int | None,
        anonymous_post_id: int | None,
        reporter_id: int,
        reason: str | None,
        snapshot: str | None,
        now: datetime,
    ) -> Report:
        """Store a new report."""
        report_id = await self.db.insert(
            "INSERT INTO reports (guild_id, channel_id, message_id, jump_url, author_id, anonymous_post_id,"
            " reporter_id, reason, snapshot, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                guild_id,
                channel_id,
                message_id,
                jump_url,
                author_id,
                anonymous_post_id,
                reporter_id,
                reason,
                snapshot,
                iso(now),
            ),
        )
        report = await self.report(guild_id, report_id)
        assert report is not None
        return report

    async def report(self, guild_id: int, report_id: int) -> Report | None:
        """One report of one server."""
        row = await self.db.fetchone("SELECT * FROM reports WHERE guild_id = ? AND id = ?", (guild_id, report_id))
        return _report(row) if row else None

    async def delete_report(self, report_id: int) -> None:
        """Forget a report whose incident could not be posted."""
        await self.db.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    async def set_report_message(self, report_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the incident was posted."""
        await self.db.execute(
            "UPDATE reports SET alert_channel_id = ?, alert_message_id = ? WHERE id = ?",
            (channel_id, message_id, report_id),
        )

    async def close_report(self, report_id: int, now: datetime) -> bool:
        """Mark a report handled; True the first time (so the reporter is told exactly once)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE reports SET status = 'handled', closed_at = ?, reporter_notified_at = ?"
                " WHERE id = ? AND reporter_notified_at IS NULL",
                (iso(now), iso(now), report_id),
            )
            return cursor.rowcount == 1

    # -- button history ----------------------------------------------------------------------------------

    async def record_event(
        self,
        guild_id: int,
        subject: Subject,
        subject_id: int,
        action: str,
        actor_id: int,
        now: datetime,
        detail: str | None = None,
    ) -> None:
        """Record one moderator (or writer) action on an alert or report."""
        await self.db.execute(
            "INSERT INTO moderation_events (guild_id, subject, subject_id, action, actor_id, detail, at)"
            " VALUES (?,?,?,?,?,?,?)",
            (guild_id, subject, subject_id, action, actor_id, detail, iso(now)),
        )

    async def events(self, subject: Subject, subject_id: int) -> list[ModerationEvent]:
        """Every recorded action on an alert or report, oldest first."""
        rows = await self.db.fetchall(
            "SELECT action, actor_id, detail, at FROM moderation_events WHERE subject = ? AND subject_id = ?"
            " ORDER BY id",
            (subject, subject_id),
        )
        return [ModerationEvent(action=r[0], actor_id=r[1], detail=r[2], at=from_iso(r[3])) for r in rows]

    # -- infractions -------------------------------------------------------------------------------------

    async def add_infraction(
        self,
        *,
        guild_id: int,
        user_id: int,
        moderator_id: int,
        kind: str,
        reason: str | None,
        duration_seconds: int | None,
        now: datetime,
        report_id: int | None = None,
    ) -> Infraction:
        """Record a warning, timeout, lifted timeout or note."""
        row_id = await self.db.insert(
            "INSERT INTO infractions (guild_id, user_id, moderator_id, kind, reason, duration_seconds, report_id,"
            " created_at) VALUES (?,?,?,?,?,?,?,?)",
            (guild_id, user_id, moderator_id, kind, reason, duration_seconds, report_id, iso(now)),
        )
        row = await self.db.fetchone("SELECT * FROM infractions WHERE id = ?", (row_id,))
        assert row is not None
        return _infraction(row)

    async def infractions(self, guild_id: int, user_id: int) -> list[Infraction]:
        """A member's history in one server, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM infractions WHERE guild_id = ? AND user_id = ? ORDER BY id DESC", (guild_id, user_id)
        )
        return [_infraction(row) for row in rows]

    # -- retention ---------------------------------------------------------------------------------------

    async def delete_resolved_before(self, cutoff: datetime, guild_id: int | None = None) -> int:
        """Delete closed reports and alerts (with their snapshots and history) closed before `cutoff`."""
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        deleted = 0
        async with self.db.transaction() as conn:
            for table, subject in (("reports", "report"), ("crisis_alerts", "alert")):
                where = f"closed_at IS NOT NULL AND closed_at < ?{scope}"
                await conn.execute(
                    f"DELETE FROM moderation_events WHERE subject = ? AND subject_id IN"
                    f" (SELECT id FROM {table} WHERE {where})",
                    (subject, iso(cutoff), *params),
                )
                cursor = await conn.execute(f"DELETE FROM {table} WHERE {where}", (iso(cutoff), *params))
                deleted += cursor.rowcount
        return deleted

    # -- member data -------------------------------------------------------------------------------------

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """What is held about a person: infractions, reports they made or that are about them, alerts."""
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        infractions = await self.db.fetchall(
            f"SELECT guild_id, kind, reason, duration_seconds, created_at FROM infractions WHERE user_id = ?{scope}",
            (user_id, *params),
        )
        made = await self.db.fetchall(
            f"SELECT guild_id, jump_url, reason, status, created_at FROM reports WHERE reporter_id = ?{scope}",
            (user_id, *params),
        )
        about = await self.db.fetchall(
            f"SELECT guild_id, jump_url, snapshot, status, created_at FROM reports WHERE author_id = ?{scope}",
            (user_id, *params),
        )
        alerts = await self.db.fetchall(
            f"SELECT guild_id, level, jump_url, status, created_at FROM crisis_alerts"
            f" WHERE (writer_id = ? OR check_in_user_id = ?){scope}",
            (user_id, user_id, *params),
        )
        cooldowns = await self.db.fetchall(
            f"SELECT guild_id, sent_at FROM crisis_dm_cooldowns WHERE user_id = ?{scope}", (user_id, *params)
        )
        handled = await self.db.fetchall(
            f"SELECT guild_id, subject, subject_id, action, at FROM moderation_events WHERE actor_id = ?{scope}",
            (user_id, *params),
        )
        given = await self.db.fetchall(
            f"SELECT guild_id, kind, duration_seconds, created_at FROM infractions WHERE moderator_id = ?{scope}",
            (user_id, *params),
        )
        return {
            "infractions": [dict(r) for r in infractions],
            "reports_you_made": [dict(r) for r in made],
            "reports_about_your_messages": [dict(r) for r in about],
            "support_alerts": [dict(r) for r in alerts],
            "support_messages_sent": [dict(r) for r in cooldowns],
            "alerts_and_reports_you_handled": [dict(r) for r in handled],
            "moderation_actions_you_took": [dict(r) for r in given],
        }

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """Delete the person's rows; infractions are kept where the server chose to keep them."""
        scope, params = ("", ()) if guild_id is None else (" AND guild_id = ?", (guild_id,))
        await conn.execute(f"DELETE FROM crisis_dm_cooldowns WHERE user_id = ?{scope}", (user_id, *params))
        # Who handled an alert or report is a moderator record: it stays, unlinked from the person (0).
        await conn.execute(f"UPDATE moderation_events SET actor_id = 0 WHERE actor_id = ?{scope}", (user_id, *params))
        await conn.execute(f"UPDATE infractions SET moderator_id = 0 WHERE moderator_id = ?{scope}", (user_id, *params))
        await conn.execute(f"UPDATE crisis_alerts SET writer_id = NULL WHERE writer_id = ?{scope}", (user_id, *params))
        await conn.execute(
            f"UPDATE crisis_alerts SET check_in_user_id = NULL WHERE check_in_user_id = ?{scope}", (user_id, *params)
        )
        await conn.execute(f"UPDATE reports SET reporter_id = NULL WHERE reporter_id = ?{scope}", (user_id, *params))
        await conn.execute(
            f"UPDATE reports SET snapshot = NULL, author_id = NULL WHERE author_id = ?{scope}", (user_id, *params)
        )
        async with conn.execute(
            f"SELECT DISTINCT guild_id FROM infractions WHERE user_id = ?{scope}", (user_id, *params)
        ) as cur:
            guilds = [row[0] for row in await cur.fetchall()]
        for gid in guilds:
            if not await self._keep_infractions(gid):
                await conn.execute("DELETE FROM infractions WHERE guild_id = ? AND user_id = ?", (gid, user_id))

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Delete every moderation row of one server."""
        for table in self.tables:
            await conn.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))
