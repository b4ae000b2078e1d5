"""Country and territory names across languages, keyed by their CLDR code (``place:ZA``).

Names come from CLDR through babel (``Locale(lang).territories``): "Afrique du Sud", "Nam Phi",
"แอฟริกาใต้" and "South Africa" all give ``place:ZA``. English names are searched in every
Latin-script text too (news in French or Vietnamese often keeps "Vietnam" or "US"). Matching
ignores diacritics and the space or hyphen inside a name ("Viêt Nam" = "Vietnam").

babel exposes no CLDR "short"/"variant" alternatives, so the common short forms that news uses
are listed in :data:`ALIASES`: add a form there only when CLDR lacks it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from parallelcorpus.anchors.text import overlaps
from parallelcorpus.types import Anchor

#: Short forms missing from CLDR's territory names, per language: {lang: {name: code}}.
ALIASES: dict[str, dict[str, str]] = {
    "en": {
        "US": "US",
        "U.S.": "US",
        "USA": "US",
        "U.S.A.": "US",
        "America": "US",
        "UK": "GB",
        "U.K.": "GB",
        "Britain": "GB",
        "Great Britain": "GB",
        "South Korea": "KR",
        "North Korea": "KP",
        "Czech Republic": "CZ",
        "Holland": "NL",
        "Burma": "MM",
        "Turkey": "TR",
    },
    "fr": {
        "USA": "US",
        "Amérique": "US",
        "Grande-Bretagne": "GB",
        "Corée du Sud": "KR",
        "Corée du Nord": "KP",
        "Birmanie": "MM",
    },
    "vi": {
        "Úc": "AU",
        "Mỹ": "US",
        "Hoa Kì": "US",
        "Anh Quốc": "GB",
        "Hàn Quốc": "KR",
        "Triều Tiên": "KP",
        "Nam Hàn": "KR",
        "Miến Điện": "MM",
        "Đài Loan": "TW",
    },
    "th": {
        "สหรัฐฯ": "US",
        "สหรัฐ": "US",
        "อเมริกา": "US",
        "อังกฤษ": "GB",
        "เกาหลีใต้": "KR",
        "เกาหลีเหนือ": "KP",
        "พม่า": "MM",
        "ญี่ปุ่น": "JP",
    },
    "de": {"USA": "US", "Amerika": "US", "Großbritannien": "GB", "Südkorea": "KR"},
}
# Thai glues these words to a place name ("ประเทศไทย", "กรุงโตเกียว"): the name starts after them.
_THAI_PLACE_PREFIX = regex.compile(r"(?:ประเทศ|กรุง|นคร|เมือง|รัฐ|เกาะ|ชาว|แห่ง|สาธารณรัฐ)$")
# Codes that are not places a translation would name the same way.
_SKIP = {"ZZ", "QO", "UN", "EZ", "XA", "XB", "XK"}


def _fold_same_length(text: str) -> str:
    """Drop diacritics char by char, keeping the length (Việt -> Viet, đ -> d)."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
            continue
        base = unicodedata.normalize("NFD", ch)[:1]
        out.append(base if len(base) == 1 and not unicodedata.combining(base) else ch)
    return "".join(out)


@lru_cache(maxsize=32)
def territory_names(lang: str) -> dict[str, str]:
    """Name -> CLDR territory code for ``lang`` (CLDR names plus :data:`ALIASES`)."""
    names: dict[str, str] = {}
    try:
        from babel import Locale

        territories = Locale.parse(lang).territories
    except Exception:
        territories = {}
    for code, name in territories.items():
        if len(code) == 2 and code.isalpha() and code not in _SKIP and len(name) >= 3:
            names.setdefault(name, code)
    for name, code in ALIASES.get(lang, {}).items():
        names.setdefault(name, code)
    return names


@lru_cache(maxsize=32)
def _pattern(lang: str) -> tuple[regex.Pattern[str], dict[str, str]] | None:
    names = dict(territory_names(lang))
    if lang != "th":
        for name, code in territory_names("en").items():
            names.setdefault(name, code)
    if not names:
        return None
    lookup: dict[str, str] = {}
    alts = []
    for name in sorted(names, key=len, reverse=True):
        folded = _fold_same_length(name)
        norm = regex.sub(r"[\s\-]+", "", folded).casefold()
        lookup.setdefault(norm, names[name])
        if lang == "th":
            alts.append(regex.escape(name))
        else:
            parts = [regex.escape(p) for p in regex.split(r"[\s\-]+", folded) if p]
            alts.append(r"[\s\-]?".join(parts))
    if lang == "th":
        return regex.compile("|".join(alts)), lookup
    body = "|".join(alts)
    return regex.compile(
        rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{M}}\p{{N}}])"
    ), lookup


def extract_places(
    text: str,
    lang: str,
    taken: list[tuple[int, int]],
    thai_tokens: list[tuple[int, int, str]] | None = None,
) -> list[Anchor]:
    """``place:CC`` anchors; their spans join ``taken`` so names do not re-key them."""
    compiled = _pattern("th" if lang == "th" else lang)
    if compiled is None:
        return []
    pattern, lookup = compiled
    haystack = text if lang == "th" else _fold_same_length(text)
    boundaries: set[int] | None = None
    if lang == "th" and thai_tokens is not None:
        boundaries = {s for s, _, _ in thai_tokens} | {e for _, e, _ in thai_tokens}
    out: list[Anchor] = []
    for m in pattern.finditer(haystack):
        start, end = m.span()
        if overlaps(taken, start, end):
            continue
        if boundaries is not None and (
            end not in boundaries
            or (
                start not in boundaries
                and not _THAI_PLACE_PREFIX.search(text[max(0, start - 8) : start])
            )
        ):
            continue
        norm = regex.sub(r"[\s\-]+", "", m.group(0)).casefold()
        code = lookup.get(norm)
        if code is None:
            continue
        out.append(Anchor("place", f"place:{code}", start, end, text[start:end]))
        taken.append((start, end))
    return out
