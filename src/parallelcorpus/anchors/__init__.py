"""Anchors: what survives translation (names, numbers, dates), with language-independent keys.

``extract_anchors(text, lang)`` returns :class:`~parallelcorpus.types.Anchor` objects whose
``key`` is equal across languages, scripts and calendars exactly when they refer to the same thing.
Kinds and keys:

=========  ==========================  ===================================================
kind       key                         examples
=========  ==========================  ===================================================
number     ``num:1000``                1,000 · 1 000 · 1.000 (vi) · ๑๐๐๐ · five (weak)
ordinal    ``num:30``                  30th · 30e · thứ 30
percent    ``pct:30`` (+ ``num:30``)   30 % · 30 percent · ร้อยละ 30
year       ``year:2025``               2025 · พ.ศ. 2568 · ปี 2568
time       ``time:17:00``              5 p.m. · 17 heures · 17h00 · 17 giờ · 17.00 น.
decade     ``decade:1990``             1990s · années 90 · những năm 90 · ทศวรรษ 1990
date       ``date:2025-03-11``,        11.3.2025 · March 11 · 11 mars · 11 มีนาคม 2568
           ``date:--03-11``, ...       (every partial key too: see :mod:`.dates`)
place      ``place:ZA``                Afrique du Sud · Nam Phi · แอฟริกาใต้ (CLDR)
demonym    ``place:VN`` (0.5)          vietnamien · Vietnamese · phim Việt (CLDR + morphology)
name       ``name:dang hoang giang``,  Đặng Hoàng Giang · Dang Hoang Giang (+ each part)
           ``ph:TNNKN``                phonetic skeleton shared with Thai transliterations
translit   ``ph:TNNKN``                ดาง ฮวง เกียง (Thai-script foreign name)
name (th)  ``ph:SNTR``,                ชินวัตร ~ Shinawatra (pythainlp's Thai name lists, RTGS
           ``name:chiang mai``         romanisation) · เชียงใหม่ (province: its English name)
acronym    ``acr:vfda``                VFDA · BGF · MIT · IA (fr) = ``acr:ai``
currency   ``cur:USD`` (0.5)           USD · $ · dollars · đô la · ดอลลาร์ (CLDR + unit words)
weekday    ``wd:1`` (0.5)              Monday · lundi · thứ Hai · วันจันทร์ (CLDR)
url/email  ``url:…`` / ``email:…``
=========  ==========================  ===================================================

``weight`` is the strength of the evidence: 1.0 for numbers, dates and full names, less for
parts of names, short phonetic skeletons and number words (0.3: "năm" is also "year").

``anchor_similarity(a, b)`` compares two anchor lists (or precomputed :class:`AnchorSet` s, which
is what an aligner should pass in its inner loop) and returns an :class:`AnchorMatch` whose
``score`` lies in [-1, 1]: the share of anchor mentions (overlapping anchors are one mention) on
both sides that found a partner, minus the share that conflicts (both sides carry numbers/years/
dates of one family and none of them agree). Weak mentions (weight < 0.5: number words, long
ordinary Thai words) count when they match and are ignored when they do not.

Comparing the units of two documents, as an aligner does: discount the keys each article keeps
returning to with :func:`document_key_weights` and :func:`reweight`, and leave out what the other
document never has with :func:`shared_with`.

Unknown language codes fall back to script-based extraction; no input makes extraction raise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from parallelcorpus.types import Anchor

__all__ = [
    "AnchorMatch",
    "AnchorSet",
    "anchor_keys",
    "anchor_set",
    "anchor_similarity",
    "document_key_weights",
    "extract_anchors",
    "reweight",
    "shared_with",
]

#: Key families where two different values on the two sides are evidence against a match.
NUMERIC_FAMILIES = ("num", "year", "date", "pct", "decade", "time")
_STRONG = 0.8
_WEAK = 0.5


@lru_cache(maxsize=64)
def _effective_lang(lang: str, thai: bool) -> str:
    """Primary ISO 639 subtag; unknown codes fall back to the script (Thai or generic Latin)."""
    code = (lang or "").strip().replace("_", "-").split("-")[0].lower()
    if code == "th":
        return "th"
    if code:
        try:
            from babel import Locale

            Locale.parse(code)
            return code
        except Exception:
            pass
    return "th" if thai else "und"


def extract_anchors(text: str, lang: str) -> list[Anchor]:
    """Names, numbers, dates, places, acronyms, URLs of ``text`` with cross-language keys.

    Offsets are into ``text``. The same span may carry several keys (a year is also a number; a
    name has a spelling key and a phonetic key). Sorted by position.
    """
    from parallelcorpus.anchors.dates import extract_dates, extract_weekdays
    from parallelcorpus.anchors.money import extract_currencies
    from parallelcorpus.anchors.names import (
        extract_acronyms,
        extract_latin_names,
        extract_thai_names,
        extract_urls,
        thai_tokens,
    )
    from parallelcorpus.anchors.numbers import extract_numbers
    from parallelcorpus.anchors.places import extract_demonyms, extract_places
    from parallelcorpus.anchors.text import digits_to_ascii, has_thai

    if not text or not text.strip():
        return []
    thai = has_thai(text)
    code = _effective_lang(lang, thai)
    norm = digits_to_ascii(text)
    tokens = thai_tokens(text) if thai else None

    taken: list[tuple[int, int]] = []
    anchors = extract_urls(text, taken)
    anchors += extract_dates(text, norm, code, taken)
    anchors += extract_numbers(text, norm, code, taken, tokens)
    name_taken = list(taken)
    anchors += extract_weekdays(text, code, name_taken)
    anchors += extract_currencies(text, code, name_taken, tokens)
    anchors += extract_places(text, code, name_taken, tokens)
    anchors += extract_demonyms(text, code, name_taken)
    if code == "th":
        # Latin-script country names inside Thai text ("US", "Vietnam")
        anchors += extract_places(text, "en", name_taken)
    anchors += extract_acronyms(text, name_taken, code)
    anchors += extract_latin_names(text, name_taken, code)
    if tokens:
        anchors += extract_thai_names(text, tokens, name_taken)

    unique = {(a.start, a.end, a.key): a for a in anchors}
    return sorted(unique.values(), key=lambda a: (a.start, a.end, a.key))


def anchor_keys(anchors: Iterable[Anchor]) -> dict[str, float]:
    """Key -> strongest weight among ``anchors`` (a cheap vector for set arithmetic)."""
    keys: dict[str, float] = {}
    for a in anchors:
        if a.weight > keys.get(a.key, 0.0):
            keys[a.key] = a.weight
    return keys


#: One mention: (weight, its keys, weak?). Overlapping anchors are one mention; "weak" is fixed
#: at extraction (every anchor below 0.5: number words...), before any document reweighting.
Mention = tuple[float, frozenset[str], bool]


def _mention(group: Sequence[Anchor]) -> Mention:
    weight = max(a.weight for a in group)
    return (weight, frozenset(a.key for a in group), weight < _WEAK)


@dataclass(frozen=True)
class AnchorSet:
    """Precomputed form of one unit's anchors for fast, repeated similarity calls.

    ``mentions`` groups overlapping anchors (one name = one mention, whatever its number of
    keys), each with its strongest weight (see :data:`Mention`). Combine the units of a
    multi-sentence bead with ``|``.
    """

    keys: Mapping[str, float]
    mentions: tuple[Mention, ...]
    families: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "families", _families(self.keys))

    def __or__(self, other: AnchorSet) -> AnchorSet:
        keys = dict(self.keys)
        for k, w in other.keys.items():
            if w > keys.get(k, 0.0):
                keys[k] = w
        return AnchorSet(keys, self.mentions + other.mentions)


def anchor_set(anchors: Sequence[Anchor] | AnchorSet) -> AnchorSet:
    """Group ``anchors`` (from one text: offsets must be comparable) into an :class:`AnchorSet`."""
    if isinstance(anchors, AnchorSet):
        return anchors
    ordered = sorted(anchors, key=lambda a: (a.start, a.end))
    mentions: list[Mention] = []
    group: list[Anchor] = []
    group_end = -1
    for a in ordered:
        if group and a.start >= group_end:
            mentions.append(_mention(group))
            group = []
            group_end = -1
        group.append(a)
        group_end = max(group_end, a.end)
    if group:
        mentions.append(_mention(group))
    return AnchorSet(anchor_keys(ordered), tuple(mentions))


def document_key_weights(units: Sequence[AnchorSet | Sequence[Anchor]]) -> dict[str, float]:
    """Weight in (0, 1] per key from its document frequency over ``units`` (one document side).

    A key found in many units of one article (the country it is about, "AI" in an AI story, its
    main speaker) says little about which sentence is which: keys in at most ``max(2, 5 %)`` of
    the units keep weight 1, more frequent ones get ``base / df`` (an IDF without the log, so that
    a key in a quarter of the article is already weak), never below 0.05. Aligners compute this
    once per document side and apply it with :func:`reweight`.
    """
    sets = [anchor_set(u) for u in units]
    df: dict[str, int] = {}
    for s in sets:
        for k in s.keys:
            df[k] = df.get(k, 0) + 1
    base = max(2.0, 0.05 * len(sets))
    return {k: 1.0 if d <= base else max(0.05, base / d) for k, d in df.items()}


def reweight(units: AnchorSet | Sequence[Anchor], key_weights: Mapping[str, float]) -> AnchorSet:
    """``units`` with every key's weight multiplied by ``key_weights`` (missing keys: 1)."""
    s = anchor_set(units)
    keys = {k: w * key_weights.get(k, 1.0) for k, w in s.keys.items()}
    mentions = tuple(
        (w * max(key_weights.get(k, 1.0) for k in ks), ks, weak) for w, ks, weak in s.mentions
    )
    return AnchorSet(keys, mentions)


def shared_with(
    units: Sequence[AnchorSet | Sequence[Anchor]], other: Sequence[AnchorSet | Sequence[Anchor]]
) -> list[AnchorSet]:
    """``units`` (one document side) without the mentions whose keys the ``other`` document
    never has, as the aligner sees them (it keeps only features both documents share).

    A name one version translates ("Cinema Law" / "loi sur le cinéma") or a title only one
    version carries can pair with no sentence of the other document, so it says nothing about
    which sentence is which; counted as unmatched, it makes a real pair look unlike. Numbers,
    years and dates stay: one missing from the other document marks a sentence left out of it.
    """
    sets = [anchor_set(u) for u in units]
    present: set[str] = set()
    for s in map(anchor_set, other):
        present.update(s.keys)

    def kept(key: str) -> bool:
        return key in present or key.partition(":")[0] in NUMERIC_FAMILIES

    return [
        AnchorSet(
            {k: w for k, w in s.keys.items() if kept(k)},
            tuple(m for m in s.mentions if any(map(kept, m[1]))),
        )
        for s in sets
    ]


def _families(keys: Mapping[str, float]) -> dict[str, frozenset[str]]:
    fams: dict[str, set[str]] = {}
    for k, w in keys.items():
        fam = k.split(":", 1)[0]
        if fam in NUMERIC_FAMILIES and w >= _STRONG:
            fams.setdefault(fam, set()).add(k)
    return {f: frozenset(v) for f, v in fams.items()}


@dataclass(frozen=True)
class AnchorMatch:
    """Result of :func:`anchor_similarity`.

    ``score`` in [-1, 1] (0 = no evidence either way); ``matched`` the shared keys;
    ``conflicts`` the unshared keys of numeric families present on both sides without any
    agreement; ``evidence`` the summed weight of the matched keys.
    """

    score: float
    matched: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    evidence: float = 0.0


_NO_EVIDENCE = AnchorMatch(0.0)


def anchor_similarity(
    a: Sequence[Anchor] | AnchorSet, b: Sequence[Anchor] | AnchorSet
) -> AnchorMatch:
    """How strongly two units' anchors say "same content" (see the module docstring)."""
    sa, sb = anchor_set(a), anchor_set(b)
    if not sa.mentions or not sb.mentions:
        return _NO_EVIDENCE
    ka, kb = sa.keys, sb.keys
    matched = ka.keys() & kb.keys()
    fa, fb = sa.families, sb.families
    conflicting: set[str] = set()
    for fam in fa.keys() & fb.keys():
        if not (fa[fam] & fb[fam]) and not (fa[fam] & kb.keys()) and not (fb[fam] & ka.keys()):
            conflicting |= fa[fam] | fb[fam]
    if not matched and not conflicting:
        return _NO_EVIDENCE
    total = cov = conf = 0.0
    for mentions in (sa.mentions, sb.mentions):
        for w, ks, weak in mentions:
            if ks & matched:
                cov += w
            elif ks & conflicting:
                conf += w
            elif weak:
                continue  # a weak anchor without partner is expected, not evidence against
            total += w
    score = (cov - conf) / total if total else 0.0
    evidence = sum(min(ka[k], kb[k]) for k in matched)
    return AnchorMatch(
        max(-1.0, min(1.0, score)), tuple(sorted(matched)), tuple(sorted(conflicting)), evidence
    )
