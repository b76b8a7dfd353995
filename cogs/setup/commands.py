"""Setup and configuration: the /setup panel and the /config commands (moderators only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.guild_settings import (
    GuildSettings,
    parse_setting_value,
    setting_paths,
)
from bot.core.i18n import LANGUAGES
from bot.surface.errors import UserFacingError
from bot.surface.options import TIMEZONE
from bot.surface.permissions import Tier, require_tier
from bot.surface.replies import reply_private
from cogs.setup import messages as words
from cogs.setup.changes import apply_change, show_value
from cogs.setup.panel import SetupPanel, check_channel_usable, check_role_usable

if TYPE_CHECKING:
    from bot.app import HearthBot

MOD_PERMISSIONS = discord.Permissions(manage_guild=True)


def settings_embed(guild: discord.Guild, settings: GuildSettings) -> discord.Embed:
    """A readable summary of every setting."""
    embed = discord.Embed(title=words.SETTINGS_TITLE.format(guild=guild.name), colour=discord.Colour.dark_teal())
    channels = "\n".join(
        f"{label}: {f'<#{getattr(settings.channels, key)}>' if getattr(settings.channels, key) else words.NOT_SET}"
        for key, label in words.CHANNEL_SLOTS.items()
    )
    roles = "\n".join(
        f"{label}: {f'<@&{getattr(settings.roles, key)}>' if getattr(settings.roles, key) else words.NOT_SET}"
        for key, label in words.ROLE_SLOTS.items()
    )
    embed.add_field(name=words.CHANNELS_FIELD, value=channels, inline=False)
    embed.add_field(name=words.ROLES_FIELD, value=roles, inline=False)
    embed.add_field(
        name=words.TIME_PLACE_FIELD,
        value=words.TIME_PLACE_VALUE.format(
            timezone=settings.timezone,
            country=settings.country or words.NOT_SET,
            language=f"{settings.language} ({LANGUAGES[settings.language]})",
        ),
        inline=False,
    )
    for section in ("features", "prompts", "anonymous", "wins", "safety", "onboarding", "privacy", "talk"):
        values = getattr(settings, section).model_dump()
        text = "\n".join(
            f"`{section}.{key}`: {show_value(value) if key != 'guidelines' else (words.GUIDELINES_CUSTOM if value else words.GUIDELINES_DEFAULT)}"
            for key, value in values.items()
        )
        embed.add_field(name=section.capitalize(), value=text[:1024], inline=True)
    return embed


class SetupCog(commands.Cog):
    """Moderator configuration surfaces."""

    config = app_commands.Group(
        name="config",
        description="See and change Hearth's settings for this server",
        guild_only=True,
        default_permissions=MOD_PERMISSIONS,
    )

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot

    @app_commands.command(name="setup", description="Open the Hearth setup panel (moderators)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @require_tier(Tier.MODERATOR)
    async def setup_panel(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Show the setup panel privately."""
        await reply_private(interaction, words.PANEL_INTRO, view=SetupPanel(interaction.user.id))

    @config.command(name="show", description="Show every setting for this server")
    @require_tier(Tier.MODERATOR)
    async def config_show(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Privately summarise the settings."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        await reply_private(interaction, embed=settings_embed(interaction.guild, settings))

    @config.command(name="channel", description="Choose the channel for one part")
    @app_commands.describe(slot="Which part", channel="The channel")
    @app_commands.choices(
        slot=[app_commands.Choice(name=label, value=key) for key, label in words.CHANNEL_SLOTS.items()]
    )
    @require_tier(Tier.MODERATOR)
    async def config_channel(
        self,
        interaction: discord.Interaction[HearthBot],
        slot: str,
        channel: discord.TextChannel | discord.ForumChannel,
    ) -> None:
        """Set a channel after checking the bot can post there (a forum only for the team inbox)."""
        assert interaction.guild is not None
        if isinstance(channel, discord.ForumChannel) and slot != "team_inbox":
            raise UserFacingError(words.FORUM_ONLY_FOR_INBOX.format(slot=words.CHANNEL_SLOTS[slot]))
        check_channel_usable(interaction.guild, slot, channel)
        await reply_private(interaction, await apply_change(interaction, {f"channels.{slot}": channel.id}))

    @config.command(name="role", description="Choose the role for moderators, peer supporters or members")
    @app_commands.describe(slot="Which role Hearth should know", role="The server role that fills it")
    @app_commands.choices(slot=[app_commands.Choice(name=label, value=key) for key, label in words.ROLE_SLOTS.items()])
    @require_tier(Tier.MODERATOR)
    async def config_role(self, interaction: discord.Interaction[HearthBot], slot: str, role: discord.Role) -> None:
        """Set a role."""
        assert interaction.guild is not None
        check_role_usable(interaction.guild, slot, role)
        await reply_private(interaction, await apply_change(interaction, {f"roles.{slot}": role.id}))

    @config.command(name="timezone", description="Set the server's timezone (IANA name, e.g. Europe/Berlin)")
    @app_commands.describe(name="A timezone such as Europe/Berlin (start typing a city)")
    @require_tier(Tier.MODERATOR)
    async def config_timezone(
        self, interaction: discord.Interaction[HearthBot], name: app_commands.Transform[str, TIMEZONE]
    ) -> None:
        """Set the timezone; an unknown zone is refused with the reason (the option's transformer)."""
        await reply_private(interaction, await apply_change(interaction, {"timezone": name}))

    @config.command(name="set", description="Change any other setting (see /config show)")
    @app_commands.describe(setting="The setting, e.g. prompts.time", value="The new value, e.g. 09:00, on, 30")
    @require_tier(Tier.MODERATOR)
    async def config_set(self, interaction: discord.Interaction[HearthBot], setting: str, value: str) -> None:
        """Set one setting by name, validated."""
        if setting.startswith("channels.") or setting.startswith("roles."):
            raise UserFacingError(words.USE_CHANNEL_ROLE_COMMANDS)
        if setting == "onboarding.guidelines":
            raise UserFacingError(words.USE_GUIDELINES_COMMAND)
        try:
            parsed = parse_setting_value(setting, value)
        except ValueError as exc:
            raise UserFacingError(words.SETTING_REFUSED.format(reason=exc)) from None
        await reply_private(interaction, await apply_change(interaction, {setting: parsed}))

    @config_set.autocomplete("setting")
    async def setting_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Settings whose name contains what was typed."""
        hidden = ("channels.", "roles.", "onboarding.guidelines")
        names = [p for p in setting_paths() if not p.startswith(hidden) and current.lower() in p]
        return [app_commands.Choice(name=name, value=name) for name in names[:25]]

    @config.command(name="audit", description="Recent settings changes and who made them")
    @require_tier(Tier.MODERATOR)
    async def config_audit(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Privately list the last 15 changes."""
        assert interaction.guild is not None
        entries = await self.bot.guild_settings.repository.audit(interaction.guild.id, limit=15)
        if not entries:
            await reply_private(interaction, words.NO_AUDIT)
            return
        lines = [
            f"{discord.utils.format_dt(e.changed_at, 'R')} <@{e.actor_id}> `{e.setting}`: {e.old_value} → {e.new_value}"
            for e in entries
        ]
        await reply_private(interaction, embed=discord.Embed(title=words.AUDIT_TITLE, description="\n".join(lines)))


async def setup(bot: HearthBot) -> None:
    """Load the setup cog."""
    await bot.add_cog(SetupCog(bot))
