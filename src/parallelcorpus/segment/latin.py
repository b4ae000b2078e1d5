"""Rule-based sentence splitting for languages that end sentences with punctuation.

A sentence can only end after ``.``, ``!``, ``?`` or an ellipsis (plus any closing quotes,
guillemets, brackets or wiki citations ``[3]``), and only when whitespace follows. Each such
candidate is then judged from two bounded windows of context, never the whole text, so the
splitter is linear in its input:

* the word *before* the punctuation: a title (``Dr.``, ``M.``, ``TS.``) never ends a sentence;
  an abbreviation that introduces numbers (``No.``, ``p.``, ``Sept.``) does not before a digit;
  an abbreviation that may close a sentence (``etc.``, ``Inc.``, ``U.S.``, ``a.m.``) does only
  when the next word is one that typically opens a sentence (``The``, ``Il``, ``Ông``); an
  initial (``G. O. Dyhrenfurth``) does not, but a unit after a number does
  (``5,280 ft. One``); a list number at the start of a line does not;
* the word *after* it: a lowercase continuation ("etc. and", "? » demanda-t-il") never starts a
  sentence; an uppercase word, a digit or an opening quote does.

Languages differ only in their word lists (:class:`LatinRules`), so adding one is a data change.
A line is always a unit: the dispatcher in :mod:`parallelcorpus.segment` hands this module one
line at a time, and this module also treats every line break as a boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from parallelcorpus.types import Sentence

MODES = ("sentences", "candidates")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.casefold().rstrip(".") for w in text.split())


@dataclass(frozen=True)
class LatinRules:
    """The word lists that tell a sentence end from an abbreviation, for one language.

    All lists hold casefolded words without their final period.
    """

    #: Come before a name and never end a sentence (``Dr.``, ``M.``, ``TS.``).
    titles: frozenset[str] = field(default_factory=frozenset)
    #: Come before a number (``No. 5``, ``p. 12``, ``Sept. 11``).
    numeric: frozenset[str] = field(default_factory=frozenset)
    #: Only ever inside a sentence (``e.g.``, ``cf.``, ``vs.``).
    inner: frozenset[str] = field(default_factory=frozenset)
    #: May end a sentence, but only when a typical sentence opener follows (``Inc.``, ``a.m.``).
    enders: frozenset[str] = field(default_factory=frozenset)
    #: End a sentence before any capitalised word (``etc.``).
    strong_enders: frozenset[str] = field(default_factory=frozenset)
    #: Capitalised words that typically open a sentence (articles, pronouns, connectives).
    openers: frozenset[str] = field(default_factory=frozenset)
    #: Units: lowercase right after a number they may end a sentence ("5,280 ft. One"),
    #: whatever list they are also in ("Ft. Worth" is a title).
    units: frozenset[str] = field(default_factory=frozenset)


_COMMON_TITLES = "dr prof mr mrs ms mx st sr jr"
_UNITS = _words("ft in mi yd lb lbs oz m km cm mm kg g mg min sec hr hrs h s l ml ha")

ENGLISH = LatinRules(
    titles=_words(
        _COMMON_TITLES + " gov sen rep gen col lt capt cmdr adm sgt maj cpl pvt rev fr hon pres "
        "supt insp det amb atty mt messrs mme mlle brig lieut cmdt ft rt msgr cong"
    ),
    numeric=_words(
        "no nos nr p pp vol vols art arts fig figs ch chap sec secs para ed eds ca c op ver v "
        "jan feb mar apr jun jul aug sep sept oct nov dec tel ph rm pt pts ex exs eq eqs "
        "ref refs n nn tab min max approx est"
    ),
    inner=_words("e.g i.e cf vs viz esp incl dept univ assn"),
    enders=_words("inc ltd co corp plc llc bros ave blvd rd hwy sq a.m p.m al jr sr st esq"),
    strong_enders=_words("etc"),
    units=_UNITS,
    openers=_words(
        "the a an he she it they we i you this that these those there here his her its their "
        "our my your but and or so yet in on at for as after before when while if however "
        "although though since because some many most all one no not what who why how where "
        "which then thus also meanwhile still now today yesterday according during with by "
        "from to of under over despite both each every other another such more only even just "
        "last first next several few what's it's that's there's he's she's they're we're i'm "
        "earlier later instead indeed moreover furthermore nevertheless nonetheless besides "
        "until unless once whether"
    ),
)

FRENCH = LatinRules(
    titles=_words(
        _COMMON_TITLES + " m mm mme mmes mlle mlles me mes mgr pr ste sts gal gén cdt lt col cne "
        "adj av apr"
    ),
    numeric=_words(
        "n no nos nº p pp vol art chap fig t éd ed janv févr fév avr juil juill sept oct nov "
        "déc env ca tél tel réf ex min max sq"
    ),
    inner=_words(
        "cf ex vs c.-à-d càd resp coll dir trad cit op ibid id suiv sqq hab boul bd av. p.ex"
    ),
    enders=_words("cie inc ltd s.a sa j.-c jr"),
    strong_enders=_words("etc"),
    units=_UNITS,
    openers=_words(
        "le la les l un une des du de d il elle ils elles on nous vous je j ce c cet cette ces "
        "cela ça mais et ou donc or car en dans pour par sur avec sans selon après avant lors "
        "depuis pendant quand lorsque si alors ainsi aussi cependant pourtant toutefois au aux "
        "son sa ses leur leurs notre nos mon ma mes tous tout toute toutes plusieurs certains "
        "certaines chaque y qui que qu quoi comment pourquoi où puis enfin ensuite outre "
        "parmi malgré face grâce entre sous contre chez vers voici voilà"
    ),
)

VIETNAMESE = LatinRules(
    titles=_words(
        _COMMON_TITLES + " ts pgs gs ths th.s pgs.ts gs.ts bs bsck bscki bsckii ks ls ns nsnd "
        "nsưt ngnd ngưt tp q p h tx tt đh cđ th.sĩ ts.bs ths.bs kts ncs tskh nxb ck cki ckii"
    ),
    numeric=_words("tr no sđd vol p pp đt"),
    inner=_words("vd tr.cn sđd"),
    enders=_words("tp.hcm co ltd inc jsc"),
    strong_enders=_words("v.v vv etc"),
    units=_UNITS,
    openers=_words(
        "ông bà anh chị em tôi chúng họ các những một này đây đó điều việc theo trong tại sau "
        "trước khi nếu nhưng tuy vì do để với cũng còn hiện ngày năm tháng đến từ qua ngoài "
        "bên dù mặc song thế như cùng đồng hôm sáng chiều tối riêng bởi nhờ ngay có không chỉ "
        "hơn mỗi nhiều hầu cả vậy rồi lúc giờ đặc đối trên dưới giữa mới đã sẽ đang ai gì "
        "sự thực tuy nhiên ngoài bên cạnh thêm vào đáng"
    ),
)

#: For languages without their own lists: titles that are the same across Latin-script
#: languages, and the language-independent rules (initials, acronyms, numbers).
GENERIC = LatinRules(titles=_words(_COMMON_TITLES), enders=_words("inc ltd co"), units=_UNITS)

# --- patterns -----------------------------------------------------------------------------

#: Sentence-final punctuation that needs whitespace after it, then closers.
_TERMINAL = regex.compile(
    r"""
    (?<![.!?…‽⁇⁈⁉])(?P<punct>[.!?…‽⁇⁈⁉]++)
    (?P<close>(?:[”’"'»›)\]」』）]|\[\d{1,3}\]|[\u00a0\u202f\u2009 ](?=[»›]))*+)
    (?=\s|$)
    |
    (?<![。！？।॥؟۔։።။។])(?P<cjk>[。！？।॥؟۔։።။។]++[”’"'»)\]」』）]*+)
    """,
    regex.VERBOSE,
)

#: Characters that may open a sentence before its first word.
_OPENING = "\"'“‘„«‹([{¿¡—–-•*·"
_LINE_BREAKS = regex.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]+")
_WORD_AFTER = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}'’\-]*")
_DOTTED = regex.compile(r"(?:\p{L}{1,4}\.-?)+\p{L}{1,4}")
_ROMAN = regex.compile(r"[IVXLCDM]+")
_CONTEXT = 48  # characters of context looked at on each side of a candidate


def segment_en(text: str, mode: str = "sentences") -> list[Sentence]:
    """English sentences of ``text`` (offsets into ``text``)."""
    return split_sentences(text, ENGLISH, mode)


def segment_fr(text: str, mode: str = "sentences") -> list[Sentence]:
    """French sentences of ``text`` (offsets into ``text``)."""
    return split_sentences(text, FRENCH, mode)


def segment_vi(text: str, mode: str = "sentences") -> list[Sentence]:
    """Vietnamese sentences of ``text`` (offsets into ``text``)."""
    return split_sentences(text, VIETNAMESE, mode)


def segment_generic(text: str, mode: str = "sentences") -> list[Sentence]:
    """Sentences of ``text`` for a language without specific rules (offsets into ``text``)."""
    return split_sentences(text, GENERIC, mode)


def split_sentences(text: str, rules: LatinRules, mode: str = "sentences") -> list[Sentence]:
    """Split ``text`` into sentences with ``rules``; every line break ends a sentence.

    ``mode="candidates"`` gives the same units: punctuation already marks every plausible end
    in these languages, so there is nothing finer worth offering an aligner.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    out: list[Sentence] = []
    line_start = 0
    for brk in _LINE_BREAKS.finditer(text):
        _split_line(text, line_start, brk.start(), rules, out)
        line_start = brk.end()
    _split_line(text, line_start, len(text), rules, out)
    return out


def boundaries(line: str, rules: LatinRules) -> list[int]:
    """Offsets in ``line`` (one line, no line breaks) where a sentence ends."""
    cuts: list[int] = []
    for m in _TERMINAL.finditer(line):
        if m.group("cjk") or _is_boundary(line, m, rules):
            cuts.append(m.end())
    return cuts


def _split_line(text: str, start: int, end: int, rules: LatinRules, out: list[Sentence]) -> None:
    line = text[start:end]
    if not line or line.isspace():
        return
    prev = 0
    for cut in [*boundaries(line, rules), len(line)]:
        _emit(line, prev, cut, start, out)
        prev = cut


def _emit(line: str, a: int, b: int, offset: int, out: list[Sentence]) -> None:
    while a < b and line[a].isspace():
        a += 1
    while b > a and line[b - 1].isspace():
        b -= 1
    if a < b:
        out.append(Sentence(" ".join(line[a:b].split()), offset + a, offset + b))


def _is_boundary(line: str, m: regex.Match[str], rules: LatinRules) -> bool:
    punct = m.group("punct")
    nxt_kind, nxt_word = _next_word(line, m.end())
    if nxt_kind == "end":
        return True
    if nxt_kind == "punct":
        return False  # ". . ." or "?!" spread out: the last mark decides
    if "?" in punct or "!" in punct or "‽" in punct or "⁇" in punct:
        # "Pourquoi ? » demanda-t-il", "(really?) and": a lowercase word continues.
        return nxt_kind != "lower"
    if nxt_kind == "lower":
        return False
    if len(punct) > 1 or "…" in punct:
        # An ellipsis ends a sentence before a capital, not inside brackets "[...]".
        before = line[max(0, m.start() - 1) : m.start()]
        return before not in ("[", "(") and nxt_kind != "digit"
    closed = bool(m.group("close").strip())
    return _period_ends_sentence(line, m.start(), nxt_kind, nxt_word, rules, closed)


def _next_word(line: str, pos: int) -> tuple[str, str]:
    """Kind (end/lower/upper/digit/other) and text of the word after ``pos``, bounded look."""
    i, n = pos, min(len(line), pos + _CONTEXT)
    while i < n and (line[i].isspace() or line[i] in _OPENING):
        i += 1
    if i >= len(line):
        return "end", ""
    if i >= n:
        return "other", ""
    ch = line[i]
    if ch in ".!?…,;:":
        return "punct", ""
    word_match = _WORD_AFTER.match(line, i, min(len(line), i + _CONTEXT))
    word = word_match.group(0) if word_match else ""
    if ch.isdigit():
        return "digit", word
    if ch.islower():
        return "lower", word
    if ch.isupper() or ch.istitle():
        return "upper", word
    return "other", word


def _word_before(line: str, pos: int) -> tuple[str, bool]:
    """The token that ends at ``pos`` (bounded look back) and whether it opens the line."""
    i = pos
    stop = max(0, pos - _CONTEXT)
    while i > stop and not line[i - 1].isspace():
        i -= 1
    token = line[i:pos]
    first_in_line = line[:i].strip() == "" if i < _CONTEXT * 2 else False
    # Strip opening punctuation ("(Dr", "«M") but keep inner periods and hyphens ("U.S", "J.-C").
    j = 0
    while j < len(token) and not token[j].isalnum():
        j += 1
    token = token[j:]
    # Elision: "d'env." is "env.", "l'art." is "art.".
    cut = max(token.rfind("'"), token.rfind("’"))
    if 0 <= cut < len(token) - 1:
        token = token[cut + 1 :]
    return token, first_in_line


def _period_ends_sentence(
    line: str, pos: int, nxt_kind: str, nxt_word: str, rules: LatinRules, closed: bool
) -> bool:
    """Decide a single period at ``line[pos]`` followed by a non-lowercase word.

    ``closed``: a quote or bracket follows the period ("... or "Inc." Others"), which makes a
    sentence end far more likely than an abbreviation inside a sentence.
    """
    token, first_in_line = _word_before(line, pos)
    if not token:
        return True  # "par le monde . Lorsque": a detached period
    if not token[-1].isalnum():
        return True  # "(1995-2025).", "Dukakis'." : punctuation before the period
    key = token.casefold()
    if first_in_line and (token.isdigit() or _ROMAN.fullmatch(token) or len(token) == 1):
        return False  # "1. Introduction", "II. Methods", "A. Background"
    if key in rules.units and token.islower() and _after_number(line, pos, token):
        return True  # "One mile is 5,280 ft. One pound..."
    if key in rules.titles:
        return False
    if closed:
        return True
    if key in rules.inner and not _after_number(line, pos, token):
        return False
    if key in rules.numeric and nxt_kind == "digit":
        return False
    # "art. L. 212-1": a capital initial is not the article "L'" even if it reads the same.
    opener = nxt_word.casefold() in rules.openers and not _is_initial(line, pos, nxt_word)
    if key in rules.strong_enders:
        return True
    if key in rules.enders or key in rules.numeric:
        return opener
    if nxt_kind == "digit" and token.islower() and len(token) <= 4:
        return False  # an unknown short abbreviation before a number ("Cass. civ. 1re")
    if _DOTTED.fullmatch(token):
        # U.S., D.C., a.m., J.-C., TP.HCM: an acronym ends a sentence before an opener only.
        return opener
    if len(token) == 1 and token.isalpha():
        # Initials (G. O. Dyhrenfurth) and one-letter abbreviations (p. ex.), except a unit
        # after a number ("10 m. Water boils").
        return (token.isupper() and opener) or _after_number(line, pos, token)
    return True


def _is_initial(line: str, pos: int, nxt_word: str) -> bool:
    """Is the word after the period at ``pos`` a capital initial ("T. A. Shippey")?"""
    if len(nxt_word) != 1 or not nxt_word.isupper():
        return False
    at = line.find(nxt_word, pos + 1, pos + _CONTEXT)
    return at >= 0 and line[at + 1 : at + 2] == "."


def _after_number(line: str, pos: int, token: str) -> bool:
    """A short lowercase unit right after a number ("5,280 ft.", "10 m.", "20 min.")."""
    if not (token.islower() and len(token) <= 3):
        return False
    before = line[max(0, pos - len(token) - _CONTEXT) : pos - len(token)].rstrip()
    return bool(before) and before[-1].isdigit()
