"""The per-server deck: no repeats until every enabled prompt is used, heavy themes spaced apart."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from bot.core.guild_settings import PromptSettings
from cogs.prompts.content import Intensity, Prompt


class EmptyDeckError(LookupError):
    """No prompt is enabled for the server (every theme filtered out or removed)."""


def enabled_prompts(
    shipped: Iterable[Prompt], server: Iterable[Prompt], disabled: set[str], settings: PromptSettings
) -> list[Prompt]:
    """The prompts a server draws from: shipped (minus switched off) plus its own, limited by its settings."""
    themes = set(settings.themes)
    chosen = []
    for prompt in [*shipped, *server]:
        if prompt.id in disabled:
            continue
        if themes and prompt.theme.value not in themes:
            continue
        if settings.intensity != "any" and prompt.intensity != Intensity(settings.intensity):
            continue
        chosen.append(prompt)
    return chosen


def draw(enabled: Sequence[Prompt], used: set[str], last: Prompt | None, rng: random.Random) -> tuple[Prompt, bool]:
    """Pick the next prompt: (prompt, whether the deck was reshuffled to find it).

    Unused prompts first; when none is left the deck reshuffles, never starting with the last prompt.
    After a heavy theme a lighter one comes next when any remains; after a light one, a heavy one is
    preferred while heavy prompts outnumber light ones, so heavy prompts don't bunch up at the deck's end.
    """
    if not enabled:
        raise EmptyDeckError("no prompts are enabled")
    remaining = [p for p in enabled if p.id not in used]
    reshuffled = not remaining
    if reshuffled:
        remaining = [p for p in enabled if last is None or p.id != last.id] or list(enabled)
    heavy = [p for p in remaining if p.theme.is_heavy]
    light = [p for p in remaining if not p.theme.is_heavy]
    if last is not None and last.theme.is_heavy and light:
        pool = light
    elif heavy and len(heavy) >= len(light):
        pool = heavy
    else:
        pool = remaining
    ordered = sorted(pool, key=lambda p: p.id)  # stable order so a seeded rng is reproducible
    return rng.choice(ordered), reshuffled
