"""/alerts: one private queue of open crisis alerts and reports, highest risk first; /mod stats' figures."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.surface.errors import UserFacingError
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private
from bot.surface.views import OwnedView
from cogs.moderation import messages as words
from cogs.moderation import triage
from cogs.moderation.common import message_link
from cogs.moderation.triage import Incident, QueueItem, WeekFigures
from cogs.moderation.triage_store import TriageRepository

if TYPE_CHECKING:
    from bot.app import HearthBot
    from cogs.moderation.alerts import CrisisAlerts
    from cogs.moderation.reports import Reports

SHOWN = 15  # lines in the embed
CLAIMABLE = 25  # options in the claim menu (Discord's limit)
STATS_WEEKS = 8


class TriageQueue:
    """Builds the queue and carries out claims."""

    def __init__(self, bot: HearthBot, repository: TriageRepository, alerts: CrisisAlerts, reports: Reports) -> None:
        self.bot = bot
        self.repository = repository
        self.alerts = alerts
        self.reports = reports

    async def items(self, guild_id: int) -> list[QueueItem]:
        """Every open alert and report of a server, in triage order."""
        open_alerts = await self.repository.open_alerts(guild_id)
        open_reports = await self.repository.open_reports(guild_id)
        alert_events = await self.repository.events_for(guild_id, "alert", [a.id for a in open_alerts])
        report_events = await self.repository.events_for(guild_id, "report", [r.id for r in open_reports])
        items = [
            triage.alert_item(a, alert_events[a.id], message_link(guild_id, a.alert_channel_id, a.alert_message_id))
            for a in open_alerts
        ]
        items += [
            triage.report_item(r, report_events[r.id], message_link(guild_id, r.alert_channel_id, r.alert_message_id))
            for r in open_reports
        ]
        return triage.ordered(items)

    async def show(self, interaction: discord.Interaction[Any]) -> None:
        """The queue, privately, with a claim menu for the person who asked."""
        assert interaction.guild is not None
        items = await self.items(interaction.guild.id)
        embed = queue_embed(items, self.bot.clock())
        if not items:
            await reply_private(interaction, embed=embed)
            return
        await reply_private(interaction, embed=embed, view=QueueView(self, interaction.user.id, items))

    async def claim(self, interaction: discord.Interaction[Any], kind: str, item_id: int) -> str:
        """Claim one item for whoever pressed; returns what to tell them."""
        assert interaction.guild is not None
        guild_id = interaction.guild.id
        what = words.QUEUE_WHAT["report" if kind == "report" else "alert"].format(id=item_id)
        if kind == "report":
            await ensure_tier(interaction, Tier.MODERATOR)  # reports are the moderators' to act on
            if not await self.reports.claim(guild_id, item_id, interaction.user.id):
                raise UserFacingError(words.QUEUE_GONE)
            return words.QUEUE_CLAIMED_DONE.format(what=what)
        await ensure_tier(interaction, Tier.PEER_SUPPORTER)
        status = await self.alerts.claim(guild_id, item_id, interaction.user.id)
        if status is not None:
            raise UserFacingError(words.QUEUE_ALREADY.format(what=what, status=status))
        return words.QUEUE_CLAIMED_DONE.format(what=what)

    async def figures(self, guild_id: int) -> list[WeekFigures]:
        """The last weeks' counts and times to acknowledge (no names)."""
        settings = await self.bot.guild_settings.get(guild_id)
        now = self.bot.clock()
        since = now - timedelta(weeks=STATS_WEEKS + 1)
        alerts, reports = await self.repository.incidents_since(guild_id, since)
        alert_events = await self.repository.events_for(guild_id, "alert", [a.id for a in alerts])
        report_events = await self.repository.events_for(guild_id, "report", [r.id for r in reports])
        incidents = [
            Incident("alert", a.created_at, triage.first_handled(alert_events[a.id]), a.escalated_at is not None)
            for a in alerts
        ]
        incidents += [Incident("report", r.created_at, triage.first_handled(report_events[r.id])) for r in reports]
        return triage.weekly_figures(incidents, settings.timezone, now, STATS_WEEKS)


def _what(item: QueueItem) -> str:
    return words.QUEUE_WHAT.get(item.level, words.QUEUE_WHAT["concern"]).format(id=item.id)


def queue_embed(items: list[QueueItem], now: datetime) -> discord.Embed:
    """The queue as one private embed: what, why, how long it has waited, who has it."""
    embed = discord.Embed(title=words.QUEUE_TITLE.format(count=len(items)), colour=discord.Colour.dark_red())
    if not items:
        embed.description = words.QUEUE_EMPTY
        embed.colour = discord.Colour.green()
        return embed
    lines = [words.QUEUE_INTRO]
    for n, item in enumerate(items[:SHOWN], start=1):
        detail = ", ".join(words.CATEGORY_LABELS.get(c, c) for c in item.categories) or words.QUEUE_NO_DETAIL
        if item.asked_for_someone:
            detail = f"{detail} · {words.QUEUE_ASKED}"
        if item.escalated:
            detail = f"{detail} · {words.QUEUE_ESCALATED}"
        claimed = words.QUEUE_CLAIMED.format(who=f"<@{item.claimed_by}>") if item.claimed_by else words.QUEUE_UNCLAIMED
        lines.append(
            words.QUEUE_LINE.format(
                n=n,
                what=_what(item),
                detail=detail,
                waited=triage.waited(item.waiting_since, now),
                claimed=claimed,
                link=item.link or words.QUEUE_NO_LINK,
            )
        )
    if len(items) > SHOWN:
        lines.append(words.QUEUE_MORE.format(count=len(items) - SHOWN))
    embed.description = "\n\n".join(lines)[:4096]
    return embed


def _minutes(value: float | None) -> str:
    if value is None:
        return words.STATS_NONE
    if value < 60:
        return f"{value:.0f}m"
    return f"{value / 60:.1f}h"


def stats_embed(figures: list[WeekFigures], retention_days: int) -> discord.Embed:
    """Per week: alerts, reports, acknowledged, still waiting, median and p90 to acknowledge, escalations."""
    embed = discord.Embed(title=words.STATS_TITLE.format(weeks=len(figures)), colour=discord.Colour.dark_teal())
    rows = [words.STATS_HEADER]
    for week in figures:
        rows.append(
            words.STATS_ROW.format(
                week=week.week_of.isoformat(),
                alerts=week.alerts,
                reports=week.reports,
                acked=week.acknowledged,
                waiting=week.waiting,
                median=_minutes(week.median_minutes),
                p90=_minutes(week.p90_minutes),
                escalated=week.escalated,
            )
        )
    embed.description = words.STATS_INTRO.format(days=retention_days) + "\n```\n" + "\n".join(rows) + "\n```"
    return embed


class QueueView(OwnedView):
    """Claim menu and refresh under one person's private queue; checked again at press time."""

    def __init__(self, queue: TriageQueue, owner_id: int, items: list[QueueItem]) -> None:
        super().__init__(owner_id, timeout=900)
        self.queue = queue
        menu: discord.ui.Select[QueueView] = discord.ui.Select(
            placeholder=words.QUEUE_CLAIM_PLACEHOLDER,
            options=[
                discord.SelectOption(
                    label=words.QUEUE_CLAIM_OPTION.format(n=n, what=_what(item))[:100], value=f"{item.kind}:{item.id}"
                )
                for n, item in enumerate(items[:CLAIMABLE], start=1)
            ],
        )
        menu.callback = self._claim  # type: ignore[method-assign]
        self.menu = menu
        self.add_item(menu)

    async def _claim(self, interaction: discord.Interaction[Any]) -> None:
        kind, _, raw = (self.menu.values[0] if self.menu.values else "").partition(":")
        if not raw.isdigit():
            raise UserFacingError(words.QUEUE_GONE)
        await reply_private(interaction, await self.queue.claim(interaction, kind, int(raw)))

    @discord.ui.button(label=words.QUEUE_REFRESH, style=discord.ButtonStyle.secondary)
    async def refresh(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Show the queue as it is now."""
        await ensure_tier(interaction, Tier.PEER_SUPPORTER)
        await self.queue.show(interaction)
