"""Run translators over every direction of a multi-way corpus, then score them with CIs and
paired significance (sacrebleu's ``PairedTest``) against a baseline.

Data flow: corpus rows -> per direction (rows holding both languages) -> per system: cached or
fresh translations (batched, ``concurrency`` batches in flight, counts checked) -> one
``PairedTest`` per direction over the systems that produced output -> :class:`BenchResult`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallelcorpus.bench.cache import TranslationCache
from parallelcorpus.bench.translators import (
    ISO639_3,
    Translator,
    TranslatorError,
    make_translator,
    parse_system,
)
from parallelcorpus.errors import InputError
from parallelcorpus.score import (
    HIGHER_IS_BETTER,
    make_metric,
    normalise_metrics,
    reference_streams,
    sentence_scores,
)

CORE_LANGUAGES = ("en", "fr", "vi", "th")
DEFAULT_CORPUS = "dist"


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class MetricCell:
    """One metric of one system on one direction: score, bootstrap 95% CI, p vs baseline."""

    metric: str
    name: str
    score: float
    mean: float | None
    ci: float | None  # half-width of the 95% interval around ``mean`` (sacrebleu's convention)
    p_value: float | None
    signature: str
    higher_is_better: bool

    @property
    def low(self) -> float | None:
        return None if self.mean is None or self.ci is None else self.mean - self.ci

    @property
    def high(self) -> float | None:
        return None if self.mean is None or self.ci is None else self.mean + self.ci

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(float(x), 4)

        return {
            "name": self.name,
            "score": r(self.score),
            "mean": r(self.mean),
            "ci": r(self.ci),
            "low": r(self.low),
            "high": r(self.high),
            "p_value": r(self.p_value),
            "signature": self.signature,
            "higher_is_better": self.higher_is_better,
        }


@dataclass
class Cell:
    """A system on a direction: its metrics, or why it was skipped."""

    system: str
    direction: str
    n_segments: int = 0
    metrics: dict[str, MetricCell] = field(default_factory=dict)
    skipped: str | None = None
    translated: int = 0  # segments sent to the translator in this run (the rest: cache)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "system": self.system,
            "direction": self.direction,
            "n_segments": self.n_segments,
        }
        if self.skipped:
            out["skipped"] = self.skipped
        else:
            out["metrics"] = {k: m.to_dict() for k, m in self.metrics.items()}
            out["translated"] = self.translated
            out["seconds"] = round(self.seconds, 3)
        return out


@dataclass
class DirectionData:
    """The segments of one direction and every system's output, for the per-segment TSV."""

    direction: str
    ids: list[str]
    sources: list[str]
    references: list[str]
    hypotheses: dict[str, list[str]] = field(default_factory=dict)
    sentence: dict[str, dict[str, tuple[float, ...]]] = field(default_factory=dict)


@dataclass
class BenchResult:
    """Everything a benchmark measured; :meth:`write` saves JSON, Markdown, PNG and TSV."""

    systems: dict[str, str]  # name -> translator fingerprint
    baseline: str | None
    directions: list[str]
    metrics: tuple[str, ...]
    cells: list[Cell]
    segments: dict[str, DirectionData]
    notes: list[str]
    settings: dict[str, Any]

    def cell(self, system: str, direction: str) -> Cell:
        for cell in self.cells:
            if cell.system == system and cell.direction == direction:
                return cell
        raise KeyError((system, direction))

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "systems": self.systems,
            "baseline": self.baseline,
            "directions": self.directions,
            "metrics": list(self.metrics),
            "results": [cell.to_dict() for cell in self.cells],
            "notes": self.notes,
        }

    def markdown(self) -> str:
        from parallelcorpus.bench.report import markdown_table

        return markdown_table(self)

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write results.json, results.md, scores.png and segments.tsv; returns their paths."""
        from parallelcorpus.bench.report import write_reports

        return write_reports(self, Path(out_dir))


# ----------------------------------------------------------------------------- corpus


def corpus_rows(corpus: Any = None, split: str | None = None) -> tuple[list[dict[str, Any]], str]:
    """Rows of the multi-way corpus (dicts with one column per language, None where missing)
    and a description of where they came from.

    ``corpus``: a dataset folder (default ``dist``), a JSON Lines file of such rows, a
    ``datasets`` Dataset or DatasetDict, or a list of dicts. Of a DatasetDict, ``split`` is
    used, else ``test`` if present, else all splits in order.
    """
    if corpus is None or isinstance(corpus, str | os.PathLike):
        path = Path(corpus if corpus is not None else DEFAULT_CORPUS)
        if not path.exists():
            raise InputError(
                "corpus folder not found; build it with `parallelcorpus build` or pass --corpus",
                path=str(path),
            )
        if path.is_file():
            return _read_jsonl_rows(path), str(path)
        import parallelcorpus

        return corpus_rows(parallelcorpus.load(path, "multiway"), split)[0], str(path)
    if (
        isinstance(corpus, Mapping)
        and corpus
        and all(hasattr(v, "to_list") for v in corpus.values())
    ):
        if split is not None:
            if split not in corpus:
                raise InputError(f"corpus has no split {split!r}; it has {', '.join(corpus)}")
            names = [split]
        else:
            names = ["test"] if "test" in corpus else list(corpus)
        rows = [row for name in names for row in corpus[name].to_list()]
        return rows, f"DatasetDict[{'+'.join(names)}]"
    if hasattr(corpus, "to_list") and hasattr(corpus, "column_names"):
        return list(corpus.to_list()), "Dataset"
    if isinstance(corpus, Sequence) and all(isinstance(r, Mapping) for r in corpus):
        return [dict(r) for r in corpus], "rows"
    raise InputError(
        "corpus: expected a dataset folder, a datasets.Dataset/DatasetDict or a list of dicts"
    )


def _read_jsonl_rows(path: Path) -> list[dict[str, Any]]:
    import json

    from parallelcorpus.errors import read_text_file

    rows = []
    for number, line in enumerate(read_text_file(str(path)).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(
                f"line {number}: not JSON ({exc.args[0]}); expected one object "
                'per line like {"en": "...", "fr": "...", "th": null}',
                path=str(path),
            ) from None
        if not isinstance(row, dict):
            raise InputError(f"line {number}: expected a JSON object", path=str(path))
        rows.append(row)
    if not rows:
        raise InputError(
            'no rows; expected JSON Lines like {"en": "...", "fr": "...", "th": null}',
            path=str(path),
        )
    return rows


def corpus_languages(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Language columns (ISO 639-1 names holding text), core languages first."""
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    langs = [
        c
        for c in columns
        if c in ISO639_3 and c != "id" and all(isinstance(r.get(c), str | type(None)) for r in rows)
    ]
    return sorted(langs, key=lambda c: (CORE_LANGUAGES.index(c) if c in CORE_LANGUAGES else 99, c))


def parse_directions(
    directions: Sequence[str] | str | None, languages: Sequence[str]
) -> list[tuple[str, str]]:
    """``["fr-en", "en-th"]`` (or ``"fr-en,en-th"``) -> pairs; None -> every ordered pair."""
    if directions is None:
        return [(a, b) for a in languages for b in languages if a != b]
    if isinstance(directions, str):
        directions = directions.split(",")
    pairs = []
    for text in directions:
        text = text.strip()
        if not text:
            continue
        src, sep, tgt = text.partition("-")
        if not sep or not src or not tgt or src == tgt:
            raise InputError(f"direction {text!r}: expected SRC-TGT such as fr-en")
        for lang in (src, tgt):
            if lang not in languages:
                raise InputError(
                    f"direction {text!r}: the corpus has no {lang!r} column "
                    f"(it has {', '.join(languages) or 'no language columns'})"
                )
        if (src, tgt) not in pairs:
            pairs.append((src, tgt))
    if not pairs:
        raise InputError("no direction given; expected e.g. fr-en,en-fr")
    return pairs


def _systems(translators: Any, options: Mapping[str, Any]) -> dict[str, Translator]:
    """Named translators from a mapping, ``NAME=SPEC`` strings, (name, spec) pairs or specs."""
    if isinstance(translators, str | Translator) or callable(translators):
        translators = [translators]
    items: list[tuple[str, Any]] = []
    if isinstance(translators, Mapping):
        items = list(translators.items())
    else:
        for item in translators:
            if isinstance(item, tuple):
                items.append((str(item[0]), item[1]))
            elif isinstance(item, str):
                items.append(parse_system(item))
            elif isinstance(item, Translator) and item.name:
                items.append((item.name, item))
            else:
                items.append((getattr(item, "__name__", f"system{len(items) + 1}"), item))
    systems: dict[str, Translator] = {}
    for name, spec in items:
        if name in systems:
            raise InputError(f"system name {name!r} given twice")
        systems[name] = make_translator(spec, name=name, **options.get(name, {}))
    if not systems:
        raise InputError("no translator given; e.g. --system id=identity --system ap=apertium")
    return systems


# ----------------------------------------------------------------------------- translation


def translate_segments(
    translator: Translator,
    segments: Sequence[str],
    src: str,
    tgt: str,
    cache: TranslationCache,
    *,
    progress: bool = False,
    desc: str = "",
) -> tuple[list[str], int]:
    """Translations of ``segments`` (cache first), and how many segments were sent.

    Distinct segments are sent in batches, ``translator.concurrency`` at a time; each finished
    batch is checked and written to the cache at once, and when one batch fails the batches
    still in flight are awaited and cached too before the error is raised.
    """
    system = translator.label()
    if not translator.cacheable:
        cache = TranslationCache(None)
    unique = list(dict.fromkeys(segments))
    done = cache.get_many(system, translator.fingerprint, src, tgt, unique)
    missing = [s for s in unique if s not in done]
    size = max(1, int(translator.batch_size))
    queue = iter([missing[i : i + size] for i in range(0, len(missing), size)])
    in_flight = max(1, int(translator.concurrency))
    bar = _progress_bar(len(unique), len(unique) - len(missing), desc or system, progress)

    def store(output: Any, batch: list[str]) -> None:
        pairs = list(zip(batch, _checked(system, output, batch, src, tgt), strict=True))
        cache.put_many(system, translator.fingerprint, src, tgt, pairs)
        done.update(pairs)
        bar.update(len(batch))

    failure: BaseException | None = None
    pending: dict[Future[list[str]], list[str]] = {}
    try:
        with ThreadPoolExecutor(max_workers=in_flight) as pool:
            try:
                while True:
                    while failure is None and len(pending) < 2 * in_flight:
                        batch = next(queue, None)
                        if batch is None:
                            break
                        pending[pool.submit(translator.translate, list(batch), src, tgt)] = batch
                    if not pending:
                        break
                    finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    for future in finished:
                        batch = pending.pop(future)
                        try:
                            store(future.result(), batch)
                        except Exception as exc:  # go on only to save what is in flight
                            failure = failure or exc
            except BaseException as exc:  # Ctrl-C: keep the batches already being paid for
                failure = failure or exc
                for future in pending:
                    future.cancel()
                for future, batch in pending.items():
                    if not future.cancelled():
                        with contextlib.suppress(Exception):
                            store(future.result(), batch)
    finally:
        bar.close()
    if failure is not None:
        if isinstance(failure, TranslatorError | InputError | KeyboardInterrupt):
            raise failure
        raise TranslatorError(
            f"system {system!r} failed on {src}-{tgt}: {type(failure).__name__}: {failure}"
        ) from failure
    return [done[s] for s in segments], len(missing)


def _checked(system: str, output: Any, batch: Sequence[str], src: str, tgt: str) -> list[str]:
    if isinstance(output, str) or not isinstance(output, Sequence):
        raise TranslatorError(
            f"system {system!r} returned {type(output).__name__} for {src}-{tgt}, "
            "expected a list of strings"
        )
    if len(output) != len(batch):
        raise TranslatorError(
            f"system {system!r} returned {len(output)} translations for {len(batch)} "
            f"segments ({src}-{tgt}); a translator must return exactly one per segment"
        )
    bad = [i for i, t in enumerate(output) if not isinstance(t, str)]
    if bad:
        raise TranslatorError(
            f"system {system!r} returned a {type(output[bad[0]]).__name__} for segment "
            f"{bad[0]} of a batch ({src}-{tgt}), expected str"
        )
    return list(output)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, initial: int, desc: str, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        desc=desc,
        unit="seg",
        file=sys.stderr,
        leave=True,
        dynamic_ncols=True,
    )


# ----------------------------------------------------------------------------- scoring

_SEED_LOCK = threading.Lock()


@contextlib.contextmanager
def _sacrebleu_seed(seed: int | None) -> Iterator[None]:
    """sacrebleu's bootstrap reads its seed from ``SACREBLEU_SEED``: set it for the test."""
    with _SEED_LOCK:
        old = os.environ.get("SACREBLEU_SEED")
        os.environ["SACREBLEU_SEED"] = "None" if seed is None else str(int(seed))
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("SACREBLEU_SEED", None)
            else:
                os.environ["SACREBLEU_SEED"] = old


def paired_scores(
    named: Sequence[tuple[str, list[str]]],
    references: list[list[str]],
    lang: str,
    metrics: Sequence[str],
    *,
    test: str = "bs",
    n_samples: int = 1000,
    seed: int | None = 12345,
    thai_tokenize: str = "words",
) -> dict[str, dict[str, MetricCell]]:
    """Scores of every system with 95% bootstrap CIs and p-values against ``named[0]`` (the
    baseline), from ``sacrebleu.significance.PairedTest``."""
    from sacrebleu.significance import PairedTest

    if test not in ("bs", "ar"):
        raise InputError(f"significance test must be 'bs' or 'ar', got {test!r}")
    instances = {m: make_metric(m, lang, thai_tokenize=thai_tokenize) for m in metrics}
    with _sacrebleu_seed(seed):
        paired = PairedTest(
            list(named),
            instances,
            references,
            test_type=test,
            n_samples=n_samples,
            n_ar_confidence=1000 if test == "ar" else -1,
        )
        signatures, table = paired()
    out: dict[str, dict[str, MetricCell]] = {name: {} for name, _ in named}
    display = dict(zip(signatures, metrics, strict=True))  # "BLEU" -> "bleu" (insertion order)
    for display_name, key in display.items():
        signature = signatures[display_name].format()
        for index, (system, _) in enumerate(named):
            result = table[display_name][index]
            out[system][key] = MetricCell(
                metric=key,
                name=display_name,
                score=float(result.score),
                mean=None if result.mean is None else float(result.mean),
                ci=None if result.ci is None else float(result.ci),
                p_value=None if index == 0 or result.p_value is None else float(result.p_value),
                signature=signature,
                higher_is_better=HIGHER_IS_BETTER[key],
            )
    return out


# ----------------------------------------------------------------------------- benchmark


def benchmark(
    translators: Any,
    directions: Sequence[str] | str | None = None,
    corpus: Any = None,
    baseline: str | None = None,
    *,
    metrics: Sequence[str] | str = ("bleu", "chrf", "ter"),
    out: str | Path | None = None,
    cache: str | Path | TranslationCache | None = None,
    test: str = "bs",
    n_samples: int = 1000,
    seed: int | None = 12345,
    split: str | None = None,
    limit: int | None = None,
    thai_tokenize: str = "words",
    segment_scores: bool = True,
    progress: bool = False,
    translator_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> BenchResult:
    """Translate every direction of the corpus with every system and score them.

    ``translators``: {name: SPEC | Translator | callable}, or ``["name=SPEC", ...]``.
    ``baseline``: the system the paired test compares against (default: the first system).
    ``test``: paired bootstrap resampling ("bs", default) or approximate randomisation ("ar").
    ``cache``: a folder of translations (default ``OUT/cache`` when ``out`` is given, else in
    memory); reruns translate only what is missing. ``out``: write the reports there.
    """
    metric_keys = normalise_metrics(metrics)
    systems = _systems(translators, translator_options or {})
    if baseline is not None and baseline not in systems:
        raise InputError(f"baseline {baseline!r} is not one of the systems: {', '.join(systems)}")
    baseline = baseline or next(iter(systems))
    rows, corpus_name = corpus_rows(corpus, split)
    languages = corpus_languages(rows)
    pairs = parse_directions(directions, languages)
    if not isinstance(cache, TranslationCache):
        if cache is None and out is not None:
            cache = Path(out) / "cache"
        cache = TranslationCache(cache)

    cells: list[Cell] = []
    segments: dict[str, DirectionData] = {}
    notes: list[str] = []
    for src, tgt in pairs:
        direction = f"{src}-{tgt}"
        picked = [
            (i, row)
            for i, row in enumerate(rows)
            if isinstance(row.get(src), str)
            and row[src].strip()
            and isinstance(row.get(tgt), str)
            and row[tgt].strip()
        ]
        if limit is not None:
            picked = picked[: max(0, int(limit))]
        data = DirectionData(
            direction=direction,
            ids=[str(_row_id(row, i)) for i, row in picked],
            sources=[row[src] for _, row in picked],
            references=[row[tgt] for _, row in picked],
        )
        segments[direction] = data
        if not picked:
            notes.append(f"{direction}: no row has both {src} and {tgt}; skipped")
            cells.extend(Cell(s, direction, skipped="no segments") for s in systems)
            continue
        for name, translator in systems.items():
            reason = translator.unsupported(src, tgt)
            if reason:
                notes.append(f"{name} on {direction}: skipped ({reason})")
                cells.append(Cell(name, direction, len(picked), skipped=reason))
                continue
            started = time.perf_counter()
            hyps, sent = translate_segments(
                translator,
                data.sources,
                src,
                tgt,
                cache,
                progress=progress,
                desc=f"{name} {direction}",
            )
            data.hypotheses[name] = hyps
            cells.append(
                Cell(
                    name,
                    direction,
                    len(picked),
                    translated=sent,
                    seconds=time.perf_counter() - started,
                )
            )
        _score_direction(
            data,
            tgt,
            baseline,
            metric_keys,
            notes,
            test=test,
            n_samples=n_samples,
            seed=seed,
            thai_tokenize=thai_tokenize,
            segment_scores=segment_scores,
            cells=[c for c in cells if c.direction == direction],
        )
    result = BenchResult(
        systems={name: t.fingerprint for name, t in systems.items()},
        baseline=baseline,
        directions=[f"{s}-{t}" for s, t in pairs],
        metrics=metric_keys,
        cells=cells,
        segments=segments,
        notes=notes,
        settings={
            "corpus": corpus_name,
            "test": test,
            "n_samples": n_samples,
            "seed": seed,
            "confidence": 0.95,
            "thai_tokenize": thai_tokenize,
            "split": split,
            "limit": limit,
        },
    )
    if out is not None:
        result.write(out)
    return result


def _score_direction(
    data: DirectionData,
    tgt: str,
    baseline: str,
    metric_keys: tuple[str, ...],
    notes: list[str],
    *,
    cells: list[Cell],
    test: str,
    n_samples: int,
    seed: int | None,
    thai_tokenize: str,
    segment_scores: bool,
) -> None:
    """Fill in the metrics of this direction's cells and the per-segment scores."""
    if not data.hypotheses:
        return
    names = list(data.hypotheses)
    if baseline in data.hypotheses:
        names.remove(baseline)
        names.insert(0, baseline)
    else:
        notes.append(f"{data.direction}: baseline {baseline!r} has no output; no p-values")
    refs = reference_streams(data.references, len(data.references))
    scores = paired_scores(
        [(n, data.hypotheses[n]) for n in names],
        refs,
        tgt,
        metric_keys,
        test=test,
        n_samples=n_samples,
        seed=seed,
        thai_tokenize=thai_tokenize,
    )
    for cell in cells:
        if cell.system in scores:
            cell.metrics = scores[cell.system]
            if baseline not in data.hypotheses:
                cell.metrics = {k: _without_p(m) for k, m in cell.metrics.items()}
    if segment_scores:
        for name in names:
            data.sentence[name] = {
                key: sentence_scores(
                    data.hypotheses[name], refs, key, tgt, thai_tokenize=thai_tokenize
                )
                for key in metric_keys
            }


def _row_id(row: Mapping[str, Any], index: int) -> Any:
    """The row's own id (``id``, or the multiway corpus's ``unit``), else its position."""
    for key in ("id", "unit"):
        if row.get(key) is not None:
            return row[key]
    return index


def _without_p(cell: MetricCell) -> MetricCell:
    from dataclasses import replace

    return replace(cell, p_value=None)
