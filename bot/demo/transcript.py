"""Readable transcripts of what happened in the simulated server."""

from __future__ import annotations

from typing import Any

import discord


def describe_message(message: discord.Message) -> str:
    """One message as a line or two of text: author, content, embed titles and buttons."""
    author = message.author.display_name if message.author else "?"
    parts: list[str] = []
    if message.content:
        parts.append(message.content.replace("\n", " ⏎ ")[:300])
    for embed in message.embeds:
        bits = [b for b in (embed.author.name if embed.author else None, embed.title, embed.description) if b]
        text = " — ".join(str(b) for b in bits).replace("\n", " ⏎ ")
        parts.append(f"[embed] {text[:300]}")
    labels = [
        child.get("label")
        for row in (message.components or [])
        for child in (getattr(row, "children", None) or [])
        if isinstance(child, dict)
    ]
    buttons = [
        getattr(child, "label", None)
        for row in message.components
        for child in getattr(row, "children", [])
        if getattr(child, "label", None)
    ]
    if buttons or labels:
        parts.append("[buttons] " + " | ".join(str(b) for b in (buttons or labels)))
    return f"  {author}: " + ("\n      ".join(parts) if parts else "(no text)")


def channel_transcript(title: str, messages: list[discord.Message]) -> list[str]:
    """A header and every message of one channel, oldest first."""
    lines = [f"# {title}"]
    lines.extend(describe_message(message) for message in messages)
    if len(lines) == 1:
        lines.append("  (nothing)")
    return lines


def private_line(who: str, what: str, result: Any) -> str:
    """What `who` saw privately in answer to one interaction (or that a public message changed)."""
    followups = list(getattr(result, "followups", None) or [])
    reply = followups[-1] if followups else getattr(result, "response", None)
    if reply is None:
        text = "(a form opened)" if getattr(result, "modal", None) else "(no reply)"
        return f"  ({who}) {what}: {text}"
    if not reply.ephemeral:
        return f"  ({who}) {what}: the message itself changed (see its channel below)"
    text = reply.content or ""
    if reply.embeds:
        text += " [embed] " + (reply.embeds[0].title or reply.embeds[0].description or "")
    return f"  (only {who} sees) {what}: {text.replace(chr(10), ' ⏎ ')[:300]}"
