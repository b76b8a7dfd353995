"""The live demo: the demo server left running, driven from a local web page.

Built on SimCord's preview (``env.preview``): one preview session shows one channel, with a real
composer for slash commands and messages, clickable buttons, modals and a "Viewing as" picker for every
member. A small hub page on ``--port`` lists the channels with what they show; opening a channel (re)starts
the preview session for it and redirects the browser there. Everything binds to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

from aiohttp import web

from bot.demo.script import CHANNELS, DemoDay
from bot.demo.transcript import describe_message

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
RECENT = 6  # messages per channel on the hub page

_STYLE = """
body{font-family:system-ui,sans-serif;background:#313338;color:#dbdee1;margin:0 auto;max-width:980px;padding:24px}
a,button{font:inherit}h1{margin:0 0 4px}p.lead{color:#b5bac1;margin:0 0 20px}
section{background:#2b2d31;border-radius:8px;padding:12px 16px;margin:0 0 12px}
section h2{font-size:1.05em;margin:0 0 6px;display:flex;justify-content:space-between;align-items:center}
form{display:inline}button{background:#5865f2;color:#fff;border:0;border-radius:4px;padding:5px 12px;cursor:pointer}
pre{white-space:pre-wrap;margin:0;color:#b5bac1;font-size:.9em}.bar{margin:0 0 16px}.bar button{background:#4e5058}
"""


class LiveDemo:
    """The hub web app plus the one active preview session of the demo server."""

    def __init__(self, env: Any, day: DemoDay, *, port: int = 0) -> None:
        self.env = env
        self.day = day
        self.requested_port = port
        self.port: int | None = None
        self.preview: Any = None
        self.preview_channel: str | None = None
        self._runner: web.AppRunner | None = None
        self._lock = asyncio.Lock()

    @property
    def url(self) -> str:
        """The hub page's address."""
        if self.port is None:
            raise RuntimeError("the live demo is not started")
        return f"http://{HOST}:{self.port}/"

    def viewers(self) -> list[Any]:
        """Who a visitor can be, members first: Ana, Ben (and Lea, once she joined), Sam, Morgan."""
        newcomer = [self.day.lea] if self.day.lea is not None else []
        return [self.day.ana, self.day.ben, *newcomer, self.day.supporter, self.day.mod]

    async def start(self) -> str:
        """Serve the hub page; returns its URL."""
        app = web.Application()
        app.router.add_get("/", self._index)
        app.router.add_post("/open/{channel}", self._open)
        app.router.add_post("/open-dm/{person}", self._open_dm)
        app.router.add_post("/advance", self._advance)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, self.requested_port)
        await site.start()
        server = getattr(site, "_server", None)
        assert server is not None and server.sockets
        self.port = int(server.sockets[0].getsockname()[1])
        return self.url

    async def open_channel(self, name: str) -> str:
        """End the current preview session and start one on channel `name`; returns its (secret) URL."""
        if name not in CHANNELS:
            raise KeyError(name)
        async with self._lock:
            if self.preview is not None:
                await self.preview.close()
                self.preview = None
            await self.env.settle()
            preview = self.env.preview(
                self.day.channels[name], viewers=self.viewers(), layout="channel", timezone="Europe/Berlin"
            )
            self.preview = await preview.__aenter__()
            self.preview_channel = name
            return str(self.preview.url)

    def dm_people(self) -> dict[str, Any]:
        """Everyone whose DMs with Hearth can be opened, by first name (Ben's crisis DM is among them)."""
        people = {
            "Ana": self.day.ana,
            "Ben": self.day.ben,
            "Lea": self.day.lea,
            "Sam": self.day.supporter,
            "Morgan": self.day.mod,
        }
        return {name: who for name, who in people.items() if who is not None}

    async def open_dm(self, person: str) -> str:
        """Start a preview session on `person`'s DMs with Hearth, seen as that person; returns its URL."""
        who = self.dm_people()[person]
        async with self._lock:
            if self.preview is not None:
                await self.preview.close()
                self.preview = None
            await self.env.settle()
            preview = self.env.preview(
                who.user.dm_channel, viewers=[who.user], layout="channel", timezone="Europe/Berlin"
            )
            self.preview = await preview.__aenter__()
            self.preview_channel = f"dm:{person}"
            return str(self.preview.url)

    async def stop(self) -> None:
        """Close the preview session and the hub; idempotent."""
        if self.preview is not None:
            await self.preview.close()
            self.preview = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self.port = None

    def _local(self, request: web.Request) -> bool:
        """Only browsers that reached us through loopback names (no DNS rebinding)."""
        return request.headers.get("Host", "") in {f"{HOST}:{self.port}", f"localhost:{self.port}"}

    async def _index(self, request: web.Request) -> web.Response:
        if not self._local(request):
            raise web.HTTPForbidden()
        await self.env.settle()
        return web.Response(
            text=self.render(),
            content_type="text/html",
            headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
        )

    async def _open(self, request: web.Request) -> web.Response:
        if not self._local(request):
            raise web.HTTPForbidden()
        name = request.match_info["channel"]
        if name not in CHANNELS:
            raise web.HTTPNotFound(text=f"There is no #{name} in the demo server.")
        raise web.HTTPSeeOther(await self.open_channel(name))

    async def _open_dm(self, request: web.Request) -> web.Response:
        if not self._local(request):
            raise web.HTTPForbidden()
        person = request.match_info["person"]
        if person not in self.dm_people():
            raise web.HTTPNotFound(text=f"There is no {person} in the demo server.")
        raise web.HTTPSeeOther(await self.open_dm(person))

    async def _advance(self, request: web.Request) -> web.Response:
        """Move virtual time forward so scheduled posts (prompts, digests) can happen."""
        if not self._local(request):
            raise web.HTTPForbidden()
        form = await request.post()
        try:
            hours = max(1, min(int(str(form.get("hours", "1"))), 24 * 7))
        except ValueError:
            hours = 1
        async with self._lock:
            await self.env.advance_time(hours * 3600)
            if self.preview is not None:
                await self.preview.refresh()
        raise web.HTTPSeeOther("/")

    def render(self) -> str:
        """The hub page: what every channel shows, and a button to open it in the preview."""
        now = self.day.bot.clock().strftime("%a %d %b %Y, %H:%M UTC")
        parts = [
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Hearth live demo</title>",
            f"<style>{_STYLE}</style></head><body>",
            "<h1>Hearth live demo</h1>",
            "<p class=lead>The real Hearth bot against a simulated Discord server. Open a channel, pick who you "
            "are in <b>Viewing as</b> (Ana and Ben are members, Sam a peer supporter, Morgan the moderator), "
            "type <code>/</code> for slash commands, press buttons, fill forms. Come back here to see every "
            f"channel. Simulated time: {html.escape(now)}.</p>",
            "<div class=bar><form method=post action=/advance><input type=hidden name=hours value=1>"
            "<button>Advance time 1 hour</button></form> "
            "<form method=post action=/advance><input type=hidden name=hours value=24>"
            "<button>Advance time 1 day</button></form></div>",
        ]
        names = self.day.names()
        for name in CHANNELS:
            messages = self.day.channels[name].history()
            recent = "\n".join(describe_message(m, names).strip() for m in messages[-RECENT:]) or "(nothing yet)"
            more = f" · {len(messages) - RECENT} earlier" if len(messages) > RECENT else ""
            parts.append(
                f"<section id=channel-{name}><h2><span>#{name}{more}</span>"
                f"<form method=post action=/open/{name}><button>Open #{name}</button></form></h2>"
                f"<pre>{html.escape(recent)}</pre></section>"
            )
        parts.append(
            "<h2>Direct messages</h2><p class=lead>What Hearth sent each person privately: Ben's crisis DM "
            "(crisis lines and the check-in button) and Ana's milestone. Open one to see it as that person.</p>"
        )
        for person, who in self.dm_people().items():
            messages = who.user.dm_channel.history()
            if not messages:
                continue
            recent = "\n".join(describe_message(m, names).strip() for m in messages[-RECENT:])
            parts.append(
                f"<section id=dm-{person}><h2><span>DMs with {person}</span>"
                f"<form method=post action=/open-dm/{person}><button>Open {person}'s DMs</button></form></h2>"
                f"<pre>{html.escape(recent)}</pre></section>"
            )
        parts.append("</body></html>")
        return "".join(parts)


async def serve(env: Any, day: DemoDay, *, port: int, stop: asyncio.Event, open_channel: str = "general") -> None:
    """Run the live demo until `stop` is set, printing the addresses; always cleans up."""
    live = LiveDemo(env, day, port=port)
    try:
        url = await live.start()
        await live.open_channel(open_channel)
        print(f"\nHearth live demo: open {url} in a browser (Ctrl-C to stop).", flush=True)
        print(f"Straight into #{open_channel}: {live.preview.url}", flush=True)
        await stop.wait()
    finally:
        await live.stop()
