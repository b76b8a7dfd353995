"""The crisis-lines card keeps its footer's promise: every line shows its source and the month it was checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogs.resources import messages as words
from cogs.resources.card import EMBED_LIMIT, FIELD_LIMIT, NAME_LIMIT, checked_month, crisis_card, provenance
from cogs.resources.content import (
    Confidence,
    CountryLines,
    CrisisFallback,
    CrisisLine,
    CrisisLinesFile,
    load_crisis_lines,
)

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"
CRISIS = load_crisis_lines(CONTENT_DIR)
CODES = [country.code for country in CRISIS.countries]
DOUBLE_CHECK = "please double-check"


def field_for(embed: discord.Embed, line: CrisisLine) -> str:
    """The value of the field that shows `line` (matched by its service name)."""
    values = [field.value or "" for field in embed.fields if (field.name or "").startswith(line.service[:200])]
    assert len(values) == 1, f"{line.service} is shown {len(values)} times"
    return values[0]


def test_the_footer_promises_exactly_what_each_line_shows() -> None:
    # The footer says every line carries its source and the month we last checked it.
    assert "source" in words.SOURCE_FOOTER and "month we last checked" in words.SOURCE_FOOTER


@pytest.mark.parametrize("code", CODES)
def test_every_line_on_every_card_shows_its_source_site_and_checked_month(code: str) -> None:
    entry = next(country for country in CRISIS.countries if country.code == code)
    embed = crisis_card(CRISIS, code)
    assert embed.footer.text == words.SOURCE_FOOTER
    for line in entry.lines:
        value = field_for(embed, line)
        small = value.splitlines()[-1]
        assert small.startswith("-# "), small  # Discord's small text
        assert line.source_domain in small
        assert f"checked {checked_month(line.checked)}" in small
        assert (DOUBLE_CHECK in small) is (line.confidence is Confidence.SECONDARY), line.service
        for contact in line.contacts:
            assert contact.display() in value
        assert line.hours in value


@pytest.mark.parametrize("code", CODES)
def test_members_see_the_note_meant_for_them_on_every_shipped_card(code: str) -> None:
    entry = next(country for country in CRISIS.countries if country.code == code)
    embed = crisis_card(CRISIS, code)
    assert entry.emergency in (embed.description or "")
    for line in entry.lines:
        if line.for_members:
            assert line.for_members in field_for(embed, line)
        if line.note and "Secondary sources only" in line.note:
            assert line.note not in field_for(embed, line)  # the operator's note stays in the file


def test_the_philippines_card_shows_the_current_numbers_and_asks_to_double_check() -> None:
    embed = crisis_card(CRISIS, "PH")
    text = "\n".join(field.value or "" for field in embed.fields)
    for number in ("1553", "0919-057-1553", "0917-899-8727"):
        assert number in text
    assert "989 8727" not in text
    assert "sunstar.com.ph" in text and DOUBLE_CHECK in text
    assert "checked December 2026" in text


def test_a_primary_line_does_not_ask_to_double_check() -> None:
    embed = crisis_card(CRISIS, "GB")
    assert DOUBLE_CHECK not in "\n".join(field.value or "" for field in embed.fields)
    assert "samaritans.org" in field_for(embed, CRISIS.countries[1].lines[0])


def test_without_the_line_that_failed_the_card_shows_the_others_and_the_emergency_number() -> None:
    us = next(country for country in CRISIS.countries if country.code == "US")
    failed = us.lines[0]
    embed = crisis_card(CRISIS, "US", exclude=failed.key)
    assert embed.title == words.OTHER_LINES_TITLE.format(country="United States")
    assert "911" in (embed.description or "")
    names = [field.name for field in embed.fields]
    assert failed.service not in names
    assert "Crisis Text Line" in names


def test_when_a_countrys_only_line_failed_the_card_says_so_and_keeps_the_directory() -> None:
    ph = next(country for country in CRISIS.countries if country.code == "PH")
    embed = crisis_card(CRISIS, "PH", exclude=ph.lines[0].key)
    assert words.NO_OTHER_LINE in (embed.description or "")
    assert "911" in (embed.description or "")
    assert [field.name for field in embed.fields] == [words.FALLBACK_TITLE]
    assert embed.footer.text is None  # no line shown, so no promise about lines


def test_an_unlisted_country_gets_the_directory_and_the_local_emergency_advice() -> None:
    embed = crisis_card(CRISIS, "AQ")
    assert "findahelpline.com" in (embed.description or "")
    assert words.FALLBACK_EMERGENCY in (embed.description or "")


def test_checked_month_is_in_plain_words() -> None:
    assert checked_month(date(2026, 12, 2)) == "December 2026"
    assert checked_month(date(2025, 1, 31)) == "January 2025"


# --- whatever the file holds, the card fits Discord and never drops a line's source ---------------------

_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters="\x7f"), min_size=1)


@st.composite
def lines(draw: st.DrawFn, index: int) -> CrisisLine:
    """A crisis line with everything as long as the model allows (and longer than any card should hold)."""
    contacts = draw(
        st.lists(
            st.fixed_dictionaries(
                {"method": st.sampled_from(["call", "text"]), "value": _text.filter(str.strip).map(lambda t: t[:300])}
            ),
            min_size=1,
            max_size=12,
        )
    )
    path = draw(st.text(alphabet="abcdefghij/-", max_size=900))
    return CrisisLine.model_validate(
        {
            "service": f"Line {index}: " + draw(_text).strip()[:300],  # "Line 1:" never prefixes "Line 10:"
            "kind": draw(st.sampled_from(["crisis", "domestic_abuse"])),
            "contacts": contacts,
            "hours": draw(_text.filter(str.strip)).strip()[:400] or "24/7",
            "languages": ["en"],
            "source": f"https://www.{draw(st.sampled_from(['a', 'example', 'x' * 60]))}.org/{path}",
            "checked": draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))),
            "confidence": draw(st.sampled_from(["primary", "secondary"])),
            "for_members": draw(st.none() | _text.filter(str.strip).map(lambda t: t.strip()[:160] or "Free.")),
        }
    )


@st.composite
def countries(draw: st.DrawFn) -> CrisisLinesFile:
    """A one-country file with 1 to 20 generated lines."""
    count = draw(st.integers(min_value=1, max_value=20))
    country = CountryLines(
        code="ZZ",
        name=draw(_text.filter(str.strip)).strip()[:200] or "Testland",
        emergency=draw(st.sampled_from(["112", "911", "112 or " + "9" * 900])),
        lines=[draw(lines(index)) for index in range(count)],
    )
    fallback = CrisisFallback(directory_name="Find A Helpline", directory_url="https://findahelpline.com", text="x")
    return CrisisLinesFile(fallback=fallback, countries=[country])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(countries(), st.booleans())
def test_any_card_fits_discord_and_every_line_shown_keeps_its_source(crisis: CrisisLinesFile, exclude: bool) -> None:
    entry = crisis.countries[0]
    excluded = entry.lines[0].key if exclude else None
    embed = crisis_card(crisis, "ZZ", exclude=excluded)
    assert len(embed) <= EMBED_LIMIT
    assert len(embed.fields) <= 25
    assert len(embed.title or "") <= NAME_LIMIT
    assert len(embed.description or "") <= 4096
    assert "**Emergency:**" in (embed.description or "")
    assert embed.fields[-1].name == words.FALLBACK_TITLE  # the directory always stays
    shown_lines = len(embed.fields) - 1
    others = len(entry.lines) - (1 if exclude else 0)
    if shown_lines < others:  # some lines did not fit: the card says so, and never that there are none
        assert words.MORE_LINES in (embed.description or "") and words.NO_OTHER_LINE not in (embed.description or "")
    by_name = {line.service: line for line in entry.lines}
    for field in embed.fields[:-1]:
        assert len(field.name or "") <= NAME_LIMIT and len(field.value or "") <= FIELD_LIMIT
        line = next(line for name, line in by_name.items() if (field.name or "").startswith(name[:200]))
        assert line.key != excluded
        small = (field.value or "").splitlines()[-1]
        assert small.startswith("-# ") and line.source_domain in small
        assert checked_month(line.checked) in small
        assert (DOUBLE_CHECK in small) is (line.confidence is Confidence.SECONDARY)


def test_a_long_source_address_is_shown_as_its_site_only() -> None:
    line = CRISIS.countries[0].lines[0].model_copy(update={"source": "https://988lifeline.org/" + "a" * 600})
    assert provenance(line) == f"-# Source: 988lifeline.org · checked {checked_month(line.checked)}"


def test_when_lines_do_not_fit_the_card_says_the_directory_has_more() -> None:
    base = CRISIS.countries[0].lines[0]
    long_contacts = [{"method": "call", "value": f"{n:03d} " + "9" * 80} for n in range(10)]
    lines = [
        CrisisLine.model_validate({**base.model_dump(mode="json"), "service": f"Line {n}", "contacts": long_contacts})
        for n in range(12)
    ]
    country = CountryLines(code="ZZ", name="Testland", emergency="112", lines=lines)
    crisis = CrisisLinesFile(fallback=CRISIS.fallback, countries=[country])
    embed = crisis_card(crisis, "ZZ")
    assert len(embed) <= EMBED_LIMIT
    assert 1 <= len(embed.fields) - 1 < 12
    assert words.MORE_LINES in (embed.description or "")
    assert embed.fields[-1].name == words.FALLBACK_TITLE
