"""The persistent "I agree" button, the guidelines embed and the guidelines editor."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.core.guild_settings_service import SettingsChangeError
from bot.surface.errors import UserFacingError
from bot.surface.modlog import mod_log_embed, post_mod_log
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private
from bot.surface.views import GuardedCallback, HearthModal
from cogs.onboarding import messages as words
from cogs.onboarding.service import RoleState, account_ready_at, guidelines_for, role_problem
from cogs.onboarding.store import OnboardingRepository

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

GUIDELINES_LIMIT = 3500


def guidelines_embed(bot: HearthBot, guild_name: str, settings: GuildSettings, *, hint: bool = False) -> discord.Embed:
    """The server's guidelines as an embed (mentions inert)."""
    embed = discord.Embed(
        title=words.GUIDELINES_TITLE.format(guild=guild_name)[:256],
        description=guidelines_for(settings, bot.content.guidelines),
        colour=discord.Colour.dark_teal(),
    )
    if hint:
        embed.set_footer(text=words.AGREE_HINT.replace("**", ""))
    return embed


class AgreeButton(
    GuardedCallback, discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"hearth:agree:(?P<guild>\d+)"
):
    """ "I agree": gives the member role of one server to whoever presses it (works after a restart)."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=words.AGREE_LABEL, style=discord.ButtonStyle.success, custom_id=f"hearth:agree:{guild_id}"
            )
        )
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AgreeButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["guild"]))

    pressed_in_guild = False  # the welcome can be a DM

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only a member of the button's server (a copied button pressed by anyone else gives nothing)."""
        guild = interaction.client.get_guild(self.guild_id)
        if guild is None:
            raise UserFacingError(words.SERVER_UNAVAILABLE)
        if guild.get_member(interaction.user.id) is None:
            try:
                await guild.fetch_member(interaction.user.id)  # the cache can be cold after a restart
            except discord.NotFound:
                raise UserFacingError(words.NOT_IN_SERVER) from None

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Check the member, their account age and the role, then grant it (or explain why not)."""
        bot: HearthBot = interaction.client
        await reply_private(interaction, await grant_member_role(bot, self.guild_id, interaction.user))


def agree_view(guild_id: int) -> discord.ui.View:
    """A view holding only the persistent "I agree" button."""
    view = discord.ui.View(timeout=None)
    view.add_item(AgreeButton(guild_id))
    return view


async def grant_member_role(bot: HearthBot, guild_id: int, user: discord.abc.User) -> str:
    """Give the member role to someone who agreed; return what to tell them privately."""
    guild = bot.get_guild(guild_id)
    if guild is None:
        return words.SERVER_UNAVAILABLE
    member = user if isinstance(user, discord.Member) and user.guild.id == guild_id else guild.get_member(user.id)
    if member is None:
        try:
            member = await guild.fetch_member(user.id)  # the cache can be cold after a restart
        except discord.NotFound:
            return words.NOT_IN_SERVER
    settings = await bot.guild_settings.get(guild_id)
    if not settings.features.onboarding:
        return words.FEATURE_OFF
    role = guild.get_role(settings.roles.member) if settings.roles.member is not None else None
    if role is not None and role in member.roles:
        return words.ALREADY_MEMBER.format(role=role.name)
    min_days = settings.onboarding.min_account_age_days
    ready = account_ready_at(member.created_at, bot.clock(), min_days)
    if ready is not None:
        return words.TOO_NEW.format(
            days=min_days, date=i18n.format_day(ready, "d MMMM y"), relative=discord.utils.format_dt(ready, "R")
        )
    problem = role_problem(
        RoleState(
            role_id=settings.roles.member,
            role_exists=role is not None,
            role_managed=role.managed if role is not None else False,
            role_position=role.position if role is not None else 0,
            bot_top_position=guild.me.top_role.position,
            bot_can_manage_roles=guild.me.guild_permissions.manage_roles,
        )
    )
    if problem is None and role is not None:
        try:
            await member.add_roles(role, reason="Agreed to the server guidelines")
        except discord.Forbidden:
            problem_key = "refused"
        else:
            await _repository(bot).record_agreement(guild_id, member.id, bot.clock())
            return words.AGREED.format(role=role.name)
    else:
        problem_key = str(problem)
    role_text = role.mention if role is not None else "the member role"
    await post_mod_log(
        bot,
        guild_id,
        settings.channels.mod_log,
        mod_log_embed(
            words.ROLE_PROBLEM_LOG_TITLE,
            words.ROLE_PROBLEM_LOG[problem_key].format(member=member.mention, role=role_text),
            colour=discord.Colour.orange(),
        ),
    )
    return words.ROLE_PROBLEM_MEMBER[problem_key].format(role=role.name if role is not None else "member")


class GuidelinesModal(HearthModal, title=words.GUIDELINES_MODAL_TITLE):
    """One long text field, pre-filled with the guidelines new members see now."""

    def __init__(self, current: str) -> None:
        super().__init__()
        self.text: discord.ui.TextInput[GuidelinesModal] = discord.ui.TextInput(
            label=words.GUIDELINES_FIELD,
            custom_id="guidelines",
            style=discord.TextStyle.paragraph,
            default=current[:GUIDELINES_LIMIT],
            max_length=GUIDELINES_LIMIT,
            required=True,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[HearthBot]) -> None:  # type: ignore[override]
        """Save the new guidelines (admins only), log it, and show the result privately."""
        await ensure_tier(interaction, Tier.ADMIN)
        assert interaction.guild is not None
        bot = interaction.client
        text = self.text.value.strip()
        if not text:
            raise UserFacingError(words.GUIDELINES_EMPTY)
        try:
            settings = await bot.guild_settings.update(
                interaction.guild.id, interaction.user.id, {"onboarding.guidelines": text}
            )
        except SettingsChangeError as exc:
            raise UserFacingError(words.GUIDELINES_REFUSED.format(reason=exc)) from None
        await post_mod_log(
            bot,
            interaction.guild.id,
            settings.channels.mod_log,
            mod_log_embed(
                words.GUIDELINES_LOG_TITLE,
                words.GUIDELINES_LOG_EDITED.format(actor=interaction.user.mention, length=len(text)),
            ),
        )
        await reply_private(
            interaction, words.GUIDELINES_SAVED, embed=guidelines_embed(bot, interaction.guild.name, settings)
        )


def _repository(bot: HearthBot) -> OnboardingRepository:
    """The onboarding store, held by its cog."""
    from cogs.onboarding.commands import OnboardingCog

    cog = bot.get_cog(OnboardingCog.__cog_name__)
    if not isinstance(cog, OnboardingCog):
        raise UserFacingError(words.FEATURE_OFF)
    return cog.repository
