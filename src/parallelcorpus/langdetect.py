"""Language of a text from its script, then (for Latin script) a small stop-word profile.

Why not a trained model: the pipeline only needs to tell a handful of news languages apart
reliably and offline, and to notice text that contradicts ``--lang``. Script alone settles Thai,
Chinese, Russian, Arabic...; Vietnamese is the only Latin-script language that writes
``ơ ư đ ă`` and stacked tone marks, so a few percent of those letters settle it too; the
remaining Latin-script languages are told apart by their commonest function words, which make
up a large share of any running text. Only a bounded sample of the text is read.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

#: How much of a text is read: enough for a stable profile, bounded for 5 MB inputs.
SAMPLE = 20_000

#: Scripts with a single dominant language (ISO 15924 name -> ISO 639-1).
_SCRIPT_LANG = {
    "Thai": "th",
    "Lao": "lo",
    "Khmer": "km",
    "Myanmar": "my",
    "Hangul": "ko",
    "Hebrew": "he",
    "Greek": "el",
    "Devanagari": "hi",
    "Georgian": "ka",
    "Armenian": "hy",
    "Bengali": "bn",
    "Tamil": "ta",
    "Telugu": "te",
    "Gujarati": "gu",
    "Gurmukhi": "pa",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Sinhala": "si",
    "Ethiopic": "am",
    "Tibetan": "bo",
}
_SCRIPTS = (
    "Latin",
    "Thai",
    "Han",
    "Hiragana",
    "Katakana",
    "Hangul",
    "Cyrillic",
    "Arabic",
    *(s for s in _SCRIPT_LANG if s not in ("Thai", "Hangul")),
)
_SCRIPT_RE = {name: regex.compile(rf"\p{{Script={name}}}") for name in _SCRIPTS}
_LETTER = regex.compile(r"\p{L}")

#: Script a language is written in, for the --lang contradiction warning.
_LANG_SCRIPT = {
    **{lang: script for script, lang in _SCRIPT_LANG.items()},
    "zh": "Han",
    "ja": "Han",
    "ru": "Cyrillic",
    "uk": "Cyrillic",
    "bg": "Cyrillic",
    "sr": "Cyrillic",
    "mk": "Cyrillic",
    "be": "Cyrillic",
    "kk": "Cyrillic",
    "mn": "Cyrillic",
    "ar": "Arabic",
    "fa": "Arabic",
    "ur": "Arabic",
    "ps": "Arabic",
    "mr": "Devanagari",
    "ne": "Devanagari",
}
_JAPANESE_KANA = ("Hiragana", "Katakana")

#: Letters only Vietnamese uses among Latin-script languages (lowercase; text is casefolded).
_VIETNAMESE_LETTERS = regex.compile(r"[ơưđăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ]")

#: The commonest function words per language: a profile, not a dictionary.
_STOP_WORDS = {
    "en": "the of and to in a is that for it was on with as by at be this have from are "
    "his her he she they an which or not but has had were been their its will would also",
    "fr": "le la les de des du un une et est en que qui dans pour pas sur au aux par "
    "avec ce cette il elle ils sont ont été se sa son ses mais leur plus ou ne été "
    "d l qu c n s",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem "
    "auch es an als er sie wird werden bei oder nach aus wie hat sind",
    "es": "el la los las de del y en que un una es por con para se no su al lo como "
    "más pero sus le ya o fue este ha son entre cuando muy sin sobre",
    "it": "il lo la gli le di del della dei e è che un una per con non si da al alla "
    "sono nel nella anche come più ma ha questo questa dal loro",
    "pt": "o a os as de do da dos das e em que um uma para com não se por no na nos "
    "mais como mas foi ao ele ela são à seu sua ou também",
    "nl": "de het een en van is dat in op te zijn met voor niet aan er ook als bij "
    "door maar om dan zo nog wordt werd naar uit heeft hij zij",
    "vi": "và của là có các những được trong cho với không người một này đã đến từ "
    "khi để về cũng như ra nhiều theo tại sẽ đang năm việc",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada "
    "oleh adalah karena sebagai mereka atau telah bisa",
    "sv": "och i att det som en på är av för med till den har de inte om ett var "
    "jag men sig från vi så kan",
    "pl": "i w na z że się nie do to jest jak o po co ale od za tak przez dla są jego",
    "ro": "și în de la cu a pe care nu un o din este să mai pentru sunt au fost ca lui acest",
    "tr": "ve bir bu da de için ile olarak çok daha gibi olan ama en ne o kadar sonra var ya",
}
_PROFILES = {lang: frozenset(words.split()) for lang, words in _STOP_WORDS.items()}
_TOKEN = regex.compile(r"[\p{L}\p{M}]+")


def script_counts(text: str) -> dict[str, int]:
    """Number of letters of each script in (a bounded sample of) ``text``."""
    counts: dict[str, int] = {}
    for char, n in Counter(_LETTER.findall(_sample(text))).items():
        script = _script_of_char(char)
        if script:
            counts[script] = counts.get(script, 0) + n
    return counts


def letters_in_script(text: str, script: str) -> tuple[int, int]:
    """(letters of ``script``, all letters) in a bounded sample of ``text``: a cheap check that
    a text is written in the script its language code says (kana count as "Han")."""
    sample = _sample(text)
    total = len(_LETTER.findall(sample))
    names = ("Han", *_JAPANESE_KANA) if script == "Han" else (script,)
    return sum(len(_SCRIPT_RE[n].findall(sample)) for n in names if n in _SCRIPT_RE), total


@lru_cache(maxsize=4096)
def _script_of_char(char: str) -> str:
    for name, pattern in _SCRIPT_RE.items():
        if pattern.match(char):
            return name
    return ""


def script_of(text: str) -> str:
    """Dominant script of ``text`` ("Latin", "Thai", "Han", ...), or "" when it has no letters.

    Japanese kana count as "Han" so that Japanese text is reported as one script.
    """
    counts = script_counts(text)
    for kana in _JAPANESE_KANA:
        if kana in counts:
            counts["Han"] = counts.get("Han", 0) + counts.pop(kana)
    if not counts:
        return ""
    return max(counts, key=counts.__getitem__)


def expected_script(lang: str) -> str | None:
    """Script ``lang`` is normally written in, or None when we do not know."""
    if lang in _LANG_SCRIPT:
        return _LANG_SCRIPT[lang]
    if lang in _PROFILES or lang in {"ca", "da", "no", "nb", "fi", "cs", "sk", "hu", "hr"}:
        return "Latin"
    return None


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``, or ``"und"`` when neither script nor profile decides."""
    counts = script_counts(text)
    if not counts:
        return "und"
    kana = sum(counts.get(k, 0) for k in _JAPANESE_KANA)
    if kana:
        counts["Han"] = counts.get("Han", 0) + kana
    script = max(counts, key=counts.__getitem__)
    if script == "Han":
        return "ja" if kana >= 0.1 * counts["Han"] else "zh"
    if script in _SCRIPT_LANG:
        return _SCRIPT_LANG[script]
    sample = _sample(text).casefold()
    if script == "Cyrillic":
        return "uk" if regex.search(r"[іїєґ]", sample) else "ru"
    if script == "Arabic":
        if regex.search(r"[ےںٹڈڑ]", sample):
            return "ur"
        return "fa" if len(regex.findall(r"[پچژگکی]", sample)) > 0.02 * counts[script] else "ar"
    if script != "Latin":
        return "und"
    best, hits = _by_profile(sample)
    if len(_VIETNAMESE_LETTERS.findall(sample)) >= 0.03 * counts["Latin"]:
        # Vietnamese letters, unless another language's function words clearly dominate
        # (an English report full of accented Vietnamese names).
        vi_hits = _hits(_TOKEN.findall(sample), _PROFILES["vi"])
        return best if best != "und" and hits > 2 * vi_hits else "vi"
    return best


def _hits(tokens: list[str], words: frozenset[str]) -> int:
    return sum(1 for t in tokens if t in words)


def _by_profile(sample: str) -> tuple[str, int]:
    """Best stop-word profile and its hits, or ("und", 0) when none covers enough words."""
    tokens = _TOKEN.findall(sample)
    best, best_hits = "und", 0
    for lang, words in _PROFILES.items():
        hits = _hits(tokens, words)
        if hits > best_hits:
            best, best_hits = lang, hits
    # A profile must cover a real share of the words: function words are ~30-50% of prose.
    enough = best_hits >= 2 or (best_hits == 1 and len(tokens) <= 5)  # "Il fait beau."
    if not enough or best_hits < 0.08 * len(tokens):
        return "und", 0
    return best, best_hits


def _sample(text: str) -> str:
    if len(text) <= SAMPLE:
        return text
    half = SAMPLE // 2
    return text[:half] + "\n" + text[len(text) // 2 : len(text) // 2 + half]
