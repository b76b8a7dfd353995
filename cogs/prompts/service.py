"""Prompt decisions without Discord: the server's deck, its own prompts, and text checks."""

from __future__ import annotations

import random
import re
from datetime import date

from bot.core.clock import Clock
from bot.core.guild_settings import PromptSettings
from bot.core.i18n import SOURCE_LANGUAGE
from bot.core.numbers import parse_id
from bot.core.text import echo
from bot.surface.errors import UserFacingError
from bot.surface.replies import returned_text_block
from cogs.prompts import messages as words
from cogs.prompts.content import CONTENT_WARNING_MAX, PROMPT_TEXT_MAX, PROMPT_TEXT_MIN, Intensity, Prompt, Theme
from cogs.prompts.deck import EmptyDeckError, draw, enabled_prompts
from cogs.prompts.store import SERVER_PROMPT_PREFIX, PromptPost, PromptRepository, ServerPrompt, Suggestion
from cogs.safety.api import check_text

_SPACES = re.compile(r"\s+")


def clean_prompt_text(text: str, content_warning: str | None) -> tuple[str, str | None]:
    """One paragraph, within limits, no contact details, mentions made inert; else a UserFacingError."""
    cleaned = _SPACES.sub(" ", text).strip()
    warning = _SPACES.sub(" ", content_warning or "").strip() or None
    if len(cleaned) < PROMPT_TEXT_MIN:
        raise UserFacingError(
            words.TOO_SHORT.format(min=PROMPT_TEXT_MIN, count=len(cleaned), text=returned_text_block(text))
        )
    if len(cleaned) > PROMPT_TEXT_MAX:
        raise UserFacingError(
            words.TOO_LONG.format(max=PROMPT_TEXT_MAX, count=len(cleaned), text=returned_text_block(text))
        )
    if warning is not None and len(warning) > CONTENT_WARNING_MAX:
        raise UserFacingError(words.WARNING_TOO_LONG.format(max=CONTENT_WARNING_MAX, text=returned_text_block(warning)))
    checked = check_text(cleaned)
    if not checked.ok:
        raise UserFacingError(
            words.TEXT_PROBLEM.format(reason=checked.problems[0].reason, text=returned_text_block(text))
        )
    warning_checked = check_text(warning) if warning else None
    if warning_checked is not None and not warning_checked.ok:
        raise UserFacingError(
            words.TEXT_PROBLEM.format(
                reason=warning_checked.problems[0].reason, text=returned_text_block(warning or "")
            )
        )
    return checked.text, warning_checked.text if warning_checked else None


class PromptService:
    """The prompts a server draws from, and the day claims made from them."""

    def __init__(
        self,
        repository: PromptRepository,
        shipped: dict[str, list[Prompt]] | list[Prompt],
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.repository = repository
        # language -> the prompts written in it ("en" always there); a plain list is the English prompts
        self.shipped = shipped if isinstance(shipped, dict) else {SOURCE_LANGUAGE: shipped}
        self._shipped_by_id = {prompt.id: prompt for prompts in self.shipped.values() for prompt in prompts}
        self.clock = clock
        self.rng = rng or random.Random()

    async def server_prompts(self, guild_id: int) -> list[ServerPrompt]:
        """The prompts the server added itself."""
        return await self.repository.server_prompts(guild_id)

    def shipped_in(self, language: str) -> list[Prompt]:
        """The prompts Hearth ships in `language` (English where it ships none)."""
        return self.shipped.get(language) or self.shipped[SOURCE_LANGUAGE]

    async def enabled(self, guild_id: int, settings: PromptSettings, language: str = SOURCE_LANGUAGE) -> list[Prompt]:
        """Every prompt the server's deck draws from right now: the shipped ones in the server's language,
        and its own."""
        own = [p.to_prompt() for p in await self.repository.server_prompts(guild_id)]
        return enabled_prompts(self.shipped_in(language), own, await self.repository.disabled(guild_id), settings)

    async def find(self, guild_id: int, prompt_id: str) -> Prompt | None:
        """A shipped prompt, or one of this server's own, by id."""
        if prompt_id.startswith(SERVER_PROMPT_PREFIX):
            number = parse_id(prompt_id.removeprefix(SERVER_PROMPT_PREFIX))
            if number is None:
                return None
            own = await self.repository.server_prompt(guild_id, number)
            return own.to_prompt() if own else None
        return self._shipped_by_id.get(prompt_id)

    async def claim(
        self,
        guild_id: int,
        local_date: date,
        settings: PromptSettings,
        *,
        extra: bool = False,
        language: str = SOURCE_LANGUAGE,
    ) -> tuple[PromptPost, Prompt] | None:
        """Claim the day (or an extra post) and draw its prompt; None if the day was already claimed.

        Raises EmptyDeckError when the server's limits leave no prompt to draw.
        """
        if not extra:  # a day waiting to retry after a passing Discord problem keeps its prompt
            waiting = await self.repository.reclaim(guild_id, local_date, self.clock())
            if waiting is not None and waiting.prompt_id is not None:
                prompt = await self.find(guild_id, waiting.prompt_id)
                if prompt is not None:
                    return waiting, prompt
                await self.repository.mark_failed(waiting.id, "its prompt was removed before it could be posted")
                return None
        enabled = await self.enabled(guild_id, settings, language)
        if not enabled:
            raise EmptyDeckError("no prompts are enabled")
        by_id = {prompt.id: prompt for prompt in enabled}

        def choose(used: set[str], last_id: str | None) -> tuple[Prompt, bool]:
            last = by_id.get(last_id) if last_id else None
            if last is None and last_id is not None:
                last = self._shipped_by_id.get(last_id)
            return draw(enabled, used, last, self.rng)

        post = await self.repository.claim(guild_id, local_date, choose, self.clock(), extra=extra)
        if post is None or post.prompt_id is None:
            return None
        return post, by_id[post.prompt_id]

    async def add(
        self,
        guild_id: int,
        theme: Theme,
        intensity: Intensity,
        text: str,
        content_warning: str | None,
        added_by: int,
    ) -> ServerPrompt:
        """Add a moderator's prompt after checking its text."""
        cleaned, warning = clean_prompt_text(text, content_warning)
        return await self.repository.add_server_prompt(
            guild_id, theme, intensity, cleaned, warning, added_by, self.clock()
        )

    async def remove(self, guild_id: int, prompt_id: str) -> str:
        """Remove a server prompt or switch a shipped one off; the reply for the moderator."""
        prompt_id = prompt_id.strip()
        if prompt_id.startswith(SERVER_PROMPT_PREFIX):
            number = parse_id(prompt_id.removeprefix(SERVER_PROMPT_PREFIX))
            if number is not None and await self.repository.delete_server_prompt(guild_id, number):
                return words.REMOVED_SERVER.format(id=prompt_id)
            raise UserFacingError(words.UNKNOWN_PROMPT.format(id=echo(prompt_id, 60)))
        if prompt_id not in self._shipped_by_id:
            raise UserFacingError(words.UNKNOWN_PROMPT.format(id=echo(prompt_id, 60)))
        if not await self.repository.disable_shipped(guild_id, prompt_id):
            raise UserFacingError(words.ALREADY_REMOVED.format(id=prompt_id))
        return words.REMOVED_SHIPPED.format(id=prompt_id)

    # --- the day's post and members' suggestions (what the cog asks; it posts) ----------------------------------

    async def day_post(self, guild_id: int, local_date: date) -> PromptPost | None:
        """The server's prompt post for one local date, if any."""
        return await self.repository.day_post(guild_id, local_date)

    async def recent_posts(self, guild_id: int, limit: int = 14) -> list[PromptPost]:
        """The server's last prompts posted, newest first."""
        return await self.repository.posts(guild_id, limit=limit)

    async def suggest(self, guild_id: int, user_id: int, theme: Theme, text: str, warning: str | None) -> Suggestion:
        """Keep a member's suggestion for the moderators' review."""
        return await self.repository.add_suggestion(guild_id, user_id, theme, text, warning, self.clock())

    async def suggestion_not_posted(self, suggestion_id: int) -> None:
        """Forget a suggestion whose review card Discord would not take (the member gets their text back)."""
        await self.repository.delete_suggestion(suggestion_id)

    async def suggestion_posted(self, suggestion_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the suggestion's review card is."""
        await self.repository.set_review_message(suggestion_id, channel_id, message_id)

    async def pending_suggestion(self, suggestion_id: int, guild_id: int | None) -> Suggestion:
        """The suggestion behind a review button, if it is still waiting and belongs to this server."""
        suggestion = await self.repository.suggestion(suggestion_id)
        if suggestion is None or guild_id is None or suggestion.guild_id != guild_id:
            raise UserFacingError(words.SUGGESTION_GONE)
        if suggestion.status != "pending":
            raise UserFacingError(words.ALREADY_DECIDED.get(suggestion.status, words.ALREADY_DECIDED["decided"]))
        return suggestion

    async def approve(self, suggestion: Suggestion, moderator_id: int, text: str, warning: str | None) -> ServerPrompt:
        """Add the (possibly edited) suggestion to the server's deck, once."""
        added = await self.repository.approve_suggestion(
            suggestion.id, moderator_id, text, warning, Intensity.GENTLE, self.clock()
        )
        if added is None:
            raise UserFacingError(words.ALREADY_DECIDED["decided"])
        return added

    async def decline(self, suggestion: Suggestion, moderator_id: int) -> None:
        """Decline the suggestion, once."""
        if not await self.repository.decline_suggestion(suggestion.id, moderator_id, self.clock()):
            raise UserFacingError(words.ALREADY_DECIDED["decided"])


__all__ = ["EmptyDeckError", "PromptService", "clean_prompt_text"]
