"""Celebration, slip, milestone and digest lines are plentiful, kind, and picked to fit the win."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from bot.core.content import ContentError
from cogs.wins.content import (
    CelebrationFile,
    CelebrationLine,
    Tone,
    load_celebrations,
    pick_celebration,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
MILESTONES = (1, 3, 7, 14, 30, 60, 90, 180, 365)


@pytest.fixture(scope="module")
def lines() -> CelebrationFile:
    """The lines shipped in content/celebrations.yaml."""
    return load_celebrations(CONTENT_DIR)


def minimal_file(**overrides: object) -> dict[str, object]:
    """A smallest valid celebrations file as a dict, with some lists replaced."""
    data: dict[str, object] = {
        "gentle_triggers": ["miss", "hard day"],
        "celebrations": [{"text": f"{tone.value} line {n}", "tone": tone.value} for tone in Tone for n in range(24)],
        "slip_lines": [f"Slip line {n}." for n in range(20)],
        "milestone_lines": [f"Day {{days}} of {{name}}, line {n}." for n in range(12)],
        "digest_intros": [f"Intro {n}." for n in range(6)],
    }
    data.update(overrides)
    return data


def test_shipped_celebrations_meet_minimums(lines: CelebrationFile) -> None:
    assert len(lines.celebrations) >= 70
    assert len(lines.slip_lines) >= 20
    assert len(lines.milestone_lines) >= 12
    assert len(lines.digest_intros) >= 6
    per_tone = Counter(line.tone for line in lines.celebrations)
    for tone in Tone:
        assert per_tone[tone] >= 10, tone


def test_shipped_lines_respect_length_limits(lines: CelebrationFile) -> None:
    assert all(len(line.text) <= 120 for line in lines.celebrations)
    assert all(len(line) <= 200 for line in lines.slip_lines)
    assert all(len(line) <= 200 for line in lines.milestone_lines)
    assert all(len(line) <= 150 for line in lines.digest_intros)


def test_milestone_lines_read_well_for_every_milestone(lines: CelebrationFile) -> None:
    for template in lines.milestone_lines:
        for days in MILESTONES:
            text = template.format(days=days, name="no contact")
            assert "{" not in text and "1 days" not in text


def test_gentle_line_for_a_win_beside_loss(lines: CelebrationFile) -> None:
    win = "first birthday without my mum and I still baked the cake"
    for seed in range(50):
        line = pick_celebration(win, lines, random.Random(seed))
        assert line.tone is Tone.GENTLE


def test_gentle_triggers_match_whole_words_case_insensitively(lines: CelebrationFile) -> None:
    assert lines.mentions_pain("I MISSED him all day but went to the gym")
    assert lines.mentions_pain("It was a hard   day, I still cooked")
    assert lines.mentions_pain("Went to my grandad’s funeral and spoke")
    assert not lines.mentions_pain("Finished my mission statement for the job application")
    assert not lines.mentions_pain("A whole day without checking their profile")


def test_other_wins_can_get_bright_lines(lines: CelebrationFile) -> None:
    rng = random.Random(1234)
    tones = {pick_celebration("I cooked a proper dinner for myself", lines, rng).tone for _ in range(200)}
    assert Tone.BRIGHT in tones
    assert tones == set(Tone)


def test_pick_is_reproducible_with_the_same_seed(lines: CelebrationFile) -> None:
    first = pick_celebration("Went for a walk", lines, random.Random(7))
    second = pick_celebration("Went for a walk", lines, random.Random(7))
    assert isinstance(first, CelebrationLine) and first == second


def test_lines_are_calm_not_shouty(lines: CelebrationFile) -> None:
    every_line = [line.text for line in lines.celebrations] + lines.slip_lines + lines.digest_intros
    for text in every_line:
        assert "!!" not in text and text.count("!") <= 1, text


def test_slip_lines_carry_no_shame(lines: CelebrationFile) -> None:
    for text in lines.slip_lines:
        lowered = text.lower()
        for word in ("failure", "failed", "start over", "back to zero", "disappoint", "should have"):
            assert word not in lowered, text


def test_minimal_file_validates() -> None:
    assert len(CelebrationFile.model_validate(minimal_file()).celebrations) == 72


def test_too_few_lines_of_one_tone_is_rejected() -> None:
    celebrations = [{"text": f"warm {n}", "tone": "warm"} for n in range(70)] + [
        {"text": f"gentle {n}", "tone": "gentle"} for n in range(10)
    ]
    with pytest.raises(ValueError, match="bright"):
        CelebrationFile.model_validate(minimal_file(celebrations=celebrations))


def test_unknown_placeholder_in_milestone_line_is_rejected_at_its_line(tmp_path: Path) -> None:
    import yaml

    data = minimal_file()
    data["milestone_lines"] = [*data["milestone_lines"], "Day {days} for {member}."]  # type: ignore[misc]
    path = tmp_path / "celebrations.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_celebrations(tmp_path)
    [reason] = caught.value.reasons
    expected_line = path.read_text().splitlines().index("- Day {days} for {member}.") + 1
    assert reason.startswith(f"{path}:{expected_line}:")
    assert "member" in reason


def test_placeholders_outside_milestones_are_rejected() -> None:
    slips = [f"Slip {n}." for n in range(19)] + ["Day {days} still counts."]
    with pytest.raises(ValueError, match="milestone_lines"):
        CelebrationFile.model_validate(minimal_file(slip_lines=slips))


def test_plural_days_placeholder_is_rejected() -> None:
    milestones = [f"Day {{days}}, line {n}." for n in range(11)] + ["{days} days of {name}."]
    with pytest.raises(ValueError, match="day 1"):
        CelebrationFile.model_validate(minimal_file(milestone_lines=milestones))


def test_shouting_celebration_is_rejected() -> None:
    celebrations = minimal_file()["celebrations"] + [{"text": "AMAZING!!!", "tone": "bright"}]  # type: ignore[operator]
    with pytest.raises(ValueError, match="calm"):
        CelebrationFile.model_validate(minimal_file(celebrations=celebrations))


def test_too_long_celebration_is_rejected() -> None:
    celebrations = minimal_file()["celebrations"] + [{"text": "x" * 121, "tone": "warm"}]  # type: ignore[operator]
    with pytest.raises(ValueError, match="120"):
        CelebrationFile.model_validate(minimal_file(celebrations=celebrations))


def test_bad_gentle_trigger_is_rejected() -> None:
    with pytest.raises(ValueError, match="trigger"):
        CelebrationFile.model_validate(minimal_file(gentle_triggers=["miss", "miss"]))
    with pytest.raises(ValueError, match="trigger"):
        CelebrationFile.model_validate(minimal_file(gentle_triggers=["(sad|happy)"]))
