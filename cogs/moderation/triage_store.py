"""Read-only queries for triage: the open queue, and the incidents the team's figures count."""

from __future__ import annotations

from datetime import datetime

from bot.core.clock import from_iso, iso
from bot.core.db import Database
from cogs.moderation.store import CrisisAlert, ModerationEvent, Report, Subject, _alert, _report


class TriageRepository:
    """Reads `crisis_alerts`, `reports` and `moderation_events` for the queue and the figures (writes nothing)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def open_alerts(self, guild_id: int) -> list[CrisisAlert]:
        """Alerts still needing the team: open or acknowledged (not yet resolved or escalated)."""
        rows = await self.db.fetchall(
            "SELECT * FROM crisis_alerts WHERE guild_id = ? AND status IN ('open', 'acknowledged')"
            " AND alert_message_id IS NOT NULL",
            (guild_id,),
        )
        return [_alert(row) for row in rows]

    async def open_reports(self, guild_id: int) -> list[Report]:
        """Reports nobody has handled yet."""
        rows = await self.db.fetchall(
            "SELECT * FROM reports WHERE guild_id = ? AND status = 'open' AND alert_message_id IS NOT NULL",
            (guild_id,),
        )
        return [_report(row) for row in rows]

    async def incidents_since(self, guild_id: int, since: datetime) -> tuple[list[CrisisAlert], list[Report]]:
        """Every posted alert and report of a server created since `since` (for the figures)."""
        alerts = await self.db.fetchall(
            "SELECT * FROM crisis_alerts WHERE guild_id = ? AND created_at >= ? AND alert_message_id IS NOT NULL",
            (guild_id, iso(since)),
        )
        reports = await self.db.fetchall(
            "SELECT * FROM reports WHERE guild_id = ? AND created_at >= ? AND alert_message_id IS NOT NULL",
            (guild_id, iso(since)),
        )
        return [_alert(row) for row in alerts], [_report(row) for row in reports]

    async def events_for(self, guild_id: int, subject: Subject, ids: list[int]) -> dict[int, list[ModerationEvent]]:
        """The history of many alerts or reports at once, oldest first, by id."""
        found: dict[int, list[ModerationEvent]] = {i: [] for i in ids}
        if not ids:
            return found
        marks = ",".join("?" for _ in ids)
        rows = await self.db.fetchall(
            f"SELECT subject_id, action, actor_id, detail, at FROM moderation_events WHERE guild_id = ?"
            f" AND subject = ? AND subject_id IN ({marks}) ORDER BY id",
            (guild_id, subject, *ids),
        )
        for r in rows:
            found[r[0]].append(ModerationEvent(action=r[1], actor_id=r[2], detail=r[3], at=from_iso(r[4])))
        return found
