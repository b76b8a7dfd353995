"""What the detector says about one message: level, C-SSRS signals, the context that decided it, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "NO_RISK",
    "Assessment",
    "Category",
    "Level",
    "Modifier",
    "OtherPerson",
    "Signal",
    "category_of",
]


class Level(StrEnum):
    """How worried the bot is about a message, in increasing order."""

    NONE = "none"
    CONCERN = "concern"
    CRISIS = "crisis"

    @property
    def rank(self) -> int:
        """Position in the order none < concern < crisis."""
        return _LEVEL_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank


_LEVEL_RANK = {Level.NONE: 0, Level.CONCERN: 1, Level.CRISIS: 2}


class Signal(StrEnum):
    """The C-SSRS screen's signals (Posner et al. 2011), plus threats to harm someone else."""

    WISH_DEAD = "wish_dead"
    ACTIVE_THOUGHTS = "active_thoughts"
    METHOD = "method"
    INTENT = "intent"
    PLAN_PREPARATION = "plan_preparation"
    ACT_ATTEMPT = "act_attempt"
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"


class Modifier(StrEnum):
    """ConText modifiers (Harkema et al. 2009) that change what a matched phrase means."""

    NEGATED = "negated"
    HISTORICAL = "historical"
    HYPOTHETICAL = "hypothetical"
    QUOTED = "quoted"
    LYRICS = "lyrics"
    FICTION = "fiction"
    HYPERBOLE = "hyperbole"
    NEWS = "news"
    OTHER_EXPERIENCER = "other_experiencer"


class OtherPerson(StrEnum):
    """Whether the message is about someone else in danger: not at all, at risk, or an act in progress."""

    NONE = "none"
    AT_RISK = "at_risk"
    IN_DANGER_NOW = "in_danger_now"


class Category(StrEnum):
    """The older, coarser grouping the moderator alert and stored alerts use."""

    PASSIVE_IDEATION = "passive_ideation"
    ACTIVE_IDEATION = "active_ideation"
    PLAN_OR_METHOD = "plan_or_method"
    SELF_HARM = "self_harm"
    FINALITY = "finality"
    HARM_TO_OTHERS = "harm_to_others"


_CATEGORY_OF = {
    Signal.WISH_DEAD: Category.PASSIVE_IDEATION,
    Signal.ACTIVE_THOUGHTS: Category.ACTIVE_IDEATION,
    Signal.INTENT: Category.ACTIVE_IDEATION,
    Signal.METHOD: Category.PLAN_OR_METHOD,
    Signal.PLAN_PREPARATION: Category.PLAN_OR_METHOD,
    Signal.ACT_ATTEMPT: Category.PLAN_OR_METHOD,
    Signal.SELF_HARM: Category.SELF_HARM,
    Signal.HARM_TO_OTHERS: Category.HARM_TO_OTHERS,
}


def category_of(signal: Signal) -> Category:
    """The alert category a signal belongs to."""
    return _CATEGORY_OF[signal]


@dataclass(frozen=True, slots=True)
class Assessment:
    """One message's assessment, shared by every listener.

    `level` is about the writer: crisis means moderators are alerted about them.
    `signals` are the C-SSRS signals that held up about the writer; `modifiers`
    the context that set some phrases aside (negated, a joke, the past, ...);
    `other_person` says whether the message is about someone else in danger, and
    `other_signals` what was said about them. `now` is set when the message
    names a time or an act in progress.
    """

    level: Level
    categories: tuple[Category, ...] = ()
    signals: tuple[Signal, ...] = ()
    modifiers: tuple[Modifier, ...] = ()
    other_person: OtherPerson = OtherPerson.NONE
    other_signals: tuple[Signal, ...] = ()
    combined: bool = False
    now: bool = False
    languages: tuple[str, ...] = ()

    @property
    def is_crisis(self) -> bool:
        """True when the writer should get the private crisis response (and moderators an alert)."""
        return self.level is Level.CRISIS

    @property
    def someone_else_in_danger_now(self) -> bool:
        """True when the writer tells of someone else's act in progress: moderators are alerted too."""
        return self.other_person is OtherPerson.IN_DANGER_NOW

    @property
    def alert_categories(self) -> tuple[Category, ...]:
        """The categories an alert shows: the writer's, or else what was said about someone else."""
        if self.categories:
            return self.categories
        found = {category_of(signal) for signal in self.other_signals}
        return tuple(category for category in Category if category in found)

    @property
    def alert_level(self) -> Level:
        """The level a moderator alert carries: the writer's, or crisis for someone else's act in progress."""
        if self.someone_else_in_danger_now:
            return Level.CRISIS
        return self.level


NO_RISK = Assessment(Level.NONE, ())
