"""Counter arithmetic: the member's own dates, DST, slips, milestones, names and start dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cogs.counters import service
from cogs.counters.service import CounterInputError


def test_days_are_counted_in_the_members_zone_across_a_dst_change() -> None:
    # Berlin springs forward on 2026-03-29; the day count must not drift.
    start = date(2026, 3, 27)
    just_after_midnight = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)  # 00:30 on the 30th in Berlin (CEST)
    today = service.local_today(just_after_midnight, "Europe/Berlin")
    assert today == date(2026, 3, 30)
    assert service.status(start, [], today).days_since_start == 3
    assert service.local_today(just_after_midnight, "America/New_York") == date(2026, 3, 29)


def test_a_slip_keeps_the_journey_and_restarts_only_the_second_number() -> None:
    now = service.status(date(2026, 1, 1), [date(2026, 1, 10), date(2026, 1, 5)], date(2026, 1, 12))
    assert (now.days_since_start, now.days_since_slip, now.slips, now.next_milestone) == (11, 2, 2, 14)


def test_milestone_is_due_only_on_its_day_after_local_morning() -> None:
    start = date(2026, 1, 1)
    assert service.milestone_due(start, datetime(2026, 1, 8, 7, 59, tzinfo=UTC), "UTC") is None
    assert service.milestone_due(start, datetime(2026, 1, 8, 9, 0, tzinfo=UTC), "UTC") == (7, date(2026, 1, 8))
    assert service.milestone_due(start, datetime(2026, 1, 9, 12, 0, tzinfo=UTC), "UTC") is None
    # 09:00 in Tokyo is 00:00 UTC
    assert service.milestone_due(start, datetime(2026, 1, 8, 0, 5, tzinfo=UTC), "Asia/Tokyo") == (7, date(2026, 1, 8))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2026-02-01", "in the future"),
        ("1969-07-20", "1970 or later"),
        ("31/12/2025", "write it like"),
        ("2025-13-01", "real calendar date"),
    ],
)
def test_bad_start_dates_are_refused(raw: str, message: str) -> None:
    with pytest.raises(CounterInputError, match=message):
        service.parse_start(raw, date(2026, 1, 15))


def test_start_defaults_to_today_and_accepts_the_past() -> None:
    assert service.parse_start(None, date(2026, 1, 15)) == date(2026, 1, 15)
    assert service.parse_start(" 1970-01-01 ", date(2026, 1, 15)) == date(1970, 1, 1)


def test_names_match_ignoring_case_and_suggest_the_closest() -> None:
    names = ["no contact", "not checking their profile"]
    assert service.find("No  Contact", names) == "no contact"
    assert service.find("contact", names) is None
    assert service.closest("not cheking profile", names) == "not checking their profile"
    assert service.closest("gym", names) is None
    with pytest.raises(CounterInputError):
        service.clean_name("   ")


def test_next_milestone_moment_is_the_local_morning_across_a_dst_change() -> None:
    started = date(2026, 3, 1)  # day 7 is 2026-03-08, the US spring-forward day; day 3 has passed
    moment = service.next_milestone_moment(started, datetime(2026, 3, 5, tzinfo=UTC), "America/New_York")
    assert moment is not None
    assert moment.astimezone(UTC) == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # 09:00 EDT
    after = service.next_milestone_moment(started, datetime(2026, 3, 8, 13, 0, tzinfo=UTC), "America/New_York")
    assert after is not None and after.date() == date(2026, 3, 15)
    assert service.next_milestone_moment(date(2020, 1, 1), datetime(2026, 1, 1, tzinfo=UTC), "UTC") is None
