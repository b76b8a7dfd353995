"""Behaviour of the crisis detector, including the labelled-set floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.safety.api import Assessment, Category, Level, OtherPerson, assess

CASES_FILE = Path(__file__).resolve().parents[2] / "data" / "safety_cases.yaml"


def _cases() -> list[dict[str, Any]]:
    data = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = data["cases"]
    return cases


def _crisis_figures(cases: list[dict[str, Any]]) -> tuple[float, float]:
    tp = fp = fn = 0
    for case in cases:
        got = assess(case["text"]).level
        expected = case["level"]
        tp += expected == "crisis" and got is Level.CRISIS
        fp += expected != "crisis" and got is Level.CRISIS
        fn += expected == "crisis" and got is not Level.CRISIS
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def test_labelled_set_is_large_and_well_formed() -> None:
    cases = _cases()
    assert len(cases) >= 320
    kinds = {c["kind"] for c in cases}
    assert kinds == {"crisis", "concern", "hard_negative", "ordinary"}
    assert {c["level"] for c in cases} <= {"none", "concern", "crisis"}
    holdout = sum(c["split"] == "holdout" for c in cases)
    assert 0.2 <= holdout / len(cases) <= 0.3
    assert len({c["text"] for c in cases}) == len(cases)


def test_crisis_recall_and_precision_floors_over_whole_set() -> None:
    cases = _cases()
    for split in ("tune", "holdout", None):
        chosen = [c for c in cases if split is None or c["split"] == split]
        precision, recall = _crisis_figures(chosen)
        print(f"crisis {split or 'all'}: precision={precision:.3f} recall={recall:.3f} n={len(chosen)}")
    precision, recall = _crisis_figures(cases)
    assert recall >= 0.95
    assert precision >= 0.90


def test_at_most_five_percent_of_hard_negatives_are_called_crisis() -> None:
    hard = [c for c in _cases() if c["kind"] == "hard_negative"]
    flagged = [c["text"] for c in hard if assess(c["text"]).is_crisis]
    rate = len(flagged) / len(hard)
    print(f"hard negatives assessed as crisis: {len(flagged)}/{len(hard)} = {rate:.3f}")
    assert rate <= 0.05


def test_concern_cases_are_at_least_noticed() -> None:
    concern = [c for c in _cases() if c["kind"] == "concern"]
    # A worry about someone else is noticed as its own outcome (a how-to-help reply), not as the writer's level.
    noticed = sum(
        assess(c["text"]).level is not Level.NONE or assess(c["text"]).other_person is not OtherPerson.NONE
        for c in concern
    )
    print(f"concern cases noticed (concern or crisis): {noticed}/{len(concern)}")
    assert noticed / len(concern) >= 0.85


def test_ordinary_heartbreak_talk_is_never_flagged() -> None:
    ordinary = [c["text"] for c in _cases() if c["kind"] == "ordinary"]
    assert [t for t in ordinary if assess(t).level is not Level.NONE] == []


@pytest.mark.parametrize(
    "text",
    [
        "this breakup is killing me",
        "i'd die of embarrassment",
        "my phone is dying",
        "dying to see you",
        "i killed it at the gym",
        "dead tired",
    ],
)
def test_breakup_hyperbole_is_not_flagged_as_crisis(text: str) -> None:
    assert assess(text) == Assessment(Level.NONE, ())


@pytest.mark.parametrize(
    "text",
    ["I would never hurt myself", "I'm not going to kill myself, don't worry", "i don't want to die"],
)
def test_negated_statements_are_not_crisis(text: str) -> None:
    assert not assess(text).is_crisis


def test_not_wanting_to_live_is_ideation_not_negation() -> None:
    result = assess("I don't want to live anymore")
    assert result.is_crisis
    assert Category.PASSIVE_IDEATION in result.categories


def test_someone_elses_past_threat_is_not_the_writers_crisis() -> None:
    assert not assess("my ex used to threaten to kill himself to make me stay").is_crisis


def test_asking_how_the_bot_works_is_not_flagged() -> None:
    assert assess("how does the crisis command work?").level is Level.NONE
    assert assess("does hearth flag messages that mention suicide?").level is Level.NONE


def test_repeated_words_give_one_assessment() -> None:
    assert assess("to to to") == Assessment(Level.NONE, ())
    result = assess("kms kms kms i want to die i want to die")
    assert result.level is Level.CRISIS
    assert len(result.categories) == len(set(result.categories))
    assert list(result.categories) == sorted(result.categories, key=list(Category).index)


def test_text_inside_spoilers_is_checked() -> None:
    assert assess("fine today ||i want to kill myself||").is_crisis


def test_evasive_spellings_are_caught() -> None:
    for text in ("su1c1de tonight", "gonna unalive myself", "sewerslide", "k\u200bm\u200bs", "i wanna diiiiie"):
        assert assess(text).level is not Level.NONE, text


def test_method_words_with_intent_push_to_crisis() -> None:
    result = assess("i just want the pain to stop 💊")
    assert result.is_crisis
    assert Category.PLAN_OR_METHOD in result.categories
    assert assess("took 2 ibuprofen for my headache").level is Level.NONE


def test_a_time_makes_ideation_a_plan() -> None:
    result = assess("i want to die tonight")
    assert result.categories == (Category.PASSIVE_IDEATION, Category.PLAN_OR_METHOD)


def test_levels_are_ordered() -> None:
    assert Level.NONE < Level.CONCERN < Level.CRISIS
    assert max(Level.CONCERN, Level.CRISIS, Level.NONE) is Level.CRISIS


def test_empty_and_whitespace_messages_are_none() -> None:
    assert assess("") == Assessment(Level.NONE, ())
    assert assess("   \n ") == Assessment(Level.NONE, ())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_gets_one_assessment_and_the_same_one_twice(text: str) -> None:
    first = assess(text)
    assert first == assess(text)
    assert first.level in (Level.NONE, Level.CONCERN, Level.CRISIS)
    assert len(set(first.signals)) == len(first.signals)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "i",
                "want",
                "to",
                "die",
                "kill",
                "myself",
                "k!ll",
                "d1e",
                "💊",
                ".",
                "not",
                "lol",
                "my",
                "friend",
                "she",
                "ich",
                "will",
                "sterben",
                "quiero",
                "morir",
                "хочу",
                "умереть",
                "نفسي",
                "اموت",
            ]
        ),
        max_size=14,
    )
)
def test_shuffled_crisis_words_never_crash_and_a_worry_about_someone_else_is_never_the_writers_level(
    words: list[str],
) -> None:
    result = assess(" ".join(words))
    if result.other_person is not OtherPerson.NONE and result.level is Level.NONE:
        assert result.other_signals


@pytest.mark.parametrize(
    "text",
    [
        "i moved here to study and now i want to die every night",  # "study": a news word, said in passing
        "i saw the report on tv and honestly i want to kill myself",
        "ich bin zum studium hergekommen und jetzt will ich nur noch sterben",
    ],
)
def test_a_news_word_in_passing_never_sets_aside_the_writers_own_words(text: str) -> None:
    assert assess(text).level is Level.CRISIS


@pytest.mark.parametrize("text", ["a study says suicide rates rose among students", "news: a man killed himself"])
def test_news_about_strangers_stays_quiet(text: str) -> None:
    assert assess(text).level is not Level.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "her gece kendimi öldürmeyi düşünüyorum",  # Turkish "her": every (night), not English "her"
        "her sabah intihar etmeyi düşünüyorum, kimse bilmiyor",
    ],
)
def test_english_other_person_words_are_not_read_into_another_language(text: str) -> None:
    result = assess(text)
    assert result.level is Level.CRISIS and result.other_person is OtherPerson.NONE, result
