"""Decisions about wins: what may be posted, a gentle personal rhythm, and the weekly digest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cogs.safety.api import Assessment, TextCheck, assess, check_text
from cogs.wins.store import Win

MAX_WIN_LENGTH = 1000
HIGHLIGHT_LENGTH = 160
MAX_HIGHLIGHTS = 3


@dataclass(frozen=True)
class WinCheck:
    """A win after the safety service looked at it."""

    text: str  # mentions neutralised
    check: TextCheck
    assessment: Assessment

    @property
    def too_long(self) -> bool:
        """More than a win post can hold."""
        return len(self.text) > MAX_WIN_LENGTH


def check_win(raw: str) -> WinCheck:
    """Run a win through the safety service (mentions, contact details, crisis language)."""
    text = raw.strip()
    check = check_text(text)
    return WinCheck(check.text, check, assess(text))


@dataclass(frozen=True)
class Rhythm:
    """A gentle picture of someone's wins: no streak that can break."""

    days_this_month: int
    last_seven: int


def rhythm(moments: Iterable[datetime], now: datetime, zone: str) -> Rhythm:
    """Days this month with a win, and how many of the last 7 days (today included) had one."""
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    days = {moment.astimezone(tz).date() for moment in moments}
    month = sum(1 for day in days if (day.year, day.month) == (today.year, today.month) and day <= today)
    week = sum(1 for day in days if today - timedelta(days=6) <= day <= today)
    return Rhythm(month, week)


def iso_week(day: date) -> str:
    """The ISO week a digest belongs to, e.g. '2026-W02'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Highlight:
    """One win shown in the digest, under a pseudonym or a name its author chose to show."""

    shown_as: str
    text: str


def highlights(wins: list[Win], names: dict[int, str]) -> list[Highlight]:
    """Anonymous wins (by pseudonym) and wins whose author opted in (by name); never anyone else."""
    chosen: list[Highlight] = []
    for win in sorted(wins, key=lambda w: (-w.celebrations, w.created_at)):
        if win.anonymous and win.pseudonym:
            shown = win.pseudonym
        elif win.show_in_digest and win.user_id is not None and win.user_id in names:
            shown = names[win.user_id]
        else:
            continue
        text = win.text if len(win.text) <= HIGHLIGHT_LENGTH else win.text[: HIGHLIGHT_LENGTH - 1] + "…"
        chosen.append(Highlight(shown, text))
        if len(chosen) == MAX_HIGHLIGHTS:
            break
    return chosen
