#!/usr/bin/env python3
"""Speed benchmark: segmentation, alignment scaling, Text+Berg against hunalign, start-up, build.

One report (Markdown tables) on stdout and a log-log PNG of alignment time against size:

* **segmentation**: characters per second per language, ours next to the peers of
  ``scripts/benchmark_segmentation.py`` on the same distinct lines (seed article, hand-written
  documents, segmentation gold paragraphs: ~50k characters, never repeated, so caches do not
  flatter anyone), line by line, warm-up excluded, each system in its own process. A system
  gets ``--seg-budget`` seconds; a slower one is measured on a prefix.
* **alignment scaling**: document pairs of N sentences per side drawn (fixed seed) from real
  aligned beads (Text+Berg de-fr dev gold by default; ``--pair`` picks the seed golds and the
  hand-written ladders of another pair; see :func:`synthetic_pair` for the layout), damaged with
  deletions and merges by the same ``make_noisy`` as ``scripts/benchmark_alignment.py``. Each
  size and method runs in a fresh process, so its peak memory (its process tree: the aligner
  forks feature workers) is its own and a crash, a timeout or a memory blow-up at 1M is a row
  of the table, not the end of the run. Time covers ``pc.align`` only; strict F1 against the
  transformed gold and a "nothing lost" check come with every row (speed never buys back
  quality). The fitted log-log slope says whether the growth is linear.
* **Text+Berg dev in one warm process**: median of ``--repeats`` runs of ``pc.align`` after a
  warm-up, next to the Gale-Church baseline and, when a ``hunalign`` binary exists (PATH or
  ``--hunalign``), hunalign on the same files (ratio = our time / hunalign's).
* **start-up**: ``parallelcorpus --help`` and ``parallelcorpus align --presplit`` on a tiny pair
  (median of 5 fresh processes of the console script next to ``sys.executable``).
* **corpus build**: ``pc.build_corpus(seeds, tmpdir)`` in a fresh process.

Targets of the speed issue are flagged in the tables (100k x 100k < 60 s, 1M x 1M < 4 GB,
``--help`` < 0.3 s, our time / hunalign's <= 1.0).

    python scripts/benchmark_speed.py                        # sizes 1k,10k,100k
    python scripts/benchmark_speed.py --sizes 1k,10k,100k,1M --timeout 3600
    python scripts/benchmark_speed.py --only startup,textberg --quick
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import itertools
import json
import math
import os
import platform
import random
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TEXTBERG = SHARED / "textberg-dev"
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark_alignment import (  # noqa: E402
    gold_files,
    make_noisy,
    method_options,
    seed_path,
    written_sets,
)
from benchmark_segmentation import GOLD as SEGMENTATION_GOLD  # noqa: E402
from benchmark_segmentation import SYSTEMS, load_gold  # noqa: E402
from evaluate_alignment import read_jsonl_units, read_ladder, score_ladders  # noqa: E402

Ladder = list[tuple[tuple[int, ...], tuple[int, ...]]]
BeadText = tuple[list[str], list[str]]

SECTIONS = ("segmentation", "scaling", "textberg", "startup", "build")
TARGET_100K_SECONDS = 60.0  # goal 20 s
GOAL_100K_SECONDS = 20.0
TARGET_1M_MB = 4096.0
TARGET_HELP_SECONDS = 0.3
TARGET_HUNALIGN_RATIO = 1.0  # goal 0.5
GOAL_HUNALIGN_RATIO = 0.5


def fmt_int(n: float) -> str:
    return f"{n:,.0f}"


def fmt_size(n: int) -> str:
    """1000 -> 1k, 1000000 -> 1M (table labels)."""
    for unit, scale in (("M", 10**6), ("k", 10**3)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def markdown_table(head: Sequence[str], rows: Sequence[Sequence[Any]], right: str = "") -> str:
    """A Markdown table; ``right`` lists (as characters '1'/'0') which columns align right."""
    align = [("---:" if right[i : i + 1] == "1" else "---") for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ============================================================================ segmentation


def segmentation_text(lang: str, chars: int) -> list[str]:
    """Distinct input lines for ``lang`` (the same for every system), up to ``chars`` characters.

    The seed article, the hand-written documents of ``tests/data/parallel/docs`` and the gold
    paragraphs of ``tests/data/segmentation`` (about 50k characters per language). Nothing is
    repeated: segmenters cache (ours caches Thai word tokenisation), and repeated text would
    time the cache, not the segmenter.
    """
    sources = [seed_path(lang)] if lang in ("en", "fr", "vi", "th") else []
    sources += sorted((ROOT / "tests" / "data" / "parallel" / "docs").glob(f"*.{lang}.txt"))
    lines = [
        line.strip()
        for path in sources
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for path in sorted((SEGMENTATION_GOLD / lang).glob("*.txt")):
        lines += [" ".join(paragraph) for paragraph in load_gold(path)]
    out: list[str] = []
    total = 0
    for line in dict.fromkeys(lines):
        if total >= chars:
            break
        out.append(line)
        total += len(line)
    return out


def time_splitter(
    splitter: Callable[[str], list[str]], lines: Sequence[str], budget: float
) -> tuple[int, float]:
    """(characters done, seconds) over ``lines[3:]``, stopping once ``budget`` seconds are spent.

    ``lines[:3]`` warm the system up (lazy models) and are not timed, so no timed line can be
    answered from a cache filled by the warm-up.
    """
    for line in lines[:3]:
        splitter(line)
    chars = 0
    start = time.perf_counter()
    elapsed = 0.0
    for line in lines[3:]:
        splitter(line)
        chars += len(line)
        elapsed = time.perf_counter() - start
        if elapsed > budget:
            break
    return chars, elapsed


def segmentation_worker(lang: str, system: str, chars: int, budget: float) -> dict:
    """Time one system of ``benchmark_segmentation.SYSTEMS`` on the text of ``lang``."""
    row: dict[str, Any] = {"lang": lang, "system": system}
    lines = segmentation_text(lang, chars)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            splitter = SYSTEMS[lang][system]()
            done, seconds = time_splitter(splitter, lines, budget)
    except Exception as exc:  # a peer that does not install or run here
        row["note"] = f"unavailable: {type(exc).__name__}: {str(exc)[:60]}"
        return row
    row.update(chars=done, seconds=seconds, chars_per_s=done / seconds if seconds else 0.0)
    return row


def run_segmentation(
    langs: Sequence[str], chars: int, budget: float, *, isolate: bool = True
) -> list[dict]:
    """Every system of every language; ``isolate`` runs each in a fresh process, so no system
    reads a cache another one filled (ours and its candidate mode share Thai tokenisation)."""
    rows = []
    for lang in langs:
        if not segmentation_text(lang, chars):
            rows.append({"lang": lang, "system": "-", "note": "no text for this language"})
            continue
        for name in SYSTEMS.get(lang, {}):
            if not isolate:
                rows.append(segmentation_worker(lang, name, chars, budget))
                continue
            argv = ["--worker", "segment", "--langs", lang, "--system", name]
            argv += ["--seg-chars", str(chars), "--seg-budget", str(budget)]
            result = run_child(argv, timeout=budget * 10 + 120, max_mb=8000)
            result.setdefault("lang", lang)
            result.setdefault("system", name)
            if "error" in result:
                result["note"] = result.pop("error")
            rows.append(result)
    return rows


def segmentation_table(rows: list[dict]) -> str:
    body = []
    ours_speed: dict[str, float] = {}
    for r in rows:
        if "chars_per_s" in r and r["system"] == "parallelcorpus":
            ours_speed[r["lang"]] = r["chars_per_s"]
    for r in rows:
        if "chars_per_s" not in r:
            body.append([r["lang"], r["system"], "-", "-", "-", r.get("note", "")])
            continue
        ours = ours_speed.get(r["lang"])
        rel = f"{r['chars_per_s'] / ours:.2f}" if ours else "-"
        name = f"**{r['system']}**" if r["system"] == "parallelcorpus" else r["system"]
        body.append([r["lang"], name, fmt_int(r["chars_per_s"]), fmt_int(r["chars"]), rel, ""])
    return markdown_table(
        ["lang", "system", "chars/s", "chars timed", "speed / ours", "note"], body, "001110"
    )


# ============================================================================ synthetic pairs


@functools.cache
def bead_documents(pair: str) -> list[list[BeadText]]:
    """Real aligned documents of ``pair`` as bead texts (gold order, null beads included;
    read once per process, callers must not modify them).

    de-fr: the Text+Berg dev gold. Other pairs: the seed golds (each unit one "sentence") and
    the hand-written documents of ``tests/data/parallel`` with their gold ladders.
    """
    docs: list[list[BeadText]] = []
    if pair == "de-fr" and TEXTBERG.exists():
        de = (TEXTBERG / "dev.de").read_text(encoding="utf-8").splitlines()
        fr = (TEXTBERG / "dev.fr").read_text(encoding="utf-8").splitlines()
        gold = read_ladder((TEXTBERG / "dev.defr").read_text(encoding="utf-8").splitlines())
        docs.append([([de[i] for i in s], [fr[j] for j in t]) for s, t in gold])
    for name, path in gold_files():
        if name == pair:
            units = read_jsonl_units(path)
            docs.append([([s] if s else [], [t] if t else []) for s, t in units])
    for name, _langs, written in written_sets():
        if name == f"written {pair}":
            for src, tgt, ladder in written:
                docs.append([([src[i] for i in s], [tgt[j] for j in t]) for s, t in ladder])
    return [d for d in docs if d]


def available_pairs() -> list[str]:
    pairs = {"de-fr"} if TEXTBERG.exists() else set()
    pairs |= {name for name, _ in gold_files() if "000" not in name}
    pairs |= {name.split()[1] for name, _, _ in written_sets()}
    return sorted(pairs)


def synthetic_pair(
    pair: str, n: int, seed: int = 0, layout: str = "cycle"
) -> tuple[list[str], list[str], Ladder]:
    """About ``n`` sentences per side (at most ``n``), with the gold ladder over them.

    ``layout="cycle"`` (default): the real documents one after the other, over and over from a
    random starting bead, like a long book made of the same chapters; every copy of a sentence
    is a whole pass (the entire pool, ~450 beads for Text+Berg) away from the next, as in real
    text where content does not recur nearby. ``layout="runs"``: runs of 10-60 beads from random
    places, so copies of the same passage can sit close together (a stress test: a monotone
    aligner can then legitimately slip onto a neighbouring copy). Then ``make_noisy`` (from
    ``benchmark_alignment.py``) deletes beads on either side (13 %), merges target sentences
    across beads (8 %) and inserts a foreign paragraph, differently in every pass.
    Deterministic for given arguments.
    """
    docs = bead_documents(pair)
    if not docs:
        raise SystemExit(f"no aligned data for pair {pair!r}; available: {available_pairs()}")
    rng = random.Random(f"speed-{pair}-{n}-{seed}-{layout}")
    pool = [bead for doc in docs for bead in doc]
    beads: list[BeadText] = []
    n_src = n_tgt = 0
    want = math.ceil(n * 1.2) + 10  # noise removes ~13 % of a side; the excess is cut below
    at = rng.randrange(len(pool))
    while n_src < want or n_tgt < want:
        if layout == "runs":
            doc = rng.choices(docs, [len(d) for d in docs])[0]
            start = rng.randrange(len(doc))
            run = doc[start : start + rng.randint(10, 60)]
        else:
            run, at = [pool[at]], (at + 1) % len(pool)
        for src, tgt in run:
            beads.append((src, tgt))
            n_src += len(src)
            n_tgt += len(tgt)
    foreign = [t for doc in docs for _, tgt in doc for t in tgt][::-1]
    src, tgt, gold = make_noisy(beads, foreign, rng)
    keep: Ladder = []
    for s, t in gold:
        if (s and s[-1] >= n) or (t and t[-1] >= n):
            break
        keep.append((s, t))
    ns = max((s[-1] + 1 for s, _ in keep if s), default=0)
    nt = max((t[-1] + 1 for _, t in keep if t), default=0)
    return src[:ns], tgt[:nt], keep


def covers_everything(
    beads: Sequence[tuple[Sequence[int], Sequence[int]]], ns: int, nt: int
) -> bool:
    """Every sentence of both sides in exactly one bead, in order (nothing lost)."""
    src = [i for s, _ in beads for i in s]
    tgt = [j for _, t in beads for j in t]
    return src == list(range(ns)) and tgt == list(range(nt))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    VmHWM, not ``ru_maxrss``: Linux carries ``ru_maxrss`` over from the parent through fork and
    exec, so a child started by a big parent would report the parent's peak.
    """
    kib = _vm_kib(os.getpid(), "VmHWM")
    return (kib or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the aligner's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def align_worker(pair: str, n: int, method: str, seed: int = 0, layout: str = "cycle") -> dict:
    """Build one synthetic pair, time ``pc.align`` on it, score it; the child's JSON result."""
    import parallelcorpus as pc

    t0 = time.perf_counter()
    src, tgt, gold = synthetic_pair(pair, n, seed, layout)
    build_s = time.perf_counter() - t0
    src_lang, tgt_lang = pair.split("-")
    # warm-up on a few sentences: lazy imports and tables are start-up cost, not align time
    pc.align(src[:5], tgt[:5], src_lang, tgt_lang, **method_options(method))
    base_mb = peak_rss_mb()
    cpu0 = _cpu_seconds()
    start = time.perf_counter()
    alignment = pc.align(src, tgt, src_lang, tgt_lang, **method_options(method))
    seconds = time.perf_counter() - start
    cpu_s = _cpu_seconds() - cpu0
    test = [(tuple(b.src), tuple(b.tgt)) for b in alignment.beads]
    scores = score_ladders([gold], [test])
    return {
        "pair": pair,
        "size": n,
        "method": method,
        "layout": layout,
        "n_src": len(src),
        "n_tgt": len(tgt),
        "build_s": build_s,
        "seconds": seconds,
        "cpu_s": cpu_s,
        "sent_per_s": (len(src) + len(tgt)) / seconds if seconds > 0 else float("inf"),
        "base_mb": base_mb,
        "peak_mb": peak_rss_mb(),
        "f1_strict": scores["f1_strict"],
        "f1_lax": scores["f1_lax"],
        "complete": covers_everything(test, len(src), len(tgt)),
    }


def build_worker(seeds: Path) -> dict:
    import parallelcorpus as pc

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pc.build_corpus(seeds, Path(tmp) / "dist", progress=False)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_rss_mb()}


# ============================================================================ child processes


def _vm_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (the aligner may fork feature workers)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            pass
    return out


def _tree_mb(pid: int) -> float:
    """Memory of a process tree now: the sum of PSS (shared pages counted once), else RSS."""
    kib = 0
    for p in _descendants(pid):
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            kib += next(int(ln.split()[1]) for ln in rollup.splitlines() if ln.startswith("Pss:"))
        except (OSError, StopIteration, ValueError, IndexError):
            kib += _vm_kib(p, "VmRSS")
    return kib / 1024


def run_child(argv: list[str], timeout: float, max_mb: float) -> dict:
    """Run this script as a worker in a fresh process; its JSON result or what went wrong.

    The parent samples the memory of the child's whole process tree (about once a second), so a
    timeout or a kill still reports the memory reached and worker processes are counted; it
    kills the tree above ``max_mb`` so a blow-up cannot swap the machine. ``peak_mb`` is the
    larger of that sample and the child's own VmHWM (exact, but blind to its workers).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), *argv]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, start_new_session=True)
        start = time.perf_counter()
        peak = 0.0
        failure = ""
        sampled = 0.0
        while proc.poll() is None:
            elapsed = time.perf_counter() - start
            # reading smaps_rollup of a big process costs CPU the child needs: 5 Hz at first,
            # then once a second
            if elapsed < 10 or elapsed - sampled >= 1.0:
                peak = max(peak, _tree_mb(proc.pid), _vm_kib(proc.pid, "VmHWM") / 1024)
                sampled = elapsed
            if elapsed > timeout:
                failure = f"timeout after {elapsed:.0f} s"
            elif peak > max_mb:
                failure = f"killed above {max_mb:,.0f} MB"
            if failure:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.2)
        wall = time.perf_counter() - start
        if not failure and wall > timeout:  # finished between two polls, but too late
            failure = f"timeout after {wall:.0f} s"
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if not failure and proc.returncode == 0:
        try:
            result = json.loads(stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            failure = "no result printed"
        else:
            result["wall_s"] = wall
            result["self_peak_mb"] = result.get("peak_mb", 0.0)
            result["peak_mb"] = max(peak, result.get("peak_mb", 0.0))
            return result
    if not failure:
        last = (stderr.strip().splitlines() or ["?"])[-1]
        failure = f"crashed (exit {proc.returncode}): {last[:80]}"
    return {"error": failure, "peak_mb": peak, "wall_s": wall}


# ============================================================================ scaling


def run_scaling(
    pair: str,
    sizes: Sequence[int],
    methods: Sequence[str],
    timeout: float,
    max_mb: float,
    log: Callable[[str], None] = lambda _msg: None,
    layout: str = "cycle",
) -> list[dict]:
    rows = []
    for method in methods:
        failed = ""
        for n in sizes:
            if failed:
                rows.append({"pair": pair, "size": n, "method": method, "error": failed})
                continue
            log(f"  align {pair} {fmt_size(n)} x {fmt_size(n)} ({method}) ...")
            argv = ["--worker", "align", "--pair", pair, "--size", str(n), "--method", method]
            argv += ["--layout", layout]
            result = run_child(argv, timeout, max_mb)
            result.setdefault("pair", pair)
            result.setdefault("size", n)
            result.setdefault("method", method)
            rows.append(result)
            if "error" in result:
                failed = f"skipped ({fmt_size(n)} failed)"
    return rows


def loglog_slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) against log(size); 1.0 = linear, 2.0 = quadratic."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def _points(rows: list[dict], method: str) -> list[tuple[int, float, float]]:
    """(nominal size, sentences of both sides, seconds) of the measured rows of ``method``."""
    return [
        (r["size"], r["n_src"] + r["n_tgt"], r["seconds"])
        for r in rows
        if r["method"] == method and "seconds" in r
    ]


def scaling_table(rows: list[dict]) -> str:
    body = []
    for r in rows:
        label = f"{fmt_size(r['size'])} x {fmt_size(r['size'])}"
        if "error" in r:
            peak = f"{r['peak_mb']:,.0f}" if r.get("peak_mb") else "-"
            body.append([r["pair"], label, r["method"], "-", "-", "-", peak, "-", "-", r["error"]])
            continue
        flags = []
        if r["size"] == 100_000 and r["method"] == "full":
            ok = r["seconds"] < TARGET_100K_SECONDS
            goal = " (goal 20 s met)" if r["seconds"] < GOAL_100K_SECONDS else ""
            flags.append(f"< 60 s: {'yes' if ok else 'NO'}{goal}")
        if r["size"] == 1_000_000 and r["method"] == "full":
            flags.append(f"< 4 GB: {'yes' if r['peak_mb'] < TARGET_1M_MB else 'NO'}")
        if not r["complete"]:
            flags.append("SENTENCES LOST")
        body.append(
            [
                r["pair"],
                f"{label} ({fmt_int(r['n_src'])} x {fmt_int(r['n_tgt'])})",
                r["method"],
                f"{r['seconds']:.2f}",
                f"{r['cpu_s']:.1f}" if "cpu_s" in r else "-",
                fmt_int(r["sent_per_s"]),
                f"{r['peak_mb']:,.0f}",
                f"{r['base_mb']:,.0f}",
                f"{r['f1_strict']:.3f}",
                "; ".join(flags),
            ]
        )
    table = markdown_table(
        [
            "pair",
            "sentences per side",
            "method",
            "align s",
            "CPU s",
            "sent/s",
            "peak MB",
            "inputs MB",
            "F1 strict",
            "targets",
        ],
        body,
        "0001111110",
    )
    notes = []
    for method in dict.fromkeys(r["method"] for r in rows):
        pts = _points(rows, method)
        slope = loglog_slope([(n, s) for _, n, s in pts])
        if slope is None:
            continue
        steps = ", ".join(
            f"{fmt_size(a[0])}->{fmt_size(b[0])}: {loglog_slope([a[1:], b[1:]]):.2f}"
            for a, b in itertools.pairwise(pts)
        )
        notes.append(
            f"- log-log slope of time vs size ({method}): **{slope:.2f}** overall"
            f" (1.00 = linear; step by step {steps})"
        )
    return table + ("\n\n" + "\n".join(notes) if notes else "")


def plot_scaling(rows: list[dict], path: Path) -> Path | None:
    """Log-log PNG: align time (with a linear reference) and peak memory against sentences per
    side, with the issue's targets (60 s at 100k, 4 GB at 1M) as red crosses."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measured = [r for r in rows if "seconds" in r]
    if not measured:
        return None
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.4))
    first: tuple[float, float] | None = None
    for method in dict.fromkeys(r["method"] for r in measured):
        mine = [r for r in measured if r["method"] == method]
        sizes = [(r["n_src"] + r["n_tgt"]) / 2 for r in mine]
        label = "parallelcorpus" if method == "full" else f"parallelcorpus --method {method}"
        ax_t.plot(sizes, [r["seconds"] for r in mine], marker="o", label=label)
        ax_m.plot(sizes, [r["peak_mb"] for r in mine], marker="o", label=label)
        if method == "full" or first is None:
            first = (sizes[0], mine[0]["seconds"])  # the linear reference starts here
    assert first is not None
    top = max(first[0], *(r["size"] for r in rows))
    xs = [first[0], top]
    ax_t.plot(xs, [first[1] * x / first[0] for x in xs], "k--", lw=0.8, label="linear reference")
    ax_t.plot([100_000], [TARGET_100K_SECONDS], "rx", label="target: 100k in 60 s")
    ax_m.plot([1_000_000], [TARGET_1M_MB], "rx", label="target: 1M in 4 GB")
    for ax, ylabel, title in (
        (ax_t, "pc.align seconds", "Alignment time against document size"),
        (ax_m, "peak MB (process tree)", "Peak memory against document size"),
    ):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("sentences per side")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", lw=0.3)
        ax.legend(fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


# ============================================================================ Text+Berg


def hunalign_command(binary: str, dictionary: Path, src: Path, tgt: Path, extra: str) -> list[str]:
    """hunalign's documented CLI: ``hunalign [options] dictionary src tgt`` (ladder output).

    An empty dictionary makes it align by length, build a dictionary from that alignment and
    realign; ``-utf`` counts characters, not bytes.
    """
    return [binary, *shlex.split(extra), str(dictionary), str(src), str(tgt)]


def hunalign_beads(ladder: str) -> Ladder:
    """hunalign rungs (``n<TAB>m<TAB>score``: the first n source sentences match the first m
    target ones) -> beads; a one-sided segment becomes one null bead per sentence."""
    rungs = []
    for line in ladder.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rungs.append((int(parts[0]), int(parts[1])))
    beads: Ladder = []
    for (a, b), (c, d) in itertools.pairwise(rungs):
        s, t = tuple(range(a, c)), tuple(range(b, d))
        if s and t:
            beads.append((s, t))
        else:
            beads += [((i,), ()) for i in s] + [((), (j,)) for j in t]
    return beads


def run_textberg(
    folder: Path, repeats: int, hunalign: str | None, hunalign_args: str
) -> list[dict]:
    import parallelcorpus as pc

    src_path = folder / "dev.de"
    tgt_path = folder / "dev.fr"
    de = src_path.read_text(encoding="utf-8").splitlines()
    fr = tgt_path.read_text(encoding="utf-8").splitlines()
    gold = read_ladder((folder / "dev.defr").read_text(encoding="utf-8").splitlines())
    n = len(de) + len(fr)
    rows = []
    for method in ("full", "length"):
        pc.align(de, fr, "de", "fr", **method_options(method))  # warm-up: imports, tables
        times, cpus = [], []
        for _ in range(repeats):
            start, cpu = time.perf_counter(), _cpu_seconds()
            alignment = pc.align(de, fr, "de", "fr", **method_options(method))
            times.append(time.perf_counter() - start)
            cpus.append(_cpu_seconds() - cpu)
        test = [(tuple(b.src), tuple(b.tgt)) for b in alignment.beads]
        name = "parallelcorpus" if method == "full" else "Gale-Church (--method length)"
        rows.append(_tb_row(name, times, cpus, n, score_ladders([gold], [test])["f1_strict"]))
    binary = hunalign or shutil.which("hunalign")
    if not binary:
        rows.append({"system": "hunalign (C++)", "note": "not available (no binary on PATH)"})
    else:
        rows.append(run_hunalign(binary, src_path, tgt_path, gold, repeats, hunalign_args))
    return rows


def run_hunalign(
    binary: str, src_path: Path, tgt_path: Path, gold: Ladder, repeats: int, extra: str
) -> dict:
    """Median wall and CPU time of hunalign on the same files, and its strict F1."""
    n = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (src_path, tgt_path))
    with tempfile.TemporaryDirectory() as tmp:
        dictionary = Path(tmp) / "null.dic"
        dictionary.write_text("")
        cmd = hunalign_command(binary, dictionary, src_path, tgt_path, extra)
        times, cpus, ladder = [], [], ""
        try:
            subprocess.run(cmd, capture_output=True, check=True)  # warm-up: disk cache
            for _ in range(repeats):
                start, cpu = time.perf_counter(), _cpu_seconds()
                done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                times.append(time.perf_counter() - start)
                cpus.append(_cpu_seconds() - cpu)  # the finished child's CPU
                ladder = done.stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            return {"system": "hunalign (C++)", "note": f"failed: {exc}"[:100]}
    f1 = score_ladders([gold], [hunalign_beads(ladder)])["f1_strict"]
    return _tb_row(f"hunalign (C++) {extra}".strip(), times, cpus, n, f1)


def _tb_row(name: str, times: list[float], cpus: list[float], n: int, f1: float) -> dict:
    median = statistics.median(times)
    return {
        "system": name,
        "seconds": median,
        "cpu_s": statistics.median(cpus),
        "runs": len(times),
        "sent_per_s": n / median if median else float("inf"),
        "f1_strict": f1,
    }


def textberg_table(rows: list[dict]) -> str:
    hun = next((r for r in rows if r["system"].startswith("hunalign") and "seconds" in r), None)
    body = []
    for r in rows:
        if "seconds" not in r:
            body.append([r["system"], "-", "-", "-", "-", "-", "-", r.get("note", "")])
            continue
        ratio, cpu_ratio, note = "-", "-", ""
        if hun and hun["seconds"]:
            value = r["seconds"] / hun["seconds"]
            ratio = f"{value:.2f}"
            cpu_ratio = f"{r['cpu_s'] / hun['cpu_s']:.2f}" if hun.get("cpu_s") else "-"
            if r["system"] == "parallelcorpus":
                ok = value <= TARGET_HUNALIGN_RATIO
                note = f"ratio <= 1.0: {'yes' if ok else 'NO'}"
                if value <= GOAL_HUNALIGN_RATIO:
                    note += " (goal 0.5 met)"
        name = f"**{r['system']}**" if r["system"] == "parallelcorpus" else r["system"]
        body.append(
            [
                name,
                f"{r['seconds']:.3f}",
                f"{r['cpu_s']:.3f}",
                fmt_int(r["sent_per_s"]),
                f"{r['f1_strict']:.3f}",
                ratio,
                cpu_ratio,
                note,
            ]
        )
    return markdown_table(
        [
            "system",
            f"median s ({rows[0].get('runs', '?')} warm runs)",
            "CPU s",
            "sent/s",
            "F1 strict",
            "time / hunalign",
            "CPU / hunalign",
            "note",
        ],
        body,
        "01111110",
    )


# ============================================================================ start-up


def cli_command() -> list[str]:
    """The venv's console script next to the running interpreter, else ``python -m``."""
    script = Path(sys.executable).parent / "parallelcorpus"
    return [str(script)] if script.exists() else [sys.executable, "-m", "parallelcorpus"]


def median_run(cmd: list[str], runs: int) -> tuple[float, int]:
    """Median wall seconds of ``runs`` fresh processes, and the last exit code."""
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(cmd, capture_output=True).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


def run_startup(runs: int) -> list[dict]:
    cli = cli_command()
    rows = []
    seconds, code = median_run([sys.executable, "-c", "pass"], runs)
    rows.append({"command": "python -c pass (interpreter floor)", "seconds": seconds, "exit": code})
    seconds, code = median_run([*cli, "--help"], runs)
    rows.append({"command": "parallelcorpus --help", "seconds": seconds, "exit": code})
    with tempfile.TemporaryDirectory() as tmp:
        src, tgt = Path(tmp) / "a.en", Path(tmp) / "a.fr"
        src.write_text("The river rose by 2 metres.\nSchools closed on Monday.\n")
        tgt.write_text("Le fleuve a monté de 2 mètres.\nLes écoles ont fermé lundi.\n")
        langs = ["--src-lang", "en", "--tgt-lang", "fr"]
        cmd = [*cli, "align", str(src), str(tgt), *langs, "--presplit"]
        seconds, code = median_run(cmd, runs)
    rows.append(
        {
            "command": "parallelcorpus align --presplit (2 x 2 lines)",
            "seconds": seconds,
            "exit": code,
        }
    )
    return rows


def startup_table(rows: list[dict], runs: int) -> str:
    body = []
    for r in rows:
        note = "" if r["exit"] == 0 else f"exit code {r['exit']}"
        if r["command"].endswith("--help"):
            ok = r["seconds"] < TARGET_HELP_SECONDS
            note = (note + "; " if note else "") + f"< 0.3 s: {'yes' if ok else 'NO'}"
        body.append([r["command"], f"{r['seconds']:.3f}", note])
    return markdown_table(["command", f"median s ({runs} runs)", "target"], body, "010")


# ============================================================================ report


def targets_summary(report: dict) -> str:
    """One line per target of the issue: measured value and verdict (or "not measured")."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "**NOT met**"

    lines = []
    full = [r for r in report.get("scaling", []) if r["method"] == "full"]
    at = {r["size"]: r for r in full}
    row = at.get(100_000)
    if row and "seconds" in row:
        goal = (
            " (goal 20 s: met)" if row["seconds"] < GOAL_100K_SECONDS else " (goal 20 s: not yet)"
        )
        lines.append(
            f"- 100k x 100k in under 60 s: {row['seconds']:.1f} s, "
            f"{verdict(row['seconds'] < TARGET_100K_SECONDS)}{goal}"
        )
    else:
        lines.append(f"- 100k x 100k in under 60 s: {row['error'] if row else 'not measured'}")
    row = at.get(1_000_000)
    if row and "seconds" in row:
        lines.append(
            f"- 1M x 1M in under 4 GB: {row['peak_mb']:,.0f} MB in {row['seconds']:.0f} s, "
            f"{verdict(row['peak_mb'] < TARGET_1M_MB)}"
        )
    elif row:
        lines.append(
            f"- 1M x 1M in under 4 GB: {row['error']}"
            + (f" (memory reached {row['peak_mb']:,.0f} MB)" if row.get("peak_mb") else "")
        )
    else:
        lines.append("- 1M x 1M in under 4 GB: not measured (add 1M to --sizes)")
    pts = _points(full, "full")
    slope = loglog_slope([(n, sec) for _, n, sec in pts])
    if slope is not None:
        # fixed costs flatten the small sizes: judge the growth between the two largest sizes
        last = loglog_slope([(n, sec) for _, n, sec in pts[-2:]]) or 0.0
        judged = verdict(last < 1.15) if pts[-1][0] >= 10_000 else "sizes too small to judge"
        lines.append(
            f"- linear growth: log-log slope {last:.2f} between the two largest sizes"
            f" ({slope:.2f} overall), {judged}"
        )
        f1 = [r["f1_strict"] for r in full if "f1_strict" in r]
        lost = not all(r.get("complete") for r in full if "seconds" in r)
        lines.append(
            f"- quality kept at every size: strict F1 {min(f1):.3f}-{max(f1):.3f}"
            + ("; SENTENCES LOST" if lost else "; every sentence in exactly one bead")
        )
    tb = {r["system"]: r for r in report.get("textberg", [])}
    ours = tb.get("parallelcorpus")
    hun = next(
        (r for name, r in tb.items() if name.startswith("hunalign") and "seconds" in r), None
    )
    if ours and hun:
        ratio = ours["seconds"] / hun["seconds"]
        goal = " (goal 0.5: met)" if ratio <= GOAL_HUNALIGN_RATIO else " (goal 0.5: not yet)"
        lines.append(
            f"- Text+Berg time / hunalign <= 1.0: {ratio:.2f}, "
            f"{verdict(ratio <= TARGET_HUNALIGN_RATIO)}{goal}"
        )
    elif ours:
        lines.append(
            f"- Text+Berg time / hunalign <= 1.0: hunalign not available here; ours"
            f" {ours['seconds']:.2f} s ({fmt_int(ours['sent_per_s'])} sent/s, F1"
            f" {ours['f1_strict']:.3f})"
        )
    helps = [r for r in report.get("startup", []) if r["command"].endswith("--help")]
    if helps:
        sec = helps[0]["seconds"]
        lines.append(
            f"- `parallelcorpus --help` under 0.3 s: {sec:.3f} s, "
            f"{verdict(sec < TARGET_HELP_SECONDS)}"
        )
    return "\n".join(lines) if lines else "(no section measured a target)"


def environment_line() -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " + uncommitted changes in src/" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {commit}; "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs; {platform.machine()}; "
        f"load average at start {load} (wall times stretch when other jobs share the CPUs;"
        " the CPU s column does not)"
    )


def parse_sizes(text: str) -> list[int]:
    """``1k,10k,100000,1M`` -> [1000, 10000, 100000, 1000000]."""
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        scale = {"k": 10**3, "m": 10**6}.get(part[-1], 1)
        out.append(int(float(part.rstrip("km")) * scale))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--sizes", default="1k,10k,100k", help="sentences per side (1k, 1M...)")
    parser.add_argument("--pair", default="de-fr", help="language pair(s) of the scaling pairs")
    parser.add_argument("--methods", default="full,length", help="scaling methods")
    parser.add_argument(
        "--layout",
        choices=("cycle", "runs"),
        default="cycle",
        help="how real beads fill a long pair (see synthetic_pair; runs = repetition stress)",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds per size and method")
    parser.add_argument("--max-mb", type=float, default=12000, help="kill a child above this RSS")
    parser.add_argument("--langs", default="en,fr,vi,th", help="segmentation languages")
    parser.add_argument("--seg-chars", type=int, default=300_000, help="max text per language")
    parser.add_argument("--seg-budget", type=float, default=10.0, help="seconds per system")
    parser.add_argument("--repeats", type=int, default=3, help="warm Text+Berg runs (median)")
    parser.add_argument("--textberg", type=Path, default=TEXTBERG, help="dev.de/dev.fr/dev.defr")
    parser.add_argument("--hunalign", help="hunalign binary (default: `hunalign` on PATH)")
    parser.add_argument("--hunalign-args", default="-utf", help="extra hunalign options")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "speed")
    parser.add_argument("--png", type=Path, help="plot path (default: OUT/speed.png)")
    parser.add_argument("--no-png", action="store_true")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and texts (smoke run)")
    parser.add_argument("--worker", choices=("align", "build", "segment"), help=argparse.SUPPRESS)
    parser.add_argument("--system", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--method", default="full", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker == "align":
        print(json.dumps(align_worker(args.pair, args.size, args.method, layout=args.layout)))
        return 0
    if args.worker == "segment":
        print(
            json.dumps(
                segmentation_worker(args.langs, args.system, args.seg_chars, args.seg_budget)
            )
        )
        return 0
    if args.worker == "build":
        print(json.dumps(build_worker(ROOT / "seeds")))
        return 0
    if args.quick:
        if args.sizes == parser.get_default("sizes"):
            args.sizes = "200,400"
        args.seg_chars, args.seg_budget = 5_000, 1.0
        args.repeats, args.startup_runs = 1, 1

    sections = [s for s in args.only.split(",") if s]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    report: dict[str, Any] = {"environment": environment_line()}
    print(f"# Speed benchmark\n\n{report['environment']}\n")
    if "segmentation" in sections:
        log("segmentation ...")
        rows = run_segmentation(args.langs.split(","), args.seg_chars, args.seg_budget)
        report["segmentation"] = rows
        print("## Segmentation (characters per second, the same distinct lines for every system)\n")
        print(segmentation_table(rows) + "\n")
    if "scaling" in sections:
        sizes = parse_sizes(args.sizes)
        methods = [m for m in args.methods.split(",") if m]
        rows = []
        for pair in args.pair.split(","):
            rows += run_scaling(
                pair, sizes, methods, args.timeout, args.max_mb, log, layout=args.layout
            )
        report["scaling"] = rows
        print(
            f"## Alignment scaling (noisy pairs of real sentences, layout {args.layout},"
            " a fresh process each)\n"
        )
        print(scaling_table(rows) + "\n")
        print(
            "align s = wall seconds of pc.align only (inputs built and modules imported before);"
            " CPU s includes the aligner's worker processes; sent/s counts both sides; peak MB ="
            " the child's peak memory (its process tree, PSS sampled about once a second, or its"
            " own VmHWM if higher); inputs MB = its peak before the timed pc.align (interpreter,"
            " modules, pair).\n"
        )
        if not args.no_png:
            png = plot_scaling(rows, args.png or args.out / "speed.png")
            print(f"plot: {png}\n" if png else "plot: nothing measured\n")
    if "textberg" in sections:
        print("## Text+Berg de-fr dev, one warm process\n")
        if (args.textberg / "dev.de").exists():
            log("Text+Berg ...")
            rows = run_textberg(args.textberg, args.repeats, args.hunalign, args.hunalign_args)
            report["textberg"] = rows
            print(textberg_table(rows) + "\n")
        else:
            print(f"(no Text+Berg files in {args.textberg})\n")
    if "startup" in sections:
        log("start-up ...")
        rows = run_startup(args.startup_runs)
        report["startup"] = rows
        print("## Start-up (fresh processes)\n")
        print(startup_table(rows, args.startup_runs) + "\n")
    if "build" in sections:
        log("corpus build ...")
        result = run_child(["--worker", "build"], args.timeout, args.max_mb)
        report["build"] = result
        print("## Corpus build from the seeds (fresh process)\n")
        cell = f"{result['seconds']:.2f}" if "seconds" in result else result.get("error", "?")
        print(
            markdown_table(
                ["step", "seconds", "peak MB"],
                [["pc.build_corpus(seeds, tmpdir)", cell, f"{result.get('peak_mb', 0):,.0f}"]],
                "011",
            )
            + "\n"
        )
    print("## Targets of the speed issue\n")
    print(targets_summary(report) + "\n")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "speed.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"raw results: {args.out / 'speed.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
