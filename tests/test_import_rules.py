"""The layout's rules, read from the imports (see ARCHITECTURE.md): a newcomer's map stays true.

- bot/core knows no Discord, no feature and not the Discord toolkit;
- bot/surface (the Discord toolkit) knows no feature and not the wiring;
- a feature imports bot/core, bot/surface, its own modules, and another feature only through that
  feature's api.py; it names the wiring (bot.app, bot.content) only for type annotations;
- a feature's service.py and store.py import no discord.py and not the wiring;
- the wiring (bot/app.py, bot/content.py, bot/__main__.py, bot/demo/) reaches a feature only through its
  api.py, content.py (the schema of its files in content/) or messages.py (its words, which the demo checks).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WIRING = ("bot.app", "bot.content", "bot.__main__", "bot.demo")
# The CLI's `safety scan` reads stdin line by line and must start without discord.py: it imports the scanner.
WIRING_EXCEPTIONS = {("bot/__main__.py", "cogs.safety.scan")}


@dataclass(frozen=True)
class Import:
    """One imported module name, and whether it sits under `if TYPE_CHECKING:`."""

    module: str
    typing_only: bool
    line: int


def imports_of(source: str) -> list[Import]:
    """Every module a source file imports (at any depth), marking those only for type checking."""
    found: list[Import] = []

    def visit(node: ast.AST, typing_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            guarded = typing_only
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for inner in child.body:
                    visit_node(inner, True)
                for inner in child.orelse:
                    visit_node(inner, typing_only)
                continue
            visit_node(child, guarded)

    def visit_node(child: ast.AST, typing_only: bool) -> None:
        if isinstance(child, ast.Import):
            found.extend(Import(alias.name, typing_only, child.lineno) for alias in child.names)
        elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
            found.append(Import(child.module, typing_only, child.lineno))
            # `from cogs.x import messages` imports the module cogs.x.messages
            found.extend(
                Import(f"{child.module}.{alias.name}", typing_only, child.lineno)
                for alias in child.names
                if child.module.startswith(("cogs.", "bot."))
            )
        visit(child, typing_only)

    visit(ast.parse(source), False)
    return found


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "cogs" and len(parts) > 1 else None


def _is_module(module: str) -> bool:
    """True if the dotted name is a module or package of ours (not a name imported from one)."""
    path = REPO / Path(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def violations(path: str, source: str) -> list[str]:
    """The rule each forbidden import in one file breaks ('' list when the file keeps every rule)."""
    found: list[str] = []
    in_core = path.startswith("bot/core/")
    in_surface = path.startswith("bot/surface/")
    in_wiring = path in ("bot/app.py", "bot/content.py", "bot/__main__.py") or path.startswith("bot/demo/")
    own = _feature(path.replace("/", ".").removesuffix(".py")) if path.startswith("cogs/") else None
    decides = own is not None and Path(path).name in ("service.py", "store.py")
    for imp in imports_of(source):
        name = imp.module
        where = f"{path}:{imp.line} imports {name}"
        ours = name.startswith(("bot.", "cogs.")) or name in ("bot", "cogs")
        if ours and not _is_module(name):
            continue  # a name imported from a module, checked through the module itself
        if in_core and (name.startswith(("discord", "cogs", "bot.surface")) or name.startswith(WIRING)):
            found.append(f"{where}: bot/core knows no Discord, no feature and not the toolkit")
        if in_surface and (name.startswith("cogs") or name.startswith(WIRING)):
            found.append(f"{where}: bot/surface knows no feature and not the wiring")
        if own is not None:
            other = _feature(name)
            if other is not None and other != own and name not in (f"cogs.{other}", f"cogs.{other}.api"):
                found.append(f"{where}: another feature only through its api.py")
            if name.startswith(WIRING) and not imp.typing_only:
                found.append(f"{where}: a feature names the wiring only for type annotations")
            if decides and (name.split(".")[0] == "discord" or name.startswith(WIRING)):
                found.append(f"{where}: a service or store imports no discord.py and not the wiring")
        if in_wiring:
            other = _feature(name)
            allowed = (f"cogs.{other}", f"cogs.{other}.api", f"cogs.{other}.content", f"cogs.{other}.messages")
            if other is not None and name not in allowed and (path, name) not in WIRING_EXCEPTIONS:
                found.append(
                    f"{where}: the wiring reaches a feature only through its api.py, content.py or messages.py"
                )
    return found


def _sources() -> list[Path]:
    return sorted(p for folder in ("bot", "cogs") for p in (REPO / folder).rglob("*.py"))


def test_every_module_keeps_the_layout_rules() -> None:
    broken = [v for p in _sources() for v in violations(str(p.relative_to(REPO)), p.read_text(encoding="utf-8"))]
    assert broken == []


def test_every_feature_folder_is_a_package_with_its_words_beside_it() -> None:
    features = [p for p in (REPO / "cogs").iterdir() if p.is_dir() and not p.name.startswith("_")]
    assert features, "no features found"
    for folder in features:
        if folder.name == "__pycache__":
            continue
        assert (folder / "__init__.py").exists(), folder
        assert (folder / "messages.py").exists(), f"{folder.name} keeps its words in messages.py"


@pytest.mark.parametrize(
    ("path", "source", "rule"),
    [
        ("bot/core/scheduler.py", "import discord\n", "bot/core knows no Discord"),
        ("bot/core/db.py", "from cogs.anonymous import service\n", "bot/core knows no Discord"),
        ("bot/surface/errors.py", "from bot.app import HearthBot\n", "bot/surface knows no feature"),
        ("bot/surface/views.py", "from cogs.safety.api import assess\n", "bot/surface knows no feature"),
        ("cogs/wins/commands.py", "from cogs.counters.store import CountersRepository\n", "only through its api"),
        ("cogs/wins/commands.py", "from cogs.counters import store\n", "only through its api"),
        ("cogs/wins/commands.py", "from bot.app import HearthBot\n", "only for type annotations"),
        ("cogs/anonymous/service.py", "import discord\n", "imports no discord.py"),
        ("cogs/anonymous/store.py", "from discord import Embed\n", "imports no discord.py"),
        ("cogs/anonymous/service.py", "def f():\n    import discord\n", "imports no discord.py"),
        ("bot/app.py", "from cogs.moderation.alerts import CrisisAlerts\n", "only through its api.py"),
    ],
)
def test_a_forbidden_import_is_caught(path: str, source: str, rule: str) -> None:
    assert any(rule in v for v in violations(path, source))


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("cogs/wins/commands.py", "from cogs.counters.api import member_timezone\n"),
        (
            "cogs/wins/commands.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.app import HearthBot\n",
        ),
        ("cogs/wins/service.py", "from bot.core.clock import iso\n"),
        ("bot/app.py", "from cogs.safety.api import CheckInButton\n"),
        ("bot/demo/steps.py", "from cogs.wins import messages as wins_words\n"),
    ],
)
def test_an_allowed_import_passes(path: str, source: str) -> None:
    assert violations(path, source) == []


# --- the Discord side asks the service, never the store -------------------------------------------------------

STORE_NAMES = frozenset({"repo", "repository", "store"})


def _is_store(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name in STORE_NAMES or name.endswith(("_repo", "_repository", "_store"))


def store_reaches(path: str, source: str) -> list[str]:
    """Every place a cog's commands or views file uses a store (`x.repository.y`, `repo.y`) rather than its service.

    Handing the store over as a value (`bot.member_data.register(self.service.repository)`) is not a use.
    """
    name = Path(path).name
    if not path.startswith("cogs/") or not (
        name in ("commands.py", "views.py") or name.endswith(("_commands.py", "_views.py"))
    ):
        return []
    return [
        f"{path}:{node.lineno} uses {ast.unparse(node)}: the Discord side asks the feature's service"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and _is_store(node.value)
    ]


def test_commands_and_views_ask_the_service_not_the_store() -> None:
    found = [v for p in _sources() for v in store_reaches(str(p.relative_to(REPO)), p.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "async def f(self):\n    await self.repository.get(1)\n",
        "async def f(self):\n    repo = self.cog.repo\n    await repo.celebrate(1)\n",
        "async def f(self, plans):\n    await plans.repository.delete_plan(1)\n",
        "async def f(self):\n    await self.bot.guild_settings.repository.audit(1)\n",
    ],
)
def test_a_store_call_from_the_discord_side_is_caught(source: str) -> None:
    assert store_reaches("cogs/wins/views.py", source)
    assert store_reaches("cogs/resources/library_commands.py", source)


@pytest.mark.parametrize(
    "source",
    [
        "async def f(self):\n    await self.service.celebrate(1)\n",
        "def f(self):\n    self.bot.member_data.register(self.service.repository)\n",
    ],
)
def test_asking_the_service_passes(source: str) -> None:
    assert store_reaches("cogs/wins/views.py", source) == []
