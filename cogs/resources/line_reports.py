"""'This number didn't work': what to count, what to tell the operator, and what `hearth content stale` lists.

No discord.py here. Who pressed is never stored: a repeat press by the same person within a day is
recognised by a keyed hash held in memory only (gone at restart), so one person cannot inflate a count.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cogs.resources.content import (
    FAIL_AFTER_MONTHS,
    WARN_AFTER_MONTHS,
    Confidence,
    CrisisLine,
    CrisisLinesFile,
    stale_lines,
)
from cogs.resources.report_store import LineReportCount, LineReportStore

log = logging.getLogger(__name__)

REPEAT_WINDOW = timedelta(hours=24)
MEMORY_LIMIT = 10_000  # presses remembered at most; the oldest are forgotten first


class LineReports:
    """Counts presses of "This number didn't work" per line, once per person per line per day."""

    def __init__(self, store: LineReportStore, secret: bytes, clock: Callable[[], datetime]) -> None:
        self.store = store
        self._secret = secret
        self._clock = clock
        self._recent: dict[tuple[str, str, str], datetime] = {}

    def _presser(self, user_id: int) -> str:
        return hmac.new(self._secret, f"line-report:{user_id}".encode(), hashlib.sha256).hexdigest()

    def _forget_old(self, now: datetime) -> None:
        for key, when in list(self._recent.items()):
            if now - when >= REPEAT_WINDOW:
                del self._recent[key]
        while len(self._recent) >= MEMORY_LIMIT:
            del self._recent[next(iter(self._recent))]

    def claim(self, user_id: int, country: str, line: CrisisLine) -> bool:
        """True the first time this person reports this line within a day (nothing is written yet)."""
        now = self._clock()
        self._forget_old(now)
        key = (self._presser(user_id), country, line.key)
        if key in self._recent:
            return False
        self._recent[key] = now
        return True

    async def record(self, country: str, line: CrisisLine) -> int:
        """Count one report of a claimed press; return the line's reports since it was last checked."""
        now = self._clock()
        await self.store.record(country, line.key, line.service, now.date())
        # Counted since the line was last checked (a report dated before that was about an older entry).
        total = await self.store.count_since(country, line.key, min(line.checked, now.date()))
        log.warning(
            "a member reported a crisis line as not working: %s %r (%d report(s) since it was checked on %s)",
            country,
            line.service,
            total,
            line.checked.isoformat(),
        )
        return total


@dataclass(frozen=True)
class ReportedLine:
    """A listed line members said didn't work since it was last checked."""

    country: str
    line: CrisisLine
    reports: int
    last_day: date


def reported_lines(crisis: CrisisLinesFile, counts: list[LineReportCount]) -> list[ReportedLine]:
    """Lines still listed with reports on or after the day they were last checked, most reported first."""
    found: list[ReportedLine] = []
    for country in crisis.countries:
        for line in country.lines:
            days = [c for c in counts if c.country == country.code and c.line_key == line.key and c.day >= line.checked]
            if days:
                found.append(ReportedLine(country.code, line, sum(c.reports for c in days), max(c.day for c in days)))
    return sorted(found, key=lambda r: (-r.reports, r.country, r.line.service))


def recheck_list(crisis: CrisisLinesFile, counts: list[LineReportCount] | None, today: date) -> list[str]:
    """What the operator should re-check, as lines of text for `hearth content stale`."""
    out: list[str] = []
    stale = stale_lines(crisis, today)
    out.append(f"Crisis lines checked more than {WARN_AFTER_MONTHS} months before {today.isoformat()}:")
    for item in stale:
        mark = f"OVERDUE (over {FAIL_AFTER_MONTHS} months: content check fails)" if item.overdue else "due"
        out.append(
            f"  {item.country} {item.line.service}: checked {item.line.checked.isoformat()} "
            f"({item.months} months ago), {mark}; {item.line.confidence.value} source {item.line.source}"
        )
    if not stale:
        out.append("  none")
    out.append("Reported by members as not working since they were last checked:")
    if counts is None:
        out.append("  (no database found: reports are not known here)")
    else:
        reported = reported_lines(crisis, counts)
        for report in reported:
            out.append(
                f"  {report.country} {report.line.service}: {report.reports} report(s), the last on "
                f"{report.last_day.isoformat()}; checked {report.line.checked.isoformat()}, source {report.line.source}"
            )
        if not reported:
            out.append("  none")
    secondary = [
        (country.code, line)
        for country in crisis.countries
        for line in country.lines
        if line.confidence is Confidence.SECONDARY
    ]
    out.append("Secondary sources (confirm on the service's own or a government page when you can):")
    for code, line in secondary:
        out.append(f"  {code} {line.service}: checked {line.checked.isoformat()}, source {line.source}")
    if not secondary:
        out.append("  none")
    return out
