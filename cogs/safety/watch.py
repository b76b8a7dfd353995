"""Which messages the crisis listener reads, and what it does with an assessment."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.guild_settings import GuildSettings
from cogs.safety.api import Assessment, Level


@dataclass(frozen=True)
class CrisisDecision:
    """What to do about one message: alert moderators, and/or offer the writer private support."""

    alert: bool
    offer_support: bool


NOTHING = CrisisDecision(alert=False, offer_support=False)


def in_scope(settings: GuildSettings, channel_id: int, parent_id: int | None) -> bool:
    """True if crisis detection reads this channel (or thread): safety on, scope, never the mod channels or team inbox."""
    if not settings.features.safety:
        return False
    # The team inbox holds /talk threads: the member's words there already raise the conversation itself.
    mod_channels = {settings.channels.mod_alerts, settings.channels.mod_log, settings.channels.team_inbox} - {None}
    if channel_id in mod_channels or parent_id in mod_channels:
        return False
    if settings.safety.scope == "all":
        return True
    listed = set(settings.safety.channels)
    return channel_id in listed or (parent_id is not None and parent_id in listed)


def decide(settings: GuildSettings, assessment: Assessment) -> CrisisDecision:
    """Crisis: alert and offer support; concern: alert only if the server asked for it; else nothing."""
    if assessment.level is Level.CRISIS:
        return CrisisDecision(alert=True, offer_support=True)
    if assessment.level is Level.CONCERN and settings.safety.concern_alerts:
        return CrisisDecision(alert=True, offer_support=False)
    return NOTHING
