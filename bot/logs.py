"""Operator logs: readable lines by default (discord.py's own format), JSON lines for log collectors.

What Hearth logs never includes message content or who did something anonymous (STYLE.md, "Logging"); every
library's loggers are held at INFO even when HEARTH_LOG_LEVEL is DEBUG (bot/core/logs.py), because their DEBUG
lines carry request and event payloads and SQL parameters, which hold members' words and identities.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import TextIO

import discord

from bot.core.logs import apply_log_level

LIBRARY_LOGGERS = ("discord",)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def plain_formatter() -> logging.Formatter:
    """discord.py's uncoloured format: `[2026-03-02 09:00:00] [INFO    ] bot: stopped cleanly`."""
    return logging.Formatter("[{asctime}] [{levelname:<8}] {name}: {message}", "%Y-%m-%d %H:%M:%S", style="{")


def configure_logging(level: str, log_format: str = "text", stream: TextIO | None = None) -> logging.Handler:
    """Send every log line to stderr (or `stream`), as readable text (coloured on a terminal) or JSON lines."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        numeric = logging.INFO
    handler = logging.StreamHandler(stream)
    if log_format == "json":
        discord.utils.setup_logging(handler=handler, formatter=JsonFormatter(), level=numeric, root=True)
    elif handler.stream.isatty() and not os.environ.get("NO_COLOR"):
        discord.utils.setup_logging(handler=handler, level=numeric, root=True)  # discord.py's coloured lines
    else:
        discord.utils.setup_logging(handler=handler, formatter=plain_formatter(), level=numeric, root=True)
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.INFO))
    # Every library, not only discord.py: aiosqlite logs SQL parameters (author keys, sealed addresses, ids)
    # and APScheduler job arguments at DEBUG. Hearth's own loggers get DEBUG; the rest stay at INFO.
    apply_log_level(numeric)
    return handler
