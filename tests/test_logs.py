"""Operator logs: readable text by default, JSON lines on request, and discord.py's payload lines held back."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import JsonFormatter, configure_logging


@pytest.fixture
def clean_root() -> Iterator[None]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("discord").level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    logging.getLogger("discord").setLevel(saved[2])


def test_json_lines_carry_time_level_logger_message_and_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("cogs.x").makeRecord("cogs.x", logging.ERROR, "f", 1, "failed in %s", ("g1",), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and line["logger"] == "cogs.x" and line["message"] == "failed in g1"
    assert "ValueError: boom" in line["exception"]


def test_text_is_the_default_and_json_is_one_object_per_line(clean_root: None) -> None:
    stream = io.StringIO()
    configure_logging("INFO", stream=stream)
    logging.getLogger("bot.test").info("started %d", 3)
    assert "] [INFO    ] bot.test: started 3" in stream.getvalue()
    stream = io.StringIO()
    configure_logging("INFO", "json", stream=stream)
    logging.getLogger("bot.test").info("started %d", 4)
    assert json.loads(stream.getvalue().splitlines()[-1])["message"] == "started 4"


def test_debug_never_opens_discord_pys_payload_logs(clean_root: None) -> None:
    configure_logging("DEBUG")
    assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("discord.http").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
