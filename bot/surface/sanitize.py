"""Make member text safe for the bot to post: no live mentions, no invites, no contact details."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import StrEnum

import discord
import phonenumbers

from bot.surface import messages as words

__all__ = ["PROBLEM_REASONS", "Problem", "ProblemKind", "TextCheck", "check_text", "neutralize_mentions"]

log = logging.getLogger(__name__)

ZERO_WIDTH_SPACE = "\u200b"


PROBLEM_REASONS = words.PROBLEM_REASONS  # the English reasons by kind (the words live in messages.py)


class ProblemKind(StrEnum):
    """Kinds of content Hearth will not repost for a member."""

    INVITE_LINK = "invite_link"
    PHONE_NUMBER = "phone_number"
    EMAIL_ADDRESS = "email_address"
    STREET_ADDRESS = "street_address"


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the text cannot be posted as it is, worded for the member."""

    kind: ProblemKind
    reason: str


@dataclass(frozen=True, slots=True)
class TextCheck:
    """The text with mentions made inert, and anything that stops it being posted."""

    text: str
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing in the text stops it being posted."""
        return not self.problems


_EVERYONE = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_MEMBER_OR_ROLE = re.compile(r"(?<=<)@(?=[!&]?\d)")

_INVITE = re.compile(
    r"(?:https?\s*:\s*/\s*/\s*)?(?:www\s*\.\s*)?"
    r"(?:discord(?:app)?\s*\.\s*com\s*/\s*invite|discord\s*\.\s*(?:gg|io|me|li)|dsc\s*\.\s*gg)"
    r"\s*/\s*[A-Za-z0-9-]{2,}",
    re.IGNORECASE,
)

_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL_SPELLED = re.compile(
    r"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[A-Za-z0-9-]+\s*"
    r"(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*"
    r"(?:com|net|org|co|uk|de|fr|nl|es|it|io|me|edu|gov|ca|au|in|info|mail)\b",
    re.IGNORECASE,
)

# A run of digits with phone-style separators (space, dot, dash, brackets), with
# an optional leading "+". Slashes and colons are not separators, so dates like
# 12/05/2024 and times like 09:00 never form a candidate.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+.,/:])\+?\(?\d[\d \t().-]{4,}\d(?![\w/:]|[.,]\d)")
_DIGIT_GROUPS = re.compile(r"\d+")
_DATE_LIKE = re.compile(r"^\d{1,4}[.-]\d{1,2}[.-]\d{1,4}$")
_CURRENCY_BEFORE = re.compile(r"[$€£¥₹]\s*$|\b(?:usd|eur|gbp|rs)\s*$", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s*(?:k\b|m\b|bn\b|%|usd|eur|gbp|dollars|euros|pounds|quid|bucks|kg|km|miles)", re.IGNORECASE
)
# Toll-free and freephone prefixes: a service's number (often a helpline), not a person's.
_TOLL_FREE = re.compile(r"^(?:\+?1[ .-]?)?\(?8(?:00|33|44|55|66|77|88)\)?|^0800|^0808|^\+?44 ?800|^\+?44 ?808")

_STREET_SUFFIX = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|terrace|crescent|"
    r"close|place|pl|square|sq|highway|hwy|straße|strasse|str|gasse|weg|rue|via|calle"
)
_NOT_STREET_WORD = (
    r"(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|times?|miles?|km|people|more|of|on|in|"
    r"the|a|an|and|to|my|his|her|our|their|this|that|other|all|hour|min|am|pm|is|are|was|were|for|"
    r"at|by|from|with|or|but|not|so|it|i|you|we|they|he|she)\b"
)
_STREET = re.compile(
    rf"\b\d{{1,5}}[a-z]?\s+(?:(?!{_NOT_STREET_WORD})[A-Za-z][\w'.-]*\s+){{1,3}}(?:{_STREET_SUFFIX})\b(?!-)",
    re.IGNORECASE,
)


def neutralize_mentions(text: str) -> str:
    """Make @everyone, @here, user and role mentions inert by inserting a zero-width space.

    discord.py's `escape_mentions` does the work; our two patterns then catch what it leaves by design (an
    id outside 17-20 digits, `<@&…>` forms with odd ids) so nothing that looks like a mention survives. This
    is the second guard: the bot's default AllowedMentions.none() already stops any ping from text.
    """
    text = discord.utils.escape_mentions(text)
    text = _EVERYONE.sub("@" + ZERO_WIDTH_SPACE, text)
    return _MEMBER_OR_ROLE.sub("@" + ZERO_WIDTH_SPACE, text)


# A service's number (a helpline, a company), not a person's: these are never refused.
_SERVICE_NUMBER_TYPES = frozenset({phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.SHARED_COST})


def _international_phone(text: str) -> bool:
    """A number written with its country code (+44 …), judged by libphonenumber's data for that country."""
    if "+" not in text:
        return False
    for found in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.POSSIBLE):
        if phonenumbers.number_type(found.number) not in _SERVICE_NUMBER_TYPES:
            return True
    return False


def _looks_like_phone(text: str, match: re.Match[str]) -> bool:
    """A national-format candidate ("07700 900123"): the country is unknown, so libphonenumber cannot say;
    digits, separators and what surrounds them decide."""
    candidate = match.group(0).strip()
    digits = "".join(_DIGIT_GROUPS.findall(candidate))
    if len(digits) < 7 or len(digits) > 15:
        return False
    groups = _DIGIT_GROUPS.findall(candidate)
    if _DATE_LIKE.match(candidate):
        return False
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # a run of years: "2019 2020 2021"
    if _CURRENCY_BEFORE.search(text, 0, match.start()) or _UNIT_AFTER.match(text, match.end()):
        return False
    return not _TOLL_FREE.match(candidate)


def check_text(text: str) -> TextCheck:
    """Neutralise mentions and list anything (invites, contact details) that stops the text being posted."""
    kinds: list[ProblemKind] = []
    if _INVITE.search(text):
        kinds.append(ProblemKind.INVITE_LINK)
    national = (m for m in _PHONE_CANDIDATE.finditer(text) if not m.group(0).lstrip().startswith(("+", "(+")))
    if _international_phone(text) or any(_looks_like_phone(text, m) for m in national):
        kinds.append(ProblemKind.PHONE_NUMBER)
    if _EMAIL.search(text) or _EMAIL_SPELLED.search(text):
        kinds.append(ProblemKind.EMAIL_ADDRESS)
    if _STREET.search(text):
        kinds.append(ProblemKind.STREET_ADDRESS)
    if kinds:
        log.debug("text check found %d problem kinds", len(kinds))
    problems = tuple(Problem(kind, words.PROBLEM_REASONS[kind]) for kind in kinds)
    return TextCheck(neutralize_mentions(text), problems)
