"""/help: a private overview of the commands the caller may use, read from the bot's own command tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.surface.permissions import Tier, command_tier, tier_of
from bot.surface.replies import reply_private
from cogs.help import messages as words
from cogs.help.service import HelpEntry, HelpSection, build_sections, fit

if TYPE_CHECKING:
    from bot.app import HearthBot


def _works_in_dms(root: Any) -> bool:
    contexts = getattr(root, "allowed_contexts", None)
    if contexts is not None:
        return bool(contexts.dm_channel or contexts.private_channel)
    return not getattr(root, "guild_only", False)


def tree_entries(tree: app_commands.CommandTree[Any]) -> tuple[list[HelpEntry], dict[str, str]]:
    """Every command in the tree as a HelpEntry, and each group's own description."""
    entries: list[HelpEntry] = []
    groups: dict[str, str] = {}

    def walk(node: Any, root: Any) -> None:
        if isinstance(node, app_commands.Group):
            for child in node.commands:
                walk(child, root)
            return
        sub = node.qualified_name[len(root.name) + 1 :] or None
        entries.append(HelpEntry(root.name, sub, node.description, int(command_tier(node)), _works_in_dms(root)))

    for top in tree.get_commands():
        if isinstance(top, app_commands.ContextMenu):
            description = words.MENU_DESCRIPTIONS.get(top.name, "")
            entries.append(
                HelpEntry(top.name, None, description, int(command_tier(top)), _works_in_dms(top), menu=True)
            )
            continue
        if isinstance(top, app_commands.Group):
            groups[top.name] = top.description
        walk(top, top)
    return entries, groups


def help_embeds(sections: list[HelpSection], footer: str | None) -> list[discord.Embed]:
    """One embed per section; the first carries the title and introduction."""
    embeds = [discord.Embed(title=words.TITLE, description=words.INTRO, colour=discord.Colour.teal())]
    for section in sections:
        embeds.append(
            discord.Embed(title=section.title, description="\n".join(section.lines), colour=discord.Colour.teal())
        )
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds[:10]


class HelpCog(commands.Cog):
    """The /help command."""

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What Hearth can do, and which commands you can use (only you)")
    async def help(self, interaction: discord.Interaction[HearthBot]) -> None:
        """The commands for the caller's tier and below, grouped by who may use them."""
        tier = await tier_of(interaction)
        in_dm = interaction.guild is None
        entries, groups = tree_entries(self.bot.tree)
        sections = fit(build_sections(entries, int(tier), in_dm=in_dm, group_descriptions=groups))
        footer = words.DM_FOOTER if in_dm else (words.MEMBER_FOOTER if tier < Tier.MODERATOR else None)
        await reply_private(interaction, embeds=help_embeds(sections, footer))


async def setup(bot: HearthBot) -> None:
    """Add the help cog."""
    await bot.add_cog(HelpCog(bot))
