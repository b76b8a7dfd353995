"""Triage decisions (no discord.py): how risky each open item is, the queue's order, and the team's figures."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from cogs.moderation.store import CrisisAlert, ModerationEvent, Report

Kind = Literal["alert", "report"]

# Risk, highest first. A crisis alert that names a plan, a method, a goodbye or harm to others comes first;
# someone who asked for a person to reach out is next to it; concern-level language and reports follow.
_CATEGORY_RISK = {
    "plan_or_method": 40,
    "finality": 40,
    "harm_to_others": 40,
    "active_ideation": 30,
    "self_harm": 20,
    "passive_ideation": 10,
}
_LEVEL_RISK = {"crisis": 300, "concern": 100}
ASKED_FOR_SOMEONE = 25
REPORT_RISK = 50
HANDLED_ACTIONS = frozenset(
    {
        "acknowledge",
        "resolve",
        "escalate",
        "claim",
        "dismiss",
        "delete",
        "delete_gone",
        "warn",
        "timeout",
        "remove",
        "block",
    }
)


@dataclass(frozen=True)
class QueueItem:
    """One open alert or report as the queue shows it."""

    kind: Kind
    id: int
    risk: int
    level: str  # crisis | concern | report
    categories: tuple[str, ...]
    waiting_since: datetime
    claimed_by: int | None
    link: str | None
    asked_for_someone: bool = False
    escalated: bool = False  # the second role was pinged because nobody acknowledged it


def alert_risk(alert: CrisisAlert) -> int:
    """How urgent an alert is: its level, its most serious category, and whether the writer asked for someone."""
    risk = _LEVEL_RISK.get(alert.level, 100)
    risk += max((_CATEGORY_RISK.get(c, 0) for c in alert.categories), default=0)
    if alert.check_in_user_id is not None or alert.source == "checkin_reach_out":
        risk += ASKED_FOR_SOMEONE
    return risk


def claimer(events: Sequence[ModerationEvent]) -> int | None:
    """Who took the item on: the latest claim or acknowledgement."""
    for event in reversed(events):
        if event.action in ("claim", "acknowledge"):
            return event.actor_id
    return None


def alert_item(alert: CrisisAlert, events: Sequence[ModerationEvent], link: str | None) -> QueueItem:
    """An open alert as a queue item."""
    return QueueItem(
        kind="alert",
        id=alert.id,
        risk=alert_risk(alert),
        level=alert.level,
        categories=tuple(alert.categories),
        waiting_since=alert.created_at,
        claimed_by=claimer(events),
        link=link,
        asked_for_someone=alert.check_in_user_id is not None or alert.source == "checkin_reach_out",
        escalated=alert.escalated_at is not None,
    )


def report_item(report: Report, events: Sequence[ModerationEvent], link: str | None) -> QueueItem:
    """An open report as a queue item."""
    return QueueItem(
        kind="report",
        id=report.id,
        risk=REPORT_RISK,
        level="report",
        categories=(),
        waiting_since=report.created_at,
        claimed_by=claimer(events),
        link=link,
    )


def ordered(items: Iterable[QueueItem]) -> list[QueueItem]:
    """Highest risk first; equal risk, the one waiting longest first; then by id so the order is stable."""
    return sorted(items, key=lambda item: (-item.risk, item.waiting_since, item.kind, item.id))


def waited(since: datetime, now: datetime) -> str:
    """'4 min', '2 h 05 min', '3 d 4 h': how long an item has waited."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


# -- figures ---------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.5 = median, 0.9 = 90th); None for no values."""
    if not values:
        return None
    ranked = sorted(values)
    rank = max(1, math.ceil(share * len(ranked)))
    return ranked[rank - 1]


def first_handled(events: Sequence[ModerationEvent]) -> datetime | None:
    """When someone on the team first acted on an item (acknowledged, claimed, resolved, dismissed...)."""
    times = [e.at for e in events if e.action in HANDLED_ACTIONS]
    return min(times) if times else None


@dataclass(frozen=True)
class Incident:
    """What the figures need about one alert or report: counts and times only, never who."""

    kind: Kind
    created_at: datetime
    acknowledged_at: datetime | None
    escalated: bool = False


@dataclass(frozen=True)
class WeekFigures:
    """One week's figures."""

    week_of: date  # the Monday, in the server's timezone
    alerts: int
    reports: int
    acknowledged: int
    waiting: int  # not acknowledged yet
    median_minutes: float | None
    p90_minutes: float | None
    escalated: int


def week_start(moment: datetime, zone: str) -> date:
    """The Monday of the week a moment falls in, in the server's timezone."""
    local = moment.astimezone(ZoneInfo(zone)).date()
    return local - timedelta(days=local.weekday())


def weekly_figures(incidents: Iterable[Incident], zone: str, now: datetime, weeks: int = 8) -> list[WeekFigures]:
    """Per week, newest first, for the last `weeks` weeks (empty weeks included so gaps are visible)."""
    current = week_start(now, zone)
    starts = [current - timedelta(weeks=i) for i in range(weeks)]
    buckets: dict[date, list[Incident]] = {start: [] for start in starts}
    for incident in incidents:
        start = week_start(incident.created_at, zone)
        if start in buckets:
            buckets[start].append(incident)
    figures = []
    for start in starts:
        group = buckets[start]
        minutes = [
            (i.acknowledged_at - i.created_at).total_seconds() / 60 for i in group if i.acknowledged_at is not None
        ]
        figures.append(
            WeekFigures(
                week_of=start,
                alerts=sum(1 for i in group if i.kind == "alert"),
                reports=sum(1 for i in group if i.kind == "report"),
                acknowledged=len(minutes),
                waiting=sum(1 for i in group if i.acknowledged_at is None),
                median_minutes=percentile(minutes, 0.5),
                p90_minutes=percentile(minutes, 0.9),
                escalated=sum(1 for i in group if i.escalated),
            )
        )
    return figures
