"""Daily reflection prompts: the models for content/prompts.yaml and their loader."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from bot.core.content import load_model

PROMPTS_FILE = "prompts.yaml"
PROMPT_TEXT_MIN = 20
PROMPT_TEXT_MAX = 300
CONTENT_WARNING_MAX = 80


class Theme(StrEnum):
    """The theme a prompt belongs to; heavy themes are spaced apart by the deck."""

    GRIEF = "grief"
    GUILT_AND_LOYALTY = "guilt_and_loyalty"
    BOUNDARIES = "boundaries"
    DISTANCE_AND_MIGRATION = "distance_and_migration"
    SELF_WORTH_AND_IDENTITY = "self_worth_and_identity"
    REBUILDING_ROUTINES = "rebuilding_routines"
    SMALL_WINS = "small_wins"
    SUPPORT_CIRCLE = "support_circle"
    HOPE = "hope"

    @property
    def label(self) -> str:
        """A human label, e.g. "Distance and migration" (in the language of the moment)."""
        from cogs.prompts import messages as words  # the words of the feature; content.py loads files

        return words.THEME_LABELS[self.value]

    @property
    def emoji(self) -> str:
        """One emoji that fits the theme, for embeds and thread names."""
        return _EMOJI[self]

    @property
    def is_heavy(self) -> bool:
        """True for themes that touch pain directly; the deck avoids two in a row."""
        return self in _HEAVY


_EMOJI: dict[Theme, str] = {
    Theme.GRIEF: "🕯️",
    Theme.GUILT_AND_LOYALTY: "⚖️",
    Theme.BOUNDARIES: "🚪",
    Theme.DISTANCE_AND_MIGRATION: "🧳",
    Theme.SELF_WORTH_AND_IDENTITY: "🪞",
    Theme.REBUILDING_ROUTINES: "🧺",
    Theme.SMALL_WINS: "🌱",
    Theme.SUPPORT_CIRCLE: "🤝",
    Theme.HOPE: "🌅",
}

_HEAVY = frozenset({Theme.GRIEF, Theme.GUILT_AND_LOYALTY, Theme.BOUNDARIES, Theme.DISTANCE_AND_MIGRATION})


class Intensity(StrEnum):
    """How much a prompt asks of the member: a light touch or a deeper look."""

    GENTLE = "gentle"
    DEEPER = "deeper"


PromptId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,48}$")]
PromptText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=PROMPT_TEXT_MIN, max_length=PROMPT_TEXT_MAX)
]
ContentWarning = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CONTENT_WARNING_MAX)]


class Prompt(BaseModel):
    """One daily reflection prompt about the member's own healing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: PromptId
    theme: Theme
    intensity: Intensity = Intensity.GENTLE
    text: PromptText
    content_warning: ContentWarning | None = None

    @field_validator("content_warning", mode="before")
    @classmethod
    def _blank_warning_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("text")
    @classmethod
    def _single_paragraph(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("prompt text must be a single paragraph (no line breaks)")
        return value


class PromptFile(BaseModel):
    """The whole content/prompts.yaml file."""

    model_config = ConfigDict(extra="forbid")

    prompts: list[Prompt] = Field(min_length=1)

    @field_validator("prompts")
    @classmethod
    def _unique_ids(cls, prompts: list[Prompt]) -> list[Prompt]:
        first_seen: dict[str, int] = {}
        errors: list[InitErrorDetails] = []
        for position, prompt in enumerate(prompts):
            if prompt.id in first_seen:
                errors.append(
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "duplicate_id",
                            "duplicate prompt id '{id}' (first used by entry {first})",
                            {"id": prompt.id, "first": first_seen[prompt.id]},
                        ),
                        loc=(position, "id"),
                        input=prompt.id,
                    )
                )
            else:
                first_seen[prompt.id] = position
        if errors:
            # A ValidationError keeps each error's location, so the reason points at the duplicate's line.
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return prompts


def load_prompts(content_dir: Path) -> list[Prompt]:
    """Load and validate content/prompts.yaml; raise ContentError with file:line reasons."""
    return list(load_model(content_dir / PROMPTS_FILE, PromptFile).prompts)
