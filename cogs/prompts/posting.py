"""Posting the daily prompt: scheduling per server, claim-then-post, threads, failures and catch-up."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.core import i18n
from bot.core.claims import LeaseSweep
from bot.core.db import connection_lost
from bot.core.guild_settings import GuildSettings, parse_hhmm
from bot.core.pacing import BulkPacer, bulk_job
from bot.core.scheduler import last_occurrence
from bot.surface import delivery
from bot.surface.modlog import mod_log_embed, post_mod_log
from cogs.prompts import messages as words
from cogs.prompts.content import Prompt
from cogs.prompts.deck import EmptyDeckError
from cogs.prompts.service import PromptService
from cogs.prompts.store import PromptPost
from cogs.safety.api import neutralize_mentions

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

JOB_KEY = "prompt"
LEASE_SWEEP_KEY = f"{JOB_KEY}:leases"
RETRY_KEY = f"{JOB_KEY}:retry"
FIRST_RETRY = timedelta(seconds=30)
AFTER_DATABASE = timedelta(seconds=10)
"""A day's prompt whose database went away mid-way is tried again this soon (the claim and its nonce make the
second try safe: a claim that was made is found, a post that went out is not sent twice)."""
LONGEST_WAIT = timedelta(minutes=30)
THREAD_ALREADY_CREATED = 160004  # Discord: "A thread has already been created for this message"
PROMPT_PERMISSIONS = (*delivery.POST_PERMISSIONS, *delivery.THREAD_PERMISSIONS)


@dataclass(frozen=True)
class PostOutcome:
    """What one attempt to post a prompt did."""

    post: PromptPost | None = None
    message: discord.Message | None = None
    already_claimed: bool = False
    reason: str | None = None
    retrying_at: datetime | None = None  # a passing Discord problem: the same prompt is tried again then

    @property
    def ok(self) -> bool:
        """True when the prompt was posted."""
        return self.message is not None


def prompts_active(settings: GuildSettings) -> bool:
    """True when the server's daily prompt should be scheduled."""
    return settings.features.prompts and not settings.prompts.paused and settings.channels.prompts is not None


def prompt_embed(prompt: Prompt) -> discord.Embed:
    """The public embed for a prompt: text, theme, content note."""
    text = neutralize_mentions(prompt.text)
    if prompt.content_warning:
        text = f"*{words.CONTENT_WARNING.format(warning=neutralize_mentions(prompt.content_warning))}*\n\n{text}"
    embed = discord.Embed(
        title=words.EMBED_TITLE.format(emoji=prompt.theme.emoji),
        description=text,
        colour=discord.Colour.from_rgb(222, 150, 90),
    )
    embed.set_footer(text=words.EMBED_FOOTER.format(theme=prompt.theme.label))
    return embed


def thread_name(local_date: date, prompt: Prompt) -> str:
    """A thread name from the date and the theme, e.g. 'Mon 05 Jan · Grief'."""
    return words.THREAD_NAME.format(date=i18n.format_day(local_date, "EEE dd MMM"), theme=prompt.theme.label)[:100]


def jump_url(guild_id: int, channel_id: int, message_id: int | None = None) -> str:
    """A link to a channel, thread or message."""
    return f"https://discord.com/channels/{guild_id}/{channel_id}" + (f"/{message_id}" if message_id else "")


class PromptPoster:
    """Schedules each server's daily prompt and posts it exactly once per local day."""

    def __init__(self, bot: HearthBot, service: PromptService, pacer: BulkPacer) -> None:
        self.bot = bot
        self.service = service
        self.repository = service.repository
        self.pacer = pacer
        self._seen_guilds: set[int] = set()
        self.lease_sweep = LeaseSweep(
            bot.scheduler, LEASE_SWEEP_KEY, bot.clock, self.resend_abandoned, self.repository.claimant.lease
        )

    async def provide(self, guild: discord.Guild, settings: GuildSettings) -> None:
        """Job provider: (re)schedule or cancel the server's daily prompt from its settings."""
        first_look = guild.id not in self._seen_guilds
        self._seen_guilds.add(guild.id)
        if not prompts_active(settings):
            self.bot.scheduler.cancel(guild.id, JOB_KEY)
            self.bot.scheduler.cancel(guild.id, f"{JOB_KEY}:catch-up")
            return
        guild_id = guild.id

        async def job(moment: datetime) -> None:
            await self.run_scheduled(guild_id, moment)

        at = parse_hhmm(settings.prompts.time)
        grace = timedelta(hours=settings.prompts.grace_hours)
        self.bot.scheduler.schedule_daily(
            guild.id, JOB_KEY, at, settings.timezone, job, days=settings.prompts.days, catch_up=grace
        )
        if first_look:
            await self._note_missed_day(guild_id, settings, grace)

    async def _note_missed_day(self, guild_id: int, settings: GuildSettings, grace: timedelta) -> None:
        """At start: if the last scheduled moment passed beyond the grace window unposted, record the skip."""
        now = self.bot.clock()
        moment = last_occurrence(now, parse_hhmm(settings.prompts.time), settings.zone, settings.prompts.days)
        if moment is None or now - moment <= grace:
            return
        if not await self.repository.has_history(guild_id):
            return  # a server that never had a prompt has nothing to miss
        reason = f"offline at the scheduled time; back {now - moment} later, beyond the {grace} grace window"
        if await self.repository.record_skip(guild_id, moment.date(), reason, now):
            log.warning("skipped the daily prompt of guild %s for %s: %s", guild_id, moment.date(), reason)
            await post_mod_log(
                self.bot,
                guild_id,
                settings.channels.mod_log,
                mod_log_embed(
                    words.SKIPPED_TITLE,
                    words.SKIPPED.format(
                        time=settings.prompts.time, date=moment.date(), hours=settings.prompts.grace_hours
                    ),
                ),
            )

    async def run_scheduled(self, guild_id: int, moment: datetime) -> None:
        """The scheduled job for one server and one local moment; never raises, never blocks other servers."""
        try:
            settings = await self.bot.guild_settings.get(guild_id)
            if not prompts_active(settings) or self.bot.get_guild(guild_id) is None:
                return
            outcome = await self.post_for_day(guild_id, moment.date(), settings)
            if outcome.already_claimed:
                log.debug("guild %s already has its prompt for %s", guild_id, moment.date())
        except Exception as exc:
            if not self._after_database(exc, guild_id, moment.date()):
                log.exception("daily prompt job failed for guild %s", guild_id)

    def _after_database(self, exc: Exception, guild_id: int, local_date: date) -> bool:
        """If `exc` is the database going away (it did not come back within the job's patience), arm the day's
        retry soon and say so; False for any other error."""
        if not connection_lost(exc):
            return False
        log.warning(
            "the database went away during the daily prompt of guild %s for %s; trying again in %s s",
            guild_id,
            local_date,
            int(AFTER_DATABASE.total_seconds()),
        )
        self._schedule_retry(guild_id, local_date, self.bot.clock() + AFTER_DATABASE)
        return True

    def today(self, settings: GuildSettings) -> date:
        """The server's local date now."""
        return self.bot.clock().astimezone(settings.zone).date()

    async def post_for_day(
        self, guild_id: int, local_date: date, settings: GuildSettings, *, extra: bool = False
    ) -> PostOutcome:
        """Claim the day, then post, in the server's language; a failure is recorded on the claim and
        alerted once per streak. Every request to Discord on the way takes a turn from the shared pacer."""
        with i18n.speaking(settings.language), bulk_job(self.pacer):
            return await self._post_for_day(guild_id, local_date, settings, extra=extra)

    async def _post_for_day(
        self, guild_id: int, local_date: date, settings: GuildSettings, *, extra: bool = False
    ) -> PostOutcome:
        try:
            claim = await self.service.claim(
                guild_id, local_date, settings.prompts, extra=extra, language=settings.language
            )
        except EmptyDeckError:
            log.warning("guild %s has no prompts enabled; nothing posted for %s", guild_id, local_date)
            if not extra:
                await self._alert_once(guild_id, settings, "empty deck", words.ALERT_EMPTY_DECK.format(date=local_date))
            return PostOutcome(reason=words.NO_PROMPTS_ENABLED)
        if claim is None:
            return PostOutcome(already_claimed=True)
        post, prompt = claim
        self.lease_sweep.arm()
        channel_id = settings.channels.prompts
        # The same nonce on every attempt at this claim: Discord drops a repeat it already accepted (a timeout
        # whose post did land), so a retry cannot post twice.
        kwargs: dict[str, Any] = {"embed": prompt_embed(prompt), "nonce": f"hearth-prompt-{post.id}"[:25]}
        role_id = settings.roles.prompt_ping
        if role_id is not None:
            # The one intended mention: the moderator-configured prompt role, and nothing else.
            kwargs["content"] = words.PING_LINE.format(role=role_id)
            kwargs["allowed_mentions"] = discord.AllowedMentions(
                everyone=False, users=False, roles=[discord.Object(id=role_id)]
            )
        landed = await self._landed_earlier(guild_id, channel_id, post, prompt) if post.reason is not None else None
        try:
            if landed is not None:  # a retry of an attempt whose answer was lost, though the post went out
                result = delivery.PostResult(message=landed)
            else:
                result = await delivery.post(
                    self.bot, guild_id, channel_id, what="prompts", needed=PROMPT_PERMISSIONS, **kwargs
                )
        except Exception:
            await self.repository.mark_failed(post.id, "unexpected error while posting")
            raise
        if result.message is None and result.transient and not extra:
            retry_at = self._retry_time(local_date, settings)
            if retry_at is not None:
                await self.repository.mark_retry(post.id, result.reason or "a passing Discord problem")
                self._schedule_retry(guild_id, local_date, retry_at)
                log.warning("daily prompt for guild %s on %s: passing Discord problem, retrying", guild_id, local_date)
                return PostOutcome(post=post, reason=result.reason, retrying_at=retry_at)
        if result.message is None:
            reason = result.reason or "unknown"
            if result.transient and not extra:
                reason = words.GAVE_UP_RETRYING.format(hours=settings.prompts.grace_hours, reason=reason)
            await self.repository.mark_failed(post.id, reason)
            log.warning("daily prompt for guild %s on %s not posted: %s", guild_id, local_date, reason)
            text = (
                words.ALERT_MISSING.format(channel=f"<#{channel_id}>", permission=result.missing_permission)
                if result.missing_permission
                else words.ALERT_OTHER.format(reason=reason)
            )
            await self._alert_once(guild_id, settings, reason, text)
            return PostOutcome(post=post, reason=reason)
        message = result.message
        thread_id, thread_problem = await self._open_thread(message, local_date, prompt)
        await self.repository.mark_posted(post.id, message.channel.id, message.id, thread_id, thread_problem)
        if thread_problem is not None:
            await self._alert_once(
                guild_id,
                settings,
                thread_problem,
                words.ALERT_THREAD.format(channel=f"<#{channel_id}>", permission=thread_problem),
            )
        elif await self.repository.clear_failure(guild_id):
            await post_mod_log(
                self.bot,
                guild_id,
                settings.channels.mod_log,
                mod_log_embed(
                    words.RECOVERED_TITLE,
                    words.RECOVERED.format(channel=f"<#{channel_id}>"),
                    colour=discord.Colour.green(),
                ),
            )
        refreshed = await self.repository.post(post.id)
        return PostOutcome(post=refreshed, message=message)

    async def resend_abandoned(self) -> int:
        """Send again the day claims a stopped process left unrecorded (or whose lease ran out), for the servers
        this process owns; each goes out with its claim's nonce, so one that did land is dropped by Discord
        (and found in the channel by `_landed_earlier` after that). Returns how many were taken."""
        now = self.bot.clock()
        taken = await self.repository.release_abandoned(now, words.RESENT_AFTER_STOP, self.bot.shard_scope.sql())
        if taken:
            log.warning("sending %d daily prompt claim(s) again that a stopped process left unrecorded", len(taken))

        async def one(post: PromptPost) -> None:
            try:
                settings = await self.bot.guild_settings.get(post.guild_id)
                due = self.scheduled_moment(post.local_date, settings)
                if now - due > timedelta(hours=settings.prompts.grace_hours):
                    reason = words.NOT_RESENT_PAST_GRACE.format(hours=settings.prompts.grace_hours)
                    await self.repository.mark_failed(post.id, reason)
                    return
                if prompts_active(settings) and self.bot.get_guild(post.guild_id) is not None:
                    await self.post_for_day(post.guild_id, post.local_date, settings)  # takes the waiting retry
            except Exception:
                log.exception("sending an abandoned prompt claim again failed for guild %s", post.guild_id)

        await asyncio.gather(*(one(post) for post in taken))
        return len(taken)

    async def _landed_earlier(
        self, guild_id: int, channel_id: int | None, post: PromptPost, prompt: Prompt
    ) -> discord.Message | None:
        """Before retrying (the claim carries the reason it waits): the bot's own post of this prompt, if an
        attempt whose answer was lost did reach the channel."""
        wanted = prompt_embed(prompt).description
        return await delivery.find_own_message(
            self.bot,
            delivery.resolve_channel(self.bot, guild_id, channel_id),
            post.created_at,
            lambda message: bool(message.embeds) and message.embeds[0].description == wanted,
        )

    def scheduled_moment(self, local_date: date, settings: GuildSettings) -> datetime:
        """When the day's prompt was due, as an aware moment in the server's zone."""
        return datetime.combine(local_date, parse_hhmm(settings.prompts.time), tzinfo=settings.zone)

    def _retry_time(self, local_date: date, settings: GuildSettings) -> datetime | None:
        """The next attempt after a passing problem: the wait doubles with time since the due moment
        (30 s, 1 min, 2 min … at most 30 min), and never past the grace window; None once it is over."""
        now = self.bot.clock()
        deadline = self.scheduled_moment(local_date, settings) + timedelta(hours=settings.prompts.grace_hours)
        waited = now - self.scheduled_moment(local_date, settings)
        wait = min(max(FIRST_RETRY, waited), LONGEST_WAIT)
        when = now + wait
        return when if when <= deadline else None

    def _schedule_retry(self, guild_id: int, local_date: date, when: datetime) -> None:
        """Arm the one retry of the day's prompt (a restart's catch-up takes the same waiting claim)."""

        async def retry() -> None:
            try:
                settings = await self.bot.guild_settings.get(guild_id)
                late = self.bot.clock() - self.scheduled_moment(local_date, settings)
                if late > timedelta(hours=settings.prompts.grace_hours) + FIRST_RETRY:  # (a timer fires a bit late)
                    log.warning(
                        "daily prompt of guild %s for %s: past the grace window, not retried", guild_id, local_date
                    )
                    return
                if prompts_active(settings) and self.bot.get_guild(guild_id) is not None:
                    await self.post_for_day(guild_id, local_date, settings)
            except Exception as exc:
                if not self._after_database(exc, guild_id, local_date):
                    log.exception("daily prompt retry failed for guild %s", guild_id)

        self.bot.scheduler.schedule_at(guild_id, RETRY_KEY, when, retry)

    async def _open_thread(
        self, message: discord.Message, local_date: date, prompt: Prompt
    ) -> tuple[int | None, str | None]:
        """Create the reply thread: (thread id, or the missing permission's name)."""
        try:
            thread = await message.create_thread(name=thread_name(local_date, prompt), auto_archive_duration=1440)
        except discord.Forbidden:
            return None, "Create Public Threads"
        except discord.HTTPException as exc:
            if exc.code == THREAD_ALREADY_CREATED:
                # A re-send that Discord de-duplicated by nonce: the first attempt opened the thread too, and a
                # message's thread has the message's id.
                return message.id, None
            log.warning(
                "thread for the daily prompt in guild %s failed with HTTP %s",
                message.guild.id if message.guild else 0,
                exc.status,
            )
            return None, "Create Public Threads"
        return thread.id, None

    async def _alert_once(self, guild_id: int, settings: GuildSettings, reason: str, text: str) -> None:
        """Alert the mod-log at the start of a failure streak only."""
        if await self.repository.start_failure(guild_id, reason, self.bot.clock()):
            await post_mod_log(
                self.bot,
                guild_id,
                settings.channels.mod_log,
                mod_log_embed(words.ALERT_TITLE, text, colour=discord.Colour.orange()),
            )
