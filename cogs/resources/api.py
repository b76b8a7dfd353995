"""What the resources feature offers others: a country's crisis lines, their card and its "didn't work" buttons,
(for `hearth content stale`) members' reports of lines that didn't work, and a member's saved country."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.core.db import Database
from cogs.resources.card import crisis_card
from cogs.resources.content import CountriesFile, CrisisLinesFile, LineKind, lines_for
from cogs.resources.line_report_views import LineReportButton, line_report_view, with_line_reports
from cogs.resources.line_reports import recheck_list
from cogs.resources.report_store import TABLE as REPORTS_TABLE
from cogs.resources.report_store import LineReportStore
from cogs.resources.store import ResourcesRepository

if TYPE_CHECKING:
    from bot.content import ContentBundle


def crisis_lines_embed(content: ContentBundle, country: str | None) -> discord.Embed:
    """The crisis lines for a country (else the directory and 'call your emergency number')."""
    return crisis_card(content.crisis_lines, country)


async def saved_crisis_country(db: Database, user_id: int) -> str | None:
    """The country a member asked /crisis to remember, if any."""
    return await ResourcesRepository(db).crisis_country(user_id)


__all__ = [
    "REPORTS_TABLE",
    "CountriesFile",
    "CrisisLinesFile",
    "LineKind",
    "LineReportButton",
    "LineReportStore",
    "crisis_lines_embed",
    "line_report_view",
    "lines_for",
    "recheck_list",
    "saved_crisis_country",
    "with_line_reports",
]
