"""Which messages the crisis listener reads, and what it does with an assessment."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.guild_settings import GuildSettings
from cogs.safety.api import Assessment, Level, OtherPerson


@dataclass(frozen=True)
class CrisisDecision:
    """What to do about one message: alert moderators about the writer and/or offer them support privately;
    or, when the writer is worried about someone else, send them how-to-help advice (and alert moderators
    too when that person's act is in progress)."""

    alert: bool
    offer_support: bool
    help_someone: bool = False
    alert_someone_else: bool = False


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
    """Crisis: alert and offer support; someone else at risk: how-to-help advice (plus an alert if their act is
    in progress); concern: alert only if the server asked for it; else nothing."""
    if assessment.level is Level.CRISIS:
        return CrisisDecision(alert=True, offer_support=True)
    if assessment.other_person is not OtherPerson.NONE:
        in_danger = assessment.other_person is OtherPerson.IN_DANGER_NOW
        return CrisisDecision(alert=False, offer_support=False, help_someone=True, alert_someone_else=in_danger)
    if assessment.level is Level.CONCERN and settings.safety.concern_alerts:
        return CrisisDecision(alert=True, offer_support=False)
    return NOTHING
