"""A loopback Discord: an aiohttp server on 127.0.0.1 that the real discord.py connects to.

Implements login, the gateway (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME with replay),
the REST routes Hearth uses, and Discord-style rate limits. Any other route answers 501 and is
recorded in `unimplemented`, which the tests assert is empty. See /work/shared/TESTING.md.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

from tests.loopback import payloads as p

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request, dict[str, str], Any], Awaitable[web.Response]]
NOT_GLOBAL = ("/interactions/", "/webhooks/")  # interaction endpoints are outside the global limit


@dataclass
class Limits:
    """Discord's documented limits: 50 requests/s globally, 5 per 5 s per channel for messages."""

    enabled: bool = True
    global_per_second: int = 50
    route_limit: int = 5
    route_window: float = 5.0


@dataclass
class Request:
    """One REST call the emulator answered."""

    method: str
    path: str
    route: str
    status: int
    body: Any
    at: float


@dataclass
class Session:
    """One gateway session (per shard): its events are kept for RESUME replay."""

    session_id: str
    shard_id: int
    shard_count: int
    seq: int = 0
    events: list[tuple[int, str]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None


@dataclass
class _Bucket:
    remaining: int
    reset_at: float


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Content-Type must be exactly application/json or discord.py will not parse the body.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json", **(headers or {})}
    )


class LoopbackDiscord:
    """The emulator. `async with LoopbackDiscord(guilds) as discord_:` starts it and points discord.py at it."""

    def __init__(
        self,
        guilds: list[p.GuildSpec],
        *,
        limits: Limits | None = None,
        heartbeat_interval_ms: int = 41_250,
        recommended_shards: int | None = None,
    ) -> None:
        self.guilds = guilds
        self.guild_by_id = {g.id: g for g in guilds}
        self.channel_guild = {c.id: g.id for g in guilds for c in g.channels}
        self.limits = limits or Limits()
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.recommended_shards = recommended_shards or max(1, -(-len(guilds) // 1000))
        self.port = 0
        self.requests: list[Request] = []
        self.unimplemented: list[str] = []
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)  # channel id -> created
        self.threads: list[dict[str, Any]] = []
        # Discord's enforce_nonce: a create with a nonce this channel saw (from the same bot, within minutes)
        # returns the first message and creates none; counted in `nonce_repeats`.
        self.by_nonce: dict[tuple[int, str], dict[str, Any]] = {}
        self.nonce_repeats = 0
        self._threaded: set[int] = set()  # messages that have a thread
        self.callbacks: list[tuple[int, float, dict[str, Any]]] = []  # (interaction id, when, body)
        self.interaction_sent: dict[int, float] = {}
        self.interaction_tokens: dict[str, int] = {}  # token -> interaction id
        self.followups: list[tuple[int, float]] = []  # (interaction id, when) for each follow-up message
        self.identifies: list[tuple[int, int]] = []
        self.resumes: list[tuple[int, int]] = []  # (shard, seq the client had)
        self.heartbeats = 0
        self.guilds_sent: dict[int, list[int]] = defaultdict(list)  # shard -> guild ids
        self.sessions: dict[str, Session] = {}
        self.statuses: Counter[int] = Counter()
        self.global_429s = 0
        self.global_429_requests: list[str] = []  # "METHOD template" of each request refused globally
        self.global_requests: list[tuple[float, str]] = []  # (monotonic time, "METHOD template") under the limit
        self.route_429s = 0
        self._injected: list[list[Any]] = []  # [method, regex, remaining, retry_after]
        self._buckets: dict[tuple[str, str, str], _Bucket] = {}
        self._global_window = (0, 0)  # (second, count)
        self._runner: web.AppRunner | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self._routes: list[tuple[str, re.Pattern[str], str, Handler]] = []
        self._register_routes()

    def global_429_report(self) -> str:
        """For a failed assertion: what was refused globally, and what the seconds that ran over held."""
        per_second: dict[int, Counter[str]] = defaultdict(Counter)
        for when, what in self.global_requests:
            per_second[int(when)][what] += 1
        full = {second: dict(kinds) for second, kinds in per_second.items() if sum(kinds.values()) >= 50}
        return f"refused: {Counter(self.global_429_requests)}; full seconds: {full}"

    # ------------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> LoopbackDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen on a random 127.0.0.1 port and point discord.py's REST base and gateway at it."""
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("GET", "/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}{API_PREFIX}"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    async def stop(self) -> None:
        """Close every socket and restore discord.py's URLs."""
        for session in self.sessions.values():
            if session.ws is not None and not session.ws.closed:
                await session.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    @property
    def gateway_url(self) -> str:
        """The websocket URL (discord.py appends its own query)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        await ws.send_str(
            json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
        )
        session: Session | None = None
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op, data = payload.get("op"), payload.get("d")
            if op == 1:
                self.heartbeats += 1
                await ws.send_str('{"op": 11, "d": null, "s": null, "t": null}')
            elif op == 2:
                session = await self._identify(ws, data)
            elif op == 6:
                session = await self._resume(ws, data)
            elif op == 8:
                await self._members_chunk(session, data)
        if session is not None and session.ws is ws:
            session.ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> Session:
        shard_id, shard_count = data.get("shard") or [0, 1]
        self.identifies.append((shard_id, shard_count))
        session = Session(secrets.token_hex(16), shard_id, shard_count, ws=ws)
        self.sessions[session.session_id] = session
        mine = [g for g in self.guilds if g.shard_id(shard_count) == shard_id]
        await self._send(
            session, "READY", p.ready_payload(session.session_id, self.gateway_url, mine, [shard_id, shard_count])
        )
        for guild in mine:
            self.guilds_sent[shard_id].append(guild.id)
            await self._send(session, "GUILD_CREATE", p.guild_payload(guild))
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None:
            await ws.send_str(json.dumps({"op": 9, "d": False, "s": None, "t": None}))
            return None
        seen = data.get("seq") or 0
        self.resumes.append((session.shard_id, seen))
        session.ws = ws
        for seq, raw in session.events:
            if seq > seen:
                await ws.send_str(raw)
        await self._send(session, "RESUMED", {"_trace": ["loopback"]})
        return session

    async def _members_chunk(self, session: Session | None, data: dict[str, Any]) -> None:
        if session is None:
            return
        await self._send(
            session,
            "GUILD_MEMBERS_CHUNK",
            {
                "guild_id": data["guild_id"],
                "members": [],
                "chunk_index": 0,
                "chunk_count": 1,
                "nonce": data.get("nonce"),
            },
        )

    async def _send(self, session: Session, event: str, data: Any) -> None:
        session.seq += 1
        raw = json.dumps({"op": 0, "t": event, "s": session.seq, "d": data})
        session.events.append((session.seq, raw))
        if session.ws is not None and not session.ws.closed:
            try:
                await session.ws.send_str(raw)
            except ConnectionResetError:
                session.ws = None  # kept in events; replayed on RESUME

    def session_for(self, guild_id: int) -> Session:
        """The newest session of the shard a server belongs to."""
        for session in reversed(list(self.sessions.values())):
            if (guild_id >> 22) % session.shard_count == session.shard_id:
                return session
        raise LookupError(f"no session serves guild {guild_id}")

    async def dispatch(self, guild_id: int, event: str, data: dict[str, Any]) -> None:
        """Send an event on the shard of `guild_id` (buffered for replay if that shard is down)."""
        await self._send(self.session_for(guild_id), event, data)

    async def drop(self, shard_id: int = 0, code: int = 4000) -> None:
        """Close a shard's websocket like Discord does on a restart; the client should RESUME."""
        for session in self.sessions.values():
            if session.shard_id == shard_id and session.ws is not None and not session.ws.closed:
                ws, session.ws = session.ws, None
                await ws.close(code=code, message=b"loopback drop")

    async def send_message(
        self, guild_id: int, channel_id: int, content: str, author_id: int = p.MEMBER_ID
    ) -> dict[str, Any]:
        """A member posts: MESSAGE_CREATE on the right shard."""
        data = p.message_payload(channel_id, guild_id, {"content": content}, author=p.user_payload(author_id, "member"))
        data["member"] = {k: v for k, v in p.member_payload(author_id, "member").items() if k != "user"}
        await self.dispatch(guild_id, "MESSAGE_CREATE", data)
        return data

    async def slash(
        self,
        guild_id: int,
        name: str,
        options: list[dict[str, Any]] | None = None,
        channel_id: int | None = None,
        user_id: int = p.MEMBER_ID,
    ) -> int:
        """A member runs a slash command: INTERACTION_CREATE; returns the interaction id."""
        guild = self.guild_by_id[guild_id]
        channel = next((c for c in guild.channels if c.id == channel_id), guild.channels[0])
        interaction_id = p.snowflake()
        token = secrets.token_hex(8)
        self.interaction_tokens[token] = interaction_id
        data = p.slash_payload(guild, channel, interaction_id, token, name, options or [], user_id=user_id)
        self.interaction_sent[interaction_id] = time.perf_counter()
        await self.dispatch(guild_id, "INTERACTION_CREATE", data)
        return interaction_id

    async def submit_modal(
        self,
        guild_id: int,
        custom_id: str,
        values: dict[str, str],
        channel_id: int | None = None,
        user_id: int = p.MEMBER_ID,
    ) -> int:
        """A member submits a modal the bot showed (its custom_id from the type-9 callback)."""
        guild = self.guild_by_id[guild_id]
        channel = next((c for c in guild.channels if c.id == channel_id), guild.channels[0])
        interaction_id = p.snowflake()
        token = secrets.token_hex(8)
        self.interaction_tokens[token] = interaction_id
        data = p.modal_submit_payload(guild, channel, interaction_id, token, custom_id, values, user_id=user_id)
        self.interaction_sent[interaction_id] = time.perf_counter()
        await self.dispatch(guild_id, "INTERACTION_CREATE", data)
        return interaction_id

    # ------------------------------------------------------------------ rate limits
    def inject_429(self, method: str, route_regex: str, count: int, retry_after: float = 0.05) -> None:
        """Answer the next `count` matching requests with a per-route 429."""
        self._injected.append([method, re.compile(route_regex), count, retry_after])

    def _limit_headers(self, bucket: _Bucket, key: tuple[str, str, str], now: float) -> dict[str, str]:
        reset_after = max(0.0, bucket.reset_at - now)
        return {
            "X-RateLimit-Limit": str(self.limits.route_limit),
            "X-RateLimit-Remaining": str(bucket.remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": f"{abs(hash(key[:2])):x}",
        }

    def _too_many(self, retry_after: float, headers: dict[str, str], *, is_global: bool) -> web.Response:
        headers = {**headers, "Via": "1.1 google", "Retry-After": str(max(1, round(retry_after)))}
        if is_global:
            headers = {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", **headers}
        else:
            headers.setdefault("X-RateLimit-Scope", "user")
        return _json(
            {
                "message": "You are being rate limited.",
                "retry_after": round(retry_after, 3),
                "global": is_global,
                "code": 0,
            },
            429,
            headers,
        )

    def _rate_limit(
        self, method: str, path: str, template: str, major: str
    ) -> tuple[web.Response | None, dict[str, str]]:
        for rule in self._injected:
            if rule[2] > 0 and rule[0] == method and rule[1].search(path):
                rule[2] -= 1
                self.route_429s += 1
                return self._too_many(
                    rule[3],
                    {
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": str(rule[3]),
                        "X-RateLimit-Bucket": "injected",
                    },
                    is_global=False,
                ), {}
        if not self.limits.enabled:
            return None, {}
        now = time.monotonic()
        if not path.startswith(NOT_GLOBAL):
            self.global_requests.append((now, f"{method} {template}"))
            second = int(now)
            window, count = self._global_window
            count = count if window == second else 0
            if count >= self.limits.global_per_second:
                self.global_429s += 1
                self.global_429_requests.append(f"{method} {template}")
                return self._too_many(second + 1 - now, {}, is_global=True), {}
            self._global_window = (second, count + 1)
        key = (method, template, major)
        bucket = self._buckets.get(key)
        if bucket is None or bucket.reset_at <= now:
            bucket = self._buckets[key] = _Bucket(self.limits.route_limit, now + self.limits.route_window)
        if bucket.remaining <= 0:
            self.route_429s += 1
            return self._too_many(bucket.reset_at - now, self._limit_headers(bucket, key, now), is_global=False), {}
        bucket.remaining -= 1
        return None, self._limit_headers(bucket, key, now)

    # ------------------------------------------------------------------ REST
    def _route(self, method: str, template: str, handler: Handler) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self._routes.append((method, re.compile(f"^{regex}$"), template, handler))

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json" and raw:
                body = json.loads(raw)
            elif raw:
                body = {"multipart": len(raw)}
        for method, regex, template, handler in self._routes:
            match = regex.match(path)
            if match is None or method != request.method:
                continue
            params = match.groupdict()
            # Discord's major parameters: a channel, a server, a webhook with its token, one interaction.
            major = "/".join(
                params.get(k, "") for k in ("channel_id", "guild_id", "webhook_id", "interaction_id", "token")
            )
            limited, headers = self._rate_limit(request.method, path, template, major)
            response = limited or await handler(request, params, body)
            response.headers.update(headers)
            self._record(request.method, path, template, response.status, body)
            return response
        self.unimplemented.append(f"{request.method} {path}")
        self._record(request.method, path, "?", 501, body)
        return _json({"message": f"loopback emulator does not implement {request.method} {path}", "code": 0}, 501)

    def _record(self, method: str, path: str, route: str, status: int, body: Any) -> None:
        self.statuses[status] += 1
        self.requests.append(Request(method, path, route, status, body, time.perf_counter()))

    def _register_routes(self) -> None:
        r = self._route
        r("GET", "/users/@me", lambda *_: self._const(p.BOT_USER))
        r("GET", "/oauth2/applications/@me", lambda *_: self._const(p.application_payload()))
        r("GET", "/gateway", lambda *_: self._const({"url": self.gateway_url}))
        r(
            "GET",
            "/gateway/bot",
            lambda *_: self._const(
                {
                    "url": self.gateway_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
                }
            ),
        )
        r("PUT", "/applications/{app_id}/commands", self._sync_commands)
        r("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._sync_commands)
        r("GET", "/channels/{channel_id}", self._get_channel)
        r("POST", "/channels/{channel_id}/messages", self._create_message)
        r("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message)
        r("DELETE", "/channels/{channel_id}/messages/{message_id}", self._no_content)
        r("POST", "/channels/{channel_id}/messages/{message_id}/threads", self._start_thread)
        r("POST", "/channels/{channel_id}/threads", self._start_thread)
        r("PUT", "/channels/{channel_id}/messages/pins/{message_id}", self._no_content)
        r("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", self._no_content)
        r("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self._no_content)
        r("POST", "/users/@me/channels", self._open_dm)
        r("POST", "/interactions/{interaction_id}/{token}/callback", self._callback)
        r("POST", "/webhooks/{webhook_id}/{token}", self._followup)
        r("PATCH", "/webhooks/{webhook_id}/{token}/messages/{message_id}", self._followup)
        r("DELETE", "/webhooks/{webhook_id}/{token}/messages/{message_id}", self._no_content)

    async def _const(self, data: Any) -> web.Response:
        return _json(data)

    async def _no_content(self, *_: Any) -> web.Response:
        return web.Response(status=204)

    async def _sync_commands(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        # Discord answers every command with a description ("" for context menus).
        commands = [
            {
                "description": "",
                **c,
                "id": str(p.snowflake()),
                "application_id": str(p.APP_ID),
                "version": "1",
                "default_member_permissions": c.get("default_member_permissions"),
            }
            for c in body or []
        ]
        return _json(commands)

    async def _get_channel(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        channel_id = int(params["channel_id"])
        guild_id = self.channel_guild.get(channel_id)
        if guild_id is None:
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        channel = next(c for c in self.guild_by_id[guild_id].channels if c.id == channel_id)
        return _json(p.channel_payload(guild_id, channel, 0))

    async def _create_message(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        channel_id = int(params["channel_id"])
        nonce = (body or {}).get("nonce")
        if nonce is not None and (body or {}).get("enforce_nonce"):
            earlier = self.by_nonce.get((channel_id, str(nonce)))
            if earlier is not None:
                self.nonce_repeats += 1
                return _json(earlier)
        message = p.message_payload(channel_id, self.channel_guild.get(channel_id), body or {})
        if nonce is not None:
            message["nonce"] = nonce
            self.by_nonce[(channel_id, str(nonce))] = message
        self.messages[channel_id].append(message)
        return _json(message)

    async def _edit_message(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        channel_id = int(params["channel_id"])
        return _json(
            p.message_payload(
                channel_id, self.channel_guild.get(channel_id), body or {}, message_id=int(params["message_id"])
            )
        )

    async def _start_thread(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        parent = int(params["channel_id"])
        if "message_id" in params:
            if int(params["message_id"]) in self._threaded:
                return _json({"message": "A thread has already been created for this message", "code": 160004}, 400)
            self._threaded.add(int(params["message_id"]))
        thread_id = int(params.get("message_id") or p.snowflake())
        thread = p.thread_payload(self.channel_guild.get(parent, 0), parent, thread_id, (body or {}).get("name", ""))
        self.threads.append(thread)
        return _json(thread)

    async def _open_dm(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        recipient = (body or {}).get("recipient_id", p.MEMBER_ID)
        return _json(
            {
                "id": str(p.snowflake()),
                "type": 1,
                "last_message_id": None,
                "recipients": [p.user_payload(int(recipient), "member")],
            }
        )

    async def _callback(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        interaction_id = int(params["interaction_id"])
        self.callbacks.append((interaction_id, time.perf_counter(), body or {}))
        kind = (body or {}).get("type", 4)
        data = (body or {}).get("data") or {}
        interaction: dict[str, Any] = {
            "id": str(interaction_id),
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(data.get("flags", 0) & 64),
        }
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 7):
            message = p.message_payload(0, None, data)
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        return _json({"interaction": interaction, "resource": resource})

    async def _followup(self, request: web.Request, params: dict[str, str], body: Any) -> web.Response:
        interaction_id = self.interaction_tokens.get(params["token"])
        if interaction_id is not None and request.method == "POST":
            self.followups.append((interaction_id, time.perf_counter()))
        return _json(p.message_payload(0, None, body or {}))

    # ------------------------------------------------------------------ helpers for tests
    def created(self, route: str, status: int = 200) -> list[Request]:
        """Answered requests for one route template."""
        return [r for r in self.requests if r.route == route and r.status == status]


async def wait_until(predicate: Callable[[], bool], within: float = 10.0, what: str = "condition") -> None:
    """Poll until `predicate()` holds (bounded: fails after `within` seconds)."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for {what}")
        await asyncio.sleep(0.005)
