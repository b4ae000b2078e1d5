"""Numbers, years (incl. the Thai Buddhist era), percentages, ordinals, decades, number words.

Keys (equal across languages when the value is equal):

- ``num:1000``, ``num:2.5``  cardinal or ordinal value ("1 000", "1,000", "1.000" in vi, "30th",
  "30e", "thứ 30", "๓๐"); a scaled amount also gets its full value ("1,5 milliard",
  "1.5 billion", "1,5 tỷ", "1.5 พันล้าน" -> ``num:1500000000``).
- ``year:2025``  a 4-digit year; Thai Buddhist-era years (พ.ศ. 2568, ปี 2568) are converted (-543).
- ``pct:30``     a percentage (30 %, 30 percent, 30 phần trăm, ร้อยละ 30).
- ``decade:1990`` "1990s", "années 90", "những năm 90", "ทศวรรษ 1990".
- ``time:17:00`` a clock time: "5 p.m.", "17 heures", "17h00", "17 giờ", "17.00 น.", "17:00".

Decimal and group separators come from CLDR (babel) for the text's language. Number words
("five", "cinq", "năm", "ห้า") are weak evidence (weight 0.3): they are often idioms or, for
Vietnamese "năm", the word "year". The small word tables below are deliberate: CLDR's spell-out
rules are not exposed by babel.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from parallelcorpus.anchors.text import overlaps
from parallelcorpus.types import Anchor

# A numeral: grouped thousands or a plain run of digits, with an optional fraction. Not glued to a
# preceding letter or digit ("G7", "COVID19" are codes, not amounts).
_NUMBER = regex.compile(
    r"(?<![\p{L}\p{N}]|\p{N}[.,])"
    r"(?P<num>[0-9]{1,3}(?:(?P<sep>[,.\u00a0\u202f ’'])[0-9]{3})(?:(?P=sep)[0-9]{3})*(?![0-9])"
    r"(?:[.,][0-9]+)?"
    r"|[0-9]+(?:[.,][0-9]+)?)"
    r"(?![0-9])"
)

#: Vulgar fractions whose decimal is exact ("1 ½ m" = "1,50 m" = "1.5 m"); thirds are left out,
#: since a translation rounds them some way of its own.
_FRACTIONS = {"½": "5", "¼": "25", "¾": "75", "⅛": "125", "⅜": "375", "⅝": "625", "⅞": "875"}
_FRACTIONS.update({"⅕": "2", "⅖": "4", "⅗": "6", "⅘": "8", "⅒": "1"})
_FRACTION_AFTER = regex.compile(rf"[ \u00a0\u202f]?([{''.join(_FRACTIONS)}])(?![\p{{N}}])")
_LONE_FRACTION = regex.compile(
    rf"(?<![\p{{N}}][ \u00a0\u202f]?)[{''.join(_FRACTIONS)}](?![\p{{N}}])"
)

_ORDINAL_SUFFIX = regex.compile(r"(?:st|nd|rd|th|er|re|ère|ème|eme|e|è|ᵉ|ᵉʳ|º)(?![\p{L}\p{N}])")
_DECADE_S = regex.compile(r"(?:'|’)?s(?![\p{L}\p{N}])")
_DECADE_BEFORE = regex.compile(
    r"(?:\bannées|\bdécennie|\bdecade|\bnhững năm|\bthập niên|\bthập kỷ|\bthập kỉ|ทศวรรษ(?:ที่)?|ยุค)"
    r"\s*(?:19|20)?$",
    regex.IGNORECASE,
)
_PERCENT_AFTER = regex.compile(
    r"\s?(?:%|％|\bpercent\b|\bper cent\b|\bpour cent\b|\bpourcent\b|\bphần trăm\b"
    r"|\bprozent\b|เปอร์เซ็นต์|เปอร์เซนต์)",
    regex.IGNORECASE,
)
_PERCENT_BEFORE = regex.compile(r"ร้อยละ\s*$")
#: The explicit Buddhist-era marks: after them any year is one ("พ.ศ. 2317" = 1774, a date of
#: history), where "ปี" (year) alone before 25xx only suggests it
_BE_MARKS = r"พ\.\s?ศ\.?|พุทธศักราช"
_BE_MARK = regex.compile(rf"(?:{_BE_MARKS})\s*$")
_BE_CONTEXT = regex.compile(rf"(?:ปี|{_BE_MARKS}|ศักราช)\s*$")

# Scale words after a number (multiplier as a power of ten). Longest alternatives first.
_SCALES: dict[str, int] = {
    "ล้านล้าน": 12,
    "พันล้าน": 9,
    "หมื่นล้าน": 10,
    "แสนล้าน": 11,
    "ล้าน": 6,
    "แสน": 5,
    "หมื่น": 4,
    "พัน": 3,
    "thousand": 3,
    "million": 6,
    "millions": 6,
    "billion": 9,
    "billions": 9,
    "trillion": 12,
    "mille": 3,
    "milliers": 3,
    "milliard": 9,
    "milliards": 9,
    "nghìn": 3,
    "ngàn": 3,
    "triệu": 6,
    "tỷ": 9,
    "tỉ": 9,
    "nghìn tỷ": 12,
    "ngàn tỷ": 12,
    "tausend": 3,
    "millionen": 6,
    "milliarde": 9,
    "milliarden": 9,
    "mn": 6,
    "bn": 9,
    "mio": 6,
    "mrd": 9,
}
_SCALE_AFTER = regex.compile(
    r"\s?(?P<w>"
    + "|".join(regex.escape(w) for w in sorted(_SCALES, key=len, reverse=True))
    + r")(?![\p{Latin}])",
    regex.IGNORECASE,
)
# French "billion" is 10^12 and English "billion" 10^9: resolve by language.
_BILLION_12 = {"fr", "de", "es", "it", "nl", "pt", "pl", "sv", "da", "no", "nb", "fi", "cs"}

# Small number words: weak evidence. Thai ones are matched on word tokens only (สาม is inside
# สามารถ), Latin ones on word boundaries.
_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "twenty": 20,
        "thirty": 30,
        "hundred": 100,
        "dozen": 12,
    },
    "fr": {
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "vingt": 20,
        "trente": 30,
        "cent": 100,
        "douzaine": 12,
    },
    "vi": {
        "hai": 2,
        "ba": 3,
        "bốn": 4,
        "năm": 5,
        "sáu": 6,
        "bảy": 7,
        "bẩy": 7,
        "tám": 8,
        "chín": 9,
        "mười": 10,
        "trăm": 100,
    },
    "th": {
        "สอง": 2,
        "สาม": 3,
        "สี่": 4,
        "ห้า": 5,
        "หก": 6,
        "เจ็ด": 7,
        "แปด": 8,
        "เก้า": 9,
        "สิบ": 10,
        "ยี่สิบ": 20,
        "ร้อย": 100,
    },
    "de": {
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "zwölf": 12,
        "zwanzig": 20,
        "hundert": 100,
    },
}
# Vietnamese "năm" is "five" only outside its (much more frequent) use as "year".
_VI_NAM_NOT_FIVE_BEFORE = regex.compile(
    r"(?:[0-9]|những|các|mỗi|hằng|hàng|trong|cả|cuối|đầu|giữa|vào|của|từ|đến|tới|sang|nhiều|một"
    r"|hai|ba|bốn|sáu|bảy|tám|chín|mười|tháng|ngày|mấy)\s*$",
    regex.IGNORECASE,
)
_VI_NAM_NOT_FIVE_AFTER = regex.compile(
    r"^\s*(?:[0-9]|nay|ngoái|qua|sau|tới|trước|học|tài|mới|đó|ấy|này|nào|kia|sinh|tuổi|ánh|tháng"
    r"|\W*$)",
    regex.IGNORECASE,
)

WEAK = 0.3


def _vi_nam_is_year(text: str, start: int, end: int) -> bool:
    """True when Vietnamese "năm"/"mười" at ``start:end`` is "year"/part of a date, not a count."""
    before, after = text[max(0, start - 12) : start], text[end : end + 10]
    return bool(_VI_NAM_NOT_FIVE_BEFORE.search(before) or _VI_NAM_NOT_FIVE_AFTER.match(after))


@lru_cache(maxsize=64)
def decimal_symbol(lang: str) -> str:
    """CLDR decimal separator of ``lang`` (``.`` when babel does not know the language)."""
    try:
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(lang) or "."
    except Exception:  # unknown/odd locale codes must not break extraction
        return "."


def canonical_number(raw: str, lang: str) -> tuple[str, bool]:
    """``("1000", True)`` for "1,000"/"1.000"(vi)/"1 000"; ``("2.5", False)`` for "2,5" (fr).

    The flag says whether the numeral was written as an integer (years and ordinals must be).
    """
    parts = regex.split(r"[^0-9]", raw)
    seps = [ch for ch in raw if ch not in "0123456789"]
    if not seps:
        return (raw.lstrip("0") or "0"), True
    dec = decimal_symbol(lang)
    spacey = " \u00a0\u202f’'"
    if len(seps) == 1:
        sep, tail = seps[0], parts[1]
        grouping = sep in spacey or (len(tail) == 3 and len(parts[0]) <= 3 and sep != dec)
        if grouping:
            return ((parts[0] + tail).lstrip("0") or "0"), True
        return _decimal(parts[0], tail), False
    if (
        len(set(seps)) == 1
        and all(len(p) == 3 for p in parts[1:])
        and (seps[0] != dec or seps[0] in spacey)
    ):
        return ("".join(parts).lstrip("0") or "0"), True
    # grouped integer part, then a decimal part after the last separator
    return _decimal("".join(parts[:-1]), parts[-1]), False


def _decimal(int_part: str, frac: str) -> str:
    """Canonical decimal: "2.50" -> "2.5", "17.00" -> "17" (a time, or a rounded amount)."""
    int_part = int_part.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"{int_part}.{frac}" if frac else int_part


def _scaled(value: str, exponent: int) -> str | None:
    if len(value) > 30:
        return None
    try:
        total = Decimal(value).scaleb(exponent)
    except InvalidOperation:
        return None
    if total != total.to_integral_value():
        return None
    return str(int(total))


# Clock times. "5 p.m." = "17 heures" = "17 giờ" = "17.00 น." -> time:17:00. A bare "HH:MM" is a
# time; "17 heures"/"2 giờ" may also be a duration, so those keep their number key too.
_TIME = regex.compile(
    r"(?<![0-9.,:])(?P<h>[0-9]{1,2})(?:(?P<sep>[:.h])(?P<m>[0-5][0-9]))?"
    r"(?P<suffix>\s?(?:[ap]\.\s?m\.|[ap]m\b|น\.|นาฬิกา|giờ\b|heures?\b|h\b|Uhr\b))?"
    r"(?![0-9])",
    regex.IGNORECASE,
)


def extract_times(text: str, norm: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    """``time:HH:MM`` anchors; their spans join ``taken``."""
    out: list[Anchor] = []
    for m in _TIME.finditer(norm):
        suffix = (m.group("suffix") or "").strip().casefold()
        sep = m.group("sep")
        if not suffix and sep not in (":", "h"):
            continue
        if sep == "h" and (suffix or not m.group("m")):
            continue  # "17h00h": malformed
        if (
            sep == "."
            and suffix not in ("น.", "นาฬิกา", "giờ", "h", "heure", "heures")
            and not (suffix[:1] in "ap" and suffix)
        ):
            continue  # "4.5" is a decimal, "17.00 น." a time
        start, end = m.span()
        if overlaps(taken, start, end):
            continue
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if suffix[:1] in ("a", "p") and suffix.replace(".", "").replace(" ", "") in ("am", "pm"):
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if suffix.startswith("p") else 0)
        if hour > 24:
            continue
        surface = text[start:end]
        out.append(Anchor("time", f"time:{hour:02d}:{minute:02d}", start, end, surface))
        if suffix in ("giờ", "heure", "heures", "h", "uhr") and not m.group("m"):
            out.append(Anchor("time", f"num:{hour}", start, end, surface, 0.8))  # or a duration
        taken.append((start, end))
    return out


def extract_numbers(
    text: str,
    norm: str,
    lang: str,
    taken: list[tuple[int, int]],
    thai_tokens: list[tuple[int, int, str]] | None = None,
) -> list[Anchor]:
    """Numeric anchors of ``text``; ``norm`` is its same-length copy with ASCII digits.

    Spans in ``taken`` (dates, URLs) are skipped so a date's digits are not counted twice.
    """
    out = extract_times(text, norm, taken)
    thai_text = lang == "th"
    for m in _NUMBER.finditer(norm):
        start, end = m.span("num")
        if overlaps(taken, start, end):
            continue
        raw = m.group("num")
        surface = text[start:end]
        value, is_int = canonical_number(raw, lang)
        before = norm[max(0, start - 24) : start]
        after = norm[end : end + 24]
        fraction = _FRACTION_AFTER.match(after) if is_int else None
        if fraction:  # "1 ½" = 1.5
            value, is_int = f"{value}.{_FRACTIONS[fraction.group(1)]}", False
            end += fraction.end()
            after = norm[end : end + 24]

        decade = _decade(value, before, after) if is_int else None
        if decade is not None:
            year, suffix = decade
            end += suffix
            out.append(Anchor("decade", f"decade:{year}", start, end, text[start:end]))
            continue

        pct = _PERCENT_AFTER.match(after)
        if pct or _PERCENT_BEFORE.search(before):
            pend = end + (pct.end() if pct else 0)
            out.append(Anchor("percent", f"pct:{value}", start, pend, text[start:pend]))
            out.append(Anchor("percent", f"num:{value}", start, pend, text[start:pend], 0.5))
            continue

        if is_int and len(value) == 4 and len(raw) == 4:
            year = int(value)
            if _BE_MARK.search(before) and 1000 + 543 <= year <= 2799:
                out.append(Anchor("year", f"year:{year - 543}", start, end, surface))
                continue
            if (thai_text or _BE_CONTEXT.search(before)) and 2400 <= year <= 2799:
                if _BE_CONTEXT.search(before) or _has_thai_month(before):
                    out.append(Anchor("year", f"year:{year - 543}", start, end, surface))
                else:
                    out.append(Anchor("year", f"year:{year - 543}", start, end, surface, 0.6))
                    out.append(Anchor("number", f"num:{value}", start, end, surface, 0.6))
                continue
            if 1000 <= year <= 2199:
                out.append(Anchor("year", f"year:{year}", start, end, surface))
                out.append(Anchor("year", f"num:{value}", start, end, surface, 0.8))
                continue

        kind = "number"
        ordm = _ORDINAL_SUFFIX.match(after) if is_int else None
        if ordm:
            kind, end = "ordinal", end + ordm.end()
        scale = _SCALE_AFTER.match(after) if not ordm else None
        if scale:
            word = scale.group("w").casefold()
            exponent = _SCALES.get(word, 0)
            if word.startswith("billion") and lang in _BILLION_12:
                exponent = 12
            full = _scaled(value, exponent) if exponent else None
            if full is not None:
                send = end + scale.end()
                out.append(Anchor("number", f"num:{full}", start, send, text[start:send]))
                out.append(Anchor("number", f"num:{value}", start, send, text[start:send], 0.5))
                continue
        out.append(Anchor(kind, f"num:{value}", start, end, text[start:end]))
    for m in _LONE_FRACTION.finditer(norm):  # "½ Stunde"
        if not overlaps(taken, *m.span()):
            key = f"num:0.{_FRACTIONS[m.group(0)]}"
            out.append(Anchor("number", key, m.start(), m.end(), m.group(0)))
    out.extend(_number_words(text, lang, taken, thai_tokens))
    return out


def _decade(value: str, before: str, after: str) -> tuple[str, int] | None:
    """("1990", length of an "s" suffix) for "1990s", "'90s", "années 90", "ทศวรรษ 1990"."""
    if len(value) not in (2, 4) or not value.endswith("0"):
        return None
    suffix = _DECADE_S.match(after)
    if suffix and (
        len(value) == 4
        or after[:1] in ("'", "’")
        or before.endswith(("'", "’"))
        or before.rstrip().lower().endswith("the")
    ):
        length = suffix.end()
    elif _DECADE_BEFORE.search(before):
        length = 0
    else:
        return None
    if len(value) == 2:
        prefix = regex.search(r"(19|20)$", before)
        value = (prefix.group(1) if prefix else ("20" if int(value) < 30 else "19")) + value
    return value, length


def _has_thai_month(before: str) -> bool:
    from parallelcorpus.anchors.dates import thai_month_before

    return thai_month_before(before)


@lru_cache(maxsize=16)
def _word_pattern(lang: str) -> regex.Pattern[str] | None:
    words = _NUMBER_WORDS.get(lang)
    if not words or lang == "th":
        return None
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(
        rf"(?<![\p{{L}}\p{{M}}\-])(?:{alts})(?![\p{{L}}\p{{M}}\-])", regex.IGNORECASE
    )


def _number_words(
    text: str,
    lang: str,
    taken: list[tuple[int, int]],
    thai_tokens: list[tuple[int, int, str]] | None,
) -> list[Anchor]:
    out: list[Anchor] = []
    words = _NUMBER_WORDS.get(lang, {})
    if lang == "th" and thai_tokens:
        for s, e, tok in thai_tokens:
            word = tok[4:] if tok.startswith("ทั้ง") else tok  # ทั้งสอง "both" is one token
            if word in words and not overlaps(taken, s, e):
                out.append(Anchor("number", f"num:{words[word]}", s, e, tok, WEAK))
        return out
    pattern = _word_pattern(lang)
    if pattern is None:
        return out
    for m in pattern.finditer(text):
        s, e = m.span()
        if overlaps(taken, s, e):
            continue
        word = m.group(0)
        if word[:1].isupper() and s > 0 and text[s - 1] not in '.!?\n"“«':
            continue  # capitalised mid-sentence: part of a name ("Ba Đình", "Six Nations")
        low = word.casefold()
        if lang == "vi" and low in ("năm", "mười") and _vi_nam_is_year(text, s, e):
            continue
        out.append(Anchor("number", f"num:{words[low]}", s, e, word, WEAK))
    return out
