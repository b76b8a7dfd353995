"""Text that has to fit: cut with '…', and member input quoted back short and on one line."""

from __future__ import annotations

ELLIPSIS = "…"


def trim(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with '…' when anything was cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ELLIPSIS))] + ELLIPSIS


def echo(value: object, limit: int = 80) -> str:
    """An option value or a member's words quoted back inside a sentence: short, on one line."""
    return trim(" ".join(str(value).split()), limit)
