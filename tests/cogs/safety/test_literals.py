"""The detector's second prefilter: literals every match of a group's regex contains (cogs/safety/literals.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogs.safety import detector
from cogs.safety.literals import required_literals


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("painless", {"painless"}),
        (r"(?:i have|ive got) (?:\w+ ){0,2}(?:gun|pistol)", {" have", "ve got"}),
        (r"(?<![\w])(?:kill myself|end it all)(?![\w])", {"kill myself", "end it all"}),
        (r"(?:x|y)z+", {"z"}),
        (r"a?b", {"b"}),
    ],
)
def test_literals_are_read_off_sequences_branches_and_repeats(source: str, expected: set[str]) -> None:
    assert required_literals(source) == expected


@pytest.mark.parametrize(
    "source",
    [r"(?:pills)?\w+", r"(?i)pills", r"(?:pills|\w+)", r"[a-z]+", r"(?:pills){0,3}", "("],
)
def test_no_literal_is_claimed_where_a_match_could_do_without_one(source: str) -> None:
    assert required_literals(source) is None


def _groups() -> list[Any]:
    return [group for group in detector.default_detector()._groups.values() if required_literals(group.source)]


@pytest.mark.parametrize("group", _groups(), ids=lambda g: f"{g.language.code}:{g.id}")
def test_every_match_of_a_group_contains_one_of_its_literals(group: Any) -> None:
    literals = required_literals(group.source)
    assert literals

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.from_regex(re.compile(group.source), fullmatch=False))
    def check(text: str) -> None:
        if group.regex.search(text):
            assert any(literal in text for literal in literals), (text, literals)

    check()


def test_the_filter_never_changes_an_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    det = detector.default_detector()
    texts = [example for language in det._languages for group in language.groups for example in group_examples(group)]
    texts += ["sh, don't tell anyone but i still love him", "i have all my pills on my desk", "the the the"]
    filtered = [det.assess(text) for text in texts]
    monkeypatch.setattr(det, "_required", None)  # anchors alone, as before the filter
    assert [det.assess(text) for text in texts] == filtered


def group_examples(group: Any) -> list[str]:
    from cogs.safety.lexicon_files import read_lexicon_data

    for data in read_lexicon_data(detector.CONTENT_DIR):
        if data["lang"] == group.language.code:
            for signal in data.get("signals") or []:
                if signal["id"] == group.id:
                    return list(signal.get("examples", []))
    return []


def test_with_a_sample_of_ordinary_text_the_rarer_set_is_chosen() -> None:
    source = r"(?:i have|ive got) (?:\w+ ){0,2}(?:gun|pistol)"
    assert required_literals(source) == {" have", "ve got"}  # longest first, without a sample
    seen = "i have to go and ive got a feeling"
    assert required_literals(source, seen.count) == {"gun", "pistol"}
