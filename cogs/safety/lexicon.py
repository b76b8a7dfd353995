"""The safety lexicons: one YAML file per language in content/safety/, their models and loaders.

Two loaders share one format. `load_lexicon` validates everything (pydantic models,
every pattern compiles, every example matches its group, every counter-example
does not) and is what `hearth content check`, the bot's start and the tests use.
`read_lexicon_data` only parses the YAML, for the `safety scan` command's start-up.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.core.content import ContentError, line_for, load_model, read_yaml
from cogs.safety.assessment import Category, Level, Modifier, Signal
from cogs.safety.lexicon_files import LEXICON_DIR, lexicon_files, read_lexicon_data
from cogs.safety.normalize import fold_pattern

__all__ = [
    "LEXICON_DIR",
    "Category",
    "LanguageLexicon",
    "Level",
    "Lexicon",
    "LexiconError",
    "ModifierRule",
    "SignalGroup",
    "lexicon_files",
    "load_lexicon",
    "read_lexicon_data",
]

log = logging.getLogger(__name__)

_MACRO = re.compile(r"%([a-z_]+)%")

LexiconError = ContentError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignalGroup(_Strict):
    """Phrases that say one C-SSRS signal, with the level a match stands for on its own.

    level `companion` (a means, a time) counts only next to another signal.
    experiencer `auto` reads the person from the phrase ("himself") and the
    modifiers; `other` is always someone else.
    """

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    signal: Signal
    level: Literal["concern", "crisis", "companion"]
    experiencer: Literal["auto", "self", "other"] = "auto"
    now: bool = False
    anchors: list[str] = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    counter_examples: list[str] = Field(default_factory=list)


class ModifierRule(_Strict):
    """A ConText trigger: its kind, which way its scope runs and how far (in words)."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    kind: Modifier
    direction: Literal["forward", "backward", "both", "message"]
    reach: int = Field(default=6, ge=0, le=60)
    cross_breaks: bool = False
    effect: Literal["drop", "concern", "other"] = "drop"
    only_concern: bool = False
    speech: bool = False
    patterns: list[str] = Field(min_length=1)


class LanguageLexicon(_Strict):
    """One language's file: signals, modifiers, and the words normalisation may correct typos to."""

    lang: str = Field(pattern=r"^[a-z]{2,6}(-[a-z]{2,5})?$")
    name: str
    boundaries: bool = True
    anchors_anywhere: bool = False
    macros: dict[str, str] = Field(default_factory=dict)
    core_words: list[str] = Field(default_factory=list)
    not_typos: list[str] = Field(default_factory=list)
    terminators: str = ""
    self_words: str = ""
    other_words: str = ""
    serious: str = ""  # "not joking", "i mean it": in a message that says so, no hyperbole trigger applies
    signals: list[SignalGroup] = Field(default_factory=list)
    modifiers: list[ModifierRule] = Field(default_factory=list)

    def expand(self, pattern: str) -> str:
        """Replace %macro% references (unknown names raise KeyError) and fold letters as text is folded."""
        for _ in range(4):
            if "%" not in pattern:
                break
            pattern = _MACRO.sub(lambda m: self.macros[m.group(1)], pattern)
        return fold_pattern(pattern)


class Lexicon(_Strict):
    """Every language's lexicon, in file-name order."""

    languages: list[LanguageLexicon]

    @property
    def groups(self) -> list[SignalGroup]:
        """Every signal group of every language."""
        return [group for language in self.languages for group in language.signals]

    def language(self, lang: str) -> LanguageLexicon | None:
        """One language's lexicon by code."""
        return next((language for language in self.languages if language.lang == lang), None)


# A pattern that ends in a space and then an optional group ("keinen sinn (?:mehr)?") can never match at
# the end of a word: the space is required, and the word boundary after it fails. Put the space inside.
_DANGLING_SPACE = re.compile(r" \((?:\?:)?[^()]*\)[?*]$")


def _compile_problem(language: LanguageLexicon, pattern: str) -> str | None:
    if _DANGLING_SPACE.search(pattern):
        return f"pattern {pattern!r} ends in a space before an optional group; put the space inside the group"
    try:
        re.compile(language.expand(pattern))
    except KeyError as exc:
        return f"unknown macro {exc.args[0]!r} in pattern {pattern!r}"
    except re.error as exc:
        return f"pattern {pattern!r} does not compile: {exc}"
    return None


def _problems(language: LanguageLexicon) -> list[tuple[tuple[Any, ...], str]]:
    """Problems pydantic cannot see: duplicate ids, bad patterns, examples that miss."""
    from cogs.safety.detector import CrisisDetector

    found: list[tuple[tuple[Any, ...], str]] = []
    seen: set[str] = set()
    for i, group in enumerate(language.signals):
        if group.id in seen:
            found.append((("signals", i, "id"), f"signal group id {group.id!r} is used twice"))
        seen.add(group.id)
        for j, pattern in enumerate(group.patterns):
            reason = _compile_problem(language, pattern)
            if reason:
                found.append((("signals", i, "patterns", j), f"group {group.id!r}: {reason}"))
    for i, rule in enumerate(language.modifiers):
        if rule.id in seen:
            found.append((("modifiers", i, "id"), f"modifier id {rule.id!r} is used twice"))
        seen.add(rule.id)
        for j, pattern in enumerate(rule.patterns):
            reason = _compile_problem(language, pattern)
            if reason:
                found.append((("modifiers", i, "patterns", j), f"modifier {rule.id!r}: {reason}"))
    for field in ("terminators", "self_words", "other_words", "serious"):
        value = getattr(language, field)
        if value:
            reason = _compile_problem(language, value)
            if reason:
                found.append(((field,), reason))
    if found:
        return found
    detector = CrisisDetector([language.model_dump(mode="json")], only_group_checks=True)
    for i, group in enumerate(language.signals):
        for k, example in enumerate(group.examples):
            if not detector.group_matches(language.lang, group.id, example):
                found.append((("signals", i, "examples", k), f"group {group.id!r}: example does not match"))
            elif not detector.group_reached(language.lang, group.id, example):
                found.append(
                    (("signals", i, "examples", k), f"group {group.id!r}: example has none of the group's anchors")
                )
        for k, example in enumerate(group.counter_examples):
            if detector.group_matches(language.lang, group.id, example):
                found.append((("signals", i, "counter_examples", k), f"group {group.id!r}: counter-example matches"))
    return found


# What _problems found, by the sha256 of a language file's bytes: checking a file builds a detector and tries every
# example (0.77 s for the twelve files on an idle machine), and a process that starts several bots (tests, the demo) reads the same
# files each time. The answer depends only on the file's text (and this code), so the same bytes are checked once.
_CHECKED: dict[bytes, list[tuple[tuple[Any, ...], str]]] = {}


def _checked_problems(path: Path, language: LanguageLexicon) -> list[tuple[tuple[Any, ...], str]]:
    key = hashlib.sha256(path.read_bytes()).digest()
    found = _CHECKED.get(key)
    if found is None:
        found = _CHECKED[key] = _problems(language)
    return found


def load_lexicon(content_dir: Path) -> Lexicon:
    """Load and validate every language file; raise ContentError with file:line reasons."""
    files = lexicon_files(content_dir)
    if not files:
        raise ContentError([f"{content_dir / LEXICON_DIR}:1: no safety lexicon files"])
    reasons: list[str] = []
    languages: list[LanguageLexicon] = []
    for path in files:
        try:
            language = load_model(path, LanguageLexicon)
        except ContentError as exc:
            reasons.extend(exc.reasons)
            continue
        problems = _checked_problems(path, language)
        if problems:
            _, index = read_yaml(path)
            reasons.extend(f"{path}:{line_for(index, loc)}: {reason}" for loc, reason in problems)
        languages.append(language)
    codes = [language.lang for language in languages]
    if len(set(codes)) != len(codes):
        reasons.append(f"{content_dir / LEXICON_DIR}:1: a language code is used by two files: {sorted(codes)}")
    if reasons:
        raise ContentError(reasons)
    log.debug("loaded safety lexicons for %s", ", ".join(codes))
    return Lexicon(languages=languages)
