#!/usr/bin/env python3
"""Benchmark the sentence aligner against the Gale-Church baseline and the peers that run here.

Test sets:

* ``textberg-dev``: Text+Berg de-fr dev split (presplit, gold ladder), Vecalign's scorer;
* ``seeds <pair>``: the raw seed articles aligned end to end (clean, segment, align, Thai merge)
  against the hand-made text golds (``../shared/data/seeds-gold/fr-th.jsonl`` and
  ``tests/data/gold/*.jsonl``), text-span metric of ``../shared/data/README.md``;
* ``noisy ...``: synthetic noisy versions of Text+Berg and of the fr-th gold (sentences deleted
  on either side, neighbouring sentences merged, a foreign paragraph inserted; fixed seed).
  ``noisy de-fr x40`` scores 40 such Text+Berg variants together: one variant moves by 0.01 when
  a single anchor changes anywhere in the document (the dictionary it teaches shifts), so a
  difference below that shows only in the 40 (standard error about 0.002). Peers skip it: their
  embeddings take minutes per variant here.

Peers (``scripts/peers_alignment.py``: Vecalign's DP over multilingual-e5-small embeddings;
Bleualign on an Apertium translation, en-fr only) get a row on every set they can handle, or a
"not installed" row. They align pre-split sentences, so on the seed rows they get the sentences
``pc.segment(article, lang, clean=True)`` gives (what a user would feed them); the text-span
metric makes that comparable with our end-to-end rows.

Prints one table: strict/lax P/R/F1, non-null beads predicted, seconds, sentences per second.
Run from the repository root: ``python scripts/benchmark_alignment.py [--peers none]``.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_alignment import (  # noqa: E402
    read_jsonl_units,
    read_ladder,
    score_ladders,
    score_spans,
    unit_spans,
)
from peers_alignment import PEERS, Peer, select_peers  # noqa: E402

#: Which seed file holds which language (see tests/data/gold/README.md).
SEED_PREFIX = {"en": "001_", "en000": "000_", "fr": "002_", "vi": "003_", "th": "004_"}

Ladder = list[tuple[tuple[int, ...], tuple[int, ...]]]


def method_options(method: str) -> dict:
    """``full``, ``length``, ``full+emb`` (full with the optional sentence embeddings) or
    ``full+mt`` (full with Apertium's machine translation as one more signal, Bleualign's idea;
    only where Apertium translates the pair, directly or through Spanish)."""
    if method == "full+emb":
        return {"method": "full", "embeddings": True}
    if method == "full+mt":
        return {"method": "full", "translator": "apertium"}
    return {"method": method}


_MT_PAIRS: dict[tuple[str, str], bool] = {}

#: (kind of set, bead confidence, bead evidence, bead is a gold bead) for every aligned bead of
#: ``full``: what a confidence threshold buys, printed under the main table
CALIBRATION: list[tuple[str, float, float, bool]] = []
BUCKETS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)


#: set name -> (gold beads next to a deletion, of them found, other gold beads, of them found,
#: predicted beads that hold a sentence the gold leaves unaligned) for ``full`` on the noisy
#: multi-document sets: where noisy documents lose, printed under the calibration table
LOSSES: dict[str, list[int]] = {}


def loss_counts(gold: Ladder, test: Sequence[tuple[Sequence[int], Sequence[int]]]) -> list[int]:
    """[gold pairs next to a null bead, found; other gold pairs, found; predicted pairs that
    absorbed a sentence the gold leaves unaligned] for one document."""
    found = {(tuple(s), tuple(t)) for s, t in test if s and t}
    null_src = {s[0] for s, t in gold if s and not t}
    null_tgt = {t[0] for s, t in gold if t and not s}
    out = [0, 0, 0, 0, 0]
    for k, (s, t) in enumerate(gold):
        if not s or not t:
            continue
        near = any(
            0 <= k + d < len(gold) and not (gold[k + d][0] and gold[k + d][1]) for d in (-1, 1)
        )
        base = 0 if near else 2
        out[base] += 1
        out[base + 1] += (tuple(s), tuple(t)) in found
    wanted = {(tuple(s), tuple(t)) for s, t in gold if s and t}
    out[4] = sum(
        1 for s, t in found if (s, t) not in wanted and (set(s) & null_src or set(t) & null_tgt)
    )
    return out


def print_losses() -> None:
    """Recall of gold pairs next to a deleted sentence against the others, and pairs that
    swallowed a sentence whose counterpart was deleted: the two ways noisy documents lose."""
    if not LOSSES:
        return
    print("\nnoisy sets (method full): recall of gold pairs by position, and absorbed sentences")
    print(f"{'set':<24}{'next to a deletion':>22}{'elsewhere':>18}{'absorbing beads':>17}")
    for name, (near, near_ok, other, other_ok, absorbed) in LOSSES.items():
        print(
            f"{name:<24}{near_ok / max(1, near):>12.3f} of {near:>5}"
            f"{other_ok / max(1, other):>8.3f} of {other:>5}{absorbed:>17}"
        )


def _calibrate(kind: str, beads: Sequence, gold: Ladder) -> None:
    wanted = {(tuple(s), tuple(t)) for s, t in gold if s and t}
    for b in beads:
        if b.src and b.tgt:
            ok = (tuple(b.src), tuple(b.tgt)) in wanted
            CALIBRATION.append((kind, float(b.score), float(b.evidence), ok))


def expected_calibration_error(scores: Sequence[float], correct: Sequence[bool]) -> float:
    """Mean |confidence - precision| over the buckets, weighted by their beads (0 = a bead
    of confidence c is right with probability c)."""
    total = 0.0
    for lo, hi in itertools.pairwise(BUCKETS):
        sel = [(c, ok) for c, ok in zip(scores, correct, strict=True) if lo <= c < hi]
        if sel:
            total += abs(sum(c for c, _ in sel) - sum(ok for _, ok in sel))
    return total / len(scores) if scores else float("nan")


def ranking_auc(scores: Sequence[float], correct: Sequence[bool]) -> float:
    """Probability that a right bead scores higher than a wrong one (ties count one half)."""
    right = sorted(c for c, ok in zip(scores, correct, strict=True) if ok)
    wrong = sorted(c for c, ok in zip(scores, correct, strict=True) if not ok)
    if not right or not wrong:
        return float("nan")
    wins = sum(
        bisect.bisect_left(wrong, c)
        + 0.5 * (bisect.bisect_right(wrong, c) - bisect.bisect_left(wrong, c))
        for c in right
    )
    return wins / (len(right) * len(wrong))


def print_calibration() -> None:
    """Strict precision of aligned beads by confidence bucket: where to cut when filtering;
    then how well the confidence (the bead's posterior) and the independent evidence alone
    (``Bead.evidence``) predict a right bead."""
    if not CALIBRATION:
        return
    kinds = sorted({k for k, *_ in CALIBRATION})
    print("\nconfidence calibration (method full): aligned beads and their strict precision")
    head = f"{'confidence':<12}" + "".join(f" | {k:^20}" for k in kinds)
    print(head)
    print("-" * len(head))
    for lo, hi in itertools.pairwise(BUCKETS):
        cells = []
        for k in kinds:
            sel = [ok for kk, c, _, ok in CALIBRATION if kk == k and lo <= c < hi]
            prec = f"{sum(sel) / len(sel):.3f}" if sel else "-"
            cells.append(f"{len(sel):>7} beads {prec:>6}")
        label = f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}"
        print(f"{label:<12}" + "".join(f" | {c:^20}" for c in cells))
    for name, column in (("confidence", 1), ("evidence", 2)):
        cells = []
        for k in kinds:
            rows = [r for r in CALIBRATION if r[0] == k]
            scores, correct = [r[column] for r in rows], [r[3] for r in rows]
            ece, auc = expected_calibration_error(scores, correct), ranking_auc(scores, correct)
            cells.append(f"ECE {ece:.3f} AUC {auc:.3f}")
        print(f"{name:<12}" + "".join(f" | {c:^20}" for c in cells))
    print(
        "ECE: mean |confidence - precision| over the buckets (0 is calibrated); AUC: chance that"
        " a right bead scores above a wrong one (0.5 is no better than chance)"
    )


def runs_here(method: str, langs: tuple[str, str]) -> bool:
    """False for ``full+mt`` where Apertium is missing or translates the pair in neither
    direction (no row then, as for Bleualign)."""
    if method != "full+mt":
        return True
    if langs not in _MT_PAIRS:
        try:
            from parallelcorpus.bench.translators import make_translator

            engine = make_translator("apertium")
            _MT_PAIRS[langs] = (
                engine.unsupported(langs[1], langs[0]) is None
                or engine.unsupported(langs[0], langs[1]) is None
            )
        except Exception:
            _MT_PAIRS[langs] = False
    return _MT_PAIRS[langs]


def seed_path(code: str) -> Path:
    return next((ROOT / "seeds").glob(SEED_PREFIX[code] + "*.txt"))


def gold_files() -> list[tuple[str, Path]]:
    out = []
    shared = SHARED / "seeds-gold" / "fr-th.jsonl"
    if shared.exists():
        out.append(("fr-th", shared))
    for path in sorted((ROOT / "tests" / "data" / "gold").glob("*.jsonl")):
        out.append((path.stem, path))
    return out


# ----------------------------------------------------------------------------- synthetic noise


#: How many noisy Text+Berg variants the ``noisy de-fr x40`` row scores together.
NOISY_VARIANTS = 40


def make_noisy(
    beads: list[tuple[list[str], list[str]]], foreign: list[str], rng: random.Random
) -> tuple[list[str], list[str], Ladder]:
    """Damage a gold alignment the way real article pairs are damaged.

    Each aligned bead loses its target side (p=0.08) or its source side (p=0.05); a target
    sentence is merged with the first target sentence of the next bead (p=0.08, the gold bead
    becomes the union); a paragraph of 3-6 foreign sentences is inserted in the target.
    """
    work: list[tuple[list[str], list[str]]] = []
    for src, tgt in beads:
        src, tgt = list(src), list(tgt)
        if src and tgt:
            roll = rng.random()
            if roll < 0.08:
                work.extend(([s], []) for s in src)
                continue
            if roll < 0.13:
                work.extend(([], [t]) for t in tgt)
                continue
        work.append((src, tgt))
    merged: list[tuple[list[str], list[str]]] = []
    k = 0
    while k < len(work):
        src, tgt = work[k]
        if (
            k + 1 < len(work)
            and src
            and tgt
            and work[k + 1][0]
            and work[k + 1][1]
            and rng.random() < 0.08
        ):
            nsrc, ntgt = work[k + 1]
            joined = [*tgt[:-1], tgt[-1] + " " + ntgt[0], *ntgt[1:]]
            merged.append((src + nsrc, joined))
            k += 2
            continue
        merged.append((src, tgt))
        k += 1
    size = rng.randint(3, 6)
    at = rng.randint(len(merged) // 4, max(len(merged) // 4, 3 * len(merged) // 4))
    start = rng.randint(0, max(0, len(foreign) - size))
    insert = [([], [t]) for t in foreign[start : start + size]]
    merged = merged[:at] + insert + merged[at:]
    src_out: list[str] = []
    tgt_out: list[str] = []
    gold: Ladder = []
    for src, tgt in merged:
        s_ids = tuple(range(len(src_out), len(src_out) + len(src)))
        t_ids = tuple(range(len(tgt_out), len(tgt_out) + len(tgt)))
        src_out.extend(src)
        tgt_out.extend(tgt)
        gold.append((s_ids, t_ids))
    return src_out, tgt_out, gold


# ----------------------------------------------------------------------------- written dev set

WRITTEN = ROOT / "tests" / "data" / "parallel"


WrittenDocs = list[tuple[list[str], list[str], Ladder]]


def written_sets() -> list[tuple[str, tuple[str, str], WrittenDocs]]:
    """The hand-written EN/FR/VI/TH dev set (tests/data/parallel, see its README): per pair, the
    clean documents (gold segmentation + gold ladder) and their committed noisy variants."""

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").splitlines()

    def sentences(doc: str, lang: str) -> list[str]:
        return [s for s in lines(WRITTEN / "segmented" / f"{doc}.{lang}.txt") if s]

    sets = []
    for pair in sorted({p.name.split(".")[1] for p in (WRITTEN / "gold").glob("*.ladder")}):
        src, tgt = pair.split("-")
        clean = [
            (sentences(doc, src), sentences(doc, tgt), read_ladder(lines(p)))
            for p in sorted((WRITTEN / "gold").glob(f"*.{pair}.ladder"))
            for doc in [p.name.split(".")[0]]
        ]
        noisy = [
            (lines(p.with_suffix(".src")), lines(p.with_suffix(".tgt")), read_ladder(lines(p)))
            for p in sorted((WRITTEN / "noisy").glob(f"*.{pair}.*.ladder"))
        ]
        sets += [
            (f"written {pair}", (src, tgt), clean),
            (f"written {pair} noisy", (src, tgt), noisy),
        ]
    return sets


def run_multi_doc_set(
    name: str,
    docs: WrittenDocs,
    langs: tuple[str, str],
    methods: list[str],
    peers: Sequence[Peer] = (),
    calibration: str | None = None,
) -> list[dict]:
    """Align each document pair on its own; score all of them together (Vecalign's scorer).
    ``calibration``: the column of the confidence table the beads go to (none without)."""
    import parallelcorpus as pc

    rows = []
    for method in methods:
        if not runs_here(method, langs):
            continue
        golds, tests, pairs, doc_scores, seconds, n = [], [], 0, [], 0.0, 0
        for src, tgt, gold in docs:
            start = time.perf_counter()
            alignment = pc.align(src, tgt, langs[0], langs[1], **method_options(method))
            seconds += time.perf_counter() - start
            tests.append([(b.src, b.tgt) for b in alignment.beads])
            if method == "full" and calibration:
                _calibrate(calibration, alignment.beads, gold)
            if method == "full" and "noisy" in name:
                counts = loss_counts(gold, tests[-1])
                LOSSES[name] = [
                    a + b for a, b in zip(LOSSES.get(name, [0] * 5), counts, strict=True)
                ]
            golds.append(gold)
            pairs += sum(1 for b in alignment.beads if not b.is_null)
            doc_scores.append(alignment.doc_score)
            n += len(src) + len(tgt)
        rows.append(
            {
                "set": name,
                "method": method,
                **score_ladders(golds, tests),
                "pairs": pairs,
                "doc_score": sum(doc_scores) / len(doc_scores),
                "seconds": seconds,
                "sent_per_s": n / seconds if seconds > 0 else float("inf"),
            }
        )
    return rows + run_peers(name, docs, langs, peers)


# ----------------------------------------------------------------------------- peers


def peer_status(name: str, peer: Peer, langs: tuple[str, str]) -> dict | None:
    """A "not installed" row when the peer cannot run here; None (no row) when it runs but not
    for this language pair; ``{}`` when it can run."""
    if peer.unsupported(*langs):
        return None
    missing = peer.missing()
    if missing:
        return {"set": name, "method": peer.name, "note": f"{missing}: {peer.requirement}"}
    return {}


def timed_peer(peer: Peer, src: list[str], tgt: list[str], langs: tuple[str, str]):
    """The peer's ladder and its cold-run seconds (wall clock + cached work replayed)."""
    replayed = peer.replayed()
    start = time.perf_counter()
    ladder = peer.align(src, tgt, langs[0], langs[1])
    return ladder, time.perf_counter() - start + peer.replayed() - replayed


def peer_row(
    name: str, peer: Peer, langs: tuple[str, str], run: Callable[[], tuple]
) -> dict | None:
    """One peer's row on a set: "not installed", nothing (not for this pair), "failed", or the
    scores ``run()`` returns as (metric dict, pairs made, seconds, sentences)."""
    status = peer_status(name, peer, langs)
    if status is None or status:
        return status
    try:
        scores, pairs, seconds, n = run()
    except (RuntimeError, ValueError) as exc:  # a peer's failure is a row, not a crash
        return {"set": name, "method": peer.name, "note": f"failed: {exc}"}
    return {
        "set": name,
        "method": peer.name,
        **scores,
        "pairs": pairs,
        "doc_score": None,
        "seconds": seconds,
        "sent_per_s": n / seconds if seconds > 0 else float("inf"),
    }


def run_peers(
    name: str, docs: WrittenDocs, langs: tuple[str, str], peers: Sequence[Peer]
) -> list[dict]:
    """Each peer on the pre-split documents of a set, scored like our aligner (Vecalign)."""

    def run(peer: Peer) -> tuple:
        tests, seconds = [], 0.0
        for src, tgt, _gold in docs:
            ladder, spent = timed_peer(peer, src, tgt, langs)
            tests.append(ladder)
            seconds += spent
        scores = score_ladders([gold for _, _, gold in docs], tests)
        pairs = sum(1 for ladder in tests for s, t in ladder if s and t)
        return scores, pairs, seconds, sum(len(s) + len(t) for s, t, _ in docs)

    rows = [peer_row(name, peer, langs, lambda p=peer: run(p)) for peer in peers]
    return [row for row in rows if row is not None]


def run_peers_on_seeds(
    name: str,
    src_raw: str,
    tgt_raw: str,
    langs: tuple[str, str],
    gold: list,
    peers: Sequence[Peer],
) -> list[dict]:
    """Peers on the seed articles split by ``pc.segment(clean=True)``, text-span metric."""
    import parallelcorpus as pc

    src = [s.text for s in pc.segment(src_raw, langs[0], clean=True)]
    tgt = [s.text for s in pc.segment(tgt_raw, langs[1], clean=True)]

    def run(peer: Peer) -> tuple:
        ladder, seconds = timed_peer(peer, src, tgt, langs)
        units = [
            (" ".join(src[i] for i in s) or None, " ".join(tgt[j] for j in t) or None)
            for s, t in ladder
        ]
        scores = score_spans(gold, unit_spans(units, src_raw, tgt_raw))
        return scores, sum(1 for s, t in ladder if s and t), seconds, len(src) + len(tgt)

    rows = [peer_row(name, peer, langs, lambda p=peer: run(p)) for peer in peers]
    return [row for row in rows if row is not None]


# ----------------------------------------------------------------------------- runners


def run_ladder_set(
    name: str,
    src: list[str],
    tgt: list[str],
    gold: Ladder,
    langs: tuple[str, str],
    methods: list[str],
    peers: Sequence[Peer] = (),
) -> list[dict]:
    import parallelcorpus as pc

    rows = []
    for method in methods:
        if not runs_here(method, langs):
            continue
        start = time.perf_counter()
        alignment = pc.align(src, tgt, langs[0], langs[1], **method_options(method))
        seconds = time.perf_counter() - start
        test = [(b.src, b.tgt) for b in alignment.beads]
        if method == "full":
            kind = "Text+Berg" if langs == ("de", "fr") else "noisy fr-th"
            _calibrate(kind, alignment.beads, gold)
        scores = score_ladders([gold], [test])
        rows.append(_row(name, method, scores, alignment, seconds, len(src) + len(tgt)))
    return rows + run_peers(name, [(src, tgt, gold)], langs, peers)


def run_seed_pair(
    name: str,
    gold_path: Path,
    methods: list[str],
    errors: bool = False,
    peers: Sequence[Peer] = (),
) -> list[dict]:
    import parallelcorpus as pc
    from parallelcorpus.align.output import format_alignment

    src_code, tgt_code = name.split("-")
    src_raw = seed_path(src_code).read_text(encoding="utf-8")
    tgt_raw = seed_path(tgt_code).read_text(encoding="utf-8")
    lang = {"en000": "en"}
    gold = unit_spans(read_jsonl_units(gold_path), src_raw, tgt_raw)
    rows = []
    for method in methods:
        if not runs_here(method, (lang.get(src_code, src_code), lang.get(tgt_code, tgt_code))):
            continue
        start = time.perf_counter()
        alignment = pc.align_documents(
            src_raw,
            tgt_raw,
            lang.get(src_code, src_code),
            lang.get(tgt_code, tgt_code),
            **method_options(method),
        )
        seconds = time.perf_counter() - start
        units = [
            (o["src"], o["tgt"]) for o in map(json.loads, format_alignment(alignment, "jsonl"))
        ]
        pred = unit_spans(units, src_raw, tgt_raw)
        scores = score_spans(gold, pred)
        if errors:
            print_errors(f"seeds {name} {method}", read_jsonl_units(gold_path), units, gold, pred)
        n = len(alignment.src_sentences) + len(alignment.tgt_sentences)
        rows.append(_row(f"seeds {name}", method, scores, alignment, seconds, n))
    langs = (lang.get(src_code, src_code), lang.get(tgt_code, tgt_code))
    return rows + run_peers_on_seeds(f"seeds {name}", src_raw, tgt_raw, langs, gold, peers)


def print_errors(
    title: str,
    gold_units: list[tuple[str | None, str | None]],
    pred_units: list[tuple[str | None, str | None]],
    gold: list,
    pred: list,
) -> None:
    """Per-bead diff: gold pairs no prediction matches strictly, predicted pairs no gold pair
    matches (with their texts), to see *why* a seed pair scores what it does."""

    def texts(units: list[tuple[str | None, str | None]]) -> list[tuple[str, str]]:
        return [(s, t) for s, t in units if s and t]

    def strict(a, b) -> bool:
        return bool(score_spans([a], [b])["f1_strict"])

    print(f"== {title}: errors")
    for label, mine, spans, others in (
        ("missed", texts(gold_units), gold, pred),
        ("wrong ", texts(pred_units), pred, gold),
    ):
        # unit_spans keeps the units whose two sides it found, in order (texts() may hold more
        # when a side cannot be located; then the listing is shortened to the located ones)
        for (src, tgt), span in zip(mine, spans, strict=False):
            if not any(strict(span, other) for other in others):
                print(f"  {label} {src[:110]!r}\n         {tgt[:110]!r}")


def _row(name: str, method: str, scores: dict, alignment, seconds: float, sentences: int) -> dict:
    return {
        "set": name,
        "method": method,
        **scores,
        "pairs": sum(1 for b in alignment.beads if not b.is_null),
        "doc_score": alignment.doc_score,
        "seconds": seconds,
        "sent_per_s": sentences / seconds if seconds > 0 else float("inf"),
    }


def peers_available() -> str:
    """One line per peer: runnable, or why not (plus the aligners that have no wrapper)."""
    lines = []
    for peer in PEERS:
        missing = peer.missing()
        lines.append(f"  {peer.name:<12} {missing or 'runs'} ({peer.requirement})")
    if not shutil.which("hunalign"):
        lines.append(
            "  hunalign     not installed (no Debian package or PyPI build reachable here)"
        )
    lines.append(
        "  bleualign runs only where Apertium translates one side (en-fr); no row elsewhere"
    )
    return "\n".join(lines)


def print_table(rows: list[dict]) -> None:
    head = (
        f"{'set':<22} {'method':<12} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} "
        f"{'F1 lax':>7} {'pairs':>5} {'doc':>5} {'sec':>6} {'sent/s':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        if "note" in r:
            print(f"{r['set']:<22} {r['method']:<12} {r['note']}")
            continue
        doc = "-" if r["doc_score"] is None else f"{r['doc_score']:.2f}"
        print(
            f"{r['set']:<22} {r['method']:<12} "
            f"{r['precision_strict']:>8.3f} {r['recall_strict']:>8.3f} "
            f"{r['f1_strict']:>9.3f} {r['f1_lax']:>7.3f} {r['pairs']:>5} {doc:>5} "
            f"{r['seconds']:>6.2f} {r['sent_per_s']:>7.0f}"
        )


def build_jobs(
    methods: list[str], peers: Sequence[Peer] = (), errors: bool = False
) -> list[tuple[str, Callable[[], list[dict]]]]:
    """Every test set as (name, job); a job runs ``methods`` (and ``peers``) on its set and
    returns table rows. Sets whose data is missing here are left out."""
    jobs: list[tuple[str, Callable[[], list[dict]]]] = []
    tb = SHARED / "textberg-dev"
    if tb.exists():
        de = (tb / "dev.de").read_text(encoding="utf-8").splitlines()
        fr = (tb / "dev.fr").read_text(encoding="utf-8").splitlines()
        gold = read_ladder((tb / "dev.defr").read_text(encoding="utf-8").splitlines())
        jobs.append(
            (
                "textberg-dev de-fr",
                lambda: run_ladder_set(
                    "textberg-dev de-fr", de, fr, gold, ("de", "fr"), methods, peers
                ),
            )
        )
        beads = [([de[i] for i in s], [fr[j] for j in t]) for s, t in gold]
        variants = [
            make_noisy(beads, list(reversed(fr)), random.Random(seed))
            for seed in range(1, NOISY_VARIANTS + 1)
        ]
        for seed, (src, tgt, ngold) in enumerate(variants[:3], start=1):
            name = f"noisy de-fr #{seed}"
            jobs.append(
                (
                    name,
                    lambda s=src, t=tgt, g=ngold, n=name: run_ladder_set(
                        n, s, t, g, ("de", "fr"), methods, peers
                    ),
                )
            )
        name = f"noisy de-fr x{NOISY_VARIANTS}"
        jobs.append((name, lambda n=name: run_multi_doc_set(n, variants, ("de", "fr"), methods)))
    for name, path in gold_files():
        jobs.append(
            (
                f"seeds {name}",
                lambda n=name, p=path: run_seed_pair(n, p, methods, errors, peers),
            )
        )
    frth = SHARED / "seeds-gold" / "fr-th.jsonl"
    if frth.exists():
        units = read_jsonl_units(frth)
        beads = [([s] if s else [], [t] if t else []) for s, t in units]
        foreign = [t for _, t in units if t][::-1]
        for seed in (1, 2):
            src, tgt, ngold = make_noisy(beads, foreign, random.Random(seed))
            name = f"noisy fr-th #{seed}"
            jobs.append(
                (
                    name,
                    lambda s=src, t=tgt, g=ngold, n=name: run_ladder_set(
                        n, s, t, g, ("fr", "th"), methods, peers
                    ),
                )
            )

    for name, langs, docs in written_sets():
        jobs.append(
            (
                name,
                lambda n=name, d=docs, lg=langs: run_multi_doc_set(
                    n, d, lg, methods, peers, "written" + (" noisy" if "noisy" in n else "")
                ),
            )
        )

    return jobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--methods",
        default="full,length",
        help="comma-separated: full,length,full+emb,full+mt (Apertium, where it translates)",
    )
    parser.add_argument("--only", default="", help="substring filter on set names")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    parser.add_argument(
        "--errors", action="store_true", help="print a per-bead diff for every seed pair"
    )
    parser.add_argument(
        "--peers",
        default="auto",
        help="auto (every peer; 'not installed' rows for missing ones), none, or names: "
        + ",".join(p.name for p in PEERS),
    )
    args = parser.parse_args(argv)
    methods = [m for m in args.methods.split(",") if m]
    try:
        peers = select_peers(args.peers)
    except ValueError as exc:
        parser.error(str(exc))

    jobs = build_jobs(methods, peers, args.errors)

    rows: list[dict] = []
    for name, job in jobs:
        if args.only and args.only not in name:
            continue
        rows.extend(job())
    print_table(rows)
    print_calibration()
    print_losses()
    print(f"\npeers:\n{peers_available()}")
    print("metrics: Text+Berg/noisy = Vecalign strict/lax over beads; seeds = text-span IoU>=0.95")
    print("peer seconds: cold run (embeddings, Apertium included; Bertalign's torch start-up not)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
