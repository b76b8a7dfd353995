"""The plain-words "why" of an assessment, for the moderator alert: signals, whose, when; never lexicon internals."""

from __future__ import annotations

from cogs.safety import messages as words
from cogs.safety.assessment import Assessment, Level, Modifier, OtherPerson, Signal

__all__ = ["explain"]


def _signal_list(signals: tuple[Signal, ...]) -> str:
    return ", ".join(words.SIGNAL_WORDS[signal] for signal in signals)


def explain(assessment: Assessment) -> str:
    """One line a moderator can read at a glance: "plan or preparation, a time; about themselves; now"."""
    parts: list[str] = []
    if assessment.level is not Level.NONE:
        parts.append(_signal_list(assessment.signals) or words.WHY_UNSPECIFIED)
        parts.append(words.WHY_SELF)
        if assessment.combined:
            parts.append(words.WHY_COMBINED)
    if assessment.other_person is not OtherPerson.NONE:
        told = _signal_list(assessment.other_signals) or words.WHY_UNSPECIFIED
        key = "in_danger_now" if assessment.other_person is OtherPerson.IN_DANGER_NOW else "at_risk"
        parts.append(words.WHY_OTHER[key].format(signals=told))
    if assessment.now:
        parts.append(words.WHY_NOW)
    set_aside = [m for m in assessment.modifiers if m is not Modifier.OTHER_EXPERIENCER]
    if set_aside and assessment.level is not Level.NONE:
        parts.append(words.WHY_SET_ASIDE.format(what=", ".join(words.MODIFIER_WORDS[m] for m in set_aside)))
    if assessment.languages:
        names = ", ".join(words.LANGUAGE_NAMES.get(code, code) for code in assessment.languages)
        parts.append(words.WHY_LANGUAGE.format(languages=names))
    return "; ".join(parts)
