"""Counts of "This number didn't work" per crisis line and day: no person, no server, just the line."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from bot.core.db import Database

TABLE = "crisis_line_reports"


class LineReportCount(BaseModel):
    """How many reports one line had on one day."""

    country: str
    line_key: str
    service: str
    day: date
    reports: int


class LineReportStore:
    """The operator's tally of lines members said didn't work (it survives restarts)."""

    tables = (TABLE,)

    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(self, country: str, line_key: str, service: str, day: date) -> None:
        """Count one report for a line on a day."""
        await self.db.execute(
            f"INSERT INTO {TABLE} (country, line_key, service, day, reports) VALUES (?, ?, ?, ?, 1) "
            f"ON CONFLICT (country, line_key, day) DO UPDATE SET reports = {TABLE}.reports + 1, "
            "service = excluded.service",
            (country, line_key, service, day.isoformat()),
        )

    async def count_since(self, country: str, line_key: str, since: date) -> int:
        """Reports for a line on or after a day (e.g. since it was last checked)."""
        row = await self.db.fetchone(
            f"SELECT COALESCE(SUM(reports), 0) FROM {TABLE} WHERE country = ? AND line_key = ? AND day >= ?",
            (country, line_key, since.isoformat()),
        )
        return int(row[0]) if row else 0

    async def all_counts(self) -> list[LineReportCount]:
        """Every day's count, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT country, line_key, service, day, reports FROM {TABLE} ORDER BY day, country, line_key"
        )
        return [
            LineReportCount(
                country=row["country"],
                line_key=row["line_key"],
                service=row["service"],
                day=date.fromisoformat(row["day"]),
                reports=row["reports"],
            )
            for row in rows
        ]
