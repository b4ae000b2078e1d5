"""Benchmark reports: ``results.json`` (everything), ``results.md`` (the table people paste),
``scores.png`` (bars with 95% CIs per direction and system) and ``segments.tsv`` (one line per
segment and system with its sentence scores, for error analysis).

Every file is written to a temporary name and renamed, so a report is never half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parallelcorpus.errors import write_text_atomic

if TYPE_CHECKING:
    from parallelcorpus.bench.harness import BenchResult, MetricCell

DEFAULT_NAMES = {"bleu": "BLEU", "chrf": "chrF2++", "ter": "TER"}
SIGNIFICANCE_LEVEL = 0.05


def write_reports(result: BenchResult, out_dir: Path) -> dict[str, Path]:
    """Write the four reports into ``out_dir``; returns {"json"|"markdown"|"png"|"tsv": path}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out_dir / "results.json",
        "markdown": out_dir / "results.md",
        "tsv": out_dir / "segments.tsv",
        "png": out_dir / "scores.png",
    }
    write_text_atomic(
        paths["json"], json.dumps(result_json(result), ensure_ascii=False, indent=1) + "\n"
    )
    write_text_atomic(paths["markdown"], markdown_report(result))
    write_text_atomic(paths["tsv"], segments_tsv(result))
    try:
        import matplotlib  # noqa: F401  (optional: the "bench" extra)
    except ImportError:
        import warnings

        warnings.warn(
            "matplotlib is not installed (pip install 'parallelcorpus[bench]'): "
            "no scores.png chart",
            stacklevel=2,
        )
        del paths["png"]
    else:
        write_chart(result, paths["png"])
    return paths


def result_json(result: BenchResult) -> dict[str, Any]:
    from parallelcorpus import __version__

    data = result.to_dict()
    data["settings"] = {**data["settings"], "parallelcorpus": __version__}
    return data


# ----------------------------------------------------------------------------- Markdown


def _metric_names(result: BenchResult) -> dict[str, str]:
    names = dict(DEFAULT_NAMES)
    for cell in result.cells:
        for key, metric in cell.metrics.items():
            names[key] = metric.name
    return names


def format_metric(metric: MetricCell, width: int = 1) -> str:
    """``23.4 ± 1.2 *``: corpus score, half-width of the bootstrap 95% CI, * if p < 0.05."""
    text = f"{metric.score:.{width}f}"
    if metric.ci is not None:
        text += f" ± {metric.ci:.{width}f}"
    if metric.p_value is not None and metric.p_value < SIGNIFICANCE_LEVEL:
        text += " *"
    return text


def markdown_table(result: BenchResult) -> str:
    """One row per direction and system: scores ± 95% CI, * = significant vs the baseline.

    Skipped cells (unsupported directions) are left out; the notes say why."""
    names = _metric_names(result)
    header = ["Direction", "System", "Segments", *(names[m] for m in result.metrics)]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---", "---", "---:"] + ["---:"] * len(result.metrics)) + "|",
    ]
    for direction in result.directions:
        for cell in (c for c in result.cells if c.direction == direction):
            if cell.skipped:  # explained in the notes
                continue
            system = cell.system + (" (baseline)" if cell.system == result.baseline else "")
            values = [
                format_metric(cell.metrics[m]) if m in cell.metrics else "n/a"
                for m in result.metrics
            ]
            lines.append(
                "| " + " | ".join([direction, system, str(cell.n_segments), *values]) + " |"
            )
    return "\n".join(lines) + "\n"


def markdown_report(result: BenchResult) -> str:
    """The table with its legend, sacrebleu signatures and notes."""
    settings = result.settings
    test = (
        "paired bootstrap resampling"
        if settings.get("test") == "bs"
        else "paired approximate randomisation"
    )
    thai = any(d.endswith("-th") for d in result.directions)
    parts = [
        "# Translator benchmark\n",
        f"Corpus: `{settings.get('corpus')}`. Scores ± half-width of the 95% bootstrap "
        f"confidence interval ({settings.get('n_samples')} resamples, seed "
        f"{settings.get('seed')}); `*`: differs from the baseline `{result.baseline}` with "
        f"p < {SIGNIFICANCE_LEVEL} ({test}, sacrebleu). BLEU and chrF++: higher is better; "
        "TER: lower is better."
        + (
            " Thai targets: chrF++ is the primary metric; BLEU and TER count words segmented "
            "by pythainlp (see `thseg` in the signatures)."
            if thai
            else ""
        )
        + "\n",
        markdown_table(result),
        "## Signatures\n",
    ]
    targets: dict[str, list[str]] = {}  # signature -> target languages it was used for
    for cell in result.cells:
        for metric in cell.metrics.values():
            langs = targets.setdefault(f"{metric.name}|{metric.signature}", [])
            if cell.direction.split("-")[1] not in langs:
                langs.append(cell.direction.split("-")[1])
    parts.extend(f"- `{sig}` (into {', '.join(langs)})" for sig, langs in targets.items())
    parts.append("")
    parts.append("## Systems\n")
    parts.extend(f"- `{name}`: `{spec}`" for name, spec in result.systems.items())
    if result.notes:
        parts.append("\n## Notes\n")
        parts.extend(f"- {note}" for note in result.notes)
    return "\n".join(parts) + "\n"


# ----------------------------------------------------------------------------- TSV


def _tsv_field(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def segments_tsv(result: BenchResult) -> str:
    """direction, id, system, source, reference, hypothesis, one column per sentence score.

    Tabs, newlines and backslashes inside text are escaped (``\\t``, ``\\n``, ``\\\\``).
    """
    header = ["direction", "id", "system", "source", "reference", "hypothesis", *result.metrics]
    lines = ["\t".join(header)]
    for direction in result.directions:
        data = result.segments.get(direction)
        if data is None:
            continue
        for system, hyps in data.hypotheses.items():
            scores = data.sentence.get(system, {})
            for i, hyp in enumerate(hyps):
                values = [f"{scores[m][i]:.2f}" if m in scores else "" for m in result.metrics]
                fields = [direction, data.ids[i], system, data.sources[i], data.references[i], hyp]
                lines.append("\t".join([*map(_tsv_field, fields), *values]))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- chart


def write_chart(result: BenchResult, path: Path) -> None:
    """Grouped bars per direction (one colour per system), one panel per metric, CI whiskers."""
    # A bare Figure renders with Agg and leaves the user's pyplot backend alone.
    from matplotlib.figure import Figure

    names = _metric_names(result)
    systems = list(result.systems)
    directions = result.directions
    width = 0.8 / max(1, len(systems))
    fig = Figure(
        figsize=(
            max(6.0, 1.1 * len(directions) * max(1, len(systems)) ** 0.5 + 2),
            2.8 * len(result.metrics),
        )
    )
    axes = fig.subplots(len(result.metrics), 1, squeeze=False)
    for row, metric in enumerate(result.metrics):
        ax = axes[row][0]
        for k, system in enumerate(systems):
            xs, ys, below, above = [], [], [], []
            for d, direction in enumerate(directions):
                try:
                    cell = result.cell(system, direction)
                except KeyError:
                    continue
                if cell.skipped or metric not in cell.metrics:
                    continue
                value = cell.metrics[metric]
                xs.append(d + (k - (len(systems) - 1) / 2) * width)
                ys.append(value.score)
                low, high = value.low, value.high  # the CI sits around the bootstrap mean
                below.append(max(0.0, value.score - low) if low is not None else 0.0)
                above.append(max(0.0, high - value.score) if high is not None else 0.0)
            ax.bar(xs, ys, width=width, yerr=[below, above], capsize=2, label=system)
        lower = " (lower is better)" if metric == "ter" else ""
        ax.set_ylabel(names[metric] + lower)
        ax.set_xticks(range(len(directions)))
        ax.set_xticklabels(directions)
        ax.grid(axis="y", alpha=0.3)
        if row == 0:
            ax.legend(fontsize="small", ncols=min(4, len(systems)))
    axes[0][0].set_title("Scores per direction and system (95% bootstrap CI)")
    fig.tight_layout()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=120)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
