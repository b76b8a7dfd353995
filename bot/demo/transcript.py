"""Readable transcripts of what happened in the simulated server, written for a moderator to read.

Mentions and links show as names (`@Ana`, `#mod-log`, `@Moderators`), embeds print their author, title,
body, fields and footer, and every line is wrapped at a word boundary: nothing is cut mid-word.
"""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import discord

WIDTH = 110
BODY_LIMIT = 700  # a longer body (the guidelines) is shortened at a word, with "…"
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_TIME = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
_JUMP = re.compile(r"https://discord\.com/channels/(\d+|@me)/(\d+)(?:/(\d+))?")


class Names:
    """Turns Discord's markup into what a member sees: ids into names, timestamps into times."""

    def __init__(self, bot: Any = None, guild_id: int | None = None, zone: str = "Europe/Berlin") -> None:
        self.bot = bot
        self.guild_id = guild_id
        self.zone = ZoneInfo(zone)

    def _guild(self) -> discord.Guild | None:
        return self.bot.get_guild(self.guild_id) if self.bot is not None and self.guild_id else None

    def _user(self, match: re.Match[str]) -> str:
        user_id = int(match.group(1))
        guild = self._guild()
        member = guild.get_member(user_id) if guild else None
        user = member or (self.bot.get_user(user_id) if self.bot is not None else None)
        return f"@{user.display_name}" if user else "@someone"

    def _role(self, match: re.Match[str]) -> str:
        guild = self._guild()
        role = guild.get_role(int(match.group(1))) if guild else None
        return f"@{role.name}" if role else "@a role"

    def _channel_name(self, channel_id: int) -> str:
        guild = self._guild()
        channel = guild.get_channel_or_thread(channel_id) if guild else None
        if channel is None and self.bot is not None:
            channel = self.bot.get_channel(channel_id)
        name = getattr(channel, "name", None)
        if isinstance(channel, discord.Thread):
            return f"thread “{name}”"
        return f"#{name}" if name else "a channel"

    def _time(self, match: re.Match[str]) -> str:
        moment = datetime.fromtimestamp(int(match.group(1)), UTC).astimezone(self.zone)
        return moment.strftime("%a %d %b %H:%M") + " Berlin time"

    def _jump(self, match: re.Match[str]) -> str:
        where = self._channel_name(int(match.group(2)))
        return f"(link to a message in {where})" if match.group(3) else f"(link to {where})"

    def text(self, raw: str | None) -> str:
        """The text as Discord would show it."""
        if not raw:
            return ""
        text = _USER.sub(self._user, raw)
        text = _ROLE.sub(self._role, text)
        text = _CHANNEL.sub(lambda m: self._channel_name(int(m.group(1))), text)
        text = _TIME.sub(self._time, text)
        return _JUMP.sub(self._jump, text)


def wrap(text: str, indent: str, *, limit: int | None = None) -> list[str]:
    """Lines of at most WIDTH characters, broken at spaces (a long word stays whole), paragraphs kept."""
    paragraphs = text.splitlines() or [""]
    if limit is not None and len(text) > limit:
        kept, used = [], 0
        for paragraph in paragraphs:
            if used + len(paragraph) > limit:
                if limit - used > 20:
                    kept.append(textwrap.shorten(paragraph, width=limit - used, placeholder=" …"))
                else:
                    kept.append("…")
                break
            kept.append(paragraph)
            used += len(paragraph) + 1
        paragraphs = kept
    lines: list[str] = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            if lines and lines[-1] != indent.rstrip():
                lines.append(indent.rstrip())
            continue
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=WIDTH,
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _embed_lines(embed: discord.Embed, names: Names, indent: str) -> list[str]:
    lines: list[str] = []
    head = " — ".join(names.text(part) for part in (embed.author.name, embed.title) if part)
    if head:
        lines.extend(wrap(f"[embed] {head}", indent))
    if embed.description:
        lines.extend(wrap(names.text(embed.description), indent + "  ", limit=BODY_LIMIT))
    for field in embed.fields:
        name = names.text(field.name).strip("\u200b ")
        value = names.text(field.value)
        lines.extend(wrap(f"{name}: {value}" if name else value, indent + "  ", limit=BODY_LIMIT))
    if embed.footer and embed.footer.text:
        lines.extend(wrap(f"({names.text(embed.footer.text)})", indent + "  "))
    return lines


def _button_labels(message: discord.Message) -> list[str]:
    labels: list[str] = []
    for row in message.components or []:
        for child in getattr(row, "children", None) or []:
            label = child.get("label") if isinstance(child, dict) else getattr(child, "label", None)
            if label:
                labels.append(str(label))
    return labels


def describe_message(message: discord.Message, names: Names | None = None) -> str:
    """One message as a few wrapped lines: author, text, embeds (body and fields) and buttons."""
    names = names or Names()
    author = message.author.display_name if message.author else "?"
    text = names.text(message.content) or ("" if message.embeds else "(no text)")
    lines = wrap(f"{author}: {text}".rstrip(), "  ")
    for embed in message.embeds:
        lines.extend(_embed_lines(embed, names, "      "))
    labels = _button_labels(message)
    if labels:
        lines.extend(wrap("[buttons] " + " | ".join(labels), "      "))
    return "\n".join(lines)


def channel_transcript(title: str, messages: list[discord.Message], names: Names | None = None) -> list[str]:
    """A header and every message of one channel, oldest first."""
    lines = [f"# {title}"]
    lines.extend(describe_message(message, names) for message in messages)
    if len(lines) == 1:
        lines.append("  (nothing)")
    return lines


def private_line(who: str, what: str, result: Any, names: Names | None = None) -> str:
    """What `who` saw privately in answer to one interaction (or that a public message changed)."""
    names = names or Names()
    followups = list(getattr(result, "followups", None) or [])
    reply = followups[-1] if followups else getattr(result, "response", None)
    if reply is None:
        text = "(a form opened)" if getattr(result, "modal", None) else "(no reply)"
        return f"  ({who}) {what}: {text}"
    if not reply.ephemeral:
        return f"  ({who}) {what}: the message itself changed (see its channel below)"
    lines = wrap(f"(only {who} sees) {what}: {names.text(reply.content)}".rstrip(": "), "  ")
    for embed in reply.embeds:
        lines.extend(_embed_lines(embed, names, "      "))
    labels = _button_labels(reply)
    if labels:
        lines.extend(wrap("[buttons] " + " | ".join(labels), "      "))
    return "\n".join(lines)
