"""Reports: the 'Report to moderators' modal, the incident in the mod-alert channel, and its persistent actions."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.core.numbers import parse_id
from bot.surface import delivery
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from bot.surface.modlog import mod_log_embed, post_mod_log
from bot.surface.permissions import GuildOnlyError, Tier, ensure_tier
from bot.surface.replies import reply_private, returned_text_block
from bot.surface.views import (
    HearthModal,
    PersistentButton,
    PersistentSelect,
    choice_field,
    int_field,
)
from cogs.moderation import messages as words
from cogs.moderation.actions import ModerationActions
from cogs.moderation.common import message_link, stamp
from cogs.moderation.durations import TIMEOUT_CHOICES, describe_duration
from cogs.moderation.store import ModerationEvent, ModerationRepository, Report
from cogs.safety.api import neutralize_mentions

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
SNAPSHOT_LIMIT = 1000


def snapshot_of(message: discord.Message) -> str:
    """The reported message's text as moderators will see it: mentions neutralised, truncated."""
    text = neutralize_mentions(message.content or "")
    if len(text) > SNAPSHOT_LIMIT:
        text = text[:SNAPSHOT_LIMIT] + "…"
    if message.attachments:
        text += f"\n[{len(message.attachments)} attachment(s)]"
    return text.strip()


def incident_embed(report: Report, events: list[ModerationEvent]) -> discord.Embed:
    """The incident as moderators see it; an anonymous post never shows who wrote it."""
    anonymous = report.anonymous_post_id is not None
    title = (
        words.INCIDENT_ANON_TITLE.format(id=report.id, post_id=report.anonymous_post_id)
        if anonymous
        else words.INCIDENT_TITLE.format(id=report.id)
    )
    embed = discord.Embed(
        title=title, colour=discord.Colour.gold() if report.status == "open" else discord.Colour.dark_grey()
    )
    snapshot = report.snapshot or words.INCIDENT_EMPTY
    embed.add_field(name=words.INCIDENT_MESSAGE, value=returned_text_block(snapshot, 1000), inline=False)
    author = words.INCIDENT_ANON_AUTHOR if anonymous or report.author_id is None else f"<@{report.author_id}>"
    embed.add_field(name=words.INCIDENT_AUTHOR, value=author, inline=True)
    reporter = f"<@{report.reporter_id}>" if report.reporter_id is not None else "—"
    embed.add_field(name=words.INCIDENT_REPORTER, value=reporter, inline=True)
    embed.add_field(name=words.INCIDENT_WHERE, value=report.jump_url, inline=False)
    embed.add_field(name=words.INCIDENT_REASON, value=(report.reason or words.INCIDENT_NO_REASON)[:1024], inline=False)
    if events:
        lines = [
            words.INCIDENT_EVENT_LINE.get(e.action, e.action).format(
                actor=f"<@{e.actor_id}>", when=stamp(e.at), detail=e.detail or ""
            )
            for e in events
        ]
        embed.add_field(name=words.INCIDENT_HISTORY, value="\n".join(lines)[-1024:], inline=False)
    embed.timestamp = report.created_at
    return embed


def incident_view(report: Report) -> discord.ui.View:
    """The persistent action buttons; anonymous posts get post actions only."""
    view = discord.ui.View(timeout=None)
    if report.anonymous_post_id is not None:
        actions = ("dismiss", "remove", "block")
    else:
        actions = ("dismiss", "delete", "warn")
    for action in actions:
        view.add_item(ReportButton(report.guild_id, report.id, action))
    if report.anonymous_post_id is None:
        view.add_item(ReportTimeoutSelect(report.guild_id, report.id))
    return view


class Reports:
    """Creates incidents from reports and carries out the moderators' choices."""

    def __init__(self, bot: HearthBot, repository: ModerationRepository, actions: ModerationActions) -> None:
        self.bot = bot
        self.repository = repository
        self.actions = actions

    async def open_form(self, interaction: discord.Interaction[Any], message: discord.Message) -> None:
        """Context-menu entry: check the server can take reports, then show the modal."""
        if interaction.guild is None:
            raise GuildOnlyError()
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        if settings.channels.mod_alerts is None:
            raise UserFacingError(words.REPORT_NO_CHANNEL)
        if message.author.id == interaction.user.id:
            raise UserFacingError(words.REPORT_OWN_MESSAGE)
        await interaction.response.send_modal(ReportModal(self, message))

    async def submit(self, interaction: discord.Interaction[Any], message: discord.Message, reason: str) -> None:
        """Post the incident for moderators and thank the reporter privately (or give their words back)."""
        assert interaction.guild is not None
        guild_id = interaction.guild.id
        settings = await self.bot.guild_settings.get(guild_id)
        cleaned = neutralize_mentions(reason.strip()) or None
        post_id = None
        if self.bot.anonymous_moderation is not None:
            post_id = await self.bot.anonymous_moderation.post_for_message(guild_id, message.id)

        async def create() -> Report:
            return await self.repository.create_report(
                guild_id=guild_id,
                channel_id=message.channel.id,
                message_id=message.id,
                jump_url=message.jump_url,
                author_id=None if post_id is not None else message.author.id,
                anonymous_post_id=post_id,
                reporter_id=interaction.user.id,
                reason=cleaned,
                snapshot=snapshot_of(message),
                now=self.bot.clock(),
            )

        async def send(report: Report) -> delivery.PostResult:
            return await delivery.post(
                self.bot,
                guild_id,
                settings.channels.mod_alerts,
                what="mod_alerts",
                embed=incident_embed(report, []),
                view=incident_view(report),
            )

        async def record(report: Report, card: discord.Message) -> None:
            await self.repository.set_report_message(report.id, card.channel.id, card.id)

        async def release(report: Report) -> None:
            await self.repository.delete_report(report.id)

        _, result = await delivery.post_reserved(create, send, record, release)
        if result.message is None:
            text = words.REPORT_NOT_POSTED.format(reason=result.reason)
            if reason.strip():
                text += f"\n\n{common.TEXT_RETURNED}\n{returned_text_block(reason)}"
            await reply_private(interaction, text)
            return
        await reply_private(interaction, words.REPORT_THANKS)

    async def _report(self, interaction: discord.Interaction[Any], report_id: int) -> Report:
        await ensure_tier(interaction, Tier.MODERATOR)
        assert interaction.guild is not None
        report = await self.repository.report(interaction.guild.id, report_id)
        if report is None:
            raise UserFacingError(words.INCIDENT_GONE)
        return report

    async def _author(self, interaction: discord.Interaction[Any], report: Report) -> discord.Member:
        assert interaction.guild is not None
        member = await delivery.resolve_member(interaction.guild, report.author_id)
        if member is None:
            raise UserFacingError(words.INCIDENT_AUTHOR_LEFT)
        return member

    async def handle(self, interaction: discord.Interaction[Any], action: str, report_id: int) -> None:
        """Dismiss, delete, warn (asks for a reason first), remove post, block author."""
        report = await self._report(interaction, report_id)
        if action == "warn":
            await self._author(interaction, report)
            await interaction.response.send_modal(WarnModal(self, report))
            return
        if action == "dismiss":
            await self._finish(interaction, report, "dismiss", None, words.INCIDENT_DONE["dismiss"])
        elif action == "delete":
            await self._delete(interaction, report)
        elif action in ("remove", "block"):
            await self._anonymous(interaction, report, action)

    async def _delete(self, interaction: discord.Interaction[Any], report: Report) -> None:
        channel = delivery.resolve_channel(self.bot, report.guild_id, report.channel_id)
        done = "delete_gone" if channel is None else "delete"
        if channel is not None:
            try:
                await channel.get_partial_message(report.message_id).delete()
            except discord.NotFound:
                done = "delete_gone"
            except discord.Forbidden:
                raise UserFacingError(words.INCIDENT_CANNOT_DELETE.format(channel=report.channel_id)) from None
        await self._finish(interaction, report, done, None, words.INCIDENT_DONE[done])

    async def _anonymous(self, interaction: discord.Interaction[Any], report: Report, action: str) -> None:
        anon = self.bot.anonymous_moderation
        if anon is None or report.anonymous_post_id is None:
            raise UserFacingError(words.INCIDENT_NO_ANON)
        if action == "remove":
            removed = await anon.remove_post(
                report.guild_id, report.anonymous_post_id, interaction.user.id, report.reason
            )
            await self._finish(
                interaction, report, "remove", None, words.INCIDENT_DONE["remove" if removed else "remove_missing"]
            )
        else:
            sentence = await anon.block_author(
                report.guild_id, report.anonymous_post_id, interaction.user.id, None, report.reason
            )
            await self._finish(interaction, report, "block", None, sentence)

    async def warn_author(self, interaction: discord.Interaction[Any], report_id: int, reason: str) -> None:
        """The warn modal was submitted."""
        report = await self._report(interaction, report_id)
        moderator = interaction.user
        assert isinstance(moderator, discord.Member)
        confirmation = await self.actions.warn(
            moderator, await self._author(interaction, report), reason, report_id=report.id
        )
        await self._finish(interaction, report, "warn", None, confirmation)

    async def timeout_author(self, interaction: discord.Interaction[Any], report_id: int, seconds: int) -> None:
        """A duration was chosen in the incident's timeout menu."""
        report = await self._report(interaction, report_id)
        moderator = interaction.user
        assert isinstance(moderator, discord.Member)
        length = timedelta(seconds=seconds)
        confirmation = await self.actions.timeout(
            moderator, await self._author(interaction, report), length, report.reason, report_id=report.id
        )
        await self._finish(interaction, report, "timeout", describe_duration(length), confirmation)

    async def _finish(
        self, interaction: discord.Interaction[Any], report: Report, action: str, detail: str | None, confirmation: str
    ) -> None:
        """Record the action, update the incident, tell the reporter once, log it, confirm privately."""
        now = self.bot.clock()
        await self.repository.record_event(
            report.guild_id, "report", report.id, action, interaction.user.id, now, detail
        )
        first = await self.repository.close_report(report.id, now)
        if first and report.reporter_id is not None and interaction.guild is not None:
            reporter = await delivery.resolve_member(interaction.guild, report.reporter_id)
            if reporter is not None:
                await delivery.send_dm(reporter, content=words.REPORT_HANDLED_DM.format(guild=interaction.guild.name))
        await self.refresh(report.guild_id, report.id)
        if action not in ("warn", "timeout"):
            settings = await self.bot.guild_settings.get(report.guild_id)
            line = words.INCIDENT_EVENT_LINE[action].format(actor=interaction.user.mention, when=stamp(now), detail="")
            link = message_link(report.guild_id, report.alert_channel_id, report.alert_message_id)
            await post_mod_log(
                self.bot,
                report.guild_id,
                settings.channels.mod_log,
                mod_log_embed(
                    words.REPORT_LOG_TITLE.format(
                        id=report.id, action=words.INCIDENT_ACTIONS.get(action.removesuffix("_gone"), action)
                    ),
                    words.REPORT_LOG_TEXT.format(actor=interaction.user.mention, line=line, link=link),
                ),
            )
        await reply_private(interaction, confirmation)

    async def claim(self, guild_id: int, report_id: int, actor_id: int) -> bool:
        """Someone on the team takes a report from the queue; False if it is no longer open."""
        report = await self.repository.report(guild_id, report_id)
        if report is None:
            raise UserFacingError(words.INCIDENT_GONE)
        if report.status != "open":
            return False
        await self.repository.record_event(guild_id, "report", report_id, "claim", actor_id, self.bot.clock())
        await self.refresh(guild_id, report_id)
        return True

    async def refresh(self, guild_id: int, report_id: int) -> None:
        """Re-render the incident with its status and history."""
        report = await self.repository.report(guild_id, report_id)
        if report is None or report.alert_channel_id is None or report.alert_message_id is None:
            return
        channel = delivery.resolve_channel(self.bot, guild_id, report.alert_channel_id)
        if channel is None:
            return
        events = await self.repository.events("report", report_id)
        try:
            await channel.get_partial_message(report.alert_message_id).edit(
                embed=incident_embed(report, events), view=incident_view(report)
            )
        except discord.HTTPException:
            log.warning("could not update report %s in guild %s", report_id, guild_id)


class ReportModal(HearthModal):
    """'What's wrong?' (optional), then the incident is posted."""

    def __init__(self, reports: Reports, message: discord.Message) -> None:
        super().__init__(title=words.REPORT_MODAL_TITLE)
        self.reports = reports
        self.message = message
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.REPORT_REASON_LABEL,
            placeholder=words.REPORT_REASON_PLACEHOLDER,
            custom_id="reason",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=1000,
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Create the incident."""
        await self.reports.submit(interaction, self.message, self.reason.value or "")


class WarnModal(HearthModal):
    """The reason a warned author will read."""

    def __init__(self, reports: Reports, report: Report) -> None:
        super().__init__(title=words.WARN_MODAL_TITLE)
        self.reports = reports
        self.report_id = report.id
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.WARN_REASON_LABEL,
            custom_id="reason",
            style=discord.TextStyle.paragraph,
            required=True,
            max_length=1000,
            default=(report.reason or "")[:1000] or None,
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Warn the author of the reported message."""
        await self.reports.warn_author(interaction, self.report_id, self.reason.value)


def _reports(interaction: discord.Interaction[Any], guild_id: int) -> Reports:
    cog = interaction.client.get_cog("ModerationCog")
    if cog is None or interaction.guild is None or interaction.guild.id != guild_id:
        raise UserFacingError(words.INCIDENT_GONE)
    reports: Reports = cog.reports
    return reports


class ReportButton(PersistentButton):
    """One action on an incident; works after a restart."""

    prefix = "hearth:report"
    fields = (
        int_field("guild_id"),
        choice_field("action", "dismiss", "delete", "warn", "remove", "block"),
        int_field("report_id"),
    )
    guild_id: int
    action: str
    report_id: int

    def __init__(self, guild_id: int, report_id: int, action: str) -> None:
        style = discord.ButtonStyle.secondary if action == "dismiss" else discord.ButtonStyle.danger
        super().__init__(
            discord.ui.Button(label=words.INCIDENT_ACTIONS[action], style=style),
            guild_id=guild_id,
            action=action,
            report_id=report_id,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Moderators only."""
        await ensure_tier(interaction, Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Carry out the action."""
        await _reports(interaction, self.guild_id).handle(interaction, self.action, self.report_id)


class ReportTimeoutSelect(PersistentSelect):
    """'Time out author for…' with preset durations; works after a restart."""

    prefix = "hearth:report-timeout"
    fields = (int_field("guild_id"), int_field("report_id"))
    guild_id: int
    report_id: int

    def __init__(self, guild_id: int, report_id: int) -> None:
        options = [
            discord.SelectOption(label=label, value=str(int(length.total_seconds())))
            for label, length in TIMEOUT_CHOICES
        ]
        super().__init__(
            discord.ui.Select(placeholder=words.INCIDENT_TIMEOUT_PLACEHOLDER, options=options),
            guild_id=guild_id,
            report_id=report_id,
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Moderators only."""
        await ensure_tier(interaction, Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Time the author out for one of the offered durations (nothing else, whatever the client sent)."""
        offered = {int(length.total_seconds()) for _, length in TIMEOUT_CHOICES}
        chosen = parse_id(self.item.values[0]) if self.item.values else None
        if chosen not in offered:
            raise UserFacingError(words.INCIDENT_GONE)
        await _reports(interaction, self.guild_id).timeout_author(interaction, self.report_id, chosen)
