"""Crisis lines, the country list and the resource library: models, loaders and checks.

Every crisis or abuse line must carry the URL it was verified against (`source`), the date that page
was last read (`checked`) and how strong that source is (`confidence`); a line without them is
rejected when the content is loaded. A line checked more than 12 months ago gets a warning, more than
24 months an error (`hearth content check`).
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from bot.core.content import load_model

CRISIS_LINES_FILE = "crisis_lines.yaml"
RESOURCES_FILE = "resources.yaml"

# Names people type that are not the ISO 3166-1 code of their country.
COUNTRY_ALIASES: dict[str, str] = {"UK": "GB", "EL": "GR"}

_COUNTRY_CODE = r"^[A-Z]{2}$"
_LANGUAGE_CODE = r"^[a-z]{2,3}$"
_TOPIC_ID = r"^[a-z][a-z0-9_]*$"


def _check_http_url(value: str) -> str:
    """Accept only an absolute http(s) URL with a host and no whitespace."""
    if re.search(r"\s", value):
        raise ValueError("a URL must not contain spaces")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError("only http:// and https:// URLs are allowed")
    if not parts.hostname or "." not in parts.hostname:
        raise ValueError("the URL has no valid host")
    return value


HttpUrlText = Annotated[str, AfterValidator(_check_http_url)]
NonEmptyText = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    """Base for content models: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ContactMethod(StrEnum):
    """How a member reaches a line."""

    CALL = "call"
    TEXT = "text"
    CHAT = "chat"
    WEB = "web"


class LineKind(StrEnum):
    """What a line is for."""

    CRISIS = "crisis"
    DOMESTIC_ABUSE = "domestic_abuse"


class Confidence(StrEnum):
    """How strong a line's source is."""

    PRIMARY = "primary"  # the service's own site, or a government page or release, states the number
    SECONDARY = "secondary"  # only news, a partner organisation or a directory states it


class Contact(_Strict):
    """One way to reach a line, written exactly as the service publishes it."""

    method: ContactMethod
    value: NonEmptyText
    url: HttpUrlText | None = None
    keyword: str | None = None  # a word to send as the first text, e.g. HOME to 741741

    @model_validator(mode="after")
    def _online_contacts_have_a_link(self) -> Self:
        """A chat or web contact must say where to go; only a text has a keyword."""
        if self.method in (ContactMethod.CHAT, ContactMethod.WEB) and self.url is None:
            raise ValueError(f"a {self.method.value} contact needs a url")
        if self.keyword is not None and self.method is not ContactMethod.TEXT:
            raise ValueError("only a text contact can have a keyword")
        return self

    def display(self) -> str:
        """The contact as a member should read it, e.g. 'HOME to 741741'."""
        return f"{self.keyword} to {self.value}" if self.keyword else self.value


MEMBER_NOTE_LIMIT = 160


class CrisisLine(_Strict):
    """A crisis or domestic-abuse line with its source, the date it was checked and how sure we are."""

    service: NonEmptyText
    kind: LineKind
    contacts: list[Contact] = Field(min_length=1)
    hours: NonEmptyText
    languages: list[Annotated[str, Field(pattern=_LANGUAGE_CODE)]] = Field(min_length=1)
    source: HttpUrlText
    checked: date
    confidence: Confidence
    # What a member may need to know, shown on the card (cost, hours detail); `note` is for the operator.
    for_members: Annotated[str, Field(min_length=1, max_length=MEMBER_NOTE_LIMIT)] | None = None
    note: str | None = None

    @property
    def key(self) -> str:
        """A short id for this line that survives reordering the file (a button carries it)."""
        return line_key(self.service)

    @property
    def source_domain(self) -> str:
        """The source's site, as a member reads it: 'samaritans.org', not 'https://www.samaritans.org/...'."""
        host = (urlsplit(self.source).hostname or "").lower()
        for prefix in ("www.", "m."):
            if host.startswith(prefix) and host.count(".") > 1:
                host = host[len(prefix) :]
        return host


def line_key(service: str) -> str:
    """Eight hex digits naming a line by its service name."""
    return hashlib.sha256(service.strip().casefold().encode("utf-8")).hexdigest()[:8]


class CountryLines(_Strict):
    """The emergency number and the verified lines of one country."""

    code: Annotated[str, Field(pattern=_COUNTRY_CODE)]
    name: NonEmptyText
    emergency: NonEmptyText
    lines: list[CrisisLine] = Field(default_factory=list)

    @model_validator(mode="after")
    def _services_are_unique(self) -> Self:
        """Two lines of one country never share a service name (a report button names the line by it)."""
        names = [line.service.strip().casefold() for line in self.lines]
        errors = _duplicate_errors(names, ("lines",), "service")
        for error in errors:
            error["loc"] = (*error["loc"], "service")
        _raise_if(type(self).__name__, errors)
        return self

    def line(self, key: str) -> CrisisLine | None:
        """The line with that key, or None if it is no longer listed."""
        return next((line for line in self.lines if line.key == key), None)


class CrisisFallback(_Strict):
    """What to show when a country is not listed or the member is unsure."""

    directory_name: NonEmptyText
    directory_url: HttpUrlText
    text: NonEmptyText


def _duplicate_errors(values: list[str], loc_prefix: tuple[Any, ...], what: str) -> list[InitErrorDetails]:
    """Errors for every repeated value, each located at the repeat."""
    seen: set[str] = set()
    errors: list[InitErrorDetails] = []
    for position, value in enumerate(values):
        if value in seen:
            errors.append(
                InitErrorDetails(
                    type=PydanticCustomError(
                        "duplicate", "duplicate {what} {value}", {"what": what, "value": repr(value)}
                    ),
                    loc=(*loc_prefix, position),
                    input=value,
                )
            )
        seen.add(value)
    return errors


def _raise_if(title: str, errors: list[InitErrorDetails]) -> None:
    """Raise located validation errors, if there are any."""
    if errors:
        raise ValidationError.from_exception_data(title, errors)


class CrisisLinesFile(_Strict):
    """The whole of content/crisis_lines.yaml."""

    fallback: CrisisFallback
    countries: list[CountryLines] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Self:
        """Each country appears once."""
        codes = [country.code for country in self.countries]
        errors = _duplicate_errors(codes, ("countries",), "country code")
        for error in errors:
            error["loc"] = (*error["loc"], "code")
        _raise_if(type(self).__name__, errors)
        return self


class Country(_Strict):
    """An ISO 3166-1 country, for the /crisis country picker."""

    code: Annotated[str, Field(pattern=_COUNTRY_CODE)]
    name: NonEmptyText
    iso_name: str = ""  # ISO's own name (e.g. "Russian Federation"), the key to its translations


class CountriesFile(_Strict):
    """Every ISO 3166-1 country (from pycountry), with the short name Hearth shows."""

    countries: list[Country] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Self:
        """Each country appears once."""
        errors = _duplicate_errors([country.code for country in self.countries], ("countries",), "country code")
        for error in errors:
            error["loc"] = (*error["loc"], "code")
        _raise_if(type(self).__name__, errors)
        return self

    def name_of(self, code: str) -> str | None:
        """The name of a country by code, case-insensitive."""
        wanted = code.strip().upper()
        return next((country.name for country in self.countries if country.code == wanted), None)


class Topic(_Strict):
    """A resource topic: a stable id and the label members see."""

    id: Annotated[str, Field(pattern=_TOPIC_ID)]
    label: NonEmptyText


class Resource(_Strict):
    """A curated link: a reputable page with a short description in our own words."""

    id: Annotated[str, Field(pattern=r"^res-[0-9]{3,}$")]
    title: NonEmptyText
    url: HttpUrlText
    description: Annotated[str, Field(min_length=1, max_length=400)]
    topics: list[str] = Field(min_length=1)
    region: Annotated[str, Field(pattern=r"^(global|[A-Z]{2})$")]
    language: Annotated[str, Field(pattern=_LANGUAGE_CODE)]
    publisher: NonEmptyText
    last_checked: date
    note: str | None = None


class ResourceCard(_Strict):
    """A short guide written by the team, shown as a card."""

    id: Annotated[str, Field(pattern=r"^card-[a-z0-9-]+$")]
    title: NonEmptyText
    topics: list[str] = Field(min_length=1)
    body: Annotated[str, Field(min_length=1, max_length=3500)]


class ResourcesFile(_Strict):
    """The whole of content/resources.yaml."""

    topics: list[Topic] = Field(min_length=1)
    resources: list[Resource] = Field(default_factory=list)
    cards: list[ResourceCard] = Field(default_factory=list)

    @field_validator("topics", mode="before")
    @classmethod
    def _topics_from_mapping(cls, value: Any) -> Any:
        """Accept topics written as a mapping of id to label."""
        if isinstance(value, dict):
            return [{"id": key, "label": label} for key, label in value.items()]
        return value

    @model_validator(mode="after")
    def _ids_unique_and_topics_known(self) -> Self:
        """Ids are unique across resources and cards, and every topic is declared."""
        known = {topic.id for topic in self.topics}
        errors = _duplicate_errors([topic.id for topic in self.topics], ("topics",), "topic")
        seen: set[str] = set()
        sections: tuple[tuple[str, Sequence[Resource | ResourceCard]], ...] = (
            ("resources", self.resources),
            ("cards", self.cards),
        )
        for section, items in sections:
            for position, item in enumerate(items):
                if item.id in seen:
                    errors.append(
                        InitErrorDetails(
                            type=PydanticCustomError("duplicate", "duplicate id {value}", {"value": repr(item.id)}),
                            loc=(section, position, "id"),
                            input=item.id,
                        )
                    )
                seen.add(item.id)
                for topic_position, topic in enumerate(item.topics):
                    if topic not in known:
                        errors.append(
                            InitErrorDetails(
                                type=PydanticCustomError(
                                    "unknown_topic",
                                    "unknown topic {topic}; known topics: {known}",
                                    {"topic": repr(topic), "known": ", ".join(sorted(known))},
                                ),
                                loc=(section, position, "topics", topic_position),
                                input=topic,
                            )
                        )
        _raise_if(type(self).__name__, errors)
        return self

    def topic_label(self, topic_id: str) -> str | None:
        """The label of a topic, or None if it is unknown."""
        return next((topic.label for topic in self.topics if topic.id == topic_id), None)

    def card(self, card_id: str) -> ResourceCard | None:
        """A built-in card by id."""
        return next((card for card in self.cards if card.id == card_id), None)


def load_crisis_lines(content_dir: Path) -> CrisisLinesFile:
    """Load and validate content/crisis_lines.yaml; raise ContentError with file:line reasons."""
    return load_model(content_dir / CRISIS_LINES_FILE, CrisisLinesFile)


# pycountry's name reads "Palestine, State of" or "Russian Federation" where a member would type the short one.
SHORT_COUNTRY_NAMES: dict[str, str] = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}


def load_countries() -> CountriesFile:
    """Every ISO 3166-1 country from pycountry (the iso-codes data), by its common short name."""
    import pycountry

    countries = []
    for entry in pycountry.countries:
        code = str(entry.alpha_2)
        common = str(getattr(entry, "common_name", None) or entry.name)
        countries.append(Country(code=code, name=SHORT_COUNTRY_NAMES.get(code, common), iso_name=str(entry.name)))
    return CountriesFile(countries=sorted(countries, key=lambda country: country.code))


def load_resources(content_dir: Path) -> ResourcesFile:
    """Load and validate content/resources.yaml; raise ContentError with file:line reasons."""
    return load_model(content_dir / RESOURCES_FILE, ResourcesFile)


WARN_AFTER_MONTHS = 12  # `hearth content check` warns about a line checked longer ago than this
FAIL_AFTER_MONTHS = 24  # ... and fails for one checked longer ago than this


def months_later(day: date, months: int) -> date:
    """The same day `months` calendar months later (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (0 if later is not after earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and months_later(earlier, months) > later:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class StaleLine:
    """A crisis line due for a re-check: checked more than WARN_AFTER_MONTHS before today."""

    country: str
    line: CrisisLine
    months: int  # whole months since it was checked
    overdue: bool  # checked more than FAIL_AFTER_MONTHS ago: the content check fails

    def describe(self) -> str:
        """'crisis_lines.yaml: US 988 ...: checked 2025-01-05, more than 12 months ago'."""
        limit = FAIL_AFTER_MONTHS if self.overdue else WARN_AFTER_MONTHS
        return (
            f"{CRISIS_LINES_FILE}: {self.country} {self.line.service}: "
            f"checked {self.line.checked.isoformat()}, more than {limit} months ago"
        )


def stale_lines(crisis: CrisisLinesFile, today: date) -> list[StaleLine]:
    """Every line checked more than 12 months before today, the oldest first."""
    found = [
        StaleLine(
            country=country.code,
            line=line,
            months=months_between(line.checked, today),
            overdue=months_later(line.checked, FAIL_AFTER_MONTHS) < today,
        )
        for country in crisis.countries
        for line in country.lines
        if months_later(line.checked, WARN_AFTER_MONTHS) < today
    ]
    return sorted(found, key=lambda stale: (stale.line.checked, stale.country, stale.line.service))


def stale_errors(crisis: CrisisLinesFile, today: date) -> list[str]:
    """Lines checked more than 24 months ago: a member may be reading a dead number."""
    return [stale.describe() for stale in stale_lines(crisis, today) if stale.overdue]


def stale_warnings(crisis: CrisisLinesFile, resources: ResourcesFile, today: date) -> list[str]:
    """Lines checked 12 to 24 months ago, and library entries last checked more than 12 months ago."""
    warnings = [stale.describe() for stale in stale_lines(crisis, today) if not stale.overdue]
    for resource in resources.resources:
        if months_later(resource.last_checked, WARN_AFTER_MONTHS) < today:
            warnings.append(
                f"{RESOURCES_FILE}: {resource.id} {resource.title}: "
                f"last checked {resource.last_checked.isoformat()}, more than {WARN_AFTER_MONTHS} months ago"
            )
    return warnings


def lines_for(crisis: CrisisLinesFile, code: str | None) -> CountryLines | None:
    """The entry for a country code (case-insensitive, 'UK' accepted), or None if not listed."""
    if code is None or not code.strip():
        return None
    wanted = code.strip().upper()
    wanted = COUNTRY_ALIASES.get(wanted, wanted)
    return next((country for country in crisis.countries if country.code == wanted), None)
