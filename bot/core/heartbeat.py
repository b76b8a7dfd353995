"""The heartbeat file: the running bot rewrites it while its gateway is connected; `hearth health` reads it.

Reading it is all a healthcheck does: no database write, no Discord call, nothing a member could notice.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

BEAT_EVERY_SECONDS = 20.0
STALE_AFTER_SECONDS = 90.0  # a few missed beats: a reconnect that takes longer than this is worth a look


@dataclass(frozen=True)
class Health:
    """What `hearth health` found: healthy or not, and a line saying why."""

    ok: bool
    reason: str


def beat(path: Path, now: float | None = None) -> None:
    """Record that the gateway is connected and the database answers, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(f"{time.time() if now is None else now:.3f}\n", encoding="utf-8")
    os.replace(partial, path)


def clear(path: Path) -> None:
    """Remove the file (the bot stopped, so nothing should vouch for it)."""
    path.unlink(missing_ok=True)


def check(path: Path, now: float | None = None, stale_after: float = STALE_AFTER_SECONDS) -> Health:
    """Healthy if the bot wrote the file within `stale_after` seconds."""
    try:
        written = float(path.read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        return Health(False, f"no heartbeat at {path}: the bot is not running or not connected yet")
    except (OSError, ValueError):
        return Health(False, f"the heartbeat at {path} is unreadable")
    age = (time.time() if now is None else now) - written
    if age > stale_after:
        return Health(False, f"last heartbeat {age:.0f} s ago (more than {stale_after:.0f} s): the gateway is down")
    return Health(True, f"gateway connected and database answering; last heartbeat {max(age, 0):.0f} s ago")
