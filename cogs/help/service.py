"""Turn the command tree's entries into /help's sections (decides; no discord.py)."""

from __future__ import annotations

from dataclasses import dataclass

from cogs.help import messages as words

# Discord's limits: an embed description holds 4,096 characters, one message's embeds 6,000 in all.
DESCRIPTION_LIMIT = 4096
MESSAGE_LIMIT = 6000


@dataclass(frozen=True)
class HelpEntry:
    """One command as /help knows it: its top-level name, subcommand (if any), words and tier."""

    root: str
    sub: str | None
    description: str
    tier: int
    works_in_dms: bool
    menu: bool = False


@dataclass(frozen=True)
class HelpSection:
    """One heading of the overview and its lines."""

    title: str
    lines: tuple[str, ...]


def _line(entries: list[HelpEntry]) -> str:
    first = entries[0]
    if first.menu:
        return words.APPS_LINE.format(name=first.root) + f" — {first.description}"
    if first.sub is None:
        return f"`/{first.root}` — {first.description}"
    subs = " · ".join(f"`{entry.sub}`" for entry in entries)
    return f"`/{first.root}` {subs}"


def build_sections(
    entries: list[HelpEntry], tier: int, *, in_dm: bool, group_descriptions: dict[str, str]
) -> list[HelpSection]:
    """The sections a person of `tier` sees: one per tier up to theirs, one line per top-level command."""
    sections = []
    for level in sorted(words.SECTION):
        if level > tier:
            break
        chosen = [entry for entry in entries if entry.tier == level and (entry.works_in_dms or not in_dm)]
        by_root: dict[tuple[bool, str], list[HelpEntry]] = {}
        for entry in chosen:
            by_root.setdefault((entry.menu, entry.root), []).append(entry)
        lines = []
        for (_menu, root), group in sorted(by_root.items()):
            line = _line(group)
            if group[0].sub is not None and root in group_descriptions:
                line += f" — {group_descriptions[root]}"
            lines.append(line)
        if lines:
            sections.append(HelpSection(words.SECTION[level], tuple(lines)))
    return sections


def fit(sections: list[HelpSection]) -> list[HelpSection]:
    """Split sections so each fits an embed description and all together one message."""
    fitted: list[HelpSection] = []
    budget = MESSAGE_LIMIT - len(words.TITLE) - len(words.INTRO) - max(len(words.MEMBER_FOOTER), len(words.DM_FOOTER))
    for section in sections:
        chunk: list[str] = []
        size = 0
        for line in section.lines:
            line = line if len(line) <= DESCRIPTION_LIMIT else line[: DESCRIPTION_LIMIT - 1] + "…"
            if chunk and size + len(line) + 1 > DESCRIPTION_LIMIT:
                fitted.append(HelpSection(section.title, tuple(chunk)))
                chunk, size = [], 0
            chunk.append(line)
            size += len(line) + 1
        if chunk:
            fitted.append(HelpSection(section.title, tuple(chunk)))
    kept: list[HelpSection] = []
    for section in fitted:
        cost = len(section.title) + sum(len(line) + 1 for line in section.lines)
        if cost > budget:
            break
        budget -= cost
        kept.append(section)
    return kept
