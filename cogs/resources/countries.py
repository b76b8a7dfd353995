"""Which country /crisis shows: what the member typed, what they saved, what the server set.

Country names come from pycountry (the iso-codes data), which also carries their translations: a member
whose Discord is in German finds Germany by typing "Deutschland", and sees the list in German.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from cogs.resources.content import COUNTRY_ALIASES, CountriesFile, Country, CrisisLinesFile


@lru_cache(maxsize=64)
def _translation(locale: str) -> gettext.NullTranslations:
    import pycountry

    language = locale.replace("-", "_")
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language, language.split("_")[0]], fallback=True
    )


def local_name(country: Country, locale: str | None) -> str:
    """The country's name in a Discord locale ("de", "pt-BR"), or Hearth's English name if none is known."""
    if not locale or locale.split("-")[0] == "en":
        return country.name
    translation = _translation(locale)
    for msgid in (country.name, country.iso_name):
        if msgid and (translated := translation.gettext(msgid)) != msgid:
            return translated
    return country.name


def resolve_country(countries: CountriesFile, typed: str | None, locale: str | None = None) -> str | None:
    """The ISO code for a code or country name a member typed (case-insensitive, English or their language)."""
    if typed is None or not typed.strip():
        return None
    text = typed.strip()
    code = COUNTRY_ALIASES.get(text.upper(), text.upper())
    if countries.name_of(code) is not None:
        return code
    folded = text.casefold()

    def names(country: Country) -> set[str]:
        return {country.name.casefold(), country.iso_name.casefold(), local_name(country, locale).casefold()}

    exact = [country.code for country in countries.countries if folded in names(country)]
    if exact:
        return exact[0]
    starts = [
        country.code for country in countries.countries if any(name.startswith(folded) for name in names(country))
    ]
    return starts[0] if len(starts) == 1 else None


def choose_country(chosen: str | None, saved: str | None, server: str | None) -> str | None:
    """The first of: the country asked for, the member's saved one, the server's."""
    return chosen or saved or server


def country_choices(
    countries: CountriesFile, crisis: CrisisLinesFile, typed: str, limit: int = 25, locale: str | None = None
) -> list[tuple[str, str]]:
    """(label, code) pairs for the country picker: code or name matches, countries with lines first."""
    folded = typed.strip().casefold()
    listed = {entry.code for entry in crisis.countries}
    named = [(country, local_name(country, locale)) for country in countries.countries]
    matches = [
        (country, shown)
        for country, shown in named
        if not folded
        or country.code.casefold() == folded
        or folded in shown.casefold()
        or folded in country.name.casefold()
    ]
    matches.sort(
        key=lambda pair: (
            pair[0].code.casefold() != folded,
            not (pair[1].casefold().startswith(folded) or pair[0].name.casefold().startswith(folded)),
            pair[0].code not in listed,
            pair[1],
        )
    )
    return [(f"{shown} ({country.code})", country.code) for country, shown in matches[:limit]]
