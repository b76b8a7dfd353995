"""The shipped daily prompts are valid, varied and safe, and bad prompt files are rejected clearly."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.core.content import ContentError
from cogs.prompts.content import Intensity, Prompt, Theme, load_prompts

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
GUIDELINES_LIMIT = 1800
MIN_PER_THEME = 14
ID_PREFIX = {
    Theme.GRIEF: "grief",
    Theme.GUILT_AND_LOYALTY: "guilt",
    Theme.BOUNDARIES: "boundary",
    Theme.DISTANCE_AND_MIGRATION: "distance",
    Theme.SELF_WORTH_AND_IDENTITY: "self",
    Theme.REBUILDING_ROUTINES: "routine",
    Theme.SMALL_WINS: "wins",
    Theme.SUPPORT_CIRCLE: "circle",
    Theme.HOPE: "hope",
}
CLINICAL_WORDS = (
    "diagnos",
    "disorder",
    "medication",
    "therapy will",
    "therapist",
    "symptom",
    "prescri",
    "ptsd",
    "depression",
    "narcissis",
    "trauma bond",
)


@pytest.fixture(scope="module")
def prompts() -> list[Prompt]:
    """The prompts shipped in content/prompts.yaml."""
    return load_prompts(CONTENT_DIR)


def write_prompts(tmp_path: Path, body: str) -> Path:
    """Write a prompts.yaml into a temporary content directory."""
    (tmp_path / "prompts.yaml").write_text(body, encoding="utf-8")
    return tmp_path


GOOD_ENTRY = """\
  - id: {id}
    theme: {theme}
    intensity: gentle
    text: "{text}"
    content_warning: null
"""


def entry(id: str = "hope-001", theme: str = "hope", text: str = "What are you looking forward to?") -> str:
    """One prompt entry in YAML."""
    return GOOD_ENTRY.format(id=id, theme=theme, text=text)


def test_every_shipped_prompt_validates(prompts: list[Prompt]) -> None:
    assert len(prompts) >= 160


def test_shipped_prompt_ids_are_unique(prompts: list[Prompt]) -> None:
    duplicates = [pid for pid, count in Counter(p.id for p in prompts).items() if count > 1]
    assert duplicates == []


def test_every_theme_has_enough_prompts(prompts: list[Prompt]) -> None:
    per_theme = Counter(p.theme for p in prompts)
    for theme in Theme:
        assert per_theme[theme] >= MIN_PER_THEME, theme


def test_prompts_mix_gentle_and_deeper(prompts: list[Prompt]) -> None:
    per_intensity = Counter(p.intensity for p in prompts)
    assert per_intensity[Intensity.GENTLE] >= 60
    assert per_intensity[Intensity.DEEPER] >= 30
    for theme in Theme:
        assert any(p.theme is theme and p.intensity is Intensity.GENTLE for p in prompts), theme


def test_light_themes_are_mostly_gentle_so_heavy_days_do_not_stack(prompts: list[Prompt]) -> None:
    for theme in (Theme.REBUILDING_ROUTINES, Theme.SMALL_WINS):
        of_theme = [p for p in prompts if p.theme is theme]
        gentle = [p for p in of_theme if p.intensity is Intensity.GENTLE]
        assert len(gentle) >= 0.75 * len(of_theme), theme


def test_prompt_ids_follow_theme_prefix_and_number(prompts: list[Prompt]) -> None:
    for prompt in prompts:
        assert re.fullmatch(rf"{ID_PREFIX[prompt.theme]}-\d{{3}}", prompt.id), prompt.id


def test_deeper_prompts_on_heavy_themes_carry_a_content_warning(prompts: list[Prompt]) -> None:
    missing = [p.id for p in prompts if p.theme.is_heavy and p.intensity is Intensity.DEEPER and not p.content_warning]
    assert missing == []


def test_no_prompt_gives_clinical_advice(prompts: list[Prompt]) -> None:
    for prompt in prompts:
        lowered = f"{prompt.text} {prompt.content_warning or ''}".lower()
        for word in CLINICAL_WORDS:
            assert word not in lowered, (prompt.id, word)


def test_prompts_are_questions_or_invitations(prompts: list[Prompt]) -> None:
    for prompt in prompts:
        assert prompt.text[-1] in '?.…"', prompt.id
        assert "!" not in prompt.text, prompt.id


def test_prompt_texts_are_not_repeated(prompts: list[Prompt]) -> None:
    texts = Counter(p.text.casefold() for p in prompts)
    assert [text for text, count in texts.items() if count > 1] == []


def test_theme_has_label_emoji_and_weight() -> None:
    assert Theme.DISTANCE_AND_MIGRATION.label == "Distance and migration"
    assert all(theme.label and theme.emoji for theme in Theme)
    assert len({theme.emoji for theme in Theme}) == len(Theme)
    heavy = {theme for theme in Theme if theme.is_heavy}
    assert heavy == {Theme.GRIEF, Theme.GUILT_AND_LOYALTY, Theme.BOUNDARIES, Theme.DISTANCE_AND_MIGRATION}


def test_prompt_text_is_stripped_and_model_is_frozen() -> None:
    prompt = Prompt(id="hope-900", theme=Theme.HOPE, intensity=Intensity.GENTLE, text="   What helps you most today?  ")
    assert prompt.text == "What helps you most today?"
    with pytest.raises(ValueError):
        prompt.text = "Something else entirely?"  # type: ignore[misc]


def test_blank_content_warning_becomes_none() -> None:
    prompt = Prompt(id="hope-901", theme=Theme.HOPE, text="What helps you today?", content_warning="  ")
    assert prompt.content_warning is None


def test_valid_temp_file_loads(tmp_path: Path) -> None:
    content_dir = write_prompts(tmp_path, "prompts:\n" + entry())
    [prompt] = load_prompts(content_dir)
    assert prompt.theme is Theme.HOPE


def test_duplicate_id_is_rejected_at_its_line(tmp_path: Path) -> None:
    body = "prompts:\n" + entry(id="grief-001") + entry(id="grief-001", text="What is different this week?")
    content_dir = write_prompts(tmp_path, body)
    with pytest.raises(ContentError) as caught:
        load_prompts(content_dir)
    [reason] = caught.value.reasons
    assert reason.startswith(f"{content_dir / 'prompts.yaml'}:7:")
    assert "duplicate" in reason and "grief-001" in reason


def test_unknown_theme_is_rejected_at_its_line(tmp_path: Path) -> None:
    content_dir = write_prompts(tmp_path, "prompts:\n" + entry() + entry(id="hope-002", theme="heartbreak"))
    with pytest.raises(ContentError) as caught:
        load_prompts(content_dir)
    [reason] = caught.value.reasons
    assert reason.startswith(f"{content_dir / 'prompts.yaml'}:8:")
    assert "theme" in reason and "grief" in reason


def test_too_long_text_is_rejected_at_its_line(tmp_path: Path) -> None:
    content_dir = write_prompts(tmp_path, "prompts:\n" + entry(text="What helps? " * 30))
    with pytest.raises(ContentError) as caught:
        load_prompts(content_dir)
    [reason] = caught.value.reasons
    assert reason.startswith(f"{content_dir / 'prompts.yaml'}:5:")
    assert "text" in reason and "300" in reason


def test_too_short_text_and_bad_id_are_both_reported(tmp_path: Path) -> None:
    content_dir = write_prompts(tmp_path, "prompts:\n" + entry(id="Hope 1", text="Why?"))
    with pytest.raises(ContentError) as caught:
        load_prompts(content_dir)
    reasons = caught.value.reasons
    assert any(":2:" in r and "id" in r for r in reasons)
    assert any(":5:" in r and "20" in r for r in reasons)


def test_empty_prompt_list_is_rejected(tmp_path: Path) -> None:
    content_dir = write_prompts(tmp_path, "prompts: []\n")
    with pytest.raises(ContentError) as caught:
        load_prompts(content_dir)
    assert "at least 1" in caught.value.reasons[0]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_prompts(tmp_path)
    assert caught.value.reasons == [f"{tmp_path / 'prompts.yaml'}:1: file is missing"]


def test_guidelines_fit_a_discord_embed() -> None:
    text = (CONTENT_DIR / "guidelines.md").read_text(encoding="utf-8").strip()
    assert 200 < len(text) < GUIDELINES_LIMIT
    lowered = text.lower()
    for must_mention in ("/crisis", "anonym", "medical advice", "content warning", "i agree", "remove"):
        assert must_mention in lowered, must_mention
