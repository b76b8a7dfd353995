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
from collections.abc import Callable
from typing import Any

Literals = frozenset[str]

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}


Commonness = Callable[[str], int]
"""How often a literal turns up in ordinary text (a count in a sample); lower is a better prefilter."""


def _letters(literal: str) -> int:
    return sum(ch.isalnum() for ch in literal)


def _best(candidates: list[Literals], common: Commonness | None) -> Literals | None:
    """The set ordinary text meets least often: by `common` if given (the sum over the set, then the shortest
    literal's length), else by the shortest literal's length alone (then fewer literals)."""
    usable = [c for c in candidates if c and min(_letters(x) for x in c) > 0]
    if not usable:
        return None
    if common is None:
        return max(usable, key=lambda c: (min(_letters(x) for x in c), -len(c)))
    return min(usable, key=lambda c: (sum(common(x) for x in c), -min(_letters(x) for x in c), len(c)))


def _item(op: Any, av: Any, common: Commonness | None) -> Literals | None:
    """The literal set of one item of a sequence, or None."""
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        if add_flags or del_flags:
            return None  # a flag such as (?i) changes what a literal matches
        return _sequence(pattern, common)
    if op is C.ATOMIC_GROUP:
        return _sequence(av, common)
    if op in _REPEATS:
        low, _high, pattern = av
        return _sequence(pattern, common) if low >= 1 else None
    if op is C.BRANCH:
        _, alternatives = av
        union: set[str] = set()
        for alternative in alternatives:
            literals = _sequence(alternative, common)
            if literals is None:
                return None  # one branch could match without any literal
            union |= literals
        return frozenset(union)
    return None


def _sequence(pattern: Any, common: Commonness | None) -> Literals | None:
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
        literals = _item(op, av, common)
        if literals is not None:
            candidates.append(literals)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return _best(candidates, common)


def required_literals(source: str, common: Commonness | None = None) -> Literals | None:
    """A set of strings every match of `source` contains one of; None when the pattern does not show one.
    With `common`, of several valid sets the one ordinary text meets least often is chosen."""
    try:
        parsed = P.parse(source)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _sequence(parsed, common)
