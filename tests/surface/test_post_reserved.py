"""The one "store, post, remember" step: a row is never left without its post, nor a post without its row."""

from __future__ import annotations

from typing import Any

import pytest

from bot.surface.delivery import PostResult, post_reserved


class Ledger:
    """Records what happened to the reserved row."""

    def __init__(self) -> None:
        self.events: list[str] = []

    async def reserve(self) -> int:
        self.events.append("reserve")
        return 7

    async def record(self, row: int, message: Any) -> None:
        self.events.append(f"record {row} {message}")

    async def release(self, row: int) -> None:
        self.events.append(f"release {row}")


async def test_a_post_that_went_out_is_recorded() -> None:
    ledger = Ledger()

    async def send(row: int) -> PostResult:
        return PostResult(message="msg")  # type: ignore[arg-type]

    row, result = await post_reserved(ledger.reserve, send, ledger.record, ledger.release)
    assert (row, result.ok) == (7, True)
    assert ledger.events == ["reserve", "record 7 msg"]


async def test_a_post_discord_refused_releases_its_row() -> None:
    ledger = Ledger()

    async def send(row: int) -> PostResult:
        return PostResult(reason="missing permission")

    _, result = await post_reserved(ledger.reserve, send, ledger.record, ledger.release)
    assert not result.ok and result.reason == "missing permission"
    assert ledger.events == ["reserve", "release 7"]


async def test_a_post_that_raised_releases_its_row_and_the_error_goes_on() -> None:
    ledger = Ledger()

    async def send(row: int) -> PostResult:
        raise RuntimeError("network gone")

    with pytest.raises(RuntimeError):
        await post_reserved(ledger.reserve, send, ledger.record, ledger.release)
    assert ledger.events == ["reserve", "release 7"]
