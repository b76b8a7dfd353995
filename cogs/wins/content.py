"""Celebration, slip, milestone and digest lines: the models for content/celebrations.yaml."""

from __future__ import annotations

import random
import re
from enum import StrEnum
from pathlib import Path
from string import Formatter
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
)

from bot.core.content import load_model

CELEBRATIONS_FILE = "celebrations.yaml"
MIN_CELEBRATIONS = 70
MIN_PER_TONE = 10
MIN_SLIP_LINES = 20
MIN_MILESTONE_LINES = 12
MIN_DIGEST_INTROS = 6
MILESTONE_PLACEHOLDERS = frozenset({"days", "name"})

_TRIGGER_SHAPE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[' -])*[^\W\d_]$")  # letters of any script, ' - and spaces
_SHOUTING = re.compile(r"\b[A-Z]{3,}\b")


class Tone(StrEnum):
    """How a celebration line sounds; a win that sits next to loss only gets a gentle one."""

    GENTLE = "gentle"
    WARM = "warm"
    BRIGHT = "bright"


def _placeholders(text: str) -> set[str]:
    """The {field} names in a str.format template; raise ValueError if the braces are malformed."""
    names: set[str] = set()
    for _literal, field, _spec, _conversion in Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def _plain_line(text: str) -> str:
    """Reject the shouty or template-like writing the bot's tone rules out."""
    if "!!" in text or "?!" in text:
        raise ValueError("keep it calm: no '!!' or '?!'")
    if text.count("!") > 1:
        raise ValueError("keep it calm: at most one '!'")
    if _SHOUTING.search(text):
        raise ValueError("no words in capitals")
    try:
        names = _placeholders(text)
    except ValueError as exc:
        raise ValueError(f"malformed braces: {exc}") from None
    if names:
        raise ValueError("placeholders like {days} are only allowed in milestone_lines")
    return text


def _milestone_line(text: str) -> str:
    """Allow only {days} and {name}, and phrase the number so that day 1 reads well."""
    if "!!" in text or text.count("!") > 1:
        raise ValueError("keep it calm: at most one '!'")
    try:
        names = _placeholders(text)
    except ValueError as exc:
        raise ValueError(f"malformed braces: {exc}") from None
    unknown = names - MILESTONE_PLACEHOLDERS
    if unknown:
        raise ValueError(f"unknown placeholder(s) {sorted(unknown)}; only {{days}} and {{name}} are allowed")
    if re.search(r"\{days\}\s+days\b", text):
        raise ValueError("write 'day {days}' rather than '{days} days' so that day 1 reads well")
    return text


def _stripped(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


CelebrationText = Annotated[str, _stripped(120), AfterValidator(_plain_line)]
SlipLine = Annotated[str, _stripped(200), AfterValidator(_plain_line)]
MilestoneLine = Annotated[str, _stripped(200), AfterValidator(_milestone_line)]
DigestIntro = Annotated[str, _stripped(150), AfterValidator(_plain_line)]
GentleTrigger = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=40)]


class CelebrationLine(BaseModel):
    """One short line posted under a member's win."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: CelebrationText
    tone: Tone


class CelebrationFile(BaseModel):
    """The whole content/celebrations.yaml file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gentle_triggers: list[GentleTrigger] = Field(min_length=1)
    celebrations: list[CelebrationLine] = Field(min_length=MIN_CELEBRATIONS)
    slip_lines: list[SlipLine] = Field(min_length=MIN_SLIP_LINES)
    milestone_lines: list[MilestoneLine] = Field(min_length=MIN_MILESTONE_LINES)
    digest_intros: list[DigestIntro] = Field(min_length=MIN_DIGEST_INTROS)

    _gentle_pattern: re.Pattern[str] = PrivateAttr()

    @field_validator("gentle_triggers")
    @classmethod
    def _triggers_are_words(cls, triggers: list[str]) -> list[str]:
        seen: set[str] = set()
        for trigger in triggers:
            if not _TRIGGER_SHAPE.match(trigger) or trigger != trigger.lower():
                raise ValueError(
                    f"gentle trigger {trigger!r} must be a lowercase word or short phrase (letters, spaces, ' and -)"
                )
            if trigger in seen:
                raise ValueError(f"gentle trigger {trigger!r} is listed twice")
            seen.add(trigger)
        return triggers

    @field_validator("celebrations")
    @classmethod
    def _every_tone_has_lines(cls, lines: list[CelebrationLine]) -> list[CelebrationLine]:
        for tone in Tone:
            count = sum(1 for line in lines if line.tone == tone)
            if count < MIN_PER_TONE:
                raise ValueError(f"tone '{tone.value}' has {count} lines; it needs at least {MIN_PER_TONE}")
        texts = [line.text.casefold() for line in lines]
        repeated = sorted({text for text in texts if texts.count(text) > 1})
        if repeated:
            raise ValueError(f"celebration line listed twice: {repeated[0]!r}")
        return lines

    def model_post_init(self, __context: object) -> None:
        """Compile the gentle triggers once into a case-insensitive, word-bounded pattern."""
        alternatives = sorted(
            (r"\s+".join(re.escape(word) for word in trigger.split()) for trigger in self.gentle_triggers),
            key=len,
            reverse=True,
        )
        self._gentle_pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)

    def mentions_pain(self, text: str) -> bool:
        """True when the text contains a gentle trigger (a sign the win sits next to loss or pain)."""
        normalised = text.replace("\u2019", "'").replace("\u2018", "'")
        return self._gentle_pattern.search(normalised) is not None

    def lines_for(self, tone: Tone) -> list[CelebrationLine]:
        """All celebration lines of one tone."""
        return [line for line in self.celebrations if line.tone == tone]


def pick_celebration(win_text: str, lines: CelebrationFile, rng: random.Random) -> CelebrationLine:
    """Choose a celebration for a win: gentle if it mentions loss or pain, otherwise any tone."""
    if lines.mentions_pain(win_text):
        return rng.choice(lines.lines_for(Tone.GENTLE))
    return rng.choice(lines.celebrations)


def load_celebrations(content_dir: Path) -> CelebrationFile:
    """Load and validate content/celebrations.yaml; raise ContentError with file:line reasons."""
    return load_model(content_dir / CELEBRATIONS_FILE, CelebrationFile)
