"""Log levels for operators: HEARTH_LOG_LEVEL=DEBUG opens Hearth's own loggers, never a library's.

Libraries log what they carry at DEBUG: aiosqlite every SQL statement with its parameters (author
keys, sealed return addresses, user ids), discord.http every request and response payload (what
members wrote), the gateway every event. None of that may reach an operator's log, so libraries stay
at INFO whatever level is asked for, and a filter on every handler drops their DEBUG records even
if a library sets its own level.
"""

from __future__ import annotations

import logging

HEARTH_LOGGERS = ("bot", "cogs", "__main__")
LIBRARY_FLOOR = logging.INFO


def is_hearth_logger(name: str) -> bool:
    """True for Hearth's own loggers (bot.*, cogs.*), which never log member text or identities."""
    return name.split(".", 1)[0] in HEARTH_LOGGERS


class LibraryDebugFilter(logging.Filter):
    """Drops records below INFO from any logger that is not Hearth's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep Hearth's records at any level, and everyone else's from INFO up."""
        return record.levelno >= LIBRARY_FLOOR or is_hearth_logger(record.name)


def apply_log_level(level: str | int) -> None:
    """Hearth's loggers at `level`; the root (and so every library) never below INFO; filter every handler."""
    wanted = logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(wanted, int):
        wanted = logging.INFO
    root = logging.getLogger()
    root.setLevel(max(wanted, LIBRARY_FLOOR))
    for name in HEARTH_LOGGERS:
        logging.getLogger(name).setLevel(wanted)
    for name in logging.root.manager.loggerDict:  # libraries that set their own level explicitly
        logger = logging.getLogger(name)
        if not is_hearth_logger(name) and logger.level != logging.NOTSET and logger.level < LIBRARY_FLOOR:
            logger.setLevel(LIBRARY_FLOOR)
    for handler in root.handlers:
        if not any(isinstance(f, LibraryDebugFilter) for f in handler.filters):
            handler.addFilter(LibraryDebugFilter())
