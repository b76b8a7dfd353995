"""Counting 'This number didn't work': once per person per line per day, stored without a person, listed for re-checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.db import Database
from cogs.resources import line_reports
from cogs.resources.content import load_crisis_lines
from cogs.resources.line_reports import REPEAT_WINDOW, LineReports, recheck_list, reported_lines
from cogs.resources.report_store import LineReportCount, LineReportStore

CRISIS = load_crisis_lines(Path(__file__).resolve().parents[3] / "content")
US = next(country for country in CRISIS.countries if country.code == "US")
LIFELINE, TEXT_LINE = US.lines[0], US.lines[1]
ALICE, BOB = 1001, 1002


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2027, 3, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(tmp_path / "h.db")
    await database.open()
    await database.migrate()
    yield database
    await database.close()


async def test_one_person_counts_once_a_day_per_line_and_again_the_next_day(db: Database) -> None:
    clock = Clock()
    reports = LineReports(LineReportStore(db), b"secret", clock)
    assert reports.claim(ALICE, "US", LIFELINE)
    assert await reports.record("US", LIFELINE) == 1
    assert not reports.claim(ALICE, "US", LIFELINE)  # the same press again
    assert reports.claim(ALICE, "US", TEXT_LINE)  # another line is another report
    assert reports.claim(BOB, "US", LIFELINE)
    assert await reports.record("US", LIFELINE) == 2
    clock.now += REPEAT_WINDOW
    assert reports.claim(ALICE, "US", LIFELINE)
    assert await reports.record("US", LIFELINE) == 3
    rows = await LineReportStore(db).all_counts()
    assert [(row.day, row.reports) for row in rows] == [(date(2027, 3, 1), 2), (date(2027, 3, 2), 1)]


async def test_the_database_never_holds_who_pressed(db: Database) -> None:
    reports = LineReports(LineReportStore(db), b"secret", Clock())
    reports.claim(ALICE, "US", LIFELINE)
    await reports.record("US", LIFELINE)
    dump = "\n".join(str(tuple(row)) for row in await db.fetchall("SELECT * FROM crisis_line_reports"))
    assert str(ALICE) not in dump
    assert all(str(ALICE) not in key[0] for key in reports._recent)  # memory holds a keyed hash, not the id


async def test_memory_of_presses_is_bounded(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(line_reports, "MEMORY_LIMIT", 3)
    reports = LineReports(LineReportStore(db), b"secret", Clock())
    for user in range(10):
        assert reports.claim(user, "US", LIFELINE)
    assert len(reports._recent) <= 3


def test_reports_before_the_last_check_are_not_listed_and_removed_lines_are_dropped() -> None:
    counts = [
        LineReportCount(
            country="US", line_key=LIFELINE.key, service=LIFELINE.service, day=date(2026, 11, 1), reports=4
        ),
        LineReportCount(country="US", line_key=LIFELINE.key, service=LIFELINE.service, day=date(2027, 1, 5), reports=2),
        LineReportCount(country="PH", line_key="00000000", service="old line", day=date(2027, 1, 5), reports=9),
    ]
    [reported] = reported_lines(CRISIS, counts)
    assert (reported.country, reported.line.service, reported.reports) == ("US", LIFELINE.service, 2)
    assert reported.last_day == date(2027, 1, 5)


def test_the_recheck_list_on_a_controlled_date() -> None:
    today = date(2028, 1, 10)
    out = recheck_list(CRISIS, [], today)
    assert out[0] == "Crisis lines checked more than 12 months before 2028-01-10:"
    due = [line for line in out if ": checked 2026-12-02 (13 months ago), due;" in line]
    assert len(due) == sum(len(country.lines) for country in CRISIS.countries)
    assert not any("OVERDUE" in line for line in out)
    assert "Reported by members as not working since they were last checked:" in out
    assert out[out.index("Reported by members as not working since they were last checked:") + 1] == "  none"
    assert any("OVERDUE" in line for line in recheck_list(CRISIS, None, today + timedelta(days=366)))
    assert "  (no database found: reports are not known here)" in recheck_list(CRISIS, None, today)
