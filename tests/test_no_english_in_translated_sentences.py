"""No English word is formatted into a translated sentence.

A sentence in a messages module is translated whole (`content/locales/<lang>.po`); what fills its
placeholders must be translated too, or a German moderator reads "„time out“ geht nicht bei dir selbst".
Read from the source: every `<messages module>.<CONSTANT>.format(...)` in `bot/` and `cogs/` whose
keyword argument is a literal with letters in it (a plain string or an f-string's text) is a defect:
the words belong in a messages module (a whole sentence per case, or a translated table such as
`ALERT_STATUS_SHOWN`). Names of people and services in the demo script are not words to translate.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LETTERS = re.compile(r"[^\W\d_]{2,}")
# (file, keyword, literal): proper nouns the demo plays with, the same in every language.
PROPER_NOUNS = {
    ("bot/demo/steps.py", "name", "Sam"),
    ("bot/demo/steps.py", "service", "TelefonSeelsorge"),
}


def _messages_aliases(tree: ast.Module) -> set[str]:
    """Names bound in this module to a messages module (`from cogs.x import messages as words`, ...)."""
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "messages" or alias.name.endswith("_messages"):
                    aliases.add(alias.asname or alias.name)
                elif (node.module or "").endswith(".messages") and alias.name.isupper():
                    aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.endswith(".messages") and alias.asname:
                    aliases.add(alias.asname)
    return aliases


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node


def english_fillers(source: str, relative: str) -> list[str]:
    """Every literal with letters passed to `.format` of a messages constant in this module's source."""
    tree = ast.parse(source)
    aliases = _messages_aliases(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
            continue
        root = _root(node.func.value)
        if not (isinstance(root, ast.Name) and root.id in aliases):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                text = value.value
            elif isinstance(value, ast.JoinedStr):
                text = "".join(str(p.value) for p in value.values if isinstance(p, ast.Constant))
            else:
                continue
            if LETTERS.search(text) and (relative, keyword.arg, text) not in PROPER_NOUNS:
                found.append(f"{relative}:{node.lineno} {keyword.arg}={text!r}")
    return found


def test_no_english_literal_fills_a_translated_sentence() -> None:
    found: list[str] = []
    for path in sorted([*REPO.glob("bot/**/*.py"), *REPO.glob("cogs/**/*.py")]):
        relative = path.relative_to(REPO).as_posix()
        found += english_fillers(path.read_text(encoding="utf-8"), relative)
    assert found == [], "English words formatted into translated sentences:\n" + "\n".join(found)


def test_the_check_finds_each_kind_of_english_filler() -> None:
    """The check is not vacuous: a literal, an f-string's words and a table's sentence are caught; names are not."""
    source = (
        "from cogs.moderation import messages as words\n"
        "from bot.surface import messages as common\n"
        'a = words.CANNOT_SELF.format(action="time out")\n'
        'b = common.MISSING_PERMISSION_IN.format(permission=f"**{x}** in the inbox", channel=c)\n'
        'c = words.LOG_TITLES["warn"].format(kind="channel")\n'
        "d = words.CANNOT_BOT.format(name=target.name)\n"
        'e = other.format(action="time out")\n'
        'f = words.HISTORY_LINE.format(duration=" (3 h)")\n'
    )
    found = english_fillers(source, "x.py")
    assert [line.split(" ", 1)[1] for line in found] == [
        "action='time out'",
        "permission='**** in the inbox'",
        "kind='channel'",
    ]


def _post_channel_keys(source: str) -> list[tuple[int, str]]:
    """The literal `what=` of every `delivery.post(...)` call: which channel slot a failed post names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "post":
            for keyword in node.keywords:
                if keyword.arg == "what" and isinstance(keyword.value, ast.Constant):
                    found.append((node.lineno, str(keyword.value.value)))
    return found


def test_a_failed_post_names_its_channel_in_the_readers_language() -> None:
    """`delivery.post(what=...)` takes a slot key that `CHANNEL_NAMES` translates, never an English name."""
    from bot.surface import messages as common

    keys = []
    for path in sorted([*REPO.glob("bot/**/*.py"), *REPO.glob("cogs/**/*.py"), *REPO.glob("tests/**/*.py")]):
        relative = path.relative_to(REPO).as_posix()
        keys += [(relative, line, key) for line, key in _post_channel_keys(path.read_text(encoding="utf-8"))]
    assert keys, "the check found no delivery.post calls"
    unknown = [f"{file}:{line} what={key!r}" for file, line, key in keys if key not in common.CHANNEL_NAMES]
    assert unknown == [], "channel slots that CHANNEL_NAMES does not name:\n" + "\n".join(unknown)
