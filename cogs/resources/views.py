"""Resource embeds, the private paginated results, and the add/edit modal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.surface.replies import reply_private
from bot.surface.views import HearthModal, OwnedView
from cogs.resources import messages as words
from cogs.resources.content import ResourcesFile
from cogs.resources.library import LibraryEntry

PAGE_SIZE = 5


def _topics(content: ResourcesFile, entry: LibraryEntry) -> str:
    return ", ".join(content.topic_label(topic) or topic for topic in entry.topics)


def display_id(entry: LibraryEntry) -> str:
    """How an entry's id is shown: #12 for a server entry, the built-in id otherwise."""
    return f"#{entry.ref}" if entry.is_server_entry else entry.ref


def entry_embed(content: ResourcesFile, entry: LibraryEntry) -> discord.Embed:
    """One resource as a card (also what gets pinned)."""
    embed = discord.Embed(title=entry.title[:256], url=entry.url, colour=discord.Colour.dark_teal())
    embed.description = (entry.body or entry.description)[:4000]
    embed.add_field(name=words.CARD_TOPICS, value=_topics(content, entry)[:1024] or "—", inline=True)
    embed.add_field(name=words.CARD_ID, value=f"`{display_id(entry)}`", inline=True)
    if entry.is_server_entry:
        embed.set_footer(text=words.CARD_FOOTER_SERVER)
    else:
        embed.set_footer(text=words.CARD_FOOTER_BUILTIN.format(publisher=entry.publisher or "Hearth"))
    return embed


def page_embed(content: ResourcesFile, entries: list[LibraryEntry], page: int, topic: str | None) -> discord.Embed:
    """One page of search results."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    label = content.topic_label(topic) if topic else None
    title = words.SEARCH_TITLE_TOPIC.format(topic=label) if label else words.SEARCH_TITLE
    embed = discord.Embed(title=title, colour=discord.Colour.dark_teal())
    for entry in entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        name = f"{words.PINNED_MARK if entry.pinned else ''}{entry.title}"
        short = entry.description if len(entry.description) <= 220 else entry.description[:219] + "…"
        where = f"[open link]({entry.url})" if entry.url else "guide — choose it below to read"
        origin = f" · {words.SERVER_MARK}" if entry.is_server_entry else ""
        value = f"{short}\n{where} · `{display_id(entry)}` · {_topics(content, entry)}{origin}"
        embed.add_field(name=name[:256], value=value[:1024], inline=False)
    embed.set_footer(text=words.SEARCH_FOOTER.format(page=page + 1, pages=pages, count=len(entries)))
    return embed


class ResultsView(OwnedView):
    """Search results only the asker sees: previous/next, and a menu to open one entry in full."""

    def __init__(self, owner_id: int, content: ResourcesFile, entries: list[LibraryEntry], topic: str | None) -> None:
        super().__init__(owner_id)
        self.content = content
        self.entries = entries
        self.topic = topic
        self.page = 0
        self.pages = max(1, -(-len(entries) // PAGE_SIZE))
        self._build()

    def embed(self) -> discord.Embed:
        """The current page."""
        return page_embed(self.content, self.entries, self.page, self.topic)

    def _build(self) -> None:
        self.clear_items()
        previous: discord.ui.Button[ResultsView] = discord.ui.Button(
            label=words.PREVIOUS,
            style=discord.ButtonStyle.secondary,
            custom_id="resources:previous",
            disabled=self.page == 0,
        )
        following: discord.ui.Button[ResultsView] = discord.ui.Button(
            label=words.NEXT,
            style=discord.ButtonStyle.secondary,
            custom_id="resources:next",
            disabled=self.page >= self.pages - 1,
        )
        previous.callback = self._previous  # type: ignore[method-assign]
        following.callback = self._next  # type: ignore[method-assign]
        on_page = self.entries[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]
        menu: discord.ui.Select[ResultsView] = discord.ui.Select(
            placeholder=words.OPEN_PLACEHOLDER,
            custom_id="resources:open",
            options=[discord.SelectOption(label=entry.title[:100], value=entry.ref) for entry in on_page],
        )
        menu.callback = self._open  # type: ignore[method-assign]
        if on_page:
            self.add_item(menu)
        if self.pages > 1:
            self.add_item(previous)
            self.add_item(following)

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._build()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    async def _previous(self, interaction: discord.Interaction[Any]) -> None:
        await self._turn(interaction, -1)

    async def _next(self, interaction: discord.Interaction[Any]) -> None:
        await self._turn(interaction, 1)

    async def _open(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        wanted = (data.get("values") or [""])[0]
        entry = next((e for e in self.entries if e.ref == wanted), None)
        if entry is not None:
            await reply_private(interaction, embed=entry_embed(self.content, entry))


SubmitHandler = Callable[[discord.Interaction[Any], dict[str, str]], Awaitable[None]]


class ResourceModal(HearthModal):
    """Title, link, description and topics of a server resource."""

    def __init__(self, title: str, on_submit: SubmitHandler, *, values: dict[str, str] | None = None) -> None:
        super().__init__(title=title[:45])
        values = values or {}
        self._handler = on_submit
        self.fields: dict[str, discord.ui.TextInput[ResourceModal]] = {
            "title": discord.ui.TextInput(
                label=words.FIELD_TITLE, custom_id="title", max_length=100, default=values.get("title")
            ),
            "url": discord.ui.TextInput(
                label=words.FIELD_URL, custom_id="url", max_length=500, default=values.get("url")
            ),
            "description": discord.ui.TextInput(
                label=words.FIELD_DESCRIPTION,
                custom_id="description",
                style=discord.TextStyle.paragraph,
                max_length=400,
                default=values.get("description"),
            ),
            "topics": discord.ui.TextInput(
                label=words.FIELD_TOPICS,
                custom_id="topics",
                max_length=200,
                default=values.get("topics"),
                placeholder=words.FIELD_TOPICS_HINT,
            ),
        }
        for field in self.fields.values():
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Hand the typed values to the cog."""
        await self._handler(interaction, {key: field.value for key, field in self.fields.items()})
