"""Interaction latency: `/win` and anonymous `/share` (its modal), Hearth beside bare discord.py.

For every interaction the emulator timestamps INTERACTION_CREATE as it sends it, the interaction
callback POST as it arrives, and the bot's post in the channel. `/share` answers with a modal; the
emulator then submits it (a MODAL_SUBMIT interaction) and that submission is what is timed. The
bare baseline answers the same interactions the same way with constants: defer, post the text in
the channel, follow up privately (and, for /share, show a one-field modal first).
Discord's rate-limit headers are on for both sides (so discord.py keeps buckets as against Discord), with
limits set out of reach (2,000 posts in one channel would otherwise wait on the 5-per-5-s channel limit, which is
Discord's, not Hearth's); the fan-out benchmark measures the limits. Both sides do the same REST work; the
requests each made are reported by route (`rest_requests`).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bench.common import load_average, median, percentile
from tests.loopback.emulator import Limits, LoopbackDiscord, wait_until
from tests.loopback.harness import _no_identify_wait, hearth_bot, running, seed_settings
from tests.loopback.payloads import MEMBER_ID, GuildSpec, make_guilds

COMMANDS = ("win", "share")
MARK = re.compile(r"mk(\d+)x")
MESSAGES = "/channels/{channel_id}/messages"
BARE_REACTIONS = ("\N{SEEDLING}", "\N{SPARKLES}")  # Hearth's /win adds two reactions too
HEADERS_ONLY = Limits(enabled=True, global_per_second=10**9, route_limit=10**9)
"""Discord's rate-limit headers on every answer (so discord.py keeps its buckets as it would against Discord),
with limits nobody reaches: 2,000 posts in one channel would otherwise wait on the 5-per-5-s channel limit."""


def bare_client(guild: GuildSpec) -> discord.Client:
    """Bare discord.py with Hearth's intents (copied, not imported): `/win` and `/share` answered with constants.

    It does the same REST work as Hearth: defer, post, (for /win) two reactions, (for /share) the reply thread,
    the private follow-up.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = True
    client = discord.AutoShardedClient(intents=intents, shard_count=1, guild_ready_timeout=0.05)
    client.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
    tree = app_commands.CommandTree(client)
    wins, anonymous = guild.channels[1].id, guild.channels[2].id

    async def answer(
        interaction: discord.Interaction, channel_id: int, text: str, reactions: int = 0, thread: bool = False
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        channel = client.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        message = await channel.send(text)
        for emoji in BARE_REACTIONS[:reactions]:
            await message.add_reaction(emoji)
        if thread:
            await message.create_thread(name="constant")
        await interaction.followup.send("constant", ephemeral=True)

    @tree.command(name="win", description="constant")
    async def win(interaction: discord.Interaction, text: str) -> None:
        await answer(interaction, wins, text, reactions=len(BARE_REACTIONS))

    class Share(discord.ui.Modal, title="constant"):
        text: discord.ui.TextInput[Any] = discord.ui.TextInput(label="constant", custom_id="text")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            await answer(interaction, anonymous, self.text.value, thread=True)

    @tree.command(name="share", description="constant")
    async def share(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Share())

    return client


class Meter:
    """Sends interactions and reads their callback and channel-post times from the emulator."""

    def __init__(self, emulator: LoopbackDiscord, guild: GuildSpec) -> None:
        self.emulator = emulator
        self.guild = guild
        self.counter = 0
        self.posted: dict[int, float] = {}  # marker -> when the channel post arrived
        self.callbacks: dict[int, tuple[float, dict[str, Any]]] = {}
        self.followed: set[int] = set()
        self._requests = self._callbacks = self._followups = 0

    def _scan(self) -> None:
        e = self.emulator
        for r in e.requests[self._requests :]:
            if r.route == MESSAGES and r.status == 200:
                found = MARK.search(json.dumps(r.body))
                if found:
                    self.posted[int(found.group(1))] = r.at
        self._requests = len(e.requests)
        for interaction_id, at, body in e.callbacks[self._callbacks :]:
            self.callbacks[interaction_id] = (at, body)
        self._callbacks = len(e.callbacks)
        self.followed.update(i for i, _ in e.followups[self._followups :])
        self._followups = len(e.followups)

    async def batch(self, command: str, size: int) -> list[tuple[float, float]]:
        """`size` submissions at once; (→ callback, → channel post) in ms for each, after all finished."""
        users, marks = [], []
        for _ in range(size):
            self.counter += 1
            users.append(MEMBER_ID + 1000 + self.counter)  # a new member each time: /share allows 5 per hour
            marks.append(self.counter)
        ids: list[int] = []
        if command == "win":
            for user, mark in zip(users, marks, strict=True):
                ids.append(
                    await self.emulator.slash(
                        self.guild.id,
                        "win",
                        [{"type": 3, "name": "text", "value": f"Went for a short walk after work mk{mark}x"}],
                        user_id=user,
                    )
                )
        else:
            opened = [await self.emulator.slash(self.guild.id, "share", user_id=user) for user in users]

            def modals_shown() -> bool:
                self._scan()
                return all(i in self.callbacks for i in opened)

            await wait_until(modals_shown, within=30, what="the share modals")
            for interaction_id, user, mark in zip(opened, users, marks, strict=True):
                modal = self.callbacks[interaction_id][1]
                assert modal.get("type") == 9, modal
                ids.append(
                    await self.emulator.submit_modal(
                        self.guild.id,
                        modal["data"]["custom_id"],
                        {"text": f"Some evenings the quiet is the hardest part mk{mark}x"},
                        user_id=user,
                    )
                )

        def finished() -> bool:
            self._scan()
            return all(i in self.followed and i in self.callbacks for i in ids) and all(m in self.posted for m in marks)

        await wait_until(finished, within=60, what=f"{size} {command} submissions")
        out = []
        for interaction_id, mark in zip(ids, marks, strict=True):
            sent = self.emulator.interaction_sent[interaction_id]
            out.append(((self.callbacks[interaction_id][0] - sent) * 1000, (self.posted[mark] - sent) * 1000))
        return out

    async def measure(self, command: str, total: int, concurrency: int) -> dict[str, list[float]]:
        """`total` submissions `concurrency` at a time."""
        pairs: list[tuple[float, float]] = []
        for _ in range(total // concurrency):
            pairs.extend(await self.batch(command, concurrency))
        return {"callback": [c for c, _ in pairs], "post": [p for _, p in pairs]}


async def one_side(kind: str, total: int) -> tuple[dict[str, dict[str, list[float]]], dict[str, int]]:
    """Latencies for one bot: each command, sequential and 50 concurrent."""
    guild = make_guilds(1, channels_per_guild=5)[0]
    out: dict[str, dict[str, list[float]]] = {}
    async with LoopbackDiscord([guild], limits=HEADERS_ONLY) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / "hearth.db"
            client: discord.Client
            if kind == "hearth":
                await seed_settings(
                    database,
                    {guild.id: {"channels.wins": guild.channels[1].id, "channels.anonymous": guild.channels[2].id}},
                )
                client = hearth_bot(database)
            else:
                client = bare_client(guild)
            async with running(client):
                meter = Meter(emulator, guild)
                for command in COMMANDS:
                    await meter.measure(command, 50, 1)  # warm up
                    for mode, concurrency in (("sequential", 1), ("concurrent_50", 50)):
                        out[f"{command}_{mode}"] = await meter.measure(command, total, concurrency)
        assert emulator.unimplemented == [], emulator.unimplemented
        routes: dict[str, int] = {}
        for request in emulator.requests:
            routes[f"{request.method} {request.route}"] = routes.get(f"{request.method} {request.route}", 0) + 1
    return out, routes


async def run(total: int, repeats: int) -> dict[str, Any]:
    """Medians over repeats of p50/p99, Hearth beside bare, and the overheads."""
    figures: dict[str, list[float]] = {}
    rest: dict[str, dict[str, int]] = {}
    load_before = load_average()
    for _ in range(repeats):
        for kind in ("bare", "hearth"):
            side, rest[kind] = await one_side(kind, total)
            for case, values in side.items():
                for what, latencies in values.items():
                    for q in (50, 99):
                        figures.setdefault(f"{kind}|{case}|{what}|p{q}", []).append(percentile(latencies, q))
    out: dict[str, Any] = {
        "commands": ["/win", "/share (modal submission)"],
        "interactions_per_mode": total,
        "repeats": repeats,
        "rate_limits": "Discord's headers on both sides; limits set out of reach",
        "rest_requests": rest,
        "load_before": load_before,
    }
    for key, values in figures.items():
        kind, case, what, q = key.split("|")
        out.setdefault(case, {}).setdefault(what, {})[f"{kind}_{q}_ms"] = round(median(values), 3)
    out["load_after"] = load_average()
    for case, whats in out.items():
        if not isinstance(whats, dict) or case == "rest_requests":
            continue
        for what, slot in whats.items():
            for q in ("p50", "p99"):
                slot[f"overhead_{q}_ms"] = round(slot[f"hearth_{q}_ms"] - slot[f"bare_{q}_ms"], 3)
            print(
                f"  {case} → {what}: hearth p50 {slot['hearth_p50_ms']} / p99 {slot['hearth_p99_ms']} ms; "
                f"bare {slot['bare_p50_ms']} / {slot['bare_p99_ms']}; overhead +{slot['overhead_p50_ms']} / "
                f"+{slot['overhead_p99_ms']}",
                flush=True,
            )
    return out
