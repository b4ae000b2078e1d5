"""Dates with month names from CLDR (babel) and numeric dates, as calendar keys.

A date yields every partial key it supports, so "March 12" (en) matches "12 mars 2025" (fr) and
"ngày 11.3.2025" matches "11 มีนาคม 2568" (Thai Buddhist era):

- ``date:2025-03-11`` full date, ``date:--03-11`` month and day, ``date:2025-03`` year and month,
  ``year:2025`` the year, ``date:--03`` a month on its own (weight 0.5).
- ``wd:1`` .. ``wd:7`` a weekday (ISO numbering, Monday = 1; weight 0.5): Monday, lundi,
  thứ Hai, วันจันทร์.

Month and weekday names are the CLDR wide and abbreviated forms (format and stand-alone) of the
text's language, never a hand-typed table. English and Thai keep their own rules for ambiguity:
English month names must be capitalised ("may" is a verb), French ones lower-case ("Mars" is a
person), and Thai two-digit years after an abbreviated month ("มี.ค. 68") are Buddhist-era.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from parallelcorpus.anchors.text import overlaps
from parallelcorpus.types import Anchor

_DAY_BEFORE = regex.compile(
    r"(?<![0-9.,])(?P<d>[0-9]{1,2})(?:er|re|st|nd|rd|th|\.|º)?\s*(?:de\s+|tháng\s+|of\s+)?$"
)
_DAY_AFTER = regex.compile(r"^\s*(?P<d>[0-9]{1,2})(?:st|nd|rd|th|er)?(?![0-9.,:][0-9]|[0-9])")
_YEAR_AFTER = regex.compile(
    r"^(?:,?\s*(?:năm\s+|พ\.\s?ศ\.\s*|ค\.\s?ศ\.\s*|de\s+|of\s+)?|\s*/\s*)(?P<y>[0-9]{4})(?![0-9])"
)
_SHORT_BE_YEAR = regex.compile(r"^\s*(?P<y>[0-9]{2})(?![0-9.,:])")
_NUMERIC_DMY = regex.compile(r"(?<![0-9.,/:])([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})(?![0-9])")
_ISO = regex.compile(r"(?<![0-9.,/:-])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
_NUMERIC_DM = regex.compile(r"(?<![0-9.,/:])([0-9]{1,2})([./-])([0-9]{1,2})(?![0-9]|[./-][0-9])")
_DM_CONTEXT = regex.compile(
    r"(?:\bngày|\bhôm|\bsáng|\bchiều|\btối|\bđêm|\btrưa|วันที่|\ble|\bon|\bam|\bdu)\s*$",
    regex.IGNORECASE,
)


@lru_cache(maxsize=32)
def month_names(lang: str) -> dict[str, int]:
    """CLDR month names of ``lang`` (wide and abbreviated, format and stand-alone) -> month."""
    try:
        from babel import Locale, localedata

        locale = Locale.parse(lang)
        # the language's regional variants write some months their own way: "Sept" (en_GB),
        # "Jänner" (de_AT), "juill." (fr_CA)
        regional = [
            Locale.parse(code)
            for code in localedata.locale_identifiers()
            if code.startswith(lang + "_") and len(code) == len(lang) + 3
        ]
    except Exception:
        return {}

    def forms(
        loc: Locale, widths: tuple[str, ...] = ("wide", "abbreviated")
    ) -> list[tuple[str, int]]:
        out = []
        for width in widths:
            for context in ("format", "stand-alone"):
                try:
                    table = loc.months[context][width]
                except KeyError:
                    continue
                out += [(name.strip(), int(month)) for month, name in table.items()]
        return out

    wide = {name for name, _ in forms(locale, ("wide",))}
    regional_months: dict[str, set[int]] = {}
    for loc in regional:
        for name, month in forms(loc):
            regional_months.setdefault(name, set()).add(month)
    # a regional form that names two months ("jui.": juin or juillet) is left out
    extra = [(name, min(ms)) for name, ms in regional_months.items() if len(ms) == 1]
    names: dict[str, int] = {}
    for name, month in [*forms(locale), *extra]:
        if len(name.rstrip(".")) >= 3 or lang == "th":
            names.setdefault(name, month)
            if name.endswith("."):
                names.setdefault(name[:-1], month)
            elif name not in wide and lang != "th":
                names.setdefault(name + ".", month)  # "Oct. 7": the abbreviation's full stop
    return names


@lru_cache(maxsize=32)
def _month_pattern(lang: str) -> regex.Pattern[str] | None:
    names = month_names(lang)
    if not names:
        return None
    alts = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    if lang == "th":
        return regex.compile(rf"(?:{alts})")
    flags = regex.IGNORECASE if lang not in ("en", "fr", "de") else 0
    return regex.compile(
        rf"(?<![\p{{L}}\p{{M}}])(?:{alts})(?![\p{{L}}\p{{M}}]|(?<=[0-9])[0-9])", flags
    )


@lru_cache(maxsize=1)
def _thai_month_tail() -> regex.Pattern[str]:
    alts = "|".join(regex.escape(n) for n in sorted(month_names("th"), key=len, reverse=True))
    return regex.compile(rf"(?:{alts})\s*$")


def thai_month_before(before: str) -> bool:
    """True when ``before`` ends with a Thai month name (so a following 25xx is Buddhist-era)."""
    return bool(month_names("th")) and bool(_thai_month_tail().search(before))


def _year_value(raw: str, lang: str, *, short_be: bool = False) -> int | None:
    year = int(raw)
    if short_be:
        year = 2500 + year - 543
    elif lang == "th" and 2400 <= year <= 2799:
        year -= 543
    return year if 1000 <= year <= 2199 else None


def _keys(year: int | None, month: int, day: int | None) -> list[tuple[str, float]]:
    keys: list[tuple[str, float]] = []
    if day is not None and not 1 <= day <= 31:
        day = None
    if year is not None and day is not None:
        keys.append((f"date:{year:04d}-{month:02d}-{day:02d}", 1.0))
    if day is not None:
        keys.append((f"date:--{month:02d}-{day:02d}", 1.0))
    if year is not None:
        keys.append((f"date:{year:04d}-{month:02d}", 1.0))
        keys.append((f"year:{year}", 1.0))
    if not keys:
        keys.append((f"date:--{month:02d}", 0.5))
    return keys


def extract_dates(text: str, norm: str, lang: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    """Date anchors; the spans they cover are appended to ``taken`` (numbers skip them)."""
    out: list[Anchor] = []

    def emit(
        start: int,
        end: int,
        year: int | None,
        month: int,
        day: int | None,
        scale: float = 1.0,
        claim: bool = True,
    ) -> None:
        if not 1 <= month <= 12 or overlaps(taken, start, end):
            return
        for key, weight in _keys(year, month, day):
            out.append(Anchor("date", key, start, end, text[start:end], weight * scale))
        if claim:
            taken.append((start, end))

    for m in _ISO.finditer(norm):
        emit(m.start(), m.end(), _year_value(m.group(1), lang), int(m.group(2)), int(m.group(3)))
    for m in _NUMERIC_DMY.finditer(norm):
        a, b = int(m.group(1)), int(m.group(3))
        year = _year_value(m.group(4), lang)
        if lang == "en" and a <= 12 and b <= 12 and a != b:
            # 4/7/2023: 4 July (British) or April 7 (US): both readings, each weaker
            emit(m.start(), m.end(), year, b, a, 0.7, claim=False)
            emit(m.start(), m.end(), year, a, b, 0.7)
            continue
        if lang == "en" and a <= 12 < b:
            a, b = b, a  # only the US reading is a date: 3/25/2025
        emit(m.start(), m.end(), year, b, a)
    for m in _NUMERIC_DM.finditer(norm):
        if m.group(2) == "-" and lang not in ("vi",):
            continue
        if _DM_CONTEXT.search(norm[max(0, m.start() - 12) : m.start()]):
            emit(m.start(), m.end(), None, int(m.group(3)), int(m.group(1)))
        elif lang == "vi" and m.group(2) == "." and int(m.group(1)) <= 31:
            # Vietnamese writes decimals with a comma and thousands with three digits after the
            # dot, so "7.10" is 7 October ("HÀ NỘI, 7.10 (PCN)"). Without "ngày" before it the
            # date is weak (it helps when matched, costs nothing when not), and the number keeps
            # its own key, for the writer who uses an English decimal point ("2.5 lần")
            emit(m.start(), m.end(), None, int(m.group(3)), int(m.group(1)), 0.4, claim=False)

    pattern = _month_pattern(lang)
    if pattern is None:
        return out
    names = month_names(lang)
    lookup = {k.casefold(): v for k, v in names.items()}
    for m in pattern.finditer(norm):
        name = m.group(0)
        if lang == "en" and not name[:1].isupper():
            continue
        month = lookup.get(name.casefold())
        if month is None:
            continue
        start, end = m.span()
        day = None
        left = _DAY_BEFORE.search(norm[max(0, start - 16) : start])
        if left:
            day, start = int(left.group("d")), start - (len(left.group(0)))
        after = norm[end : end + 24]
        right = None
        if left is None:
            right = _DAY_AFTER.match(after)
            if right:
                day = int(right.group("d"))
                after_day = after[right.end() :]
                end += right.end()
                after = after_day
        year = None
        ym = _YEAR_AFTER.match(after)
        if ym:
            year = _year_value(ym.group("y"), lang)
            end += ym.end()
        elif lang == "th" and name.endswith("."):
            short = _SHORT_BE_YEAR.match(after)
            if short:
                year = _year_value(short.group("y"), lang, short_be=True)
                end += short.end()
        if lang == "en" and name == "May" and day is None and year is None:
            continue  # the modal verb at a sentence start
        emit(start, end, year, month, day)
    return out


@lru_cache(maxsize=32)
def _weekday_pattern(lang: str) -> tuple[regex.Pattern[str], dict[str, int]] | None:
    try:
        from babel import Locale

        locale = Locale.parse(lang)
        names: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for day, name in locale.days[context]["wide"].items():
                names.setdefault(name.casefold(), int(day) + 1)
    except Exception:
        return None
    if not names:
        return None
    alts = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    if lang == "th":
        return regex.compile(alts), names
    # English capitalises weekdays; elsewhere the case varies ("thứ Hai", "Thứ hai", "lundi")
    flags = 0 if lang == "en" else regex.IGNORECASE
    if lang == "en":
        alts = "|".join(regex.escape(n.title()) for n in sorted(names, key=len, reverse=True))
    pattern = rf"(?<![\p{{L}}\p{{M}}])(?:{alts})(?![\p{{L}}\p{{M}}])"
    return regex.compile(pattern, flags), names


def extract_weekdays(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    """``wd:N`` anchors (ISO weekday number) from CLDR day names."""
    compiled = _weekday_pattern(lang)
    if compiled is None:
        return []
    pattern, names = compiled
    out: list[Anchor] = []
    for m in pattern.finditer(text):
        if overlaps(taken, *m.span()):
            continue
        day = names.get(m.group(0).casefold())
        if day is not None:
            out.append(Anchor("weekday", f"wd:{day}", m.start(), m.end(), m.group(0), 0.5))
            taken.append(m.span())
    return out
