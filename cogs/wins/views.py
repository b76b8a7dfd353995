"""The persistent celebrate button and the private, paginated history of a member's wins."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.surface.errors import UserFacingError
from bot.surface.replies import reply_private
from bot.surface.views import GuardedCallback, HearthView, OwnedView, anyone_in_the_server
from cogs.wins import messages as words
from cogs.wins.store import Win

if TYPE_CHECKING:
    from bot.app import HearthBot

PAGE_SIZE = 5


class CelebrateButton(
    GuardedCallback, discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"hearth:win:(?P<win>\d+)"
):
    """'🎉 celebrate': once per member per win, count shown, no names; works after a restart."""

    def __init__(self, win_id: int, count: int = 0) -> None:
        super().__init__(
            discord.ui.Button(
                label=words.CELEBRATE_COUNTED.format(count=count) if count else words.CELEBRATE_LABEL,
                style=discord.ButtonStyle.success,
                custom_id=f"hearth:win:{win_id}",
            )
        )
        self.win_id = win_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> CelebrateButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["win"]))

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Any member of the server the win was posted in (checked against the win in `run`)."""
        await anyone_in_the_server(interaction)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Count one celebration (once per member)."""
        cog = interaction.client.get_cog("WinsCog")
        if cog is None or interaction.guild is None:
            raise UserFacingError(words.WIN_GONE)
        repo = cog.repo
        win = await repo.get(self.win_id)
        if win is None or win.guild_id != interaction.guild.id:
            raise UserFacingError(words.WIN_GONE)
        if await repo.is_author(self.win_id, interaction.user.id):
            raise UserFacingError(words.OWN_WIN)
        bot: HearthBot = interaction.client
        if not await repo.celebrate(self.win_id, win.guild_id, interaction.user.id, bot.clock()):
            raise UserFacingError(words.ALREADY_CELEBRATED)
        count = await repo.celebration_count(self.win_id)
        await interaction.response.edit_message(view=win_view(self.win_id, count))
        await reply_private(interaction, words.CELEBRATED)


def win_view(win_id: int, count: int = 0) -> discord.ui.View:
    """The view under a posted win."""
    view = HearthView(timeout=None)
    view.add_item(CelebrateButton(win_id, count))
    return view


def mine_embed(wins: list[Win], page: int, zone: str, rhythm_line: str) -> discord.Embed:
    """One page of the member's own wins."""
    from zoneinfo import ZoneInfo

    pages = max(1, -(-len(wins) // PAGE_SIZE))
    embed = discord.Embed(title=words.MINE_TITLE, colour=discord.Colour.green(), description=rhythm_line)
    for win in wins[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        day = win.created_at.astimezone(ZoneInfo(zone)).date().isoformat()
        text = win.text if len(win.text) <= 900 else win.text[:899] + "…"
        embed.add_field(
            name=f"{day}{words.ANON_MARK if win.anonymous else ''} · 🎉 {win.celebrations}",
            value=text,
            inline=False,
        )
    embed.set_footer(text=words.MINE_PAGE.format(page=page + 1, pages=pages))
    return embed


class MineView(OwnedView):
    """Previous/next through the member's wins (private, only they can press)."""

    def __init__(self, owner_id: int, wins: list[Win], zone: str, rhythm_line: str) -> None:
        super().__init__(owner_id)
        self.wins = wins
        self.zone = zone
        self.rhythm_line = rhythm_line
        self.page = 0
        self.pages = max(1, -(-len(wins) // PAGE_SIZE))
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    def embed(self) -> discord.Embed:
        """The current page."""
        return mine_embed(self.wins, self.page, self.zone, self.rhythm_line)

    @discord.ui.button(label=words.MINE_NEWER, style=discord.ButtonStyle.secondary, custom_id="wins:mine:prev")
    async def previous(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Show newer wins."""
        self.page = max(0, self.page - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label=words.MINE_OLDER, style=discord.ButtonStyle.secondary, custom_id="wins:mine:next")
    async def next(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Show older wins."""
        self.page = min(self.pages - 1, self.page + 1)
        self._sync()
        await interaction.response.edit_message(embed=self.embed(), view=self)
