"""The safety plan as the member sees it: load and save (encrypted), the calm embed, the prefilled lines."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from cogs.resources.api import LineKind, lines_for, saved_crisis_country
from cogs.safetyplan import messages as words
from cogs.safetyplan import service
from cogs.safetyplan.service import KEY_VERSION, LineForPlan, PlanCipher
from cogs.safetyplan.store import SafetyPlanRepository

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
MODAL_MEMORY = timedelta(hours=2)  # a step modal times out after one hour


class PlanUnreadableError(Exception):
    """A plan is stored but does not open with the current secret."""


class SafetyPlans:
    """Reads and writes one person's plan; text only ever exists in memory and in the member's own view."""

    def __init__(self, bot: HearthBot, repository: SafetyPlanRepository, cipher: PlanCipher) -> None:
        self.bot = bot
        self.repository = repository
        self.cipher = cipher
        self.open_modals: dict[str, datetime] = {}  # step modals this process opened (token -> when)

    def opened_modal(self, token: str) -> None:
        """Remember a step modal this process opened (forgetting ones older than any modal can live)."""
        now = self.bot.clock()
        for old in [t for t, at in self.open_modals.items() if now - at > MODAL_MEMORY]:
            del self.open_modals[old]
        self.open_modals[token] = now

    async def delete(self, user_id: int) -> bool:
        """Delete the member's plan; False if there was none."""
        return await self.repository.delete_plan(user_id)

    async def load(self, user_id: int) -> dict[str, str] | None:
        """The member's steps (None if they have no plan); raises PlanUnreadableError if it will not open."""
        stored = await self.repository.plan(user_id)
        if stored is None:
            return None
        steps = self.cipher.open(stored.ciphertext, user_id)
        if steps is None:
            log.warning("a stored safety plan did not open with the current secret")
            raise PlanUnreadableError()
        return steps

    async def load_or_empty(self, user_id: int) -> tuple[dict[str, str], bool]:
        """The steps to edit from, and whether the stored plan was unreadable (then editing starts afresh)."""
        try:
            return (await self.load(user_id)) or {}, False
        except PlanUnreadableError:
            return {}, True

    async def save_step(self, user_id: int, key: str, text: str) -> dict[str, str]:
        """Write one step and store the whole plan encrypted; return the new steps."""
        steps, _unreadable = await self.load_or_empty(user_id)
        updated = service.with_step(steps, key, text)
        await self.repository.save_plan(user_id, self.cipher.seal(updated, user_id), KEY_VERSION, self.bot.clock())
        return updated

    async def has_plan(self, user_id: int) -> bool:
        """True if the member saved a plan."""
        return await self.repository.has_plan(user_id)

    async def prefill(self, key: str, user_id: int, guild_id: int | None) -> str:
        """Starting text for a blank step: the professionals step lists the member's country's lines."""
        if key != "professionals":
            return ""
        country = await saved_crisis_country(self.bot.db, user_id)
        if country is None and guild_id is not None:
            country = (await self.bot.guild_settings.get(guild_id)).country
        entry = lines_for(self.bot.content.crisis_lines, country)
        if entry is None:
            return service.professionals_prefill(None, [])
        ordered = sorted(entry.lines, key=lambda line: line.kind != LineKind.CRISIS)
        lines = [
            LineForPlan(line.service, " · ".join(f"{c.method.value} {c.display()}" for c in line.contacts))
            for line in ordered
        ]
        return service.professionals_prefill(entry.emergency, lines)


def plan_embed(steps: dict[str, str] | None) -> discord.Embed:
    """The plan as one calm embed: every step in order, blanks gently explained."""
    embed = discord.Embed(title=words.PLAN_TITLE, colour=discord.Colour.teal())
    if not steps:
        embed.description = words.PLAN_EMPTY_INTRO
    else:
        embed.description = words.PLAN_INTRO
    for number, step in enumerate(words.STEPS, start=1):
        text = (steps or {}).get(step.key)
        value = text if text else words.PLAN_STEP_BLANK.format(empty=step.empty)
        embed.add_field(
            name=words.PLAN_STEP_NAME.format(number=number, title=step.title), value=value[:1024], inline=False
        )
    embed.set_footer(text=words.PLAN_FOOTER)
    return embed
