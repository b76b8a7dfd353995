"""The spam guard's rules on their own: thresholds, windows and bounded memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cogs.spamguard.service import Limits, SpamReason, SpamTracker, normalise_for_repeats

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _send(
    tracker: SpamTracker,
    text: str,
    *,
    at: datetime,
    channel: int = 1,
    message: int = 0,
    user: int = 7,
    mentions: int = 0,
) -> SpamReason | None:
    verdict = tracker.check(1, user, channel_id=channel, message_id=message, text=text, mention_count=mentions, now=at)
    return verdict.reason if verdict else None


def test_repeats_count_only_inside_the_window() -> None:
    tracker = SpamTracker()
    assert _send(tracker, "hello", at=T0) is None
    assert _send(tracker, "hello", at=T0 + timedelta(seconds=30)) is None
    assert _send(tracker, "hello", at=T0 + timedelta(seconds=95)) is None  # the first fell out of 60 s
    assert _send(tracker, "hello", at=T0 + timedelta(seconds=100)) is None  # two inside the last minute
    assert _send(tracker, "hello", at=T0 + timedelta(seconds=110)) is SpamReason.REPEATED


def test_trivial_variations_still_match() -> None:
    assert normalise_for_repeats("Buy\u200b  NOW ") == normalise_for_repeats("buy now")


def test_four_mentions_pass_and_five_do_not() -> None:
    tracker = SpamTracker()
    assert _send(tracker, "hi all", at=T0, mentions=4) is None
    assert _send(tracker, "hi all", at=T0, mentions=5) is SpamReason.MASS_MENTIONS


def test_everyone_and_here_are_caught_in_any_case() -> None:
    tracker = SpamTracker()
    assert _send(tracker, "hey @HERE look", at=T0) is SpamReason.EVERYONE
    assert _send(tracker, "mail me at me@everyoneclub", at=T0) is None


def test_members_are_tracked_separately_and_memory_is_bounded() -> None:
    tracker = SpamTracker(Limits(members=100, per_member=5))
    for user in range(1000):
        _send(tracker, "same words", at=T0, user=user)
    assert len(tracker) == 100
    assert _send(tracker, "same words", at=T0, user=999) is None  # only two from this member so far
    assert _send(tracker, "same words", at=T0, user=999) is SpamReason.REPEATED


def test_a_verdict_lists_every_repeated_message_to_remove() -> None:
    tracker = SpamTracker()
    for message in range(1, 3):
        _send(tracker, "spam", at=T0, channel=message, message=message)
    verdict = tracker.check(1, 7, channel_id=3, message_id=3, text="spam", mention_count=0, now=T0)
    assert verdict is not None
    assert verdict.messages == ((1, 1), (2, 2), (3, 3))
    assert verdict.channels == (1, 2, 3)
