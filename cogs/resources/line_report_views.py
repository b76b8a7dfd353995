"""The "This number didn't work" button under every crisis-lines card, and the note it sends the team.

The button carries the country, the line's key and the server the card was shown for (0: none). At press
time it checks that the line is still listed (if not, the member gets the current card and nothing is
counted) and that the presser belongs to that server (if not, nobody in any server is told; the operator's
count still takes it, once per person per day, as it would from a DM).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.surface import delivery
from bot.surface.replies import reply_private
from bot.surface.views import (
    IdField,
    PersistentButton,
    anyone_who_sees_it,
    text_field,
)
from cogs.resources import messages as words
from cogs.resources.card import checked_month, crisis_card
from cogs.resources.content import CountryLines, CrisisLine, CrisisLinesFile, LineKind, lines_for
from cogs.resources.line_reports import LineReports

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

MAX_BUTTONS = 10  # two rows; a country with more lines gets buttons for the first ten
LABEL_LIMIT = 80
COMPONENT_LIMIT = 25


def report_label(entry: CountryLines, line: CrisisLine) -> str:
    """'This number didn't work' for a country's only line, else 'Didn't work: <service>' (cut to fit)."""
    if len(entry.lines) == 1:
        return words.REPORT_LABEL_ONE
    label = words.REPORT_LABEL_MANY.format(service=line.service)
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


class LineReportButton(PersistentButton):
    """'This number didn't work': thanks the member, shows the other lines at once, tells the team which line."""

    prefix = "hearth:line"
    fields = (text_field("country", "[A-Z]{2}"), text_field("key", "[0-9a-f]{8}"), IdField("guild_id", r"\d{1,20}"))
    country: str
    key: str
    guild_id: int

    def __init__(self, country: str, key: str, guild_id: int, label: str = words.REPORT_LABEL_ONE) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary),
            country=country,
            key=key,
            guild_id=guild_id,
        )

    async def _team_guild(self, interaction: discord.Interaction[Any]) -> tuple[discord.Guild | None, bool]:
        """(the server to tell, or None; False if the press names a server the presser is not in)."""
        if self.guild_id == 0:
            return None, True
        if interaction.guild is not None:
            return (interaction.guild, True) if interaction.guild.id == self.guild_id else (None, False)
        guild = interaction.client.get_guild(self.guild_id)
        if guild is None:
            return None, True  # the bot left that server: the operator's log still counts it
        if guild.get_member(interaction.user.id) is None:
            try:
                await guild.fetch_member(interaction.user.id)
            except discord.HTTPException:
                return None, False
        return guild, True

    pressed_in_guild = False  # the crisis card is often a DM
    bound_to_server = False  # help is never refused; `run` decides whether the server named may be told

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Anyone shown the card may press: it helps them at once and tells the team only which line."""
        await anyone_who_sees_it(interaction)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Help first (the other lines, at once), then count the report and tell the team."""
        bot: HearthBot = interaction.client
        crisis = bot.content.crisis_lines
        entry = lines_for(crisis, self.country)
        line = entry.line(self.key) if entry is not None else None
        if entry is None or line is None:
            view = line_report_view(crisis, self.country, self.guild_id)
            await reply_private(interaction, words.REPORT_LINE_GONE, embed=crisis_card(crisis, self.country), view=view)
            return
        reports: LineReports | None = getattr(bot.get_cog("CrisisCog"), "line_reports", None)
        fresh = reports is not None and reports.claim(interaction.user.id, entry.code, line)
        await reply_private(
            interaction,
            words.REPORT_THANKS if fresh else words.REPORT_THANKS_AGAIN,
            embed=crisis_card(crisis, entry.code, exclude=line.key),
            view=line_report_view(crisis, entry.code, self.guild_id, exclude=line.key),
        )
        if not fresh or reports is None:
            return
        try:  # the member already has the other lines: a failure from here on is the operator's to see
            guild, genuine = await self._team_guild(interaction)
            if not genuine:  # a tampered id, or someone who has left that server: the operator still counts it
                log.info("a line report named a server its presser is not in; counted, but no server is told")
            total = await reports.record(entry.code, line)
            if guild is not None:
                await tell_team(bot, guild, entry, line, total)
        except Exception:
            log.exception("recording a line report for %s failed", entry.code)


def team_note(entry: CountryLines, line: CrisisLine, reports: int) -> discord.Embed:
    """The note the team gets: the line and country, never who pressed."""
    embed = discord.Embed(title=words.TEAM_NOTE_TITLE, description=words.TEAM_NOTE_BODY, colour=discord.Colour.orange())
    embed.add_field(name=words.TEAM_NOTE_COUNTRY, value=f"{entry.name} ({entry.code})"[:1024], inline=True)
    service = line.service if line.kind is LineKind.CRISIS else words.DOMESTIC_ABUSE_MARK.format(service=line.service)
    embed.add_field(name=words.TEAM_NOTE_LINE, value=service[:1024], inline=True)
    contacts = "\n".join(f"{contact.method.value}: {contact.display()}" for contact in line.contacts)
    embed.add_field(name=words.TEAM_NOTE_CONTACTS, value=contacts[:1024], inline=False)
    source = words.TEAM_NOTE_SOURCE_VALUE.format(
        url=line.source, checked=checked_month(line.checked), confidence=line.confidence.value
    )
    embed.add_field(name=words.TEAM_NOTE_SOURCE, value=source[:1024], inline=False)
    embed.add_field(
        name=words.TEAM_NOTE_REPORTS, value=words.TEAM_NOTE_REPORTS_VALUE.format(count=reports), inline=False
    )
    embed.timestamp = discord.utils.utcnow()
    return embed


async def tell_team(bot: HearthBot, guild: discord.Guild, entry: CountryLines, line: CrisisLine, reports: int) -> bool:
    """Post the note in the server's mod-alert channel, else its mod log; True if it was posted."""
    settings = await bot.guild_settings.get(guild.id)
    embed = team_note(entry, line, reports)
    for channel_id, what in ((settings.channels.mod_alerts, "mod_alerts"), (settings.channels.mod_log, "mod_log")):
        if channel_id is None:
            continue
        result = await delivery.post(bot, guild.id, channel_id, what=what, embed=embed)
        if result.ok:
            return True
        log.warning("line report note for guild %s not posted in the %s channel: %s", guild.id, what, result.reason)
    return False


def line_report_view(
    crisis: CrisisLinesFile, country: str | None, guild_id: int | None, *, exclude: str | None = None
) -> discord.ui.View | None:
    """A view with a "didn't work" button per line on the card, or None if the card lists no lines."""
    return with_line_reports(None, crisis, country, guild_id, exclude=exclude)


def with_line_reports(
    view: discord.ui.View | None,
    crisis: CrisisLinesFile,
    country: str | None,
    guild_id: int | None,
    *,
    exclude: str | None = None,
) -> discord.ui.View | None:
    """Add the "didn't work" buttons for a country's lines to `view` (made if None); None if nothing to add."""
    entry = lines_for(crisis, country)
    if entry is None:
        return view
    lines = sorted(entry.lines, key=lambda line: line.kind is not LineKind.CRISIS)
    lines = [line for line in lines if line.key != exclude]
    room = COMPONENT_LIMIT - (len(view.children) if view is not None else 0)
    lines = lines[: min(MAX_BUTTONS, room)]
    if not lines:
        return view
    view = view if view is not None else discord.ui.View(timeout=None)
    for line in lines:
        view.add_item(LineReportButton(entry.code, line.key, guild_id or 0, report_label(entry, line)))
    return view
