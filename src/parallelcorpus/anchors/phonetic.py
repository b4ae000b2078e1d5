"""Script-independent phonetic skeletons: Harvard ~ ฮาร์วาร์ด, Dukakis ~ ดูคาคิส.

A skeleton is the word's consonants mapped to coarse sound classes, with vowels, tones, ``h``,
``w``/``v``/``y`` (Thai อ ห ฮ ว ย, which are often vowel carriers) dropped and adjacent repeats of a
class merged (Latin "ss", Thai "สซ"):

=====  ==========================  ==============================
class  Latin                       Thai
=====  ==========================  ==============================
P      p b                         บ ป พ ภ ผ
F      f ph                        ฟ ฝ
T      t d th                      ด ต ท ถ ธ ฎ ฏ ฐ ฑ ฒ
K      k g q c(a,o,u) ck kh gh     ก ข ค ฆ ฃ ฅ
S      s z x c(e,i,y) ch sh j      ส ซ ศ ษ จ ฉ ช ฌ
N      n ng nh gn                  น ณ ง ญ
M      m                           ม
R      r l                         ร ล ฬ ฤ ฦ
=====  ==========================  ==============================

Thai transliterations keep the letters of the source spelling even when they are silent (the
karan ์ in ฮาร์วาร์ด marks the "r"s), so silent letters are kept on both sides. Thai leading vowels
(เ แ โ ใ ไ) are written before their consonant; they are moved after it so that "แพตเตอร์สัน"
merges its "ตต" like "Patterson" merges "tt". Ambiguous Latin spellings (c, ch, g, gi, x) yield a
few variant skeletons; a name matches when any variant equals the Thai skeleton.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from parallelcorpus.anchors.text import fold

_THAI_CLASS = {}
for _letters, _cls in (
    ("บปพภผ", "P"),
    ("ฟฝ", "F"),
    ("ดตทถธฎฏฐฑฒ", "T"),
    ("กขคฆฃฅ", "K"),
    ("สซศษจฉชฌ", "S"),
    ("นณงญ", "N"),
    ("ม", "M"),
    ("รลฬฤฦ", "R"),
):
    for _ch in _letters:
        _THAI_CLASS[_ch] = _cls
_THAI_LEADING = set("เแโใไ")
_SEP = "."

# Latin digraphs/letters -> alternatives (first is the default reading). Checked longest first.
_LATIN_RULES: dict[str, tuple[str, ...]] = {
    "sch": ("S",),
    "tch": ("S",),
    "ngh": ("N",),
    "ph": ("F",),
    "th": ("T",),
    "sh": ("S",),
    "ch": ("S", "K"),
    "ck": ("K",),
    "kh": ("K",),
    "gh": ("K",),
    "ng": ("N",),
    "nh": ("N",),
    "gn": ("N", "KN"),
    "qu": ("K",),
    "gi": ("K", "S"),
    "ts": ("TS",),
    "tz": ("TS",),
    "dj": ("S",),
    "b": ("P",),
    "p": ("P",),
    "f": ("F",),
    "t": ("T",),
    "d": ("T",),
    "k": ("K",),
    "g": ("K",),
    "q": ("K",),
    "s": ("S",),
    "z": ("S",),
    "x": ("S", "KS"),
    "j": ("S",),
    "n": ("N",),
    "m": ("M",),
    "r": ("R",),
    "l": ("R",),
}
_SOFT_C = set("eiy")
_VOWELISH = set("aeiouyhwv")
_MAX_VARIANTS = 8


def _merge(classes: list[str]) -> str:
    """Join classes, merging identical neighbours not separated by a vowel; drop separators."""
    out: list[str] = []
    prev = _SEP
    for c in classes:
        if c == _SEP:
            prev = _SEP
            continue
        for ch in c:
            if ch != prev:
                out.append(ch)
            prev = ch
    return "".join(out)


@lru_cache(maxsize=65536)
def latin_skeletons(word: str) -> tuple[str, ...]:
    """Skeleton variants of a Latin word or name ("Giang" -> ("KN", "SN")); spaces are ignored."""
    w = "".join(ch for ch in fold(word) if ch.isalpha())
    options: list[tuple[str, ...]] = []
    i = 0
    while i < len(w):
        for size in (3, 2, 1):
            chunk = w[i : i + size]
            if len(chunk) == size and chunk in _LATIN_RULES:
                alts = _LATIN_RULES[chunk]
                nxt = w[i + size : i + size + 1]
                if chunk == "c":
                    alts = ("S", "K") if nxt in _SOFT_C else ("K",)
                elif chunk == "g" and nxt in _SOFT_C:
                    alts = ("K", "S")
                elif chunk == "ng" and nxt in _SOFT_C and i > 0:
                    alts = ("N", "NS", "NK")
                options.append(alts)
                i += size
                break
        else:
            ch = w[i]
            if ch == "c":
                options.append(("S", "K") if w[i + 1 : i + 2] in _SOFT_C else ("K",))
            else:
                options.append((_SEP,) if ch in _VOWELISH else ())
            i += 1
    options = [o for o in options if o]
    variants: list[str] = []
    count = 1
    for o in options:
        count *= len(o)
    if count > _MAX_VARIANTS:
        options = [o[:1] for o in options]
    for combo in product(*options):
        sk = _merge(list(combo))
        if sk not in variants:
            variants.append(sk)
    return tuple(variants)


@lru_cache(maxsize=65536)
def thai_skeleton(word: str) -> str:
    """Skeleton of a Thai-script transliteration ("ฮาร์วาร์ด" -> "RRT", "บอสตัน" -> "PSTN")."""
    chars = list(word)
    # move each leading vowel after the consonant it precedes (เต -> ตเ)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in _THAI_LEADING and (chars[i + 1] in _THAI_CLASS or chars[i + 1] in "อหฮวย"):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    classes = []
    for ch in chars:
        cls = _THAI_CLASS.get(ch)
        if cls is not None:
            classes.append(cls)
        elif ch in "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e4d\u0e4e":
            continue  # tone marks, karan, maitaikhu: not vowels, keep neighbours adjacent
        elif "\u0e00" <= ch <= "\u0e7f":
            classes.append(_SEP)
    return _merge(classes)
