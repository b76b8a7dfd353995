"""The Hearth bot: opens the database, loads content, starts the scheduler, loads every cog."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import ContentBundle, load_content
from bot.core import heartbeat, i18n
from bot.core.clock import Clock
from bot.core.db import Database
from bot.core.guild_settings import GuildSettings
from bot.core.guild_settings_service import GuildSettingsService
from bot.core.guild_settings_store import GuildSettingsRepository
from bot.core.member_data import MemberDataRegistry
from bot.core.member_language import MemberLanguageStore
from bot.core.scheduler import Scheduler
from bot.core.shards import ShardFence, ShardScope, new_instance_id
from bot.settings import Settings, resolve_secret
from bot.surface.delivery import pace_requests, wire_pacing
from bot.surface.errors import handle_interaction_error
from bot.surface.language import bind_language
from bot.surface.settings_checks import channels_and_roles_exist
from bot.surface.translator import HearthTranslator
from cogs.anonymous.api import AnonymityService, AnonymousModeration
from cogs.privacy.api import RetentionTask
from cogs.safety.api import CheckInButton, CrisisAlertSink, SupportAddons

log = logging.getLogger(__name__)

COGS_DIR = Path(__file__).resolve().parents[1] / "cogs"
# How long closing waits for a scheduled job already running (a post in flight) to finish.
JOB_DRAIN_SECONDS = 10.0
JobProvider = Callable[[discord.Guild, GuildSettings], Awaitable[None]]


def discover_extensions() -> list[str]:
    """Every feature under cogs/ that has commands (a package with commands.py) is an extension."""
    return sorted(
        f"cogs.{info.name}"
        for info in pkgutil.iter_modules([str(COGS_DIR)])
        if info.ispkg and (COGS_DIR / info.name / "commands.py").exists()
    )


def build_intents() -> discord.Intents:
    """The intents Hearth needs, and no more (see README: 'Intents')."""
    intents = discord.Intents.none()
    intents.guilds = True  # channels, roles, threads: where to post and who may act
    intents.members = True  # privileged: welcome on join, role checks, leave grace period
    intents.guild_messages = True  # crisis-language detection and the spam guard in support channels
    intents.dm_messages = True  # members may share and ask for help in DMs
    intents.message_content = True  # privileged: reading a message's text to detect crisis language
    return intents


class HearthTree(app_commands.CommandTree["HearthBot"]):
    """The command tree: one error path for every slash command and context menu."""

    async def interaction_check(self, interaction: discord.Interaction[HearthBot]) -> bool:
        """Every slash command and context menu speaks the member's language (bot/surface/language.py)."""
        await bind_language(interaction)
        return True

    async def on_error(self, interaction: discord.Interaction[HearthBot], error: app_commands.AppCommandError) -> None:
        """Known errors become kind private replies; others are logged with a reference code."""
        await handle_interaction_error(interaction, error)


class HearthBot(commands.AutoShardedBot):
    """The Hearth Discord client."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = discord.utils.utcnow,
        extensions: list[str] | None = None,
        heartbeat: bool = False,
        fence_shards: bool = True,
        **options: Any,
    ) -> None:
        if settings.shard_ids is not None:
            options["shard_ids"] = list(settings.shard_ids)  # this process's range of HEARTH_SHARD_COUNT
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=build_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=settings.shard_count,
            help_command=None,
            tree_cls=HearthTree,
            http_trace=wire_pacing(),  # bulk-job requests take their pacer turn on the wire (delivery.py)
            **options,
        )
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.database_target)
        self.scheduler = Scheduler(clock)
        # The servers whose scheduled work and sweeps are this process's (every server unless HEARTH_SHARD_IDS).
        self.shard_scope = ShardScope(settings.shard_count, tuple(settings.shard_ids) if settings.shard_ids else None)
        self.fence_shards = fence_shards  # `hearth sync` connects no shard, so it takes no shard lock
        self.shard_fence: ShardFence | None = None
        self.instance_id = new_instance_id()  # the owner named on the claim rows this process makes
        self.shards_lost = False  # another process took this one's shards: `hearth run` exits non-zero
        self._fence_task: asyncio.Task[None] | None = None
        self.extension_names = discover_extensions() if extensions is None else extensions
        self.failed_extensions: dict[str, str] = {}
        self.job_providers: list[JobProvider] = []
        self.content: ContentBundle
        self.secret: bytes
        self.guild_settings: GuildSettingsService
        self.anonymity: AnonymityService
        self.crisis_alerts: CrisisAlertSink | None = None  # set by the moderation cog
        self.support_addons: SupportAddons | None = None  # set by the safety-plan cog
        self.anonymous_moderation: AnonymousModeration | None = None  # set by the anonymous-sharing cog
        self.member_data = MemberDataRegistry(self.db)
        self.member_languages = MemberLanguageStore(self.db)  # each member's client language, for DMs
        # Parts append `async def task(now) -> rows removed` for their own expiry (e.g. anonymous author
        # links, resolved incidents); the privacy cog runs them in its daily pass, then vacuums.
        self.retention_tasks: list[RetentionTask] = []
        # `hearth run` turns the heartbeat file on; tests and the demo leave it off.
        self.heartbeat_enabled = heartbeat
        self._heartbeat_task: asyncio.Task[None] | None = None

    async def setup_hook(self) -> None:
        """Open the database, migrate, load content, start the scheduler, load cogs."""
        # Requests made inside a bulk job (bot/core/pacing.py::bulk_job) take a turn from its pacer first.
        self.http.request = pace_requests(self.http.request)  # type: ignore[method-assign,assignment]
        await self.db.open()
        await self.db.wait_until_reachable(self.settings.database_start_wait)
        await self._own_shards()
        await self.db.migrate()
        self.content = load_content(self.settings.content_dir)
        locales = self.settings.content_dir / "locales"
        i18n.use_catalogues(locales if locales.is_dir() else None)  # else the catalogues shipped with Hearth
        self.secret = resolve_secret(self.settings)
        settings_repository = GuildSettingsRepository(self.db)
        self.guild_settings = GuildSettingsService(settings_repository, self.clock)
        self.member_data.register(settings_repository)
        self.member_data.register(self.member_languages)
        self.member_data.declare_without_member_data(
            "rate_buckets", "the shared pacer's schedule (bot/core/pacing.py): a bucket's name and its next turn"
        )
        self.guild_settings.on_change(self._settings_changed)
        self.guild_settings.add_validator(channels_and_roles_exist(self))
        self.anonymity = AnonymityService(self.db, self.secret, self.clock)
        self.member_data.register(self.anonymity)
        self.add_dynamic_items(CheckInButton)
        await self.tree.set_translator(HearthTranslator())  # command descriptions in each member's language
        self.scheduler.start()
        for name in self.extension_names:
            try:
                await self.load_extension(name)
            except Exception as exc:
                self.failed_extensions[name] = repr(exc)
                log.exception("could not load extension %s", name)
        log.info("loaded %d extensions", len(self.extension_names) - len(self.failed_extensions))
        if self.heartbeat_enabled:
            self._heartbeat_task = asyncio.create_task(self._keep_heartbeat(), name="hearth-heartbeat")

    async def _own_shards(self) -> None:
        """On PostgreSQL, hold one advisory lock per shard of this process before connecting (refusing, or as a
        standby waiting, while another process holds any), and stop if they are ever lost to another process."""
        if self.db.dialect != "postgresql" or not self.fence_shards:
            return
        settings = self.settings
        # Without HEARTH_SHARD_COUNT the process runs every shard Discord recommends: "count 0" in the fence,
        # so a second such process, or one with explicit shards, is refused too.
        fence = ShardFence(str(settings.database_target), settings.shard_count or 0, settings.owned_shards or [0])
        try:
            await fence.acquire(standby=settings.shard_standby)
        except BaseException:
            await fence.release()
            raise
        self.shard_fence = fence
        log.info("holding shards %s", fence.description)
        self._fence_task = asyncio.create_task(self._keep_shards(fence), name="hearth-shard-fence")

    async def _keep_shards(self, fence: ShardFence) -> None:
        await fence.watch()
        log.error("another process now holds this process's shards: stopping")
        self.shards_lost = True
        await self.close()

    def owns_guild(self, guild_id: int) -> bool:
        """Whether this process owns the server's shard (its scheduled posts and sweeps are ours)."""
        return self.shard_scope.owns(guild_id)

    def gateway_connected(self) -> bool:
        """Ready, and every shard's websocket is open."""
        shards = list(self.shards.values())
        return self.is_ready() and bool(shards) and not any(shard.is_closed() for shard in shards)

    async def _keep_heartbeat(self) -> None:
        """Rewrite the heartbeat file every few seconds while the gateway is connected and the database answers."""
        path = self.settings.heartbeat_path
        while not self.is_closed():
            connected = self.gateway_connected()
            if connected:
                try:
                    await self.db.fetchone("SELECT 1")
                    await asyncio.to_thread(heartbeat.beat, path)
                except Exception:
                    log.warning("heartbeat not written to %s", path, exc_info=True)
            # While not connected, look again soon, so the first beat follows READY closely.
            await asyncio.sleep(heartbeat.BEAT_EVERY_SECONDS if connected else 1.0)

    def add_job_provider(self, provider: JobProvider) -> None:
        """Register a function that (re)schedules one server's jobs from its settings."""
        self.job_providers.append(provider)

    async def schedule_guild(self, guild: discord.Guild) -> None:
        """Derive every job of one server from its settings (idempotent)."""
        settings = await self.guild_settings.get(guild.id)
        for provider in self.job_providers:
            try:
                await provider(guild, settings)
            except Exception:
                log.exception("scheduling failed for guild %s", guild.id)

    async def _settings_changed(self, guild_id: int, settings: GuildSettings) -> None:
        guild = self.get_guild(guild_id)
        if guild is not None:
            await self.schedule_guild(guild)

    async def on_ready(self) -> None:
        """Connected, restarted or reconnected: derive every server's jobs again (idempotent).

        READY can carry servers that never produce a GUILD_AVAILABLE event (a resumed session, a restart
        that reuses the cache), so this is the one place every part's jobs are re-armed.
        """
        guilds = list(self.guilds)
        await self.guild_settings.preload([guild.id for guild in guilds])
        for guild in guilds:
            if self.is_closed():
                return  # shutting down mid-start: the next start derives everything again
            await self.schedule_guild(guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        """A server came back from an outage: derive its jobs (at start, on_ready does every server)."""
        if self.is_ready():
            await self.schedule_guild(guild)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """The bot was added to a server."""
        await self.schedule_guild(guild)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot was removed from a server: stop its jobs."""
        self.scheduler.cancel_guild(guild.id)

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        """Push the command list to Discord (to HEARTH_DEV_GUILD only, if set)."""
        if self.settings.dev_guild is not None:
            guild = discord.Object(id=self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            return await self.tree.sync(guild=guild)
        return await self.tree.sync()

    async def close(self) -> None:
        """Stop the scheduler, disconnect from Discord, then close the database (in that order: no job
        or event starts against a closed database)."""
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat_task
            self._heartbeat_task = None
            heartbeat.clear(self.settings.heartbeat_path)
        self.scheduler.shutdown()
        still_running = await self.scheduler.drain(JOB_DRAIN_SECONDS)
        if still_running:
            log.warning("closing with %d scheduled job(s) still running", still_running)
        await super().close()
        await self.db.close()
        if self._fence_task is not None and self._fence_task is not asyncio.current_task():
            self._fence_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._fence_task
        self._fence_task = None
        if self.shard_fence is not None:
            await self.shard_fence.release()  # last: a standby takes over only once nothing here can post
