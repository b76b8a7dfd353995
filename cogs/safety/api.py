"""What the safety feature offers every other feature: one assessment per message, and the private response."""

from bot.surface.sanitize import Problem, ProblemKind, TextCheck, check_text, neutralize_mentions
from cogs.safety.detector import Assessment, Category, CrisisDetector, Level, assess, default_detector
from cogs.safety.lexicon import Lexicon, load_lexicon
from cogs.safety.normalize import normalize, normalize_variants
from cogs.safety.response import (
    CheckInButton,
    CrisisAlertSink,
    CrisisSignal,
    SupportAddons,
    crisis_lines_embed,
    report_crisis,
    send_private_support,
    support_addons,
)
from cogs.safety.scan import scan_stream
from cogs.safety.watch import decide, in_scope

__all__ = [
    "Assessment",
    "Category",
    "CheckInButton",
    "CrisisAlertSink",
    "CrisisDetector",
    "CrisisSignal",
    "Level",
    "Lexicon",
    "Problem",
    "ProblemKind",
    "SupportAddons",
    "TextCheck",
    "assess",
    "check_text",
    "crisis_lines_embed",
    "decide",
    "default_detector",
    "in_scope",
    "load_lexicon",
    "neutralize_mentions",
    "normalize",
    "normalize_variants",
    "report_crisis",
    "scan_stream",
    "send_private_support",
    "support_addons",
]
