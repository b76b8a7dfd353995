"""Safety service: crisis-language detection and text sanitising for posting member text."""

from bot.safety.detector import Assessment, Category, CrisisDetector, Level, assess, default_detector
from bot.safety.lexicon import Lexicon, load_lexicon
from bot.safety.normalize import normalize, normalize_variants
from bot.safety.sanitize import Problem, ProblemKind, TextCheck, check_text, neutralize_mentions
from bot.safety.scan import scan_stream

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
    "default_detector",
    "load_lexicon",
    "neutralize_mentions",
    "normalize",
    "normalize_variants",
    "scan_stream",
]
