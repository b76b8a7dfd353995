"""Literals a regex cannot match without: the detector's prefilter, derived from the patterns themselves.

`required_literals(source)` returns a set of strings such that every match of the regex contains at least one
of them (or None when no such set can be read off the pattern). The detector runs a group's regex only on text
that contains one of its group's literals, so a literal set must never miss a match: the rules below only ever
claim what the regex syntax guarantees (a literal run in a sequence, every branch of an alternation, a repeat
of at least one), and give up (None) on anything else (classes, optional parts, flags, backreferences).
Among several valid sets for one sequence, the one whose shortest literal is longest is kept (a long literal
is a rare one: "painless" rather than "the").
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P
from typing import Any

Literals = frozenset[str]

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}


def _score(literals: Literals) -> tuple[int, int]:
    """Higher is a better prefilter: the shortest literal's letters, then fewer literals."""
    return (min(sum(ch.isalnum() for ch in literal) for literal in literals), -len(literals))


def _best(candidates: list[Literals]) -> Literals | None:
    usable = [c for c in candidates if c and _score(c)[0] > 0]
    return max(usable, key=_score) if usable else None


def _item(op: Any, av: Any) -> Literals | None:
    """The literal set of one item of a sequence, or None."""
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        if add_flags or del_flags:
            return None  # a flag such as (?i) changes what a literal matches
        return _sequence(pattern)
    if op is C.ATOMIC_GROUP:
        return _sequence(av)
    if op in _REPEATS:
        low, _high, pattern = av
        return _sequence(pattern) if low >= 1 else None
    if op is C.BRANCH:
        _, alternatives = av
        union: set[str] = set()
        for alternative in alternatives:
            literals = _sequence(alternative)
            if literals is None:
                return None  # one branch could match without any literal
            union |= literals
        return frozenset(union)
    return None


def _sequence(pattern: Any) -> Literals | None:
    """The best literal set of a sequence: one of its literal runs, or one of its items' sets."""
    candidates: list[Literals] = []
    run: list[str] = []
    for op, av in pattern:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        literals = _item(op, av)
        if literals is not None:
            candidates.append(literals)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return _best(candidates)


def required_literals(source: str) -> Literals | None:
    """A set of strings every match of `source` contains one of; None when the pattern does not show one."""
    try:
        parsed = P.parse(source)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _sequence(parsed)
