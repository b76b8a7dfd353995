"""What the resources part offers other parts: the crisis-lines card and its "This number didn't work" buttons."""

from __future__ import annotations

import discord

from bot.content import ContentBundle
from cogs.resources.card import crisis_card
from cogs.resources.line_report_views import LineReportButton, line_report_view, with_line_reports


def crisis_lines_embed(content: ContentBundle, country: str | None) -> discord.Embed:
    """The crisis lines for a country (else the directory and 'call your emergency number')."""
    return crisis_card(content.crisis_lines, country)


__all__ = ["LineReportButton", "crisis_lines_embed", "line_report_view", "with_line_reports"]
