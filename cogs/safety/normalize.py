"""Normalise member text so the safety lexicon sees one plain, lowercase form.

The normalised form is lowercase ASCII-ish words separated by single spaces, with
clause breaks (full stops, commas, new lines, ...) kept as a lone ``.`` token so
that negation and context rules do not reach across sentences. Emoji and other
symbols survive as their own tokens (a pill emoji is a signal).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "normalize_variants"]

# Cyrillic and Greek letters that look like Latin ones, plus a few symbols used
# in place of letters. Applied after casefolding, so lowercase forms suffice.
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "ɡ": "g",
    "һ": "h",
    "ӏ": "l",
    "ԛ": "q",
    "ԝ": "w",
    "ь": "b",
    "п": "n",
    "г": "r",
    "л": "n",
    "з": "3",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "σ": "o",
    "ς": "s",
    "μ": "u",
    "ω": "w",
    "δ": "d",
    # Latin look-alikes that NFKC leaves alone
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŀ": "l",
    "ß": "ss",
}

# Leetspeak digits and symbols, applied only inside words (see _LEET_WORD).
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})

_APOSTROPHES = "'’‘`´ʼ′"
_CLAUSE_BREAKS = '.,;:!?\n\r\t…—–|()[]{}"“”«»'

# Characters removed outright: zero-width and other format characters.
_INVISIBLE = {
    0x00AD,
    0x034F,
    0x061C,
    0x115F,
    0x1160,
    0x17B4,
    0x17B5,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2070),
    0xFEFF,
}

_ASCII_TABLE: dict[int, str | None] = {}
for _code in range(128):
    _ch = chr(_code)
    if _ch.isalnum() or _ch in "@$":
        _ASCII_TABLE[_code] = _ch.lower()
    elif _ch in _APOSTROPHES:
        _ASCII_TABLE[_code] = ""
    elif _ch in _CLAUSE_BREAKS:
        _ASCII_TABLE[_code] = " . "
    else:
        _ASCII_TABLE[_code] = " "

_RUN3 = re.compile(r"([a-z])\1{2,}")
_DOTS = re.compile(r"(?: \.)+(?= |$)")
# Tokens that may hold leetspeak; a number with a unit ("800mg", "3am", "4ever")
# is left as it is.
_TOKEN = re.compile(r"[\w@$]+")
_NUMBER_WITH_UNIT = re.compile(r"[0-9]+[a-z]*")
_HAS_LEET = re.compile(r"[a-z][0-9@$]|[0-9@$][a-z]")
# Three or more single letters separated by spaces ("k m s", "d i e") become one word.
_SPACED_LETTERS = re.compile(r"(?<![\w])(?:[a-z] ){2,}[a-z](?![\w])")


def _fold_unicode(text: str) -> str:
    """Decompose, drop combining marks and format characters, fold look-alikes."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        code = ord(ch)
        if code < 128:
            out.append(ch)
            continue
        if code in _INVISIBLE:
            continue
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf", "Cc"):
            continue
        low = ch.casefold()
        mapped = _HOMOGLYPHS.get(low)
        if mapped is not None:
            out.append(mapped)
        elif low in _APOSTROPHES:
            continue
        elif low in _CLAUSE_BREAKS:
            out.append(" . ")
        elif category[0] in ("L", "N"):
            out.append(low)
        elif category[0] == "S":
            # Emoji and symbols stay, as their own token.
            out.append(f" {ch} ")
        else:
            out.append(" ")
    return "".join(out)


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _HAS_LEET.search(word) or _NUMBER_WITH_UNIT.fullmatch(word):
        return word
    return word.translate(_LEET)


def _base_form(text: str) -> str:
    """Normalise everything except the repeated-letter collapse."""
    text = text.replace("||", " ")
    if not text.isascii():
        text = _fold_unicode(text)
    text = text.translate(_ASCII_TABLE)
    if _HAS_LEET.search(text):
        text = _TOKEN.sub(_unleet, text)
    text = " ".join(text.split())
    if " " in text:
        text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
        if ". ." in text:
            text = _DOTS.sub(" .", text)
    return text.strip(" .")


def normalize(text: str) -> str:
    """Return the canonical matching form of a message (letters run 3+ times become 2)."""
    return _RUN3.sub(r"\1\1", _base_form(text))


def normalize_variants(text: str) -> tuple[str, ...]:
    """Return the forms the matcher should try: runs of 3+ letters as two letters, and as one."""
    base = _base_form(text)
    if not _RUN3.search(base):
        return (base,)
    return (_RUN3.sub(r"\1\1", base), _RUN3.sub(r"\1", base))
