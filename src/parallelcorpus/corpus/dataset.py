"""The corpus as Hugging Face dataset rows, parquet files and a dataset card.

Parquet files are written deterministically (pinned pyarrow, fixed writer settings, no
timestamps) and carry their ``datasets`` features in the schema metadata, so ``Translation``
columns come back typed. The card's ``dataset_info`` holds each config's row count and a content
hash: ``datasets`` keys its cache on the card, so a rebuilt corpus never loads stale rows.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parallelcorpus.corpus.build import Corpus, Group, PairBead

if TYPE_CHECKING:
    import datasets
    import pyarrow as pa

MULTIWAY = "multiway"
SPLIT = "test"
#: Bead types listed per config in the tables (multi-way units have many rare types).
MAX_KINDS_SHOWN = 10


def data_file(config: str) -> str:
    """Path of a config's parquet file inside the dataset folder."""
    return f"data/{config}/{SPLIT}.parquet"


# ----------------------------------------------------------------------------- features


def pair_features(a: str, b: str) -> datasets.Features:
    """``translation`` typed ``Translation([a, b])`` plus provenance per language."""
    from datasets import Features, List, Translation, Value

    cols: dict[str, Any] = {"translation": Translation(languages=[a, b])}
    for lang in (a, b):
        cols[f"{lang}_doc"] = Value("string")
        cols[f"{lang}_sentence_ids"] = List(Value("int32"))
        cols[f"{lang}_start"] = Value("int64")
        cols[f"{lang}_end"] = Value("int64")
    cols["bead_type"] = Value("string")
    cols["confidence"] = Value("float64")
    cols["anchors"] = List(Value("string"))
    cols["doc_score"] = Value("float64")
    cols["multiway_agrees"] = Value("bool")
    return Features(cols)


def multiway_features(languages: list[str]) -> datasets.Features:
    """One string column per language (null when absent) plus the same provenance."""
    from datasets import Features, List, Value

    cols: dict[str, Any] = {"unit": Value("int32")}
    for lang in languages:
        cols[lang] = Value("string")
    for lang in languages:
        cols[f"{lang}_doc"] = Value("string")
        cols[f"{lang}_sentence_ids"] = List(Value("int32"))
        cols[f"{lang}_start"] = Value("int64")
        cols[f"{lang}_end"] = Value("int64")
    cols["bead_type"] = Value("string")
    cols["n_languages"] = Value("int32")
    cols["confidence"] = Value("float64")
    cols["anchors"] = List(Value("string"))
    cols["disagreements"] = Value("int32")
    return Features(cols)


# ----------------------------------------------------------------------------- rows


def _pair_row(pb: PairBead) -> dict[str, Any]:
    p, al, bead = pb.pair, pb.pair.alignment, pb.bead
    a, b = p.a.lang, p.b.lang
    src = [al.src_sentences[i] for i in bead.src]
    tgt = [al.tgt_sentences[i] for i in bead.tgt]
    return {
        "translation": {a: pb.a_text, b: pb.b_text},
        f"{a}_doc": p.a.doc_id,
        f"{a}_sentence_ids": list(pb.a_segments),
        f"{a}_start": src[0].start,
        f"{a}_end": src[-1].end,
        f"{b}_doc": p.b.doc_id,
        f"{b}_sentence_ids": list(pb.b_segments),
        f"{b}_start": tgt[0].start,
        f"{b}_end": tgt[-1].end,
        "bead_type": bead.kind,
        "confidence": round(float(bead.score), 6),
        "anchors": list(pb.anchors),
        "doc_score": round(p.doc_score, 6),
        "multiway_agrees": bool(pb.agrees),
    }


def pair_rows(corpus: Corpus, name: str) -> list[dict[str, Any]]:
    """The confident non-null beads of every document pair in the language pair ``name``."""
    a, b = name.split("-")
    rows: list[dict[str, Any]] = []
    for group in corpus.groups:
        for pb in group.beads:
            if pb.confident and pb.pair.langs == (a, b):
                rows.append(_pair_row(pb))
    return rows


def multiway_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """One row per multi-way unit, groups one after the other, units in reading order."""
    rows: list[dict[str, Any]] = []
    for group in corpus.groups:
        rows.extend(_group_rows(corpus, group, start=len(rows)))
    return rows


def _group_rows(corpus: Corpus, group: Group, start: int) -> list[dict[str, Any]]:
    doc_of_lang = {a.lang: a.doc_id for a in group.articles}
    rows = []
    for k, unit in enumerate(group.units):
        row: dict[str, Any] = {"unit": start + k}
        provenance: dict[str, Any] = {}
        counts = []
        for lang in corpus.languages:
            doc = doc_of_lang.get(lang)
            ids = unit.segments.get(doc, ()) if doc else ()
            segs = [group.segments[doc][i] for i in ids] if doc else []
            row[lang] = " ".join(s.text for s in segs) if segs else None
            provenance[f"{lang}_doc"] = doc if segs else None
            provenance[f"{lang}_sentence_ids"] = list(ids) if segs else None
            provenance[f"{lang}_start"] = segs[0].start if segs else None
            provenance[f"{lang}_end"] = segs[-1].end if segs else None
            counts.append(str(len(ids)))
        row.update(provenance)
        row["bead_type"] = "-".join(counts)
        row["n_languages"] = sum(c != "0" for c in counts)
        row["confidence"] = unit.confidence
        row["anchors"] = list(unit.anchors)
        row["disagreements"] = unit.disagreements
        rows.append(row)
    return rows


def all_tables(corpus: Corpus) -> dict[str, tuple[datasets.Features, list[dict[str, Any]]]]:
    """Config name -> (features, rows); ``multiway`` first, then the pairs in column order."""
    tables = {MULTIWAY: (multiway_features(corpus.languages), multiway_rows(corpus))}
    for name in corpus.pair_names:
        a, b = name.split("-")
        tables[name] = (pair_features(a, b), pair_rows(corpus, name))
    return tables


# ----------------------------------------------------------------------------- parquet


def to_arrow(features: datasets.Features, rows: list[dict[str, Any]]) -> pa.Table:
    """An Arrow table whose schema carries the ``datasets`` features (``huggingface`` metadata)."""
    import pyarrow as pa

    schema = features.arrow_schema
    # One metadata key with sorted JSON keys: the bytes never depend on dict order.
    meta = json.loads(schema.metadata[b"huggingface"])
    schema = schema.with_metadata({"huggingface": json.dumps(meta, sort_keys=True)})
    return pa.Table.from_pylist(rows, schema=schema)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Byte-reproducible parquet: every writer setting fixed, one row group, no timestamps."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table,
        path,
        row_group_size=max(1, table.num_rows),
        compression="zstd",
        compression_level=9,
        use_dictionary=True,
        write_statistics=True,
        data_page_version="1.0",
        version="2.6",
        store_schema=True,
    )


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----------------------------------------------------------------------------- card


def bead_type_counts(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(r["bead_type"] for r in rows)


def card_yaml(
    corpus: Corpus,
    tables: dict[str, tuple[datasets.Features, list[dict[str, Any]]]],
    file_info: dict[str, tuple[int, str, int]],
) -> str:
    """The YAML header: languages, license note, configs (multiway default), dataset_info."""
    import yaml

    from parallelcorpus import __version__

    configs = []
    infos = []
    for name, (features, rows) in tables.items():
        config: dict[str, Any] = {"config_name": name}
        if name == MULTIWAY:
            config["default"] = True
        config["data_files"] = [{"split": SPLIT, "path": data_file(name)}]
        configs.append(config)
        size, digest, nbytes = file_info[name]
        infos.append(
            {
                "config_name": name,
                # The content hash makes the card (hence the datasets cache key) change with
                # the data, so a rebuilt corpus is never served from a stale cache.
                "description": f"parallelcorpus {__version__} build; sha256 of {data_file(name)}: "
                f"{digest}",
                "features": features._to_yaml_list(),
                "splits": [{"name": SPLIT, "num_bytes": nbytes, "num_examples": len(rows)}],
                "download_size": size,
                "dataset_size": nbytes,
            }
        )
    header = {
        "pretty_name": "parallelcorpus EN/FR/VI/TH news (sentence-aligned)",
        "language": list(corpus.languages),
        "license": "other",
        "license_name": "publishers-copyright",
        "license_details": "The texts belong to their publishers (news outlets); see the card. "
        "Build code: MIT.",
        "multilinguality": "multilingual",
        "task_categories": ["translation"],
        "size_categories": ["n<1K"],
        "source_datasets": ["original"],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "tags": ["parallelcorpus", "sentence-alignment", "news", "multi-way"],
        "configs": configs,
        "dataset_info": infos,
    }
    return yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000)


def _md_table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def corpus_table(
    tables: dict[str, tuple[datasets.Features, list[dict[str, Any]]]],
) -> list[list[Any]]:
    """Rows per config and bead types: the table of the card and of ``scripts/corpus_stats.py``."""
    out = []
    for name, (_, rows) in tables.items():
        kinds = sorted(bead_type_counts(rows).items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{k}: {v}" for k, v in kinds[:MAX_KINDS_SHOWN])
        if len(kinds) > MAX_KINDS_SHOWN:
            rest = sum(v for _, v in kinds[MAX_KINDS_SHOWN:])
            shown += f", {len(kinds) - MAX_KINDS_SHOWN} other types: {rest}"
        out.append([name, len(rows), shown])
    return out


def multiway_summary(corpus: Corpus, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Units, share with all core languages, and disagreements between pairwise decisions."""
    n = len(rows)
    full = sum(1 for r in rows if all(r.get(lang) is not None for lang in ("en", "fr", "vi", "th")))
    aligned = sum(1 for r in rows if r["n_languages"] >= 2)
    dis = corpus.options.get("disagreements", {})
    return {
        "units": n,
        "aligned_units": aligned,
        "all_four": full,
        "all_four_share": round(full / n, 4) if n else 0.0,
        "all_four_share_of_aligned": round(full / aligned, 4) if aligned else 0.0,
        "beads": dis.get("beads", 0),
        "vetoed": dis.get("vetoed", 0),
        "merged": dis.get("merged", 0),
        "closures": dis.get("closures", 0),
    }


def card_body(
    corpus: Corpus, tables: dict[str, tuple[datasets.Features, list[dict[str, Any]]]]
) -> str:
    """How the corpus was built, what it holds, and what it gets wrong."""
    from parallelcorpus import __version__

    summary = multiway_summary(corpus, tables[MULTIWAY][1])
    in_corpus = {a.doc_id for g in corpus.groups for a in g.articles}
    excluded = {e.article.doc_id: e.reason for e in corpus.excluded}
    every = {a.doc_id: a for a in corpus.articles + [e.article for e in corpus.excluded]}
    doc_rows = []
    for a in (every[d] for d in sorted(every)):
        status = "in corpus" if a.doc_id in in_corpus else "excluded: " + excluded.get(a.doc_id, "")
        doc_rows.append([f"`{a.name}`", a.lang, a.lang_source, len(a.raw), status])
    pair_rows_ = [
        [
            p.a.doc_id,
            p.b.doc_id,
            f"{p.a.lang}-{p.b.lang}",
            f"{p.doc_score:.3f}",
            "yes" if p.a.doc_id in in_corpus and p.b.doc_id in in_corpus else "no",
        ]
        for p in corpus.all_pairs
    ]
    opts = corpus.options
    parts = [
        "# parallelcorpus EN/FR/VI/TH news corpus",
        "",
        "Sentence-aligned news articles in English, French, Vietnamese and Thai, built by "
        "parallelcorpus from raw articles. Every text is the publisher's "
        "own text (whitespace-normalised), never rewritten.",
        "",
        "## Load it",
        "",
        "```python",
        "import parallelcorpus as pc",
        'ds = pc.load("dist")               # multiway (default config), split "test"',
        'fr_th = pc.load("dist", "fr-th")   # a pair: row["translation"] == {"fr": ..., "th": ...}',
        "```",
        "",
        "`pc.load` reads the parquet files directly (offline, no cache, never stale). With "
        "`datasets` itself, set `HF_HUB_OFFLINE=1` (otherwise `datasets` may contact the Hub "
        "for telemetry) and load the folder by path:",
        "",
        "```python",
        'import os; os.environ["HF_HUB_OFFLINE"] = "1"',
        "import datasets",
        'ds = datasets.load_dataset("dist", "fr-th", split="test")',
        "```",
        "",
        "`datasets` caches a folder by its card; this card records each config's row count and "
        "the sha256 of its data file, so a rebuilt corpus gets a new cache entry.",
        "",
        "## Configs",
        "",
        "- `multiway` (default): one row per multi-way unit; columns "
        + ", ".join(f"`{lang}`" for lang in corpus.languages)
        + " hold the unit's text in each language (null when that language has no counterpart; "
        "units with a single language are sentences no other article translates, kept so that "
        "nothing is lost: filter on `n_languages`).",
        "- " + ", ".join(f"`{n}`" for n in corpus.pair_names) + ": the aligner's beads for that "
        "language pair, passed through as they are (null beads left out): `translation` "
        "(`datasets.Translation`).",
        "",
        "Provenance columns, per language `xx`: `xx_doc` (seed file stem), `xx_sentence_ids` "
        "(ids of the document's segments: the finest cut shared by all its alignments), "
        "`xx_start`/`xx_end` (character offsets into the raw seed file), then `bead_type` "
        "(sentences per language, e.g. `1-2`), `confidence` (the bead's posterior probability "
        "under the aligner's costs, in [0, 1]: about the chance that the bead is cut right; "
        "for a unit, the lowest of the beads that formed it; 0 for a unit no bead joined), "
        "`anchors` (keys of the names, numbers and dates the aligner matched). Pair configs add "
        "`doc_score` and `multiway_agrees` (the bead is exactly one multi-way unit); multiway "
        "adds `n_languages` and `disagreements` (pairwise beads in the unit that the unit does "
        "not reproduce).",
        "",
        "## Counts",
        "",
        _md_table(["config", "rows", "bead types"], corpus_table(tables)),
        "",
        f"Multi-way: {summary['units']} units, {summary['aligned_units']} with two languages "
        f"or more, {summary['all_four']} with all four "
        f"({summary['all_four_share_of_aligned']:.1%} of aligned units). Multi-way bead types "
        "give the number of segments per language in column order (en-fr-vi-th).",
        "",
        f"Pairwise decisions: {summary['beads']} confident beads. Disagreements: "
        f"{summary['vetoed']} refused because they would have joined units that earlier "
        "beads of one document pair had kept apart, crossed another unit, or grown a unit past "
        f"{opts.get('max_unit_segments')} segments in one document; {summary['merged']} merged "
        "into a larger unit by other pairs' decisions. "
        f"{summary['closures']} unaligned segments absorbed to keep units contiguous.",
        "",
        "## How it was built",
        "",
        "```",
        "parallelcorpus build --seeds seeds --out dist",
        "```",
        "",
        f"parallelcorpus {__version__}; document score threshold {opts.get('min_doc_score')}, "
        f"alignment agreement threshold {opts.get('min_agreement')}, bead confidence threshold "
        f"{opts.get('min_bead_score')}, at most {opts.get('max_unit_segments')} segments per "
        "document in a multi-way unit.",
        "",
        "1. Each article's language is detected from its text (`seeds/manifest.json` may "
        "override it or exclude a file).",
        "2. Every two articles in different languages are cleaned, segmented and aligned.",
        "3. The aligner's document score and the agreement of the alignments (where article "
        "A is aligned to B and to C, does the B-C alignment join the same sentences?) decide "
        "which articles translate each other. A group holds at most one article per language: "
        "of two same-language articles the better translation match stays and the other is "
        "left out; an article whose alignments disagree with the group (a different report of "
        "the same event, which a forced alignment can still score well) is left out too.",
        "4. Confident beads of all pairs join sentences into multi-way units (connected "
        "components, contiguous in each document), finest beads first, then most reliable "
        "(bead confidence times document score); a bead that contradicts earlier ones is "
        "refused and counted.",
        "",
        "Input rules: every `*.txt` file of the seeds folder is an article (UTF-8); empty "
        "files are skipped with a warning; a missing or empty folder is an error (exit 2). "
        "`manifest.json` in the seeds folder is optional: "
        '`{"<file name>": {"lang": "fr", "exclude": false}}` overrides the detected language '
        "or leaves a file out. An article in a language other than en/fr/vi/th is kept, with a "
        "warning: it gets its own column in `multiway` and its own pair configs.",
        "",
        "### Articles",
        "",
        _md_table(["file", "lang", "language from", "chars", "status"], doc_rows),
        "",
        "### Document pairs",
        "",
        _md_table(["a", "b", "pair", "doc score", "in corpus"], pair_rows_),
        "",
        "## Known limitations",
        "",
        "- Alignments are automatic: quality follows the aligner (see `confidence`); no human "
        "checked these rows. On the aligner's benchmarks the confidence is calibrated (beads of "
        "confidence 0.8 or more were right 92-100% of the time, those under 0.6 about half of "
        "the time): filter on it to trade size for precision.",
        "- Thai has no sentence punctuation; Thai sentence ends are decided by the other "
        "language, so a Thai row may be a piece of a longer line of the article.",
        "- When pairwise alignments disagree, the finer and more reliable decision shapes the "
        "multi-way unit; the refused beads stay in the pair configs (`multiway_agrees` false), "
        "and a sentence whose beads were all refused becomes a unit of its own.",
        "- Which articles are translations rests on the aligner's document score and on the "
        "agreement between alignments. A different report of the same event is reliably left "
        "out when a real translation in its language competes with it (as here); alone in its "
        "language it can pass both checks, since its sentences naming the same people align "
        "consistently. With only two articles there is no agreement to check.",
        "- Articles that are not translations (a different report of the same event) are left "
        "out entirely; abridged translations leave sentences of the fuller article unaligned.",
        "- The corpus is tiny (a handful of articles): a test set, not training data.",
        "",
        "## License",
        "",
        "The article texts belong to their publishers (the news outlets that published them) and "
        "are redistributed here for research on alignment and translation evaluation only. "
        "Check each publisher's terms before any other use. The code that built this folder is "
        "MIT-licensed.",
        "",
        "## Files",
        "",
        "- `data/<config>/test.parquet`: the configs above.",
        "- `exports/corpus.tmx`: TMX 1.4b, one translation unit per multi-way unit.",
        "- `exports/moses/<pair>.<lang>`: line-aligned plain text per pair (aligned beads only).",
        "- `exports/jsonl/<config>.jsonl`: the rows as JSON lines.",
        "- `report.html`: side-by-side view of every document pair (open it in a browser).",
        "",
    ]
    return "\n".join(parts)
