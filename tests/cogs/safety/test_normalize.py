"""Normalisation folds the tricks members use, on purpose or not."""

from __future__ import annotations

import pytest

from cogs.safety.api import normalize, normalize_variants


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


def test_sentence_breaks_stay_as_a_marker() -> None:
    assert normalize("i'm not ok. i want to die!!") == "im not ok . i want to die"


def test_repeated_letters_also_offer_the_single_letter_form() -> None:
    assert normalize_variants("i wanna diiiie") == ("i wanna diie", "i wanna die")
    assert normalize_variants("plain text") == ("plain text",)


def test_emoji_survive_as_their_own_words() -> None:
    assert normalize("pills💊tonight") == "pills 💊 tonight"
