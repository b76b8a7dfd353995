"""Normalise member text so the lexicons see one plain form, in any script.

The form is lowercase words separated by single spaces, accents and other marks
removed (so patterns are written without them: "chce umrzec", "olmek istiyorum"),
Arabic letter variants folded (أ إ آ -> ا, ى -> ي, ة -> ه, no tatweel or
harakat), apostrophes dropped ("i'm" -> "im"), and clause breaks (full stops,
commas, new lines, ...) kept as a lone ``.`` token so that context does not
reach across sentences. Emoji survive as their own words (a pill emoji is a
signal). Look-alike letters from another script are folded only inside a word
that mixes scripts, so Russian and Ukrainian stay Cyrillic.

Several forms are tried when tricks are present: leetspeak read as letters and
as written (Arabizi writes letters with digits: "3ayez amoot"), and letters
repeated three or more times cut to two and to one ("diiiie").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = ["Spelling", "fold_letters", "normalize", "normalize_variants"]

# Letters NFKD leaves alone, and Arabic and Persian letter variants.
_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ł": "l",
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ŀ": "l",
        "æ": "ae",
        "œ": "oe",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ک": "ك",
        "ـ": "",
    }
)

# Cyrillic and Greek letters that look like Latin ones; used inside mixed-script words only.
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
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
        "ј": "j",
        "ԁ": "d",
        "һ": "h",
        "ӏ": "l",
        "ԛ": "q",
        "ԝ": "w",
        "ь": "b",
        "п": "n",
        "г": "r",
        "л": "n",
        "з": "3",
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
        "ɡ": "g",
    }
)
_CYRILLIC_OR_GREEK = re.compile("[\u0370-\u04ff]")
_MIXED_WORD = re.compile(r"\w*(?:[a-z][\u0370-\u04ff]|[\u0370-\u04ff][a-z])\w*")

# Leetspeak digits and symbols, applied only inside words that mix letters and digits.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# Symbols used inside a word in place of a letter or to break it up ("k!ll", "s*icide", "sui-cide").
_IN_WORD_SYMBOLS = str.maketrans({"!": "i", "@": "a", "$": "s", "|": "l", "1": "i", "0": "o", "3": "e"})
_SYMBOL_WORD = re.compile(r"(?<![\w*!@#$%|.+~^-])\w+(?:[*!@#$%|.+~^_-]+\w*)+")
_SYMBOL_CHARS = re.compile(r"[*#%.+~^_-]")

_APOSTROPHES = "'’‘`´ʼ′"
_CLAUSE_BREAKS = '.,;:!?\n\r\t…—–|()[]{}"“”«»„،؛؟'


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

_RUN3 = re.compile(r"([^\W\d_])\1{2,}")
_DOTS = re.compile(r"(?: \.)+(?= |$)")
_TOKEN = re.compile(r"[\w@$]+")
# A number and its unit ("800mg", "3am", "10pm", "2nd", and Arabizi's letter digits: "3ayez"); a 0 or a 1
# before three or more letters is a letter ("0lmek", "1ntihar").
_NUMBER_WITH_UNIT = re.compile(r"[01][a-z]{0,2}|[2-9][a-z]*|[0-9]{2,}[a-z]*")
_HAS_LEET = re.compile(r"[a-z][0-9@$]|[0-9@$][a-z]")
# Three or more single letters separated by spaces ("k m s", "d i e") become one word; digits may be among
# them when letters are too (Arabizi writes letters with digits: "e n t e 7 a r").
_SPACED_LETTERS = re.compile(r"(?<![\w])(?:[^\W_] ){2,}[^\W_](?![\w])")
# ... or by dots, dashes or stars ("k.m.s", "d-i-e", "e.n.t.e.7.a.r").
_SEPARATED_LETTERS = re.compile(r"(?<![\w.*_-])(?:[^\W_][.*_-]){2,}[^\W_](?![\w*_-])")
_TWO_LETTERS = re.compile(r"[^\W\d_].*[^\W\d_]")


# Combining marks and invisible format characters, removed after NFKD (a regex: one C pass, no Python loop).
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufe00-\ufe0f\ufe20-\ufe2f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufeff]"
)


def fold_letters(text: str) -> str:
    """Casefold, drop accents, marks and invisible characters, fold letter variants; keep everything else."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold().translate(_LETTERS)


_ESCAPE = re.compile(r"(\\.)")


def fold_pattern(pattern: str) -> str:
    """Fold a regular expression's letters as text is folded, leaving its escapes alone (\\S stays \\S, not \\s)."""
    return "".join(part if part.startswith("\\") else fold_letters(part) for part in _ESCAPE.split(pattern))


def _spaced(text: str, spelling: Spelling | None = None) -> str:
    """Letters typed one by one become a word, or the lexicon words they spell ("k i l l m e" -> "kill me")."""

    def join(match: re.Match[str]) -> str:
        if _TWO_LETTERS.search(match.group(0)) is None:  # digits alone ("1 2 3") stay as they are
            return match.group(0)
        word = match.group(0).replace(" ", "")
        if spelling is None or word in spelling.words:
            return word
        return spelling.split(word) or word

    return _SPACED_LETTERS.sub(join, text)


_BREAK = "\x01"


class _WordsTable(dict[int, str | None]):
    """str.translate table for any character, one character to at most one (CPython's fast path).

    Punctuation becomes a space, a clause break a marker later spelled " . ", letters and digits stay,
    symbols (emoji) stay and are spaced out afterwards. Filled on first sight of each character.
    """

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        mapped: str | None
        if ch in _APOSTROPHES:
            mapped = None
        elif ch in _CLAUSE_BREAKS:
            mapped = _BREAK
        else:
            category = unicodedata.category(ch)
            mapped = ch if category[0] in ("L", "N", "S") else " "
        self[code] = mapped
        return mapped


_WORDS_TABLE = _WordsTable(
    {code: (_BREAK if value == " . " else value or None) for code, value in _ASCII_TABLE.items()}
)
_SYMBOL = re.compile(r"([^\w\s@$\x01])")


def _to_words(text: str) -> str:
    """Punctuation to spaces or clause breaks, symbols to their own words."""
    words = text.translate(_WORDS_TABLE)
    if not text.isascii():
        words = _SYMBOL.sub(r" \1 ", words)
    return words.replace(_BREAK, " . ")


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _HAS_LEET.search(word) or _NUMBER_WITH_UNIT.fullmatch(word):
        return word
    return word.translate(_LEET)


class Spelling:
    """The words the lexicons are written in, so that a word with a symbol in place of a letter can be read back.

    `words` are whole words (3+ letters) found in the patterns, `stems` the
    longer ones (5+ letters), which may begin a longer word ("suizid" in
    "suizidgedanken"); `letters` is every letter they use.
    """

    __slots__ = ("core", "letters", "stems", "words")

    def __init__(self, words: set[str], core: set[str] | None = None) -> None:
        self.words = frozenset(words)
        self.core = frozenset(core or ())
        self.stems = frozenset(word for word in words if len(word) >= 5)
        self.letters = "".join(sorted({ch for word in words for ch in word}))

    def knows(self, word: str) -> bool:
        """Whether a word is one of the lexicons' words, or begins with one of their longer stems."""
        if word in self.words:
            return True
        return any(word[:n] in self.stems for n in range(5, len(word) + 1))

    def split(self, word: str) -> str | None:
        """A run of letters read as lexicon words ("killmyself" -> "kill myself"), or None if it is not one."""
        best: list[list[str] | None] = [None] * (len(word) + 1)
        best[0] = []
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 24), end):
                head = best[start]
                piece = word[start:end]
                if head is not None and (piece in self.words or piece in _SHORT_WORDS):
                    if best[end] is None or len(head) + 1 < len(best[end] or ()):
                        best[end] = [*head, piece]
        found = best[len(word)]
        return " ".join(found) if found and len(found) > 1 else None

    def read(self, word: str) -> str | None:
        """The lexicon word a symbol-broken word spells ("k!ll", "s*icide", "j*mping"), or None.

        Each symbol stands either for the letter it looks like, for nothing (a
        separator: "sui-cide"), or for one unknown letter (at most two of those).
        """
        plain = _SYMBOL_CHARS.sub("", word.translate(_IN_WORD_SYMBOLS))
        if plain.isalpha() and (plain in self.words or (_JOINERS.search(word) is None and self.knows(plain))):
            return plain
        parts = _SYMBOL_RUN.split(word)
        if len(parts) not in (2, 3) or _JOINERS.search(word):
            return None
        if len(parts) == 2:
            head, tail = parts
            found = [f"{head}{ch}{tail}" for ch in self.letters]
        else:
            head, middle, tail = parts
            found = [f"{head}{ch}{middle}{ch2}{tail}" for ch in self.letters for ch2 in self.letters]
        known = [candidate for candidate in found if candidate.isalpha() and self.knows(candidate)]
        # Several letters may fit ("k*ll": kill, kell): a core word of the lexicons wins.
        return next((candidate for candidate in known if candidate in self.core), known[0] if known else None)

    def other_readings(self, word: str, chosen: str) -> list[str]:
        """Other core words one symbol-broken word may spell ("suicid*r": suicidar, suicider), at most two."""
        parts = _SYMBOL_RUN.split(word)
        if len(parts) != 2 or _JOINERS.search(word):
            return []
        head, tail = parts
        found = (f"{head}{ch}{tail}" for ch in self.letters)
        return [candidate for candidate in found if candidate in self.core and candidate != chosen][:2]


# Short words that may sit between lexicon words when letters are typed one by one.
_SHORT_WORDS = frozenset({"i", "a", "me", "my", "to", "im", "it", "so", "ja", "je", "se", "ya", "я"})
_SYMBOL_RUN = re.compile(r"[*!@#$%|.+~^_-]+")
# A dot or a dash may join two real words ("ending.tonight"): such a word is read only as one whole lexicon word.
_JOINERS = re.compile(r"[.-]")


def _fix_symbol_words(
    text: str, vocabulary: Mapping[str, str], spelling: Spelling | None = None
) -> tuple[str, list[str]]:
    """Words broken up with symbols become the core word they spell, if they spell one.

    Returns the text and, when a word could spell another core word too (in
    another language), copies of the text with that other reading.
    """
    others: list[tuple[int, str]] = []

    def reading(word: str) -> str | None:
        candidate = _SYMBOL_CHARS.sub("", word.translate(_IN_WORD_SYMBOLS))
        found = vocabulary.get(candidate)
        if found is None and spelling is not None:
            found = spelling.read(word)
        return found

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        found = reading(word)
        if found is not None and spelling is not None and len(others) < 3:
            others.extend((match.start(), alt) for alt in spelling.other_readings(word, found))
        return found or word

    def fix_quietly(match: re.Match[str]) -> str:
        return reading(match.group(0)) or match.group(0)

    fixed = _SYMBOL_WORD.sub(fix, text)

    def read_as(start: int, alt: str) -> str:
        return _SYMBOL_WORD.sub(lambda m: alt if m.start() == start else fix_quietly(m), text)

    alternatives = [read_as(start, alt) for start, alt in others]
    return fixed, alternatives


def _tidy(text: str, spaced: bool, spelling: Spelling | None = None) -> str:
    text = " ".join(text.split())
    if spaced:
        text = _spaced(text, spelling)
    if ". ." in text:
        text = _DOTS.sub(" .", text)
    return text.strip(" .")


# Cheap signs that a text may hold a trick; the regexes below run only when one is there.
_TRICK_CHARS = "*!@#$%|+~^_0123456789"
_RUN = re.compile(r"([a-z])\1{2}")


_DOT_IN_WORD = re.compile(r"[^\W\d_][.-][^\W\d_]")
_SPACED_HINT = re.compile(r"(?<![\w])[^\W\d_][ .*_-][^\W\d_][ .*_-][^\W\d_](?![\w])")
_TRICK_PARTS = (
    ("sym", re.compile(r"[^\W_][*!@#$%|+~^_.-]+[^\W_]")),
    ("spaced", re.compile(r"(?<![\w])[^\W\d_][ .*_-][^\W\d_][ .*_-][^\W\d_](?![\w])")),
    ("leet", re.compile(r"[a-z][0-9@$]|[0-9@$][a-z]")),
    ("run", re.compile(r"([a-z])\1{2}")),
)


def _join_separated(match: re.Match[str]) -> str:
    run = match.group(0)
    return _SYMBOL_CHARS.sub("", run) if _TWO_LETTERS.search(run) else run  # a date ("3.4.5") stays


def normalize_variants(
    text: str, vocabulary: Mapping[str, str] | None = None, spelling: Spelling | None = None
) -> tuple[str, ...]:
    """The forms the matcher should try, the plainest first (see the module docstring)."""
    if "||" in text:
        text = text.replace("||", " ")
    if not text.isascii():
        text = fold_letters(text)
        if _CYRILLIC_OR_GREEK.search(text) and _MIXED_WORD.search(text):
            text = _MIXED_WORD.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), text)
    else:
        text = text.lower()
    if (
        not any(ch in text for ch in _TRICK_CHARS)
        and _RUN.search(text) is None
        and _SPACED_HINT.search(text) is None
        and _DOT_IN_WORD.search(text) is None
    ):
        return (_tidy(_to_words(text), False),)
    tricks = {name for name, regex in _TRICK_PARTS if regex.search(text)}
    alternatives: list[str] = []
    if vocabulary and "sym" in tricks and _SYMBOL_WORD.search(text):
        text, alternatives = _fix_symbol_words(text, vocabulary, spelling)
    if "spaced" in tricks and _SEPARATED_LETTERS.search(text):
        text = _SEPARATED_LETTERS.sub(_join_separated, text)
    written = _tidy(_to_words(text), "spaced" in tricks, spelling)
    forms = [written, *(_tidy(_to_words(alt), "spaced" in tricks, spelling) for alt in alternatives)]
    if ("leet" in tricks or "sym" in tricks) and _HAS_LEET.search(written):
        unleeted = _TOKEN.sub(_unleet, written)
        if unleeted != written:
            forms.insert(0, unleeted)
    if "run" in tricks and _RUN3.search(written):
        for form in list(forms):
            forms.append(_RUN3.sub(r"\1\1", form))
            forms.append(_RUN3.sub(r"\1", form))
        forms = [form for form in forms if not _RUN3.search(form)]
    return tuple(dict.fromkeys(forms))


def normalize(text: str) -> str:
    """The canonical matching form of a message: leetspeak read as letters, runs of 3+ letters as two."""
    return normalize_variants(text)[0]
