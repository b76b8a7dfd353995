"""The safety plan's buttons, step menu and step modal; every one checks, at press time, whose plan it is."""

from __future__ import annotations

import logging
import re
import secrets
from typing import TYPE_CHECKING, Any

import discord

from bot.core.tags import TAG_PATTERN, is_owner, owner_tag
from bot.surface import delivery
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from bot.surface.replies import reply_private, returned_text_block
from bot.surface.views import GuardedCallback, HearthModal
from cogs.safetyplan import messages as words
from cogs.safetyplan import service
from cogs.safetyplan.plans import PlanUnreadableError, SafetyPlans, plan_embed
from cogs.safetyplan.service import STEP_LIMIT

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
_STEP_KEYS = "|".join(words.STEP_KEYS)


def plans_of(interaction: discord.Interaction[Any]) -> SafetyPlans:
    """The loaded safety-plan part (refuses kindly if it is not loaded)."""
    bot: HearthBot = interaction.client
    cog = bot.get_cog("SafetyPlanCog")
    plans = getattr(cog, "plans", None)
    if not isinstance(plans, SafetyPlans):
        raise UserFacingError(words.NOT_SAVED)
    return plans


def _own(interaction: discord.Interaction[Any], owner: str) -> int:
    """Only the person whose plan it is may press its controls; returns their id.

    `owner` is the keyed tag in the control's custom_id (never the bare id), checked against the presser.
    """
    secret: bytes = interaction.client.secret
    if not is_owner(secret, interaction.user.id, owner):
        raise UserFacingError(common.NOT_YOUR_BUTTON)
    return interaction.user.id


def tag_of(interaction: discord.Interaction[Any]) -> str:
    """The keyed owner tag of whoever is pressing (for the controls made for them)."""
    return owner_tag(interaction.client.secret, interaction.user.id)


def editor_view(owner: str, steps: dict[str, str], *, after: str | None = None) -> discord.ui.View:
    """Controls under the plan: continue with the next step, pick any step, finish, send to DMs, delete."""
    view = discord.ui.View(timeout=None)
    if after is None:
        nxt: str | None = service.first_blank(steps) if steps else words.STEP_KEYS[0]
    else:
        nxt = service.next_step(after)
    if nxt is not None:
        label = (
            words.START_LABEL
            if not steps and after is None
            else words.NEXT_LABEL.format(number=service.step_number(nxt))
        )
        view.add_item(PlanButton(owner, "edit", nxt, label=label, style=discord.ButtonStyle.primary))
    if after is not None:
        view.add_item(PlanButton(owner, "done", label=words.DONE_LABEL, style=discord.ButtonStyle.secondary))
    view.add_item(PlanStepSelect(owner))
    if steps:
        view.add_item(PlanButton(owner, "dm", label=words.SENT_TO_DM_LABEL, style=discord.ButtonStyle.secondary))
        view.add_item(PlanButton(owner, "delete", label=words.DELETE_LABEL, style=discord.ButtonStyle.danger))
    return view


async def show_plan(interaction: discord.Interaction[Any], plans: SafetyPlans) -> None:
    """The member's plan (or the invitation to make one), privately, with its controls."""
    owner = interaction.user.id
    try:
        steps = await plans.load(owner)
        note = None
    except PlanUnreadableError:
        steps, note = None, words.UNREADABLE
    await reply_private(interaction, note, embed=plan_embed(steps), view=editor_view(tag_of(interaction), steps or {}))


STEP_MODAL_ID = re.compile(
    rf"^hearth:plan-step:(?P<owner>{TAG_PATTERN}):(?P<step>{_STEP_KEYS}):(?P<token>[0-9a-f]{{16}})$"
)


class StepModal(HearthModal):
    """One step of the plan in a modal; the member's text is saved encrypted, or handed back if not.

    Its custom id names the owner, the step and a token. A submit that reaches a process which did not open
    the modal (Hearth restarted while the member was writing) is saved by `save_orphan_step` instead of
    being lost.
    """

    def __init__(self, plans: SafetyPlans, owner: str, key: str, current: str) -> None:
        number = service.step_number(key)
        self.token = secrets.token_hex(8)
        super().__init__(
            title=words.STEP_MODAL_TITLE.format(number=number, total=len(words.STEPS))[:45],
            timeout=3600,
            custom_id=f"hearth:plan-step:{owner}:{key}:{self.token}",
        )
        step = words.STEPS[number - 1]
        self.plans, self.owner, self.key = plans, owner, key
        self.text: discord.ui.TextInput[StepModal] = discord.ui.TextInput(
            label=step.question,
            placeholder=step.hint,
            style=discord.TextStyle.paragraph,
            default=current[:STEP_LIMIT] or None,
            required=False,
            max_length=STEP_LIMIT,
            custom_id="text",
        )
        self.add_item(self.text)
        plans.opened_modal(self.token)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Save the step and offer the next one."""
        # The token stays known after the submit, so the restart fallback never handles this submit too.
        await save_step(interaction, self.plans, self.owner, self.key, self.text.value or "")

    async def on_timeout(self) -> None:
        """Forget the token of a modal that was closed without submitting."""
        self.plans.open_modals.pop(self.token, None)


async def save_step(interaction: discord.Interaction[Any], plans: SafetyPlans, owner: str, key: str, text: str) -> None:
    """Save one submitted step (only its owner's), reply with the plan and the next step; hand text back on failure."""
    owner_id = _own(interaction, owner)
    try:
        steps = await plans.save_step(owner_id, key, text)
    except Exception:
        log.exception("saving a safety-plan step failed")
        kept = f"\n\n{common.TEXT_RETURNED}\n{returned_text_block(text)}" if text.strip() else ""
        raise UserFacingError(words.NOT_SAVED + kept) from None
    number = service.step_number(key)
    if not text.strip():
        note = words.CLEARED_STEP.format(number=number)
    elif service.next_step(key) is None:
        note = words.SAVED_LAST
    else:
        note = words.SAVED.format(number=number, total=len(words.STEPS))
    await reply_private(interaction, note, embed=plan_embed(steps), view=editor_view(owner, steps, after=key))


def _submitted_text(components: Any) -> str | None:
    """The value of the 'text' input anywhere in a modal submit's components."""
    if isinstance(components, list):
        for component in components:
            found = _submitted_text(component)
            if found is not None:
                return found
    elif isinstance(components, dict):
        if components.get("custom_id") == "text" and isinstance(components.get("value"), str):
            return str(components["value"])
        for nested in ("components", "component"):
            if nested in components:
                found = _submitted_text(components[nested])
                if found is not None:
                    return found
    return None


async def save_orphan_step(interaction: discord.Interaction[Any], plans: SafetyPlans) -> bool:
    """A step submitted to a modal this process never opened (a restart in between): save it anyway.

    Returns False when the interaction is not such a submit (then discord.py's own modal handles it).
    """
    if interaction.type is not discord.InteractionType.modal_submit or not isinstance(interaction.data, dict):
        return False
    match = STEP_MODAL_ID.match(str(interaction.data.get("custom_id", "")))
    if match is None or match["token"] in plans.open_modals:
        return False
    text = _submitted_text(interaction.data.get("components", [])) or ""
    await save_step(interaction, plans, match["owner"], match["step"], text[:STEP_LIMIT])
    return True


async def open_step(interaction: discord.Interaction[Any], owner: str, key: str) -> None:
    """Open the modal for one step, with what the member wrote (or a gentle starting point)."""
    owner_id = _own(interaction, owner)
    plans = plans_of(interaction)
    steps, _unreadable = await plans.load_or_empty(owner_id)
    current = steps.get(key) or await plans.prefill(key, owner_id, interaction.guild_id)
    await interaction.response.send_modal(StepModal(plans, owner, key, current))


class PlanButton(
    GuardedCallback,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"hearth:plan:(?P<owner>{TAG_PATTERN}):(?P<action>open|edit|done|dm|delete|delete-yes)(?::(?P<step>{_STEP_KEYS}))?",
):
    """Open, edit a step, finish, send to DMs, delete: works after a restart, only for the plan's owner."""

    def __init__(
        self,
        owner: str,
        action: str,
        step: str | None = None,
        *,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        custom_id = f"hearth:plan:{owner}:{action}" + (f":{step}" if step else "")
        super().__init__(discord.ui.Button(label=label or words.OPEN_LABEL, style=style, custom_id=custom_id))
        self.owner, self.action, self.step = owner, action, step

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PlanButton:
        """Rebuild the button from its custom id."""
        return cls(match["owner"], match["action"], match["step"])

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the plan's owner (its keyed tag): no one else ever sees a plan."""
        _own(interaction, self.owner)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Do what the button says, for its owner only."""
        owner_id = _own(interaction, self.owner)
        plans = plans_of(interaction)
        if self.action == "open":
            await show_plan(interaction, plans)
        elif self.action == "edit" and self.step is not None:
            await open_step(interaction, self.owner, self.step)
        elif self.action == "done":
            await reply_private(interaction, words.DONE)
        elif self.action == "dm":
            await self._send_to_dm(interaction, plans, owner_id)
        elif self.action == "delete":
            view = discord.ui.View(timeout=None)
            view.add_item(
                PlanButton(self.owner, "delete-yes", label=words.DELETE_CONFIRM_LABEL, style=discord.ButtonStyle.danger)
            )
            await reply_private(interaction, words.DELETE_ASK, view=view)
        elif self.action == "delete-yes":
            deleted = await plans.repository.delete_plan(owner_id)
            await reply_private(interaction, words.DELETED if deleted else words.NOTHING_TO_DELETE)

    async def _send_to_dm(self, interaction: discord.Interaction[Any], plans: SafetyPlans, owner_id: int) -> None:
        try:
            steps = await plans.load(owner_id)
        except PlanUnreadableError:
            raise UserFacingError(words.UNREADABLE) from None
        sent = await delivery.send_dm(interaction.user, embed=plan_embed(steps))
        await reply_private(interaction, words.DM_SENT if sent else words.DM_CLOSED)


class PlanStepSelect(
    GuardedCallback,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=rf"hearth:plan:(?P<owner>{TAG_PATTERN}):pick",
):
    """'Choose a step to write or change': opens that step's modal."""

    def __init__(self, owner: str) -> None:
        options = [
            discord.SelectOption(label=f"{number}. {step.title}"[:100], value=step.key)
            for number, step in enumerate(words.STEPS, start=1)
        ]
        super().__init__(
            discord.ui.Select(
                placeholder=words.PICK_PLACEHOLDER, options=options, custom_id=f"hearth:plan:{owner}:pick"
            )
        )
        self.owner = owner

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PlanStepSelect:
        """Rebuild the menu from its custom id."""
        return cls(match["owner"])

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the plan's owner (its keyed tag)."""
        _own(interaction, self.owner)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Open the chosen step."""
        _own(interaction, self.owner)
        if self.item.values and self.item.values[0] in words.STEP_KEYS:
            await open_step(interaction, self.owner, self.item.values[0])


def plan_button(owner: str, has_plan: bool) -> PlanButton:
    """'My safety plan' (or 'Make a safety plan') for the crisis response and /crisis; `owner` is a keyed tag."""
    label = words.OPEN_LABEL if has_plan else words.MAKE_LABEL
    return PlanButton(owner, "open", label=label, style=discord.ButtonStyle.success)
