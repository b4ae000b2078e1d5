"""Country, territory and city names across languages, keyed by their CLDR code (``place:ZA``,
``place:city:vienna``).

Names come from CLDR through babel (``Locale(lang).territories``): "Afrique du Sud", "Nam Phi",
"แอฟริกาใต้" and "South Africa" all give ``place:ZA``. English names are searched in every
Latin-script text too (news in French or Vietnamese often keeps "Vietnam" or "US"). Matching
ignores diacritics and the space or hyphen inside a name ("Viêt Nam" = "Vietnam").

babel exposes no CLDR "short"/"variant" alternatives, so the common short forms that news uses
are listed in :data:`ALIASES`: add a form there only when CLDR lacks it.

Cities come from CLDR's exemplar cities (one per time zone, through babel); only those with
exonyms get a key ("Wien", "Vienne", "Vienna", "เวียนนา"), added to their name keys rather than
replacing them (see :func:`_cities`).

Adjectives of nationality ("vietnamien", "American", "phim Việt") are found by morphology over the
same CLDR names (:func:`extract_demonyms`): a word that ends like a demonym and whose stem begins a
territory name ("vietnam-ien" ~ "Vietnam", "améric-ain" ~ "Amérique") gives that territory's key
with weight 0.5. Where morphology cannot see the country ("French" ~ France, "Franzosen" ~
Frankreich), the adjective is the CLDR name of the language (:func:`_language_adjectives`).
Thai needs no such rule: it uses the country name as the adjective ("ภาพยนตร์เวียดนาม",
Vietnamese cinema), which is why the adjectives must meet the place key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import regex

from parallelcorpus.anchors.text import has_thai, overlaps
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
#: Thai abbreviation mark: "กรุงเทพฯ" is Bangkok's short name, "สหรัฐฯ" the United States'.
_THAI_ABBREVIATION = "ฯ"
# Codes that are not places a translation would name the same way.
_SKIP = {"ZZ", "QO", "UN", "EZ", "XA", "XB", "XK"}


class _SameLengthFold(dict[int, str]):
    """``str.translate`` table filled on first sight of each character (C-speed afterwards)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isascii():
            out = ch
        elif ch in "đĐ":
            out = "d" if ch == "đ" else "D"
        else:
            base = unicodedata.normalize("NFD", ch)[:1]
            out = base if len(base) == 1 and not unicodedata.combining(base) else ch
        self[code] = out
        return out


_SAME_LENGTH_FOLD = _SameLengthFold()


def _fold_same_length(text: str) -> str:
    """Drop diacritics char by char, keeping the length (Việt -> Viet, đ -> d)."""
    return text if text.isascii() else text.translate(_SAME_LENGTH_FOLD)


_SEPARATORS = regex.compile(r"[\s\-]+")


@lru_cache(maxsize=65536)
def _flat(name: str) -> str:
    """How names are compared: folded, lower-cased, without spaces or hyphens
    ("Mát-xcơ-va" -> "matxcova", "Viêt Nam" -> "vietnam")."""
    return _SEPARATORS.sub("", _fold_same_length(name)).casefold()


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
def region_names(lang: str) -> dict[str, str]:
    """Name -> CLDR region code for ``lang``: continents and their parts ("Asie du Sud-Est",
    "Đông Nam Á", "เอเชียตะวันออกเฉียงใต้" -> ``035``). Not "world" (001), an ordinary word;
    and never a source of nationality adjectives, so "américain" stays American."""
    try:
        from babel import Locale

        territories = Locale.parse(lang).territories
    except Exception:
        return {}
    names = {
        name: code
        for code, name in territories.items()
        if code.isdigit() and code != "001" and len(name) >= 4
    }
    if lang == "vi":  # the common noun in front may be lower case: "châu Âu", "châu Phi"
        names.update({n[0].lower() + n[1:]: c for n, c in names.items() if " " in n})
    return names


#: Zones that are islands, oceans or technical, not cities ("Easter", "Christmas", "Canary").
_NOT_CITIES = ("Etc/", "Atlantic/", "Indian/", "Pacific/", "Arctic/")
#: Latin-script languages whose CLDR names are compared: city names to find exonyms, country
#: names to find other spacings of a name (see :func:`_spacing_variants`).
_LATIN_LANGS = ("en", "fr", "de", "vi", "es", "it", "pt", "nl")


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, str]]:
    """City key -> {lang: name} for the CLDR exemplar cities (one per time zone) whose name
    changes across languages: "Vienna", "Vienne", "Wien", "เวียนนา" -> ``city:vienna``.

    A city spelled alike in every Latin-script language (Boston, Chicago) is left to the name
    keys, which already meet (and, for Thai spellings, the phonetic keys), unless its Thai name
    is no transliteration of it ("กรุงเทพ", Bangkok); so is every zone of
    Antarctica and of the minor US islands ("Casey", "Wake"), and every county seat of the
    three-part zones ("America/Indiana/Marengo").
    """
    try:
        import babel.core
        from babel import Locale
        from babel.dates import get_timezone_location
    except Exception:
        return {}
    from parallelcorpus.anchors.phonetic import latin_skeletons, thai_skeleton

    # CLDR keeps some exemplar cities under a zone's old name: "Asia/Saigon", not
    # "Asia/Ho_Chi_Minh" (where babel finds only the zone's own "Ho Chi Minh")
    old_names: dict[str, list[str]] = {}
    for alias, zone in babel.core.get_global("zone_aliases").items():
        old_names.setdefault(zone, []).append(alias)

    langs = (*_LATIN_LANGS, "th")
    zone_names = {lang: Locale.parse(lang).time_zones for lang in langs}

    def exemplar(zone: str, lang: str) -> str | None:
        for name in (zone, *old_names.get(zone, ())):
            city = zone_names[lang].get(name, {}).get("city")
            if city:
                return city
        return get_timezone_location(zone, locale=lang, return_city=True)

    out: dict[str, dict[str, str]] = {}
    for zone, territory in sorted(babel.core.get_global("zone_territories").items()):
        if territory in ("AQ", "UM", "001") or zone.count("/") != 1 or zone.startswith(_NOT_CITIES):
            continue
        try:
            names = {lang: exemplar(zone, lang) for lang in langs}
        except Exception:
            continue
        latin = {lang: n for lang, n in names.items() if lang != "th" and n and len(n) >= 4}
        if "en" not in latin:
            continue
        en = _flat(latin["en"])
        # an exonym, not the same name with a country added ("Santiago" / "Santiago de Chile");
        # or a Thai name that is no transliteration ("กรุงเทพ" for Bangkok)
        exonym = any(not (f.startswith(en) or en.startswith(f)) for f in map(_flat, latin.values()))
        thai = names.get("th")
        if not exonym and not (
            thai and has_thai(thai) and thai_skeleton(thai) not in latin_skeletons(latin["en"])
        ):
            continue
        key = "city:" + en
        out[key] = {lang: n for lang, n in names.items() if n and len(n) >= 3}
    return out


#: Articles that go with the preposition before a city ("au Caire", "de La Havane").
_ARTICLES = frozenset({"le", "la", "les", "el", "il", "lo"})


@lru_cache(maxsize=32)
def city_names(lang: str) -> dict[str, str]:
    """Spelling -> city key of the CLDR exemplar cities with exonyms (see :func:`_cities`): the
    Thai spellings for ``"th"``, every Latin-script spelling for any other language (a French
    text may keep "Wien")."""
    names: dict[str, str] = {}
    for key, spellings in _cities().items():
        if lang == "th":
            if "th" in spellings:
                names.setdefault(spellings["th"], key)
                # "นครโฮจิมินห์" is also written "โฮจิมินห์": นคร (city) is a prefix, as in
                # _THAI_PLACE_PREFIX; กรุง is not (กรุงเทพ is Bangkok's name, เทพ a word)
                rest = spellings["th"].removeprefix("นคร")
                if rest != spellings["th"] and len(rest) >= 4:
                    names.setdefault(rest, key)
            continue
        for other, name in spellings.items():
            if other != "th":
                names.setdefault(name, key)
                # "au Caire", "de La Havane": the article goes with the preposition
                head, _, rest = name.partition(" ")
                if head.casefold() in _ARTICLES and len(rest) >= 4:
                    names.setdefault(rest, key)
    return names


def _spacing_variants(names: dict[str, str]) -> dict[str, str]:
    """Other Latin-script spellings of ``names`` that differ only in spaces, hyphens and
    diacritics, from the CLDR names of the other languages: English news from Vietnam writes
    "Viet Nam" (the Vietnamese "Việt Nam") for "Vietnam".
    Only spellings that flatten to a name already in ``names`` are taken, so no new word
    becomes a place ("Ísland" would make the English "Island" Iceland)."""
    flats = {_flat(name): code for name, code in names.items()}
    splits = {_words(name) for name in names}
    out: dict[str, str] = {}
    for other in _LATIN_LANGS:
        for name, code in territory_names(other).items():
            if flats.get(_flat(name)) == code and _words(name) not in splits:
                splits.add(_words(name))
                out.setdefault(name, code)
    return out


def _words(name: str) -> tuple[str, ...]:
    """A name's folded words: the pattern already allows either separator and any diacritics,
    so only names that split differently are new spellings."""
    return tuple(p for p in _SEPARATORS.split(_fold_same_length(name).casefold()) if p)


@lru_cache(maxsize=32)
def _pattern(lang: str) -> tuple[regex.Pattern[str], dict[str, str]] | None:
    # earlier tables win: a country keeps its name against a region ("Amerika" is the United
    # States in German); Latin-script cities in Thai text are looked up word by word instead
    # (see _latin_cities)
    if lang == "th":
        tables = [territory_names("th"), city_names("th"), region_names("th")]
    else:
        tables = [
            territory_names(lang),
            territory_names("en"),
            region_names(lang),
            region_names("en"),
        ]
    names: dict[str, str] = {}
    for table in tables:
        for name, code in table.items():
            names.setdefault(name, code)
    if not names:
        return None
    if lang != "th":
        names.update(_spacing_variants(names))
    lookup: dict[str, str] = {}
    alts = []
    for name in sorted(names, key=len, reverse=True):
        lookup.setdefault(_flat(name), names[name])
        if lang == "th":
            alts.append(regex.escape(name))
        else:
            parts = [regex.escape(p) for p in _SEPARATORS.split(_fold_same_length(name)) if p]
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
            (end not in boundaries and text[end : end + 1] != _THAI_ABBREVIATION)
            or (
                start not in boundaries
                and not _THAI_PLACE_PREFIX.search(text[max(0, start - 8) : start])
            )
        ):
            continue
        code = lookup.get(_flat(m.group(0)))
        if code is None:
            continue
        out.append(Anchor("place", f"place:{code}", start, end, text[start:end]))
        if not code.startswith("city:"):  # a city keeps its name and phonetic keys too
            taken.append((start, end))
    if lang != "th":
        out += _latin_cities(text, taken)
    return out


# a run of up to four words, the first capitalised ("Dar es Salaam", "Le Caire", "New York")
_CITY_WORD = regex.compile(r"[\p{L}\p{M}’']+")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}’'])\p{Lu}[\p{L}\p{M}’']*")
_CITY_MAX_WORDS = 4


@lru_cache(maxsize=1)
def _latin_city_lookup() -> tuple[dict[str, str], frozenset[str]]:
    """Flattened spelling -> city key, and the flattened first words of the spellings."""
    names = city_names("en")
    firsts = frozenset(_flat(_SEPARATORS.split(n, maxsplit=1)[0]) for n in names)
    return {_flat(name): key for name, key in names.items()}, firsts


def _latin_cities(text: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    """``place:city:…`` anchors: runs of words starting with a capital whose flattened form is a
    CLDR city spelling in any Latin-script language; a dictionary lookup per capitalised word,
    not a regex over hundreds of names. A city joined by a hyphen to another word is part of
    another name ("Vienna-Sattel"): no city key."""
    lookup, firsts = _latin_city_lookup()
    out: list[Anchor] = []
    for m in _CAPITALISED.finditer(text):
        if _flat(m.group(0)) not in firsts or overlaps(taken, *m.span()):
            continue
        ends = [m.end()]  # ends of the runs of 1, 2, ... words
        pos = m.end()
        while len(ends) < _CITY_MAX_WORDS and text[pos : pos + 1] in (" ", "-", "\u00a0"):
            nxt = _CITY_WORD.match(text, pos + 1)
            if nxt is None:
                break
            pos = nxt.end()
            ends.append(pos)
        start = m.start()
        for end in reversed(ends):
            key = lookup.get(_flat(text[start:end]))
            if key is None or "-" in (text[end : end + 1], text[start - 1 : start]):
                continue
            if not overlaps(taken, start, end):
                # not taken: the name keys still form ("New York Times"), the city key adds
                # the exonyms ("Vienne" ~ "Wien")
                out.append(Anchor("place", f"place:{key}", start, end, text[start:end]))
            break
    return out


# German nouns add -er/-ner/-ier to the country name (Schweiz-er, Amerika-ner, Kanad-ier), and
# adjectives -isch, sometimes after the noun's -er/-n (schweiz-erisch-e, amerika-nisch-e).
_DE_DEMONYM_ENDINGS = tuple(
    sorted(
        {b + "isch" + e for b in ("er", "n", "") for e in ("", "e", "en", "er", "es")}
        | {b + e for b in ("ier", "ner", "er") for e in ("", "in", "innen", "n")},
        key=len,
        reverse=True,
    )
)


# Demonym endings per language (longest first); a word's stem is what precedes one of them.
_DEMONYM_SUFFIXES: dict[str, tuple[str, ...]] = {
    "fr": (
        "iennes",
        "ienne",
        "iens",
        "ien",
        "éennes",
        "éenne",
        "éens",
        "éen",
        "aines",
        "aine",
        "ains",
        "ain",
        "aises",
        "aise",
        "ais",
        "oises",
        "oise",
        "ois",
        "andes",
        "ande",
        "ands",
        "and",
        "oles",
        "ole",
        "ols",
        "ol",
        "es",
        "e",
        "o",
    ),
    "en": ("ese", "ians", "ian", "ans", "an", "ish", "i"),
    "de": _DE_DEMONYM_ENDINGS,
}
#: Endings that also make ordinary words ("soud-ain" = sudden, "libér-e", "brun-e", "colomb-e"
#: = dove, "schwei-nische" = swinish): for them the stem needs this many letters and the name
#: at most this many more. "suiss-e" (Suisse), "améric-ain" and "Amerika-ner" pass.
_WEAK_ENDINGS: dict[str, dict[str, tuple[int, int]]] = {
    "fr": {
        **dict.fromkeys(("es", "e", "o"), (5, 1)),
        **dict.fromkeys(("aines", "aine", "ains", "ain"), (5, 4)),
        **dict.fromkeys(("oises", "oise", "ois"), (5, 4)),  # "turqu-oise" is a colour
    },
    # the -n- forms ("amerika-nisch", "Amerika-ner") need the whole name: "schwei-nisch"
    "de": dict.fromkeys((x for x in _DE_DEMONYM_ENDINGS if x.startswith("n")), (4, 0)),
}
_DEMONYM_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{L}[\p{L}\p{M}]{3,}(?![\p{L}\p{M}])")
_MIN_STEM = 4
_MAX_TAIL = 4  # letters of the territory name beyond the stem ("allem|agne")
# Vietnamese short forms: first syllable of a two-syllable name ("phim Việt" ~ "Việt Nam"); the
# ones that are also common words or given names are left out.
_VI_SHORT_SKIP = {"Nam", "Bắc", "Trung", "Anh", "Tây", "Đông", "Tân", "Hồng", "Ma", "Xu"}


@lru_cache(maxsize=32)
def _stems(lang: str) -> dict[str, list[tuple[str, str]]]:
    """First four letters -> [(folded territory name without spaces, code)]."""
    names = dict(territory_names(lang))
    if lang == "en":
        names.update({"America": "US"})
    index: dict[str, list[tuple[str, str]]] = {}
    for name, code in names.items():
        folded = _spelling(_flat(name))
        if len(folded) >= _MIN_STEM:
            index.setdefault(folded[:_MIN_STEM], []).append((folded, code))
    return index


def _spelling(word: str) -> str:
    """Spelling variants a stem may switch to: Améri-que / améri-cain."""
    return word.replace("qu", "c").replace("k", "c")


def _fold_ending(ending: str) -> str:
    return _spelling(_fold_same_length(ending))


@lru_cache(maxsize=16)
def _folded_suffixes(lang: str) -> tuple[str, ...]:
    return tuple(map(_fold_ending, _DEMONYM_SUFFIXES.get(lang, ())))


@lru_cache(maxsize=16)
def _weak_endings(lang: str) -> dict[str, tuple[int, int]]:
    """:data:`_WEAK_ENDINGS` keyed by the folded ending, as :func:`_folded_suffixes` gives it."""
    return {_fold_ending(x): rule for x, rule in _WEAK_ENDINGS.get(lang, {}).items()}


@lru_cache(maxsize=65536)
def _demonym_code(word: str, lang: str) -> str | None:
    folded = _spelling(_fold_same_length(word).casefold())
    index = _stems(lang)
    if folded[:_MIN_STEM] not in index:
        return None
    best: tuple[int, str] | None = None
    ambiguous = False
    weak = _weak_endings(lang)
    for suffix_f in _folded_suffixes(lang):
        if not folded.endswith(suffix_f):
            continue
        stem = folded[: len(folded) - len(suffix_f)]
        min_stem, weak_tail = weak.get(suffix_f, (_MIN_STEM, _MAX_TAIL))
        if len(stem) < min_stem:
            continue
        for name, code in index.get(stem[:_MIN_STEM], ()):
            max_tail = _MAX_TAIL if len(stem) > _MIN_STEM else 2  # "autr-es" is not "Autriche"
            max_tail = min(max_tail, weak_tail)
            if name.startswith(stem) and len(name) - len(stem) <= max_tail:
                tail = len(name) - len(stem)
                if best is None or tail < best[0]:
                    best, ambiguous = (tail, code), False
                elif tail == best[0] and code != best[1]:
                    ambiguous = True
        if best is not None:
            break
    return None if best is None or ambiguous else best[1]


#: Endings added to a CLDR language name to make its adjective and noun forms: "Thai"/"Thais",
#: "thaï"/"thaïes", "vietnamien"/"vietnamienne", "deutsch"/"deutschen".
_LANGUAGE_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("", "s"),
    "fr": ("", "e", "s", "es", "ne", "nes"),
    "de": ("", "e", "en", "er", "es", "em"),
}
#: German nationality nouns are the language name without "-isch" plus these endings
#: ("Franzos-en", "Japan-er"); stems shorter than this are left alone ("Ir-en").
_DE_NOUN_ENDINGS = ("en", "er")
_DE_NOUN_MIN_STEM = 4
#: Forms that are also common words: French "malaise(s)" (unease) is Malaysian only
#: capitalised; German "Letter" (type) is not a Latvian ("Lette"), capitalised or not.
_LANGUAGE_FORM_SKIP = {"fr": {"malaise", "malaises"}, "de": {"letter"}}


def _shares_start(language: str, territory: str) -> bool:
    """Whether a (folded) language name starts like a word of a territory name: three letters,
    or two when the name is one word ("fr-ench" ~ "fr-ance", not "la-tin" ~ "Cité du Vatican")."""
    words = [_spelling(_flat(w)) for w in _SEPARATORS.split(territory) if w]
    need = 2 if len(words) == 1 else 3
    return any(len(word) >= need and word[:need] == language[:need] for word in words)


@lru_cache(maxsize=16)
def _language_adjectives(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Adjectives and nouns of nationality -> territory code, from CLDR language names: the
    forms as written (lower case) and without diacritics.

    The name of a language is its nationality adjective in English, French and German ("the
    French team", "die französische Expedition", "les alpinistes thaïs") where morphology over
    the country name cannot see it (French/France, französisch/Frankreich). A language maps to
    its most likely territory in CLDR (likely subtags), and only when that territory's name starts
    like the language's: so not English (United States), Portuguese (Brazil) or Arabic (Egypt),
    which many countries speak. A form two languages would claim is dropped."""
    endings = _LANGUAGE_ENDINGS.get(lang)
    if endings is None:
        return {}, {}
    try:
        from babel import Locale
        from babel.core import get_global

        languages = Locale.parse(lang).languages
        likely = get_global("likely_subtags")
    except Exception:
        return {}, {}
    by_code: dict[str, list[str]] = {}
    for name, code in territory_names(lang).items():
        by_code.setdefault(code, []).append(name)
    forms: list[tuple[str, str]] = []
    for language, name in sorted(languages.items()):
        territory = str(likely.get(language, "")).rsplit("_", 1)[-1]
        if "_" in language or len(territory) != 2 or not territory.isalpha():
            continue
        # forms keep their diacritics: "thaï" is an adjective, the Vietnamese "Thái" is not
        lower = unicodedata.normalize("NFC", name).casefold()
        if not lower.isalpha() or len(lower) < 3:
            continue
        if not any(_shares_start(_spelling(_flat(name)), t) for t in by_code.get(territory, ())):
            continue
        words = {lower + e for e in endings}
        if lang == "fr" and lower.endswith("c"):  # turc/turque, grec/grecque
            words |= {lower[:-1] + "que", lower[:-1] + "ques", lower + "que", lower + "ques"}
        if lang == "de" and lower.endswith("isch") and len(lower) - 4 >= _DE_NOUN_MIN_STEM:
            words |= {lower[:-4] + e for e in _DE_NOUN_ENDINGS}
        forms.extend((word, territory) for word in words)
    exact = _unambiguous(forms)
    return exact, _unambiguous((_flat(word), code) for word, code in exact.items())


def _unambiguous(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Key -> code, without the keys that two codes claim."""
    out: dict[str, str] = {}
    clashes: set[str] = set()
    for key, code in pairs:
        if out.setdefault(key, code) != code:
            clashes.add(key)
    return {key: code for key, code in out.items() if key not in clashes}


@lru_cache(maxsize=65536)
def _language_adjective(word: str, lang: str) -> str | None:
    """The territory of ``word`` if it is a form of a language name (:func:`_language_adjectives`).
    A word written without diacritics may drop the name's ("Franzosen" ~ "französisch"); one
    with diacritics of its own is another word ("Thái", Vietnamese, is not "Thai")."""
    lower = unicodedata.normalize("NFC", word).casefold()
    exact, folded = _language_adjectives(lang)
    found = exact.get(lower)
    if found is None and lower.isascii():
        found = folded.get(lower)
    return found


def extract_demonyms(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    """``place:CC`` (weight 0.5) for adjectives of nationality: vietnamien, American, phim Việt,
    French (CLDR language names, :func:`_language_adjectives`)."""
    out: list[Anchor] = []
    if lang == "vi":
        return _vi_short_forms(text, taken)
    if lang not in _DEMONYM_SUFFIXES:
        return out
    for m in _DEMONYM_WORD.finditer(text):
        word = m.group(0)
        if overlaps(taken, *m.span()) or (lang == "en" and not word[:1].isupper()):
            continue
        if (word.casefold() if lang == "de" else word) in _LANGUAGE_FORM_SKIP.get(lang, ()):
            continue  # the common word (German nouns are capitalised)
        code = _language_adjective(word, lang) or _demonym_code(word, lang)
        if code is not None:
            out.append(Anchor("demonym", f"place:{code}", m.start(), m.end(), word, 0.5))
            taken.append(m.span())
    return out


@lru_cache(maxsize=1)
def _vi_short_pattern() -> tuple[regex.Pattern[str], dict[str, str]] | None:
    short: dict[str, str] = {}
    for name, code in territory_names("vi").items():
        parts = name.split()
        if (
            len(parts) == 2
            and all(p[:1].isupper() for p in parts)
            and parts[0] not in _VI_SHORT_SKIP
        ):
            short.setdefault(parts[0], code)
    if not short:
        return None
    alts = "|".join(regex.escape(w) for w in sorted(short, key=len, reverse=True))
    # alone: not followed or preceded by another capitalised word (that would be a name)
    pattern = (
        rf"(?<![\p{{Lu}}][\p{{L}}\p{{M}}]*\s|[\p{{L}}\p{{M}}])(?:{alts})"
        rf"(?![\p{{L}}\p{{M}}]|\s\p{{Lu}})"
    )
    return regex.compile(pattern), short


def _vi_short_forms(text: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    compiled = _vi_short_pattern()
    if compiled is None:
        return []
    pattern, short = compiled
    out = []
    for m in pattern.finditer(text):
        if not overlaps(taken, *m.span()):
            code = short[m.group(0)]
            out.append(Anchor("demonym", f"place:{code}", m.start(), m.end(), m.group(0), 0.5))
            taken.append(m.span())
    return out
