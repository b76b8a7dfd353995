"""Each class of crisis message holds up in every language, and each class of hard negative stays quiet.

The table is in class_cases.py. Property tests check the obfuscation class in
general: any core word broken by a symbol, typed letter by letter, or with a
doubled letter typed once is still read.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.safety.api import assess
from cogs.safety.assessment import Level, OtherPerson
from cogs.safety.detector import default_detector
from tests.cogs.safety.class_cases import ALL, Case

_ROWS = [(name, *row) for name, rows in ALL.items() for row in rows]


def _id(row: tuple[str, str, str, str]) -> str:
    name, lang, text, _ = row
    return f"{name}-{lang}-{text[:24]}"


@pytest.mark.parametrize("row", _ROWS, ids=[_id(row) for row in _ROWS])
def test_each_class_is_judged_as_a_person_would(row: tuple[str, str, str, str]) -> None:
    _, _, text, expected = row
    result = assess(text)
    if expected == "crisis":
        assert result.level is Level.CRISIS, result
    elif expected == "not_crisis":
        assert result.level is not Level.CRISIS, result
    else:
        assert result.other_person is OtherPerson(expected), result
        assert result.level is not Level.CRISIS, result


def test_every_language_has_cases_for_the_main_classes() -> None:
    def langs(rows: list[Case]) -> set[str]:
        return {lang for lang, _, _ in rows}

    every = {"en", "de", "es", "fr", "pt", "pl", "tr", "uk", "ru", "ar", "ar-latn", "hi-latn"}
    assert langs(ALL["passive_and_burden"]) == every
    assert langs(ALL["plan_and_means"]) == every


_PHRASES = [
    ("i want to kill myself", "kill"),
    ("thinking about suicide every night", "suicide"),
    ("i want to end my life with pills tonight", "pills"),
    ("ich will mich umbringen", "umbringen"),
    ("quiero suicidarme", "suicidarme"),
    ("je veux me suicider", "suicider"),
    ("chce sie zabic", "zabic"),
]
_SYMBOLS = st.sampled_from(["*", "#", "!", "@", "$", "%", "+", "~", "^", "_"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_PHRASES), _SYMBOLS, st.integers(min_value=1, max_value=20))
def test_a_symbol_in_place_of_one_letter_is_read_back(phrase: tuple[str, str], symbol: str, at: int) -> None:
    text, word = phrase
    position = 1 + at % (len(word) - 2)  # never the first or the last letter
    broken = word[:position] + symbol + word[position + 1 :]
    assert assess(text.replace(word, broken, 1)).is_crisis


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(_PHRASES))
def test_letters_typed_one_by_one_are_read_back(phrase: tuple[str, str]) -> None:
    text, word = phrase
    assert assess(text.replace(word, " ".join(word), 1)).is_crisis


def test_a_doubled_letter_typed_once_is_read_back() -> None:
    assert assess("i want to kil myself").is_crisis
    assert assess("i want to die, i'm going to kil myself").is_crisis


def test_spelling_never_glues_two_real_words_joined_by_a_dot() -> None:
    detector = default_detector()
    assert detector.spelling.read("ending.tonight") is None


def test_a_chosen_date_alone_is_not_a_crisis_outside_english() -> None:
    assert not assess("ya tengo la fecha del examen").is_crisis
    assert not assess("je n'en aurai plus besoin, je vends la voiture").is_crisis


def test_a_means_inside_news_about_a_stranger_does_not_raise_a_worry() -> None:
    text = "a man jumped from the bridge near work this morning. i keep thinking about it"
    assert not assess(text).is_crisis
