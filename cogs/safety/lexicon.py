"""The safety lexicon: pydantic models for content/safety.yaml and its loader."""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.core.content import ContentError, line_for, load_model, read_yaml
from cogs.safety.normalize import normalize_variants

__all__ = [
    "Category",
    "ContextRule",
    "Level",
    "Lexicon",
    "LexiconError",
    "MaskRule",
    "NegationRule",
    "PhraseGroup",
    "Rules",
    "load_lexicon",
]

log = logging.getLogger(__name__)

LEXICON_FILE = "safety.yaml"
_MACRO = re.compile(r"%([a-z_]+)%")

LexiconError = ContentError


class Level(StrEnum):
    """How worried the bot is about a message, in increasing order."""

    NONE = "none"
    CONCERN = "concern"
    CRISIS = "crisis"

    @property
    def rank(self) -> int:
        """Position in the order none < concern < crisis."""
        return _LEVEL_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank


_LEVEL_RANK = {Level.NONE: 0, Level.CONCERN: 1, Level.CRISIS: 2}


class Category(StrEnum):
    """What kind of risk a phrase speaks of."""

    PASSIVE_IDEATION = "passive_ideation"
    ACTIVE_IDEATION = "active_ideation"
    PLAN_OR_METHOD = "plan_or_method"
    SELF_HARM = "self_harm"
    FINALITY = "finality"
    HARM_TO_OTHERS = "harm_to_others"


Severity = Literal["concern", "crisis"]
Context = Literal["self", "keyword", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhraseGroup(_Strict):
    """A set of phrases with one meaning, severity and source."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    category: Category
    severity: Severity
    source: str = Field(min_length=3)
    triggers: list[str] = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    examples: list[str] = Field(min_length=1)
    context: Context = "self"
    negatable: bool = True
    requires_any: list[Category] = Field(default_factory=list)
    requires_level: Severity = "concern"


class MaskRule(_Strict):
    """Idioms removed from a message before phrases are matched."""

    id: str = Field(min_length=1)
    why: str = Field(min_length=3)
    patterns: list[str] = Field(min_length=1)


class NegationRule(_Strict):
    """A negation that, just before a phrase, cancels it."""

    why: str = Field(min_length=3)
    pattern: str


class ContextRule(_Strict):
    """A marker that drops or caps matches of some contexts."""

    id: str = Field(min_length=1)
    why: str = Field(min_length=3)
    marker: str
    scope: Literal["message", "clause", "before"]
    applies_to: list[Context] = Field(min_length=1)
    effect: Literal["drop", "cap_concern"]


class Rules(_Strict):
    """All suppression rules."""

    masks: list[MaskRule] = Field(default_factory=list)
    negation: NegationRule
    context: list[ContextRule] = Field(default_factory=list)


class Lexicon(_Strict):
    """The whole of content/safety.yaml."""

    version: Literal[1]
    macros: dict[str, str] = Field(default_factory=dict)
    groups: list[PhraseGroup] = Field(min_length=1)
    rules: Rules

    def expand(self, pattern: str) -> str:
        """Replace %macro% references in a pattern (unknown names raise KeyError)."""
        return _MACRO.sub(lambda m: self.macros[m.group(1)], pattern)

    def group_source(self, group: PhraseGroup) -> str:
        """The word-bounded regex source of one group (patterns and aliases)."""
        parts = [self.expand(p) for p in group.patterns]
        parts += [re.escape(alias.casefold()).replace(r"\ ", " ") for alias in group.aliases]
        return r"(?<![\w])(?:" + "|".join(f"(?:{p})" for p in parts) + r")(?![\w])"

    def trigger_source(self, groups: list[PhraseGroup] | None = None) -> str:
        """Regex source matching any trigger of the given groups (default: all) at a word start."""
        chosen = self.groups if groups is None else groups
        stems = sorted({t.casefold() for g in chosen for t in g.triggers}, key=len, reverse=True)
        return r"(?<![\w])(?:" + "|".join(re.escape(s) for s in stems) + ")"

    def problems(self) -> list[tuple[tuple[Any, ...], str]]:
        """Semantic problems pydantic cannot see, each as (location, reason)."""
        found: list[tuple[tuple[Any, ...], str]] = []
        seen: dict[str, int] = {}
        for i, group in enumerate(self.groups):
            if group.id in seen:
                found.append((("groups", i, "id"), f"phrase group id {group.id!r} is used twice"))
            seen[group.id] = i
            if not group.patterns and not group.aliases:
                found.append((("groups", i), f"group {group.id!r} has no patterns or aliases"))
                continue
            for j, pattern in enumerate(group.patterns):
                reason = _compile_problem(self, pattern)
                if reason:
                    found.append((("groups", i, "patterns", j), f"group {group.id!r}: {reason}"))
            if any(loc[:2] == ("groups", i) for loc, _ in found):
                continue
            regex = re.compile(self.group_source(group))
            stems = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t.casefold()) for t in group.triggers) + ")")
            for k, example in enumerate(group.examples):
                variants = normalize_variants(example)
                if not any(regex.search(v) for v in variants):
                    found.append(
                        (("groups", i, "examples", k), f"group {group.id!r}: example does not match its patterns")
                    )
                elif not any(stems.search(v) for v in variants):
                    found.append(
                        (("groups", i, "examples", k), f"group {group.id!r}: example has none of the group's triggers")
                    )
        for i, mask in enumerate(self.rules.masks):
            for j, pattern in enumerate(mask.patterns):
                reason = _compile_problem(self, pattern)
                if reason:
                    found.append((("rules", "masks", i, "patterns", j), f"mask {mask.id!r}: {reason}"))
        reason = _compile_problem(self, self.rules.negation.pattern)
        if reason:
            found.append((("rules", "negation", "pattern"), f"negation: {reason}"))
        for i, rule in enumerate(self.rules.context):
            reason = _compile_problem(self, rule.marker)
            if reason:
                found.append((("rules", "context", i, "marker"), f"context rule {rule.id!r}: {reason}"))
        return found


def _compile_problem(lexicon: Lexicon, pattern: str) -> str | None:
    try:
        re.compile(lexicon.expand(pattern))
    except KeyError as exc:
        return f"unknown macro {exc.args[0]!r} in pattern {pattern!r}"
    except re.error as exc:
        return f"pattern {pattern!r} does not compile: {exc}"
    return None


def load_lexicon(content_dir: Path) -> Lexicon:
    """Load and validate content/safety.yaml; raise ContentError with file:line reasons."""
    path = content_dir / LEXICON_FILE
    lexicon = load_model(path, Lexicon)
    problems = lexicon.problems()
    if problems:
        _, index = read_yaml(path)
        raise ContentError([f"{path}:{line_for(index, loc)}: {reason}" for loc, reason in problems])
    log.debug("loaded safety lexicon with %d phrase groups", len(lexicon.groups))
    return lexicon
