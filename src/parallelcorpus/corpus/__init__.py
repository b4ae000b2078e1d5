"""The corpus stage: raw articles -> a Hugging Face dataset folder (``dist/``), exports, report.

``build_corpus`` writes everything into a temporary sibling folder and swaps it in with a
rename, so an interrupted build never leaves a half-written ``dist/``. ``load_corpus`` reads the
parquet files straight into memory: offline, no cache to go stale, no telemetry.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parallelcorpus.errors import InputError

if TYPE_CHECKING:
    import datasets

    from parallelcorpus.corpus.build import Corpus

__all__ = ["build_corpus", "load_corpus", "write_dataset"]

#: Text in every card we write: a folder without it is not ours to replace.
CARD_MARKER = "parallelcorpus"


def _check_replaceable(out: Path) -> None:
    """Refuse to replace a folder that is not a corpus we built (never delete user data)."""
    if not out.exists():
        blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:  # found now, not after the whole build
            raise InputError(f"cannot create the output folder: {blocker} is a file", path=str(out))
        return
    if not out.is_dir():
        raise InputError("exists and is not a folder; expected a dataset folder", path=str(out))
    if not any(out.iterdir()):
        return
    card = out / "README.md"
    if not card.is_file() or CARD_MARKER not in card.read_text(encoding="utf-8", errors="replace"):
        raise InputError(
            "exists and is not a parallelcorpus dataset folder; refusing to replace it "
            "(choose another --out or remove it)",
            path=str(out),
        )


def write_dataset(corpus: Corpus, folder: Path) -> dict[str, Any]:
    """Write parquet configs, card, exports and report into ``folder``; return the summary."""
    from parallelcorpus import __version__
    from parallelcorpus.corpus import dataset, export, report

    tables = dataset.all_tables(corpus)
    file_info: dict[str, tuple[int, str, int]] = {}
    for name, (features, rows) in tables.items():
        path = folder / dataset.data_file(name)
        table = dataset.to_arrow(features, rows)
        dataset.write_parquet(table, path)
        file_info[name] = (path.stat().st_size, dataset.sha256_file(path), table.nbytes)
    multiway = tables[dataset.MULTIWAY][1]
    exports = folder / "exports"
    tmx_units = export.write_tmx(exports / "corpus.tmx", multiway, corpus.languages, __version__)
    for name, (_, rows) in tables.items():
        export.write_jsonl(exports / "jsonl" / f"{name}.jsonl", rows)
        if name != dataset.MULTIWAY:
            export.write_moses(exports / "moses", name, rows)
    summary = dataset.multiway_summary(corpus, multiway)
    summary["tmx_units"] = tmx_units
    html = report.render_report(report.report_data(corpus, summary), __version__)
    (folder / "report.html").write_text(html, encoding="utf-8", newline="\n")
    card = "---\n" + dataset.card_yaml(corpus, tables, file_info) + "---\n\n"
    card += dataset.card_body(corpus, tables)
    (folder / "README.md").write_text(card, encoding="utf-8", newline="\n")
    summary["table"] = dataset.corpus_table(tables)
    return summary


def build_corpus(
    seeds_dir: str | Path = "seeds",
    out_dir: str | Path = "dist",
    *,
    progress: bool = True,
    **options: Any,
) -> Path:
    """Build the corpus from the raw articles in ``seeds_dir`` into the dataset folder ``out_dir``.

    Options go to :func:`parallelcorpus.corpus.build.build` (``min_doc_score``,
    ``min_bead_score``, ``align``/``detect`` callables) and on to the aligner.
    Raises :class:`InputError` (CLI exit 2) for a missing or empty seeds folder.
    """
    from parallelcorpus.corpus.build import build

    out = Path(out_dir)
    _check_replaceable(out)
    started = time.perf_counter()
    corpus = build(seeds_dir, progress=progress, **options)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # e.g. --out FILE/dist
        raise InputError(
            f"cannot create the output folder ({exc.strerror}: {exc.filename})", path=str(out)
        ) from None
    tmp = out.parent / f".{out.name}-building-{os.getpid()}"
    old = out.parent / f".{out.name}-old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        summary = write_dataset(corpus, tmp)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    if progress:
        _print_summary(summary, time.perf_counter() - started)
    return out


def _print_summary(summary: dict[str, Any], seconds: float) -> None:
    lines = [f"{'config':<10} {'rows':>5}  bead types"]
    lines += [f"{name:<10} {rows:>5}  {kinds}" for name, rows, kinds in summary["table"]]
    lines.append(
        f"multi-way units with all four languages: {summary['all_four']} of "
        f"{summary['aligned_units']} aligned ({summary['all_four_share_of_aligned']:.1%}); "
        f"pairwise disagreements: {summary['vetoed']} refused, {summary['merged']} merged"
    )
    lines.append(f"build time: {seconds:.1f} s")
    print("\n".join(lines), file=sys.stderr)


def _offline() -> None:
    """Before ``datasets`` is imported: no Hub calls, no telemetry."""
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
        os.environ.setdefault(var, "1")


def load_corpus(path: str | Path | None = None, config: str = "multiway") -> datasets.DatasetDict:
    """Load a built corpus folder (default ``dist``) as a ``DatasetDict`` with a ``test`` split.

    The parquet file is read into memory with the features stored in its schema, so the result
    is always the folder's current content: no cache, no network.
    """
    import json

    _offline()
    folder = Path("dist" if path is None else path).expanduser()
    from parallelcorpus.corpus.dataset import SPLIT, data_file

    if not folder.is_dir():
        raise InputError(
            "no such dataset folder; build it with `parallelcorpus build`", path=str(folder)
        )
    file = folder / data_file(config)
    if not file.is_file():
        known = (
            sorted(p.name for p in (folder / "data").iterdir() if p.is_dir())
            if (folder / "data").is_dir()
            else []
        )
        raise InputError(
            f"no config {config!r}; expected one of: "
            f"{', '.join(known) or '(none: not a corpus folder)'}",
            path=str(folder),
        )
    import datasets
    import pyarrow.parquet as pq
    from datasets.table import InMemoryTable

    table = pq.read_table(file)
    meta = json.loads((table.schema.metadata or {}).get(b"huggingface", b"{}"))
    features = datasets.Features.from_dict(meta["info"]["features"]) if meta else None
    info = datasets.DatasetInfo(features=features, config_name=config)
    ds = datasets.Dataset(InMemoryTable(table), info=info, split=datasets.Split(SPLIT))
    return datasets.DatasetDict({SPLIT: ds})
