"""Decisions about wins: what may be posted, a gentle personal rhythm, and the weekly digest."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.guild_settings import GuildSettings
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from bot.surface.replies import returned_text_block
from cogs.anonymous.api import AnonymityService
from cogs.counters.api import member_timezone
from cogs.safety.api import Assessment, TextCheck, assess, check_text
from cogs.wins import messages as words
from cogs.wins.content import CelebrationFile, CelebrationLine, pick_celebration
from cogs.wins.store import DigestCounts, OpenDigest, Win, WinsRepository

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


def with_text(message: str, text: str) -> str:
    """A refusal with the member's own text given back."""
    return f"{message}\n{common.TEXT_RETURNED}\n{returned_text_block(text)}"


@dataclass(frozen=True)
class WinToPost:
    """A stored win ready for the wins channel: its words, who it is shown as, and its celebration line."""

    win_id: int
    text: str
    pseudonym: str | None
    line: CelebrationLine


@dataclass(frozen=True)
class WeekInWins:
    """What a weekly digest is made of: the ISO week, its counts, and its wins."""

    week: str
    counts: DigestCounts
    wins: list[Win]


class WinsService:
    """Decides what happens to a /win and keeps the member's wins; the cog posts what it decides."""

    def __init__(
        self,
        db: Database,
        identity: AnonymityService,
        celebrations: Callable[[], CelebrationFile],
        clock: Clock,
        rng: random.Random | None = None,
        owner: str = "",
    ) -> None:
        self.repo = WinsRepository(db, identity.author_key, owner)
        self.db = db
        self.identity = identity
        self.celebrations = celebrations
        self.clock = clock
        self.rng = rng or random.Random()

    def check(self, settings: GuildSettings, text: str) -> WinCheck:
        """Refuse (with the text given back) a win that cannot be posted; crisis language is the caller's to handle."""
        if not settings.features.wins:
            raise UserFacingError(with_text(common.FEATURE_OFF.format(feature=words.WINS_FEATURE), text))
        if settings.channels.wins is None:
            raise UserFacingError(with_text(common.CHANNEL_NOT_SET.format(what=words.WINS_FEATURE), text))
        checked = check_win(text)
        if checked.too_long:
            raise UserFacingError(
                with_text(words.WIN_TOO_LONG.format(length=len(checked.text), limit=MAX_WIN_LENGTH), text)
            )
        if not checked.check.ok:
            reasons = "\n".join(f"• {problem.reason}" for problem in checked.check.problems)
            raise UserFacingError(with_text(f"{words.WIN_REFUSED}\n{reasons}", text))
        return checked

    async def store(
        self, guild_id: int, user_id: int, checked: WinCheck, *, anonymous: bool, show_in_digest: bool
    ) -> WinToPost:
        """Keep the win (under the member's pseudonym if anonymous) and choose its celebration line."""
        pseudonym = await self.identity.pseudonym(guild_id, user_id) if anonymous else None
        win_id = await self.repo.add(
            guild_id,
            user_id=user_id,
            anonymous=anonymous,
            pseudonym=pseudonym,
            text=checked.text,
            show_in_digest=show_in_digest and not anonymous,
            now=self.clock(),
        )
        return WinToPost(win_id, checked.text, pseudonym, pick_celebration(checked.text, self.celebrations(), self.rng))

    async def posted(self, win_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the win is, for the celebrate button and /forgetme."""
        await self.repo.set_message(win_id, channel_id, message_id)

    async def not_posted(self, win_id: int) -> None:
        """Forget a win Discord would not take (the member gets their text back)."""
        await self.repo.remove(win_id)

    async def mine(self, guild_id: int, user_id: int, settings: GuildSettings) -> tuple[list[Win], str, Rhythm]:
        """The member's wins, the timezone their days are counted in, and their gentle rhythm."""
        wins = await self.repo.mine(guild_id, user_id)
        zone = await member_timezone(self.db, guild_id, user_id) or settings.timezone
        return wins, zone, rhythm([win.created_at for win in wins], self.clock(), zone)

    async def celebrate(self, win_id: int, guild_id: int, user_id: int) -> int:
        """Count one member's celebration of a win in their server (once each, never their own): the new count."""
        win = await self.repo.get(win_id)
        if win is None or win.guild_id != guild_id:
            raise UserFacingError(words.WIN_GONE)
        if await self.repo.is_author(win_id, user_id):
            raise UserFacingError(words.OWN_WIN)
        if not await self.repo.celebrate(win_id, win.guild_id, user_id, self.clock()):
            raise UserFacingError(words.ALREADY_CELEBRATED)
        return await self.repo.celebration_count(win_id)

    async def claim_digest(self, guild_id: int, moment: datetime) -> WeekInWins | None:
        """Claim the server's digest for the ISO week of `moment` (once) and read its week; None if taken."""
        week = iso_week(moment.date())
        if not await self.repo.claim_digest(guild_id, week, moment, self.clock()):
            return None
        return await self.week_in_wins(guild_id, week, moment)

    async def week_in_wins(self, guild_id: int, week: str, moment: datetime) -> WeekInWins:
        """What the digest due at `moment` is made of: the seven days before it."""
        start = moment - timedelta(days=7)
        return WeekInWins(
            week, await self.repo.counts(guild_id, start, moment), await self.repo.between(guild_id, start, moment)
        )

    async def abandoned_digests(
        self, window: timedelta, too_late: str, scope: tuple[str, tuple[int, ...]]
    ) -> list[OpenDigest]:
        """Digest claims a stopped process left open, taken to be sent again if they were due within `window`;
        older ones are closed with `too_late` (a week's digest that late would only confuse)."""
        now = self.clock()
        await self.repo.close_stale_digests(now, now - window, too_late, scope)
        return await self.repo.take_abandoned_digests(now, now - window, scope)

    async def digest_posted(self, guild_id: int, week: str, message_id: int | None, failure: str | None) -> None:
        """Record how the week's digest went."""
        await self.repo.record_digest(guild_id, week, message_id, failure)
