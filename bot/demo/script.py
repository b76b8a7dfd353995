"""The demo day: a small community, scripted step by step, each step checked."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord

from bot.demo import steps
from bot.demo.transcript import Names, channel_transcript, private_line, wrap

log = logging.getLogger(__name__)

CHANNELS = ("general", "prompts", "anonymous", "wins", "resources", "mod-alerts", "mod-log", "welcome")


class DemoDay:
    """Builds the demo server and plays the day; every step records whether it really happened."""

    SCRIPT: tuple[tuple[str, Callable[[DemoDay], Awaitable[bool]]], ...] = (
        ("A newcomer joins and agrees to the guidelines", steps.newcomer_agrees),
        (
            "The day's prompt is posted at 09:00 with its thread, and two members answer",
            steps.prompt_and_thread_replies,
        ),
        ("A member shares anonymously and another replies anonymously", steps.anonymous_share_and_reply),
        ("A small win is posted and celebrated", steps.win_and_celebration),
        ("A private day counter reaches day 7 and its owner gets a DM", steps.counter_reaches_day_seven),
        ("A member talks to the team without their name, and the team answers", steps.talk_to_the_team_without_a_name),
        (
            "Crisis words get private help (a safety plan, a check-in tomorrow) and a moderator alert, "
            "which is acknowledged",
            steps.crisis_gets_private_help_and_an_alert,
        ),
        (
            "A member says a crisis line didn't work: the other lines at once, a note for the team without a name",
            steps.crisis_line_did_not_work,
        ),
        ("A moderator adds and pins a resource and a member finds it", steps.resource_pinned_and_found),
        ("A member exports their data and then deletes it", steps.export_and_forget),
        ("The next morning, the member who asked gets one check-in and answers it", steps.next_day_check_in),
    )

    def __init__(self, env: Any, database: Path, *, language: str = "en") -> None:
        self.language = language
        self.env = env
        self.database = database
        self.results: list[tuple[str, bool, str]] = []
        self.private: list[str] = []
        self.lea: Any = None  # joins during the day

    def actor(self, name: str) -> Any:
        """A person of the demo by first name."""
        return {"Morgan": self.mod, "Sam": self.supporter, "Ana": self.ana, "Ben": self.ben, "Lea": self.lea}[name]

    @property
    def bot(self) -> Any:
        """The running Hearth bot."""
        return self.env.bot

    async def step(self, name: str, action: Callable[[], Awaitable[bool]]) -> bool:
        """Run one step; it passes when it returns True and raises nothing."""
        try:
            ok = bool(await action())
            detail = "" if ok else "the expected result did not appear"
            detail = f"({self.env.now().astimezone(steps.BERLIN):%H:%M} in Berlin)" if ok else detail
        except Exception as exc:  # the demo reports failures instead of stopping
            ok, detail = False, f"{type(exc).__name__}: {exc}"
            log.debug("demo step failed: %s", traceback.format_exc())
        self.results.append((name, ok, detail))
        return ok

    def note(self, who: str, what: str, result: Any) -> None:
        """Remember an ephemeral reply for the transcript."""
        self.private.append(private_line(who, what, result, self.names()))

    def names(self) -> Names:
        """Resolves mentions and links in this server to names, as members see them."""
        return Names(self.bot, self.guild.id if hasattr(self, "guild") else None)

    def build_world(self) -> None:
        """The demo server: channels, roles, a moderator, a peer supporter and members."""
        env = self.env
        env.backend.edit_bot_profile("Hearth")  # SimCord calls its bot "TestBot"; this one is Hearth
        self.guild = env.create_guild("Hearth Demo")
        self.channels = {name: self.guild.create_text_channel(name) for name in CHANNELS}
        self.roles = {
            "moderator": self.guild.create_role(
                "Moderators",
                permissions=discord.Permissions(manage_guild=True, moderate_members=True, manage_messages=True),
            ),
            "peer_supporter": self.guild.create_role("Peer supporters"),
            "member": self.guild.create_role("Members"),
        }
        me = env.bot.get_guild(self.guild.id).me if env.bot.get_guild(self.guild.id) else None
        staff_only = {
            self.guild.default_role: discord.PermissionOverwrite(view_channel=False),
            self.roles["moderator"]: discord.PermissionOverwrite(view_channel=True),
            self.roles["peer_supporter"]: discord.PermissionOverwrite(view_channel=True),
        }
        if me is not None:
            staff_only[me] = discord.PermissionOverwrite(view_channel=True)
        self.channels["team-inbox"] = self.guild.create_text_channel("team-inbox", overwrites=staff_only)
        self.mod = self.guild.add_member(env.create_user("Morgan"), roles=[self.roles["moderator"]])
        self.supporter = self.guild.add_member(env.create_user("Sam"), roles=[self.roles["peer_supporter"]])
        self.ana = self.guild.add_member(env.create_user("Ana"), roles=[self.roles["member"]])
        self.ben = self.guild.add_member(env.create_user("Ben"), roles=[self.roles["member"]])

    async def setup_server(self) -> bool:
        """A moderator points every part at its channel and sets the timezone."""
        ch = self.channels
        for slot, channel in (
            ("prompts", "prompts"),
            ("anonymous", "anonymous"),
            ("wins", "wins"),
            ("resources", "resources"),
            ("mod_alerts", "mod-alerts"),
            ("mod_log", "mod-log"),
            ("welcome", "welcome"),
            ("team_inbox", "team-inbox"),
        ):
            await self.mod.slash(ch["general"], "config channel", slot=slot, channel=ch[channel])
        for slot in ("moderator", "peer_supporter", "member"):
            await self.mod.slash(ch["general"], "config role", slot=slot, role=self.roles[slot])
        result = await self.mod.slash(ch["general"], "config timezone", name="Europe/Berlin")
        self.note("Morgan", "/config timezone Europe/Berlin", result)
        await self.mod.slash(ch["general"], "config set", setting="country", value="DE")
        if self.language != "en":
            result = await self.mod.slash(ch["general"], "config set", setting="language", value=self.language)
            self.note("Morgan", f"/config set language {self.language}", result)
        settings = await self.bot.guild_settings.get(self.guild.id)
        return (
            settings.timezone == "Europe/Berlin"
            and settings.channels.prompts == ch["prompts"].id
            and settings.language == self.language
        )

    async def play(self) -> bool:
        """Play every step in order; True when all of them happened."""
        # Driver code that schedules or advances time must read SimCord's clock, not the real one.
        with self.env.time_context():
            await self.bot.tree.sync()
            self.build_world()
            await self.env.settle()
            await self.step("A moderator sets Hearth up with /config", self.setup_server)
            for name, play in self.SCRIPT:
                await self.step(name, functools.partial(play, self))
        return all(ok for _, ok, _ in self.results)

    def report(self) -> list[str]:
        """The steps, the private replies, and every channel, thread and DM."""
        lines = ["Hearth demo: one day in a small support community (simulated Discord, real bot)", ""]
        for name, ok, detail in self.results:
            step = f"{'✓' if ok else '✗'} {name}" + (f"  — {detail}" if detail else "")
            wrapped = wrap(step, "  ")  # continuation lines are indented under the mark
            lines.extend([wrapped[0].lstrip(), *wrapped[1:]])
        lines += ["", "Private replies (ephemeral: only that person saw them):", *self.private, ""]
        names = self.names()
        for name, handle in self.channels.items():
            lines.extend(channel_transcript(f"#{name}", handle.history(), names))
            for thread in handle.threads:
                lines.extend(channel_transcript(f"#{name} › thread {thread.name}", thread.history(), names))
        for who in (self.ana, self.ben, self.lea, self.mod):
            if who is None:
                continue
            messages = who.user.dm_channel.history() if hasattr(who, "user") else []
            if messages:
                lines.extend(channel_transcript(f"DMs with {who.name}", messages, names))
        lines += ["", f"{sum(ok for _, ok, _ in self.results)} of {len(self.results)} steps happened."]
        return lines
