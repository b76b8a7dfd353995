"""Everything in content/, loaded once at start and validated (also by `hearth content check`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.content import ContentError
from cogs.prompts.content import Prompt, load_prompts
from cogs.resources.content import (
    CountriesFile,
    CrisisLinesFile,
    ResourcesFile,
    load_countries,
    load_crisis_lines,
    load_resources,
    stale_errors,
    stale_warnings,
)
from cogs.wins.content import CelebrationFile, load_celebrations

if TYPE_CHECKING:
    from cogs.safety.api import Lexicon

GUIDELINES_FILE = "guidelines.md"
GUIDELINES_LIMIT = 3500


@dataclass(frozen=True)
class ContentBundle:
    """All validated content the bot uses."""

    prompts: list[Prompt]
    celebrations: CelebrationFile
    crisis_lines: CrisisLinesFile
    countries: CountriesFile
    resources: ResourcesFile
    lexicon: Lexicon
    guidelines: str

    def prompt(self, prompt_id: str) -> Prompt | None:
        """A shipped prompt by id."""
        for prompt in self.prompts:
            if prompt.id == prompt_id:
                return prompt
        return None


def _load_guidelines(content_dir: Path) -> str:
    path = content_dir / GUIDELINES_FILE
    if not path.exists():
        raise ContentError([f"{path}:1: file is missing"])
    text = path.read_text(encoding="utf-8").strip()
    if not text:
        raise ContentError([f"{path}:1: the guidelines are empty"])
    if len(text) > GUIDELINES_LIMIT:
        raise ContentError([f"{path}:1: the guidelines are {len(text)} characters; keep them under {GUIDELINES_LIMIT}"])
    return text


def load_content(content_dir: Path) -> ContentBundle:
    """Load and validate every content file; raise ContentError listing every problem found."""
    from cogs.safety.api import load_lexicon  # imported here: the safety feature loads discord.py

    reasons: list[str] = []
    loaded: dict[str, object] = {}
    loaders = {
        "prompts": load_prompts,
        "celebrations": load_celebrations,
        "crisis_lines": load_crisis_lines,
        "resources": load_resources,
        "lexicon": load_lexicon,
        "guidelines": _load_guidelines,
    }
    for name, loader in loaders.items():
        try:
            loaded[name] = loader(content_dir)
        except ContentError as exc:
            reasons.extend(exc.reasons)
    if reasons:
        raise ContentError(reasons)
    bundle = ContentBundle(countries=load_countries(), **loaded)  # type: ignore[arg-type]
    known_codes = {country.code for country in bundle.countries.countries}
    missing = [entry.code for entry in bundle.crisis_lines.countries if entry.code not in known_codes]
    if missing:
        raise ContentError(
            [f"{content_dir / 'crisis_lines.yaml'}:1: codes that are not ISO 3166-1 countries: {missing}"]
        )
    return bundle


def check_content(content_dir: Path, today: date) -> tuple[list[str], list[str]]:
    """Validate content/: (errors, warnings), each a 'file:line: reason' (or 'file: reason') string.

    A crisis line checked more than 12 months before `today` is a warning, more than 24 months an error.
    """
    try:
        bundle = load_content(content_dir)
    except ContentError as exc:
        return exc.reasons, []
    return stale_errors(bundle.crisis_lines, today), stale_warnings(bundle.crisis_lines, bundle.resources, today)
