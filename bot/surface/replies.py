"""Private replies that always fit Discord's limits and work whether or not the interaction was answered."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord

from bot.core.text import ELLIPSIS, echo, trim
from bot.surface import messages as common

log = logging.getLogger(__name__)

__all__ = ["ELLIPSIS", "echo", "fit_embed", "fit_message", "reply_private", "returned_text_block", "text_file", "trim"]

NO_MENTIONS = discord.AllowedMentions.none()

CONTENT_LIMIT = 2000
RETURNED_FILENAME = "your-text.txt"

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """A copy of the embed cut to Discord's limits (every part, and the 6,000-character total)."""
    data = embed.to_dict()
    if "title" in data:
        data["title"] = trim(data["title"], EMBED_TITLE)
    if "description" in data:
        data["description"] = trim(data["description"], EMBED_DESCRIPTION)
    if "footer" in data and "text" in data["footer"]:
        data["footer"]["text"] = trim(data["footer"]["text"], EMBED_FOOTER)
    if "author" in data and "name" in data["author"]:
        data["author"]["name"] = trim(data["author"]["name"], EMBED_AUTHOR)
    fields = data.get("fields", [])[:EMBED_FIELDS]
    for item in fields:
        item["name"] = trim(item.get("name") or "\u200b", EMBED_FIELD_NAME)
        item["value"] = trim(item.get("value") or "\u200b", EMBED_FIELD_VALUE)
    if fields:
        data["fields"] = fields
    fitted = discord.Embed.from_dict(data)
    overflow = len(fitted) - EMBED_TOTAL
    if overflow > 0 and fitted.description:  # the body gives way first, then the last fields
        fitted.description = trim(fitted.description, max(1, len(fitted.description) - overflow))
    while len(fitted) > EMBED_TOTAL and fitted.fields:
        fitted.remove_field(len(fitted.fields) - 1)
    return fitted


def fit_message(content: str | None, embeds: list[discord.Embed]) -> tuple[str | None, list[discord.Embed], str | None]:
    """What fits in one message, and the full text to attach as a file when the content did not fit."""
    fitted_embeds = [fit_embed(e) for e in embeds[:EMBEDS_PER_MESSAGE]]
    while len(fitted_embeds) > 1 and sum(len(e) for e in fitted_embeds) > EMBED_TOTAL:
        fitted_embeds.pop()
    if content is None or len(content) <= CONTENT_LIMIT:
        return content, fitted_embeds, None
    note = f"\n{common.REPLY_CONTINUES_IN_FILE.format(filename=RETURNED_FILENAME)}"
    return trim(content, CONTENT_LIMIT - len(note)) + note, fitted_embeds, content


async def reply_private(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """Send an ephemeral reply (or followup if already answered) that always fits; never pings anyone.

    Content past Discord's 2,000 characters is trimmed with '…' and sent in full as an attached .txt,
    so a member's own words are never cut off; embeds are cut to Discord's embed limits.
    """
    all_embeds = ([embed] if embed is not None else []) + list(embeds or [])
    fitted, fitted_embeds, overflow = fit_message(content, all_embeds)
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": NO_MENTIONS}
    if fitted is not None:
        kwargs["content"] = fitted
    if fitted_embeds:
        kwargs["embeds"] = fitted_embeds
    if view is not None:
        kwargs["view"] = view
    files = [file] if file is not None else []
    if overflow is not None:
        files.append(text_file(overflow))
    if files:
        kwargs["files"] = files
    if not interaction.response.is_done():
        try:
            await interaction.response.send_message(**kwargs)
            return
        except discord.InteractionResponded:
            pass  # answered meanwhile (e.g. by a deferral elsewhere): fall through to a followup
        for attached in files:
            attached.reset()
    await interaction.followup.send(**kwargs)


def text_file(text: str, filename: str = RETURNED_FILENAME) -> discord.File:
    """A member's text as a .txt attachment (UTF-8), for when it is too long to show in a message."""
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=filename)


def returned_text_block(text: str, limit: int | None = None) -> str:
    """A member's own text, quoted back in a code block so nothing in it renders or pings.

    Whole by default: `reply_private` attaches the full reply as a .txt when it does not fit, so the
    member never loses a word. Pass `limit` only where a cut is right (an embed field for moderators).
    """
    safe = text.replace("```", "`\u200b``")
    if limit is not None and len(safe) > limit:
        safe = safe[:limit] + ELLIPSIS
    return f"```\n{safe}\n```"
