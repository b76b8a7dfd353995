"""Triage units: risk order, wait times, percentiles and the weekly figures on a seeded history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from cogs.moderation import triage
from cogs.moderation.store import CrisisAlert, ModerationEvent
from cogs.moderation.triage import Incident, QueueItem

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def alert(level: str, categories: list[str], *, source: str = "message", asked: bool = False) -> CrisisAlert:
    return CrisisAlert(
        id=1,
        guild_id=1,
        source=source,
        level=level,
        categories=categories,
        channel_id=None,
        message_id=None,
        jump_url=None,
        writer_id=None,
        anonymous_post_id=None,
        alert_channel_id=None,
        alert_message_id=None,
        status="open",
        check_in_user_id=5 if asked else None,
        repinged_at=None,
        closed_at=None,
        created_at=T0,
    )


def test_risk_puts_plans_first_then_asking_for_someone_then_passive_then_concern_then_reports() -> None:
    plan = triage.alert_risk(alert("crisis", ["active_ideation", "plan_or_method"]))
    asked = triage.alert_risk(alert("crisis", ["passive_ideation"], asked=True))
    passive = triage.alert_risk(alert("crisis", ["passive_ideation"]))
    concern = triage.alert_risk(alert("concern", ["passive_ideation"]))
    reach_out = triage.alert_risk(alert("crisis", [], source="checkin_reach_out"))
    assert plan > asked > passive > concern > triage.REPORT_RISK
    assert reach_out > triage.alert_risk(alert("crisis", []))


items = st.builds(
    QueueItem,
    kind=st.sampled_from(["alert", "report"]),
    id=st.integers(min_value=1, max_value=10_000),
    risk=st.sampled_from([50, 100, 110, 300, 310, 335, 340, 375]),
    level=st.just("crisis"),
    categories=st.just(()),
    waiting_since=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 2, 1), timezones=st.just(UTC)),
    claimed_by=st.none(),
    link=st.none(),
)


@given(st.lists(items, max_size=40))
def test_queue_is_highest_risk_first_then_longest_waiting(queue: list[QueueItem]) -> None:
    result = triage.ordered(queue)
    assert sorted(result, key=lambda i: (i.kind, i.id, i.risk, i.waiting_since)) == sorted(
        queue, key=lambda i: (i.kind, i.id, i.risk, i.waiting_since)
    )
    for before, after in pairwise(result):
        assert before.risk > after.risk or (before.risk == after.risk and before.waiting_since <= after.waiting_since)


def test_who_claimed_is_the_latest_claim_or_acknowledgement() -> None:
    events = [
        ModerationEvent(action="check_in", actor_id=9, detail=None, at=T0),
        ModerationEvent(action="acknowledge", actor_id=2, detail=None, at=T0),
        ModerationEvent(action="claim", actor_id=3, detail=None, at=T0),
    ]
    assert triage.claimer(events) == 3 and triage.claimer(events[:1]) is None
    assert triage.first_handled(events) == T0 and triage.first_handled(events[:1]) is None


def test_wait_times_read_plainly() -> None:
    assert triage.waited(T0, T0 + timedelta(minutes=4, seconds=59)) == "4 min"
    assert triage.waited(T0, T0 + timedelta(hours=2, minutes=5)) == "2 h 05 min"
    assert triage.waited(T0, T0 + timedelta(days=3, hours=4)) == "3 d 4 h"
    assert triage.waited(T0, T0 - timedelta(minutes=1)) == "0 min"


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=200))
def test_percentiles_are_values_from_the_data_in_order(values: list[float]) -> None:
    median = triage.percentile(values, 0.5)
    p90 = triage.percentile(values, 0.9)
    assert median in values and p90 in values and median is not None and p90 is not None
    assert min(values) <= median <= p90 <= max(values)
    assert sum(1 for v in values if v <= p90) >= 0.9 * len(values)


def test_weekly_figures_on_a_seeded_history() -> None:
    def at(days: float) -> datetime:
        return T0 + timedelta(days=days)

    history = [
        # this week: three alerts acknowledged after 2, 4 and 30 minutes, one report after 60, one alert waiting
        Incident("alert", at(0), at(0) + timedelta(minutes=2)),
        Incident("alert", at(1), at(1) + timedelta(minutes=4)),
        Incident("alert", at(2), at(2) + timedelta(minutes=30), escalated=True),
        Incident("report", at(2), at(2) + timedelta(minutes=60)),
        Incident("alert", at(3), None, escalated=True),
        # last week: one report, acknowledged after 10 minutes
        Incident("report", at(-3), at(-3) + timedelta(minutes=10)),
        # older than the window: not counted
        Incident("alert", at(-70), at(-70) + timedelta(minutes=1)),
    ]
    weeks = triage.weekly_figures(history, "UTC", at(4), weeks=8)
    assert len(weeks) == 8 and weeks[0].week_of == T0.date()
    this, last = weeks[0], weeks[1]
    assert (this.alerts, this.reports, this.acknowledged, this.waiting, this.escalated) == (4, 1, 4, 1, 2)
    assert this.median_minutes == 4 and this.p90_minutes == 60  # nearest rank of [2, 4, 30, 60]
    assert (last.alerts, last.reports, last.median_minutes, last.p90_minutes) == (0, 1, 10, 10)
    assert all(w.alerts == w.reports == 0 and w.median_minutes is None for w in weeks[2:])


def test_weeks_follow_the_servers_timezone() -> None:
    sunday_night_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already Monday in Berlin
    assert triage.week_start(sunday_night_utc, "UTC") == datetime(2026, 2, 23).date()
    assert triage.week_start(sunday_night_utc, "Europe/Berlin") == datetime(2026, 3, 2).date()
