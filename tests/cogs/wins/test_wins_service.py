"""Wins decisions: safety checks, the gentle rhythm, ISO weeks and who the digest may name."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cogs.wins import service
from cogs.wins.store import Win


def make_win(
    win_id: int, *, user_id: int | None, pseudonym: str | None = None, opted: bool = False, cheers: int = 0
) -> Win:
    return Win(
        id=win_id,
        guild_id=1,
        user_id=user_id,
        anonymous=user_id is None,
        pseudonym=pseudonym,
        show_in_digest=opted,
        text=f"win {win_id}",
        channel_id=1,
        message_id=1,
        created_at=datetime(2026, 1, 2, tzinfo=UTC),
        celebrations=cheers,
    )


def test_win_check_neutralises_mentions_and_spots_crisis_language() -> None:
    checked = service.check_win("@everyone I did it")
    assert "@everyone" not in checked.text and checked.check.ok and not checked.assessment.is_crisis
    assert service.check_win("I want to kill myself").assessment.is_crisis
    assert service.check_win("x" * 1001).too_long


def test_rhythm_counts_days_not_posts_in_the_members_zone() -> None:
    now = datetime(2026, 1, 10, 12, tzinfo=UTC)
    moments = [
        datetime(2026, 1, 10, 1, tzinfo=UTC),
        datetime(2026, 1, 10, 2, tzinfo=UTC),
        datetime(2026, 1, 4, 12, tzinfo=UTC),
        datetime(2026, 1, 2, 12, tzinfo=UTC),
        datetime(2025, 12, 31, 12, tzinfo=UTC),
    ]
    rhythm = service.rhythm(moments, now, "UTC")
    assert (rhythm.days_this_month, rhythm.last_seven) == (3, 2)
    # In New York the two early wins on the 10th fall on the 9th.
    assert service.rhythm(moments, now, "America/New_York").last_seven == 2


def test_iso_week_label() -> None:
    assert service.iso_week(date(2026, 1, 4)) == "2026-W01"
    assert service.iso_week(date(2027, 1, 1)) == "2026-W53"


def test_digest_highlights_only_anonymous_and_opted_in_wins() -> None:
    wins = [
        make_win(1, user_id=10),
        make_win(2, user_id=None, pseudonym="Willow 3F", cheers=2),
        make_win(3, user_id=11, opted=True),
        make_win(4, user_id=12, opted=True),
    ]
    chosen = service.highlights(wins, {10: "bob", 11: "alice"})
    shown = [item.shown_as for item in chosen]
    assert shown == ["Willow 3F", "alice"]  # 12 left the server: not named; bob never opted in
