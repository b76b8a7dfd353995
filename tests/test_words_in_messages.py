"""Every member-facing sentence lives in a messages module, where translation finds it.

Reads the feature code (not messages.py) and fails on a string literal with words passed where Discord
shows it to a person: an embed's title, description, field name or value, footer or author; a button's or
select's label or placeholder; a modal's title; a message's content. Slash-command strings are exempt: the
command tree's Translator translates them from the catalogue (see bot/surface/translator.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOWN = {"title", "description", "name", "value", "text", "label", "placeholder", "content"}
# Calls whose string arguments are not shown to members as Hearth's words.
EXEMPT_CALLS = {
    "describe",  # app_commands.describe: translated by the command tree's Translator
    "command",
    "Group",
    "ContextMenu",
    "choices",
    "Choice",
    "rename",
    "getLogger",
    "create_task",
    "__init__",  # super().__init__(name=..., description=...) of an app_commands.Group: the Translator's
}


# Calls whose positional arguments are text a person reads.
POSITIONAL_TEXT = {"reply_private", "send_message", "UserFacingError", "Refused", "give_back", "send", "edit_message"}


def _feature_files() -> list[Path]:
    files = [p for p in (ROOT / "cogs").rglob("*.py") if p.name != "messages.py"]
    files += [p for p in (ROOT / "bot" / "surface").glob("*.py") if p.name != "messages.py"]
    return sorted(files)


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _has_words(value: str) -> bool:
    return sum(1 for word in value.split() if any(ch.isalpha() for ch in word)) >= 1 and any(
        ch.isalpha() for ch in value
    )


def literals_shown(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) in EXEMPT_CALLS:
            continue
        shown = [keyword.value for keyword in node.keywords if keyword.arg in SHOWN]
        if _call_name(node) in POSITIONAL_TEXT:
            shown.extend(node.args)
        for value in shown:
            texts: list[str] = []
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                texts.append(value.value)
            elif isinstance(value, ast.JoinedStr):
                texts.extend(
                    part.value
                    for part in value.values
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                )
            for text in texts:
                if _has_words(text) and not text.startswith(("hearth:", "http")):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {_call_name(node)}({text!r})")
    return found


@pytest.mark.parametrize("path", _feature_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_member_facing_literal_outside_messages(path: Path) -> None:
    assert literals_shown(path) == []


def test_the_check_catches_a_literal(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('import discord\ne = discord.Embed(title="Your wins")\n', encoding="utf-8")
    original = ROOT
    try:
        globals()["ROOT"] = tmp_path
        assert literals_shown(planted) == ["planted.py:2: Embed('Your wins')"]
    finally:
        globals()["ROOT"] = original
