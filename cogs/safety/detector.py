"""Crisis-language detection: one assessment per message, driven by content/safety.yaml."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from cogs.safety.lexicon import Category, ContextRule, Level, Lexicon, PhraseGroup, load_lexicon
from cogs.safety.normalize import normalize_variants

__all__ = ["Assessment", "Category", "CrisisDetector", "Level", "assess", "default_detector"]

log = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
_CLAUSE = " . "
_NEGATION_REACH = 60


@dataclass(frozen=True, slots=True)
class Assessment:
    """The safety level of one message and the categories that led to it."""

    level: Level
    categories: tuple[Category, ...] = ()

    @property
    def is_crisis(self) -> bool:
        """True when the message should get the private crisis response."""
        return self.level is Level.CRISIS


NO_RISK = Assessment(Level.NONE, ())
_CATEGORY_ORDER = {category: i for i, category in enumerate(Category)}


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: ContextRule
    regex: re.Pattern[str]


class CrisisDetector:
    """Assess messages against a lexicon with precompiled combined regexes."""

    def __init__(self, lexicon: Lexicon) -> None:
        groups = list(lexicon.groups)
        self._base = tuple((g, re.compile(lexicon.group_source(g))) for g in groups if not g.requires_any)
        self._modifiers = tuple((g, re.compile(lexicon.group_source(g))) for g in groups if g.requires_any)
        base_groups = [g for g, _ in self._base]
        self._prefilter = re.compile(lexicon.trigger_source(base_groups))
        # For each trigger stem, the base groups to run; a longer stem also runs
        # the groups of every shorter stem it starts with ("kill" runs "kil").
        stems = {t.casefold() for g in base_groups for t in g.triggers}
        self._stem_groups: dict[str, tuple[int, ...]] = {
            stem: tuple(i for i, g in enumerate(base_groups) if any(stem.startswith(t.casefold()) for t in g.triggers))
            for stem in stems
        }
        mask_parts = [lexicon.expand(p) for m in lexicon.rules.masks for p in m.patterns]
        self._mask: re.Pattern[str] | None = (
            re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{p})" for p in mask_parts) + r")(?![\w])")
            if mask_parts
            else None
        )
        self._negation = re.compile(lexicon.expand(lexicon.rules.negation.pattern))
        self._rules = tuple(
            _CompiledRule(rule, re.compile(lexicon.expand(rule.marker))) for rule in lexicon.rules.context
        )

    def assess(self, text: str) -> Assessment:
        """Return one assessment for a message, however many phrases it contains."""
        if not text:
            return NO_RISK
        found: dict[str, tuple[PhraseGroup, Level]] = {}
        for variant in normalize_variants(text):
            stems = self._prefilter.findall(variant)
            if not stems:
                continue
            selected: set[int] = set()
            for stem in stems:
                selected.update(self._stem_groups[stem])
            if self._mask is not None:
                variant = self._mask.sub(" ~ ", variant)
            checker = _MatchJudge(self, variant)
            for index in sorted(selected):
                group, regex = self._base[index]
                checker.collect(group, regex, found)
            if found and self._modifiers:
                for group, regex in self._modifiers:
                    checker.collect(group, regex, found)
        if not found:
            return NO_RISK
        base: dict[Category, Level] = {}
        for group, group_level in found.values():
            if not group.requires_any and group_level > base.get(group.category, Level.NONE):
                base[group.category] = group_level
        level = Level.NONE
        categories: set[Category] = set()
        for group, group_level in found.values():
            if group.requires_any and not self._requirement_met(group, base):
                continue
            categories.add(group.category)
            if group_level > level:
                level = group_level
        if level is Level.NONE:
            return NO_RISK
        return Assessment(level, tuple(sorted(categories, key=_CATEGORY_ORDER.__getitem__)))

    @staticmethod
    def _requirement_met(group: PhraseGroup, base: dict[Category, Level]) -> bool:
        """Whether a modifier group (method, timing) has the base match it needs."""
        needed = Level(group.requires_level)
        return any(base.get(category, Level.NONE) >= needed for category in group.requires_any)

    def judge(self, group: PhraseGroup, text: str, start: int, message_hits: dict[int, bool]) -> Level:
        """The level one match stands for after negation and context rules."""
        level = Level.CRISIS if group.severity == "crisis" else Level.CONCERN
        if group.negatable and self._negation.search(text, max(0, start - _NEGATION_REACH), start):
            return Level.NONE
        clause_start = text.rfind(_CLAUSE, 0, start)
        clause_start = 0 if clause_start < 0 else clause_start + len(_CLAUSE)
        for number, compiled in enumerate(self._rules):
            rule = compiled.rule
            if group.context not in rule.applies_to:
                continue
            if rule.scope == "message":
                if number not in message_hits:
                    message_hits[number] = compiled.regex.search(text) is not None
                hit = message_hits[number]
            elif rule.scope == "clause":
                hit = compiled.regex.search(text, clause_start, start) is not None
            else:
                hit = compiled.regex.search(text, max(0, start - 30), start) is not None
            if not hit:
                continue
            if rule.effect == "drop":
                return Level.NONE
            level = min(level, Level.CONCERN)
        return level


class _MatchJudge:
    """Collects the matches of one normalised variant, judging each once."""

    __slots__ = ("_detector", "_message_hits", "_text")

    def __init__(self, detector: CrisisDetector, text: str) -> None:
        self._detector = detector
        self._text = text
        self._message_hits: dict[int, bool] = {}

    def collect(self, group: PhraseGroup, regex: re.Pattern[str], found: dict[str, tuple[PhraseGroup, Level]]) -> None:
        """Add the strongest surviving match of one group to `found`."""
        best = found[group.id][1] if group.id in found else Level.NONE
        for match in regex.finditer(self._text):
            level = self._detector.judge(group, self._text, match.start(), self._message_hits)
            if level > best:
                best = level
                found[group.id] = (group, level)
                if level is Level.CRISIS:
                    return


_default: CrisisDetector | None = None
_default_lock = threading.Lock()


def default_detector() -> CrisisDetector:
    """The detector built from the repository's content/ directory, loaded once."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = CrisisDetector(load_lexicon(CONTENT_DIR))
                log.info("safety detector ready")
    return _default


def assess(text: str) -> Assessment:
    """Assess one message with the default lexicon."""
    return default_detector().assess(text)
