"""Documents -> pairwise alignments -> multi-way units: the corpus as plain data (reads, no writes).

The steps, each a small pure function over the dataclasses below:

1. :func:`read_articles` reads every ``*.txt`` of the seeds folder and detects its language from
   the text (an optional ``manifest.json`` may override the language or exclude a file).
2. :func:`align_all_pairs` aligns every two articles of different languages with the aligner.
3. :func:`group_translations` uses the aligner's document score to decide which articles are
   translations of each other. Articles join groups greedily, strongest document score first;
   a group never holds two articles in the same language (of two same-language articles, the
   better translation match stays, the other is excluded and reported with its scores), and an
   article joins a group only if its alignments agree with the group's own (sentence triangles
   d~x, d~y, x~y). An article that matches nothing, or that only a forced alignment ties to the
   group (a different report of the same event), is excluded.
4. :func:`merge_multiway` joins the sentences of a group into multi-way units: a graph whose nodes
   are the document segments and whose edges are the confident pairwise beads, taken finest
   first, then most reliable (bead confidence times the pair's document score; on the seed
   gold this order beat "most reliable first"). A bead is refused when it
   would merge two units that both hold a bead of the same document pair (an earlier
   decision kept them apart), break the units' common reading order or contiguity (unaligned
   sentences inside a unit's span are absorbed), or grow a unit past a size limit. Refused
   beads, and beads whose unit came out larger than the bead, are the pairwise decisions that
   disagree; they are counted. Measured on the seed gold (``scripts/corpus_stats.py``): pivot
   voting (drop a bead the other languages contradict) dropped more right beads than wrong
   ones, and letting two pairs outvote a more reliable one mostly merged units wrongly; the
   greedy refusal dropped 16 wrong beads for 3 right ones when this was written.

Segments: the pairwise alignments may cut a document differently (Thai sentences are decided by
the other language), so each document's *segments* are the finest common cut: the union of the
sentence boundaries of all its alignments. Segment ids are what ``*_sentence_ids`` columns hold;
character offsets always point into the raw seed file.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallelcorpus.errors import InputError, read_text_file
from parallelcorpus.types import Alignment, Bead, Sentence

#: The corpus languages, in column order. Other languages are kept (with a warning) after them.
CORE_LANGUAGES: tuple[str, ...] = ("en", "fr", "vi", "th")

#: Two articles may be translations of each other when the aligner's document score reaches
#: this. Kept low on purpose: measured on the seeds, translations scored 0.57-0.87 and the
#: different report 0.49-0.87 (unrelated text about 0.2), so the score only rules out the
#: unrelated; the agreement test below tells a different report from a translation.
MIN_DOC_SCORE = 0.3
#: Two groups of articles merge only if this share of the sentence triangles across them agree.
#: Measured on the seeds over successive aligner versions: the full translations agree
#: 0.95 among themselves, the abridged translation 0.38-0.76 with them, the different report
#: of the event 0.07-0.34 (its sentences that name the same people land on parallel sentences).
MIN_AGREEMENT = 0.25
#: A bead joins the multi-way graph (and a pair config) when its confidence reaches this.
MIN_BEAD_SCORE = 0.0

#: A multi-way unit never spans more segments than this in one document (stops error chains).
MAX_UNIT_SEGMENTS = 8

MANIFEST_NAME = "manifest.json"

Aligner = Callable[..., Alignment]
Detector = Callable[[str], str]


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Article:
    """One raw article: ``doc_id`` is the file stem, ``lang`` the language used for alignment."""

    doc_id: str
    name: str
    raw: str
    lang: str
    detected: str
    lang_source: str = "detected"


@dataclass(frozen=True)
class PairAlignment:
    """The aligner's output for two articles; ``a`` comes first in language order."""

    a: Article
    b: Article
    alignment: Alignment

    @property
    def doc_score(self) -> float:
        return float(self.alignment.doc_score)

    @property
    def langs(self) -> tuple[str, str]:
        return (self.a.lang, self.b.lang)


@dataclass(frozen=True)
class Segment:
    """A piece of a document that no alignment cuts further: ``raw[start:end]``, normalised."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Excluded:
    """An article left out of the corpus, and why."""

    article: Article
    reason: str


@dataclass
class PairBead:
    """A non-null bead of a pairwise alignment, mapped onto document segments."""

    pair: PairAlignment
    bead: Bead
    a_segments: tuple[int, ...]
    b_segments: tuple[int, ...]
    a_text: str
    b_text: str
    anchors: tuple[str, ...]
    confident: bool = True
    vetoed: bool = False
    agrees: bool = True


@dataclass
class Unit:
    """A multi-way unit: per document id, the contiguous segment ids it holds."""

    segments: dict[str, tuple[int, ...]]
    confidence: float = 0.0
    anchors: tuple[str, ...] = ()
    beads: int = 0
    disagreements: int = 0


@dataclass
class Group:
    """Articles that translate each other (at most one per language) and their alignments."""

    articles: list[Article]
    pairs: list[PairAlignment]
    segments: dict[str, list[Segment]] = field(default_factory=dict)
    beads: list[PairBead] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything the writers need: groups with units, exclusions, warnings and counts."""

    languages: list[str]
    articles: list[Article]
    groups: list[Group]
    excluded: list[Excluded]
    all_pairs: list[PairAlignment]
    warnings: list[str]
    options: dict[str, Any]

    @property
    def pair_names(self) -> list[str]:
        return pair_names(self.languages)


# ----------------------------------------------------------------------------- helpers


def lang_key(lang: str) -> tuple[int, str]:
    """Sort key that puts the core languages first, in column order, then the rest by code."""
    if lang in CORE_LANGUAGES:
        return (CORE_LANGUAGES.index(lang), lang)
    return (len(CORE_LANGUAGES), lang)


def pair_names(languages: Sequence[str]) -> list[str]:
    """``en-fr en-vi en-th fr-vi fr-th vi-th`` (and pairs of any extra language after them)."""
    ordered = sorted(set(languages), key=lang_key)
    return [f"{a}-{b}" for i, a in enumerate(ordered) for b in ordered[i + 1 :]]


def normalise(text: str) -> str:
    """Whitespace-normalised source text: the only change the corpus makes to a sentence."""
    return " ".join(text.split())


def warn(message: str, sink: list[str]) -> None:
    sink.append(message)
    print(f"parallelcorpus: warning: {message}", file=sys.stderr)


# ----------------------------------------------------------------------------- 1. articles


def read_manifest(seeds: Path) -> dict[str, dict[str, Any]]:
    """Optional ``manifest.json``: ``{"<file name>": {"lang": "fr", "exclude": false}}``."""
    path = seeds / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(read_text_file(str(path)))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", path=str(path), position=exc.pos) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(
            'expected an object {"<file name>": {"lang": "<ISO 639-1>", "exclude": false}}',
            path=str(path),
        )
    return data


def read_articles(
    seeds_dir: str | Path, detect: Detector, warnings: list[str]
) -> tuple[list[Article], list[Excluded]]:
    """Every ``*.txt`` of ``seeds_dir`` (sorted by name) with its language.

    Raises :class:`InputError` when the folder is missing or holds no article.
    """
    seeds = Path(seeds_dir)
    if not seeds.exists():
        raise InputError(
            "no such folder; expected a folder of raw articles (*.txt)", path=str(seeds)
        )
    if not seeds.is_dir():
        raise InputError("not a folder; expected a folder of raw articles (*.txt)", path=str(seeds))
    files = sorted(p for p in seeds.iterdir() if p.suffix == ".txt" and p.is_file())
    if not files:
        raise InputError("no article found; expected raw articles as *.txt files", path=str(seeds))
    manifest = read_manifest(seeds)
    for name in sorted(set(manifest) - {p.name for p in files}):
        warn(f"{seeds / MANIFEST_NAME}: names {name!r}, which is not an article here", warnings)
    articles: list[Article] = []
    excluded: list[Excluded] = []
    for path in files:
        raw = read_text_file(str(path))
        entry = manifest.get(path.name, {})
        if not raw.strip():
            warn(f"{path}: empty article, skipped", warnings)
            continue
        detected = detect(raw)
        lang, source = detected, "detected"
        if entry.get("lang"):
            lang, source = str(entry["lang"]), "manifest"
        article = Article(path.stem, path.name, raw, lang, detected, source)
        if entry.get("exclude"):
            excluded.append(Excluded(article, "excluded by manifest.json"))
            continue
        if not lang or lang == "und":
            warn(f"{path}: language not recognised, skipped (name it in manifest.json)", warnings)
            excluded.append(Excluded(article, "language not recognised"))
            continue
        if lang not in CORE_LANGUAGES:
            warn(
                f"{path}: language {lang!r} is outside {'/'.join(CORE_LANGUAGES)}; "
                f"included, with its own column and pair configs",
                warnings,
            )
        articles.append(article)
    if not articles:
        raise InputError("no usable article (all empty or excluded)", path=str(seeds))
    return articles, excluded


# ----------------------------------------------------------------------------- 2. alignments


def article_pairs(articles: Sequence[Article]) -> list[tuple[Article, Article]]:
    """Every two articles of different languages, in language order then by document id."""
    ordered = sorted(articles, key=lambda a: (lang_key(a.lang), a.doc_id))
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :] if a.lang != b.lang]


def align_all_pairs(
    articles: Sequence[Article], align: Aligner, *, progress: bool = True, **options: Any
) -> list[PairAlignment]:
    """Align every cross-language pair of articles (the slow step; a progress bar on stderr)."""
    from tqdm import tqdm

    pairs = article_pairs(articles)
    out: list[PairAlignment] = []
    bar = tqdm(pairs, desc="aligning", unit="pair", file=sys.stderr, disable=not progress)
    for a, b in bar:
        bar.set_postfix_str(f"{a.lang}-{b.lang} {a.doc_id[:3]}~{b.doc_id[:3]}")
        alignment = align(a.raw, b.raw, a.lang, b.lang, **options)
        out.append(PairAlignment(a, b, alignment))
    bar.close()
    return out


# ----------------------------------------------------------------------------- 3. groups


def _bead_spans(p: PairAlignment, flip: bool) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Character spans (first document, second document) of the non-null beads of a pair."""
    al = p.alignment
    out = []
    for bead in al.beads:
        if bead.is_null:
            continue
        s = (al.src_sentences[bead.src[0]].start, al.src_sentences[bead.src[-1]].end)
        t = (al.tgt_sentences[bead.tgt[0]].start, al.tgt_sentences[bead.tgt[-1]].end)
        out.append((t, s) if flip else (s, t))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def triangle_agreement(
    d: str, x: str, y: str, lookup: dict[tuple[str, str], PairAlignment]
) -> tuple[int, int]:
    """(agreeing, checked) sentence triangles: where ``d`` is aligned to ``x`` and to ``y``, does
    the ``x``-``y`` alignment join the same two places? Translations agree; a different report
    of the same event, aligned by force, does not (the document score alone cannot tell)."""

    def spans(u: str, v: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        p = lookup[(u, v)]
        return _bead_spans(p, flip=p.a.doc_id != u)

    xy = spans(x, y)
    ok = n = 0
    dy = spans(d, y)
    for sd, sx in spans(d, x):
        for sd2, sy in dy:
            if _overlap(sd, sd2):
                n += 1
                ok += any(_overlap(a, sx) and _overlap(b, sy) for a, b in xy)
    return ok, n


def group_translations(
    articles: Sequence[Article],
    pairs: Sequence[PairAlignment],
    *,
    min_doc_score: float = MIN_DOC_SCORE,
    min_agreement: float = MIN_AGREEMENT,
) -> tuple[list[Group], list[Excluded]]:
    """Which articles translate which: greedy by document score, one article per language.

    Pairs are taken strongest first; two groups merge when the pair's score reaches
    ``min_doc_score``, the groups share no language, and the alignments across them agree
    (:func:`triangle_agreement` at least ``min_agreement``). So of two same-language articles
    the one with the stronger translation evidence wins its group, and an article that matches
    nothing, or whose alignments contradict the group's (a different report of the same event),
    is excluded.
    """
    parent = {a.doc_id: a.doc_id for a in articles}
    langs = {a.doc_id: {a.lang} for a in articles}
    docs = {a.doc_id: [a.doc_id] for a in articles}
    lookup: dict[tuple[str, str], PairAlignment] = {}
    for p in pairs:
        lookup[(p.a.doc_id, p.b.doc_id)] = lookup[(p.b.doc_id, p.a.doc_id)] = p

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def agreement(g1: list[str], g2: list[str]) -> tuple[float, int]:
        ok = n = 0
        union = sorted(g1 + g2)
        for trio in itertools.combinations(union, 3):
            if set(trio) <= set(g1) or set(trio) <= set(g2):
                continue
            if not all((u, v) in lookup for u, v in itertools.combinations(trio, 2)):
                continue
            for d in trio:
                x, y = (t for t in trio if t != d)
                k, m = triangle_agreement(d, x, y, lookup)
                ok, n = ok + k, n + m
        return (ok / n if n else 1.0), n

    best: dict[str, tuple[float, str]] = {}
    for p in pairs:
        for me, other in ((p.a, p.b), (p.b, p.a)):
            if p.doc_score > best.get(me.doc_id, (-1.0, ""))[0]:
                best[me.doc_id] = (p.doc_score, other.doc_id)
    lang = {a.doc_id: a.lang for a in articles}
    blocked: dict[str, str] = {}

    def try_merge(members_: Sequence[str]) -> None:
        """Join the groups of ``members_`` if they share no language and their alignments agree."""
        roots = sorted({find(d) for d in members_})
        if len(roots) < 2:
            return
        seen: set[str] = set()
        for r in roots:
            if langs[r] & seen:
                for d in members_:
                    if len(docs[find(d)]) == 1 and lang[d] in seen:
                        others = ", ".join(o for o in sorted(lang) if lang[o] == lang[d] and o != d)
                        blocked.setdefault(
                            d,
                            f"another {lang[d]} article ({others}) is the better translation match",
                        )
                return
            seen |= langs[r]
        for k in range(1, len(roots)):
            before = [d for r in roots[:k] for d in docs[r]]
            rate, checked = agreement(before, docs[roots[k]])
            if rate < min_agreement:
                for d in members_:
                    if len(docs[find(d)]) == 1:
                        blocked.setdefault(
                            d,
                            f"its alignments contradict the other articles' ({rate:.0%} of "
                            f"{checked} sentence triangles agree, < {min_agreement:.0%})",
                        )
                return
        for r in roots[1:]:
            parent[r] = roots[0]
            langs[roots[0]] |= langs.pop(r)
            docs[roots[0]] += docs.pop(r)

    # Triangles of mutually aligned articles first, most self-consistent first (a different
    # report can get a high document score from a forced alignment, but its triangles disagree),
    # then single pairs by document score.
    strong = {
        frozenset((p.a.doc_id, p.b.doc_id)): p.doc_score
        for p in pairs
        if p.doc_score >= min_doc_score
    }
    triangles = []
    for trio in itertools.combinations(sorted(lang), 3):
        pair_keys = [frozenset(x) for x in itertools.combinations(trio, 2)]
        if len({lang[d] for d in trio}) < 3 or not all(k in strong for k in pair_keys):
            continue
        ok = n = 0
        for d in trio:
            x, y = (t for t in trio if t != d)
            k, m = triangle_agreement(d, x, y, lookup)
            ok, n = ok + k, n + m
        mean_score = sum(strong[k] for k in pair_keys) / 3
        triangles.append((-(ok / n if n else 0.0), -mean_score, trio))
    for _, _, trio in sorted(triangles):
        try_merge(trio)
    for p in sorted(pairs, key=lambda p: (-p.doc_score, p.a.doc_id, p.b.doc_id)):
        if p.doc_score >= min_doc_score:
            try_merge((p.a.doc_id, p.b.doc_id))

    members: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        members[find(a.doc_id)].append(a)
    groups: list[Group] = []
    excluded: list[Excluded] = []
    for root in sorted(members, key=lambda r: min(a.doc_id for a in members[r])):
        group_articles = sorted(members[root], key=lambda a: (lang_key(a.lang), a.doc_id))
        if len(group_articles) == 1:
            a = group_articles[0]
            score, other = best.get(a.doc_id, (0.0, ""))
            if a.doc_id in blocked:
                reason = f"{blocked[a.doc_id]}; best document score {score:.3f} (with {other})"
            elif other:
                reason = (
                    f"not a translation of any other article: best document score {score:.3f} "
                    f"(with {other}) < {min_doc_score}"
                )
            else:
                reason = "no article in another language to align with"
            excluded.append(Excluded(a, reason))
            continue
        ids = {a.doc_id for a in group_articles}
        group_pairs = [p for p in pairs if p.a.doc_id in ids and p.b.doc_id in ids]
        groups.append(Group(group_articles, group_pairs))
    return groups, excluded


# ----------------------------------------------------------------------------- 4. multi-way


def document_segments(doc: Article, sentence_lists: Iterable[Sequence[Sentence]]) -> list[Segment]:
    """The finest common cut of a document: every sentence boundary any alignment used."""
    bounds: set[int] = set()
    covered: list[tuple[int, int]] = []
    for sentences in sentence_lists:
        for s in sentences:
            bounds.update((s.start, s.end))
            covered.append((s.start, s.end))
    if not covered:
        return []
    covered.sort()
    cuts = sorted(bounds)
    segments: list[Segment] = []
    merged: list[list[int]] = []
    for start, end in covered:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    k = 0
    for lo, hi in itertools.pairwise(cuts):
        while k < len(merged) and merged[k][1] <= lo:
            k += 1
        if k == len(merged) or merged[k][0] > lo:
            continue
        text = normalise(doc.raw[lo:hi])
        if text:
            segments.append(Segment(len(segments), lo, hi, text))
    return segments


def _segments_of(
    sentences: Sequence[Sentence], ids: Sequence[int], segs: list[Segment]
) -> tuple[int, ...]:
    """Ids of the segments covered by the bead's sentences."""
    out: list[int] = []
    for i in ids:
        s = sentences[i]
        out.extend(g.index for g in segs if g.start >= s.start and g.end <= s.end)
    return tuple(sorted(set(out)))


def bead_anchor_keys(bead: Bead) -> tuple[str, ...]:
    """Keys of the anchors the aligner matched in a bead (strings, Anchors, pairs or dicts)."""
    keys: set[str] = set()
    for item in bead.info.get("anchors", ()) or ():
        key: Any = item
        if isinstance(item, dict):
            key = item.get("key") or item.get("text")
        elif isinstance(item, (tuple, list)) and item:
            key = getattr(item[0], "key", item[0])
        elif hasattr(item, "key"):
            key = item.key
        if key:
            keys.add(str(key))
    return tuple(sorted(keys))


def collect_beads(group: Group, *, min_bead_score: float = MIN_BEAD_SCORE) -> list[PairBead]:
    """The non-null beads of every pair of the group, on document segments."""
    beads: list[PairBead] = []
    for p in group.pairs:
        al = p.alignment
        sa, sb = group.segments[p.a.doc_id], group.segments[p.b.doc_id]
        for bead in al.beads:
            if bead.is_null:
                continue
            beads.append(
                PairBead(
                    pair=p,
                    bead=bead,
                    a_segments=_segments_of(al.src_sentences, bead.src, sa),
                    b_segments=_segments_of(al.tgt_sentences, bead.tgt, sb),
                    a_text=" ".join(al.src_sentences[i].text for i in bead.src),
                    b_text=" ".join(al.tgt_sentences[i].text for i in bead.tgt),
                    anchors=bead_anchor_keys(bead),
                    confident=bead.score >= min_bead_score,
                )
            )
    return beads


def merge_multiway(
    group: Group,
    *,
    min_bead_score: float = MIN_BEAD_SCORE,
    max_unit_segments: int = MAX_UNIT_SEGMENTS,
) -> dict[str, int]:
    """Fill ``group.segments``, ``group.beads`` and ``group.units``; return disagreement counts."""
    by_doc: dict[str, list[Sequence[Sentence]]] = defaultdict(list)
    for p in group.pairs:
        by_doc[p.a.doc_id].append(p.alignment.src_sentences)
        by_doc[p.b.doc_id].append(p.alignment.tgt_sentences)
    for a in group.articles:
        group.segments[a.doc_id] = document_segments(a, by_doc[a.doc_id])
    group.beads = collect_beads(group, min_bead_score=min_bead_score)

    nodes = [(a.doc_id, g.index) for a in group.articles for g in group.segments[a.doc_id]]
    parent = {n: n for n in nodes}
    members: dict[tuple[str, int], dict[str, set[int]]] = {(d, i): {d: {i}} for d, i in nodes}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def size(root: tuple[str, int]) -> int:
        return sum(len(ids) for ids in members[root].values())

    # Greedy, finest bead first (fewest segments: a 1-1 bead is the sharpest decision), then
    # most reliable (bead confidence times its pair's document score): a bead joins its
    # sentences unless that would merge two units which both already hold a bead of
    # the same document pair (an earlier decision kept them apart), cross another unit (a
    # unit is contiguous in every document, unaligned sentences in between are absorbed, and
    # units keep one reading order across documents), or grow a unit past
    # ``max_unit_segments`` in one document (a chain of errors).
    pairs_in: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    closures = vetoed = 0
    ranked = sorted(
        (pb for pb in group.beads if pb.confident),
        key=lambda pb: (
            len(pb.a_segments) + len(pb.b_segments),
            -pb.bead.score * pb.pair.doc_score,
            pb.pair.a.doc_id,
            pb.pair.b.doc_id,
            pb.a_segments,
        ),
    )
    for pb in ranked:
        a, b = pb.pair.a.doc_id, pb.pair.b.doc_id
        roots = {find(x) for x in [(a, i) for i in pb.a_segments] + [(b, j) for j in pb.b_segments]}
        if len(roots) == 1:
            pairs_in[next(iter(roots))].add((a, b))
            continue
        seen_pairs: set[tuple[str, str]] = set()
        conflict = False
        for r in sorted(roots):
            conflict |= bool(pairs_in[r] & seen_pairs)
            seen_pairs |= pairs_in[r]
        gaps = (
            None
            if conflict
            else _gaps_if_mergeable(roots, members, find, size, group, max_unit_segments)
        )
        if gaps is None:
            pb.vetoed = True
            vetoed += 1
            continue
        closures += len(gaps)
        ordered = sorted(roots | gaps)
        keep = ordered[0]
        for r in ordered[1:]:
            parent[r] = keep
            for doc, ids in members.pop(r).items():
                members[keep].setdefault(doc, set()).update(ids)
            pairs_in[keep] |= pairs_in.pop(r, set())
        pairs_in[keep].add((a, b))

    components: dict[tuple[str, int], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for doc, i in nodes:
        components[find((doc, i))][doc].append(i)
    unit_of: dict[tuple[str, int], Unit] = {}
    units: list[Unit] = []
    for parts in components.values():
        unit = Unit({doc: tuple(sorted(ids)) for doc, ids in parts.items()})
        units.append(unit)
        for doc, ids in parts.items():
            for i in ids:
                unit_of[(doc, i)] = unit

    counts = {"beads": 0, "vetoed": vetoed, "merged": 0, "closures": closures}
    scores: dict[int, list[float]] = defaultdict(list)
    anchors: dict[int, set[str]] = defaultdict(set)
    for pb in group.beads:
        if not pb.confident:
            pb.agrees = False
            continue
        counts["beads"] += 1
        a, b = pb.pair.a.doc_id, pb.pair.b.doc_id
        nodes_of_bead = [(a, i) for i in pb.a_segments] + [(b, j) for j in pb.b_segments]
        if pb.vetoed:
            pb.agrees = False
            touched = {id(unit_of[n]): unit_of[n] for n in nodes_of_bead}
            for unit in touched.values():
                unit.disagreements += 1
            continue
        unit = unit_of[nodes_of_bead[0]]
        pb.agrees = (
            unit.segments.get(a, ()) == pb.a_segments and unit.segments.get(b, ()) == pb.b_segments
        )
        if not pb.agrees:
            counts["merged"] += 1
            unit.disagreements += 1
        unit.beads += 1
        scores[id(unit)].append(float(pb.bead.score))
        anchors[id(unit)].update(pb.anchors)
    for unit in units:
        unit.confidence = round(min(scores[id(unit)]), 6) if scores[id(unit)] else 0.0
        unit.anchors = tuple(sorted(anchors[id(unit)]))
    group.units = order_units(units, [a.doc_id for a in group.articles])
    return counts


def _gaps_if_mergeable(
    roots: set[tuple[str, int]],
    members: dict[tuple[str, int], dict[str, set[int]]],
    find: Callable[[tuple[str, int]], tuple[str, int]],
    size: Callable[[tuple[str, int]], int],
    group: Group,
    max_unit_segments: int,
) -> set[tuple[str, int]] | None:
    """The unaligned segments a merge of ``roots`` would absorb to stay contiguous, or None when
    the merged unit would be too large, enclose another unit, or break the reading order."""
    joined: dict[str, set[int]] = defaultdict(set)
    for r in roots:
        for doc, ids in members[r].items():
            joined[doc] |= ids
    gaps: set[tuple[str, int]] = set()
    for doc, ids in joined.items():
        lo, hi = min(ids), max(ids)
        if hi - lo + 1 > max_unit_segments:
            return None
        for i in range(lo, hi + 1):
            if i not in ids:
                r = find((doc, i))
                if size(r) > 1:
                    return None
                gaps.add(r)
    merged = roots | gaps
    label = min(roots)
    sequences = [
        [label if find((doc, g.index)) in merged else find((doc, g.index)) for g in segs]
        for doc, segs in group.segments.items()
    ]
    return gaps if _in_one_order(sequences) else None


def _in_one_order(sequences: Sequence[Sequence[Any]]) -> bool:
    """Can the units be read in one order that follows every document? (No cycle of "comes
    before" between units; ``sequences`` give each document's segments as unit ids.)"""
    succ: dict[Any, set[Any]] = defaultdict(set)
    for seq in sequences:
        for x, y in itertools.pairwise(seq):
            if x != y:
                succ[x].add(y)
    indeg: dict[Any, int] = defaultdict(int)
    for x in succ:
        for y in succ[x]:
            indeg[y] += 1
    ready = [x for x in succ if indeg[x] == 0]
    seen = 0
    while ready:
        x = ready.pop()
        seen += 1
        for y in succ.get(x, ()):
            indeg[y] -= 1
            if indeg[y] == 0:
                ready.append(y)
    return seen == len(set(succ) | set(indeg))


def order_units(units: list[Unit], doc_order: Sequence[str]) -> list[Unit]:
    """Units in reading order: a topological order of "comes next in some document"; ties (and
    cycles, when translations reorder sentences) go to the unit earliest relative to its documents.
    """
    index = {id(u): k for k, u in enumerate(units)}
    succ: dict[int, set[int]] = defaultdict(set)
    indeg = [0] * len(units)
    for doc in doc_order:
        seq = sorted((u.segments[doc][0], index[id(u)]) for u in units if doc in u.segments)
        for (_, x), (_, y) in itertools.pairwise(seq):
            if y not in succ[x]:
                succ[x].add(y)
                indeg[y] += 1
    sizes = {
        doc: 1 + max((u.segments[doc][-1] for u in units if doc in u.segments), default=0)
        for doc in doc_order
    }

    def position(k: int) -> tuple[float, int]:
        u = units[k]
        rel = [u.segments[d][0] / sizes[d] for d in doc_order if d in u.segments]
        first_doc = min(doc_order.index(d) for d in u.segments)
        return (sum(rel) / len(rel), first_doc)

    import heapq

    ready = [(position(k), k) for k in range(len(units)) if indeg[k] == 0]
    heapq.heapify(ready)
    done: list[int] = []
    seen: set[int] = set()
    while len(done) < len(units):
        if not ready:  # a cycle: release the earliest remaining unit
            k = min((k for k in range(len(units)) if k not in seen), key=position)
            heapq.heappush(ready, (position(k), k))
        _, k = heapq.heappop(ready)
        if k in seen:
            continue
        seen.add(k)
        done.append(k)
        for y in sorted(succ[k]):
            indeg[y] -= 1
            if indeg[y] == 0 and y not in seen:
                heapq.heappush(ready, (position(y), y))
    return [units[k] for k in done]


# ----------------------------------------------------------------------------- all together


def build(
    seeds_dir: str | Path,
    *,
    align: Aligner | None = None,
    detect: Detector | None = None,
    progress: bool = True,
    min_doc_score: float = MIN_DOC_SCORE,
    min_bead_score: float = MIN_BEAD_SCORE,
    max_unit_segments: int = MAX_UNIT_SEGMENTS,
    min_agreement: float = MIN_AGREEMENT,
    **align_options: Any,
) -> Corpus:
    """Read, align, group and merge: the whole corpus in memory (writers live in dataset.py)."""
    if align is None:
        from parallelcorpus.align import align_raw_documents as align
    if detect is None:
        from parallelcorpus.langdetect import detect_language as detect
    warnings: list[str] = []
    articles, excluded = read_articles(seeds_dir, detect, warnings)
    pairs = align_all_pairs(articles, align, progress=progress, **align_options)
    groups, more_excluded = group_translations(
        articles, pairs, min_doc_score=min_doc_score, min_agreement=min_agreement
    )
    excluded += more_excluded
    for ex in more_excluded:
        warn(f"{ex.article.name} ({ex.article.lang}) left out of the corpus: {ex.reason}", warnings)
    totals: dict[str, int] = defaultdict(int)
    for group in groups:
        for key, value in merge_multiway(
            group, min_bead_score=min_bead_score, max_unit_segments=max_unit_segments
        ).items():
            totals[key] += value
    languages = sorted(
        set(CORE_LANGUAGES) | {a.lang for g in groups for a in g.articles}, key=lang_key
    )
    options = {
        "min_doc_score": min_doc_score,
        "min_agreement": min_agreement,
        "min_bead_score": min_bead_score,
        "max_unit_segments": max_unit_segments,
        "disagreements": dict(totals),
        **{k: v for k, v in sorted(align_options.items())},
    }
    return Corpus(languages, articles, groups, excluded, pairs, warnings, options)
