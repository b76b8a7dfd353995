"""Onboarding: welcome new members with the guidelines and an "I agree" button; /guidelines."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import i18n
from bot.surface import delivery
from bot.surface.modlog import mod_log_embed, post_mod_log
from bot.surface.permissions import Tier, require_tier
from bot.surface.replies import reply_private
from cogs.onboarding import messages as words
from cogs.onboarding.store import OnboardingRepository
from cogs.onboarding.views import AgreeButton, GuidelinesModal, agree_view, guidelines_embed

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


class OnboardingCog(commands.Cog):
    """The welcome on join and the guidelines commands."""

    guidelines = app_commands.Group(
        name="guidelines",
        description="This server's guidelines",
        guild_only=True,
    )
    # Discord hides a command by its top-level default_permissions, so the admins' commands live apart.
    guidelines_admin = app_commands.Group(
        name="guidelines-admin",
        description="Change this server's guidelines (admins)",
        guild_only=True,
        default_permissions=discord.Permissions(administrator=True),
    )

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repository = OnboardingRepository(bot.db)

    async def cog_load(self) -> None:
        """Register the data store and the persistent "I agree" button."""
        self.bot.member_data.register(self.repository)
        self.bot.add_dynamic_items(AgreeButton)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """Welcome a new member with the guidelines, in the welcome channel or by DM."""
        if member.bot:
            return
        guild = member.guild
        settings = await self.bot.guild_settings.get(guild.id)
        if not settings.features.onboarding:
            return
        i18n.set_language(settings.language)  # this listener's own task; a new member's language is not known yet
        embed = guidelines_embed(self.bot, guild.name, settings, hint=True)
        if settings.onboarding.welcome_mode == "dm":
            sent = await delivery.send_dm(
                member, content=words.WELCOME_DM.format(guild=guild.name), embed=embed, view=agree_view(guild.id)
            )
            if sent:
                return
            dm_reason = "their DMs are closed"
            if settings.channels.welcome is None:
                await self._note_welcome_failed(member, dm_reason)
                return
        result = await delivery.post(
            self.bot,
            guild.id,
            settings.channels.welcome,
            what="welcome",
            content=words.WELCOME_LINE.format(mention=member.mention),
            embed=embed,
            view=agree_view(guild.id),
            # The one intended ping: the new member, in their own welcome line.
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, replied_user=False, users=[member]),
        )
        if not result.ok:
            await self._note_welcome_failed(member, result.reason or "the welcome channel is unusable")

    async def _note_welcome_failed(self, member: discord.Member, reason: str) -> None:
        settings = await self.bot.guild_settings.get(member.guild.id)
        # A server that hasn't chosen a welcome channel yet is setting up, not failing: keep the log quiet.
        level = logging.INFO if settings.channels.welcome is None else logging.WARNING
        log.log(level, "welcome not delivered in guild %s", member.guild.id)
        await post_mod_log(
            self.bot,
            member.guild.id,
            settings.channels.mod_log,
            mod_log_embed(
                words.WELCOME_FAILED_LOG_TITLE,
                words.WELCOME_FAILED_LOG.format(member=member.mention, reason=reason),
                colour=discord.Colour.orange(),
            ),
        )

    @guidelines.command(name="show", description="Read this server's guidelines (only you will see them)")
    async def guidelines_show(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Privately show the guidelines, with "I agree" for anyone still without the member role."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        embed = guidelines_embed(self.bot, interaction.guild.name, settings)
        role_id = settings.roles.member
        member = interaction.user
        needs_role = (
            settings.features.onboarding
            and role_id is not None
            and isinstance(member, discord.Member)
            and member.get_role(role_id) is None
        )
        if needs_role:
            await reply_private(interaction, embed=embed, view=agree_view(interaction.guild.id))
        else:
            await reply_private(interaction, embed=embed)

    @guidelines_admin.command(name="edit", description="Edit the guidelines new members agree to (admins)")
    @require_tier(Tier.ADMIN)
    async def guidelines_edit(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Open the editor, pre-filled with the guidelines in use now."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        await interaction.response.send_modal(
            GuidelinesModal(settings.onboarding.guidelines or self.bot.content.guidelines)
        )

    @guidelines_admin.command(name="reset", description="Go back to Hearth's default guidelines (admins)")
    @require_tier(Tier.ADMIN)
    async def guidelines_reset(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Remove the server's own guidelines."""
        assert interaction.guild is not None
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        if settings.onboarding.guidelines is None:
            await reply_private(interaction, words.GUIDELINES_ALREADY_DEFAULT)
            return
        settings = await self.bot.guild_settings.update(
            interaction.guild.id, interaction.user.id, {"onboarding.guidelines": None}
        )
        await post_mod_log(
            self.bot,
            interaction.guild.id,
            settings.channels.mod_log,
            mod_log_embed(
                words.GUIDELINES_LOG_TITLE, words.GUIDELINES_LOG_RESET.format(actor=interaction.user.mention)
            ),
        )
        await reply_private(interaction, words.GUIDELINES_RESET)


async def setup(bot: HearthBot) -> None:
    """Load the onboarding cog."""
    await bot.add_cog(OnboardingCog(bot))
