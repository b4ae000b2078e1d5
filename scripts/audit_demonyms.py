#!/usr/bin/env python
"""Which words of a whole dictionary get a place key from the adjective-of-nationality rules?

The rules (``anchors/places.py``: morphology on CLDR country names, CLDR language names) are
meant to find "vietnamien", "Schweizer" or "French" and nothing else. Running them over every
word of a spelling dictionary shows the false keys at once ("soudain", sudden, is not Sudan):
the list to read after changing a rule. Word lists: Debian's ``wamerican``, ``wfrench`` and
``wngerman`` (``/usr/share/dict``); a language whose list is missing is skipped.

Usage: python scripts/audit_demonyms.py [en fr de] [--all]
(prints, per language, how many words get a key and the words per territory; ``--all`` lists
every word, not the first dozen).
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

WORD_LISTS = {
    "en": Path("/usr/share/dict/american-english"),
    "fr": Path("/usr/share/dict/french"),
    "de": Path("/usr/share/dict/ngerman"),
}


def audit(lang: str, path: Path) -> dict[str, list[str]]:
    """Territory key -> the words of ``path`` that get it."""
    from parallelcorpus.anchors.places import extract_demonyms

    found: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        word = line.strip()
        if not word or "'" in word:
            continue
        for anchor in extract_demonyms(word, lang, []):
            found[anchor.key].append(word)
    return dict(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("langs", nargs="*", default=list(WORD_LISTS))
    parser.add_argument("--all", action="store_true", help="list every word")
    args = parser.parse_args(argv)
    for lang in args.langs:
        path = WORD_LISTS.get(lang)
        if path is None or not path.exists():
            print(f"{lang}: no word list (apt-get install wamerican wfrench wngerman)")
            continue
        found = audit(lang, path)
        total = sum(len(words) for words in found.values())
        print(f"{lang}: {total} words of {path} get a place key, {len(found)} territories")
        for key in sorted(found):
            words = found[key]
            shown = words if args.all else words[:12]
            more = "" if len(shown) == len(words) else f" (+{len(words) - len(shown)})"
            print(f"  {key:10s} {len(words):3d}  {' '.join(shown)}{more}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
