"""Anonymity keys: keyed hashes for author links, and per-server pseudonyms (never reversible)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import aiosqlite

from bot.core.clock import Clock, utcnow
from bot.core.db import Database
from cogs.anonymous.store import SaltRepository

# Gentle, neutral words; a pseudonym is one of these plus two hex characters ("Willow 3F").
PSEUDONYM_WORDS = (
    "Alder",
    "Amber",
    "Aspen",
    "Birch",
    "Bramble",
    "Brook",
    "Cedar",
    "Clover",
    "Comet",
    "Coral",
    "Cove",
    "Cypress",
    "Dawn",
    "Delta",
    "Dune",
    "Ember",
    "Fern",
    "Finch",
    "Fjord",
    "Flint",
    "Gale",
    "Garnet",
    "Glade",
    "Glen",
    "Harbor",
    "Hazel",
    "Heath",
    "Heron",
    "Holly",
    "Indigo",
    "Iris",
    "Ivy",
    "Jade",
    "Juniper",
    "Kestrel",
    "Lagoon",
    "Lark",
    "Laurel",
    "Linden",
    "Lotus",
    "Maple",
    "Marble",
    "Marsh",
    "Meadow",
    "Mesa",
    "Mist",
    "Moss",
    "Nectar",
    "Nimbus",
    "Oak",
    "Ocean",
    "Olive",
    "Onyx",
    "Opal",
    "Orchid",
    "Otter",
    "Pebble",
    "Pine",
    "Plover",
    "Poppy",
    "Prairie",
    "Quartz",
    "Quill",
    "Rain",
    "Raven",
    "Reed",
    "Ridge",
    "River",
    "Robin",
    "Rowan",
    "Sage",
    "Sequoia",
    "Shore",
    "Sierra",
    "Sky",
    "Slate",
    "Sorrel",
    "Sparrow",
    "Spruce",
    "Stone",
    "Summit",
    "Swallow",
    "Tamarack",
    "Thistle",
    "Tide",
    "Timber",
    "Topaz",
    "Tundra",
    "Vale",
    "Violet",
    "Wave",
    "Willow",
    "Wren",
    "Yarrow",
    "Zephyr",
    "Lantern",
    "Harvest",
    "Kite",
    "Lichen",
    "Basil",
)


def author_key(secret: bytes, guild_id: int, user_id: int) -> str:
    """The keyed hash that links an anonymous action to its author (cannot be computed without the secret)."""
    return hmac.new(secret, f"author:{guild_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def pseudonym(secret: bytes, guild_id: int, user_id: int, salt: str) -> str:
    """A stable, per-server pseudonym such as 'Willow 3F'; changes when the server's salt rotates."""
    digest = hmac.new(secret, f"pseudonym:{guild_id}:{salt}:{user_id}".encode(), hashlib.sha256).digest()
    word = PSEUDONYM_WORDS[int.from_bytes(digest[:4], "big") % len(PSEUDONYM_WORDS)]
    return f"{word} {digest[4]:02X}"


class AnonymityService:
    """Author keys and pseudonyms for one bot; each server's pseudonym salt is kept by `SaltRepository`."""

    name: str = "pseudonym_salts"
    tables: tuple[str, ...] = ("anon_salts",)
    person_columns: tuple[str, ...] = ()
    """Every column of these tables that can hold a person (an id, an author key or a sealed id)."""

    def __init__(self, db: Database, secret: bytes, clock: Clock = utcnow) -> None:
        self.secret = secret
        self.salts = SaltRepository(db, clock)

    def author_key(self, guild_id: int, user_id: int) -> str:
        """The author key of a member in a server."""
        return author_key(self.secret, guild_id, user_id)

    async def pseudonym(self, guild_id: int, user_id: int) -> str:
        """The member's current pseudonym in a server."""
        return pseudonym(self.secret, guild_id, user_id, await self.salts.salt(guild_id))

    async def rotate(self, guild_id: int) -> None:
        """Give everyone in the server new pseudonyms."""
        await self.salts.rotate(guild_id)

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Salts belong to servers, not people: nothing personal is stored here."""
        return {}

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Nothing personal to delete."""

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Forget a server's salt (server removal)."""
        await self.salts.delete_guild(conn, guild_id)
