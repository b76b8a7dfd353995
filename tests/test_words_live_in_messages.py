"""Words a member or moderator reads live in a messages module, also in the core and the Discord toolkit.

Read from the source: in `bot/core/` and `bot/surface/` (messages modules aside), no sentence may be
written inline where it reaches a person, namely

- the reason of a raised `ValueError` or `UserFacingError` (or a subclass: `DurationError`,
  `TimezoneError`, `GuildOnlyError`, ...), which the one error path and `/config` show as written;
- a module-level constant (a string, or a tuple, list or dict holding strings): what words tables look like.

A sentence is a literal with three or more words between spaces. Operator-facing text (`RuntimeError`, `SystemExit`, the
database's errors, log lines, docstrings) is English for whoever runs Hearth and is not checked; neither is
SQL.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("bot/core", "bot/surface")
WORD = re.compile(r"[(\"'“]*[^\W\d_]+(?:['’-][^\W\d_]+)*[)\"'”,.;:!?…]*")
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|PRAGMA|TEXT|INTEGER|BIGINT)\b")
# Exceptions whose reason a person reads (a domain error subclasses one of these).
READ_BY_PEOPLE = frozenset({"ValueError", "UserFacingError"})
# Raised for a programmer's or an operator's mistake, never shown to a member or moderator.
OPERATOR_REASONS = {
    ("bot/core/crypto.py", "the secret is empty"),
    ("bot/core/pacing.py", "rate must be at least 1 and the window positive"),
    ("bot/core/engines/postgresql.py", "a PostgreSQL URL starts with postgresql://"),
    ("bot/core/pacing.py", "rate must be at least 1"),
    # HEARTH_SHARD_IDS, read by the operator at start (English, like every process setting's reason)
    ("bot/core/shards.py", "names no shard: write a range like 0-3 or a list like 0,2,5"),
    ("bot/core/shards.py", "names a shard twice"),
    ("bot/core/shards.py", " is not a range from a lower to a higher shard id (like 0-3)"),
    ("bot/core/shards.py", " is not a shard id or a range like 0-3"),
}


def _is_sentence(text: str) -> bool:
    return sum(1 for token in text.split() if WORD.fullmatch(token)) >= 3 and not SQL.match(text)


def _strings(node: ast.AST) -> list[str]:
    """Every literal string inside an expression (f-string parts included)."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _people_errors(tree: ast.Module, known: set[str]) -> set[str]:
    """The exception classes of this module (and those given) whose reason a person reads."""
    names = set(READ_BY_PEOPLE) | known
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name not in names:
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & names:
                    names.add(node.name)
                    changed = True
    return names


def _all_people_errors() -> set[str]:
    known: set[str] = set()
    for path in _sources():
        known |= _people_errors(ast.parse(path.read_text(encoding="utf-8")), known)
    return known


def inline_words(path: str, source: str, people_errors: frozenset[str] | set[str] = READ_BY_PEOPLE) -> list[str]:
    """Every sentence written inline in one core or toolkit file where a person would read it."""
    tree = ast.parse(source)
    errors = _people_errors(tree, set(people_errors))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in errors:
                for arg in [*node.exc.args, *(k.value for k in node.exc.keywords)]:
                    found += [
                        f"{path}:{node.lineno}: {text!r}"
                        for text in _strings(arg)
                        if _is_sentence(text) and (path, text) not in OPERATOR_REASONS
                    ]
    for stmt in tree.body:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        if isinstance(value, ast.Constant | ast.Tuple | ast.List | ast.Dict | ast.JoinedStr):
            found += [f"{path}:{stmt.lineno}: {text!r}" for text in _strings(value) if _is_sentence(text)]
    return found


def _sources() -> list[Path]:
    return sorted(
        p
        for folder in FOLDERS
        for p in (REPO / folder).rglob("*.py")
        if p.name != "messages.py" and "migrations" not in p.parts
    )


def test_core_and_toolkit_keep_their_words_in_messages_modules() -> None:
    errors = _all_people_errors()
    inline = [w for p in _sources() for w in inline_words(p.relative_to(REPO).as_posix(), p.read_text("utf-8"), errors)]
    assert inline == []


@pytest.mark.parametrize(
    "source",
    [
        "raise ValueError(f\"'{value}' is not a time like 09:00\")\n",
        'raise UserFacingError("This works inside a server only.")\n',
        "class DurationError(ValueError):\n    pass\n\ndef f():\n    raise DurationError('it can be at most a day')\n",
        'REASONS = {"invite": "Your text includes an invite link."}\n',
        'TOPICS = ("I\'m struggling", "Something about another member")\n',
    ],
)
def test_a_sentence_written_inline_is_caught(source: str) -> None:
    assert inline_words("bot/core/example.py", source)


@pytest.mark.parametrize(
    "source",
    [
        "raise ValueError(words.TIME_NOT_HHMM.format(value=shown))\n",
        'raise RuntimeError("database is not open")\n',
        'log.warning("the heartbeat file is older than it should be")\n',
        'QUERY = "SELECT guild_id FROM guild_settings WHERE guild_id = ?"\n',
        '__all__ = ["check_text", "neutralize_mentions"]\n',
        'def f():\n    """A docstring says what this is for, in a sentence."""\n',
    ],
)
def test_words_from_a_messages_module_and_operator_text_pass(source: str) -> None:
    assert inline_words("bot/core/example.py", source) == []
