"""Proper names, acronyms, URLs and e-mail addresses; Thai transliterations of foreign names.

Keys:

- ``name:dang hoang giang``: a Latin-script name, diacritics folded (Đặng Hoàng Giang, Dang Hoang
  Giang). Every contiguous part of a multi-word name is also a key (``name:giang``,
  ``name:hoang giang``), so "Ambassador Giang" still meets "Dang Hoang Giang". Parts weigh less
  than whole multi-word names.
- ``ph:TNNKN``: the phonetic skeleton (see :mod:`parallelcorpus.anchors.phonetic`) of a name or
  of a contiguous part of it. Latin names and Thai transliterations both get these, which is how
  "Dang Hoang Giang" meets "ดาง ฮวง เกียง" and "Harvard" meets "ฮาร์วาร์ด". Thai runs give keys
  of three classes or more (shorter ones collide with ordinary Thai words) except for whole
  dictionary loanwords (โตเกียว ~ Tokyo). Weight: 1.0 from four classes, 0.7 for three, 0.4 for two.
  A lone capitalised word opening a sentence ("Selon", "Liverpool") gets only a skeleton key of
  four classes or more: it is more often an ordinary word than a name.
- ``acr:vfda``: an acronym (two or more capitals: VFDA, BGF, MIT, AIWS); the few that
  translations respell map to one key (:data:`ACRONYM_ALIASES`: French IA = AI, ONU = UN).
- ``url:example.org/x``, ``email:a@b.org``.

Thai has no capitals, so Thai candidates are word runs that look foreign: tokens (pythainlp
newmm) that are not in the Royal Institute dictionary (ORST), whole space-delimited chunks (names
are spaced in Thai news: "ดาง ฮวง เกียง"), and short dictionary syllables glued to such fragments
(newmm cuts "นาซลี" into "นา|ซ|ลี"). The other side of the pair decides which candidates are real.
Dictionary words outside such runs still get a weak key (0.3) when their skeleton is long: the
Royal Institute lists established transliterations (ลอนดอน, วอชิงตัน) among ordinary words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from parallelcorpus.anchors.phonetic import latin_skeletons, thai_skeleton
from parallelcorpus.anchors.text import fold, overlaps
from parallelcorpus.types import Anchor

_URL = regex.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'“”«»()]+[^\s<>\"'“”«».,;:!?()]", regex.IGNORECASE
)
_EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_WORD = regex.compile(r"\p{Latin}[\p{Latin}\p{M}]*(?:['’]\p{Latin}[\p{Latin}\p{M}]*)*")
_ACRONYM = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}(?:[\p{Lu}&]|\d(?=\p{Lu}))+\d*(?![\p{L}\p{N}])")
# lower-case words allowed inside a name ("Université de Harvard", "Ludwig van Beethoven")
_CONNECTORS = frozenset(
    {"de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "bin", "al"}
    | {"el", "of", "&"}
)
#: Titles and forms of address written before a name (English, French, German, Spanish,
#: Vietnamese abbreviations): "Mr. Dang Hoang Giang", "le Dr Ngo Phuong Lan", "Mme Angela Perry".
#: They are no part of the name: a translation drops or changes them, and alone ("Mr.") they
#: would make a name key found in every sentence about anyone.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "messrs"}
    | {"m", "mme", "mmes", "mlle", "mlles", "mm", "me", "pr"}
    | {"herr", "frau", "hr", "sr", "sra", "srta"}
)
#: Vietnamese academic titles, abbreviated in capitals ("TS. Ngô Phương Lan", "PGS.TS"): not
#: acronyms of anything a translation would keep.
VI_TITLES = frozenset({"TS", "ThS", "PGS", "GS", "NCS", "BS", "KS", "NSND", "NSƯT", "NS"})
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;\n\"“”«»(\[|–—-])\s*$")

MIN_SKELETON = 3  # Thai runs: shorter skeletons collide with ordinary Thai words
MIN_SHORT_SKELETON = 2  # two-class keys only from whole Thai loanwords (โตเกียว ~ Tokyo)
MIN_INITIAL_SKELETON = 4  # a lone capitalised word opening a sentence
INITIAL_WEIGHT = 0.3  # ... is weak evidence: more often an ordinary word than a name
#: In Vietnamese text, a name of two words of at most this many letters is also keyed as one
#: word ("Hà Nội" ~ "Hanoi"): English and French often write a place's syllables together.
_MAX_SYLLABLE = 5
_MAX_PART = 4
_MAX_THAI_PART = 6
_MIN_NATIVE_LEN = 4
_MIN_NATIVE_SKELETON = 4


def skeleton_weight(skeleton: str) -> float:
    """Longer skeletons are rarer, hence stronger evidence."""
    return 1.0 if len(skeleton) >= 4 else 0.7 if len(skeleton) == 3 else 0.4


def extract_urls(text: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    out: list[Anchor] = []
    for m in _URL.finditer(text):
        key = regex.sub(r"^(?:https?://)?(?:www\.)?", "", m.group(0).casefold()).rstrip("/")
        out.append(Anchor("url", f"url:{key}", m.start(), m.end(), m.group(0)))
        taken.append(m.span())
    for m in _EMAIL.finditer(text):
        if overlaps(taken, *m.span()):
            continue
        key = f"email:{m.group(0).casefold()}"
        out.append(Anchor("email", key, m.start(), m.end(), m.group(0)))
        taken.append(m.span())
    return out


#: Acronyms that translations spell differently, keyed to one form: {lang: {acronym: key}}.
#: Only international bodies and terms news translate letter by letter (IA = AI, ONU = UN).
ACRONYM_ALIASES: dict[str, dict[str, str]] = {
    "fr": {
        "IA": "ai",
        "ONU": "un",
        "OTAN": "nato",
        "UE": "eu",
        "OMS": "who",
        "FMI": "imf",
        "PIB": "gdp",
        "OMC": "wto",
        "PDG": "ceo",
        "BCE": "ecb",
        "ASEAN": "asean",
        "ANASE": "asean",
        "OCDE": "oecd",
    },
    "vi": {"LHQ": "un", "TTXVN": "vna"},
    "de": {"KI": "ai", "UNO": "un", "EZB": "ecb", "BIP": "gdp"},
}


def extract_acronyms(text: str, taken: list[tuple[int, int]], lang: str = "") -> list[Anchor]:
    """Words in capitals ("VFDA", "BGF"); a name written in capitals gets name keys instead.

    Datelines and headlines write names in capitals: "HÀ NỘI, 7.10", "CAN THO, 18 septembre",
    "HANOI, Oct. 7". Several capitalised words in a row, or one with diacritics of its own, are
    a name (``name:ha noi``, ``name:can tho``), except in Thai, where a space also separates the
    items of a list ("MIT UCLA"). A single word stays an acronym: "HANOI" cannot be told from
    "ASEAN", and a name key next to the acronym key would count an acronym twice.
    """
    aliases = ACRONYM_ALIASES.get(lang, {})
    out: list[Anchor] = []
    words: list[_Word] = []
    for m in _ACRONYM.finditer(text):
        if overlaps(taken, *m.span()):
            continue
        word = m.group(0)
        letters = sum(ch.isalpha() for ch in word)
        if letters < 2 or (lang == "vi" and word in VI_TITLES):
            continue
        words.append(_Word(word, m.start(), m.end()))
    # Thai separates the items of a list with spaces ("ฮาร์วาร์ด MIT UCLA และ"): no runs there
    runs = [[w] for w in words] if lang == "th" else _caps_runs(text, words)
    for run in runs:
        word = run[0].text
        if len(run) > 1 or any(map(unicodedata.combining, unicodedata.normalize("NFD", word))):
            out.extend(_name_anchors(text, run, False, syllables=lang == "vi"))
            continue
        key = aliases.get(word, fold(word))
        out.append(Anchor("acronym", f"acr:{key}", run[0].start, run[0].end, word))
    return out


def _caps_runs(text: str, words: list[_Word]) -> list[list[_Word]]:
    """Words in capitals grouped into runs joined by one space or hyphen ("CAN THO")."""
    runs: list[list[_Word]] = []
    for w in words:
        if runs and text[runs[-1][-1].end : w.start] in (" ", "-", "\u00a0"):
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


_ELISION = regex.compile(r"^(?:[LlDdJjNnSsCcMmTt]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]")
_POSSESSIVE = regex.compile(r"['’]s$")


@dataclass(frozen=True)
class _Word:
    """A Latin word with French elisions ("l'", "d'") and English possessives ("'s") cut off."""

    text: str
    start: int
    end: int


def _strip_clitics(m: regex.Match[str]) -> _Word | None:
    word, start, end = m.group(0), m.start(), m.end()
    el = _ELISION.match(word)
    if el and len(word) > el.end():
        word, start = word[el.end() :], start + el.end()
    pos = _POSSESSIVE.search(word)
    if pos and pos.start() > 0:
        word, end = word[: pos.start()], end - (len(word) - pos.start())
    return _Word(word, start, end) if word else None


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def extract_latin_names(text: str, taken: list[tuple[int, int]], lang: str = "") -> list[Anchor]:
    """Runs of capitalised Latin words (with inner connectors: "Université de Harvard")."""
    # only words with a capital letter or connectors can be part of a name; leaving the others
    # out changes nothing (a run stops at them either way: the gap to the next word is not a
    # space) and saves most of the work on running text
    words = [
        _strip_clitics(m)
        for m in _WORD.finditer(text)
        if (m.group(0).lower() != m.group(0) or m.group(0).casefold() in _CONNECTORS)
        and not overlaps(taken, *m.span())
    ]
    words = [w for w in words if w is not None]
    out: list[Anchor] = []
    i = 0
    while i < len(words):
        if not _is_capitalised(words[i].text):
            i += 1
            continue
        run = [words[i]]
        j = i + 1
        while j < len(words):
            gap = text[run[-1].end : words[j].start]
            if gap not in (" ", "\u00a0", "-"):
                break
            w = words[j].text
            if _is_capitalised(w) or (
                w.casefold() in _CONNECTORS
                and j + 1 < len(words)
                and _is_capitalised(words[j + 1].text)
                and text[words[j].end : words[j + 1].start] == " "
            ):
                run.append(words[j])
                j += 1
            else:
                break
        i = j
        never = _never_names(lang)
        while run and run[0].text.casefold() in never:
            run = run[1:]  # "The", "Les Alpes", "Dr": a function word or title is no name
        if run:
            out.extend(_name_anchors(text, run, _weak_run(text, run, lang), syllables=lang == "vi"))
    return out


@lru_cache(maxsize=64)
def _never_names(lang: str) -> frozenset[str]:
    """Words that never open a name: titles, and the language's most frequent function words
    (the stop-word profile of language detection; none for languages without a profile)."""
    from parallelcorpus.langdetect import _PROFILES

    return _PROFILES.get(lang, frozenset()) | HONORIFICS


def _weak_run(text: str, run: list[_Word], lang: str) -> bool:
    """Runs whose first word is more often an ordinary capitalised word than a name.

    A word opening a sentence ("Selon", "Les Alpes"); in German, any lone capitalised word,
    since German capitalises every noun ("Zeit", "Fluss"; a name of two words or more stays
    strong: "Günter Dyhrenfurth"); in Vietnamese, a lone capitalised syllable
    with diacritics, which starts an institution's name ("Hiệp hội", "Đại học") rather than
    naming a person or place (those take several syllables: "Ngô Phương Lan", "Hà Nội").
    """
    first = run[0]
    if _SENTENCE_START.search(text[max(0, first.start - 3) : first.start]):
        return True
    if lang == "de" and len(run) == 1:
        return True  # German capitalises every noun: "Zeit", "Fluss" are no names
    return lang == "vi" and len(run) == 1 and fold(first.text) != first.text.lower()


def _name_shaped(word: str) -> bool:
    """Shapes only names have, even at a sentence start: McDonald, O'Brien."""
    return any(ch.isupper() for ch in word[1:]) or "'" in word[1:-1]


def _name_anchors(
    text: str, run: list[_Word], weak: bool, *, syllables: bool = False
) -> list[Anchor]:
    """Spelling and phonetic keys of a name and of its contiguous parts.

    ``weak`` runs (see :func:`_weak_run`): a lone word gets weak keys only (a match helps, a
    missing partner costs nothing) and a phonetic key only when long enough for a Thai
    transliteration to meet ("Liverpool" ~ "ลิเวอร์พูล"); a longer run loses its first word alone.
    ``syllables`` (Vietnamese text): a name of two short syllables is also keyed as one word.
    """
    tokens = [w.text for w in run]
    if weak and len(tokens) == 1 and not _name_shaped(tokens[0]):
        w = run[0]
        out = [Anchor("name", f"name:{fold(w.text)}", w.start, w.end, w.text, INITIAL_WEIGHT)]
        out += [
            Anchor("name", "ph:" + sk, w.start, w.end, w.text, INITIAL_WEIGHT)
            for sk in latin_skeletons(tokens[0])
            if len(sk) >= MIN_INITIAL_SKELETON
        ]
        return out
    out: list[Anchor] = []
    seen: set[str] = set()
    n = len(tokens)
    for a in range(n):
        for b in range(a + 1, min(n, a + _MAX_PART) + 1):
            if weak and a == 0 and b == 1:
                continue  # "Les Alpes", "Die Alpen": the opening word alone is no name
            part = tokens[a:b]
            if part[0].casefold() in _CONNECTORS or part[-1].casefold() in _CONNECTORS:
                continue
            start, end = run[a].start, run[b - 1].end
            surface = text[start:end]
            key = "name:" + " ".join(fold(t) for t in part if t.casefold() not in _CONNECTORS)
            weight = 1.0 if b - a > 1 or n == 1 else 0.6
            if key not in seen:
                seen.add(key)
                out.append(Anchor("name", key, start, end, surface, weight))
            content = "".join(t for t in part if t.casefold() not in _CONNECTORS)
            for sk in latin_skeletons(content):
                if len(sk) >= MIN_SHORT_SKELETON and "ph:" + sk not in seen:
                    seen.add("ph:" + sk)
                    out.append(Anchor("name", "ph:" + sk, start, end, surface, skeleton_weight(sk)))
    if syllables and len(tokens) == 2 and max(map(len, tokens)) <= _MAX_SYLLABLE:
        # Vietnamese writes a place by its syllables, English and French often as one word:
        # "Hà Nội" = "Hanoi", "Đà Nẵng" = "Danang", "Hạ Long" = "Halong"
        key = "name:" + "".join(fold(t) for t in tokens)
        if key not in seen:
            surface = text[run[0].start : run[-1].end]
            out.append(Anchor("name", key, run[0].start, run[-1].end, surface, 1.0))
    return out


# ---------------------------------------------------------------- Thai transliterations


@lru_cache(maxsize=1)
def _thai_lexicons() -> tuple[frozenset[str], frozenset[str]]:
    from pythainlp.corpus import thai_orst_words, thai_stopwords

    return frozenset(thai_orst_words()), frozenset(thai_stopwords())


def thai_tokens(text: str) -> list[tuple[int, int, str]]:
    """newmm word tokens of ``text`` with offsets (whitespace tokens dropped)."""
    from pythainlp.tokenize import word_tokenize

    out: list[tuple[int, int, str]] = []
    pos = 0
    for tok in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if not tok.strip():
            pos += len(tok) if text.startswith(tok, pos) else 0
            continue
        start = text.find(tok, pos)  # robust even if the tokenizer ever drops characters
        if start < 0:
            continue
        pos = start + len(tok)
        out.append((start, pos, tok))
    return out


def _is_thai_word(tok: str) -> bool:
    return all("\u0e01" <= ch <= "\u0e4e" for ch in tok) and tok[:1] not in "ฯๆ"


@lru_cache(maxsize=1)
def _orst_trie():
    from pythainlp.util import Trie

    return Trie(_thai_lexicons()[0])


@lru_cache(maxsize=65536)
def is_foreign_token(tok: str) -> bool:
    """A Thai token that is no Royal Institute word nor a compound of them: a loan or a name."""
    native, _ = _thai_lexicons()
    if len(tok) <= 1:
        return True  # newmm leaves single letters when it cannot place a foreign syllable
    if tok in native:
        return False
    from pythainlp.tokenize import word_tokenize

    parts = word_tokenize(tok, custom_dict=_orst_trie(), engine="newmm")
    return not (len(parts) > 1 and all(len(p) > 1 and p in native for p in parts))


@lru_cache(maxsize=1)
def _thai_dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _is_loanword(tok: str) -> bool:
    """A whole dictionary word that is foreign (โตเกียว, โตโยต้า): safe for short skeletons."""
    return len(tok) >= 3 and tok in _thai_dictionary() and is_foreign_token(tok)


_SHORT = 3  # a glued syllable of at most this many characters may belong to a foreign word
_SHORT_CHUNK = 6  # a short space-delimited chunk may be part of a spaced name ("โง เฟือง ลาน")


def extract_thai_names(
    text: str, tokens: list[tuple[int, int, str]], taken: list[tuple[int, int]]
) -> list[Anchor]:
    """Phonetic keys for runs of Thai tokens that look like transliterated foreign names."""
    _, stop = _thai_lexicons()
    n = len(tokens)
    thai = [_is_thai_word(t) and not overlaps(taken, s, e) for s, e, t in tokens]
    glued_next = [i + 1 < n and tokens[i][1] == tokens[i + 1][0] for i in range(n)]
    spaced_next = [i + 1 < n and text[tokens[i][1] : tokens[i + 1][0]] == " " for i in range(n)]
    cand = [
        thai[i] and is_foreign_token(tokens[i][2]) and tokens[i][2] not in stop for i in range(n)
    ]
    # grow foreign fragments over short syllables glued to them ("ดู|คา|คิส", "โท|นี")
    changed = True
    while changed:
        changed = False
        for i in range(n):
            tok = tokens[i][2]
            if cand[i] or not thai[i] or len(tok) > _SHORT or tok in stop:
                continue
            if (i > 0 and cand[i - 1] and glued_next[i - 1]) or (
                i + 1 < n and cand[i + 1] and glued_next[i]
            ):
                cand[i] = changed = True
    # short space-delimited chunks next to another such chunk or to a candidate: spaced names
    # ("โง เฟือง ลาน", "ริชี ซูนัก"); Thai prose does not put spaces around short words
    chunks: list[list[int]] = []
    for i in range(n):
        if i > 0 and glued_next[i - 1]:
            chunks[-1].append(i)
        else:
            chunks.append([i])
    short = [
        all(thai[i] for i in c)
        and not (len(c) == 1 and tokens[c[0]][2] in stop)
        and tokens[c[-1]][1] - tokens[c[0]][0] <= _SHORT_CHUNK
        for c in chunks
    ]
    # a short word spaced between two parts of a name is a syllable of it, even when it is a
    # Thai word too: Nguyễn Văn Phúc is "เหงียน วัน ฟุก", and วัน is "day"
    for ci in range(1, len(chunks) - 1):
        i = chunks[ci][0]
        if len(chunks[ci]) > 1 or cand[i] or not thai[i] or len(tokens[i][2]) > _SHORT:
            continue
        before, after = chunks[ci - 1], chunks[ci + 1]
        if (
            spaced_next[before[-1]]
            and spaced_next[i]
            and (short[ci - 1] or cand[before[-1]])
            and (short[ci + 1] or cand[after[0]])
        ):
            cand[i] = True
    for ci, c in enumerate(chunks):
        if not short[ci] or all(cand[i] for i in c):
            continue
        left = (
            ci > 0
            and spaced_next[chunks[ci - 1][-1]]
            and (short[ci - 1] or cand[chunks[ci - 1][-1]])
        )
        right = (
            ci + 1 < len(chunks)
            and spaced_next[c[-1]]
            and (short[ci + 1] or cand[chunks[ci + 1][0]])
        )
        if left or right:
            for i in c:
                cand[i] = True
    out: list[Anchor] = []
    seen: set[str] = set()
    i = 0
    while i < n:
        if not cand[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and cand[j + 1] and (glued_next[j] or spaced_next[j]):
            j += 1
        for a in range(i, j + 1):
            for b in range(a, min(j, a + _MAX_THAI_PART - 1) + 1):
                if b < j and glued_next[b]:
                    continue  # a name ends where its word does ("ดูคา|คิส" is not a name)
                start, end = tokens[a][0], tokens[b][1]
                sk = thai_skeleton(text[start:end])
                short_ok = a == b and _is_loanword(tokens[a][2])
                if (len(sk) >= MIN_SKELETON or (short_ok and len(sk) >= MIN_SHORT_SKELETON)) and (
                    "ph:" + sk not in seen
                ):
                    seen.add("ph:" + sk)
                    out.append(
                        Anchor(
                            "translit", "ph:" + sk, start, end, text[start:end], skeleton_weight(sk)
                        )
                    )
        i = j + 1
    # Thai names (ชินวัตร, วงศ์|สุวรรณ, เชียงใหม่): in pythainlp's lists of names and provinces;
    # their romanisation meets the Latin spelling
    for a, b, name in _listed_names(tokens, thai):
        keys = _province_keys(name) or [
            ("ph:" + sk, NATIVE_NAME_WEIGHT)
            for sk in thai_name_skeletons(name)
            if len(sk) >= MIN_SKELETON
        ]
        for key, weight in keys:
            if key not in seen:
                seen.add(key)
                out.append(Anchor("name", key, a, b, name, weight))
    # dictionary words outside any run with a long skeleton: established transliterations that
    # the Royal Institute lists (ลอนดอน, วอชิงตัน, โตรอนโต) but also ordinary words, hence weak
    for i, (start, end, tok) in enumerate(tokens):
        if cand[i] or not thai[i] or tok in stop or len(tok) < _MIN_NATIVE_LEN:
            continue
        sk = thai_skeleton(tok)
        if len(sk) >= _MIN_NATIVE_SKELETON and "ph:" + sk not in seen:
            seen.add("ph:" + sk)
            out.append(Anchor("translit", "ph:" + sk, start, end, tok, 0.3))
    return out


#: Weight of the phonetic key of a Thai name found in pythainlp's lists of Thai given and family
#: names: below 0.5, so a missing partner is no evidence against (many names are also words)
NATIVE_NAME_WEIGHT = 0.45


@lru_cache(maxsize=1)
def _thai_name_lists() -> tuple[frozenset[str], dict[str, str]]:
    """Thai given and family names, and province names with their official English spelling
    (pythainlp's bundled lists): the Thai names a Latin text spells out ("Shinawatra", "Chiang
    Mai"), which no transliteration rule for foreign names finds because they are Thai words."""
    from pythainlp.corpus import (
        provinces,
        thai_family_names,
        thai_female_names,
        thai_male_names,
    )

    native, _ = _thai_lexicons()
    people = frozenset(
        n
        for n in (*thai_family_names(), *thai_male_names(), *thai_female_names())
        if len(n) >= 3 and n not in native  # "เที่ยง" (noon) is a name too: ordinary words out
    )
    places = {p["name_th"]: p["name_en"] for p in provinces(details=True) if p.get("name_en")}
    return people, places


@lru_cache(maxsize=65536)
def _native_names(tok: str) -> tuple[tuple[int, str], ...]:
    """Person names inside a token, with their offsets in it: runs of its Royal Institute words
    that are a listed name. Only a dictionary entry that the Royal Institute does not list can
    hold one (a title and a name listed together): the word segmenter keeps such an entry whole."""
    people, _ = _thai_name_lists()
    if len(tok) < 6 or tok in _thai_lexicons()[0] or tok not in _thai_dictionary():
        return ()
    from pythainlp.tokenize import word_tokenize

    parts = word_tokenize(tok, custom_dict=_orst_trie(), engine="newmm")
    starts = [0]
    for p in parts:
        starts.append(starts[-1] + len(p))
    out = []
    for a in range(len(parts)):
        for b in range(a + 1, min(len(parts), a + _MAX_THAI_PART) + 1):
            sub = tok[starts[a] : starts[b]]
            if sub != tok and sub in people:  # a province inside a word is a coincidence
                out.append((starts[a], sub))
    return tuple(out)


def _listed_names(
    tokens: list[tuple[int, int, str]], thai: list[bool]
) -> list[tuple[int, int, str]]:
    """(start, end, name) of the listed Thai names in a text: a token, a few tokens glued
    together (the word segmenter cuts วงศ์สุวรรณ into two dictionary words), or a name inside a
    longer dictionary entry."""
    people, places = _thai_name_lists()
    out: list[tuple[int, int, str]] = []
    n = len(tokens)
    for i in range(n):
        if not thai[i]:
            continue
        found = False
        for j in range(i, min(n, i + 3)):
            if j > i and (not thai[j] or tokens[j - 1][1] != tokens[j][0]):
                break
            word = "".join(t for _, _, t in tokens[i : j + 1])
            if len(word) >= 3 and (word in people or word in places):
                out.append((tokens[i][0], tokens[j][1], word))
                found = True
        if not found:
            start, _, tok = tokens[i]
            out += [(start + k, start + k + len(w), w) for k, w in _native_names(tok)]
    return out


def _province_keys(name: str) -> list[tuple[str, float]]:
    """A province's keys from its official English name, as the Latin extractor gives them."""
    english = _thai_name_lists()[1].get(name)
    if not english:
        return []
    keys = [("name:" + " ".join(fold(w) for w in english.split()), 1.0)]
    keys += [("ph:" + sk, skeleton_weight(sk)) for sk in latin_skeletons(english.replace(" ", ""))]
    return keys


@lru_cache(maxsize=65536)
def thai_name_skeletons(word: str) -> tuple[str, ...]:
    """Sound-class skeletons of a Thai name, as a Latin spelling of it would give them: from its
    Royal Thai General System romanisation (pythainlp's rule-based ``royin``, no model), which is
    how Thai names are written in English and French ("Chiang Mai", "Shinawatra"), and from the
    transliteration skeleton used for foreign names."""
    from pythainlp.transliterate import romanize

    out = dict.fromkeys(latin_skeletons(romanize(word, engine="royin")))
    out[thai_skeleton(word)] = None
    return tuple(k for k in out if k)
