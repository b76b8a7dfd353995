"""`hearth db copy`: move every row from one database into an empty one (SQLite to PostgreSQL, or back),
verified by row counts and a checksum per table, all in one transaction on the destination."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from bot.core.db import Connection, Database, load_migrations

log = logging.getLogger(__name__)

# Engine-specific tables that table_names() leaves out but that hold data to move.
SEARCH_TABLES = {"resources_fts": ("title", "description", "topic_words", "topics", "guild_id", "ref")}


class CopyError(RuntimeError):
    """The copy cannot start or did not verify; nothing was written to the destination."""


@dataclass(frozen=True)
class TableCopy:
    """One table's result: rows on each side and their checksums."""

    table: str
    source_rows: int
    copied_rows: int
    source_checksum: str
    copied_checksum: str

    @property
    def verified(self) -> bool:
        """Same number of rows and the same checksum on both sides."""
        return self.source_rows == self.copied_rows and self.source_checksum == self.copied_checksum


def _canonical(value: Any) -> str:
    if value is None:
        return "N"
    if isinstance(value, bool):
        return f"i{int(value)}"
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, float):
        return f"f{value!r}"
    if isinstance(value, bytes | bytearray | memoryview):
        return "b" + bytes(value).hex()
    return "s" + str(value)


def checksum(rows: list[tuple[Any, ...]]) -> str:
    """SHA-256 over the rows in a canonical, order-independent form (each engine returns its own order)."""
    digest = hashlib.sha256()
    for line in sorted("\x1f".join(_canonical(value) for value in row) for row in rows):
        digest.update(line.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def _copy_order(schema: dict[str, Any]) -> list[str]:
    """Tables with the ones others refer to first (foreign keys), else alphabetical."""
    ordered: list[str] = []
    remaining = sorted(schema)
    while remaining:
        for table in remaining:
            parents = {fk[0] for fk in schema[table]["foreign_keys"]} - {table}
            if parents <= set(ordered):
                ordered.append(table)
                remaining.remove(table)
                break
        else:
            raise CopyError(f"foreign keys form a cycle among {remaining}")
    return ordered


async def _columns(conn: Connection, db: Database, table: str, schema: dict[str, Any]) -> tuple[str, ...]:
    if table in SEARCH_TABLES:
        return SEARCH_TABLES[table]
    return tuple(schema[table]["columns"])


async def _rows(conn: Connection, table: str, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await conn.fetchall(f"SELECT {', '.join(columns)} FROM {table}")]


async def copy_database(source: Database, destination: Database) -> list[TableCopy]:
    """Copy every row of `source` into `destination` (migrated here, and required to be empty)."""
    latest = load_migrations()[-1].version
    if await source.user_version() != latest:
        raise CopyError(
            f"the source is at schema version {await source.user_version()}, this Hearth at {latest}: "
            "run `hearth db migrate` on the source first"
        )
    await destination.migrate()
    async with source.connection() as conn:
        schema = await source.engine.describe_schema(conn)
    tables = _copy_order(schema)
    search = [table for table in SEARCH_TABLES if table not in tables]
    results: list[TableCopy] = []
    async with destination.transaction() as dest:
        for table in [*tables, *search]:
            if await dest.fetchone(f"SELECT 1 FROM {table} LIMIT 1") is not None:
                raise CopyError(f"the destination already has rows in {table}: copy only into an empty database")
        for table in [*tables, *search]:
            async with source.connection() as conn:
                columns = await _columns(conn, source, table, schema)
                rows = await _rows(conn, table, columns)
            marks = ", ".join("?" for _ in columns)
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for row in rows:
                await dest.execute(insert, row)
            if destination.dialect == "postgresql" and "id" in columns and table not in SEARCH_TABLES:
                # Identity columns continue after the copied ids.
                await dest.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) "
                    f"FROM {table}"
                )
            copied = await _rows(dest, table, columns)
            result = TableCopy(table, len(rows), len(copied), checksum(rows), checksum(copied))
            if not result.verified:
                raise CopyError(
                    f"{table} did not verify ({result.source_rows} rows, {result.copied_rows} copied): "
                    "nothing was written"
                )
            results.append(result)
    return results
