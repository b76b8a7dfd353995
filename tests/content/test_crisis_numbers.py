"""Every number on a crisis card is a real number for its country, and every country has its emergency number.

Full numbers must be valid for the country by `phonenumbers` (Google's libphonenumber metadata). Short codes
(988, 116 123, 1553, 113, ...) are not full numbers: each is allowed only by name in SHORT_CODES below, so a
new short code needs a person to add it here on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import phonenumbers
import pytest
from phonenumbers import shortnumberinfo

from cogs.resources.content import ContactMethod, CrisisLinesFile, load_crisis_lines

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
DIALLED = (ContactMethod.CALL, ContactMethod.TEXT)

# (country, digits): the service it belongs to. Only these may be shorter than a full national number.
SHORT_CODES: dict[tuple[str, str], str] = {
    ("US", "988"): "988 Suicide & Crisis Lifeline (call and text)",
    ("US", "741741"): "Crisis Text Line (SMS short code)",
    ("US", "88788"): "National Domestic Violence Hotline (SMS short code)",
    ("GB", "116123"): "Samaritans (EU-harmonised 116 number)",
    ("IE", "116123"): "Samaritans Ireland (EU-harmonised 116 number)",
    ("IE", "51444"): "Pieta (SMS short code)",
    ("CA", "988"): "9-8-8 Suicide Crisis Helpline (call and text)",
    ("DE", "116016"): "Hilfetelefon Gewalt gegen Frauen (EU-harmonised 116 number)",
    ("NZ", "1737"): "1737, Need to talk? (call and text)",
    ("FR", "3114"): "3114, national suicide prevention number",
    ("FR", "3919"): "3919, Violences Femmes Info",
    ("NL", "113"): "113 Zelfmoordpreventie",
    ("ES", "024"): "Línea 024",
    ("ES", "016"): "016, violence against women",
    ("SE", "90101"): "Mind Självmordslinjen",
    ("SE", "90390"): "Hjälplinjen",
    ("IN", "14416"): "Tele-MANAS",
    ("BR", "188"): "CVV",
    ("PH", "1553"): "NCMH Crisis Hotline (landline, Luzon)",
}
SHORT_CODE_MAX_DIGITS = 6


def dialled(crisis: CrisisLinesFile) -> list[tuple[str, str, str]]:
    """(country, service, value) for every call and text contact in the file."""
    return [
        (country.code, line.service, contact.value)
        for country in crisis.countries
        for line in country.lines
        for contact in line.contacts
        if contact.method in DIALLED
    ]


def bare(value: str) -> str:
    """The number without an annotation in brackets: '800-799-SAFE (7233)' -> '800-799-SAFE'."""
    return re.sub(r"\s*\([^)]*\)", "", value).strip()


def digits(value: str) -> str:
    """The digits a person dials (letters on the keypad become digits)."""
    return re.sub(r"\D", "", phonenumbers.convert_alpha_characters_in_number(bare(value)))


CRISIS = load_crisis_lines(CONTENT_DIR)
NUMBERS = dialled(CRISIS)


@pytest.mark.parametrize(("country", "service", "value"), NUMBERS, ids=[f"{c}-{v}" for c, _, v in NUMBERS])
def test_every_number_is_valid_for_its_country_or_an_allowed_short_code(country: str, service: str, value: str) -> None:
    if (country, digits(value)) in SHORT_CODES:
        return
    number = phonenumbers.parse(bare(value), country)
    assert phonenumbers.is_valid_number_for_region(number, country), (
        f"{country} {service}: {value!r} is not a valid {country} number; if it is a short code, add it to "
        "SHORT_CODES with the service it belongs to"
    )


def test_a_vanity_number_spells_the_digits_written_beside_it() -> None:
    checked = 0
    for _country, service, value in NUMBERS:
        written = re.search(r"\((\d+)\)", value)
        if written and re.search(r"[A-Za-z]", bare(value)):
            assert digits(value).endswith(written.group(1)), (service, value)
            checked += 1
    assert checked >= 1  # 800-799-SAFE (7233)


def test_every_allowed_short_code_is_short_and_still_in_the_file() -> None:
    in_file = {(country, digits(value)) for country, _service, value in NUMBERS}
    for (country, code), service in SHORT_CODES.items():
        assert code.isdigit() and len(code) <= SHORT_CODE_MAX_DIGITS, (country, code)
        assert (country, code) in in_file, f"{service} ({country} {code}) is allowed but no longer listed"


@pytest.mark.parametrize(
    ("country", "value"),
    [
        ("PH", "989 8727"),  # NCMH's seven-digit Metro Manila landline, dead since the 2019 move to 8 digits
        ("PH", "0917 899 872"),  # one digit short
        ("GB", "0808 2000 24"),
    ],
)
def test_the_check_catches_a_dead_or_mistyped_number(country: str, value: str) -> None:
    assert (country, digits(value)) not in SHORT_CODES
    assert not phonenumbers.is_valid_number_for_region(phonenumbers.parse(bare(value), country), country)


def emergency_numbers(text: str) -> list[str]:
    """The numbers in an `emergency` value: '192 (ambulance, SAMU) or 190 (police)' -> ['192', '190']."""
    return [group.replace("-", "") for group in re.findall(r"\d[\d-]*\d|\d", text)]


@pytest.mark.parametrize("country", CRISIS.countries, ids=[country.code for country in CRISIS.countries])
def test_every_country_has_its_emergency_number(country) -> None:  # type: ignore[no-untyped-def]
    numbers = emergency_numbers(country.emergency)
    assert numbers, f"{country.code} has no emergency number"
    for number in numbers:
        assert shortnumberinfo.is_emergency_number(number, country.code), (
            f"{country.code}: {number} is not an emergency number there"
        )


def test_every_country_with_lines_has_a_crisis_line_not_only_an_abuse_line() -> None:
    for country in CRISIS.countries:
        assert any(line.kind.value == "crisis" for line in country.lines), country.code


def test_the_emergency_parser_reads_every_way_the_file_writes_them() -> None:
    assert emergency_numbers("9-1-1") == ["911"]
    assert emergency_numbers("112 or 999") == ["112", "999"]
    assert emergency_numbers("192 (ambulance, SAMU) or 190 (police)") == ["192", "190"]
    assert emergency_numbers("000") == ["000"]


def test_numbers_in_the_notes_members_see_are_valid_too() -> None:
    # A member may dial a number written in `for_members` (an interpreter line, a WhatsApp number).
    checked = 0
    for country in CRISIS.countries:
        for line in country.lines:
            for found in re.findall(r"\d[\d \-]{4,}\d", line.for_members or ""):
                if (country.code, digits(found)) in SHORT_CODES:
                    continue
                number = phonenumbers.parse(found, country.code)
                assert phonenumbers.is_valid_number_for_region(number, country.code), (country.code, found)
                checked += 1
    assert checked >= 3  # TIS National 131 450, 13 11 14, WhatsApp 600 000 016
