"""Every parser of member input returns a value or a kind refusal (a ValueError) for any string at all."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.durations import DurationError, parse_duration
from bot.core.guild_settings import (
    GuildSettings,
    apply_changes,
    parse_days,
    parse_hhmm,
    parse_setting_value,
    setting_paths,
)
from bot.core.numbers import MAX_ID, parse_id
from bot.core.timezones import TimezoneError, canonical_zones, check_timezone, suggest_timezones

# The shapes that broke parsers before: empty, very long, unicode digits, zone-database folders,
# huge numbers, mention fragments, path tricks.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "x" * 4500,
        "٣d",
        "²",
        "１２:００",
        "America",
        "America/Argentina",
        "Europe/",
        "../../etc/passwd",
        "\x00",
        "9" * 40,
        "9" * 40 + "d",
        "1e400d",
        "nan",
        "inf",
        "-5m",
        "<@123456789012345678>",
        "@everyone",
        "<#1>",
        "#18446744073709551616",
        "Etc/GMT+5",
    ]
)
ANY_TEXT = st.one_of(NASTY, st.text(max_size=300), st.from_regex(r"[0-9]{1,30}\s*[a-z]{0,8}", fullmatch=True))


def _value_or_kind_refusal(parse, text: str) -> object:  # type: ignore[no-untyped-def]
    try:
        return parse(text)
    except ValueError as exc:  # every refusal of ours is a ValueError with words in it
        assert str(exc).strip()
        return exc


@settings(max_examples=300, derandomize=True)
@given(ANY_TEXT)
def test_every_parser_answers_any_string_with_a_value_or_a_reason(text: str) -> None:
    def timeout(t: str) -> timedelta | None:
        return parse_duration(t, minimum=timedelta(minutes=1), maximum=timedelta(days=28))

    for parse in (timeout, check_timezone, parse_hhmm, parse_days, parse_id):
        _value_or_kind_refusal(parse, text)
    assert len(suggest_timezones(text, "DE")) <= 25


@settings(max_examples=200, derandomize=True)
@given(ANY_TEXT)
def test_a_length_that_parses_is_within_its_limits(text: str) -> None:
    try:
        length = parse_duration(text, minimum=timedelta(minutes=1), maximum=timedelta(days=28), open_ended=True)
    except DurationError:
        return
    assert length is None or timedelta(minutes=1) <= length <= timedelta(days=28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1d 12h", timedelta(days=1, hours=12)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("10 minutes", timedelta(minutes=10)),
        ("2h", timedelta(hours=2)),
        ("1 week", timedelta(weeks=1)),
        ("3d, 4h", timedelta(days=3, hours=4)),
    ],
)
def test_timeouts_and_blocks_read_the_same_lengths(text: str, expected: timedelta) -> None:
    assert parse_duration(text, minimum=timedelta(minutes=1), maximum=timedelta(days=28)) == expected
    assert parse_duration(text, minimum=timedelta(minutes=1), maximum=timedelta(days=366), open_ended=True) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "a length is needed"),
        ("soon", "not a duration I understand"),
        ("0m", "not a length of time forward"),
        ("-3d", "not a length of time forward"),
        ("30s", "at least 1 minute"),
        ("30d", "at most 28 days"),
        ("9" * 40 + "d", "not a duration I understand"),
        ("٣d", "not a duration I understand"),
    ],
)
def test_a_timeout_length_that_cannot_be_used_is_explained(text: str, reason: str) -> None:
    with pytest.raises(DurationError, match=reason):
        parse_duration(text, minimum=timedelta(minutes=1), maximum=timedelta(days=28))


def test_an_empty_block_length_means_until_lifted() -> None:
    for text in ("", None, "forever", "Permanent"):
        assert parse_duration(text, minimum=timedelta(minutes=1), maximum=timedelta(days=366), open_ended=True) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("America", "is a region, not one timezone"),
        ("America/Argentina", "is a region, not one timezone"),
        ("x" * 300, "too long"),
        ("Mars/Olympus", "not a timezone I know"),
        ("", "empty"),
    ],
)
def test_a_timezone_that_is_not_one_is_explained(text: str, reason: str) -> None:
    with pytest.raises(TimezoneError, match=reason):
        check_timezone(text)


def test_timezones_are_found_in_any_case_and_by_a_city_alone() -> None:
    assert check_timezone("europe/berlin") == "Europe/Berlin"
    assert check_timezone("America/New York") == "America/New_York"
    assert check_timezone("manila") == "Asia/Manila"


def test_suggestions_are_canonical_zones_only() -> None:
    offered = {zone.name for zone in canonical_zones()}
    assert "Etc/GMT+5" not in offered and "US/Eastern" not in offered and "GB" not in offered
    for typed in ("", "gmt", "us", "eastern", "america"):
        assert set(suggest_timezones(typed)) <= offered


def test_suggestions_match_city_names_with_the_servers_country_first() -> None:
    assert suggest_timezones("new york")[0] == "America/New_York"
    assert suggest_timezones("sao paulo")[0] == "America/Sao_Paulo"
    assert suggest_timezones("", "DE")[:2] == ["Europe/Berlin", "Europe/Busingen"]
    assert suggest_timezones("a", "PH")[0] == "Asia/Manila"


def test_ids_are_ascii_digits_within_64_bits() -> None:
    assert parse_id("42") == 42 and parse_id("#7") == 7 and parse_id(str(MAX_ID)) == MAX_ID
    for bad in ("²", "٣", "0", "-1", str(MAX_ID + 1), "18446744073709551616", "4 2", ""):
        assert parse_id(bad) is None


def test_times_need_ascii_digits() -> None:
    assert parse_hhmm("9:05") == time(9, 5)
    with pytest.raises(ValueError):
        parse_hhmm("٩:٠٥")


@settings(max_examples=150, derandomize=True)
@given(path=st.sampled_from(sorted(setting_paths())), text=ANY_TEXT)
def test_every_setting_answers_any_typed_value_with_a_value_or_a_short_reason(path: str, text: str) -> None:
    try:
        value = parse_setting_value(path, text)
    except ValueError as exc:
        assert str(exc).strip() and len(str(exc)) < 400
        return
    try:
        apply_changes(GuildSettings(), {path: value})
    except ValueError as exc:  # pydantic's ValidationError is a ValueError too
        assert str(exc).strip()


def test_counts_need_ascii_digits() -> None:
    for bad in ("²", "٣", "1_000", "9" * 40):
        with pytest.raises(ValueError):
            parse_setting_value("anonymous.posts_per_hour", bad)
    assert parse_setting_value("anonymous.posts_per_hour", "7") == 7
