"""Which country /crisis shows: what the member typed, what they saved, what the server set."""

from __future__ import annotations

from cogs.resources.content import COUNTRY_ALIASES, CountriesFile, CrisisLinesFile


def resolve_country(countries: CountriesFile, typed: str | None) -> str | None:
    """The ISO code for a code or country name a member typed (case-insensitive), or None."""
    if typed is None or not typed.strip():
        return None
    text = typed.strip()
    code = COUNTRY_ALIASES.get(text.upper(), text.upper())
    if countries.name_of(code) is not None:
        return code
    folded = text.casefold()
    exact = [country.code for country in countries.countries if country.name.casefold() == folded]
    if exact:
        return exact[0]
    starts = [country.code for country in countries.countries if country.name.casefold().startswith(folded)]
    return starts[0] if len(starts) == 1 else None


def choose_country(chosen: str | None, saved: str | None, server: str | None) -> str | None:
    """The first of: the country asked for, the member's saved one, the server's."""
    return chosen or saved or server


def country_choices(
    countries: CountriesFile, crisis: CrisisLinesFile, typed: str, limit: int = 25
) -> list[tuple[str, str]]:
    """(label, code) pairs for the country picker: code or name matches, countries with lines first."""
    folded = typed.strip().casefold()
    listed = {entry.code for entry in crisis.countries}
    matches = [
        country
        for country in countries.countries
        if not folded or country.code.casefold() == folded or folded in country.name.casefold()
    ]
    matches.sort(
        key=lambda c: (
            c.code.casefold() != folded,
            not c.name.casefold().startswith(folded),
            c.code not in listed,
            c.name,
        )
    )
    return [(f"{country.name} ({country.code})", country.code) for country in matches[:limit]]
