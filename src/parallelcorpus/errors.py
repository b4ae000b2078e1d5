"""Errors the CLI turns into exit codes (:class:`InputError` is bad input, exit 2), and the
file reading and writing that reports them."""

from __future__ import annotations

import os
from pathlib import Path


class ParallelCorpusError(Exception):
    """Base class of every error this library raises on purpose."""


class InputError(ParallelCorpusError, ValueError):
    """Bad input or usage: the message names the file, the position and what was expected.

    The CLI prints it on stderr and exits with status 2.
    """

    def __init__(self, message: str, *, path: str | None = None, position: int | None = None):
        self.path = path
        self.position = position
        where = ""
        if path is not None:
            where = f"{path}: "
            if position is not None:
                where = f"{path}: at byte {position}: "
        elif position is not None:
            where = f"at position {position}: "
        super().__init__(where + message)


def read_text_file(path: str) -> str:
    """Read a UTF-8 file (a BOM is fine), raising :class:`InputError` with the byte offset on
    bad bytes, so that every command reports encoding problems the same way."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a text file", path=path) from None
    except PermissionError:
        raise InputError("permission denied", path=path) from None
    return decode_utf8(data, path=path)


def decode_utf8(data: bytes, *, path: str = "<stdin>") -> str:
    """Decode UTF-8 (optional BOM), or raise :class:`InputError` naming the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # a byte-order mark: common on Windows
        hint = " (it looks like UTF-16: re-save it as UTF-8)" if utf16 else ""
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}; expected UTF-8 text",
            path=path,
            position=exc.start,
        ) from None


def write_text_atomic(path: Path, text: str, *, fsync: bool = False) -> None:
    """Write ``text`` to a temporary ``.tmp`` file next to ``path`` and rename it: readers see
    the old file or the new one, never half of one. ``fsync`` also waits for the disk (a batch
    run that is killed must find every finished shard intact)."""
    import tempfile  # not at import time: the CLI imports this module for --help

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
