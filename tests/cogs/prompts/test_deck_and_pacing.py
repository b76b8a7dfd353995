"""The deck never repeats before it is exhausted; the pacer keeps bulk posts under Discord's global limit."""

from __future__ import annotations

import asyncio
import itertools
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.db import Database
from bot.core.guild_settings import PromptSettings
from bot.core.pacing import Pacer
from bot.core.scheduler import Scheduler
from cogs.prompts.content import Prompt, load_prompts
from cogs.prompts.deck import EmptyDeckError, draw, enabled_prompts
from cogs.prompts.service import PromptService
from cogs.prompts.store import PromptRepository
from tests.core.test_scheduler import FakeClock, run_until

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def shipped() -> list[Prompt]:
    return load_prompts(CONTENT)


@pytest.fixture
async def repository(database_target: Path | str):  # type: ignore[no-untyped-def]
    db = Database(database_target)
    await db.open()
    await db.migrate()
    yield PromptRepository(db)
    await db.close()


async def test_150_days_never_repeat_before_the_deck_is_exhausted_nor_across_the_reshuffle(
    repository: PromptRepository, shipped: list[Prompt]
) -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    service = PromptService(repository, shipped, clock, random.Random(7))
    settings = PromptSettings(
        themes=[
            "grief",
            "hope",
            "small_wins",
            "boundaries",
            "support_circle",
            "guilt_and_loyalty",
            "rebuilding_routines",
        ]
    )  # 140 prompts: reshuffles once
    deck_size = len(await service.enabled(1, settings))
    assert deck_size == 140
    drawn: list[Prompt] = []
    for day in range(150):
        claim = await service.claim(1, date(2026, 1, 1) + timedelta(days=day), settings)
        assert claim is not None
        drawn.append(claim[1])
    first_cycle = [p.id for p in drawn[:deck_size]]
    assert len(set(first_cycle)) == deck_size
    assert drawn[deck_size].id != drawn[deck_size - 1].id
    assert len({p.id for p in drawn[deck_size:]}) == 150 - deck_size
    assert await repository.cycle(1) == 2
    heavy_pairs = sum(1 for a, b in itertools.pairwise(drawn) if a.theme.is_heavy and b.theme.is_heavy)
    assert heavy_pairs <= 3  # only when the deck's last prompts are all heavy


async def test_a_day_is_claimed_once_even_when_asked_twice(repository: PromptRepository, shipped: list[Prompt]) -> None:
    service = PromptService(repository, shipped, FakeClock(datetime(2026, 1, 1, tzinfo=UTC)), random.Random(1))
    settings = PromptSettings()
    assert await service.claim(5, date(2026, 3, 1), settings) is not None
    assert await service.claim(5, date(2026, 3, 1), settings) is None
    assert await service.claim(5, date(2026, 3, 1), settings, extra=True) is not None


def test_after_a_heavy_theme_a_light_one_comes_next_when_any_remains(shipped: list[Prompt]) -> None:
    heavy = next(p for p in shipped if p.theme.is_heavy)
    rng = random.Random(3)
    for _ in range(50):
        prompt, _ = draw(shipped, {heavy.id}, heavy, rng)
        assert not prompt.theme.is_heavy


def test_limits_to_themes_and_intensity_and_refuses_an_empty_deck(shipped: list[Prompt]) -> None:
    gentle_hope = enabled_prompts(shipped, [], set(), PromptSettings(themes=["hope"], intensity="gentle"))
    assert gentle_hope and all(p.theme.value == "hope" and p.intensity.value == "gentle" for p in gentle_hope)
    with pytest.raises(EmptyDeckError):
        draw([], set(), None, random.Random())


@pytest.mark.parametrize(
    ("zone", "change_day"),
    [
        ("America/New_York", date(2026, 3, 8)),
        ("America/New_York", date(2026, 11, 1)),
        ("Europe/Berlin", date(2026, 3, 29)),
        ("Europe/Berlin", date(2026, 10, 25)),
    ],
)
async def test_dst_change_days_get_exactly_one_prompt_each(
    repository: PromptRepository, shipped: list[Prompt], zone: str, change_day: date
) -> None:
    tz = ZoneInfo(zone)
    start = datetime.combine(change_day - timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    clock = FakeClock(start)
    scheduler = Scheduler(clock)
    scheduler.start()
    service = PromptService(repository, shipped, clock, random.Random(2))

    in_flight: list[datetime] = []

    async def job(moment: datetime) -> None:
        in_flight.append(moment)
        try:
            await service.claim(9, moment.date(), PromptSettings())
        finally:
            in_flight.remove(moment)

    async def run_to(end: datetime) -> None:
        # The fake clock crosses a day in microseconds; let each job's database work finish first.
        while clock.now < end:
            await run_until(scheduler, clock, min(end, clock.now + timedelta(minutes=15)), timedelta(minutes=15))
            while in_flight:  # noqa: ASYNC110 - waiting on aiosqlite's worker thread, not an event
                await asyncio.sleep(0.001)

    scheduler.schedule_daily(9, "prompt", time(9), zone, job, catch_up=timedelta(hours=6))
    await run_to(start + timedelta(days=1, hours=10))
    # a restart at 10:00 on the change day: the catch-up sees the claim and adds nothing
    scheduler.schedule_daily(9, "prompt", time(9), zone, job, catch_up=timedelta(hours=6))
    await run_to(start + timedelta(days=3))
    scheduler.shutdown()
    rows = await repository.posts(9, limit=100, status=None)
    assert sorted(r.local_date for r in rows) == [
        change_day - timedelta(days=1),
        change_day,
        change_day + timedelta(days=1),
    ]


class FakeTime:
    """A clock and sleep the pacer test controls; each sleep may overrun (an event loop that stalls)."""

    def __init__(self, overruns: list[float] | None = None) -> None:
        self.now = 0.0
        self.overruns = list(overruns or [])

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds) + (self.overruns.pop(0) if self.overruns else 0.0)


def _busiest_second(stamps: list[float]) -> int:
    return max(sum(1 for s in stamps if start <= s < start + 1.0) for start in stamps)


async def test_pacer_keeps_any_one_second_window_at_its_rate_and_waits_no_longer_than_it_must() -> None:
    fake = FakeTime()
    pacer = Pacer(47, clock=fake.clock, sleep=fake.sleep)
    stamps = []
    for _ in range(300):
        await pacer.acquire()
        stamps.append(fake.now)
    assert _busiest_second(stamps) == 47
    assert stamps[-1] <= 300 / 47  # 47 a second, no slower
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps[8:]) >= 0.9 / 47 - 1e-9  # past the first few, spread out: never a large burst


@settings(max_examples=60, deadline=None)
@given(
    callers=st.integers(min_value=1, max_value=150),
    stalls=st.lists(st.floats(min_value=0, max_value=0.3), max_size=200),
    gaps=st.lists(st.floats(min_value=0, max_value=0.05), max_size=150),
)
def test_stalls_and_late_callers_never_overrun_the_window(callers: int, stalls: list[float], gaps: list[float]) -> None:
    """However the loop stalls (sleeps that wake late) and however callers arrive, no second holds more than 47."""

    async def scenario() -> list[float]:
        fake = FakeTime(stalls)
        pacer = Pacer(47, clock=fake.clock, sleep=fake.sleep)
        stamps: list[float] = []

        async def one(delay: float) -> None:
            fake.now += delay
            await pacer.acquire()
            stamps.append(fake.now)

        await asyncio.gather(*(one(gaps[n] if n < len(gaps) else 0.0) for n in range(callers)))
        return stamps

    stamps = asyncio.run(scenario())
    assert len(stamps) == callers
    assert _busiest_second(stamps) <= 47


async def test_pacer_lets_a_quiet_caller_through_at_once() -> None:
    fake = FakeTime()
    pacer = Pacer(47, clock=fake.clock, sleep=fake.sleep)
    await pacer.acquire()
    fake.now += 10
    before = fake.now
    await pacer.acquire()
    assert fake.now == before
    assert pacer.in_window() == 1
    with pytest.raises(ValueError):
        Pacer(0)
