"""The spam guard's decisions: mass mentions and repeated identical messages, from bounded in-memory state."""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.db import Database
from bot.core.errors import UserFacingError
from cogs.spamguard import messages as words
from cogs.spamguard.store import SpamAction, SpamGuardRepository

__all__ = [
    "Limits",
    "RecentMessage",
    "SpamReason",
    "SpamTracker",
    "Verdict",
    "attempts_everyone",
    "normalise_for_repeats",
]

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_EVERYONE = re.compile(r"@(everyone|here)\b", re.IGNORECASE)


class SpamReason(StrEnum):
    """Why the guard acted."""

    MASS_MENTIONS = "mass_mentions"
    EVERYONE = "everyone"
    REPEATED = "repeated"


@dataclass(frozen=True)
class Limits:
    """Thresholds (defaults chosen to catch raids, not enthusiastic members)."""

    mentions: int = 5  # distinct users + roles in one message
    repeats: int = 3  # identical messages ...
    repeat_window: timedelta = timedelta(seconds=60)  # ... within this time
    channels: int = 3  # or the same text in this many channels ...
    channel_window: timedelta = timedelta(minutes=10)  # ... within this time
    min_repeat_length: int = 1
    per_member: int = 12  # recent messages kept per member
    members: int = 5000  # members tracked at once (least recently active dropped first)
    timeout: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class RecentMessage:
    """What the guard remembers about one message (in memory only)."""

    channel_id: int
    message_id: int
    text: str  # normalised
    at: datetime


@dataclass(frozen=True)
class Verdict:
    """The guard's decision: why, and which messages to remove."""

    reason: SpamReason
    messages: tuple[tuple[int, int], ...]  # (channel_id, message_id)
    channels: tuple[int, ...] = field(default=())


def normalise_for_repeats(text: str) -> str:
    """Casefolded text without zero-width characters or extra spaces, so trivial variations still match."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text).casefold()
    return _SPACES.sub(" ", text).strip()


def attempts_everyone(text: str) -> bool:
    """True if the text tries to ping @everyone or @here."""
    return _EVERYONE.search(text) is not None


class SpamTracker:
    """Per-member recent messages (bounded) and the rules that decide when to act."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._recent: OrderedDict[tuple[int, int], deque[RecentMessage]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._recent)

    def forget(self, guild_id: int, user_id: int) -> None:
        """Drop one member's state (after acting, so the same messages do not count twice)."""
        self._recent.pop((guild_id, user_id), None)

    def check(
        self,
        guild_id: int,
        user_id: int,
        *,
        channel_id: int,
        message_id: int,
        text: str,
        mention_count: int,
        now: datetime,
        repeats_allowed: bool = False,
    ) -> Verdict | None:
        """Record one message and decide whether the guard should act on it.

        `repeats_allowed` lets a message through the repetition rule (e.g. someone repeating a cry
        for help must never be timed out for it); mention rules still apply.
        """
        here = ((channel_id, message_id),)
        if attempts_everyone(text):
            return Verdict(SpamReason.EVERYONE, here, (channel_id,))
        if mention_count >= self.limits.mentions:
            return Verdict(SpamReason.MASS_MENTIONS, here, (channel_id,))
        normalised = normalise_for_repeats(text)
        if len(normalised) < self.limits.min_repeat_length:
            return None
        history = self._history(guild_id, user_id)
        oldest_kept = now - max(self.limits.repeat_window, self.limits.channel_window)
        while history and history[0].at < oldest_kept:
            history.popleft()
        history.append(RecentMessage(channel_id, message_id, normalised, now))
        if repeats_allowed:
            return None
        same = [m for m in history if m.text == normalised]
        in_window = [m for m in same if m.at >= now - self.limits.repeat_window]
        channels = {m.channel_id for m in same if m.at >= now - self.limits.channel_window}
        if len(in_window) >= self.limits.repeats or len(channels) >= self.limits.channels:
            chosen = same if len(channels) >= self.limits.channels else in_window
            return Verdict(
                SpamReason.REPEATED,
                tuple((m.channel_id, m.message_id) for m in chosen),
                tuple(sorted({m.channel_id for m in chosen})),
            )
        return None

    def _history(self, guild_id: int, user_id: int) -> deque[RecentMessage]:
        key = (guild_id, user_id)
        history = self._recent.get(key)
        if history is None:
            history = deque(maxlen=self.limits.per_member)
            self._recent[key] = history
            while len(self._recent) > self.limits.members:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        return history


def already_undone(moderator_id: int | None, when: datetime | None) -> str:
    """Why an action cannot be undone twice: who undid it, and when (a Discord relative timestamp)."""
    return words.UNDO_ALREADY.format(
        moderator=f"<@{moderator_id}>" if moderator_id else "a moderator",
        when=f"<t:{int(when.timestamp())}:R>" if when else "earlier",
    )


class SpamActions:
    """The spam guard's record of what it did, and the one undo each action allows (holds the store)."""

    def __init__(self, db: Database) -> None:
        self.repository = SpamGuardRepository(db)

    async def record(
        self, guild_id: int, user_id: int, reason: SpamReason, now: datetime, until: datetime | None, deleted: int
    ) -> int:
        """Record one automatic action; its id (the Undo button carries it)."""
        return await self.repository.record_action(guild_id, user_id, reason.value, now, until, deleted)

    async def alert_posted(self, action_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the moderators' alert for an action is."""
        await self.repository.set_alert(action_id, channel_id, message_id)

    async def undoable(self, guild_id: int, action_id: int) -> SpamAction:
        """The action a moderator wants to undo, or a UserFacingError if it is unknown or already undone."""
        action = await self.repository.get(guild_id, action_id)
        if action is None:
            raise UserFacingError(words.UNDO_UNKNOWN)
        if action.undone:
            raise UserFacingError(already_undone(action.undone_by, action.undone_at))
        return action

    async def mark_undone(self, guild_id: int, action_id: int, moderator_id: int, now: datetime) -> None:
        """Record the reversal, exactly once: a second moderator at the same moment is told who was first."""
        if not await self.repository.mark_undone(guild_id, action_id, moderator_id, now):
            fresh = await self.repository.get(guild_id, action_id)
            raise UserFacingError(
                already_undone(fresh.undone_by if fresh else None, fresh.undone_at if fresh else None)
            )
