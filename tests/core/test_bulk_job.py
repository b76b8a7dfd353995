"""`bulk_job` and `pace_requests`: inside a bulk job every request waits for a turn; outside, none does."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import pacing
from bot.core.clock import utcnow
from bot.core.pacing import bulk_job
from bot.core.scheduler import Scheduler
from bot.surface.delivery import pace_requests


class CountingPacer:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def acquire(self) -> None:
        self.log.append("turn")


def recording_request(log: list[str]) -> Any:
    async def request(route: str, **kwargs: Any) -> str:
        log.append(route)
        if route == "refused":
            raise RuntimeError("Discord said no")
        return f"answer to {route}"

    return request


async def test_a_request_inside_a_bulk_job_waits_for_its_turn_and_one_outside_does_not() -> None:
    log: list[str] = []
    request = pace_requests(recording_request(log))
    assert await request("a reply") == "answer to a reply"
    with bulk_job(CountingPacer(log)):
        assert await request("a post") == "answer to a post"
        with pytest.raises(RuntimeError):
            await request("refused")  # an error still comes back to the caller, after its turn
    await request("another reply")
    assert log == ["a reply", "turn", "a post", "turn", "refused", "another reply"]


async def test_tasks_started_inside_a_bulk_job_take_turns_and_jobs_side_by_side_keep_their_own_pacer() -> None:
    first: list[str] = []
    second: list[str] = []
    sent: list[str] = []
    request = pace_requests(recording_request(sent))

    async def job(log: list[str], name: str) -> None:
        with bulk_job(CountingPacer(log)):
            await asyncio.gather(*(request(f"{name}{n}") for n in range(3)))  # tasks inherit the context

    await asyncio.gather(job(first, "a"), job(second, "b"), request("between"))
    assert first == ["turn"] * 3 and second == ["turn"] * 3
    assert sorted(sent) == ["a0", "a1", "a2", "b0", "b1", "b2", "between"]


@given(st.integers(min_value=1, max_value=4), st.lists(st.booleans(), max_size=20))
def test_one_turn_per_request_however_often_the_request_is_wrapped(wraps: int, inside: list[bool]) -> None:
    turns: list[str] = []
    sent: list[str] = []
    request = recording_request(sent)
    for _ in range(wraps):  # a second login wraps again
        request = pace_requests(request)

    async def run() -> None:
        for n, paced in enumerate(inside):
            if paced:
                with bulk_job(CountingPacer(turns)):
                    await request(str(n))
            else:
                await request(str(n))

    asyncio.run(run())
    assert len(turns) == sum(inside) and len(sent) == len(inside)


async def test_a_job_scheduled_from_inside_a_bulk_job_runs_outside_it() -> None:
    seen: list[object] = []
    ran = asyncio.Event()

    async def job() -> None:
        seen.append(pacing.BULK_PACER.get())
        ran.set()

    scheduler = Scheduler()
    scheduler.start()
    try:
        with bulk_job(CountingPacer([])):
            scheduler.schedule_at(None, "later", utcnow() + timedelta(milliseconds=50), job)
        await asyncio.wait_for(ran.wait(), timeout=5)
    finally:
        scheduler.shutdown()
    assert seen == [None]  # a moderator re-ping, say, never queues behind a fan-out


async def test_through_aiohttp_the_turn_is_taken_on_the_wire_for_every_request_and_retry() -> None:
    """The real client: discord.py's per-route waits come before the turn, so they cannot bunch paced sends."""
    import aiohttp
    from aiohttp import web

    from bot.surface.delivery import wire_pacing

    log: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        log.append(f"sent {request.path}")
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/{name}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession(trace_configs=[wire_pacing()]) as session:
            async with session.get(f"http://127.0.0.1:{port}/reply"):
                pass
            with bulk_job(CountingPacer(log)):
                for name in ("post", "retry"):
                    async with session.get(f"http://127.0.0.1:{port}/{name}"):
                        pass
    finally:
        await runner.cleanup()
    assert log == ["sent /reply", "turn", "sent /post", "turn", "sent /retry"]


def test_a_client_that_paces_on_the_wire_is_not_paced_twice() -> None:
    from bot.surface.delivery import wire_pacing

    class Client:
        http_trace = wire_pacing()

        async def request(self, route: str) -> str:
            return route

    client = Client()
    assert pace_requests(client.request) == client.request  # unwrapped: the trace takes the turn
    plain = recording_request([])
    assert pace_requests(plain) is not plain  # a client without it (SimCord's) is paced by the wrapper
