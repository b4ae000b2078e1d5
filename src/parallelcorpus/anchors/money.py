"""Currencies: "USD", "$", "dollars", "đô la", "ดอลลาร์" all give ``cur:USD`` (weight 0.5).

Full names, symbols and ISO codes come from CLDR through babel (``Locale.currencies``,
``currency_symbols``). News also uses the bare unit word ("dollars", "ดอลลาร์"), which CLDR does not
list on its own: :data:`UNIT_WORDS` maps those to the currency news means by default. A currency
is weak evidence (a story about money repeats it), hence the weight.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from parallelcorpus.anchors.text import overlaps
from parallelcorpus.types import Anchor

#: Currencies whose CLDR names, symbols and codes are searched (the ones news mentions most).
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CNY",
    "THB",
    "VND",
    "KRW",
    "INR",
    "AUD",
    "CAD",
    "SGD",
    "CHF",
    "RUB",
    "HKD",
    "TWD",
    "MYR",
    "IDR",
    "PHP",
    "LAK",
    "KHR",
)
_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "฿": "THB",
    "₫": "VND",
    "₩": "KRW",
    "₹": "INR",
    "₽": "RUB",
}

#: Bare unit words (not in CLDR on their own) -> the currency they mean in news by default.
UNIT_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dollar": "USD",
        "dollars": "USD",
        "euro": "EUR",
        "euros": "EUR",
        "yen": "JPY",
        "baht": "THB",
        "dong": "VND",
        "pound sterling": "GBP",
        "yuan": "CNY",
        "rupee": "INR",
        "rupees": "INR",
        "ruble": "RUB",
        "rubles": "RUB",
    },
    "fr": {
        "dollar": "USD",
        "dollars": "USD",
        "euro": "EUR",
        "euros": "EUR",
        "yen": "JPY",
        "yens": "JPY",
        "baht": "THB",
        "bahts": "THB",
        "dong": "VND",
        "dongs": "VND",
        "livre sterling": "GBP",
        "livres sterling": "GBP",
        "yuan": "CNY",
        "yuans": "CNY",
        "roupie": "INR",
        "roupies": "INR",
        "rouble": "RUB",
        "roubles": "RUB",
    },
    "vi": {
        "đô la": "USD",
        "đô-la": "USD",
        "euro": "EUR",
        "yên": "JPY",
        "baht": "THB",
        "bạt": "THB",
        "bảng Anh": "GBP",
        "nhân dân tệ": "CNY",
        "won": "KRW",
        "rúp": "RUB",
    },
    "th": {
        "ดอลลาร์": "USD",
        "ยูโร": "EUR",
        "เยน": "JPY",
        "บาท": "THB",
        "ดอง": "VND",
        "ปอนด์": "GBP",
        "หยวน": "CNY",
        "วอน": "KRW",
        "รูปี": "INR",
        "รูเบิล": "RUB",
    },
    "de": {
        "Dollar": "USD",
        "Euro": "EUR",
        "Yen": "JPY",
        "Baht": "THB",
        "Dong": "VND",
        "Pfund": "GBP",
        "Yuan": "CNY",
        "Rubel": "RUB",
    },
}
WEIGHT = 0.5
# Vietnamese "đồng" is also "same"/"co-": only a currency right after an amount.
_VI_DONG = regex.compile(r"(?<=[0-9]\s?(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s?)đồng(?![\p{L}\p{M}])")


@lru_cache(maxsize=32)
def _lower_words(lang: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in UNIT_WORDS.get(lang, {}) if w[:1].islower())


@lru_cache(maxsize=32)
def _table(lang: str) -> tuple[regex.Pattern[str], dict[str, str]] | None:
    names: dict[str, str] = {}
    try:
        from babel import Locale

        locale = Locale.parse(lang)
        for code in CURRENCIES:
            name = locale.currencies.get(code)
            if name and len(name) >= 4:
                names.setdefault(name.casefold(), code)
            symbol = locale.currency_symbols.get(code)
            if symbol and not symbol.isalpha():
                names.setdefault(symbol.casefold(), code)
    except Exception:  # unknown locale: codes, symbols and nothing else
        pass
    for code in CURRENCIES:
        names.setdefault(code.casefold(), code)
    for symbol, code in _SYMBOLS.items():
        names.setdefault(symbol.casefold(), code)
    for word, code in UNIT_WORDS.get(lang, {}).items():
        names.setdefault(word.casefold(), code)
    alts = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    if lang == "th":
        return regex.compile(alts, regex.IGNORECASE), names
    pattern = rf"(?<![\p{{L}}\p{{M}}])(?:{alts})(?![\p{{L}}\p{{M}}])"
    return regex.compile(pattern, regex.IGNORECASE), names


def extract_currencies(
    text: str,
    lang: str,
    taken: list[tuple[int, int]],
    thai_tokens: list[tuple[int, int, str]] | None = None,
) -> list[Anchor]:
    """``cur:XXX`` anchors; their spans join ``taken`` (so "USD" is not also an acronym)."""
    compiled = _table(lang)
    if compiled is None:
        return []
    pattern, names = compiled
    boundaries: set[int] | None = None
    if lang == "th" and thai_tokens is not None:
        boundaries = {s for s, _, _ in thai_tokens} | {e for _, e, _ in thai_tokens}
    out: list[Anchor] = []
    for m in pattern.finditer(text):
        start, end = m.span()
        surface = m.group(0)
        code = names.get(surface.casefold())
        if code is None or overlaps(taken, start, end):
            continue
        if surface[:1].isupper() and surface.casefold() in _lower_words(lang) and start > 0:
            continue  # "Dong" in "Canh Dong Hoang" is a name, not the currency
        if (
            boundaries is not None
            and surface[0] >= "\u0e00"
            and (start not in boundaries or end not in boundaries)
        ):
            continue  # บาท inside บทบาท ("role")
        out.append(Anchor("currency", f"cur:{code}", start, end, surface, WEIGHT))
        taken.append((start, end))
    if lang == "vi":
        for m in _VI_DONG.finditer(text):
            if not overlaps(taken, *m.span()):
                out.append(Anchor("currency", "cur:VND", m.start(), m.end(), m.group(0), WEIGHT))
    return out
