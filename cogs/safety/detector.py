"""Crisis-language detection: C-SSRS signals found by per-language patterns, judged in context (ConText).

A message is normalised (see normalize.py); an Aho-Corasick automaton over
every language's literal anchors picks the few pattern groups worth running,
so ordinary chat never reaches a regular expression. Each match is then judged
by the modifiers of its language: a trigger (negation, the writer's past, a
question, a quote, lyrics, fiction or a game, hyperbole, news, another person)
whose scope runs forward or backward over a number of words, stopped by a
clause break or a terminator ("but"). What survives gives one Assessment.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from cogs.safety.assessment import (
    NO_RISK,
    Assessment,
    Category,
    Level,
    Modifier,
    OtherPerson,
    Signal,
    category_of,
)
from cogs.safety.literals import required_literals
from cogs.safety.normalize import Spelling, fold_letters, fold_pattern, normalize_variants

__all__ = ["CONTENT_DIR", "CrisisDetector", "assess", "default_detector"]

log = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
_MACRO = re.compile(r"%([a-z_]+)%")
_TYPO = "typo"
_LEXICON_WORD = re.compile(r"[^\W\d_]{3,}")
_SIGNAL_ORDER = {signal: i for i, signal in enumerate(Signal)}
_CATEGORY_ORDER = {category: i for i, category in enumerate(Category)}
_MODIFIER_ORDER = {modifier: i for i, modifier in enumerate(Modifier)}


def _expand(macros: dict[str, str], pattern: str) -> str:
    for _ in range(4):
        if "%" not in pattern:
            break
        pattern = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
    return fold_pattern(pattern)


class _Group:
    """One signal group, its regex compiled on first use."""

    __slots__ = ("_regex", "experiencer", "id", "language", "level", "now", "signal", "source")

    def __init__(self, language: _Language, data: dict[str, Any]) -> None:
        self.language = language
        self.id: str = data["id"]
        self.signal = Signal(data["signal"])
        self.level: str = data["level"]
        self.experiencer: str = data.get("experiencer", "auto")
        self.now: bool = bool(data.get("now", False))
        parts = "|".join(f"(?:{_expand(language.macros, p)})" for p in data["patterns"])
        self.source = language.wrap(parts)
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """The group's compiled pattern."""
        if self._regex is None:
            self._regex = re.compile(self.source)
        return self._regex


@dataclass(slots=True)
class _Rule:
    kind: str
    direction: str
    reach: int
    cross_breaks: bool
    effect: str
    source: str
    only_concern: bool = False
    speech: bool = False
    regex: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self.regex is None:
            self.regex = re.compile(self.source)
        return self.regex


class _Language:
    """One language's groups and modifiers."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.code: str = data["lang"]
        self.boundaries: bool = data.get("boundaries", True)
        self.anchors_anywhere: bool = data.get("anchors_anywhere", not self.boundaries)
        self.macros: dict[str, str] = data.get("macros") or {}
        self.terminators = self._optional(data.get("terminators"))
        self.self_words = self._optional(data.get("self_words"))
        self.other_words = self._optional(data.get("other_words"))
        self.serious = self._optional(data.get("serious"))
        self.groups = [_Group(self, g) for g in data.get("signals") or []]
        self.rules = [
            _Rule(
                kind=r["kind"],
                direction=r["direction"],
                reach=int(r.get("reach", 6)),
                cross_breaks=bool(r.get("cross_breaks", False)),
                effect=r.get("effect", "drop"),
                only_concern=bool(r.get("only_concern", False)),
                speech=bool(r.get("speech", False)),
                source=self.wrap("|".join(f"(?:{_expand(self.macros, p)})" for p in r["patterns"])),
            )
            for r in data.get("modifiers") or []
        ]
        self.core_words = [fold_letters(w) for w in data.get("core_words") or []]
        self.not_typos = {fold_letters(w) for w in data.get("not_typos") or []}

    def wrap(self, alternation: str) -> str:
        """Whole words in languages with word boundaries; anywhere in the others (Arabic clitics)."""
        if self.boundaries:
            return rf"(?<![\w])(?:{alternation})(?![\w])"
        return f"(?:{alternation})"

    def _optional(self, pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(self.wrap(_expand(self.macros, pattern))) if pattern else None


def _typos(word: str, alphabet: str) -> Iterable[str]:
    """One-edit misspellings of a core word: deletions, swaps, and (for long words) substitutions and insertions."""
    n = len(word)
    if n >= 5:
        for i in range(n):
            yield word[:i] + word[i + 1 :]
    if n >= 4:
        for i in range(n - 1):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if n >= 6:
        for i in range(n + 1):
            for ch in alphabet:
                if i < n:
                    yield word[:i] + ch + word[i + 1 :]
                yield word[:i] + ch + word[i:]


@dataclass(slots=True)
class _Finding:
    group: _Group
    level: str
    experiencer: str
    modifiers: tuple[str, ...] = ()
    dropped: bool = False
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class _Context:
    """Modifier matches of one normalised text, computed once per language."""

    text: str
    matches: dict[str, list[tuple[_Rule, int, int]]] = field(default_factory=dict)
    languages: list[_Language] = field(default_factory=list)

    def rule_matches(self, language: _Language) -> list[tuple[_Rule, int, int]]:
        found = self.matches.get(language.code)
        if found is None:
            found = [(rule, m.start(), m.end()) for rule in language.rules for m in rule.compiled().finditer(self.text)]
            self.matches[language.code] = found
        return found


class CrisisDetector:
    """Assess messages against every language's lexicon at once (no language guess)."""

    def __init__(self, languages: list[dict[str, Any]], *, only_group_checks: bool = False, ordinary: str = "") -> None:
        self._languages = [_Language(data) for data in languages]
        # Every match is judged by its own language's modifiers, the common ones, and English's:
        # members mix English into every language on Discord.
        self._shared = [language for language in self._languages if language.code in ("common", "en")]
        self._groups: dict[tuple[str, str], _Group] = {
            (language.code, group.id): group for language in self._languages for group in language.groups
        }
        self.vocabulary: dict[str, str] = {}
        cores = {word for language in self._languages for word in language.core_words}
        for language in self._languages:
            alphabet = "".join(sorted({ch for word in language.core_words for ch in word if ch.isalpha()}))
            for word in language.core_words:
                self.vocabulary[word] = word
                # A doubled letter typed once ("kil myself") is the commonest slip in a short word.
                single = re.sub(r"(.)\1", r"\1", word)
                if single != word and len(single) >= 3 and single not in cores and single not in language.not_typos:
                    self.vocabulary.setdefault(single, word)
                for typo in _typos(word, alphabet):
                    if typo not in cores and typo not in language.not_typos and len(typo) >= 4:
                        self.vocabulary.setdefault(typo, word)
        automaton: Any = ahocorasick.Automaton()
        anchors: dict[str, set[tuple[str, str]]] = {}
        for language in self._languages:
            for group, data in zip(language.groups, _signal_data(languages, language.code), strict=True):
                for anchor in data["anchors"]:
                    key = fold_letters(str(anchor))
                    if not language.anchors_anywhere:
                        # A word start; a two-letter anchor ("no", "sh") must be the whole word.
                        key = f" {key} " if len(key) <= 2 else f" {key}"
                    anchors.setdefault(key, set()).add((language.code, group.id))
        for key, groups in anchors.items():
            automaton.add_word(key, tuple(sorted(groups)))
        if not only_group_checks:
            for typo, word in self.vocabulary.items():
                if typo != word and f" {typo} " not in anchors:
                    automaton.add_word(f" {typo} ", _TYPO)
        automaton.make_automaton()
        self._automaton = automaton
        # A second filter, derived from the patterns themselves (literals.py): a group whose anchors a text has
        # is run only if the text also has one of the literals every match of the group's regex contains.
        # It only ever drops a group that could not match, so what is found stays exactly the same.
        # Of several valid literal sets, the one met least often in `ordinary` text (a sample of what members
        # write about: the prompts and other content) is kept; without a sample, the longest literals.
        sample = " ".join(normalize_variants(line)[0] for line in ordinary.splitlines() if line.strip())
        sample = sample[:SAMPLE_CHARACTERS]
        counts: dict[str, int] = {}

        def common(literal: str) -> int:
            if literal not in counts:
                counts[literal] = sample.count(literal) + (1000 if sum(ch.isalnum() for ch in literal) < 3 else 0)
            return counts[literal]

        literal_groups: dict[str, set[tuple[str, str]]] = {}
        self._unfiltered: set[tuple[str, str]] = set()
        for group_key, group in self._groups.items():
            literals = required_literals(group.source, common if sample else None)
            if literals is None:
                self._unfiltered.add(group_key)
                continue
            for literal in literals:
                literal_groups.setdefault(literal, set()).add(group_key)
        required: Any = ahocorasick.Automaton()
        for literal, group_keys in literal_groups.items():
            required.add_word(literal, frozenset(group_keys))
        if literal_groups:
            required.make_automaton()
        self._required = required if literal_groups else None
        self.spelling = Spelling(
            {
                word
                for group in self._groups.values()
                for word in _LEXICON_WORD.findall(group.source.replace("\\w", " ").replace("\\b", " "))
            }
            | set(self.vocabulary.values()),
            core=set(self.vocabulary.values()),
        )

    # -- matching ---------------------------------------------------------------------------------------

    def _fix_typos(self, text: str) -> str:
        vocabulary = self.vocabulary
        return " ".join(vocabulary.get(word, word) for word in text.split(" "))

    def _possible(self, text: str, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Of the groups `keys` (reached by their anchors), those whose regex could match `text` at all."""
        if not keys or self._required is None:
            return keys
        present: set[tuple[str, str]] = set()
        for _, value in self._required.iter(text):
            present.update(value)
        return {key for key in keys if key in present or key in self._unfiltered}

    def _candidates(self, text: str) -> list[tuple[str, list[_Group]]]:
        """The text, the groups whose anchors it contains, and (if a core word looks misspelt) the same for a
        corrected copy: both are tried, so a word that is right in another language is never lost."""
        keys: set[tuple[str, str]] = set()
        typo = False
        for _, value in self._automaton.iter(f" {text} "):
            if value == _TYPO:
                typo = True
            else:
                keys.update(value)
        keys = self._possible(text, keys)
        found = [(text, [self._groups[key] for key in sorted(keys)])] if keys else []
        if typo:
            corrected = self._fix_typos(text)
            fixed_keys: set[tuple[str, str]] = set()
            for _, value in self._automaton.iter(f" {corrected} "):
                if value != _TYPO:
                    fixed_keys.update(value)
            fixed_keys = self._possible(corrected, fixed_keys)
            if fixed_keys and corrected != text:
                found.append((corrected, [self._groups[key] for key in sorted(fixed_keys)]))
        return found

    def group_matches(self, lang: str, group_id: str, text: str) -> bool:
        """Whether one group's patterns match a text after normalisation (checks a lexicon's examples)."""
        group = self._groups[(lang, group_id)]
        for variant in normalize_variants(text, self.vocabulary, self.spelling):
            if group.regex.search(variant) or group.regex.search(self._fix_typos(variant)):
                return True
        return False

    def group_reached(self, lang: str, group_id: str, text: str) -> bool:
        """Whether the prefilter sends a text to one group (every example must reach its group)."""
        group = self._groups[(lang, group_id)]
        return any(
            group in groups
            for variant in normalize_variants(text, self.vocabulary, self.spelling)
            for _, groups in self._candidates(variant)
        )

    def assess(self, text: str) -> Assessment:
        """Return one assessment for a message, however many phrases it contains."""
        if not text or text.isspace():
            return NO_RISK
        findings: list[_Finding] = []
        for form in normalize_variants(text, self.vocabulary, self.spelling):
            for variant, groups in self._candidates(form):
                spans = [
                    (group, m.start(), m.end())
                    for group in groups
                    if group.level != "companion"
                    for m in group.regex.finditer(variant)
                ]
                # A means or a time alone never raises anything: look for them only next to something else.
                if not spans:
                    continue
                spans += [
                    (group, m.start(), m.end())
                    for group in groups
                    if group.level == "companion"
                    for m in group.regex.finditer(variant)
                ]
                context = _Context(variant)
                # The same words can match in several languages ("suicidaire" is also Spanish for the
                # prefilter): every language that matched lends its modifiers to every match.
                present = {group.language.code for group, _, _ in spans}
                context.languages = [language for language in self._languages if language.code in present]
                findings.extend(self._judge(group, start, end, context) for group, start, end in spans)
        if not findings:
            return NO_RISK
        return _aggregate(findings)

    def _judge(self, group: _Group, start: int, end: int, context: _Context) -> _Finding:
        """What one match stands for once its language's modifiers (and the shared ones) have had their say.

        First who it is about: the writer, unless the phrase itself names someone
        else ("herself") or an other-experiencer trigger reaches it. A first-person
        word inside the phrase keeps it the writer's, except in reported speech
        ("my brother texted me 'i don't see the point'"). Then the context: a
        question or a quote sets aside what the writer says of themselves, never
        what they say about someone they are worried about.
        """
        language = group.language
        text = context.text
        sources = [language, *(c for c in (*self._shared, *context.languages) if c is not language)]
        sources = list(dict.fromkeys(sources))
        matches = [(source, rule, rs, re_) for source in sources for rule, rs, re_ in context.rule_matches(source)]
        experiencer = "other" if group.experiencer == "other" else "self"
        first_person = language.self_words is not None and language.self_words.search(text, start, end) is not None
        applied: list[str] = []
        if group.experiencer == "auto" and not first_person and language.other_words is not None:
            if language.other_words.search(text, start, end):
                experiencer = "other"
                applied.append("other_experiencer")
        if experiencer == "self" and group.experiencer != "self":
            for source, rule, rule_start, rule_end in matches:
                if rule.effect != "other" or (first_person and not rule.speech):
                    continue
                # English lends its other-person triggers to English and the shared words only: "her" is
                # Turkish for "every" ("her gece": every night).
                if source.code == "en" and language.code not in ("en", "common"):
                    continue
                if not _in_scope(rule, rule_start, rule_end, start, end, text, source):
                    continue
                if not rule.speech and source.self_words is not None:
                    if _between(source.self_words, text, rule_end, start):
                        continue
                    # "i wrote my sister a letter": the writer acts, the other person only receives.
                    if _just_before(source.self_words, text, rule_start):
                        continue
                experiencer = "other"
                applied.append(rule.kind)
                break
        level = group.level
        dropped = False
        speaks_of_self = language.self_words is not None and _just_before(language.self_words, text, start)
        # "not joking", "no es broma": the writer says it is meant, so a joke word (or 💀) does not set it aside.
        serious = [
            (m.start(), m.end())
            for source in sources
            if source.serious is not None
            for m in source.serious.finditer(text)
        ]
        for source, rule, rule_start, rule_end in matches:
            if rule.effect == "other":
                continue
            if experiencer == "other" and rule.kind in _SELF_ONLY:
                continue
            if rule.only_concern and group.level != "concern":
                continue
            if serious and (rule.kind == "hyperbole" or any(s <= rule_start and rule_end <= e for s, e in serious)):
                continue  # nor is the "not" of "not joking" a negation
            # News words anywhere in the message ("study", "reported") never set aside the writer's own words
            # about themselves: long posts mention such things in passing.
            if rule.kind == "news" and rule.direction == "message" and experiencer == "self":
                if first_person or speaks_of_self:
                    continue
            if not _in_scope(rule, rule_start, rule_end, start, end, text, source):
                continue
            applied.append(rule.kind)
            if rule.effect == "drop":
                dropped = True
            elif level == "crisis":
                level = "concern"
        return _Finding(group, level, experiencer, tuple(applied), dropped, start, end)


# Modifiers that set aside what the writer says about themselves, but never a worry about someone else.
_SELF_ONLY = frozenset({"hypothetical", "quoted"})


def _just_before(regex: re.Pattern[str], text: str, start: int) -> bool:
    """Whether one of the two words right before a position (in the same clause) matches."""
    words = text[:start].split()[-2:]
    if "." in words:
        words = words[words.index(".") + 1 :]
    return bool(words) and regex.search(" ".join(words)) is not None


def _between(regex: re.Pattern[str], text: str, start: int, end: int) -> bool:
    return start < end and regex.search(text, start, end) is not None


def _in_scope(
    rule: _Rule, rule_start: int, rule_end: int, start: int, end: int, text: str, language: _Language
) -> bool:
    """Whether a trigger's scope reaches a match: direction, words between, clause breaks, terminators."""
    if rule.direction == "message":
        return not (rule_start >= start and rule_end <= end)
    forward = rule.direction in ("forward", "both") and rule_start < start and rule_end <= end
    backward = rule.direction in ("backward", "both") and rule_end > end and rule_start >= start
    if forward:
        gap_start, gap_end = rule_end, start
    elif backward:
        gap_start, gap_end = end, rule_start
    else:
        return False
    if gap_end <= gap_start:
        return True
    gap = text[gap_start:gap_end]
    if not rule.cross_breaks and " . " in f" {gap} ":
        return False
    if len(gap.split()) > rule.reach:
        return False
    return language.terminators is None or not _between(language.terminators, text, gap_start, gap_end)


def _signal_data(languages: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    for data in languages:
        if data["lang"] == code:
            signals: list[dict[str, Any]] = data.get("signals") or []
            return signals
    return []


def _level_of(findings: list[_Finding], companions: list[_Finding]) -> tuple[Level, bool, list[_Finding]]:
    """Combine the surviving findings about one person: crisis, two different signal groups together, or one concern.

    A means (a companion without a time) counts as a second signal; a time only
    makes a crisis more urgent, it never raises a concern on its own.
    """
    if not findings:
        return Level.NONE, False, []
    means = [f for f in companions if not f.group.now]
    times = [f for f in companions if f.group.now]
    if any(f.level == "crisis" for f in findings):
        return Level.CRISIS, False, findings + means + times
    if _places(findings + means) >= 2 and len({f.group.id for f in findings + means}) >= 2:
        return Level.CRISIS, True, findings + means + times
    return Level.CONCERN, False, findings + means


def _places(findings: list[_Finding]) -> int:
    """How many separate places in the text the findings sit at (overlapping matches are one place)."""
    count, reach = 0, -1
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start >= reach:
            count += 1
        reach = max(reach, finding.end)
    return count


def _aggregate(findings: list[_Finding]) -> Assessment:
    """Turn every judged match into one assessment."""
    kept = [f for f in findings if not f.dropped]
    modifiers = {kind for f in findings if f.dropped or f.experiencer == "other" for kind in f.modifiers}
    # A means inside a phrase that was set aside ("a man jumped from the bridge") is set aside with it.
    set_aside = [(f.start, f.end) for f in findings if f.dropped and f.level != "companion"]
    companions = [
        f
        for f in kept
        if f.level == "companion" and not any(start <= f.start and f.end <= end for start, end in set_aside)
    ]
    own = [f for f in kept if f.experiencer == "self" and f.level != "companion"]
    others = [f for f in kept if f.experiencer == "other" and f.level != "companion"]
    level, combined, counted = _level_of(own, companions)
    other_level, _, other_counted = _level_of(others, [] if own else companions)
    other_person = OtherPerson.NONE
    if other_level is not Level.NONE:
        in_danger = any(f.group.signal is Signal.ACT_ATTEMPT for f in others)
        other_person = OtherPerson.IN_DANGER_NOW if in_danger else OtherPerson.AT_RISK
    if level is Level.NONE and other_person is OtherPerson.NONE:
        if not modifiers:
            return NO_RISK
        return Assessment(Level.NONE, (), modifiers=_ordered_modifiers(modifiers))
    signals = sorted({f.group.signal for f in counted}, key=_SIGNAL_ORDER.__getitem__)
    categories = sorted({category_of(s) for s in signals}, key=_CATEGORY_ORDER.__getitem__)
    other_signals = sorted({f.group.signal for f in other_counted}, key=_SIGNAL_ORDER.__getitem__)
    languages = sorted({f.group.language.code for f in counted + other_counted if f.level != "companion"} - {"common"})
    return Assessment(
        level,
        tuple(categories),
        signals=tuple(signals),
        modifiers=_ordered_modifiers(modifiers),
        other_person=other_person,
        other_signals=tuple(other_signals),
        combined=combined,
        now=any(f.group.now for f in counted + other_counted),
        languages=tuple(languages),
    )


def _ordered_modifiers(kinds: set[str]) -> tuple[Modifier, ...]:
    return tuple(sorted({Modifier(kind) for kind in kinds}, key=_MODIFIER_ORDER.__getitem__))


_default: CrisisDetector | None = None
_default_lock = threading.Lock()


SAMPLE_CHARACTERS = 20_000
"""Enough ordinary text to tell a common literal from a rare one; each literal is counted in it once."""
ORDINARY_SAMPLES = ("prompts.yaml", "celebrations.yaml", "resources.yaml", "guidelines.md")
"""Content files whose text stands for ordinary chat when the prefilter picks its literals."""


def ordinary_sample(content_dir: Path) -> str:
    """The text of the ORDINARY_SAMPLES files found in `content_dir` (none found: empty)."""
    parts = []
    for name in ORDINARY_SAMPLES:
        path = content_dir / name
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def default_detector() -> CrisisDetector:
    """The detector built from the repository's content/safety/ files, loaded once."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from cogs.safety.lexicon_files import read_lexicon_data

                _default = CrisisDetector(read_lexicon_data(CONTENT_DIR), ordinary=ordinary_sample(CONTENT_DIR))
                log.info("safety detector ready")
    return _default


def assess(text: str) -> Assessment:
    """Assess one message with the default lexicons."""
    return default_detector().assess(text)
