"""Timezone names: a total check of what a member types, and suggestions of canonical zones only."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources
from zoneinfo import available_timezones

from bot.core import messages as words

MAX_ZONE_NAME = 64  # the longest IANA name is about 32 characters


class TimezoneError(ValueError):
    """A timezone that cannot be used; the message says why, kindly."""


@dataclass(frozen=True)
class Zone:
    """A canonical zone from the zone database: its name, the country it serves, a note on the area."""

    name: str
    country: str | None
    note: str

    @property
    def words(self) -> str:
        """What a search matches against: the name with its cities spelt as people write them, and the note."""
        return f"{self.name.replace('_', ' ')} {self.note}".casefold()


@functools.cache
def _real_zones() -> frozenset[str]:
    """Every zone file (canonical or alias); folders of the database are not zones."""
    return frozenset(available_timezones())


@functools.cache
def _by_folded_name() -> dict[str, str]:
    """Case-insensitive lookup: 'europe/berlin' -> 'Europe/Berlin'."""
    return {name.casefold(): name for name in _real_zones()}


@functools.cache
def canonical_zones() -> tuple[Zone, ...]:
    """The zones people live in (the database's zone.tab, one row per country), plus UTC; no aliases, no Etc/."""
    zones: list[Zone] = []
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        table = ""
    seen: set[tuple[str, str]] = set()
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or parts[2] not in _real_zones() or (parts[0], parts[2]) in seen:
            continue
        seen.add((parts[0], parts[2]))
        zones.append(Zone(parts[2], parts[0], parts[3] if len(parts) > 3 else ""))
    if not zones:  # no zone.tab: fall back to Area/City names, still without Etc/ and legacy folders
        legacy = ("Etc/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/", "SystemV/")
        zones = [Zone(name, None, "") for name in sorted(_real_zones()) if "/" in name and not name.startswith(legacy)]
    zones.append(Zone("UTC", None, words.UTC_NOTE))
    return tuple(sorted(zones, key=lambda zone: zone.name))


def check_timezone(text: str) -> str:
    """The zone's proper name for what was typed (any case), or TimezoneError; total for any string."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "_")
    if not cleaned:
        raise TimezoneError(words.TIMEZONE_EMPTY.format(examples=words.TIMEZONE_EXAMPLES))
    shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
    if len(cleaned) > MAX_ZONE_NAME:
        raise TimezoneError(words.TIMEZONE_TOO_LONG.format(value=shown, examples=words.TIMEZONE_EXAMPLES))
    found = _by_folded_name().get(cleaned.casefold())
    if found is None and "/" not in cleaned:  # a city on its own: 'new york', 'Manila'
        city = cleaned.replace("_", " ").casefold()
        same = [
            zone.name for zone in canonical_zones() if zone.name.rsplit("/", 1)[-1].replace("_", " ").casefold() == city
        ]
        found = same[0] if len(same) == 1 else None
    if found is None:
        folder = any(zone.casefold().startswith(cleaned.casefold().rstrip("/") + "/") for zone in _real_zones())
        if folder:
            raise TimezoneError(words.TIMEZONE_REGION.format(value=shown, region=cleaned.rstrip("/")))
        raise TimezoneError(words.TIMEZONE_UNKNOWN.format(value=shown, examples=words.TIMEZONE_EXAMPLES))
    return found


def suggest_timezones(typed: str, country: str | None = None, limit: int = 25) -> list[str]:
    """Canonical zones matching what was typed (city names too), the server's country first."""
    needle = unicodedata.normalize("NFKC", typed or "")[:MAX_ZONE_NAME].replace("_", " ").casefold().strip()
    home = (country or "").upper()

    def rank(zone: Zone) -> tuple[int, int, str]:
        city = zone.name.rsplit("/", 1)[-1].replace("_", " ").casefold()
        closeness = 0 if city.startswith(needle) else 1 if zone.name.casefold().startswith(needle) else 2
        return (0 if zone.country == home else 1, closeness, zone.name)

    matches = [zone for zone in canonical_zones() if needle in zone.words or needle in zone.name.casefold()]
    names: list[str] = []
    for zone in sorted(matches, key=rank):
        if zone.name not in names:
            names.append(zone.name)
        if len(names) == limit:
            break
    return names
