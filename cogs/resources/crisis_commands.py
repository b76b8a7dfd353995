"""/crisis and /crisis-country: private crisis lines for everyone, in servers and DMs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.surface.errors import UserFacingError
from bot.surface.replies import reply_private
from cogs.resources import messages as words
from cogs.resources.card import crisis_card
from cogs.resources.countries import choose_country, country_choices, resolve_country
from cogs.resources.line_report_views import LineReportButton, with_line_reports
from cogs.resources.line_reports import LineReports
from cogs.resources.report_store import TABLE as REPORTS_TABLE
from cogs.resources.report_store import LineReportStore
from cogs.resources.service import SavedCountries
from cogs.safety.api import support_addons

if TYPE_CHECKING:
    from bot.app import HearthBot

EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
ANY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)


class CrisisCog(commands.Cog):
    """Crisis lines by country. Nothing about who asked is stored or logged unless they save a country."""

    crisis_country = app_commands.Group(
        name="crisis-country",
        description="Save or forget the country /crisis shows you first",
        allowed_contexts=EVERYWHERE,
        allowed_installs=ANY_INSTALL,
    )

    def __init__(self, bot: HearthBot, countries: SavedCountries) -> None:
        self.bot = bot
        self.countries = countries
        self.line_reports = LineReports(LineReportStore(bot.db), bot.secret, bot.clock)

    async def cog_load(self) -> None:
        """Listen for "This number didn't work" on every card ever sent, also after a restart."""
        self.bot.add_dynamic_items(LineReportButton)
        self.bot.member_data.declare_without_member_data(
            REPORTS_TABLE, "counts per crisis line and day; never who pressed, nor from which server"
        )

    async def cog_unload(self) -> None:
        """Stop listening for the report button."""
        self.bot.remove_dynamic_items(LineReportButton)

    async def _country_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        content = self.bot.content
        return [
            app_commands.Choice(name=label, value=code)
            for label, code in country_choices(
                content.countries, content.crisis_lines, current, locale=str(interaction.locale)
            )
        ]

    @app_commands.command(name="crisis", description="People you can reach right now — shown only to you")
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.describe(
        country="Your country (start typing its name)",
        remember="Show this country first next time (you can forget it any time)",
    )
    async def crisis(
        self, interaction: discord.Interaction[HearthBot], country: str | None = None, remember: bool = False
    ) -> None:
        """Show crisis lines privately: the country asked for, else saved, else the server's, else the directory."""
        content = self.bot.content
        chosen = resolve_country(content.countries, country, str(interaction.locale))
        saved = await self.countries.saved(interaction.user.id)
        server = None
        if interaction.guild is not None:
            server = (await self.bot.guild_settings.get(interaction.guild.id)).country
        notes: list[str] = [words.CRISIS_INTRO]
        if country and chosen is None:
            notes.append(words.CRISIS_UNKNOWN_COUNTRY.format(typed=country[:50]))
            code = None
        else:
            code = choose_country(chosen, saved, server)
        if remember and chosen is not None:
            await self.countries.remember(interaction.user.id, chosen)
            notes.append(words.CRISIS_REMEMBERED.format(country=content.countries.name_of(chosen) or chosen))
        guild_id = interaction.guild.id if interaction.guild is not None else None
        embed = crisis_card(content.crisis_lines, code)
        # "My safety plan" (or "Make a safety plan" with its one line) first, then "This number didn't work".
        items, line = await support_addons(self.bot, guild_id, interaction.user.id, None, check_in=False)
        if line:
            notes.append(line)
        view: discord.ui.View | None = None
        if items:
            view = discord.ui.View(timeout=None)
            for item in items:
                view.add_item(item)
        view = with_line_reports(view, content.crisis_lines, code, guild_id)
        await reply_private(interaction, "\n\n".join(notes), embed=embed, view=view)

    @crisis.autocomplete("country")
    async def _crisis_country_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._country_autocomplete(interaction, current)

    @crisis_country.command(name="set", description="Save the country /crisis shows you first")
    @app_commands.describe(country="Your country (start typing its name)")
    async def country_set(self, interaction: discord.Interaction[HearthBot], country: str) -> None:
        """Save a country for this member, because they asked."""
        code = resolve_country(self.bot.content.countries, country, str(interaction.locale))
        if code is None:
            raise UserFacingError(words.CRISIS_COUNTRY_INVALID.format(typed=country[:50]))
        await self.countries.remember(interaction.user.id, code)
        name = self.bot.content.countries.name_of(code) or code
        await reply_private(interaction, words.CRISIS_COUNTRY_SAVED.format(country=name))

    @country_set.autocomplete("country")
    async def _set_country_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._country_autocomplete(interaction, current)

    @crisis_country.command(name="clear", description="Forget the country you saved for /crisis")
    async def country_clear(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Forget the member's saved country."""
        had = await self.countries.forget(interaction.user.id)
        await reply_private(interaction, words.CRISIS_COUNTRY_CLEARED if had else words.CRISIS_COUNTRY_NONE)

    @crisis_country.command(name="show", description="See which country you saved for /crisis")
    async def country_show(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Tell the member what they saved."""
        code = await self.countries.saved(interaction.user.id)
        if code is None:
            await reply_private(interaction, words.CRISIS_COUNTRY_NOT_SAVED)
            return
        name = self.bot.content.countries.name_of(code) or code
        await reply_private(interaction, words.CRISIS_COUNTRY_SHOW.format(country=name))
