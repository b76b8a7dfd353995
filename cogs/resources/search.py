"""Full-text search, per engine: FTS5 with bm25 on SQLite, a weighted tsvector with a GIN index on PostgreSQL.

Both take the same FTS5-style expression from `library.fts_query` (`"word"*` terms, joined by a space for
all words or by ` OR ` for any word) and rank so that a lower `score` is a better hit.
"""

from __future__ import annotations

import re
from typing import Any

# bm25 weights per column of resources_fts: a title hit outranks a description hit.
_BM25 = "bm25(resources_fts, 10.0, 2.0, 3.0)"
_TERM = re.compile(r'"(\w+)"\*')


def tsquery(expression: str) -> str:
    """The FTS5 expression as a PostgreSQL tsquery: each `"word"*` a prefix term, joined by & (or |)."""
    joiner = " | " if " OR " in expression else " & "
    return joiner.join(f"{term}:*" for term in _TERM.findall(expression))


def _like_pattern(topic: str) -> str:
    escaped = topic.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def search_statement(
    dialect: str, guild_ids: list[int], pinned_guild: int | None, match: str | None, topic: str | None, limit: int
) -> tuple[str, list[Any]]:
    """The search query and its parameters for `dialect` (`sqlite` or `postgresql`)."""
    marks = ",".join("?" for _ in guild_ids)
    postgres = dialect == "postgresql"
    if not match:
        score = "0"
    elif postgres:
        score = "-ts_rank(f.document, to_tsquery('simple', ?), 1)"
    else:
        score = _BM25
    sql = (
        f"SELECT f.guild_id, f.ref, p.message_id IS NOT NULL AS pinned, {score} AS score "
        "FROM resources_fts f LEFT JOIN resource_pins p ON p.guild_id = ? AND p.ref = f.ref "
        f"WHERE f.guild_id IN ({marks})"
    )
    params: list[Any] = []
    if match and postgres:
        params.append(tsquery(match))
    params += [pinned_guild if pinned_guild is not None else -1, *guild_ids]
    if match:
        sql += " AND f.document @@ to_tsquery('simple', ?)" if postgres else " AND resources_fts MATCH ?"
        params.append(tsquery(match) if postgres else match)
    if topic:
        sql += " AND f.topics LIKE ? ESCAPE '\\'"
        params.append(_like_pattern(topic))
    sql += " ORDER BY pinned DESC, score, lower(f.title), f.ref LIMIT ?"
    params.append(limit)
    return sql, params
