"""The lexicon file is validated with reasons a moderator can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content import ContentError
from cogs.safety.detector import CONTENT_DIR
from cogs.safety.lexicon import load_lexicon

GOOD_GROUP = """
  - id: {id}
    category: {category}
    severity: {severity}
{source}    triggers: [die]
    patterns: ['{pattern}']
    examples: ["i want to die"]
"""

RULES = """
rules:
  negation:
    why: "negation cancels"
    pattern: 'never $'
"""


def _write(tmp_path: Path, *groups: str) -> Path:
    (tmp_path / "safety.yaml").write_text("version: 1\ngroups:" + "".join(groups) + RULES, encoding="utf-8")
    return tmp_path


def _group(
    *,
    id: str = "want_to_die",
    category: str = "passive_ideation",
    severity: str = "crisis",
    source: str | None = "C-SSRS item 1",
    pattern: str = "want to die",
) -> str:
    line = f'    source: "{source}"\n' if source is not None else ""
    return GOOD_GROUP.format(id=id, category=category, severity=severity, source=line, pattern=pattern)


def test_the_shipped_lexicon_loads_and_every_group_names_a_source() -> None:
    lexicon = load_lexicon(CONTENT_DIR)
    assert lexicon.groups
    assert all(group.source.strip() for group in lexicon.groups)


def test_a_valid_small_lexicon_loads(tmp_path: Path) -> None:
    assert load_lexicon(_write(tmp_path, _group())).groups[0].id == "want_to_die"


def test_a_group_without_a_source_is_rejected_with_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_lexicon(_write(tmp_path, _group(source=None)))
    reason = caught.value.reasons[0]
    assert reason.startswith(f"{tmp_path / 'safety.yaml'}:3:")  # the group that lacks it
    assert "source" in reason


def test_duplicate_phrase_ids_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="used twice"):
        load_lexicon(_write(tmp_path, _group(), _group()))


def test_unknown_category_and_severity_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="category"):
        load_lexicon(_write(tmp_path, _group(category="sadness")))
    with pytest.raises(ContentError, match="severity"):
        load_lexicon(_write(tmp_path, _group(severity="alarm")))


def test_a_pattern_that_does_not_compile_is_rejected_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"safety.yaml:8: .*does not compile"):
        load_lexicon(_write(tmp_path, _group(pattern="want to (die")))


def test_an_example_that_its_group_misses_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="example does not match"):
        load_lexicon(_write(tmp_path, _group(pattern="kill myself")))
