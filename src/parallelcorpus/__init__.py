"""parallelcorpus: news articles in several languages -> a sentence-aligned parallel corpus.

The public API lives here and only here. Each function imports its pipeline stage when it is
called, so ``import parallelcorpus`` (and ``parallelcorpus --help``) stays instant and never loads
datasets, pythainlp or numpy.

    clean -> segment -> anchors -> align -> corpus -> score / bench
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parallelcorpus.errors import InputError, ParallelCorpusError
from parallelcorpus.types import Alignment, Anchor, Bead, Document, Paragraph, Sentence

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path

    import datasets

    from parallelcorpus.batch import BatchSummary

__version__ = "0.1.0"

__all__ = [
    "Alignment",
    "Anchor",
    "Bead",
    "Document",
    "InputError",
    "Paragraph",
    "ParallelCorpusError",
    "Sentence",
    "__version__",
    "align",
    "align_batch",
    "align_documents",
    "anchor_similarity",
    "anchors",
    "benchmark",
    "build_corpus",
    "clean",
    "detect_language",
    "load",
    "register_segmenter",
    "register_translator",
    "score",
    "segment",
]


def clean(raw: str, lang: str | None = None, *, path: str | None = None) -> Document:
    """Strip page furniture from a raw article, keeping paragraphs with offsets into ``raw``."""
    from parallelcorpus.clean import clean_text

    return clean_text(raw, lang, path=path)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` from its script and a small stop-word profile."""
    from parallelcorpus.langdetect import detect_language as _detect

    return _detect(text)


def segment(
    text: str, lang: str, *, clean: bool = False, mode: str = "sentences"
) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    ``clean=True`` removes page furniture first (offsets still point into ``text``).
    ``mode="candidates"`` returns every plausible boundary (finer than sentences; used for Thai so
    that the aligner lets the other language decide where sentences end).
    """
    from parallelcorpus.segment import segment_text

    return segment_text(text, lang, clean=clean, mode=mode)


def register_segmenter(lang: str, segmenter: Callable[..., Any], *, replace: bool = False) -> None:
    """Plug in a segmenter for ``lang``: ``segmenter(text, mode=...) -> list[Sentence]``."""
    from parallelcorpus.segment import register

    register(lang, segmenter, replace=replace)


def anchors(text: str, lang: str) -> list[Anchor]:
    """Names, numbers, dates... in ``text`` with language-independent keys."""
    from parallelcorpus.anchors import extract_anchors

    return extract_anchors(text, lang)


def anchor_similarity(a: Sequence[Anchor], b: Sequence[Anchor]) -> Any:
    """How strongly two anchor lists say "same content": score plus the evidence behind it."""
    from parallelcorpus.anchors import anchor_similarity as _similarity

    return _similarity(a, b)


def align(
    src_sents: Sequence[str | Sentence],
    tgt_sents: Sequence[str | Sentence],
    src_lang: str,
    tgt_lang: str,
    **options: Any,
) -> Alignment:
    """Align two lists of sentences; every sentence ends up in exactly one bead."""
    from parallelcorpus.align import align_sentences

    return align_sentences(src_sents, tgt_sents, src_lang, tgt_lang, **options)


def align_documents(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, **options: Any
) -> Alignment:
    """Clean, segment and align two raw articles (Thai in candidate mode, merged by the DP)."""
    from parallelcorpus.align import align_raw_documents

    return align_raw_documents(src_text, tgt_text, src_lang, tgt_lang, **options)


def align_batch(
    pairs_path: str | Path,
    out_dir: str | Path,
    *,
    num_proc: int = 1,
    shard_size: int = 100,
    presplit: bool = False,
    **options: Any,
) -> BatchSummary:
    """Align many pairs from a JSONL/parquet file into resumable JSONL shards (flat memory)."""
    from parallelcorpus.batch import align_batch as _align_batch

    return _align_batch(
        pairs_path,
        out_dir,
        num_proc=num_proc,
        shard_size=shard_size,
        presplit=presplit,
        **options,
    )


def build_corpus(
    seeds_dir: str | Path = "seeds", out_dir: str | Path = "dist", **options: Any
) -> Path:
    """Build the parallel corpus from raw articles into a Hugging Face dataset folder."""
    from parallelcorpus.corpus import build_corpus as _build

    return _build(seeds_dir, out_dir, **options)


def load(path: str | Path | None = None, config: str = "multiway") -> datasets.DatasetDict:
    """Load the built corpus (default: ``dist/``) offline, never from a stale cache."""
    from parallelcorpus.corpus import load_corpus

    return load_corpus(path, config)


def score(
    hypotheses: Sequence[str],
    references: Sequence[str] | Sequence[Sequence[str]],
    lang: str,
    metrics: Iterable[str] = ("bleu", "chrf", "ter"),
    **options: Any,
) -> Any:
    """Corpus and sentence scores over sacrebleu, with tokenisation that is right for ``lang``."""
    from parallelcorpus.score import score as _score

    return _score(hypotheses, references, lang, metrics, **options)


def register_translator(name: str, factory: Callable[..., Any], *, replace: bool = False) -> None:
    """Plug in a translator adapter kind (like sacrebleu's tokenizer registry)."""
    from parallelcorpus.bench.translators import register

    register(name, factory, replace=replace)


def benchmark(
    translators: Any,
    directions: Sequence[str] | None = None,
    corpus: Any = None,
    baseline: str | None = None,
    **options: Any,
) -> Any:
    """Score translators on every direction of the corpus, with CIs and paired significance."""
    from parallelcorpus.bench import benchmark as _benchmark

    return _benchmark(
        translators, directions=directions, corpus=corpus, baseline=baseline, **options
    )


def _keep_api_functions() -> None:
    """Stop stage modules from shadowing the API functions of the same name.

    After ``parallelcorpus.score`` (or ``segment``, ``anchors``, ``align``, ``clean``) is first
    imported, Python sets the package attribute of that name to the module, which would turn
    ``pc.score(...)`` into "'module' object is not callable" on the second call.
    """
    import sys
    import types

    class _PublicApi(types.ModuleType):
        def __setattr__(self, name: str, value: Any) -> None:
            current = self.__dict__.get(name)
            if isinstance(value, types.ModuleType) and isinstance(current, types.FunctionType):
                return
            super().__setattr__(name, value)

    sys.modules[__name__].__class__ = _PublicApi


_keep_api_functions()
