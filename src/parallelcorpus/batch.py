"""Batch alignment: document pairs from a JSONL or parquet file -> a resumable folder of shards.

Why it is built this way (a corpus builder runs this on millions of pairs, overnight, and it
will be killed at some point):

- **Streaming, flat memory.** The input is read twice, both times as a stream: a first pass
  validates it (columns, ids) before anything is written, a second pass cuts it into shards of
  ``shard_size`` rows (JSON lines are read line by line, parquet with pyarrow ``iter_batches``).
  At most ``2 * num_proc`` chunks of pairs are in flight at once, so memory does not grow with
  the input; the only per-row state kept is the set of ids (for the duplicate check). Parquet
  memory also follows the file's row-group size (pyarrow decodes a row group's column at once).
- **Plain multiprocessing, not ``datasets.map(num_proc=N)``.** ``datasets`` would first convert
  the whole file into an Arrow cache (a full copy on disk, and a slow start), ``map`` writes a
  cache file per worker and only produces output at the very end, and a crash loses all of it.
  Here every shard is written as soon as it is aligned, and nothing touches the Hugging Face
  hub or its cache (offline by construction). A ``ProcessPoolExecutor`` fed by hand, because
  ``Pool.imap`` reads the whole input ahead of the workers, and a ``Pool`` whose worker is
  killed (out of memory on a giant article) waits forever instead of failing.
- **Resumable, crash-safe.** A shard is written to a temporary file and renamed into place (a
  rename is atomic), then a small state file records the digest of the rows it was computed
  from. Re-running the same command skips every shard whose rows (ids and texts) are unchanged,
  so an interrupted run, or a run after fixing a few bad rows, recomputes only what is missing
  or changed. A run killed mid-shard leaves at most a ``*.tmp`` file, removed by the next run.
- **Deterministic.** Shard ``k`` always holds input rows ``[k*shard_size, (k+1)*shard_size)``
  in input order and every pair is aligned on its own, so the shard files are byte-identical
  whatever ``num_proc`` is. Timings therefore live in the state files and the manifest, not in
  the shards.
- **A bad row does not kill the batch.** A structural problem of the file (unreadable, not
  JSON lines, missing column, missing or duplicate id) is an :class:`InputError` before any
  output exists; a bad value in one row (null text, malformed language code, an aligner
  error) becomes an error record in its shard (``"status": "error"`` and the message), and the
  batch goes on.

Output folder::

    OUT/manifest.json          input, options, totals, failed ids, slowest pairs
    OUT/shard-000000.jsonl     one line per pair, in input order
    OUT/.state/shard-000000.json   digest of the input rows, ids, per-pair seconds (resume)

A pair line: ``{"id", "row", "status": "ok", "error": null, "src_lang", "tgt_lang",
"doc_score", "n_src", "n_tgt", "beads": [{"src_ids", "tgt_ids", "src", "tgt", "score", "type"},
...]}`` (raw articles also get ``src_offsets``/``tgt_offsets`` into the row's text); a failed
pair has ``"status": "error"``, the message in ``"error"`` and nulls for what is unknown. Every
line has the same keys, so the shards load as one table. ``row`` is the pair's 0-based position
in the input; ``n_src``/``n_tgt`` count the sentences the bead ids index.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallelcorpus.errors import InputError, ParallelCorpusError, write_text_atomic

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "BatchSummary",
    "WorkerDied",
    "align_batch",
    "align_pair",
    "iter_results",
    "load_results",
    "read_pairs",
]

DEFAULT_SHARD_SIZE = 100
FORMAT = "parallelcorpus.align-batch/1"
MANIFEST = "manifest.json"
STATE_DIR = ".state"
COLUMNS = ("id", "src", "tgt", "src_lang", "tgt_lang", "languages")
JSONL_SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
RECORD_KEYS = (
    "id",
    "row",
    "status",
    "error",
    "src_lang",
    "tgt_lang",
    "doc_score",
    "n_src",
    "n_tgt",
    "beads",
)  # every line has all of them (null when not known), so that shards share one schema
CHUNK_SIZE = 10  # pairs per task sent to a worker (see _run)
_LIST_LIMIT = 100  # failed ids listed in the manifest (all of them are in the shards)


class WorkerDied(ParallelCorpusError):
    """A worker process was killed (often: out of memory on a giant pair); finished shards stay
    and a re-run resumes from the shard that was being aligned."""


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run left in ``out_dir`` (counts cover the whole folder, resumed shards too)."""

    out_dir: Path
    rows: int
    aligned: int
    failed: int
    shards: int
    computed_shards: int
    skipped_shards: int
    seconds: float
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


# ----------------------------------------------------------------------------- input


@dataclass(frozen=True)
class PairsFile:
    """A validated input file: where it is, how to read it, which column holds what."""

    path: Path
    kind: str  # "jsonl" or "parquet"
    columns: dict[str, str]  # canonical name -> name in the file
    rows: int


def _input_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    raise InputError(
        "unknown file type; expected JSON lines (.jsonl, .json, .jsonl.gz) or .parquet",
        path=str(path),
    )


def _column_map(columns: Mapping[str, str] | None) -> dict[str, str]:
    mapping = {name: name for name in COLUMNS}
    for canonical, actual in (columns or {}).items():
        if canonical not in mapping:
            raise InputError(
                f"unknown column role {canonical!r}; expected one of {', '.join(COLUMNS)}"
            )
        mapping[canonical] = actual
    return mapping


def _lang_hint(columns: dict[str, str]) -> str:
    return (
        f"columns {columns['src_lang']!r} and {columns['tgt_lang']!r}, a {columns['languages']!r} "
        "column, or --src-lang/--tgt-lang"
    )


def _jsonl_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a line that is not a JSON object, or not
    UTF-8, is an :class:`InputError` naming the line (the file is not JSON lines)."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        handle = opener(path, "rb")
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise InputError(
            "is a directory, expected a JSON lines or parquet file", path=str(path)
        ) from None
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None
    offset = 0
    with handle:
        try:
            for number, raw in enumerate(handle, start=1):
                start, offset = offset, offset + len(raw)
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw, start = raw[3:], start + 3
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"line {number}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                        "expected UTF-8 JSON lines",
                        path=str(path),
                        position=start + exc.start,
                    ) from None
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    array = line.lstrip().startswith("[")  # a pretty-printed JSON array
                    hint = " (this looks like a JSON array: convert it with jq -c '.[]')"
                    raise InputError(
                        f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}); "
                        f"expected one JSON object per line{hint if array else ''}",
                        path=str(path),
                    ) from None
                if not isinstance(obj, dict):
                    kind = "an array" if isinstance(obj, list) else type(obj).__name__
                    raise InputError(
                        f"line {number}: expected a JSON object with id, src, tgt, got {kind} "
                        "(the file must be JSON lines: one object per line)",
                        path=str(path),
                    )
                yield number, obj
        except (OSError, EOFError) as exc:  # truncated or corrupt gzip
            raise InputError(f"cannot read the file ({exc})", path=str(path)) from None


def _open_parquet(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, expected a JSON lines or parquet file", path=str(path))
    try:
        return pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"not a readable parquet file ({exc})", path=str(path)) from None


def _parquet_rows(pairs: PairsFile, names: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based row number, row) for the given columns, a few rows at a time.

    pyarrow decodes a column one row group at a time, so memory follows the file's row-group
    size (``datasets`` and most writers keep them small); small batches, no read-ahead and no
    decoding threads keep the rest flat (measured: 126 MB peak for 300 MB of text in 100-row
    groups)."""
    import pyarrow as pa

    parquet = _open_parquet(pairs.path)
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=32, columns=list(names), use_threads=False):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except (pa.ArrowException, OSError) as exc:  # a corrupt page in the middle of the file
        raise InputError(
            f"row {number + 1}: cannot read the parquet data ({exc})", path=str(pairs.path)
        ) from None


def _check_id(value: Any, where: str, path: Path, seen: set[str]) -> None:
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
        got = "null" if value is None else type(value).__name__
        raise InputError(
            f"{where}: id must be a string or an integer, got {got} (ids identify pairs when "
            "a run is resumed)",
            path=str(path),
        )
    key = str(value)
    if key in seen:
        raise InputError(
            f"{where}: duplicate id {value!r} (ids identify pairs when a run is resumed; "
            "they must be unique)",
            path=str(path),
        )
    seen.add(key)


def _missing(
    names: Iterable[str], required: list[str], cols: dict[str, str], defaults: tuple[bool, bool]
) -> list[str]:
    """Required columns absent from ``names``; a side's language may come from its own column,
    the ``languages`` column or a default."""
    present = set(names)
    missing = [name for name in required if name not in present]
    for side, has_default in zip(("src_lang", "tgt_lang"), defaults, strict=True):
        if not (has_default or cols[side] in present or cols["languages"] in present):
            missing.append(f"{cols[side]} (or {cols['languages']})")
    return missing


def read_pairs(
    pairs_path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    default_langs: tuple[bool, bool] = (False, False),
) -> PairsFile:
    """Validate ``pairs_path`` in one streaming pass, before any output is written.

    Structural problems are :class:`InputError` (CLI exit 2) naming the file, the line or row,
    and what was expected: unreadable file, not JSON lines / parquet, a missing column, a missing,
    non-scalar or duplicate id, no language for a row. Bad *values* (null text, malformed language
    code) are left to the per-pair step, which records them and goes on.
    """
    path = Path(pairs_path)
    kind = _input_kind(path)
    cols = _column_map(columns)
    required = [cols["id"], cols["src"], cols["tgt"]]
    seen: set[str] = set()
    rows = 0
    if kind == "jsonl":
        for number, obj in _jsonl_lines(path):
            missing = _missing(obj, required, cols, default_langs)
            if missing:
                raise InputError(
                    f"line {number}: missing {', '.join(map(repr, missing))}; expected the "
                    f"columns {', '.join(map(repr, required))} and a language for each side "
                    f"({_lang_hint(cols)})",
                    path=str(path),
                )
            _check_id(obj[cols["id"]], f"line {number}", path, seen)
            rows += 1
    else:
        parquet = _open_parquet(path)
        names = set(parquet.schema_arrow.names)
        missing = _missing(names, required, cols, default_langs)
        if missing:
            raise InputError(
                f"missing column(s) {', '.join(map(repr, missing))}; the file has "
                f"{', '.join(map(repr, sorted(names))) or 'no columns'}; expected "
                f"{', '.join(map(repr, required))} and a language for each side "
                f"({_lang_hint(cols)})",
                path=str(path),
            )
        probe = PairsFile(path, kind, cols, 0)
        for number, row in _parquet_rows(probe, [cols["id"]]):
            _check_id(row[cols["id"]], f"row {number}", path, seen)
            rows += 1
    if rows == 0:
        raise InputError(
            "no pairs; expected one row per document pair (id, src, tgt)", path=str(path)
        )
    return PairsFile(path, kind, cols, rows)


def _iter_rows(pairs: PairsFile) -> Iterator[dict[str, Any]]:
    """Rows with canonical keys (absent columns are absent keys), in input order, streamed."""
    cols = pairs.columns
    if pairs.kind == "jsonl":
        source: Iterable[tuple[int, dict[str, Any]]] = _jsonl_lines(pairs.path)
    else:
        parquet = _open_parquet(pairs.path)
        present = [name for name in cols.values() if name in parquet.schema_arrow.names]
        source = _parquet_rows(pairs, list(dict.fromkeys(present)))
    for _, obj in source:
        yield {canonical: obj[actual] for canonical, actual in cols.items() if actual in obj}


def _shards(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    shard: list[dict[str, Any]] = []
    for row in rows:
        shard.append(row)
        if len(shard) == size:
            yield shard
            shard = []
    if shard:
        yield shard


def _digest(rows: Sequence[dict[str, Any]]) -> str:
    """Fingerprint of a shard's input (ids and texts): an unchanged shard is not recomputed."""
    digest = hashlib.sha256()
    for row in rows:  # row by row: no second copy of a whole shard of articles
        digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()


# ----------------------------------------------------------------------------- one pair


def row_languages(
    row: Mapping[str, Any], default_src: str | None, default_tgt: str | None
) -> tuple[str, str]:
    """The pair's languages: ``src_lang``/``tgt_lang`` columns, else ``languages`` ("fr-th",
    "fr_th", "fr th", ["fr", "th"]), else the defaults; normalised to ISO 639-1 codes."""
    from parallelcorpus.segment import normalize_lang

    src, tgt = row.get("src_lang"), row.get("tgt_lang")
    if (src is None or tgt is None) and row.get("languages") is not None:
        langs = row["languages"]
        parts = None
        if isinstance(langs, str):
            for sep in ("-", "_", ",", "/", " ", ">"):
                pieces = [p for p in langs.split(sep) if p.strip()]
                if len(pieces) == 2:
                    parts = pieces
                    break
        elif isinstance(langs, (list, tuple)) and len(langs) == 2:
            parts = list(langs)
        if parts is None:
            raise InputError(
                f"languages {langs!r}: expected two codes such as 'fr-th' or ['fr', 'th']"
            )
        src, tgt = (src if src is not None else parts[0]), (tgt if tgt is not None else parts[1])
    src = src if src is not None else default_src
    tgt = tgt if tgt is not None else default_tgt
    if src is None or tgt is None:
        side = "source" if src is None else "target"
        raise InputError(f"no {side} language: the row has none and no default was given")
    return normalize_lang(src), normalize_lang(tgt)


def _sentences(value: Any, side: str) -> list[str]:
    """Presplit side: a list of sentences, or text with one sentence per line (LF ends a line,
    the final newline does not start an empty sentence, as in ``align --presplit``)."""
    if isinstance(value, str):
        lines = value.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if not isinstance(item, str):
                got = "null" if item is None else type(item).__name__
                raise InputError(f"{side}[{i}] is {got}; expected a sentence (string)")
        return list(value)
    got = "null" if value is None else type(value).__name__
    raise InputError(f"{side} is {got}; expected a list of sentences or newline-separated text")


def _article(value: Any, side: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        raise InputError(f"{side} is a list; expected the raw article text (or use --presplit)")
    got = "null" if value is None else type(value).__name__
    raise InputError(f"{side} is {got}; expected the raw article text")


def align_pair(
    row: Mapping[str, Any],
    *,
    presplit: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    method: str = "full",
) -> dict[str, Any]:
    """One output record for one input row: the alignment, or the error that stopped it.

    Every exception becomes an error record (a batch of a million pairs must not die on one
    odd article); its message says what was wrong with the row.
    """
    import parallelcorpus as pc

    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    record.update(id=row.get("id"), row=row.get("_row"))
    try:
        record["src_lang"], record["tgt_lang"] = src, tgt = row_languages(row, src_lang, tgt_lang)
        read, align = (_sentences, pc.align) if presplit else (_article, pc.align_documents)
        alignment = align(
            read(row.get("src"), "src"), read(row.get("tgt"), "tgt"), src, tgt, method=method
        )
    except Exception as exc:  # recorded in the output, the batch goes on
        message = str(exc) if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
        record.update(status="error", error=message)
        return record
    record.update(
        status="ok",
        doc_score=round(float(alignment.doc_score), 4),
        n_src=len(alignment.src_sentences),
        n_tgt=len(alignment.tgt_sentences),
        beads=_beads(alignment, offsets=not presplit),
    )
    return record


def _span(sentences: Sequence[Any], ids: Sequence[int]) -> list[int] | None:
    return [sentences[ids[0]].start, sentences[ids[-1]].end] if ids else None


def _beads(alignment: Any, *, offsets: bool) -> list[dict[str, Any]]:
    """Beads with the same keys in every line (null for an empty side), so that the shards load
    as one table (``datasets.load_dataset("json", data_files="OUT/shard-*.jsonl")``)."""
    src_sents, tgt_sents = alignment.src_sentences, alignment.tgt_sentences
    out = []
    for bead in alignment.beads:
        obj: dict[str, Any] = {
            "src_ids": list(bead.src),
            "tgt_ids": list(bead.tgt),
            "src": " ".join(src_sents[i].text for i in bead.src) if bead.src else None,
            "tgt": " ".join(tgt_sents[j].text for j in bead.tgt) if bead.tgt else None,
            "score": round(float(bead.score), 4),
            "type": bead.kind,
        }
        if offsets:
            obj["src_offsets"] = _span(src_sents, bead.src)
            obj["tgt_offsets"] = _span(tgt_sents, bead.tgt)
        out.append(obj)
    return out


def align_shard(
    rows: Sequence[Mapping[str, Any]], options: Mapping[str, Any]
) -> tuple[str, list[float], list[dict[str, Any]]]:
    """JSON lines for some rows of a shard, the seconds each pair took and the failed pairs
    (runs in a worker)."""
    lines, seconds, failed = [], [], []
    for row in rows:
        start = time.perf_counter()
        record = align_pair(row, **options)
        seconds.append(round(time.perf_counter() - start, 4))
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        if record["status"] != "ok":
            failed.append({"id": record["id"], "error": record["error"]})
    return "".join(lines), seconds, failed


# ----------------------------------------------------------------------------- output folder


def _shard_name(index: int) -> str:
    return f"shard-{index:06d}.jsonl"


def _options_record(
    pairs: PairsFile,
    shard_size: int,
    presplit: bool,
    src_lang: str | None,
    tgt_lang: str | None,
    method: str,
) -> dict[str, Any]:
    return {
        "presplit": presplit,
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
        "method": method,
        "shard_size": shard_size,
        "columns": {k: v for k, v in pairs.columns.items() if k != v},
    }


def _prepare_out(out: Path, options: dict[str, Any], pairs: PairsFile) -> None:
    """Check that ``out`` is new, empty or an earlier run on the same file with the same options
    (never write into an unrelated folder, never mix two kinds of output, never replace the
    results of another input; the file may have moved, so its name is what is compared)."""
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder; expected an output folder", path=str(out))
    manifest = out / MANIFEST
    if out.is_dir() and any(path.name != STATE_DIR for path in out.iterdir()):
        if not manifest.is_file():
            raise InputError(
                f"exists, is not empty and has no {MANIFEST}: not an align-batch output "
                "folder; choose a new or empty folder",
                path=str(out),
            )
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"unreadable manifest ({exc})", path=str(manifest)) from None
        if not isinstance(previous, dict) or previous.get("format") != FORMAT:
            raise InputError(f"not an {FORMAT} manifest", path=str(manifest))
        before_input = Path(str(previous.get("input", {}).get("path", ""))).name
        if before_input != pairs.path.name:
            raise InputError(
                f"holds the results of {before_input!r}, not of {pairs.path.name!r}; "
                "write to a new folder",
                path=str(out),
            )
        before = previous.get("options", {})
        changed = [key for key in options if before.get(key) != options[key]]
        if changed:
            what = ", ".join(f"{k}: {before.get(k)!r} then, {options[k]!r} now" for k in changed)
            raise InputError(
                f"was made with other options ({what}); resume with the same options, "
                "or write to a new folder",
                path=str(out),
            )
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)


def _clear_leftovers(out: Path) -> None:
    """Temp files of a run that was killed mid-write (only once we hold the folder's lock)."""
    for folder in (out, out / STATE_DIR):
        for leftover in folder.glob("*.tmp"):
            leftover.unlink()


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One writer per output folder: a second run on the same OUT fails instead of racing.

    A POSIX record lock (``lockf``), not ``flock``: forked workers do not inherit it, so a
    worker that outlives its parent for a moment cannot keep the folder locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, trust the user
        yield
        return
    with open(out / STATE_DIR / "lock", "w") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(
                "another align-batch run is writing to this folder", path=str(out)
            ) from None
        yield


def _state(out: Path, index: int) -> dict[str, Any] | None:
    path = out / STATE_DIR / (_shard_name(index)[:-1])  # shard-000000.json
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _is_done(out: Path, index: int, digest: str, retry_errors: bool) -> dict[str, Any] | None:
    state = _state(out, index)
    if state is None or state.get("digest") != digest or not (out / _shard_name(index)).is_file():
        return None
    if retry_errors and state.get("failed"):
        return None
    return state


def _save_shard(
    out: Path, index: int, ids: list[Any], digest: str, results: list[Any]
) -> dict[str, Any]:
    """Shard file first, then its state: a crash between the two only costs a recomputation."""
    text = "".join(part[0] for part in results)
    seconds = [sec for part in results for sec in part[1]]
    failed = [failure for part in results for failure in part[2]]
    state = {
        "digest": digest,
        "rows": len(ids),
        "ids": ids,
        "failed": failed,
        "seconds": seconds,
    }
    write_text_atomic(out / _shard_name(index), text, fsync=True)
    write_text_atomic(
        out / STATE_DIR / _shard_name(index)[:-1], json.dumps(state, ensure_ascii=False), fsync=True
    )
    return state


def _remove_stale(out: Path, shards: int) -> None:
    """Shards past the end of the input (it shrank since the last run) are not results of it."""
    for folder, pattern in ((out, "shard-*.jsonl"), (out / STATE_DIR, "shard-*.json")):
        for path in folder.glob(pattern):
            digits = path.name.split("-", 1)[1].split(".", 1)[0]
            if digits.isdigit() and int(digits) >= shards:
                path.unlink()


def iter_results(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a batch folder in input order (shard by shard, so memory stays flat)."""
    out = Path(out_dir)
    for path in sorted(out.glob("shard-*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def load_results(out_dir: str | Path, *, cache_dir: str | Path | None = None) -> Any:
    """The records of a batch folder as a ``datasets.Dataset``, with an explicit schema.

    Why not ``load_dataset("json", data_files=...)`` alone: it guesses the schema from the first
    shard, where a column that is null on every line (``error`` when nothing failed there)
    becomes type ``null`` and a later shard with a message cannot be cast. Offline; the Arrow
    copy goes to ``cache_dir`` (default: the usual ``datasets`` cache).
    """
    import datasets

    out = Path(out_dir)
    files = sorted(str(path) for path in out.glob("shard-*.jsonl"))
    if not files:
        raise InputError("no shard-*.jsonl files: not an align-batch output folder", path=str(out))
    first = next(iter_results(out))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    offsets = not manifest.get("options", {}).get("presplit", False)
    span = datasets.Sequence(datasets.Value("int64"))
    bead = {
        "src_ids": datasets.Sequence(datasets.Value("int64")),
        "tgt_ids": datasets.Sequence(datasets.Value("int64")),
        "src": datasets.Value("string"),
        "tgt": datasets.Value("string"),
        "score": datasets.Value("float64"),
        "type": datasets.Value("string"),
        **({"src_offsets": span, "tgt_offsets": span} if offsets else {}),
    }
    features = datasets.Features(
        {
            "id": datasets.Value("int64" if isinstance(first["id"], int) else "string"),
            "row": datasets.Value("int64"),
            "status": datasets.Value("string"),
            "error": datasets.Value("string"),
            "src_lang": datasets.Value("string"),
            "tgt_lang": datasets.Value("string"),
            "doc_score": datasets.Value("float64"),
            "n_src": datasets.Value("int64"),
            "n_tgt": datasets.Value("int64"),
            "beads": [bead],
        }
    )
    return datasets.load_dataset(
        "json",
        data_files=files,
        features=features,
        split="train",
        cache_dir=str(cache_dir) if cache_dir is not None else None,
    )


# ----------------------------------------------------------------------------- the batch


def _fork_context() -> Any:
    """``fork`` where there is one: workers start instantly with the aligner already imported
    and see segmenters registered at run time; elsewhere the platform default."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them all at once; only the parent
    writes shards, so an interruption cannot leave a half-written one."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: Any) -> None:
    """Stop now (Ctrl-C, a failed write): drop queued chunks and end the running ones instead
    of finishing work that will not be written. The executor has no public "terminate" before
    Python 3.14, hence its process table."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)


def _warm_up() -> None:
    """Import the aligner once in the parent, so forked workers do not each import it."""
    import importlib

    for name in ("parallelcorpus.align.engine", "parallelcorpus.align.documents"):
        importlib.import_module(name)


def align_batch(
    pairs_path: str | Path,
    out_dir: str | Path,
    *,
    num_proc: int = 1,
    shard_size: int = DEFAULT_SHARD_SIZE,
    presplit: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    method: str = "full",
    columns: Mapping[str, str] | None = None,
    retry_errors: bool = False,
    progress: bool = True,
) -> BatchSummary:
    """Align every pair of ``pairs_path`` into JSONL shards in ``out_dir``; resumable.

    ``pairs_path``: JSON lines (``.jsonl``, ``.json``, ``.jsonl.gz``) or parquet with columns
    ``id``, ``src``, ``tgt`` and the languages (``src_lang``/``tgt_lang``, or ``languages`` such
    as ``"fr-th"``; ``src_lang``/``tgt_lang`` here are defaults for rows without them).
    ``columns`` renames, e.g. ``{"src": "fr", "tgt": "th"}``. ``presplit``: the texts are lists
    of sentences (or one sentence per line) aligned with :func:`parallelcorpus.align`; otherwise
    raw articles through :func:`parallelcorpus.align_documents`. ``retry_errors``: also recompute
    shards that hold failed pairs. Re-running on the same ``out_dir`` skips finished shards.
    """
    if not isinstance(num_proc, int) or num_proc < 1:
        raise InputError(f"num_proc must be a positive integer, got {num_proc!r}")
    if not isinstance(shard_size, int) or shard_size < 1:
        raise InputError(f"shard_size must be a positive integer, got {shard_size!r}")
    if method not in ("full", "length"):
        raise InputError(f"unknown method {method!r}; expected full or length")
    from parallelcorpus.segment import normalize_lang

    src_lang = normalize_lang(src_lang) if src_lang is not None else None
    tgt_lang = normalize_lang(tgt_lang) if tgt_lang is not None else None
    pairs = read_pairs(
        pairs_path, columns=columns, default_langs=(src_lang is not None, tgt_lang is not None)
    )
    out = Path(out_dir)
    options = _options_record(pairs, shard_size, presplit, src_lang, tgt_lang, method)
    _prepare_out(out, options, pairs)
    shards = -(-pairs.rows // shard_size)
    started = time.time()
    with _locked(out):
        _clear_leftovers(out)
        write_text_atomic(out / MANIFEST, _manifest_text(pairs, options, "running", {}), fsync=True)
        states, computed = _run(
            pairs,
            out,
            shards,
            dict(presplit=presplit, src_lang=src_lang, tgt_lang=tgt_lang, method=method),
            num_proc=num_proc,
            shard_size=shard_size,
            retry_errors=retry_errors,
            progress=progress,
        )
        _remove_stale(out, shards)
        summary = _summary(out, pairs, states, computed, time.time() - started)
        write_text_atomic(
            out / MANIFEST, _manifest_text(pairs, options, "complete", states, summary), fsync=True
        )
    return summary


def _run(
    pairs: PairsFile,
    out: Path,
    shards: int,
    pair_options: dict[str, Any],
    *,
    num_proc: int,
    shard_size: int,
    retry_errors: bool,
    progress: bool,
) -> tuple[list[dict[str, Any]], int]:
    """Stream shards to the workers and write each one as soon as all its pairs are aligned.

    A shard is cut into chunks of at most ``CHUNK_SIZE`` pairs (fewer when that leaves a worker
    idle), so that workers share even a single shard, slow pairs do not leave one worker alone
    at the end, and the progress bar moves every few pairs. The next shard is read only when
    fewer than ``2 * num_proc`` chunks are in flight: the input is read as fast as the workers
    consume it, never ahead (memory: about one shard plus ``2 * num_proc`` chunks).
    """
    from concurrent.futures.process import BrokenProcessPool

    from tqdm import tqdm

    states: dict[int, dict[str, Any]] = {}
    computed = 0
    chunk = max(1, min(CHUNK_SIZE, -(-shard_size // num_proc)))
    pending: deque[tuple[int, list[Any], str, list[Any]]] = deque()
    in_flight = 0
    pool = None
    if num_proc > 1:
        from concurrent.futures import ProcessPoolExecutor

        _warm_up()
        pool = ProcessPoolExecutor(
            max_workers=num_proc, mp_context=_fork_context(), initializer=_ignore_sigint
        )
        pool.submit(int).result()  # fork every worker now, before tqdm starts its thread
    bar = tqdm(
        total=pairs.rows,
        unit="pair",
        desc="align-batch",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )

    def finish(index: int, ids: list[Any], digest: str, parts: list[Any]) -> None:
        try:
            results = [part.result() if pool is not None else part for part in parts]
        except BrokenProcessPool:
            raise WorkerDied(
                f"a worker process died while aligning {_shard_name(index)} (ids {ids[0]!r} to "
                f"{ids[-1]!r}; out of memory?); finished shards are kept: re-run to resume, "
                "perhaps with a smaller --num-proc"
            ) from None
        states[index] = _save_shard(out, index, ids, digest, results)

    def tick(n: int) -> Any:
        return lambda _future: bar.update(n)

    try:
        numbered = ({**row, "_row": i} for i, row in enumerate(_iter_rows(pairs)))
        for index, shard in enumerate(_shards(numbered, shard_size)):
            digest = _digest(shard)
            done = _is_done(out, index, digest, retry_errors)
            if done is not None:
                states[index] = done
                bar.update(len(shard))
                continue
            computed += 1
            ids = [row["id"] for row in shard]
            parts = [shard[i : i + chunk] for i in range(0, len(shard), chunk)]
            if pool is None:
                results = []
                for part in parts:
                    results.append(align_shard(part, pair_options))
                    bar.update(len(part))
                finish(index, ids, digest, results)
                continue
            futures = []
            for part in parts:
                future = pool.submit(align_shard, part, pair_options)
                future.add_done_callback(tick(len(part)))
                futures.append(future)
            pending.append((index, ids, digest, futures))
            in_flight += len(futures)
            while pending and in_flight >= 2 * num_proc:
                in_flight -= len(pending[0][3])
                finish(*pending.popleft())
        while pending:
            finish(*pending.popleft())
    except BaseException:
        if pool is not None:
            _stop(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
        bar.close()
    if len(states) != shards:
        raise InputError(
            f"the file changed while it was read ({len(states)} shards instead of {shards})",
            path=str(pairs.path),
        )
    return [states[i] for i in sorted(states)], computed


def _summary(
    out: Path, pairs: PairsFile, states: list[dict[str, Any]], computed: int, seconds: float
) -> BatchSummary:
    failures = [f for state in states for f in state.get("failed", [])]
    return BatchSummary(
        out_dir=out,
        rows=pairs.rows,
        aligned=pairs.rows - len(failures),
        failed=len(failures),
        shards=len(states),
        computed_shards=computed,
        skipped_shards=len(states) - computed,
        seconds=round(seconds, 3),
        failures=failures,
    )


def _manifest_text(
    pairs: PairsFile,
    options: dict[str, Any],
    status: str,
    states: Any,
    summary: BatchSummary | None = None,
) -> str:
    from parallelcorpus import __version__

    stat = pairs.path.stat()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "parallelcorpus_version": __version__,
        "status": status,
        "input": {
            "path": str(pairs.path.resolve()),
            "format": pairs.kind,
            "bytes": stat.st_size,
            "rows": pairs.rows,
        },
        "options": options,
    }
    if summary is not None:
        timed = [
            (sec, pair_id)
            for state in states
            for pair_id, sec in zip(state.get("ids", []), state.get("seconds", []), strict=False)
        ]
        align_seconds = sum(sec for sec, _ in timed)
        manifest["totals"] = {
            "pairs": summary.rows,
            "aligned": summary.aligned,
            "failed": summary.failed,
            "shards": summary.shards,
            "computed_shards": summary.computed_shards,
            "skipped_shards": summary.skipped_shards,
            "align_seconds": round(align_seconds, 3),
            "wall_seconds_last_run": summary.seconds,
        }
        manifest["shards"] = [
            {"file": _shard_name(i), "rows": state["rows"], "failed": len(state.get("failed", []))}
            for i, state in enumerate(states)
        ]
        manifest["failed"] = summary.failures[:_LIST_LIMIT]
        slowest = sorted(timed, key=lambda t: -t[0])[:10]
        manifest["slowest"] = [{"id": pair_id, "seconds": sec} for sec, pair_id in slowest]
    return json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
