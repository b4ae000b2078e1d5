"""Words, cognates and a bilingual dictionary learned from the two documents themselves.

No dictionary ships with the aligner. As hunalign does, a first alignment pass (anchors, length,
cognates) yields confident beads; word pairs that co-occur in those beads far more often than
chance (Dice coefficient, Dunning's G²) become dictionary entries, one partner per word by
competitive linking, and the documents are aligned again with them. Cognates
(``expédition``/``Expedition``, ``Harvard``/``Harvard``) are compared on a diacritic-folded
prefix, so they also link Vietnamese and French names, and Latin-script words embedded in Thai
text.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np
import regex

_WORD = regex.compile(r"[\p{L}\p{M}]+|\p{N}+")
_THAI = regex.compile(r"[\u0E00-\u0E7F]")
_LATIN_WORD = regex.compile(r"^[\p{Latin}\p{M}]+$")
#: Tokens with a digit never enter the dictionary: a number translates as itself and already
#: meets its counterpart as an anchor and a number key; paired with a word ("aim"/"30", from
#: two beads that happen to share both) it can only be chance.
_DIGIT = regex.compile(r"\p{N}")
_FOLD_EXTRA = str.maketrans({"đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l"})

#: Cognate prefix length: long enough that unrelated words rarely collide, short enough that
#: inflected and derived forms (``expédition``/``Expeditionen``) still meet.
COGNATE_PREFIX = 5
#: Words shorter than this carry no cognate evidence (articles, prepositions).
COGNATE_MIN_LEN = 4


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, diacritics removed: ``Đặng`` -> ``dang``, ``Élysée`` -> ``elysee``."""
    word = word.lower().translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _thai_words(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip()]


def tokenize(text: str, lang: str) -> list[str]:
    """Lower-cased word tokens; Thai runs are split into words with pythainlp."""
    if lang == "th" or _THAI.search(text):
        out: list[str] = []
        for piece in regex.split(r"(\p{Thai}+)", text):
            if not piece:
                continue
            if _THAI.match(piece):
                out.extend(w for w in _thai_words(piece) if _WORD.search(w))
            else:
                out.extend(m.group(0).lower() for m in _WORD.finditer(piece))
        return out
    words = [m.group(0).lower() for m in _WORD.finditer(text)]
    if lang == "vi":  # a Vietnamese word is often two syllables: "quan trọng" (important)
        words += [a + "_" + b for a, b in pairwise(words)]
    return words


@lru_cache(maxsize=200_000)
def cognate_key(tok: str) -> str | None:
    """The language-independent key of a token that may be a cognate, a name or a number."""
    if tok.isdigit():
        return "n:" + (tok.lstrip("0")[:12] or "0")
    if not _LATIN_WORD.match(tok):
        return None
    folded = fold(tok)
    return "c:" + folded[:COGNATE_PREFIX] if len(folded) >= COGNATE_MIN_LEN else None


def cognate_keys(tokens: Iterable[str]) -> set[str]:
    """Language-independent keys of the tokens that may be cognates or names (Latin script)."""
    return {key for key in map(cognate_key, tokens) if key is not None}


#: Dunning's log-likelihood ratio (G2) a word pair needs, 10.83 = significant at the 0.1% level:
#: co-occurring more often than the two words' own frequencies predict. In a short article
#: "a"/"un" sit in every other bead and co-occur twice by chance; Dice alone takes them. The
#: level is strict because thousands of word pairs are tested: at 5% (3.84), two words that
#: happen to sit in the same two of twenty beads ("aim"/"30", "workshop"/"cầu") pass.
MIN_LLR = 10.83


def association_llr(joint: np.ndarray, cs: np.ndarray, ct: np.ndarray, n: float) -> np.ndarray:
    """Dunning's G2 of the 2x2 table (both, source only, target only, neither) per word pair,
    signed: 0 where the pair co-occurs no more often than chance."""
    k11 = joint
    k12 = np.maximum(cs - joint, 0.0)
    k21 = np.maximum(ct - joint, 0.0)
    k22 = np.maximum(n - cs - ct + joint, 0.0)

    def xlogx(x: np.ndarray) -> np.ndarray:
        return np.where(x > 0, x * np.log(np.maximum(x, 1e-300)), 0.0)

    g2 = 2.0 * (
        xlogx(k11)
        + xlogx(k12)
        + xlogx(k21)
        + xlogx(k22)
        - xlogx(k11 + k12)
        - xlogx(k11 + k21)
        - xlogx(k12 + k22)
        - xlogx(k21 + k22)
        + xlogx(k11 + k12 + k21 + k22)
    )
    return np.where(k11 * n > cs * ct, g2, 0.0)


def learn_dictionary(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
    *,
    min_count: int = 2,
    min_dice: float = 0.35,
    min_llr: float = MIN_LLR,
) -> dict[str, set[str]]:
    """Source word -> target words whose co-occurrence in ``pairs`` (confident beads) is high.

    Dice = 2 c(s, t) / (c(s) + c(t)), counted once per bead; a pair needs ``min_count``
    co-occurrences, so one accidental bead never makes an entry, and a significant association
    (``min_llr``, see :func:`association_llr`), so frequent words that meet by chance do not.
    Of the pairs left, each word keeps only its most associated partner(s), by competitive
    linking (:func:`competitive_links`).
    """
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    bead_types = [(set(s), set(t)) for s, t in pairs]
    for s_types, t_types in bead_types:
        src_count.update(s_types)
        tgt_count.update(t_types)

    def learnable(word: str, count: int) -> bool:
        # seen fewer than min_count times, a word cannot co-occur min_count times
        return count >= min_count and not _DIGIT.search(word)

    src_ids = {w: k for k, w in enumerate(w for w, c in src_count.items() if learnable(w, c))}
    tgt_ids = {w: k for k, w in enumerate(w for w, c in tgt_count.items() if learnable(w, c))}
    width = max(1, len(tgt_ids))
    codes: list[np.ndarray] = []
    for s_types, t_types in bead_types:
        if len(s_types) * len(t_types) > 40_000:
            continue  # a giant bead says little about which word is which
        s_kept = np.array([src_ids[w] for w in s_types if w in src_ids], dtype=np.int64)
        t_kept = np.array([tgt_ids[w] for w in t_types if w in tgt_ids], dtype=np.int64)
        if len(s_kept) and len(t_kept):
            codes.append((s_kept[:, None] * width + t_kept[None, :]).ravel())
    if not codes:
        return {}
    # co-occurrence counts of every (source word, target word) pair, in one sort
    pair_codes, joint = np.unique(np.concatenate(codes), return_counts=True)
    src_words, tgt_words = list(src_ids), list(tgt_ids)
    keep = joint >= min_count
    pair_codes, joint = pair_codes[keep], joint[keep]
    cs = np.array([src_count[w] for w in src_words], dtype=np.float64)[pair_codes // width]
    ct = np.array([tgt_count[w] for w in tgt_words], dtype=np.float64)[pair_codes % width]
    dice = 2.0 * joint / (cs + ct)
    llr = association_llr(joint.astype(np.float64), cs, ct, float(len(bead_types)))
    ok = (dice >= min_dice) & (llr >= min_llr)
    # rank as competitive_links does, in numpy: the Python sort is a third of the time here
    score = llr[ok]
    s_idx, t_idx = pair_codes[ok] // width, pair_codes[ok] % width
    s_key = np.array([cognate_key(w) or "" for w in src_words], dtype=object)[s_idx]
    t_key = np.array([cognate_key(w) or "" for w in tgt_words], dtype=object)[t_idx]
    unlike = (s_key != t_key) | (s_key == "")
    order = np.lexsort((_ranks(tgt_words)[t_idx], _ranks(src_words)[s_idx], unlike, -score))
    return _link(
        (float(score[k]), src_words[s_idx[k]], tgt_words[t_idx[k]]) for k in order.tolist()
    )


def _ranks(words: list[str]) -> np.ndarray:
    """Each word's place in string order."""
    ranks = np.empty(len(words), dtype=np.int64)
    ranks[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(words))
    return ranks


def competitive_links(candidates: Iterable[tuple[float, str, str]]) -> dict[str, set[str]]:
    """Melamed's competitive linking over (association, source word, target word): the most
    associated pair first, and a word once linked takes no other partner. In a short article
    "and" meets "et", "d'" and "un"; only "et" is its translation.

    One exception: a partner tied with the first and sharing a syllable with it, because the
    syllables of a Vietnamese word ("quốc", "tế", "quốc_tế") always co-occur, and keeping one
    would leave the others to link with whatever word is left over. Among tied pairs, look-alike
    words (``dang``/``dang``) come first, then the words' order: never set order, so the
    dictionary is the same on every run.
    """
    return _link(sorted(candidates, key=lambda c: (-c[0], not _look_alike(c[1], c[2]), c)))


def _link(ranked: Iterable[tuple[float, str, str]]) -> dict[str, set[str]]:
    """Competitive linking over candidates already in rank order."""
    first_src: dict[str, float] = {}
    first_tgt: dict[str, float] = {}
    links: dict[str, set[str]] = {}
    back: dict[str, set[str]] = {}

    def free(word: str, first: dict[str, float], partners: set[str], other: str, x: float) -> bool:
        return word not in first or (first[word] == x and _one_word(other, partners))

    for score, s, t in ranked:
        if not (
            free(s, first_src, links.get(s, set()), t, score)
            and free(t, first_tgt, back.get(t, set()), s, score)
        ):
            continue
        first_src.setdefault(s, score)
        first_tgt.setdefault(t, score)
        links.setdefault(s, set()).add(t)
        back.setdefault(t, set()).add(s)
    return links


def _look_alike(a: str, b: str) -> bool:
    key = cognate_key(a)
    return key is not None and key == cognate_key(b)


def _one_word(word: str, partners: set[str]) -> bool:
    """Whether ``word`` shares a syllable with one of ``partners`` (``quốc_tế`` and ``tế``)."""
    parts = set(word.split("_"))
    return any(parts & set(p.split("_")) for p in partners)
