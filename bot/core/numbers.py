"""Numbers a member types (post numbers, resource and prompt ids): ASCII digits that fit a database integer."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # SQLite INTEGER and PostgreSQL BIGINT


def parse_id(text: str | None) -> int | None:
    """The positive whole number written in `text` (an optional leading '#'), or None; total for any string.

    Only ASCII digits count: '²' and '٣' pass str.isdigit() but are not what anyone means by an id, and a
    number past 64 bits cannot be in the database (SQLite would raise OverflowError).
    """
    cleaned = (text or "").strip().removeprefix("#").strip()
    if not cleaned or len(cleaned) > 19 or not (cleaned.isascii() and cleaned.isdigit()):
        return None
    number = int(cleaned)
    return number if 0 < number <= MAX_ID else None
