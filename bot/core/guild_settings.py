"""The typed per-server settings model, with defaults for every part of Hearth."""

from __future__ import annotations

import json
import re
from datetime import time
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.core import messages as words
from bot.core.i18n import LANGUAGES, SOURCE_LANGUAGE
from bot.core.timezones import check_timezone

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$", re.ASCII)
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _shown(raw: str) -> str:
    """What was typed, short enough to quote back in a sentence."""
    flat = " ".join(raw.split())
    return flat if len(flat) <= 60 else flat[:59] + "…"


def parse_hhmm(value: str) -> time:
    """Parse 'HH:MM' (24-hour) or raise ValueError with a plain reason."""
    match = _HHMM.match(value.strip())
    if match is None:
        raise ValueError(words.TIME_NOT_HHMM.format(value=_shown(value)))
    return time(int(match.group(1)), int(match.group(2)))


_ZONE_OBJECTS: dict[str, ZoneInfo] = {}
"""Zones in use, kept alive: ZoneInfo's own cache is weak, so an unreferenced zone would be read from disk
again for every server that uses it."""


def zone_of(name: str) -> ZoneInfo:
    """The ZoneInfo of a zone name (kept alive, so not re-read)."""
    zone = _ZONE_OBJECTS.get(name)
    if zone is None:
        zone = _ZONE_OBJECTS[name] = ZoneInfo(name)
    return zone


def parse_days(value: str) -> list[int]:
    """Parse 'mon,wed,fri', 'daily', 'weekdays' or 'weekends' into weekday numbers (Mon=0)."""
    text = value.strip().lower()
    presets = {"daily": list(range(7)), "every day": list(range(7)), "weekdays": [0, 1, 2, 3, 4], "weekends": [5, 6]}
    if text in presets:
        return presets[text]
    days = []
    for part in re.split(r"[\s,]+", text):
        if not part:
            continue
        key = part[:3]
        if key not in WEEKDAY_NAMES:
            raise ValueError(words.NOT_A_DAY.format(value=_shown(part)))
        days.append(WEEKDAY_NAMES.index(key))
    if not days:
        raise ValueError(words.NO_DAYS)
    return sorted(set(days))


class _Section(BaseModel):
    # Frozen: one section object is shared by every server whose section is the same (see `SettingsInterner`).
    model_config = ConfigDict(extra="ignore", frozen=True)


class ChannelSettings(_Section):
    """Where each part posts (channel ids; None means not set)."""

    prompts: int | None = None
    anonymous: int | None = None
    wins: int | None = None
    resources: int | None = None
    mod_alerts: int | None = None
    mod_log: int | None = None
    welcome: int | None = None
    team_inbox: int | None = None  # staff-only channel: one thread per /talk conversation


class RoleSettings(_Section):
    """Roles the bot reads (role ids; None means not set)."""

    moderator: int | None = None
    peer_supporter: int | None = None
    member: int | None = None
    prompt_ping: int | None = None
    talk_team: int | None = None  # who answers /talk (else the moderator and peer-supporter roles)
    escalation: int | None = None  # pinged when a crisis alert is still unacknowledged after the re-ping


class FeatureSwitches(_Section):
    """Each part can be switched off per server."""

    prompts: bool = True
    anonymous: bool = True
    wins: bool = True
    counters: bool = True
    safety: bool = True
    resources: bool = True
    onboarding: bool = True
    talk: bool = True


class PromptSettings(_Section):
    """Daily reflection prompt schedule and deck limits."""

    time: str = "09:00"
    days: list[int] = Field(default_factory=lambda: list(range(7)))
    paused: bool = False
    grace_hours: int = Field(default=6, ge=0, le=23)
    themes: list[str] = Field(default_factory=list)  # empty: every theme
    intensity: Literal["any", "gentle", "deeper"] = "any"

    @field_validator("time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        return parse_hhmm(value).strftime("%H:%M")

    @field_validator("days")
    @classmethod
    def _valid_days(cls, value: list[int]) -> list[int]:
        if not value or any(day < 0 or day > 6 for day in value):
            raise ValueError(words.DAYS_OUT_OF_RANGE)
        return sorted(set(value))


class AnonymousSettings(_Section):
    """Anonymous sharing rules."""

    replies: bool = True
    approval: bool = False
    retention_days: int = Field(default=30, ge=0, le=3650)  # 0: the author link is never kept
    posts_per_hour: int = Field(default=5, ge=1, le=100)


class WinsSettings(_Section):
    """Wins channel and the weekly community digest."""

    digest: bool = True
    digest_day: int = Field(default=6, ge=0, le=6)  # Sunday
    digest_time: str = "18:00"

    @field_validator("digest_time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        return parse_hhmm(value).strftime("%H:%M")


class SafetySettings(_Section):
    """Crisis detection scope, alerts and cooldowns."""

    scope: Literal["all", "listed"] = "all"
    channels: list[int] = Field(default_factory=list)
    concern_alerts: bool = False
    repings_after_minutes: int = Field(default=10, ge=1, le=1440)
    escalates_after_minutes: int = Field(default=30, ge=2, le=2880)  # then roles.escalation is pinged, once
    dm_cooldown_hours: int = Field(default=6, ge=0, le=168)
    alert_peer_supporters: bool = True
    spam_guard: bool = True


DEFAULT_TALK_TOPICS = words.DEFAULT_TALK_TOPICS


def parse_topics(value: str) -> list[str]:
    """Topics separated by '|' or ';' (commas are allowed inside a topic)."""
    return [part.strip() for part in re.split(r"[|;\n]", value) if part.strip()]


class TalkSettings(_Section):
    """Private conversations between a member and the team (/talk)."""

    prefix: str = Field(default="//", min_length=1, max_length=5)  # team lines starting with it stay internal
    topics: list[str] = Field(default_factory=lambda: list(DEFAULT_TALK_TOPICS))
    reping_minutes: int = Field(default=60, ge=0, le=10080)  # 0: never re-ping an unanswered conversation
    retention_days: int = Field(default=30, ge=0, le=3650)  # after closing; then the link to the member is cut

    @field_validator("prefix")
    @classmethod
    def _valid_prefix(cls, value: str) -> str:
        if not value.strip() or value != value.strip():
            raise ValueError(words.TALK_PREFIX_INVALID)
        return value

    @field_validator("topics")
    @classmethod
    def _valid_topics(cls, value: list[str]) -> list[str]:
        cleaned = list(dict.fromkeys(topic.strip() for topic in value if topic.strip()))
        if not 1 <= len(cleaned) <= 10:
            raise ValueError(words.TALK_TOPIC_COUNT)
        too_long = [topic for topic in cleaned if len(topic) > 80]
        if too_long:
            raise ValueError(words.TALK_TOPIC_TOO_LONG.format(value=too_long[0][:40]))
        return cleaned


class OnboardingSettings(_Section):
    """What a new member sees and when they get the member role."""

    welcome_mode: Literal["channel", "dm"] = "channel"
    min_account_age_days: int = Field(default=0, ge=0, le=365)
    guidelines: str | None = Field(default=None, max_length=3500)


class PrivacySettings(_Section):
    """Retention periods and what /forgetme keeps."""

    keep_infractions_on_forget: bool = True
    incident_retention_days: int = Field(default=90, ge=1, le=3650)
    member_leave_grace_days: int = Field(default=30, ge=0, le=365)


class GuildSettings(BaseModel):
    """Everything one server has configured; the source of truth for its scheduled jobs."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    timezone: str = "UTC"
    country: str | None = None
    language: str = SOURCE_LANGUAGE  # public posts, and private replies to members whose client language Hearth lacks
    channels: ChannelSettings = Field(default_factory=ChannelSettings)
    roles: RoleSettings = Field(default_factory=RoleSettings)
    features: FeatureSwitches = Field(default_factory=FeatureSwitches)
    prompts: PromptSettings = Field(default_factory=PromptSettings)
    anonymous: AnonymousSettings = Field(default_factory=AnonymousSettings)
    wins: WinsSettings = Field(default_factory=WinsSettings)
    safety: SafetySettings = Field(default_factory=SafetySettings)
    onboarding: OnboardingSettings = Field(default_factory=OnboardingSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    talk: TalkSettings = Field(default_factory=TalkSettings)

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("language")
    @classmethod
    def _valid_language(cls, value: str) -> str:
        by_lower = {code.lower(): code for code in LANGUAGES}
        code = by_lower.get(value.strip().lower().replace("_", "-"))
        if code is None:
            raise ValueError(words.LANGUAGE_UNKNOWN.format(value=_shown(value), languages=", ".join(LANGUAGES)))
        return code

    @field_validator("country")
    @classmethod
    def _valid_country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(words.COUNTRY_NOT_A_CODE.format(value=_shown(value)))
        return code

    @property
    def zone(self) -> ZoneInfo:
        """The server's timezone object."""
        return zone_of(self.timezone)

    def get_path(self, path: str) -> Any:
        """Read a dotted setting such as 'prompts.time'."""
        node: Any = self
        for part in path.split("."):
            node = getattr(node, part)
        return node


_SECTION_NAMES = ("channels", "roles", "features", "prompts", "anonymous", "wins", "safety", "onboarding", "privacy")


class SettingsInterner:
    """Builds GuildSettings that share equal sections: shared defaults plus each server's own overrides.

    Ten thousand servers mostly differ in a few ids, a timezone and a time; their features, anonymous,
    safety, privacy ... sections are usually the defaults or one of a handful of variants. Each distinct
    section is validated once and one frozen object is shared, so a server costs its own ids and little else.
    """

    def __init__(self) -> None:
        self._sections: dict[tuple[str, str], BaseModel] = {}

    def section(self, name: str, data: Any) -> BaseModel:
        """The shared, validated section `name` for this raw data."""
        # Stored settings are written by one model, so equal sections have equal reprs (same key order).
        key = (name, repr(data))
        found = self._sections.get(key)
        if found is None:
            model = GuildSettings.model_fields[name].annotation
            assert isinstance(model, type) and issubclass(model, BaseModel)
            found = self._sections[key] = model.model_validate(data)
        return found

    def from_json(self, raw: str) -> GuildSettings:
        """Settings stored as JSON, with every section shared where an equal one exists."""
        return self.from_data(json.loads(raw))

    def from_data(self, data: dict[str, Any]) -> GuildSettings:
        """Settings from a dict (as stored), with shared sections; raises ValueError if invalid."""
        values: dict[str, Any] = {k: v for k, v in data.items() if k not in _SECTION_NAMES}
        for name in _SECTION_NAMES:
            values[name] = self.section(name, data.get(name, {}))
        return GuildSettings.model_validate(values)

    def share(self, settings: GuildSettings) -> GuildSettings:
        """The same settings with their sections shared."""
        return self.from_data(settings.model_dump(mode="json"))


def setting_paths() -> list[str]:
    """Every dotted setting name a moderator can change with /config set."""
    paths: list[str] = []
    for name, field in GuildSettings.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths.extend(f"{name}.{sub}" for sub in annotation.model_fields)
        else:
            paths.append(name)
    return paths


def apply_changes(current: GuildSettings, changes: dict[str, Any]) -> GuildSettings:
    """Return a new, validated GuildSettings with dotted-path changes applied (raises ValueError)."""
    data = current.model_dump()
    known = set(setting_paths())
    for path, value in changes.items():
        if path not in known:
            raise ValueError(words.SETTING_UNKNOWN.format(value=path))
        node = data
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    return GuildSettings.model_validate(data)


CHANNEL_NEEDS: dict[str, tuple[str, ...]] = {
    "prompts": ("view_channel", "send_messages", "embed_links", "create_public_threads", "send_messages_in_threads"),
    "anonymous": ("view_channel", "send_messages", "embed_links", "create_public_threads", "send_messages_in_threads"),
    "wins": ("view_channel", "send_messages", "embed_links", "add_reactions", "read_message_history"),
    "resources": ("view_channel", "send_messages", "embed_links", "manage_messages", "read_message_history"),
    "mod_alerts": ("view_channel", "send_messages", "embed_links"),
    "mod_log": ("view_channel", "send_messages", "embed_links"),
    "welcome": ("view_channel", "send_messages", "embed_links"),
    "team_inbox": (
        "view_channel",
        "send_messages",
        "embed_links",
        "create_public_threads",
        "send_messages_in_threads",
        "add_reactions",
        "read_message_history",
    ),
}
"""The permissions the bot needs in each configured channel (checked when a moderator picks one)."""

_TRUE = {"on", "true", "yes", "y", "1", "enable", "enabled"}
_FALSE = {"off", "false", "no", "n", "0", "disable", "disabled"}


_WHOLE_NUMBER = re.compile(r"^-?[0-9]{1,18}$")  # ASCII digits, within 64 bits


def _whole_number(text: str) -> int:
    """A whole number typed in ASCII digits that fits the database, or ValueError ('²' and '٣' are refused)."""
    if not _WHOLE_NUMBER.match(text):
        raise ValueError(text)
    return int(text)


def parse_setting_value(path: str, raw: str) -> Any:
    """Turn what a moderator typed into the value a setting expects (raises ValueError with a reason).

    Total: any string gives a value or a ValueError whose reason quotes at most 60 characters of it.
    """
    if path not in setting_paths():
        raise ValueError(words.SETTING_UNKNOWN.format(value=_shown(path)))
    text = raw.strip()
    section, _, name = path.partition(".")
    field = GuildSettings.model_fields[section]
    if name:
        model = field.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        field = model.model_fields[name]
    annotation = field.annotation
    if path == "prompts.days":
        return parse_days(text)
    if path == "talk.topics":
        return parse_topics(text)
    if text.lower() in {"none", "unset", "clear", ""} and annotation is not bool:
        return [] if getattr(annotation, "__origin__", None) is list else None
    if annotation is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(words.NOT_ON_OR_OFF.format(value=_shown(raw)))
    if annotation is int:
        try:
            return _whole_number(text)
        except ValueError:
            raise ValueError(words.NOT_A_WHOLE_NUMBER.format(value=_shown(raw))) from None
    if getattr(annotation, "__origin__", None) is list:
        parts = [p for p in re.split(r"[\s,]+", text) if p]
        if "int" in str(annotation):
            try:
                return [_whole_number(p.strip("<#@&!>")) for p in parts]
            except ValueError:
                raise ValueError(words.NOT_CHANNEL_LIST.format(value=_shown(raw))) from None
        return parts
    if "int" in str(annotation):
        try:
            return _whole_number(text.strip("<#@&!>"))
        except ValueError:
            raise ValueError(words.NOT_AN_ID.format(value=_shown(raw))) from None
    return text
