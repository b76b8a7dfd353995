"""Safety service: crisis-language detection and text sanitising for posting member text."""

from bot.surface.sanitize import Problem, ProblemKind, TextCheck, check_text, neutralize_mentions
from cogs.safety.detector import Assessment, Category, CrisisDetector, Level, assess, default_detector
from cogs.safety.lexicon import Lexicon, load_lexicon
from cogs.safety.normalize import normalize, normalize_variants
from cogs.safety.response import crisis_lines_embed, send_private_support
from cogs.safety.scan import scan_stream

__all__ = [
    "Assessment",
    "Category",
    "CrisisDetector",
    "Level",
    "Lexicon",
    "Problem",
    "ProblemKind",
    "TextCheck",
    "assess",
    "check_text",
    "crisis_lines_embed",
    "default_detector",
    "load_lexicon",
    "neutralize_mentions",
    "normalize",
    "normalize_variants",
    "scan_stream",
    "send_private_support",
]
