"""What the safety feature offers every other feature: one assessment per message, and the private response.

`assess_message` is what listeners call: one assessment per Discord message,
shared by every listener (the moderation listener and the spam guard both ask;
the detector runs once). `assess` is for text that is not a message.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from bot.surface.sanitize import Problem, ProblemKind, TextCheck, check_text, neutralize_mentions
from cogs.safety.assessment import NO_RISK, Assessment, Category, Level, Modifier, OtherPerson, Signal
from cogs.safety.detector import CrisisDetector, assess, default_detector
from cogs.safety.explain import explain
from cogs.safety.lexicon import Lexicon, load_lexicon
from cogs.safety.normalize import normalize, normalize_variants
from cogs.safety.response import (
    CheckInButton,
    CrisisAlertSink,
    CrisisSignal,
    SupportAddons,
    crisis_lines_embed,
    report_crisis,
    send_help_someone,
    send_private_support,
    support_addons,
)
from cogs.safety.scan import scan_stream
from cogs.safety.watch import decide, in_scope

__all__ = [
    "NO_RISK",
    "Assessment",
    "Category",
    "CheckInButton",
    "CrisisAlertSink",
    "CrisisDetector",
    "CrisisSignal",
    "Level",
    "Lexicon",
    "Modifier",
    "OtherPerson",
    "Problem",
    "ProblemKind",
    "Signal",
    "SupportAddons",
    "TextCheck",
    "assess",
    "assess_message",
    "check_text",
    "crisis_lines_embed",
    "decide",
    "default_detector",
    "explain",
    "in_scope",
    "load_lexicon",
    "neutralize_mentions",
    "normalize",
    "normalize_variants",
    "report_crisis",
    "scan_stream",
    "send_help_someone",
    "send_private_support",
    "support_addons",
]

_CACHE_SIZE = 2048
_cache: OrderedDict[tuple[int, str], Assessment] = OrderedDict()
_cache_lock = Lock()


def assess_message(message_id: int, text: str) -> Assessment:
    """The one assessment of a message, computed on first ask and shared (keyed by id and text, so an edit is new)."""
    key = (message_id, text)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    result = assess(text)
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result
