"""Translation metrics over sacrebleu, with tokenisation that is right for each language.

Why a wrapper: sacrebleu's offline tokenisers do not split Thai into words (Thai writes no spaces
between words; only its flores/spm tokenisers would, and they need a download). So for Thai:

* chrF++ (``CHRF(word_order=2)``) on the raw text is the primary metric: it needs no words;
* BLEU and TER run on words segmented with pythainlp (newmm), then ``tokenize='none'``; the
  segmenter and its version are appended to the signature (``|thseg:pythainlp-newmm-5.4.0``) so
  that a number is never quoted without saying how the words were cut;
* ``thai_tokenize="char"`` scores Thai BLEU on characters instead (sacrebleu's ``tok:char``;
  TER then counts characters too, marked ``|thseg:char``).

Every other language uses sacrebleu's defaults (13a for BLEU). The metric objects built by
:func:`make_metric` are plain sacrebleu metrics, so they also work with
``sacrebleu.significance.PairedTest`` (the benchmark uses them that way).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parallelcorpus.errors import InputError, read_text_file

METRIC_ALIASES = {
    "bleu": "bleu",
    "chrf": "chrf",
    "chrf++": "chrf",
    "chrf2++": "chrf",
    "ter": "ter",
}
HIGHER_IS_BETTER = {"bleu": True, "chrf": True, "ter": False}
THAI_TOKENIZE = ("words", "char")
# Languages written without spaces between words that we know how to segment.
_WORD_SEGMENTED = {"th"}


# ----------------------------------------------------------------------------- Thai words


@functools.lru_cache(maxsize=1)
def thai_segmenter_id() -> str:
    """Name and version of the Thai word segmenter, as printed in signatures."""
    from importlib.metadata import version

    return f"pythainlp-newmm-{version('pythainlp')}"


@functools.lru_cache(maxsize=65536)
def segment_thai_words(text: str) -> str:
    """Thai text with its words separated by single spaces (pythainlp newmm).

    Cached because the benchmark scores the same references for every system.
    """
    from pythainlp.tokenize import word_tokenize

    return " ".join(word_tokenize(text, engine="newmm", keep_whitespace=False))


def _segment_chars(text: str) -> str:
    return " ".join(ch for ch in text if not ch.isspace())


@functools.lru_cache(maxsize=1)
def _thai_metric_classes() -> tuple[type, type]:
    """BLEU and TER subclasses that segment before scoring (built lazily: sacrebleu import)."""
    from sacrebleu.metrics import BLEU, TER

    class Segmented:
        """Segment Thai before the metric's own preprocessing; name the segmenter in the
        signature. Mixed into BLEU and TER below."""

        def __init__(self, segmenter: str = "words", **kwargs: Any) -> None:
            super().__init__(**kwargs)  # type: ignore[call-arg]
            self.segmenter = segmenter

        def _preprocess_segment(self, sent: str) -> str:
            return super()._preprocess_segment(_segment(sent, self.segmenter))  # type: ignore[misc]

        def get_signature(self) -> Any:
            return _with_thseg(super().get_signature(), self.segmenter)  # type: ignore[misc]

    class SegmentedBLEU(Segmented, BLEU):
        """BLEU on pre-segmented words (``tokenize='none'`` after segmentation)."""

        def __init__(self, segmenter: str = "words", **kwargs: Any) -> None:
            super().__init__(segmenter, **{**kwargs, "tokenize": "none"})

    class SegmentedTER(Segmented, TER):
        """TER on pre-segmented words."""

    return SegmentedBLEU, SegmentedTER


def _segment(sent: str, segmenter: str) -> str:
    return segment_thai_words(sent) if segmenter == "words" else _segment_chars(sent)


def _with_thseg(signature: Any, segmenter: str) -> Any:
    value = thai_segmenter_id() if segmenter == "words" else "char"
    signature._abbr["thseg"] = "thseg"
    signature.update("thseg", value)
    # sacrebleu keeps "version" last; keep it there and put thseg just before it.
    version = signature.info.pop("version")
    signature.info["version"] = version
    return signature


# ----------------------------------------------------------------------------- metrics


def normalise_metrics(metrics: Iterable[str] | str) -> tuple[str, ...]:
    """``"bleu,chrF++"`` or ``["BLEU", "ter"]`` -> canonical names, order kept, no duplicates."""
    if isinstance(metrics, str):
        metrics = metrics.split(",")
    names: list[str] = []
    for raw in metrics:
        key = raw.strip().lower()
        if not key:
            continue
        if key not in METRIC_ALIASES:
            known = ", ".join(sorted(set(METRIC_ALIASES.values())))
            raise InputError(f"unknown metric {raw!r}; expected some of: {known}")
        if METRIC_ALIASES[key] not in names:
            names.append(METRIC_ALIASES[key])
    if not names:
        raise InputError("no metric requested; expected some of: bleu, chrf, ter")
    return tuple(names)


def make_metric(
    metric: str,
    lang: str,
    *,
    thai_tokenize: str = "words",
    sentence_level: bool = False,
    lowercase: bool = False,
    chrf_word_order: int = 2,
) -> Any:
    """A sacrebleu metric object configured for target language ``lang``.

    ``sentence_level=True`` gives BLEU with effective order, as sentence BLEU needs.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    name = normalise_metrics([metric])[0]
    if thai_tokenize not in THAI_TOKENIZE:
        raise InputError(f"thai_tokenize must be one of {THAI_TOKENIZE}, got {thai_tokenize!r}")
    segmented = lang.lower() in _WORD_SEGMENTED
    if name == "chrf":
        return CHRF(word_order=chrf_word_order, lowercase=lowercase)
    if name == "bleu":
        if segmented and thai_tokenize == "char":  # sacrebleu's own: "tok:char" reproduces
            return BLEU(tokenize="char", lowercase=lowercase, effective_order=sentence_level)
        if segmented:
            bleu_class, _ = _thai_metric_classes()
            return bleu_class(
                segmenter=thai_tokenize, lowercase=lowercase, effective_order=sentence_level
            )
        return BLEU(tokenize="13a", lowercase=lowercase, effective_order=sentence_level)
    # TER keeps sacrebleu's default (case-insensitive), so numbers compare with published ones.
    if segmented:
        _, ter_class = _thai_metric_classes()
        return ter_class(segmenter=thai_tokenize)
    return TER()


def primary_metric(lang: str) -> str:
    """The metric to rank systems by: chrF++ for Thai (no words to count), BLEU otherwise."""
    return "chrf" if lang.lower() in _WORD_SEGMENTED else "bleu"


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class MetricScore:
    """One corpus-level score with its sacrebleu signature (and per-segment scores if asked)."""

    metric: str  # canonical key: bleu | chrf | ter
    name: str  # sacrebleu's display name: BLEU, chrF2++, TER
    score: float
    signature: str
    verbose: str = ""  # BLEU's n-gram precisions and brevity penalty
    higher_is_better: bool = True
    sentence_scores: tuple[float, ...] | None = None

    def format(self, width: int = 1) -> str:
        """``BLEU|nrefs:1|...|version:2.6.0 = 23.4 56.1/29.3/...`` like sacrebleu prints."""
        text = f"{self.name}|{self.signature} = {self.score:.{width}f}"
        return f"{text} {self.verbose}" if self.verbose else text

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "metric": self.metric,
            "name": self.name,
            "score": round(self.score, 4),
            "signature": self.signature,
            "higher_is_better": self.higher_is_better,
        }
        if self.verbose:
            out["verbose"] = self.verbose
        if self.sentence_scores is not None:
            out["sentence_scores"] = [round(s, 4) for s in self.sentence_scores]
        return out


@dataclass(frozen=True)
class Scores:
    """Scores of one system output: ``scores["chrf"].score``, ``scores.primary``..."""

    lang: str
    n_segments: int
    n_refs: int
    metrics: dict[str, MetricScore] = field(default_factory=dict)

    def __getitem__(self, metric: str) -> MetricScore:
        return self.metrics[METRIC_ALIASES.get(metric.lower(), metric)]

    def __iter__(self) -> Any:
        return iter(self.metrics.values())

    @property
    def primary(self) -> MetricScore:
        """The score to rank by (chrF++ for Thai, BLEU otherwise) if it was computed."""
        key = primary_metric(self.lang)
        return self.metrics[key] if key in self.metrics else next(iter(self.metrics.values()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "n_segments": self.n_segments,
            "n_refs": self.n_refs,
            "primary": self.primary.metric,
            "metrics": {key: m.to_dict() for key, m in self.metrics.items()},
        }


# ----------------------------------------------------------------------------- scoring


def reference_streams(
    references: Sequence[str] | Sequence[Sequence[str]], n_hyps: int
) -> list[list[str]]:
    """One or several reference streams as a list of streams, each as long as the hypotheses."""
    if isinstance(references, str):
        raise InputError("references must be a list of segments, not a single string")
    refs = list(references)
    streams = [refs] if not refs or isinstance(refs[0], str) else [list(s) for s in refs]
    for number, stream in enumerate(streams, start=1):
        if len(stream) != n_hyps:
            which = f"reference stream {number}" if len(streams) > 1 else "references"
            raise InputError(
                f"{n_hyps} hypotheses but {len(stream)} segments in {which}; "
                "expected one line per segment in both"
            )
        for position, segment in enumerate(stream):
            if not isinstance(segment, str):
                raise InputError(
                    f"{which} segment {position} is {type(segment).__name__}, expected str"
                )
    return streams


def score(
    hypotheses: Sequence[str],
    references: Sequence[str] | Sequence[Sequence[str]],
    lang: str,
    metrics: Iterable[str] = ("bleu", "chrf", "ter"),
    *,
    thai_tokenize: str = "words",
    sentence_level: bool = False,
    lowercase: bool = False,
    chrf_word_order: int = 2,
) -> Scores:
    """Corpus scores of ``hypotheses`` against one or several reference streams.

    ``references`` is either one list of segments or a list of such lists (several references
    per segment). ``lang`` is the target language. ``sentence_level=True`` adds per-segment
    scores (sentence BLEU uses effective order).
    """
    hyps = list(hypotheses)
    if not hyps:
        raise InputError("nothing to score: no hypotheses")
    for position, hyp in enumerate(hyps):
        if not isinstance(hyp, str):
            raise InputError(f"hypothesis {position} is {type(hyp).__name__}, expected str")
    streams = reference_streams(references, len(hyps))
    lang = _check_language(lang, "\n".join(streams[0]))
    options = {
        "thai_tokenize": thai_tokenize,
        "lowercase": lowercase,
        "chrf_word_order": chrf_word_order,
    }
    results: dict[str, MetricScore] = {}
    for key in normalise_metrics(metrics):
        metric = make_metric(key, lang, **options)
        corpus = metric.corpus_score(hyps, streams)
        sentences = None
        if sentence_level:
            sentences = sentence_scores(hyps, streams, key, lang, **options)
        results[key] = MetricScore(
            metric=key,
            name=corpus.name,
            score=float(corpus.score),
            signature=metric.get_signature().format(),
            verbose=getattr(corpus, "_verbose", ""),
            higher_is_better=HIGHER_IS_BETTER[key],
            sentence_scores=sentences,
        )
    return Scores(lang=lang, n_segments=len(hyps), n_refs=len(streams), metrics=results)


def _check_language(lang: str, references: str) -> str:
    """``lang`` as a plain code (``"th-TH"`` -> ``"th"``; not a code: :class:`InputError`), with
    a warning when the scores could mislead: a language we know nothing about (scored with 13a,
    which only suits languages that put spaces between words) or references in another script."""
    import warnings

    from parallelcorpus.langdetect import expected_script, letters_in_script, script_of
    from parallelcorpus.segment import normalize_lang

    code = normalize_lang(lang)
    expected = expected_script(code)
    if expected is None:
        warnings.warn(
            f"unknown language {code!r}: scoring with sacrebleu's default tokenisation (13a), "
            "which only suits languages written with spaces between words",
            stacklevel=3,
        )
        return code
    in_script, total = letters_in_script(references, expected)
    if total >= 20 and in_script < 0.2 * total:
        warnings.warn(
            f"the references are mostly in {script_of(references)} script, but --lang {code} is "
            f"written in {expected}; is the language code right?",
            stacklevel=3,
        )
    return code


def sentence_scores(
    hyps: Sequence[str], streams: Sequence[Sequence[str]], metric: str, lang: str, **options: Any
) -> tuple[float, ...]:
    """Per-segment scores (sentence BLEU with effective order), for error analysis."""
    scorer = make_metric(metric, lang, sentence_level=True, **options)
    return tuple(
        float(scorer.sentence_score(hyp, [stream[i] for stream in streams]).score)
        for i, hyp in enumerate(hyps)
    )


# ----------------------------------------------------------------------------- command


def _read_lines(path: str) -> list[str]:
    text = read_text_file(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line, it does not start a new one
    return [line.rstrip("\r") for line in lines]


def run_score_command(args: argparse.Namespace) -> int:
    """``parallelcorpus score --hyp FILE --ref FILE [--ref FILE] --lang L``."""
    hyps = _read_lines(args.hyp)
    streams = []
    for ref_path in args.ref:
        refs = _read_lines(ref_path)
        if len(refs) != len(hyps):
            raise InputError(
                f"{len(refs)} lines but the hypotheses ({args.hyp}) have {len(hyps)}; "
                "expected one line per segment in both",
                path=ref_path,
            )
        streams.append(refs)
    if not hyps:
        raise InputError("no lines to score", path=args.hyp)
    thai_tokenize = getattr(args, "thai_tokenize", "words")
    result = score(
        hyps,
        streams,
        args.lang,
        normalise_metrics(args.metrics),
        thai_tokenize=thai_tokenize,
        sentence_level=args.sentence_level,
    )
    out = sys.stdout
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return 0
    for metric in result:
        out.write(metric.format() + "\n")
    if args.sentence_level:
        keys = list(result.metrics)
        out.write("\t".join(["segment", *keys]) + "\n")
        for i in range(result.n_segments):
            values = [f"{result.metrics[k].sentence_scores[i]:.2f}" for k in keys]  # type: ignore[index]
            out.write("\t".join([str(i), *values]) + "\n")
    return 0
