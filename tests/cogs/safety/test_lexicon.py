"""The language files are validated with reasons a moderator can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content import ContentError
from cogs.safety.assessment import Signal
from cogs.safety.detector import CONTENT_DIR
from cogs.safety.lexicon import load_lexicon

LANGUAGES = {"en", "de", "es", "fr", "pt", "pl", "tr", "uk", "ru", "ar", "ar-latn", "hi-latn"}

GOOD_FILE = """lang: xx
name: Test
signals:
  - id: {id}
    signal: {signal}
    level: {level}
    anchors: [die]
    patterns: ['{pattern}']
    examples: ["{example}"]
{second}modifiers:
  - id: negated
    kind: negated
    direction: {direction}
    patterns: ['never']
"""


def _write(
    tmp_path: Path,
    *,
    id: str = "want_to_die",
    signal: str = "wish_dead",
    level: str = "crisis",
    pattern: str = "want to die",
    example: str = "i want to die",
    direction: str = "forward",
    second: str = "",
) -> Path:
    folder = tmp_path / "safety"
    folder.mkdir(exist_ok=True)
    text = GOOD_FILE.format(
        id=id, signal=signal, level=level, pattern=pattern, example=example, direction=direction, second=second
    )
    (folder / "xx.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_lexicons_cover_every_language_and_every_signal() -> None:
    lexicon = load_lexicon(CONTENT_DIR)
    codes = {language.lang for language in lexicon.languages}
    assert codes >= LANGUAGES
    for code in LANGUAGES:
        language = lexicon.language(code)
        assert language is not None
        signals = {group.signal for group in language.signals}
        c_ssrs = set(Signal) - {Signal.HARM_TO_OTHERS}
        assert c_ssrs <= signals, (code, c_ssrs - signals)
        kinds = {rule.kind.value for rule in language.modifiers}
        assert {"negated", "historical", "hypothetical", "lyrics", "fiction", "hyperbole", "other_experiencer"} <= kinds


def test_a_valid_small_lexicon_loads(tmp_path: Path) -> None:
    lexicon = load_lexicon(_write(tmp_path))
    assert lexicon.groups[0].id == "want_to_die"


def test_no_language_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no safety lexicon files"):
        load_lexicon(tmp_path)


def test_duplicate_group_ids_are_rejected_with_their_line(tmp_path: Path) -> None:
    second = """  - id: want_to_die
    signal: wish_dead
    level: concern
    anchors: [die]
    patterns: ['die']
    examples: ["die"]
"""
    with pytest.raises(ContentError, match=r"xx.yaml:\d+: signal group id 'want_to_die' is used twice"):
        load_lexicon(_write(tmp_path, second=second))


def test_unknown_signal_level_and_direction_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="signal"):
        load_lexicon(_write(tmp_path, signal="sadness"))
    with pytest.raises(ContentError, match="level"):
        load_lexicon(_write(tmp_path, level="alarm"))
    with pytest.raises(ContentError, match="direction"):
        load_lexicon(_write(tmp_path, direction="sideways"))


def test_a_pattern_that_does_not_compile_is_rejected_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"xx.yaml:8: .*does not compile"):
        load_lexicon(_write(tmp_path, pattern="want to (die"))


def test_an_example_that_its_group_misses_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="example does not match"):
        load_lexicon(_write(tmp_path, pattern="kill myself", example="i want to die"))


def test_patterns_are_folded_like_text_so_accents_in_a_pattern_still_match(tmp_path: Path) -> None:
    folder = _write(tmp_path, pattern="chcę umrzeć", example="CHCĘ UMRZEĆ")
    text = (folder / "safety" / "xx.yaml").read_text(encoding="utf-8").replace("anchors: [die]", "anchors: [chcę]")
    (folder / "safety" / "xx.yaml").write_text(text, encoding="utf-8")
    assert load_lexicon(folder).groups[0].patterns == ["chcę umrzeć"]


def test_an_example_the_prefilter_never_sends_to_its_group_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="none of the group's anchors"):
        load_lexicon(_write(tmp_path, pattern="kill myself", example="i want to kill myself"))


def test_a_space_before_an_optional_ending_is_rejected_because_it_could_never_match(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="space before an optional group"):
        load_lexicon(_write(tmp_path, pattern="want to die (?:now)?", example="i want to die now"))


def test_a_file_is_checked_again_whenever_its_text_changes_and_once_while_it_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cogs.safety import lexicon as module

    checks: list[str] = []
    real = module._problems
    monkeypatch.setattr(module, "_problems", lambda language: checks.append(language.lang) or real(language))
    folder = _write(tmp_path, example="i want to die tonight")
    load_lexicon(folder)
    load_lexicon(folder)  # a second bot in the same process: same bytes, checked once
    assert len(checks) == 1
    _write(tmp_path, example="i am fine")  # the example no longer matches: the cache must not hide it
    with pytest.raises(ContentError, match="example does not match"):
        load_lexicon(folder)
    assert len(checks) == 2
