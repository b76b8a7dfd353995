"""Crisis support shared by every part: the signal parts raise, the private response, the check-in button."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.language import in_member_language
from bot.surface.replies import reply_private
from bot.surface.views import GuardedCallback, is_owner, owner_token
from cogs.resources.api import crisis_lines_embed, with_line_reports
from cogs.safety import messages as words
from cogs.safety.assessment import Assessment

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrisisSignal:
    """Crisis (or concern) language in something a member wrote; never carries an anonymous writer's id."""

    guild_id: int
    source: str  # "message", "anonymous", "win", "prompt_suggestion", ...
    assessment: Assessment
    channel_id: int | None = None
    message_id: int | None = None
    jump_url: str | None = None
    writer_id: int | None = None  # None when the text was anonymous
    anonymous_post_id: int | None = None


class CrisisAlertSink(Protocol):
    """What the moderation part provides: alerts for moderators, and check-in requests."""

    async def raise_alert(self, signal: CrisisSignal) -> int | None:
        """Create one moderator alert for the signal; return its id (None if no alert was made)."""

    async def request_check_in(self, guild_id: int, alert_id: int, user: discord.abc.User) -> bool:
        """The writer asked for someone to check in: attach who they are to the alert."""


class SupportAddons(Protocol):
    """What the safety-plan part adds to the private crisis response: its buttons and at most one line."""

    async def support_items(
        self, guild_id: int | None, user_id: int, alert_id: int | None, *, check_in: bool
    ) -> tuple[list[discord.ui.Item[Any]], str | None]:
        """'My safety plan' (or 'Make one' with its line) and, with `check_in`, 'Check in with me tomorrow'."""


async def support_addons(
    bot: HearthBot, guild_id: int | None, user_id: int, alert_id: int | None, *, check_in: bool
) -> tuple[list[discord.ui.Item[Any]], str | None]:
    """The safety-plan part's additions, or nothing if it is not loaded or fails (the lines still go out)."""
    addons = bot.support_addons
    if addons is None:
        return [], None
    try:
        return await addons.support_items(guild_id, user_id, alert_id, check_in=check_in)
    except Exception:
        log.exception("safety-plan additions to the crisis response failed in guild %s", guild_id)
        return [], None


async def report_crisis(bot: HearthBot, signal: CrisisSignal) -> int | None:
    """Hand a signal to the moderation part (if loaded); return the alert id."""
    sink = bot.crisis_alerts
    if sink is None:
        log.warning("crisis signal in guild %s but no alert sink is loaded", signal.guild_id)
        return None
    try:
        return await sink.raise_alert(signal)
    except Exception:
        log.exception("raising a crisis alert failed in guild %s", signal.guild_id)
        return None


class CheckInButton(
    GuardedCallback,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"hearth:checkin:(?P<guild>\d+):(?P<alert>\d+)(?::(?P<token>[0-9a-f]{16}))?",
):
    """'I'd like someone from the team to check in with me' — works after a restart, only for its writer.

    The custom_id carries a keyed tag of the person it was made for (never their id): a copied
    custom_id pressed by anyone else is refused, and so is an old button without the tag.
    """

    pressed_in_guild = False  # the response is ephemeral or a DM

    def __init__(self, guild_id: int, alert_id: int, token: str | None) -> None:
        super().__init__(
            discord.ui.Button(
                label=words.CHECK_IN_LABEL,
                style=discord.ButtonStyle.primary,
                custom_id=f"{check_in_base(guild_id, alert_id)}:{token}"
                if token
                else check_in_base(guild_id, alert_id),
            )
        )
        self.guild_id = guild_id
        self.alert_id = alert_id
        self.token = token

    @classmethod
    def for_writer(cls, secret: bytes, guild_id: int, alert_id: int, user_id: int) -> CheckInButton:
        """The button made for the one person who wrote the message behind the alert."""
        return cls(guild_id, alert_id, owner_token(secret, check_in_base(guild_id, alert_id), user_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> CheckInButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["guild"]), int(match["alert"]), match["token"])

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the person the support message was sent to."""
        secret: bytes = interaction.client.secret
        if not is_owner(secret, check_in_base(self.guild_id, self.alert_id), interaction.user.id, self.token):
            raise UserFacingError(words.CHECK_IN_NOT_YOURS)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Pass the writer's identity to the alert, because they chose to."""
        bot: HearthBot = interaction.client
        sink = bot.crisis_alerts
        ok = False
        if sink is not None:
            try:
                ok = await sink.request_check_in(self.guild_id, self.alert_id, interaction.user)
            except Exception:
                log.exception("check-in request failed in guild %s", self.guild_id)
        await reply_private(interaction, words.CHECK_IN_THANKS if ok else words.CHECK_IN_UNAVAILABLE)


def check_in_base(guild_id: int, alert_id: int) -> str:
    """The check-in button's custom_id before the writer's tag."""
    return f"hearth:checkin:{guild_id}:{alert_id}"


def support_view(bot: HearthBot, guild_id: int, alert_id: int | None, user_id: int) -> discord.ui.View | None:
    """The check-in button for the writer (only when there is an alert to attach it to)."""
    if alert_id is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(CheckInButton.for_writer(bot.secret, guild_id, alert_id, user_id))
    return view


async def send_help_someone(
    bot: HearthBot, *, country: str | None, user: discord.User | discord.Member, team_told: bool
) -> bool:
    """The private "how to help someone" reply with the country's lines, by DM (in the writer's language);
    False if DMs are closed."""
    async with in_member_language(bot, user.id, getattr(getattr(user, "guild", None), "id", None)):
        return await _send_help_someone(bot, country=country, user=user, team_told=team_told)


async def _send_help_someone(
    bot: HearthBot, *, country: str | None, user: discord.User | discord.Member, team_told: bool
) -> bool:
    text = words.HELP_SOMEONE + (f"\n\n{words.HELP_SOMEONE_TEAM}" if team_told else "")
    return await delivery.send_dm(user, content=text, embed=crisis_lines_embed(bot.content, country))


async def send_private_support(
    bot: HearthBot,
    *,
    guild_id: int,
    country: str | None,
    alert_id: int | None,
    interaction: discord.Interaction[Any] | None = None,
    user: discord.User | discord.Member | None = None,
) -> bool:
    """The private 'you are not alone' response with crisis lines: ephemeral if possible, else a DM.

    Returns False if it could not be delivered (DMs closed); nothing is ever posted publicly. A reply is in
    the language the interaction speaks; a DM in the member's own (bot/surface/language.py).
    """
    if interaction is None and user is not None:
        async with in_member_language(bot, user.id, guild_id):
            return await _send_private_support(
                bot, guild_id=guild_id, country=country, alert_id=alert_id, interaction=None, user=user
            )
    return await _send_private_support(
        bot, guild_id=guild_id, country=country, alert_id=alert_id, interaction=interaction, user=user
    )


async def _send_private_support(
    bot: HearthBot,
    *,
    guild_id: int,
    country: str | None,
    alert_id: int | None,
    interaction: discord.Interaction[Any] | None,
    user: discord.User | discord.Member | None,
) -> bool:
    embed = crisis_lines_embed(bot.content, country)
    member = interaction.user if interaction is not None else user
    view = support_view(bot, guild_id, alert_id, member.id) if member is not None else None
    content = words.NOT_ALONE
    if member is not None:
        items, line = await support_addons(bot, guild_id, member.id, alert_id, check_in=True)
        if items:
            view = view or discord.ui.View(timeout=None)
            for item in items:
                view.add_item(item)
        if line:
            content = f"{content}\n\n{line}"
    view = with_line_reports(view, bot.content.crisis_lines, country, guild_id)  # "This number didn't work"
    if interaction is not None:
        try:
            if view is not None:
                await reply_private(interaction, content, embed=embed, view=view)
            else:
                await reply_private(interaction, content, embed=embed)
            return True
        except discord.HTTPException:
            log.warning("ephemeral crisis response failed in guild %s", guild_id)
            return False
    if user is None:
        return False
    kwargs: dict[str, Any] = {"content": content, "embed": embed}
    if view is not None:
        kwargs["view"] = view
    return await delivery.send_dm(user, **kwargs)
