"""Everything in content/, loaded once at start and validated (also by `hearth content check`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core import i18n
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
    """All validated content the bot uses.

    Prompts, celebrations and guidelines exist per language (`content/` in English, `content/locales/<lang>/`
    for the others): `celebrations` and `guidelines` answer in the language of the moment
    (`bot.core.i18n`), English where a language has none; the prompt deck is chosen by the server's language.
    """

    prompts: list[Prompt]  # the English prompts
    english_celebrations: CelebrationFile
    crisis_lines: CrisisLinesFile
    countries: CountriesFile
    resources: ResourcesFile
    lexicon: Lexicon
    english_guidelines: str
    translated: dict[str, LocalContent] = field(default_factory=dict)  # language -> its own files

    @property
    def prompts_by_language(self) -> dict[str, list[Prompt]]:
        """Language -> the prompts written in it ("en" always there)."""
        return {i18n.SOURCE_LANGUAGE: self.prompts} | {
            language: local.prompts for language, local in self.translated.items() if local.prompts
        }

    @property
    def celebrations(self) -> CelebrationFile:
        """Celebration, slip, milestone and digest lines in the language of the moment."""
        local = self.translated.get(i18n.current_language())
        return local.celebrations if local and local.celebrations else self.english_celebrations

    @property
    def guidelines(self) -> str:
        """The community guidelines shipped with Hearth, in the language of the moment."""
        local = self.translated.get(i18n.current_language())
        return local.guidelines if local and local.guidelines else self.english_guidelines

    def prompt(self, prompt_id: str) -> Prompt | None:
        """A shipped prompt (in any language) by id."""
        for prompts in self.prompts_by_language.values():
            for prompt in prompts:
                if prompt.id == prompt_id:
                    return prompt
        return None


@dataclass(frozen=True)
class LocalContent:
    """One language's own content files (any may be absent: English is used instead)."""

    prompts: list[Prompt]
    celebrations: CelebrationFile | None
    guidelines: str | None


def _load_local(content_dir: Path, reasons: list[str]) -> dict[str, LocalContent]:
    """content/locales/<lang>/{prompts.yaml, celebrations.yaml, guidelines.md}, each checked like English."""
    translated: dict[str, LocalContent] = {}
    for language in i18n.LANGUAGES:
        folder = content_dir / "locales" / language
        if language == i18n.SOURCE_LANGUAGE or not folder.is_dir():
            continue
        prompts: list[Prompt] = []
        celebrations: CelebrationFile | None = None
        guidelines: str | None = None
        try:
            if (folder / "prompts.yaml").exists():
                prompts = load_prompts(folder)
        except ContentError as exc:
            reasons.extend(exc.reasons)
        try:
            if (folder / "celebrations.yaml").exists():
                celebrations = load_celebrations(folder)
        except ContentError as exc:
            reasons.extend(exc.reasons)
        try:
            if (folder / GUIDELINES_FILE).exists():
                guidelines = _load_guidelines(folder)
        except ContentError as exc:
            reasons.extend(exc.reasons)
        translated[language] = LocalContent(prompts, celebrations, guidelines)
    return translated


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
        "english_celebrations": load_celebrations,
        "crisis_lines": load_crisis_lines,
        "resources": load_resources,
        "lexicon": load_lexicon,
        "english_guidelines": _load_guidelines,
    }
    for name, loader in loaders.items():
        try:
            loaded[name] = loader(content_dir)
        except ContentError as exc:
            reasons.extend(exc.reasons)
    translated = _load_local(content_dir, reasons)
    english = loaded.get("prompts")
    ids = (
        Counter(prompt.id for prompt in english if isinstance(prompt, Prompt))
        if isinstance(english, list)
        else Counter()
    )
    for local in translated.values():
        ids.update(prompt.id for prompt in local.prompts)
    repeated = sorted(prompt_id for prompt_id, count in ids.items() if count > 1)
    if repeated:
        reasons.append(f"{content_dir / 'locales'}: prompt ids used in more than one language: {repeated[:10]}")
    if reasons:
        raise ContentError(reasons)
    bundle = ContentBundle(countries=load_countries(), translated=translated, **loaded)  # type: ignore[arg-type]
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
    from bot.locales import check_catalogues

    try:
        bundle = load_content(content_dir)
    except ContentError as exc:
        return exc.reasons + check_catalogues(content_dir / "locales"), []
    errors = stale_errors(bundle.crisis_lines, today) + check_catalogues(content_dir / "locales")
    return errors, stale_warnings(bundle.crisis_lines, bundle.resources, today)
