"""The /setup panel: selects for channels and roles, a modal for time and place, a parts switch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.core.guild_settings import CHANNEL_NEEDS, parse_days, parse_hhmm
from bot.surface.delivery import missing_permissions
from bot.surface.errors import UserFacingError
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private
from bot.surface.views import HearthModal, OwnedView
from cogs.setup import messages as words
from cogs.setup.changes import apply_change
from cogs.talk.api import INBOX_NOT_PRIVATE, visible_to_everyone

if TYPE_CHECKING:
    from bot.app import HearthBot


def check_channel_usable(guild: discord.Guild, slot: str, channel: Any) -> None:
    """Refuse a channel the bot cannot post in, naming the missing permission."""
    resolved = guild.get_channel(channel.id)
    if resolved is None:
        raise UserFacingError(words.CANT_SEE_CHANNEL)
    missing = missing_permissions(resolved, guild.me, CHANNEL_NEEDS[slot])
    if missing:
        raise UserFacingError(
            words.CANNOT_POST.format(channel=resolved.mention, slot=words.CHANNEL_SLOTS[slot], permission=missing[0])
        )
    if slot == "team_inbox" and visible_to_everyone(resolved):
        raise UserFacingError(INBOX_NOT_PRIVATE.format(channel=resolved.mention))


def check_role_usable(guild: discord.Guild, slot: str, role: discord.Role) -> None:
    """Refuse a role the bot must hand out but cannot."""
    if slot != "member":
        return
    if role.managed:
        raise UserFacingError(words.ROLE_MANAGED.format(role=role.mention))
    if role >= guild.me.top_role:
        raise UserFacingError(words.ROLE_TOO_HIGH.format(role=role.mention))
    if not guild.me.guild_permissions.manage_roles:
        raise UserFacingError(words.NEED_MANAGE_ROLES)


class TimePlaceModal(HearthModal, title=words.TIME_PLACE_TITLE):
    """Timezone, prompt time, prompt days and country in one form."""

    def __init__(self, timezone: str, prompt_time: str, days: str, country: str) -> None:
        super().__init__()
        self.timezone: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.TIMEZONE_LABEL, custom_id="timezone", default=timezone, max_length=64
        )
        self.prompt_time: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.PROMPT_TIME_LABEL, custom_id="prompt_time", default=prompt_time, max_length=5
        )
        self.days: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.PROMPT_DAYS_LABEL, custom_id="days", default=days, max_length=40
        )
        self.country: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.COUNTRY_LABEL,
            custom_id="country",
            default=country,
            required=False,
            max_length=2,
        )
        for item in (self.timezone, self.prompt_time, self.days, self.country):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[HearthBot]) -> None:  # type: ignore[override]
        """Validate every field before saving any of them."""
        await ensure_tier(interaction, Tier.MODERATOR)
        try:
            days = parse_days(self.days.value)
            prompt_time = parse_hhmm(self.prompt_time.value).strftime("%H:%M")
        except ValueError as exc:
            raise UserFacingError(words.SETTING_REFUSED.format(reason=exc)) from None
        changes = {
            "timezone": self.timezone.value.strip(),
            "prompts.time": prompt_time,
            "prompts.days": days,
            "country": self.country.value.strip() or None,
        }
        await reply_private(interaction, await apply_change(interaction, changes))


class PartsSelect(discord.ui.Select["SetupPanel"]):
    """Choose which parts of Hearth are on."""

    def __init__(self, enabled: dict[str, bool]) -> None:
        options = [
            discord.SelectOption(label=label, value=key, default=enabled[key]) for key, label in words.FEATURES.items()
        ]
        super().__init__(placeholder=words.PARTS_PLACEHOLDER, min_values=0, max_values=len(options), options=options)

    async def callback(self, interaction: discord.Interaction[HearthBot]) -> None:  # type: ignore[override]
        """Save the switches."""
        await ensure_tier(interaction, Tier.MODERATOR)
        chosen = set(self.values)
        changes = {f"features.{key}": key in chosen for key in words.FEATURES}
        await apply_change(interaction, changes)
        on = ", ".join(words.FEATURES[k] for k in words.FEATURES if k in chosen) or words.NONE
        off = ", ".join(words.FEATURES[k] for k in words.FEATURES if k not in chosen) or words.NONE
        await reply_private(interaction, words.FEATURES_SAVED.format(on=on, off=off))


class SetupPanel(OwnedView):
    """The moderator's setup panel (ephemeral, owned by whoever opened it)."""

    def __init__(self, owner_id: int) -> None:
        super().__init__(owner_id, timeout=900)
        self.channel_slot: str | None = None
        self.role_slot: str | None = None

    @discord.ui.select(
        placeholder=words.CHANNEL_SLOT_PLACEHOLDER,
        options=[discord.SelectOption(label=label, value=key) for key, label in words.CHANNEL_SLOTS.items()],
        row=0,
    )
    async def pick_channel_slot(
        self, interaction: discord.Interaction[HearthBot], select: discord.ui.Select[Any]
    ) -> None:
        """Remember the channel slot."""
        self.channel_slot = select.values[0]
        await interaction.response.defer()

    @discord.ui.select(
        cls=discord.ui.ChannelSelect,
        channel_types=[discord.ChannelType.text],
        placeholder=words.CHANNEL_PICK_PLACEHOLDER,
        row=1,
    )
    async def pick_channel(
        self, interaction: discord.Interaction[HearthBot], select: discord.ui.ChannelSelect[Any]
    ) -> None:
        """Check the bot can post there, then save it."""
        await ensure_tier(interaction, Tier.MODERATOR)
        if self.channel_slot is None:
            raise UserFacingError(words.PICK_CHANNEL_SLOT_FIRST)
        assert interaction.guild is not None
        channel = select.values[0]
        check_channel_usable(interaction.guild, self.channel_slot, channel)
        await apply_change(interaction, {f"channels.{self.channel_slot}": channel.id})
        await reply_private(
            interaction,
            words.CHANNEL_SET.format(slot=words.CHANNEL_SLOTS[self.channel_slot], channel=channel.mention),
        )

    @discord.ui.select(
        placeholder=words.ROLE_SLOT_PLACEHOLDER,
        options=[discord.SelectOption(label=label, value=key) for key, label in words.ROLE_SLOTS.items()],
        row=2,
    )
    async def pick_role_slot(self, interaction: discord.Interaction[HearthBot], select: discord.ui.Select[Any]) -> None:
        """Remember the role slot."""
        self.role_slot = select.values[0]
        await interaction.response.defer()

    @discord.ui.select(cls=discord.ui.RoleSelect, placeholder=words.ROLE_PICK_PLACEHOLDER, row=3)
    async def pick_role(self, interaction: discord.Interaction[HearthBot], select: discord.ui.RoleSelect[Any]) -> None:
        """Save the role."""
        await ensure_tier(interaction, Tier.MODERATOR)
        if self.role_slot is None:
            raise UserFacingError(words.PICK_ROLE_SLOT_FIRST)
        assert interaction.guild is not None
        role = select.values[0]
        check_role_usable(interaction.guild, self.role_slot, role)
        await apply_change(interaction, {f"roles.{self.role_slot}": role.id})
        await reply_private(
            interaction, words.ROLE_SET.format(slot=words.ROLE_SLOTS[self.role_slot], role=role.mention)
        )

    @discord.ui.button(label=words.TIME_PLACE_TITLE, style=discord.ButtonStyle.primary, row=4)
    async def time_and_place(self, interaction: discord.Interaction[HearthBot], button: discord.ui.Button[Any]) -> None:
        """Open the timezone / prompt time / country form."""
        await ensure_tier(interaction, Tier.MODERATOR)
        assert interaction.guild is not None
        settings = await interaction.client.guild_settings.get(interaction.guild.id)
        day_names = ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in settings.prompts.days)
        await interaction.response.send_modal(
            TimePlaceModal(
                settings.timezone,
                settings.prompts.time,
                "daily" if len(settings.prompts.days) == 7 else day_names,
                settings.country or "",
            )
        )

    @discord.ui.button(label=words.PARTS_LABEL, style=discord.ButtonStyle.secondary, row=4)
    async def parts(self, interaction: discord.Interaction[HearthBot], button: discord.ui.Button[Any]) -> None:
        """Show the parts switch."""
        await ensure_tier(interaction, Tier.MODERATOR)
        assert interaction.guild is not None
        settings = await interaction.client.guild_settings.get(interaction.guild.id)
        view = OwnedView(interaction.user.id)
        view.on_error = self.on_error  # type: ignore[method-assign]
        view.add_item(PartsSelect(settings.features.model_dump()))
        await reply_private(interaction, words.CHOOSE_PARTS, view=view)
