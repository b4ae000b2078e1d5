"""Page furniture removal that keeps every content sentence and its offsets in the raw file.

News pages scraped to text carry furniture around the article: photo credits after captions,
``|`` separators, image markers, bylines, dateline prefixes, comment counters, "follow us" lines
and "Related" blocks. Each rule below is a *general* pattern: multilingual word lists (credit
words, trailer headings), repetition (a line that repeats the title, teasers that repeat) and
position (datelines and bylines at the top, trailers at the end). Nothing is rewritten: a kept
paragraph is always ``raw[start:end]``; cleaning only moves ``start``/``end`` or drops a line,
and records what it dropped as :class:`Removed` spans with the rule's name, for audits.

Every non-blank line is a paragraph (a line is a unit for segmentation). Headings and photo
captions are content and are kept.

``Removed.reason`` is one of: ``photo-credit`` ("(Photo : Thanh Ha)", "Ảnh minh họa"),
``separator`` (lone "|"), ``image-marker`` (the title repeated, "Title - ảnh 3"), ``byline``,
``dateline`` ("VHO - "), ``comment-counter`` ("Comment (0)"), ``share-tools``
("Facebook | Zalo | In bài"), ``related-link`` ("Xem thêm: ..."), ``trailer`` ("Tin liên
quan", "follow us" lines) and ``related-block`` (everything after a trailer at the end).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from parallelcorpus.types import Document, Paragraph, Removed

# --- multilingual word lists ---------------------------------------------------------------

#: Words that introduce a picture credit, in the languages of the corpus and a few more.
CREDIT_WORDS = (
    r"photos?|ảnh|hình(?:\s+ảnh)?|ภาพ(?:ประกอบ|ถ่าย)?|ที่มา|cr[ée]dits?(?:\s+photos?)?|"
    r"sources?|nguồn|fotos?|images?|pictures?|pic|illustrations?|videos?|graphics?|"
    r"graphiques?|infographi[ec]s?|đồ\s+họa|bild|quelle|getty|reuters|afp|ap"
)
_CREDIT_LEAD = rf"(?i:(?:{CREDIT_WORDS})(?:\s+\p{{L}}+)?\s*(?::|：|\bby\b|\bpar\b|\bde\b|\bcủa\b))"

#: Headings that open the end-of-article block of links ("Related", "Tin liên quan").
TRAILER_HEADINGS = (
    r"related(?:\s+(?:articles?|news|stories|posts|content|links|coverage|topics?))?|"
    r"read\s+(?:more|also|next)|see\s+also|more\s+(?:news|stories|from\s+.+)|"
    r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?|"
    r"most\s+(?:read|popular|viewed)|latest\s+(?:news|stories)|tags?|keywords?|comments?|"
    r"share(?:\s+this(?:\s+article)?)?|"
    r"articles?\s+(?:liés|connexes|similaires|recommandés)|(?:à|a)\s+lire\s+aussi|"
    r"lire\s+(?:aussi|la\s+suite)|voir\s+aussi|sur\s+le\s+même\s+sujet|"
    r"dans\s+la\s+même\s+rubrique|les\s+plus\s+lus|commentaires?|mots?[-\s]clés?|partager|"
    r"tin\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|khác|mới(?:\s+nhất)?|nổi\s+bật|đọc\s+nhiều)|"
    r"bài\s+(?:viết\s+)?liên\s+quan|xem\s+thêm|đọc\s+thêm|ý\s+kiến(?:\s+bạn\s+đọc)?|"
    r"bình\s+luận|từ\s+khóa|chia\s+sẻ|có\s+thể\s+bạn\s+quan\s+tâm|"
    r"ข่าว(?:ที่)?เกี่ยวข้อง|บทความ(?:ที่)?เกี่ยวข้อง|อ่านเพิ่มเติม|อ่านต่อ|"
    r"(?:การ)?แสดงความคิดเห็น|ความคิดเห็น|แท็ก|ข่าวล่าสุด|"
    r"verwandte\s+artikel|mehr\s+zum\s+thema|noticias\s+relacionadas|"
    r"art[íi]culos\s+relacionados|lee\s+tambi[ée]n|leggi\s+anche|articoli\s+correlati"
)

#: Social platforms named by "follow us" lines.
PLATFORMS = r"facebook|twitter|youtube|instagram|tiktok|zalo|telegram|line|google\s+news|x\.com"

#: "Follow us on ..." lines: a call to the reader, not a caption that happens to say "follow"
#: ("Khán giả theo dõi trận đấu trên màn hình lớn" is content).
FOLLOW = (
    rf"\bfollow\s+us\b|\bfollow\s+\S+\s+on\s+(?:{PLATFORMS})\b|\bsuivez[-\s]nous\b|"
    rf"\bsuivez\s+\S+\s+sur\s+(?:{PLATFORMS})\b|\b(?:subscribe|abonnez[-\s]vous)\b|"
    rf"\b(?:độc\s+giả|bạn\s+đọc|quý\s+vị)\b.*\btheo\s+dõi\b|"
    rf"\btheo\s+dõi\b.*\b(?:{PLATFORMS})\b|\bđăng\s+ký\s+kênh\b|"
    rf"ติดตาม.*(?:{PLATFORMS}|ข่าวสาร)"
)

#: Words of share/print toolbars ("Facebook | Twitter | Email", "In bài", "Imprimer").
TOOLS = (
    rf"{PLATFORMS}|share|print|e-?mail|tweet|copy\s+link|save|imprimer|envoyer|partager|"
    r"copier\s+le\s+lien|in\s+bài|gửi\s+bài|chia\s+sẻ|lưu\s+bài|แชร์|พิมพ์|ส่งอีเมล"
)
#: "Xem thêm: <another article>", "Read more: ...", "Lire aussi : ...": a link to elsewhere.
RELATED_LINK = (
    r"(?:>>?\s*)?(?:xem\s+thêm|đọc\s+thêm|tin\s+liên\s+quan|read\s+(?:more|also)|"
    r"see\s+also|(?:à\s+)?lire\s+aussi|voir\s+aussi|อ่านเพิ่มเติม|อ่านต่อ)\s*[:：>»]"
)

_TRAILER_RE = regex.compile(rf"(?:{TRAILER_HEADINGS})", regex.IGNORECASE)
_TOOLS_RE = regex.compile(rf"(?:{TOOLS})(?:\s*[|/·•,]?\s*(?:{TOOLS}))*", regex.IGNORECASE)
_RELATED_LINK_RE = regex.compile(RELATED_LINK, regex.IGNORECASE)
_FOLLOW_RE = regex.compile(FOLLOW, regex.IGNORECASE)
_CREDIT_TAIL = regex.compile(
    rf"\s*\(\s*{_CREDIT_LEAD}[^()]{{0,80}}\)\s*(?:[|｜]\s*)?$", regex.IGNORECASE
)
_CREDIT_LINE = regex.compile(rf"^\(?\s*{_CREDIT_LEAD}[^()]{{0,60}}\)?$", regex.IGNORECASE)
_SEPARATOR_LINE = regex.compile(r"^[^\p{L}\p{N}]{1,20}$")
_COUNTER = regex.compile(r"^[\p{L}\p{M}][\p{L}\p{M}'’ ]{0,40}\(\s*\d{1,6}\s*\)$")
_IMAGE_SUFFIX = regex.compile(r"^\s*[-–—:|]?\s*\p{L}{0,12}\.?\s*\d{1,3}\s*$")
#: Lines that only say "picture N" or "illustration picture".
_IMAGE_LINE = regex.compile(
    r"^\(?(?:(?:ảnh|hình|photo|image|ภาพ(?:ที่)?|foto)\s*\d{1,3}|ảnh\s+minh\s+họa|"
    r"photo\s+d'illustration|illustrative\s+(?:photo|image)|file\s+photo|ภาพประกอบ)\)?$",
    regex.IGNORECASE,
)
_ILLUSTRATION_TAIL = regex.compile(
    r"\s*\((?:ảnh\s+minh\s+họa|photo\s+d'illustration|illustrative\s+(?:photo|image)|"
    r"file\s+photo|ภาพประกอบ)\)\s*(?:[|｜]\s*)?$",
    regex.IGNORECASE,
)
_CAPS_WORD = r"[\p{Lu}][\p{Lu}\p{M}.'’\-]*"
_SOURCE_WORD = rf"{_CAPS_WORD}(?:\.\p{{Ll}}{{2,3}})?"
_BYLINE = regex.compile(
    rf"^(?P<name>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,4}})"
    rf"(?:\s*[,;–—\-|/]\s*(?P<credit>{_CREDIT_LEAD}.{{0,60}}))?$"
)
#: "BÀI VÀ ẢNH: THU HÀ", "TEXT AND PHOTOS: JANE DOE".
_BYLINE_COLON = regex.compile(
    r"^(?i:bài(?:\s+và\s+ảnh)?|ảnh|text(?:\s+and\s+photos?)?|texte(?:\s+et\s+photos?)?|"
    r"photos?|words)\s*:\s*\p{Lu}[\p{Lu}\p{M}.'’\- ]{1,40}$"
)
_BY_LINE = regex.compile(
    r"^(?:by|par|por|von|di|door|bởi|theo|โดย)\s+\p{Lu}[\p{L}\p{M}.'’\- ]{1,50}$", regex.IGNORECASE
)
_DATELINE = regex.compile(
    rf"^(?:(?:{_SOURCE_WORD}|\d[\d/.]*)(?:[ ,]+(?:{_SOURCE_WORD}|\d[\d/.]*)){{0,3}}"
    r"(?:\s*\([^()\n]{1,30}\))?|\([^()\n]{1,30}\))\s*[-–—]+\s+"
)
_DOMAIN_TLD = regex.compile(r"(?<=\p{Lu})\.\p{Ll}{2,3}\b")

#: How far from a line's edges credits, separators and datelines are looked for.
EDGE = 160
#: Where bylines may sit: among the first lines after the title.
TOP_LINES = 4
#: The first line after the title with this many words is the first body paragraph, the only
#: one that may open with a dateline.
BODY_WORDS = 6
#: A trailer heading opens the end block only when this little is left after it...
TAIL_MAX_LINES = 15
#: ...and it sits in the last part of the article (or the teasers after it repeat).
TAIL_FRACTION = 0.5
#: An end block never starts before this many lines of article.
MIN_CONTENT_LINES = 3


@dataclass
class _Line:
    start: int
    end: int
    text: str
    keep: bool = True


def clean_text(raw: str, lang: str | None = None, *, path: str | None = None) -> Document:
    """Remove page furniture from ``raw``; keep each content line as a :class:`Paragraph`.

    ``lang`` is recorded on the document (the rules are multilingual and do not need it).
    """
    lines = _split_lines(raw)
    removed: list[Removed] = []

    def drop(line: _Line, reason: str) -> None:
        if line.keep:
            line.keep = False
            removed.append(Removed(line.text, line.start, line.end, reason))

    def cut(line: _Line, a: int, b: int, reason: str) -> None:
        """Remove ``raw[a:b]`` from the start or end of a line (offsets into ``raw``)."""
        removed.append(Removed(raw[a:b], a, b, reason))
        if a == line.start:
            line.start = b
        else:
            line.end = a
        while line.start < line.end and raw[line.start].isspace():
            line.start += 1
        while line.end > line.start and raw[line.end - 1].isspace():
            line.end -= 1
        line.text = raw[line.start : line.end]
        if not line.text:
            line.keep = False

    _drop_end_block(lines, drop)
    title = _normalise(lines[0].text) if lines else ""
    in_body = False  # a dateline can only open the first body paragraph
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        text = line.text
        if _SEPARATOR_LINE.match(text):
            drop(line, "separator")
        elif _COUNTER.match(text) and len(text.split()) <= 5:
            drop(line, "comment-counter")
        elif i > 0 and title and _repeats_title(text, title):
            drop(line, "image-marker")
        elif len(text) <= EDGE and (_IMAGE_LINE.match(text) or _CREDIT_LINE.match(text)):
            drop(line, "photo-credit")
        elif _is_follow(text):
            drop(line, "trailer")
        elif len(text) <= EDGE and _TOOLS_RE.fullmatch(text.strip(" |·•")):
            drop(line, "share-tools")
        elif len(text) <= 2 * EDGE and _RELATED_LINK_RE.match(text):
            drop(line, "related-link")
        elif 0 < i <= TOP_LINES and _is_byline(lines, i):
            drop(line, "byline")
        else:
            _cut_furniture(raw, line, cut, dateline=i > 0 and not in_body)
            in_body = in_body or (i > 0 and len(line.text.split()) >= BODY_WORDS)
    paragraphs = tuple(Paragraph(ln.text, ln.start, ln.end) for ln in lines if ln.keep)
    removed.sort(key=lambda r: r.start)
    return Document(raw=raw, paragraphs=paragraphs, removed=tuple(removed), lang=lang, path=path)


# --- line-level rules ------------------------------------------------------------------------


def _cut_furniture(
    raw: str, line: _Line, cut: Callable[[_Line, int, int, str], None], *, dateline: bool
) -> None:
    """Cut credits and separators off the end of a line, and (when ``dateline``: in the first
    body paragraph) a dateline off its start."""
    # Patterns only ever look at a bounded end or start of the line: linear on any input.
    tail_at = max(0, len(line.text) - EDGE)
    tail = line.text[tail_at:]
    m = _CREDIT_TAIL.search(tail) or _ILLUSTRATION_TAIL.search(tail)
    if m and tail_at + m.start() > 0:
        cut(line, line.start + tail_at + m.start(), line.end, "photo-credit")
    stripped = line.text.rstrip("|｜ \t\u00a0") if line.keep else line.text
    if stripped != line.text and stripped and line.text[len(stripped) :].strip():
        cut(line, line.start + len(stripped), line.end, "separator")
    if line.keep and dateline:
        m = _DATELINE.match(line.text[:EDGE])
        if m and _is_dateline(m.group(0)) and len(line.text[m.end() :].split()) >= 4:
            cut(line, line.start, line.start + m.end(), "dateline")


def _is_dateline(prefix: str) -> bool:
    """ "VHO - ", "VOV.VN - ", "HANOI (Reuters) - ": uppercase source or place, then a dash."""
    head = regex.sub(r"\([^()]*\)", " ", prefix)
    head = _DOMAIN_TLD.sub("", head)  # "VTV.vn - ": a site name with a lowercase domain
    letters = [c for c in head if c.isalpha()]
    if not letters and "(" not in prefix:
        return False
    return all(c.isupper() for c in letters) and len(head.split()) <= 5


def _is_byline(lines: list[_Line], i: int) -> bool:
    """A short all-caps name near the top ("MINH NGỌC, ảnh: VFDA") or "By Jane Doe"."""
    text = lines[i].text
    if len(text) > 80:
        return False
    if _BY_LINE.match(text) and not text.rstrip().endswith((".", "!", "?")):
        return True
    if _BYLINE_COLON.match(text):
        return True
    m = _BYLINE.match(text)
    if not m:
        return False
    name_letters = [c for c in m.group("name") if c.isalpha()]
    if len(name_letters) < 3 or not all(c.isupper() for c in name_letters):
        return False
    words = len(m.group("name").split())
    if m.group("credit"):
        return True
    # A caps name alone: only right under the title and when 2-4 words (not a long heading).
    previous_kept = [ln for ln in lines[:i] if ln.keep]
    return 2 <= words <= 4 and len(previous_kept) == 1


def _repeats_title(text: str, title: str) -> bool:
    """A line that repeats the title, alone or with an image number ("Title - ảnh 3")."""
    norm = _normalise(text)
    if len(title) < 12 or not norm.startswith(title):
        return False
    rest = norm[len(title) :]
    return not rest.strip() or bool(_IMAGE_SUFFIX.match(rest))


def _is_follow(text: str) -> bool:
    return (
        len(text) <= 200
        and len(text.split()) <= 15
        and not text.rstrip().endswith((".", "!", "?", "»", "”", '"'))
        and bool(_FOLLOW_RE.search(text))
    )


def _is_trailer_heading(text: str) -> bool:
    if len(text) > 80:
        return False
    core = regex.sub(r"^[\W_]+|[\W_]+$", "", text.strip())
    return len(core.split()) <= 7 and bool(_TRAILER_RE.fullmatch(core))


def _drop_end_block(lines: list[_Line], drop: Callable[[_Line, str], None]) -> None:
    """Drop everything from a trailer heading or follow line near the end of the article.

    What follows the heading must repeat itself (teasers shown twice, as "Related" blocks do),
    or be short and at the end of the article, so that a heading like "Comments" in the middle
    of a long article never swallows content.
    """
    n = len(lines)
    for i, line in enumerate(lines):
        if i < MIN_CONTENT_LINES:
            continue
        if not (_is_trailer_heading(line.text) or _is_follow(line.text)):
            continue
        tail = [_normalise(ln.text) for ln in lines[i + 1 :]]
        repetitive = len(set(tail)) < len(tail)
        if repetitive or (len(tail) <= TAIL_MAX_LINES and i >= TAIL_FRACTION * n):
            drop(line, "trailer")
            for rest in lines[i + 1 :]:
                drop(rest, "related-block")
            return


# --- helpers -------------------------------------------------------------------------------


def _split_lines(raw: str) -> list[_Line]:
    """Non-blank lines with surrounding whitespace trimmed, as offsets into ``raw``."""
    out = []
    for m in regex.finditer(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+", raw):
        a, b = m.start(), m.end()
        while a < b and raw[a].isspace():
            a += 1
        while b > a and raw[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(_Line(a, b, raw[a:b]))
    return out


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())
