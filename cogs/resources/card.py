"""The crisis-lines card: each line with how to reach it, its hours, what a member should know, and its source.

Shown by /crisis, in the crisis DM, and again (without the line that failed) after "This number didn't work".
Every line shown carries its source's site and the month it was checked, whatever else has to be cut to fit.
"""

from __future__ import annotations

from datetime import date

import discord

from cogs.resources import messages as words
from cogs.resources.content import (
    Confidence,
    CountryLines,
    CrisisLine,
    CrisisLinesFile,
    LineKind,
    lines_for,
)

FIELD_LIMIT = 1024
NAME_LIMIT = 256
EMBED_LIMIT = 6000
MAX_LINES = 20  # Discord allows 25 fields; the directory takes one
LINK_LIMIT = 400  # a source address longer than this is shown as its site only


def checked_month(day: date) -> str:
    """'December 2026': the month a line was checked, as a member reads it."""
    return f"{words.MONTHS[day.month - 1]} {day.year}"


def provenance(line: CrisisLine, *, link: bool = True) -> str:
    """The small line under each service: its source's site, the month it was checked, and a caution if weak."""
    source = line.source_domain
    if link and len(line.source) <= LINK_LIMIT:
        source = f"[{line.source_domain}]({line.source})"
    template = words.LINE_SOURCE_SECONDARY if line.confidence is Confidence.SECONDARY else words.LINE_SOURCE
    return template.format(source=source, month=checked_month(line.checked))


def _contact_text(line: CrisisLine) -> list[str]:
    return [
        f"{contact.method.value} [{contact.display()}]({contact.url})"
        if contact.url
        else f"{contact.method.value} **{contact.display()}**"
        for contact in line.contacts
    ]


def _fit(parts: list[str], budget: int, separator: str) -> str:
    """Join whole parts while they fit in `budget` characters; mark anything left out with '…'."""
    whole = separator.join(parts)
    if len(whole) <= budget:
        return whole
    taken: list[str] = []
    for part in parts:
        if len(separator.join([*taken, part])) > budget - len(words.LINE_CUT):
            break
        taken.append(part)
    if not taken:
        return parts[0][: max(budget - len(words.LINE_CUT), 0)] + words.LINE_CUT
    return separator.join(taken) + words.LINE_CUT


def line_field(line: CrisisLine, *, compact: bool = False) -> tuple[str, str]:
    """(name, value) of one line's field; the source line is always whole, the rest is cut to fit."""
    name = line.service if line.kind is LineKind.CRISIS else words.DOMESTIC_ABUSE_MARK.format(service=line.service)
    if len(name) > NAME_LIMIT:
        name = name[: NAME_LIMIT - 1] + words.LINE_CUT
    small = provenance(line, link=not compact)
    budget = FIELD_LIMIT - len(small) - 1
    ways = _fit(_contact_text(line), budget, " · ")
    budget -= len(ways) + 1
    detail = line.hours
    if line.for_members and not compact:
        detail = f"{line.hours} · {line.for_members}"
        if len(detail) > budget:
            detail = line.hours  # the member note only where it fits
    if len(detail) > budget:
        detail = detail[: max(budget - 1, 0)] + words.LINE_CUT if budget > 1 else ""
    value = "\n".join(part for part in (ways, detail, small) if part)
    return name, value


def fallback_card(crisis: CrisisLinesFile) -> discord.Embed:
    """No lines for this country: the directory, and 'call your local emergency number'."""
    fallback = crisis.fallback
    embed = discord.Embed(title=words.LINES_TITLE, colour=discord.Colour.blurple())
    embed.description = (
        f"{fallback.text}\n\n**[{fallback.directory_name}]({fallback.directory_url})**\n{words.FALLBACK_EMERGENCY}"
    )
    return embed


def _country_card(
    crisis: CrisisLinesFile, entry: CountryLines, shown: list[CrisisLine], title: str, compact: bool, dropped: bool
) -> discord.Embed:
    fallback = crisis.fallback
    embed = discord.Embed(title=title[:NAME_LIMIT], colour=discord.Colour.blurple())
    emergency = words.EMERGENCY.format(number=entry.emergency)
    embed.description = emergency if len(emergency) <= 1000 else emergency[:999] + words.LINE_CUT
    if dropped:
        embed.description += "\n\n" + words.MORE_LINES
    elif not shown:
        embed.description += "\n\n" + words.NO_OTHER_LINE
    for line in shown:
        name, value = line_field(line, compact=compact)
        embed.add_field(name=name, value=value, inline=False)
    directory = f"[{fallback.directory_name}]({fallback.directory_url})"
    embed.add_field(name=words.FALLBACK_TITLE, value=directory[:FIELD_LIMIT], inline=False)
    if shown:
        embed.set_footer(text=words.SOURCE_FOOTER)
    return embed


def crisis_card(crisis: CrisisLinesFile, country: str | None, *, exclude: str | None = None) -> discord.Embed:
    """The crisis lines for a country (crisis lines first), or the directory if the country isn't listed.

    `exclude` is the key of a line the member said didn't work: the card then shows the others.
    """
    entry = lines_for(crisis, country)
    if entry is None:
        return fallback_card(crisis)
    shown = sorted(entry.lines, key=lambda line: line.kind is not LineKind.CRISIS)
    if exclude is not None:
        shown = [line for line in shown if line.key != exclude]
    title = (words.OTHER_LINES_TITLE if exclude is not None else words.LINES_TITLE_COUNTRY).format(country=entry.name)
    listed = len(shown)
    shown = shown[:MAX_LINES]
    embed = _country_card(crisis, entry, shown, title, compact=False, dropped=len(shown) < listed)
    # Too long for Discord: member notes and source links go first, then the last lines (the directory stays).
    count = len(shown)
    while len(embed) > EMBED_LIMIT and count >= 0:
        embed = _country_card(crisis, entry, shown[:count], title, compact=True, dropped=count < listed)
        count -= 1
    return embed
