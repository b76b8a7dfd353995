"""The language of each member's Discord client, for messages that are not replies (DMs).

Kept only when it is a language Hearth speaks other than English: a member whose client is English, or in
a language Hearth lacks, has no row (a DM to them falls back to the server's language, then English).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.clock import iso
from bot.core.db import Connection, Database
from bot.core.i18n import SOURCE_LANGUAGE, from_discord_locale


class MemberLanguageStore:
    """`member_languages`: at most one row a person, written only when their client language changes."""

    name: str = "language"
    tables: tuple[str, ...] = ("member_languages",)
    person_columns: tuple[str, ...] = ("member_languages.user_id",)

    def __init__(self, db: Database) -> None:
        self.db = db
        self._seen: dict[int, str | None] = {}  # user id -> language as stored (None: no row)

    async def language(self, user_id: int) -> str | None:
        """The language Hearth keeps for this member, or None."""
        if user_id in self._seen:
            return self._seen[user_id]
        row = await self.db.fetchone("SELECT language FROM member_languages WHERE user_id = ?", (user_id,))
        language = row[0] if row else None
        self._seen[user_id] = language
        return language

    async def remember(self, user_id: int, locale: str, now: datetime) -> None:
        """Note the member's client `locale` (a Discord locale such as "de" or "en-US")."""
        language = from_discord_locale(locale)
        if language == SOURCE_LANGUAGE:
            language = None
        if language is None and locale not in ("en-US", "en-GB"):
            return  # a language Hearth lacks says nothing about which of ours they would prefer
        if await self.language(user_id) == language:
            return
        if language is None:
            await self.db.execute("DELETE FROM member_languages WHERE user_id = ?", (user_id,))
        else:
            await self.db.execute(
                "INSERT INTO member_languages (user_id, language, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at",
                (user_id, language, iso(now)),
            )
        self._seen[user_id] = language

    async def language_for(self, user_id: int, server_language: str | None) -> str:
        """What to write a DM to this member in: their client language if kept, else the server's, else
        English."""
        return await self.language(user_id) or server_language or SOURCE_LANGUAGE

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        row = await self.db.fetchone("SELECT language, updated_at FROM member_languages WHERE user_id = ?", (user_id,))
        return {"client_language": [{"language": row[0], "last_seen": row[1]}] if row else []}

    async def delete_member_data(self, conn: Connection, guild_id: int | None, user_id: int) -> None:
        """One row for every server: /forgetme in any server deletes it."""
        await conn.execute("DELETE FROM member_languages WHERE user_id = ?", (user_id,))
        self._seen.pop(user_id, None)

    async def delete_guild(self, conn: Connection, guild_id: int) -> None:
        """Nothing here belongs to one server."""
