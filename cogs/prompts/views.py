"""Prompt views and modals: add/suggest/edit forms, the review buttons (persistent) and the list pager."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.permissions import Tier, ensure_tier
from bot.surface.replies import reply_private
from bot.surface.views import (
    HearthModal,
    OwnedView,
    PersistentButton,
    choice_field,
    int_field,
)
from cogs.prompts import messages as words
from cogs.prompts.content import CONTENT_WARNING_MAX, PROMPT_TEXT_MAX, Intensity, Prompt, Theme
from cogs.prompts.store import ServerPrompt, Suggestion
from cogs.safety.api import neutralize_mentions

if TYPE_CHECKING:
    from bot.app import HearthBot
    from cogs.prompts.commands import PromptsCog

log = logging.getLogger(__name__)
PAGE_SIZE = 10


def prompts_cog(bot: HearthBot) -> PromptsCog:
    """The loaded prompts cog (buttons rebuilt after a restart find their services through it)."""
    cog = bot.get_cog("PromptsCog")
    if cog is None:
        raise UserFacingError(words.SWITCHED_OFF)
    return cog  # type: ignore[return-value]


class PromptTextModal(HearthModal):
    """The prompt text and content note; what happens on submit is passed in."""

    def __init__(self, title: str, on_text: Any, *, text: str = "", warning: str | None = None) -> None:
        super().__init__(title=title, timeout=900)
        self.on_text = on_text
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.FIELD_TEXT,
            custom_id="text",
            style=discord.TextStyle.paragraph,
            placeholder=words.FIELD_TEXT_PLACEHOLDER,
            default=text or None,
            max_length=PROMPT_TEXT_MAX + 200,
        )
        self.warning: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.FIELD_WARNING,
            custom_id="content_warning",
            required=False,
            placeholder=words.FIELD_WARNING_PLACEHOLDER,
            default=warning or None,
            max_length=CONTENT_WARNING_MAX + 40,
        )
        self.add_item(self.text)
        self.add_item(self.warning)

    async def on_submit(self, interaction: discord.Interaction[HearthBot]) -> None:  # type: ignore[override]
        """Hand the entered text to the caller's handler."""
        await self.on_text(interaction, self.text.value, self.warning.value or None)


def review_embed(suggestion: Suggestion, outcome: str | None = None) -> discord.Embed:
    """The moderators' card for one suggestion."""
    embed = discord.Embed(
        title=words.REVIEW_TITLE.format(id=suggestion.id),
        description=neutralize_mentions(suggestion.text),
        colour=discord.Colour.blurple(),
    )
    embed.add_field(name=words.REVIEW_THEME, value=suggestion.theme.label)
    if suggestion.content_warning:
        embed.add_field(name=words.REVIEW_CONTENT_NOTE, value=neutralize_mentions(suggestion.content_warning))
    embed.add_field(name=words.REVIEW_SUGGESTED_BY, value=f"<@{suggestion.user_id}>")
    if outcome:
        embed.add_field(name=words.REVIEW_OUTCOME, value=outcome, inline=False)
        embed.colour = discord.Colour.dark_grey()
    else:
        embed.set_footer(text=words.REVIEW_FOOTER)
    return embed


_STYLES = {
    "approve": discord.ButtonStyle.success,
    "edit": discord.ButtonStyle.secondary,
    "decline": discord.ButtonStyle.danger,
}
_LABELS = {"approve": words.APPROVE, "edit": words.EDIT, "decline": words.DECLINE}


class SuggestionReviewButton(PersistentButton):
    """Approve / Edit / Decline on a suggestion card; works after a restart."""

    prefix = "hearth:prompt-suggestion"
    fields = (choice_field("action", "approve", "edit", "decline"), int_field("suggestion_id"))
    action: str
    suggestion_id: int

    def __init__(self, action: str, suggestion_id: int) -> None:
        super().__init__(
            discord.ui.Button(label=_LABELS[action], style=_STYLES[action]), action=action, suggestion_id=suggestion_id
        )

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Moderators only (and the suggestion must be this server's, checked in `run`)."""
        await ensure_tier(interaction, Tier.MODERATOR)

    async def run(self, interaction: discord.Interaction[HearthBot]) -> None:  # type: ignore[override]
        """Decide the suggestion (moderators only)."""
        cog = prompts_cog(interaction.client)
        suggestion = await cog.pending_suggestion(self.suggestion_id, interaction)
        if self.action == "approve":
            await cog.approve_suggestion(interaction, suggestion, suggestion.text, suggestion.content_warning)
        elif self.action == "decline":
            await cog.decline_suggestion(interaction, suggestion)
        else:

            async def approve_edited(inner: discord.Interaction[HearthBot], text: str, warning: str | None) -> None:
                await ensure_tier(inner, Tier.MODERATOR)
                current = await cog.pending_suggestion(self.suggestion_id, inner)
                await cog.approve_suggestion(inner, current, text, warning)

            await interaction.response.send_modal(
                PromptTextModal(
                    words.EDIT_MODAL_TITLE, approve_edited, text=suggestion.text, warning=suggestion.content_warning
                )
            )


def review_view(suggestion_id: int) -> discord.ui.View:
    """The three persistent review buttons."""
    view = discord.ui.View(timeout=None)
    for action in ("approve", "edit", "decline"):
        view.add_item(SuggestionReviewButton(action, suggestion_id))
    return view


async def finish_review(
    interaction: discord.Interaction[HearthBot], suggestion: Suggestion, outcome: str, dm_text: str, reply: str
) -> None:
    """Tell the suggester privately, close the card, confirm to the moderator."""
    bot = interaction.client
    user = await delivery.resolve_user(bot, suggestion.user_id)
    told = False
    if user is not None:
        told = await delivery.send_dm(user, content=dm_text)
    outcome += words.REVIEW_TOLD if told else words.REVIEW_NOT_TOLD
    embed = review_embed(suggestion, outcome)
    if interaction.message is not None and not interaction.response.is_done():
        await interaction.response.edit_message(embed=embed, view=None)
    elif interaction.message is not None:
        await interaction.message.edit(embed=embed, view=None)
    await reply_private(interaction, reply)


class PromptListPager(OwnedView):
    """Pages through the server's deck, privately."""

    def __init__(self, owner_id: int, prompts: list[Prompt]) -> None:
        super().__init__(owner_id)
        self.prompts = prompts
        self.page = 0
        self.pages = max(1, (len(prompts) + PAGE_SIZE - 1) // PAGE_SIZE)
        self._sync()

    def embed(self) -> discord.Embed:
        """The current page."""
        embed = discord.Embed(title=words.LIST_TITLE.format(count=len(self.prompts)), colour=discord.Colour.teal())
        chunk = self.prompts[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]
        lines = [
            f"`{p.id}` · {p.theme.label} · {p.intensity.value}\n{neutralize_mentions(p.text)[:150]}" for p in chunk
        ]
        embed.description = "\n\n".join(lines) or words.LIST_EMPTY
        embed.set_footer(text=words.LIST_FOOTER.format(page=self.page + 1, pages=self.pages))
        return embed

    def _sync(self) -> None:
        self.previous_page.disabled = self.page == 0
        self.next_page.disabled = self.page >= self.pages - 1

    @discord.ui.button(label=words.PREVIOUS, custom_id="prompt-list:previous")
    async def previous_page(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Go back one page."""
        self.page = max(0, self.page - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label=words.NEXT, custom_id="prompt-list:next")
    async def next_page(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Go forward one page."""
        self.page = min(self.pages - 1, self.page + 1)
        self._sync()
        await interaction.response.edit_message(embed=self.embed(), view=self)


def added_reply(prompt: ServerPrompt) -> str:
    """What a moderator sees after adding a prompt."""
    return words.ADDED.format(id=prompt.prompt_id, theme=prompt.theme.label, intensity=prompt.intensity.value)


THEME_CHOICES = [discord.app_commands.Choice(name=theme.label, value=theme.value) for theme in Theme]
INTENSITY_CHOICES = [discord.app_commands.Choice(name=i.value, value=i.value) for i in Intensity]
