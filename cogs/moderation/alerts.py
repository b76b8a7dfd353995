"""Crisis alerts for moderators: the CrisisAlertSink, the alert message, its persistent buttons, re-pings."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.core.guild_settings import GuildSettings
from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.language import speaks_server_language
from bot.surface.modlog import mod_log_embed, post_mod_log
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.views import PersistentButton, choice_field, int_field
from cogs.moderation import messages as words
from cogs.moderation.common import message_link, ping_roles, role_mentions, roles_only, stamp
from cogs.moderation.store import CrisisAlert, ModerationEvent, ModerationRepository
from cogs.safety.api import CrisisSignal, explain

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

_ORDER = {"open": 0, "acknowledged": 1, "resolved": 2, "escalated": 2}
_STATUS_AFTER = {"acknowledge": "acknowledged", "resolve": "resolved", "escalate": "escalated"}  # stored values


def reping_key(alert_id: int) -> str:
    """The scheduler key of one alert's re-ping."""
    return f"crisis-reping-{alert_id}"


def escalation_key(alert_id: int) -> str:
    """The scheduler key of one alert's escalation to the second role."""
    return f"crisis-escalate-{alert_id}"


ESCALATION_GRACE = timedelta(hours=6)  # an escalation missed by more than this (downtime, a role set later) is skipped


def escalation_delay(settings: GuildSettings) -> timedelta:
    """How long after an alert the second role is pinged: the set time, and always after the re-ping."""
    minutes = max(settings.safety.escalates_after_minutes, settings.safety.repings_after_minutes + 1)
    return timedelta(minutes=minutes)


def alert_embed(alert: CrisisAlert, events: list[ModerationEvent]) -> discord.Embed:
    """The alert as moderators see it: where, level, categories, when, who (unless anonymous), history."""
    crisis = alert.level == "crisis"
    guide = words.ALERT_GUIDE_CHECKIN.get(alert.source) or (words.ALERT_GUIDE if crisis else words.ALERT_GUIDE_CONCERN)
    embed = discord.Embed(
        title=words.ALERT_TITLE.get(alert.level, words.ALERT_TITLE["concern"]).format(id=alert.id),
        description=words.ALERT_SOMEONE_ELSE if alert.source == "someone_else" else guide,
        colour=discord.Colour.red() if crisis else discord.Colour.orange(),
    )
    no_link = words.ALERT_CHECKIN_WHERE if alert.source in words.ALERT_GUIDE_CHECKIN else words.ALERT_NO_LINK
    embed.add_field(name=words.ALERT_WHERE, value=alert.jump_url or no_link, inline=False)
    embed.add_field(name=words.ALERT_LEVEL, value=alert.level, inline=True)
    categories = ", ".join(words.CATEGORY_LABELS.get(c, c) for c in alert.categories) or "—"
    embed.add_field(name=words.ALERT_CATEGORIES, value=categories, inline=True)
    embed.add_field(name=words.ALERT_TIME, value=stamp(alert.created_at), inline=True)
    if alert.why:
        embed.add_field(name=words.ALERT_WHY, value=alert.why[:1024], inline=False)
    if alert.writer_id is not None:
        writer = f"<@{alert.writer_id}>"
    elif alert.anonymous_post_id is not None:
        writer = f"{words.ALERT_ANON_POST.format(post_id=alert.anonymous_post_id)}\n{words.ALERT_ANONYMOUS}"
    else:
        writer = words.ALERT_ANONYMOUS
    embed.add_field(name=words.ALERT_WRITER, value=writer, inline=False)
    embed.add_field(
        name=words.ALERT_STATUS, value=words.ALERT_STATUS_SHOWN.get(alert.status, alert.status), inline=True
    )
    if events:
        lines = [
            words.ALERT_EVENT_LINE.get(e.action, e.action).format(actor=f"<@{e.actor_id}>", when=stamp(e.at))
            for e in events
        ]
        embed.add_field(name=words.ALERT_HISTORY, value="\n".join(lines)[-1024:], inline=False)
    return embed


def alert_view(guild_id: int, alert_id: int) -> discord.ui.View:
    """Acknowledge / Resolved / Escalated, persistent across restarts."""
    view = discord.ui.View(timeout=None)
    for action in ("acknowledge", "resolve", "escalate"):
        view.add_item(AlertButton(guild_id, alert_id, action))
    return view


class CrisisAlerts:
    """The moderation part's CrisisAlertSink: one alert per message, re-pinged once if nobody responds."""

    def __init__(self, bot: HearthBot, repository: ModerationRepository) -> None:
        self.bot = bot
        self.repository = repository
        self._rearmed: set[int] = set()
        self._waiting_at_start: asyncio.Future[dict[int, list[CrisisAlert]]] | None = None

    @speaks_server_language
    async def raise_alert(self, signal: CrisisSignal) -> int | None:
        """Create one moderator alert for the signal (or return the existing one for the same message)."""
        settings = await self.bot.guild_settings.get(signal.guild_id)
        if settings.channels.mod_alerts is None:
            log.warning("crisis alert in guild %s but no mod-alert channel is set", signal.guild_id)
            return None
        alert, created = await self.repository.create_alert(
            guild_id=signal.guild_id,
            source=signal.source,
            level=signal.assessment.alert_level.value,
            categories=[c.value for c in signal.assessment.alert_categories],
            channel_id=signal.channel_id,
            message_id=signal.message_id,
            jump_url=signal.jump_url,
            writer_id=signal.writer_id,
            anonymous_post_id=signal.anonymous_post_id,
            now=self.bot.clock(),
            why=explain(signal.assessment),
        )
        if not created:
            return alert.id
        roles = ping_roles(settings, include_peer_supporters=True)
        content = words.ALERT_PING.format(roles=role_mentions(roles)) if roles else None
        result = await delivery.post(
            self.bot,
            signal.guild_id,
            settings.channels.mod_alerts,
            what="mod_alerts",
            content=content,
            embed=alert_embed(alert, []),
            view=alert_view(signal.guild_id, alert.id),
            allowed_mentions=roles_only(roles),
        )
        if result.message is None:
            log.warning("crisis alert for guild %s could not be posted: %s", signal.guild_id, result.reason)
            await self.repository.delete_alert(alert.id)
            return None
        await self.repository.set_alert_message(alert.id, result.message.channel.id, result.message.id)
        self.schedule_reping(alert, settings.safety.repings_after_minutes)
        self.schedule_escalation(alert, settings)
        return alert.id

    def schedule_reping(self, alert: CrisisAlert, minutes: int) -> None:
        """Arm the one re-ping for an alert nobody has acknowledged."""

        async def run() -> None:
            await self.reping(alert.guild_id, alert.id)

        when = alert.created_at + timedelta(minutes=minutes)
        self.bot.scheduler.schedule_at(alert.guild_id, reping_key(alert.id), when, run)

    async def rearm(self, guild_id: int, minutes: int) -> None:
        """After a restart: re-arm the re-ping (and escalation) of every alert still waiting for someone.

        The first look at each server reads from one start-up query for every server; later looks (a settings
        change) query that server. An alert raised after the start-up query arms its own timers when raised.
        """
        if guild_id in self._rearmed:
            reping = await self.repository.alerts_awaiting_reping(guild_id)
            escalation = await self.repository.alerts_awaiting_escalation(guild_id)
        else:
            if self._waiting_at_start is None:
                self._waiting_at_start = asyncio.ensure_future(self.repository.open_alerts_everywhere())
            try:
                waiting = await self._waiting_at_start
            except Exception:
                self._waiting_at_start = None  # a failed read is tried again next time, not remembered
                raise
            alerts = waiting.pop(guild_id, [])
            self._rearmed.add(guild_id)
            reping = [alert for alert in alerts if alert.repinged_at is None]
            escalation = [alert for alert in alerts if alert.escalated_at is None]
        for alert in reping:
            self.schedule_reping(alert, minutes)
        if escalation:
            settings = await self.bot.guild_settings.get(guild_id)
            for alert in escalation:
                self.schedule_escalation(alert, settings)

    def schedule_escalation(self, alert: CrisisAlert, settings: GuildSettings) -> None:
        """Arm the one escalation to the second role (only if the server chose one)."""
        if settings.roles.escalation is None:
            self.bot.scheduler.cancel(alert.guild_id, escalation_key(alert.id))
            return

        async def run() -> None:
            await self.escalate(alert.guild_id, alert.id)

        when = alert.created_at + escalation_delay(settings)
        if when < self.bot.clock() - ESCALATION_GRACE:
            return  # long past: pinging a second role about an old alert now would only be noise
        self.bot.scheduler.schedule_at(alert.guild_id, escalation_key(alert.id), when, run)

    @speaks_server_language
    async def escalate(self, guild_id: int, alert_id: int) -> None:
        """Ping the escalation role, once, if the alert is still unacknowledged after the re-ping."""
        alert = await self.repository.alert(guild_id, alert_id)
        if alert is None or alert.status != "open" or alert.escalated_at is not None:
            return
        settings = await self.bot.guild_settings.get(guild_id)
        role = settings.roles.escalation
        if role is None or not await self.repository.claim_escalation(alert_id, self.bot.clock()):
            return
        link = message_link(guild_id, alert.alert_channel_id, alert.alert_message_id)
        minutes = int((self.bot.clock() - alert.created_at).total_seconds() // 60)
        result = await delivery.post(
            self.bot,
            guild_id,
            alert.alert_channel_id,
            what="mod_alerts",
            content=words.ALERT_ESCALATION.format(
                role=role_mentions([role]), alert_id=alert_id, minutes=minutes, link=link
            ),
            allowed_mentions=roles_only([role]),
        )
        if not result.ok:
            log.warning("escalation of alert %s in guild %s failed: %s", alert_id, guild_id, result.reason)

    async def claim(self, guild_id: int, alert_id: int, actor_id: int) -> str | None:
        """Acknowledge an alert from the queue; returns its status if it was already past 'open' (or None)."""
        alert = await self.repository.alert(guild_id, alert_id)
        if alert is None:
            raise UserFacingError(words.ALERT_GONE)
        if alert.status != "open":
            return alert.status
        now = self.bot.clock()
        await self.repository.set_alert_status(alert_id, "acknowledged", now)
        await self.repository.record_event(guild_id, "alert", alert_id, "acknowledge", actor_id, now)
        self.cancel_timers(guild_id, alert_id)
        await self.refresh(guild_id, alert_id)
        settings = await self.bot.guild_settings.get(guild_id)
        link = message_link(guild_id, alert.alert_channel_id, alert.alert_message_id)
        await post_mod_log(
            self.bot,
            guild_id,
            settings.channels.mod_log,
            mod_log_embed(
                words.ALERT_LOG_TITLE.format(id=alert_id, status=words.ALERT_STATUS_SHOWN["acknowledged"]),
                words.ALERT_LOG_TEXT.format(
                    actor=f"<@{actor_id}>", status=words.ALERT_STATUS_SHOWN["acknowledged"], link=link
                ),
            ),
        )
        return None

    def cancel_timers(self, guild_id: int, alert_id: int) -> None:
        """Someone is on it: no re-ping and no escalation."""
        self.bot.scheduler.cancel(guild_id, reping_key(alert_id))
        self.bot.scheduler.cancel(guild_id, escalation_key(alert_id))

    @speaks_server_language
    async def reping(self, guild_id: int, alert_id: int) -> None:
        """Ping the team again, once, if the alert is still unacknowledged."""
        alert = await self.repository.alert(guild_id, alert_id)
        if alert is None or alert.status != "open" or alert.repinged_at is not None:
            return
        settings = await self.bot.guild_settings.get(guild_id)
        roles = ping_roles(settings, include_peer_supporters=True)
        if not roles or not await self.repository.claim_reping(alert_id, self.bot.clock()):
            return
        link = message_link(guild_id, alert.alert_channel_id, alert.alert_message_id)
        result = await delivery.post(
            self.bot,
            guild_id,
            alert.alert_channel_id,
            what="mod_alerts",
            content=words.ALERT_REPING.format(roles=role_mentions(roles), link=link),
            allowed_mentions=roles_only(roles),
        )
        if not result.ok:
            log.warning("re-ping for alert %s in guild %s failed: %s", alert_id, guild_id, result.reason)

    @speaks_server_language
    async def request_check_in(self, guild_id: int, alert_id: int, user: discord.abc.User) -> bool:
        """The writer chose to be contacted: add them to the alert and tell the team."""
        alert = await self.repository.alert(guild_id, alert_id)
        if alert is None:
            return False
        now = self.bot.clock()
        await self.repository.set_check_in(alert_id, user.id)
        await self.repository.record_event(guild_id, "alert", alert_id, "check_in", user.id, now)
        await self.refresh(guild_id, alert_id)
        settings = await self.bot.guild_settings.get(guild_id)
        roles = ping_roles(settings, include_peer_supporters=True)
        link = message_link(guild_id, alert.alert_channel_id, alert.alert_message_id)
        result = await delivery.post(
            self.bot,
            guild_id,
            alert.alert_channel_id or settings.channels.mod_alerts,
            what="mod_alerts",
            content=words.ALERT_CHECK_IN_PING.format(
                roles=role_mentions(roles), user=f"<@{user.id}>", alert_id=alert_id, link=link
            ).strip(),
            allowed_mentions=roles_only(roles),
        )
        return result.ok

    @speaks_server_language
    async def refresh(self, guild_id: int, alert_id: int) -> None:
        """Re-render the alert message with its current status and history."""
        alert = await self.repository.alert(guild_id, alert_id)
        if alert is None or alert.alert_channel_id is None or alert.alert_message_id is None:
            return
        channel = delivery.resolve_channel(self.bot, guild_id, alert.alert_channel_id)
        if channel is None:
            return
        events = await self.repository.events("alert", alert_id)
        try:
            await channel.get_partial_message(alert.alert_message_id).edit(
                embed=alert_embed(alert, events), view=alert_view(guild_id, alert_id)
            )
        except discord.HTTPException:
            log.warning("could not update alert %s in guild %s", alert_id, guild_id)

    async def handle(self, interaction: discord.Interaction[Any], action: str, alert_id: int) -> None:
        """A moderator (or peer supporter, to acknowledge) pressed a button on an alert."""
        await ensure_tier(interaction, Tier.PEER_SUPPORTER if action == "acknowledge" else Tier.MODERATOR)
        assert interaction.guild is not None
        guild_id = interaction.guild.id
        alert = await self.repository.alert(guild_id, alert_id)
        if alert is None:
            raise UserFacingError(words.ALERT_GONE)
        status = _STATUS_AFTER[action]
        if alert.status == status or (action == "acknowledge" and _ORDER[alert.status] > _ORDER[status]):
            raise UserFacingError(
                words.ALERT_ALREADY.format(status=words.ALERT_STATUS_SHOWN.get(alert.status, alert.status))
            )
        now = self.bot.clock()
        await self.repository.set_alert_status(alert_id, status, now)
        await self.repository.record_event(guild_id, "alert", alert_id, action, interaction.user.id, now)
        self.cancel_timers(guild_id, alert_id)
        updated = await self.repository.alert(guild_id, alert_id)
        assert updated is not None
        events = await self.repository.events("alert", alert_id)
        await interaction.response.edit_message(embed=alert_embed(updated, events), view=alert_view(guild_id, alert_id))
        settings = await self.bot.guild_settings.get(guild_id)
        link = message_link(guild_id, alert.alert_channel_id, alert.alert_message_id)
        await post_mod_log(
            self.bot,
            guild_id,
            settings.channels.mod_log,
            mod_log_embed(
                words.ALERT_LOG_TITLE.format(id=alert_id, status=words.ALERT_STATUS_SHOWN[status]),
                words.ALERT_LOG_TEXT.format(
                    actor=interaction.user.mention, status=words.ALERT_STATUS_SHOWN[status], link=link
                ),
            ),
        )


class AlertButton(PersistentButton):
    """Acknowledge / Resolved / Escalated on a crisis alert; works after a restart."""

    prefix = "hearth:alert"
    fields = (
        int_field("guild_id"),
        choice_field("action", "acknowledge", "resolve", "escalate"),
        int_field("alert_id"),
    )
    guild_id: int
    action: str
    alert_id: int

    def __init__(self, guild_id: int, alert_id: int, action: str) -> None:
        style = {
            "acknowledge": discord.ButtonStyle.primary,
            "resolve": discord.ButtonStyle.success,
            "escalate": discord.ButtonStyle.danger,
        }[action]
        super().__init__(
            discord.ui.Button(label=words.ALERT_ACTIONS[action], style=style),
            guild_id=guild_id,
            action=action,
            alert_id=alert_id,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Peer supporters may acknowledge; resolving and escalating are for moderators."""
        await ensure_tier(interaction, Tier.PEER_SUPPORTER if self.action == "acknowledge" else Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Record who handled the alert and when, on the alert itself."""
        bot: HearthBot = interaction.client
        sink = bot.crisis_alerts
        if not isinstance(sink, CrisisAlerts):
            raise UserFacingError(words.ALERT_GONE)
        await sink.handle(interaction, self.action, self.alert_id)
