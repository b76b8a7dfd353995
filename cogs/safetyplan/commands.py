"""/safetyplan and /checkin off; the safety plan's and check-in's persistent buttons; the crisis-response additions."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.tags import owner_tag
from bot.surface.errors import handle_interaction_error, is_expected
from bot.surface.replies import reply_private
from cogs.safetyplan import messages as words
from cogs.safetyplan.checkins import (
    CHECKIN_JOB,
    CheckInAgainButton,
    CheckInAnswerButton,
    CheckInOfferButton,
    CheckIns,
    CheckInTeamButton,
)
from cogs.safetyplan.plans import SafetyPlans
from cogs.safetyplan.service import PlanCipher
from cogs.safetyplan.store import SafetyPlanRepository
from cogs.safetyplan.views import PlanButton, PlanStepSelect, plan_button, save_orphan_step, show_plan

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
ANY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    PlanButton,
    PlanStepSelect,
    CheckInOfferButton,
    CheckInAnswerButton,
    CheckInTeamButton,
    CheckInAgainButton,
)


class SafetyPlanCog(commands.Cog):
    """A member's own safety plan, seen by no one else, and the check-in they can ask for."""

    checkin = app_commands.Group(
        name="checkin",
        description="The next-day check-in Hearth offers after a hard moment",
        allowed_contexts=EVERYWHERE,
        allowed_installs=ANY_INSTALL,
    )

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        cipher = PlanCipher(bot.secret)
        self.repository = SafetyPlanRepository(bot.db, cipher, owner=bot.instance_id)
        self.plans = SafetyPlans(bot, self.repository, cipher)
        self.checkins = CheckIns(bot, self.repository, self.plans)

    async def cog_load(self) -> None:
        """Register the data store, the buttons and the crisis-response additions; arm pending check-ins."""
        self.bot.member_data.register(self.repository)
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.support_addons = self
        released = await self.checkins.release_stale_claims()
        if released:
            log.info("released %d check-in claims left by a stopped process", released)
        await self.checkins.arm()

    async def cog_unload(self) -> None:
        """Take everything back out."""
        if self.bot.support_addons is self:
            self.bot.support_addons = None
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.scheduler.cancel(None, CHECKIN_JOB)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Connected or restarted: send check-ins that came due while Hearth was away (if still daytime)."""
        await self.checkins.run_due()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Save a plan step whose modal was opened before a restart, so what the member wrote is not lost."""
        try:
            await save_orphan_step(interaction, self.plans)
        except Exception as exc:
            await handle_interaction_error(interaction, exc)
            if not is_expected(exc):
                raise

    async def support_items(
        self, guild_id: int | None, user_id: int, alert_id: int | None, *, check_in: bool
    ) -> tuple[list[discord.ui.Item[Any]], str | None]:
        """'My safety plan' (or 'Make a safety plan' with one line saying what it is), and the check-in offer."""
        has_plan = await self.plans.has_plan(user_id)
        owner = owner_tag(self.bot.secret, user_id)
        items: list[discord.ui.Item[Any]] = [plan_button(owner, has_plan)]
        if check_in and guild_id is not None:
            items.append(CheckInOfferButton(guild_id, owner))  # never tied to the alert (it may be anonymous)
        return items, None if has_plan else words.MAKE_EXPLAINED

    @app_commands.command(name="safetyplan", description="Your own safety plan — only you can see it")
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def safetyplan(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Show the member's plan privately, with a way to write or change each step."""
        await show_plan(interaction, self.plans)

    @checkin.command(name="off", description="Cancel any check-in Hearth planned to send you")
    async def checkin_off(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Cancel every pending check-in for this member, in every server."""
        count = await self.checkins.cancel(interaction.user.id)
        if count == 0:
            await reply_private(interaction, words.CHECKIN_OFF_NONE)
            return
        what = words.CHECKIN_OFF_ONE if count == 1 else words.CHECKIN_OFF_MANY.format(count=count)
        await reply_private(interaction, words.CHECKIN_OFF_DONE.format(count=what))


async def setup(bot: HearthBot) -> None:
    """Load the safety-plan cog."""
    await bot.add_cog(SafetyPlanCog(bot))
