"""Every store of a person's data registers here, so /mydata and /forgetme cannot miss one."""

from __future__ import annotations

from typing import Any, Protocol

import aiosqlite

from bot.core.db import Database


class MemberDataStore(Protocol):
    """A repository that holds data about members (or servers)."""

    name: str
    tables: tuple[str, ...]  # every table this store is responsible for
    person_columns: tuple[str, ...]  # "table.column" for every column that can hold a person (id, key, sealed id)

    async def export_member_data(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """Everything held about the person (guild_id None: every server), as JSON-ready data."""

    async def delete_member_data(self, conn: aiosqlite.Connection, guild_id: int | None, user_id: int) -> None:
        """Delete (or unlink) the person's rows using `conn`, inside the caller's transaction."""

    async def delete_guild(self, conn: aiosqlite.Connection, guild_id: int) -> None:
        """Delete every row of one server using `conn`, inside the caller's transaction."""


class MemberDataRegistry:
    """The stores each part registers in its cog_load."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._stores: dict[str, MemberDataStore] = {}
        self._without_member_data: dict[str, str] = {}

    def register(self, store: MemberDataStore) -> None:
        """Add a store (registering the same name again replaces it, e.g. after a cog reload)."""
        self._stores[store.name] = store

    @property
    def stores(self) -> list[MemberDataStore]:
        """Registered stores in registration order."""
        return list(self._stores.values())

    def covered_tables(self) -> set[str]:
        """Every table some store is responsible for."""
        return {table for store in self._stores.values() for table in store.tables}

    def covered_person_columns(self) -> set[str]:
        """Every "table.column" some store declares as holding a person."""
        return {column for store in self._stores.values() for column in store.person_columns}

    def declare_without_member_data(self, table: str, why: str) -> None:
        """Record that a table holds nobody's id (so no store covers it), and why; a test checks its columns."""
        self._without_member_data[table] = why

    @property
    def tables_without_member_data(self) -> dict[str, str]:
        """Tables declared to hold nobody's id, with the reason given."""
        return dict(self._without_member_data)

    async def export(self, guild_id: int | None, user_id: int) -> dict[str, Any]:
        """One export across every store."""
        return {store.name: await store.export_member_data(guild_id, user_id) for store in self.stores}

    async def delete(self, guild_id: int | None, user_id: int) -> None:
        """Delete a person's data from every store in ONE transaction: all or nothing."""
        async with self.db.transaction() as conn:
            for store in self.stores:
                await store.delete_member_data(conn, guild_id, user_id)

    async def delete_guild(self, guild_id: int) -> None:
        """Delete a server's data from every store in one transaction."""
        async with self.db.transaction() as conn:
            for store in self.stores:
                await store.delete_guild(conn, guild_id)
