"""Turn privacy data into embeds and lines (helper module, not a cog)."""

from __future__ import annotations

import discord

from bot.core.guild_settings import GuildSettings
from cogs.privacy import messages as words
from cogs.privacy.service import GUILD_REMOVAL_GRACE


def retention_text(settings: GuildSettings | None) -> str:
    """The retention periods of one server (None: Hearth's defaults, for DMs)."""
    current = settings if settings is not None else GuildSettings()
    anon_days = current.anonymous.retention_days
    leave_days = current.privacy.member_leave_grace_days
    if settings is None:
        infractions = words.INFRACTIONS_DEPENDS
    elif current.privacy.keep_infractions_on_forget:
        infractions = words.INFRACTIONS_KEPT
    else:
        infractions = words.INFRACTIONS_DELETED
    return words.RETENTION_LINES.format(
        anon=words.ANON_NEVER_KEPT if anon_days == 0 else words.ANON_DAYS.format(days=anon_days),
        incident_days=current.privacy.incident_retention_days,
        talk_days=current.talk.retention_days,
        leave=words.LEAVE_AT_ONCE if leave_days == 0 else words.LEAVE_DAYS.format(days=leave_days),
        guild_days=GUILD_REMOVAL_GRACE.days,
        infractions=infractions,
    )


def privacy_embed(settings: GuildSettings | None) -> discord.Embed:
    """The /privacy explanation: by area, what is never stored, retention, commands."""
    embed = discord.Embed(
        title=words.PRIVACY_TITLE,
        description=words.PRIVACY_INTRO if settings is not None else words.PRIVACY_INTRO_DM,
        colour=discord.Colour.dark_teal(),
    )
    for area, stored in words.STORED_AREAS:
        embed.add_field(name=area, value=stored, inline=False)
    embed.add_field(name=words.NEVER_STORED_TITLE, value=words.NEVER_STORED, inline=False)
    embed.add_field(name=words.RETENTION_TITLE, value=retention_text(settings), inline=False)
    embed.add_field(name=words.COMMANDS_TITLE, value=words.COMMANDS, inline=False)
    return embed


def summary_lines(counts: dict[str, int]) -> str:
    """One line per store that holds something, in plain labels."""
    lines = [
        words.EXPORT_SUMMARY_LINE.format(
            label=words.STORE_LABELS.get(name, name.replace("_", " ").capitalize()), count=count
        )
        for name, count in counts.items()
        if count > 0
    ]
    return "\n".join(lines)


def short_summary(counts: dict[str, int]) -> str:
    """What /forgetme would delete, as part of a sentence: 'your wins and …, your day counters and …'."""
    phrases = list(
        dict.fromkeys(words.FORGET_PHRASES.get(name, words.FORGET_OTHER_PHRASE) for name, n in counts.items() if n > 0)
    )
    if not phrases:
        return words.FORGET_NOTHING_HELD
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + words.FORGET_AND + phrases[-1]
