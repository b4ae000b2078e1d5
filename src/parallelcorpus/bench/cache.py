"""A disk cache of translations, so an interrupted benchmark resumes where it stopped.

One JSON Lines file per system and direction (``<system>.<src>-<tgt>.jsonl``), one line per
translated segment: ``{"key": ..., "src": ..., "hyp": ...}``. The key hashes the translator's
fingerprint (its command, URL, model, prompt...), the direction and the segment, so a changed
configuration never reuses stale translations, while old entries stay on disk: nothing already
paid for is lost.

Why append-only JSONL: each finished batch is written with one ``write`` followed by ``fsync``,
so a crash (or Ctrl-C) can at worst leave a torn last line, which loading skips; every earlier
line is intact. The files are plain text that people can read, grep and share.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path


def segment_key(fingerprint: str, src: str, tgt: str, segment: str) -> str:
    """Stable cache key of one segment for one translator configuration and direction."""
    data = "\x00".join((fingerprint, src, tgt, segment)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:32]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "system"


class TranslationCache:
    """Translations by (system, direction, segment); ``directory=None`` keeps them in memory."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self._entries: dict[Path | str, dict[str, str]] = {}
        self._lock = threading.Lock()
        self.skipped_lines = 0  # torn or foreign lines ignored while loading

    def path(self, system: str, src: str, tgt: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"{_safe(system)}.{_safe(src)}-{_safe(tgt)}.jsonl"

    def _load(self, system: str, src: str, tgt: str) -> dict[str, str]:
        path = self.path(system, src, tgt)
        slot: Path | str = path if path is not None else f"{system}\x00{src}\x00{tgt}"
        if slot in self._entries:
            return self._entries[slot]
        entries: dict[str, str] = {}
        if path is not None and path.exists():
            with open(path, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    try:
                        record = json.loads(line)
                        entries[str(record["key"])] = str(record["hyp"])
                    except (ValueError, KeyError, TypeError):
                        self.skipped_lines += 1
        self._entries[slot] = entries
        return entries

    def get_many(
        self, system: str, fingerprint: str, src: str, tgt: str, segments: Iterable[str]
    ) -> dict[str, str]:
        """Cached translations of ``segments`` as {segment: translation} (misses left out)."""
        with self._lock:
            entries = self._load(system, src, tgt)
            found = {}
            for segment in segments:
                key = segment_key(fingerprint, src, tgt, segment)
                if key in entries:
                    found[segment] = entries[key]
            return found

    def put_many(
        self,
        system: str,
        fingerprint: str,
        src: str,
        tgt: str,
        pairs: Sequence[tuple[str, str]],
    ) -> None:
        """Record (segment, translation) pairs durably: one append and fsync per call."""
        if not pairs:
            return
        with self._lock:
            entries = self._load(system, src, tgt)
            lines = []
            for segment, translation in pairs:
                key = segment_key(fingerprint, src, tgt, segment)
                entries[key] = translation
                record = {"key": key, "src": segment, "hyp": translation}
                lines.append(json.dumps(record, ensure_ascii=False) + "\n")
            path = self.path(system, src, tgt)
            if path is not None:
                _append_durably(path, "".join(lines))


def _append_durably(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    with open(path, "a+b") as handle:
        if not created and handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":  # a torn line from a crash: never glue onto it
                text = "\n" + text
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    if created:
        try:
            fd = os.open(path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
