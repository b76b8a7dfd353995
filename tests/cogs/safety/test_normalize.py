"""Normalisation folds the tricks members use, on purpose or not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs.safety.api import Level, assess, normalize, normalize_variants
from cogs.safety.detector import default_detector
from cogs.safety.normalize import fold_pattern


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I WANT TO DIE", "i want to die"),
        ("ｉ ｗａｎｔ", "i want"),  # fullwidth
        ("i w\u0430nt t\u043e di\u0435", "i want to die"),  # Cyrillic look-alikes
        ("k\u200bi\u200cl\u200dl\u2060 my\ufeffself", "kill myself"),  # zero-width characters
        ("self\u00adharm", "selfharm"),  # soft hyphen
        ("su1c1de", "suicide"),
        ("h@ng", "hang"),
        ("s3w3rsl1d3", "sewerslide"),
        ("café", "cafe"),
        ("||hidden words||", "hidden words"),
        ("i'm   so    tired", "im so tired"),
        ("soooooo", "soo"),
        ("k m s", "kms"),
    ],
)
def test_tricks_fold_to_plain_words(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_numbers_with_units_are_not_read_as_leetspeak() -> None:
    assert normalize("800mg at 3am") == "800mg at 3am"
    assert normalize("30 days") == "30 days"


def test_a_leading_zero_or_one_is_a_letter_but_arabizi_digits_and_numbers_stay() -> None:
    assert normalize("0lmek istiyorum") == "olmek istiyorum"
    assert normalize("1ntihar") == "intihar"
    assert normalize_variants("ana 3ayez amoot")[0] == "ana 3ayez amoot"  # Arabizi: 3 is a letter (ain)
    assert normalize("10pm and 1st") == "10pm and 1st"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bfakker b el e.n.t.e.7.a.r", "bfakker b el ente7ar"),  # Arabizi letters among dotted ones
        ("e n t i 7 a r kel lele", "enti7ar kel lele"),
        ("counting 1 2 3 go", "counting 1 2 3 go"),  # digits alone are not a word
        ("on 3.4.5 we met", "on 3 . 4 . 5 we met"),
    ],
)
def test_spaced_and_dotted_runs_join_when_they_hold_letters(raw: str, expected: str) -> None:
    assert expected in normalize_variants(raw)


def test_sentence_breaks_stay_as_a_marker() -> None:
    assert normalize("i'm not ok. i want to die!!") == "im not ok . i want to die"


def test_repeated_letters_also_offer_the_single_letter_form() -> None:
    assert normalize_variants("i wanna diiiie") == ("i wanna diie", "i wanna die")
    assert normalize_variants("plain text") == ("plain text",)


def test_emoji_survive_as_their_own_words() -> None:
    assert normalize("pills💊tonight") == "pills 💊 tonight"


# -- folding a pattern keeps its escapes ---------------------------------------------------------------------

_ESCAPES = st.sampled_from([r"\S", r"\W", r"\D", r"\B", r"\s", r"\w", r"\d", r"\b", r"\.", r"\\"])
_TEXT = st.text(alphabet="AbcÄöüßİ ?:()|+*-йЁعف", max_size=6)


def _escapes(pattern: str) -> list[str]:
    found, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            found.append(pattern[i : i + 2])
            i += 2
        else:
            i += 1
    return found


@given(st.lists(st.tuples(_TEXT, _ESCAPES), max_size=6))
def test_folding_a_pattern_leaves_every_escape_as_written(parts: list[tuple[str, str]]) -> None:
    """\\S (a non-space) must not become \\s (a space) when the pattern's letters are folded like text."""
    folded = fold_pattern("".join(text + escape for text, escape in parts))
    assert _escapes(folded) == [escape for _, escape in parts]


def test_a_non_space_escape_in_the_lexicon_still_matches_words() -> None:
    """The German "(?: \\S+){0,2} absichtlich" reaches over a clause break: the compiled group kept \\S."""
    assert r"\S" in default_detector()._groups[("de", "self_harm_de")].source
    assert assess("hab mir mit der zigarette den arm verbrannt, extra").level is Level.CRISIS
