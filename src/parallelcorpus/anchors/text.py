"""Small text helpers shared by the anchor extractors (folding, scripts, Thai digits, spans).

:func:`digits_to_ascii` keeps the string's length, so offsets found on its copy are offsets into
the caller's text; :func:`fold` builds keys only and never serves for offsets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Thai digits ๐-๙ -> 0-9: same length, so regex offsets on the translated copy stay valid.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Other decimal digits (Arabic-Indic, Devanagari, full width...) are folded by unicodedata.

_SPECIAL_FOLD = {
    "đ": "d",
    "Đ": "D",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
    "ð": "d",
    "þ": "th",
}


_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
_THAI = re.compile("[\u0e00-\u0e7f]")


def digits_to_ascii(text: str) -> str:
    """Same-length copy of ``text`` with every decimal digit (Thai, Arabic-Indic...) as ASCII."""
    text = text.translate(_THAI_DIGITS)
    if text.isascii() or not _NON_ASCII_DIGIT.search(text):
        return text
    out = []
    for ch in text:
        if ch.isdecimal() and not ("0" <= ch <= "9"):
            try:
                out.append(str(unicodedata.decimal(ch)))
                continue
            except (TypeError, ValueError):
                pass
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case ASCII-ish form of a Latin word: Đặng -> dang, Bùi -> bui, Œuvre -> oeuvre."""
    word = "".join(_SPECIAL_FOLD.get(ch, ch) for ch in word)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def has_thai(text: str) -> bool:
    return _THAI.search(text) is not None


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) intersects one of ``spans`` (few per sentence: linear is fine)."""
    return any(start < e and s < end for s, e in spans)
