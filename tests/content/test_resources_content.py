"""Crisis lines, the country list and the resource library: shipped content is sourced and valid, bad files fail clearly."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.core.content import ContentError
from cogs.resources.content import (
    Confidence,
    ContactMethod,
    CountriesFile,
    CrisisLinesFile,
    LineKind,
    ResourcesFile,
    lines_for,
    load_countries,
    load_crisis_lines,
    load_resources,
    months_between,
    months_later,
    stale_errors,
    stale_warnings,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
CHECKED = date(2026, 12, 2)  # the last full check (docs/crisis-lines-check.md)
GOOD = '        source: "https://example.org/help"\n        checked: 2026-11-22\n        confidence: primary\n'
REQUIRED_CARDS = ("card-unhealthy-signs", "card-before-you-leave", "card-guilt-family")
MIN_COUNTRIES = 12
MIN_RESOURCES = 40

A_LINE = """\
fallback:
  directory_name: "Find A Helpline"
  directory_url: "https://findahelpline.com"
  text: "Look up your country, or call your local emergency number."
countries:
  - code: ZZ
    name: Testland
    emergency: "112"
    lines:
      - service: "Test Line"
        kind: crisis
        contacts:
          - {method: call, value: "0800 000"}
        hours: "24/7"
        languages: [en]
{extra}"""


@pytest.fixture(scope="module")
def crisis() -> CrisisLinesFile:
    """The shipped crisis lines."""
    return load_crisis_lines(CONTENT_DIR)


@pytest.fixture(scope="module")
def countries() -> CountriesFile:
    """Every ISO country, from pycountry."""
    return load_countries()


@pytest.fixture(scope="module")
def resources() -> ResourcesFile:
    """The shipped resource library."""
    return load_resources(CONTENT_DIR)


def _contacts(crisis: CrisisLinesFile, code: str, service: str) -> set[tuple[ContactMethod, str]]:
    """(method, displayed value) pairs of one shipped line."""
    entry = lines_for(crisis, code)
    assert entry is not None, f"{code} is not listed"
    line = next((line for line in entry.lines if line.service == service), None)
    assert line is not None, f"{code} has no line called {service!r}"
    return {(contact.method, contact.display()) for contact in line.contacts}


def _write(tmp_path: Path, text: str) -> Path:
    """Write a crisis_lines.yaml into a temporary content directory."""
    (tmp_path / "crisis_lines.yaml").write_text(text, encoding="utf-8")
    return tmp_path


# --- every shipped line is sourced and dated ------------------------------------------------


def test_every_shipped_crisis_line_has_a_source_a_date_and_a_confidence(crisis: CrisisLinesFile) -> None:
    lines = [line for country in crisis.countries for line in country.lines]
    assert lines
    for line in lines:
        assert re.match(r"^https?://", line.source), line.service
        assert isinstance(line.checked, date), line.service
        assert line.checked <= CHECKED, line.service
        assert line.confidence in (Confidence.PRIMARY, Confidence.SECONDARY), line.service
        assert "." in line.source_domain and "/" not in line.source_domain, line.service


def test_the_raw_file_spells_out_source_date_and_confidence_for_every_line() -> None:
    raw = yaml.safe_load((CONTENT_DIR / "crisis_lines.yaml").read_text(encoding="utf-8"))
    for country in raw["countries"]:
        for line in country["lines"]:
            assert line.get("source"), (country["code"], line["service"])
            assert isinstance(line.get("checked"), date), (country["code"], line["service"])
            assert line.get("confidence") in ("primary", "secondary"), (country["code"], line["service"])
            assert "last_checked" not in line, (country["code"], line["service"])


def test_the_source_domain_is_the_site_a_member_would_recognise(crisis: CrisisLinesFile) -> None:
    domains = {line.service: line.source_domain for country in crisis.countries for line in country.lines}
    assert domains["Samaritans"] == "samaritans.org"  # not www.samaritans.org
    assert domains["1737, Need to talk?"] == "scoop.co.nz"  # not m.scoop.co.nz
    assert domains["Veilig Thuis"] == "rijksoverheid.nl"


def test_shipped_content_has_no_stale_entries_on_the_day_it_was_checked(
    crisis: CrisisLinesFile, resources: ResourcesFile
) -> None:
    assert stale_warnings(crisis, resources, CHECKED) == []


def test_enough_countries_are_covered_including_the_ones_named_in_the_issue(crisis: CrisisLinesFile) -> None:
    codes = {country.code for country in crisis.countries}
    assert len(codes) >= MIN_COUNTRIES
    assert {"US", "GB", "IE", "AU", "CA", "DE", "NZ"} <= codes


def test_domestic_abuse_lines_are_listed_for_several_countries(crisis: CrisisLinesFile) -> None:
    with_abuse_line = {
        country.code
        for country in crisis.countries
        if any(line.kind is LineKind.DOMESTIC_ABUSE for line in country.lines)
    }
    assert {"US", "GB", "AU", "NZ", "DE", "IE"} <= with_abuse_line


def test_the_fallback_points_to_the_directory_and_the_local_emergency_number(crisis: CrisisLinesFile) -> None:
    assert crisis.fallback.directory_url == "https://findahelpline.com"
    assert "emergency" in crisis.fallback.text.lower()


# --- the exact numbers we verified -------------------------------------------------------------


def test_us_lines_are_988_and_crisis_text_line(crisis: CrisisLinesFile) -> None:
    assert lines_for(crisis, "US").emergency == "911"  # type: ignore[union-attr]
    lifeline = _contacts(crisis, "US", "988 Suicide & Crisis Lifeline")
    assert {(ContactMethod.CALL, "988"), (ContactMethod.TEXT, "988")} <= lifeline
    assert (ContactMethod.TEXT, "HOME to 741741") in _contacts(crisis, "US", "Crisis Text Line")
    hotline = _contacts(crisis, "US", "National Domestic Violence Hotline")
    assert (ContactMethod.CALL, "800-799-SAFE (7233)") in hotline
    assert (ContactMethod.TEXT, "START to 88788") in hotline


def test_uk_and_ireland_have_samaritans_116_123(crisis: CrisisLinesFile) -> None:
    assert (ContactMethod.CALL, "116 123") in _contacts(crisis, "GB", "Samaritans")
    assert (ContactMethod.CALL, "116 123") in _contacts(crisis, "IE", "Samaritans Ireland")
    assert (ContactMethod.CALL, "0808 2000 247") in _contacts(crisis, "GB", "National Domestic Abuse Helpline (Refuge)")
    assert (ContactMethod.CALL, "1800 341 900") in _contacts(
        crisis, "IE", "Women's Aid 24hr National Freephone Helpline"
    )
    assert lines_for(crisis, "GB").emergency == "999"  # type: ignore[union-attr]


def test_australia_has_lifeline_and_1800respect(crisis: CrisisLinesFile) -> None:
    lifeline = _contacts(crisis, "AU", "Lifeline")
    assert {(ContactMethod.CALL, "13 11 14"), (ContactMethod.TEXT, "0477 13 11 14")} <= lifeline
    respect = _contacts(crisis, "AU", "1800RESPECT")
    assert {(ContactMethod.CALL, "1800 737 732"), (ContactMethod.TEXT, "0458 737 732")} <= respect
    assert lines_for(crisis, "AU").emergency == "000"  # type: ignore[union-attr]


def test_canada_has_9_8_8_by_call_and_text(crisis: CrisisLinesFile) -> None:
    helpline = _contacts(crisis, "CA", "9-8-8: Suicide Crisis Helpline")
    assert {(ContactMethod.CALL, "9-8-8"), (ContactMethod.TEXT, "9-8-8")} <= helpline


def test_germany_has_both_telefonseelsorge_numbers_and_the_hilfetelefon(crisis: CrisisLinesFile) -> None:
    seelsorge = _contacts(crisis, "DE", "TelefonSeelsorge")
    assert {(ContactMethod.CALL, "0800 111 0 111"), (ContactMethod.CALL, "0800 111 0 222")} <= seelsorge
    assert (ContactMethod.CALL, "116 016") in _contacts(crisis, "DE", "Hilfetelefon Gewalt gegen Frauen")


def test_new_zealand_has_1737_and_womens_refuge(crisis: CrisisLinesFile) -> None:
    assert {(ContactMethod.CALL, "1737"), (ContactMethod.TEXT, "1737")} <= _contacts(
        crisis, "NZ", "1737, Need to talk?"
    )
    assert (ContactMethod.CALL, "0800 733 843") in _contacts(crisis, "NZ", "Women's Refuge Crisisline")
    assert lines_for(crisis, "NZ").emergency == "111"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "service", "number"),
    [
        ("FR", "3114, numéro national de prévention du suicide", "3114"),
        ("FR", "3919, Violences Femmes Info", "3919"),
        ("NL", "113 Zelfmoordpreventie", "113"),
        ("NL", "Veilig Thuis", "0800-2000"),
        ("ES", "Línea 024 de atención a la conducta suicida", "024"),
        ("ES", "016, atención a víctimas de violencia contra las mujeres", "016"),
        ("IT", "Telefono Amico Italia", "02 2327 2327"),
        ("SE", "Mind Självmordslinjen", "90101"),
        ("IN", "Tele-MANAS (national tele-mental-health helpline)", "14416"),
        ("BR", "CVV, Centro de Valorização da Vida", "188"),
        ("MX", "Línea de la Vida", "800 911 2000"),
        ("PH", "NCMH Crisis Hotline", "1553"),
        ("PH", "NCMH Crisis Hotline", "0919-057-1553"),
        ("PH", "NCMH Crisis Hotline", "0917-899-8727"),
        ("SE", "Hjälplinjen (nationell stödlinje för psykisk hälsa och suicidprevention)", "90 390"),
    ],
)
def test_other_verified_numbers_are_exactly_as_published(
    crisis: CrisisLinesFile, code: str, service: str, number: str
) -> None:
    assert (ContactMethod.CALL, number) in _contacts(crisis, code, service)


def test_numbers_reported_dead_or_disputed_are_gone(crisis: CrisisLinesFile) -> None:
    shown = {contact.value for country in crisis.countries for line in country.lines for contact in line.contacts}
    digits = {re.sub(r"\D", "", value) for value in shown}
    assert "9898727" not in digits  # NCMH's pre-2019 Metro Manila landline
    assert not any(d.startswith("1800891") or d.startswith("180091") for d in digits)  # Tele-MANAS, disputed


def test_secondary_lines_are_the_ones_the_check_could_not_confirm_at_the_source(crisis: CrisisLinesFile) -> None:
    secondary = {
        (country.code, line.service.split(" ")[0])
        for country in crisis.countries
        for line in country.lines
        if line.confidence is Confidence.SECONDARY
    }
    assert ("PH", "NCMH") in secondary and ("IE", "Pieta") in secondary
    assert len(secondary) == 10  # docs/crisis-lines-check.md: "Still secondary (10 lines)"


# --- looking a country up --------------------------------------------------------------------


def test_lookup_is_case_insensitive_and_accepts_uk(crisis: CrisisLinesFile) -> None:
    assert lines_for(crisis, "us") is lines_for(crisis, "US")
    assert lines_for(crisis, " gb ") is not None
    assert lines_for(crisis, "uk") is lines_for(crisis, "GB")


def test_lookup_of_an_unlisted_or_missing_country_gives_none(crisis: CrisisLinesFile) -> None:
    assert lines_for(crisis, "AQ") is None
    assert lines_for(crisis, None) is None
    assert lines_for(crisis, "") is None


# --- a bad crisis file is rejected with file:line reasons -------------------------------------


def test_a_line_without_a_source_is_rejected_with_its_file_and_line(tmp_path: Path) -> None:
    content = _write(tmp_path, A_LINE.replace("{extra}", "        checked: 2026-11-22\n        confidence: primary\n"))
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(content)
    reason = next(reason for reason in raised.value.reasons if "source" in reason)
    assert reason.startswith(f"{content / 'crisis_lines.yaml'}:10: ")
    assert "countries.0.lines.0.source" in reason
    assert "Field required" in reason


@pytest.mark.parametrize("missing", ["checked", "confidence"])
def test_a_line_without_a_checked_date_or_a_confidence_is_rejected(tmp_path: Path, missing: str) -> None:
    extra = "".join(row + "\n" for row in GOOD.splitlines() if not row.strip().startswith(f"{missing}:"))
    content = _write(tmp_path, A_LINE.replace("{extra}", extra))
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(content)
    assert any(
        re.match(rf".*crisis_lines\.yaml:10: countries\.0\.lines\.0\.{missing}: Field required", reason)
        for reason in raised.value.reasons
    ), raised.value.reasons


def test_the_old_last_checked_key_is_refused_so_a_stale_copy_cannot_load(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(_write(tmp_path, A_LINE.replace("{extra}", GOOD + "        last_checked: 2026-11-22\n")))
    assert any("last_checked" in reason for reason in raised.value.reasons)


def test_a_confidence_other_than_primary_or_secondary_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(_write(tmp_path, A_LINE.replace("{extra}", GOOD.replace("primary", "certain"))))
    assert any("confidence" in reason and "primary" in reason for reason in raised.value.reasons)


def test_a_member_note_too_long_for_the_card_is_rejected(tmp_path: Path) -> None:
    extra = GOOD + f'        for_members: "{"x" * 161}"\n'
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(_write(tmp_path, A_LINE.replace("{extra}", extra)))
    assert any("for_members" in reason for reason in raised.value.reasons)


def test_two_lines_with_one_service_name_in_a_country_are_rejected(tmp_path: Path) -> None:
    line = "\n".join(A_LINE.splitlines()[9:]) + "\n"
    text = A_LINE.replace("{extra}", GOOD) + line.replace("{extra}", GOOD).replace('"Test Line"', '"test line "')
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(_write(tmp_path, text))
    assert any("lines.1.service" in reason and "duplicate" in reason for reason in raised.value.reasons)


def test_a_source_that_is_not_a_web_address_is_rejected(tmp_path: Path) -> None:
    extra = GOOD.replace("https://", "ftp://")
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(_write(tmp_path, A_LINE.replace("{extra}", extra)))
    assert any("crisis_lines.yaml:" in reason and "http" in reason for reason in raised.value.reasons)


def test_a_repeated_country_is_rejected_at_the_repeat(tmp_path: Path) -> None:
    good = A_LINE.replace("{extra}", GOOD)
    repeated = good + "\n".join(good.splitlines()[5:]) + "\n"
    with pytest.raises(ContentError) as raised:
        load_crisis_lines(_write(tmp_path, repeated))
    assert any("countries.1.code" in reason and "duplicate" in reason for reason in raised.value.reasons)


def test_a_well_formed_temporary_file_loads(tmp_path: Path) -> None:
    loaded = load_crisis_lines(_write(tmp_path, A_LINE.replace("{extra}", GOOD)))
    assert lines_for(loaded, "zz") is not None


# --- stale entries ---------------------------------------------------------------------------


def test_stale_warnings_fire_for_entries_checked_more_than_12_months_before_today(
    crisis: CrisisLinesFile, resources: ResourcesFile
) -> None:
    later = months_later(CHECKED, 12) + timedelta(days=1)
    warnings = stale_warnings(crisis, resources, later)
    expected_lines = sum(len(country.lines) for country in crisis.countries)
    assert len(warnings) == expected_lines + len(resources.resources)
    assert (
        "crisis_lines.yaml: US 988 Suicide & Crisis Lifeline: checked 2026-12-02, more than 12 months ago" in warnings
    )
    assert any(warning.startswith("resources.yaml: res-001 ") for warning in warnings)
    assert stale_errors(crisis, later) == []


def test_stale_warnings_stay_quiet_for_entries_exactly_12_months_old(crisis: CrisisLinesFile) -> None:
    assert [
        w for w in stale_warnings(crisis, ResourcesFile(topics=[{"id": "a", "label": "A"}]), months_later(CHECKED, 12))
    ] == []


def test_a_line_checked_more_than_24_months_ago_is_an_error_not_a_warning(
    crisis: CrisisLinesFile, resources: ResourcesFile
) -> None:
    exactly = months_later(CHECKED, 24)
    assert stale_errors(crisis, exactly) == []
    errors = stale_errors(crisis, exactly + timedelta(days=1))
    assert len(errors) == sum(len(country.lines) for country in crisis.countries)
    assert "crisis_lines.yaml: PH NCMH Crisis Hotline: checked 2026-12-02, more than 24 months ago" in errors
    assert not any("crisis_lines.yaml" in w for w in stale_warnings(crisis, resources, exactly + timedelta(days=1)))


def test_stale_checks_pick_out_only_the_old_line(tmp_path: Path) -> None:
    text = A_LINE.replace("{extra}", GOOD.replace("2026-11-22", "2024-01-05"))
    old = load_crisis_lines(_write(tmp_path, text))
    no_resources = ResourcesFile(topics=[{"id": "a", "label": "A"}])
    assert stale_warnings(old, no_resources, date(2025, 6, 1)) == [
        "crisis_lines.yaml: ZZ Test Line: checked 2024-01-05, more than 12 months ago"
    ]
    assert stale_errors(old, date(2026, 1, 6)) == [
        "crisis_lines.yaml: ZZ Test Line: checked 2024-01-05, more than 24 months ago"
    ]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(min_value=0, max_value=400))
def test_months_later_and_months_between_agree(day: date, months: int) -> None:
    later = months_later(day, months)
    assert months_between(day, later) == months
    assert later.day <= day.day
    if months:  # one day short of `months` whole months is one month fewer
        assert months_between(day, later - timedelta(days=1)) == months - 1


# --- countries ----------------------------------------------------------------------------------


def test_every_iso_country_is_in_the_picker_once(countries: CountriesFile) -> None:
    codes = [country.code for country in countries.countries]
    assert len(codes) == 249
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert countries.name_of("gb") == "United Kingdom"


def test_every_crisis_country_appears_in_the_country_list(crisis: CrisisLinesFile, countries: CountriesFile) -> None:
    known = {country.code for country in countries.countries}
    assert [country.code for country in crisis.countries if country.code not in known] == []


def test_crisis_country_codes_are_unique(crisis: CrisisLinesFile) -> None:
    codes = [country.code for country in crisis.countries]
    assert len(set(codes)) == len(codes)


# --- the resource library ----------------------------------------------------------------------


def test_there_are_enough_resources_with_unique_ids(resources: ResourcesFile) -> None:
    ids = [item.id for item in resources.resources] + [card.id for card in resources.cards]
    assert len(resources.resources) >= MIN_RESOURCES
    assert len(set(ids)) == len(ids)


def test_every_resource_uses_known_topics_and_a_web_address(resources: ResourcesFile) -> None:
    known = {topic.id for topic in resources.topics}
    for item in resources.resources:
        assert set(item.topics) <= known, item.id
        assert item.url.startswith(("https://", "http://")), item.id
        assert len(item.description) <= 400, item.id


def test_every_topic_has_something_in_it(resources: ResourcesFile) -> None:
    used = {topic for item in resources.resources for topic in item.topics}
    used |= {topic for card in resources.cards for topic in card.topics}
    assert {topic.id for topic in resources.topics} <= used


def test_the_three_required_cards_exist_and_fit_in_a_message(resources: ResourcesFile) -> None:
    for card_id in REQUIRED_CARDS:
        card = resources.card(card_id)
        assert card is not None, card_id
        assert len(card.body) <= 3500
    assert len(resources.cards) >= 5


def test_the_leaving_card_warns_about_danger_and_points_to_abuse_lines(resources: ResourcesFile) -> None:
    card = resources.card("card-before-you-leave")
    assert card is not None
    body = card.body.lower()
    assert "most dangerous" in body
    assert "/crisis" in body
    for part in ("housing", "money", "documents", "people who know", "safety plan"):
        assert part in body, part


def test_the_unhealthy_signs_card_is_a_side_by_side(resources: ResourcesFile) -> None:
    card = resources.card("card-unhealthy-signs")
    assert card is not None
    assert "| In a healthy relationship | In an unhealthy one |" in card.body


def _resources_yaml(tmp_path: Path, resource: str) -> Path:
    """A minimal resources.yaml with one resource block."""
    text = f"topics:\n  grief: Grief\nresources:\n{resource}cards: []\n"
    (tmp_path / "resources.yaml").write_text(text, encoding="utf-8")
    return tmp_path


RESOURCE = """\
  - id: res-001
    title: A page
    url: "{url}"
    description: Something useful.
    topics: [{topic}]
    region: global
    language: en
    publisher: Someone
    last_checked: 2026-11-22
"""


def test_a_resource_with_an_unknown_topic_is_rejected_at_its_line(tmp_path: Path) -> None:
    content = _resources_yaml(tmp_path, RESOURCE.format(url="https://example.org", topic="gardening"))
    with pytest.raises(ContentError) as raised:
        load_resources(content)
    assert any(
        reason.startswith(f"{content / 'resources.yaml'}:8: resources.0.topics.0: unknown topic 'gardening'")
        for reason in raised.value.reasons
    ), raised.value.reasons


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "example.org", "https://exa mple.org"]
)
def test_a_resource_url_must_be_http_or_https(tmp_path: Path, url: str) -> None:
    with pytest.raises(ContentError) as raised:
        load_resources(_resources_yaml(tmp_path, RESOURCE.format(url=url, topic="grief")))
    assert any("resources.0.url" in reason for reason in raised.value.reasons)


def test_a_card_reusing_a_resource_id_is_rejected(tmp_path: Path) -> None:
    text = (
        "topics: {grief: Grief}\n"
        "resources: []\n"
        "cards:\n"
        "  - {id: card-a, title: A, topics: [grief], body: one}\n"
        "  - {id: card-a, title: B, topics: [grief], body: two}\n"
    )
    (tmp_path / "resources.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_resources(tmp_path)
    assert any(":5: cards.1.id: duplicate id 'card-a'" in reason for reason in raised.value.reasons)


def test_country_names_are_short_and_found_in_the_members_language(countries: CountriesFile) -> None:
    from cogs.resources.countries import country_choices, local_name, resolve_country

    assert countries.name_of("RU") == "Russia" and countries.name_of("KR") == "South Korea"
    assert not [c.name for c in countries.countries if c.name.endswith((" of", " of the"))]  # no "X, State of"
    germany = next(c for c in countries.countries if c.code == "DE")
    assert local_name(germany, "de") == "Deutschland" and local_name(germany, "en-GB") == "Germany"
    assert local_name(germany, "xx-YY") == "Germany"  # a language iso-codes lacks: English
    assert resolve_country(countries, "Deutschland", "de") == "DE"
    assert resolve_country(countries, "Alemanha", "pt-BR") == "DE"
    assert resolve_country(countries, "Russian Federation") == "RU"
    empty = CrisisLinesFile.model_construct(countries=[])
    assert country_choices(countries, empty, "deutsch", locale="de")[0] == ("Deutschland (DE)", "DE")
