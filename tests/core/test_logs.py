"""HEARTH_LOG_LEVEL=DEBUG opens Hearth's loggers only; no library's DEBUG reaches a handler."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.core.logs import HEARTH_LOGGERS, LibraryDebugFilter, apply_log_level


@pytest.fixture
def isolated_root() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), {n: logging.getLogger(n).level for n in (*HEARTH_LOGGERS, "noisy.lib")})
    stream = io.StringIO()
    root.handlers = [logging.StreamHandler(stream)]
    yield stream
    root.setLevel(saved[0])
    root.handlers = saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_debug_reaches_hearth_and_no_library_even_one_that_sets_its_own_level(isolated_root: io.StringIO) -> None:
    logging.getLogger("noisy.lib").setLevel(logging.DEBUG)  # a library that opens itself up
    apply_log_level("DEBUG")
    logging.getLogger("cogs.anonymous.service").debug("hearth debug line")
    logging.getLogger("aiosqlite").debug("executing %s with %s", "SELECT", ("author-key",))
    logging.getLogger("noisy.lib").debug("payload %s", {"content": "member text"})
    logging.getLogger("noisy.lib.child").debug("payload %s", {"content": "member text"})
    logging.getLogger("discord.gateway").info("connected")
    written = isolated_root.getvalue()
    assert "hearth debug line" in written and "connected" in written
    assert "author-key" not in written and "member text" not in written


def test_the_filter_keeps_library_warnings() -> None:
    record = logging.LogRecord("discord.http", logging.WARNING, __file__, 1, "rate limited", None, None)
    debug = logging.LogRecord("discord.http", logging.DEBUG, __file__, 1, "payload", None, None)
    assert LibraryDebugFilter().filter(record) and not LibraryDebugFilter().filter(debug)


def test_info_stays_info_for_everyone(isolated_root: io.StringIO) -> None:
    apply_log_level("INFO")
    logging.getLogger("bot.app").debug("quiet")
    logging.getLogger("bot.app").info("said")
    assert "said" in isolated_root.getvalue() and "quiet" not in isolated_root.getvalue()
