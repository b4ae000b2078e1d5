"""Exports for the tools people already use: TMX 1.4b (CAT tools), Moses text (MT training), JSONL.

All writers are deterministic (sorted keys, fixed order, ``\\n`` line ends, no dates) so a
rebuild reproduces every byte.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import regex

# Characters XML 1.0 forbids even when escaped (C0 controls but tab/newline/CR, U+FFFE/U+FFFF).
_NOT_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Escaped element text; characters XML cannot carry at all are dropped."""
    return escape(_NOT_XML.sub("", text))


def write_tmx(
    path: Path, rows: Sequence[dict[str, Any]], languages: Sequence[str], version: str
) -> int:
    """TMX 1.4b with one ``<tu>`` per multi-way unit that holds two languages or more.

    ``srclang="*all*"``: the units are multi-way and no language is the source of all of them
    (TMX 1.4b allows this for multilingual memories). Returns the number of units written.
    """
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        '  <header creationtool="parallelcorpus" creationtoolversion='
        + quoteattr(version)
        + ' datatype="plaintext" segtype="sentence" adminlang="en" srclang="*all*"'
        ' o-tmf="parallelcorpus"/>',
        "  <body>",
    ]
    count = 0
    for row in rows:
        present = [lang for lang in languages if row.get(lang) is not None]
        if len(present) < 2:
            continue
        count += 1
        out.append(f'    <tu tuid="{row["unit"]}">')
        out.append(f'      <prop type="x-confidence">{row["confidence"]:.3f}</prop>')
        out.append(f'      <prop type="x-bead-type">{xml_text(row["bead_type"])}</prop>')
        for lang in present:
            out.append(f'      <tuv xml:lang="{lang}">')
            doc = xml_text(str(row[f"{lang}_doc"]))
            span = f"{row[f'{lang}_start']}-{row[f'{lang}_end']}"
            out.append(f'        <prop type="x-document">{doc}</prop>')
            out.append(f'        <prop type="x-offsets">{span}</prop>')
            out.append(f"        <seg>{xml_text(row[lang])}</seg>")
            out.append("      </tuv>")
        out.append("    </tu>")
    out += ["  </body>", "</tmx>", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")
    return count


def write_moses(folder: Path, name: str, rows: Sequence[dict[str, Any]]) -> None:
    """``<pair>.<a>`` and ``<pair>.<b>``: line *i* of one translates line *i* of the other."""
    a, b = name.split("-")
    folder.mkdir(parents=True, exist_ok=True)
    for lang in (a, b):
        lines = [" ".join(r["translation"][lang].split()) for r in rows]
        text = "".join(line + "\n" for line in lines)
        (folder / f"{name}.{lang}").write_text(text, encoding="utf-8", newline="\n")


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """One JSON object per row, keys sorted, UTF-8 kept readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8", newline="\n")
