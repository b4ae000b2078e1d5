"""Sentence segmentation: a registry of segmenters by language, and the dispatch around them.

A *segmenter* is ``fn(text: str, mode: str = "sentences") -> list[Sentence]`` with offsets into
the ``text`` it was given. Built-ins are registered by dotted path and imported the first time
their language is used (like sacrebleu's tokenizers), so Thai's pythainlp is only loaded for
Thai. Users plug in their own with :func:`register` (or ``pc.register_segmenter``).

The dispatcher, not the segmenters, guarantees the invariants the rest of the pipeline relies on:
a line is always a unit (segmenters see one line at a time), offsets point into the caller's
text (the raw file, for :func:`segment_document`), sentences come in order, do not overlap and,
read in order, reproduce the text modulo whitespace.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import regex

from parallelcorpus.errors import InputError
from parallelcorpus.types import Document, Sentence

Segmenter = Callable[..., list[Any]]

MODES = ("sentences", "candidates")

#: Built-in segmenters by language, as "module:function" (imported on first use).
BUILTIN: dict[str, str] = {
    "en": "parallelcorpus.segment.latin:segment_en",
    "fr": "parallelcorpus.segment.latin:segment_fr",
    "vi": "parallelcorpus.segment.latin:segment_vi",
    "th": "parallelcorpus.segment.thai:segment_thai",
}
#: Used for every language without a segmenter of its own (with a warning).
GENERIC = "parallelcorpus.segment.latin:segment_generic"


class SegmentationWarning(UserWarning):
    """Segmentation went ahead, but the result deserves a second look."""


_registry: dict[str, Segmenter | str] = dict(BUILTIN)
_resolved: dict[str, Segmenter] = {}
_LANG = regex.compile(r"(?P<primary>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_LINE = regex.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")


# --- registry ------------------------------------------------------------------------------


def normalize_lang(lang: str) -> str:
    """``"EN"``, ``"en-US"``, ``"en_GB"`` -> ``"en"``; anything that is not a language code is
    an :class:`InputError` (a 2-3 letter ISO 639 code, optionally with a region/script tag)."""
    m = _LANG.fullmatch(lang.strip()) if isinstance(lang, str) else None
    if m is None:
        raise InputError(f"invalid language code {lang!r}: expected an ISO 639-1 code such as en")
    return m.group("primary").lower()


def register(lang: str, segmenter: Segmenter | str, *, replace: bool = False) -> None:
    """Use ``segmenter`` for ``lang``: a callable or a ``"module:function"`` path.

    Registering over an existing language needs ``replace=True`` (built-ins included), so that
    a plug-in never silently shadows another one.
    """
    code = normalize_lang(lang)
    if not (callable(segmenter) or (isinstance(segmenter, str) and ":" in segmenter)):
        raise TypeError("segmenter must be a callable or a 'module:function' string")
    if code in _registry and not replace:
        raise ValueError(f"a segmenter is already registered for {code!r}; pass replace=True")
    _registry[code] = segmenter
    _resolved.pop(code, None)


def unregister(lang: str) -> None:
    """Forget a plug-in for ``lang``; a built-in language gets its built-in segmenter back."""
    code = normalize_lang(lang)
    _resolved.pop(code, None)
    if code in BUILTIN:
        _registry[code] = BUILTIN[code]
    else:
        _registry.pop(code, None)


def available() -> list[str]:
    """Languages with a segmenter of their own (others get the generic splitter)."""
    return sorted(_registry)


def get_segmenter(lang: str) -> Segmenter:
    """The segmenter for ``lang``; the generic splitter (with a warning) when there is none."""
    code = normalize_lang(lang)
    if code in _resolved:
        return _resolved[code]
    spec = _registry.get(code)
    if spec is None:
        _warn(
            f"no segmenter for language {code!r}; using the generic rule-based splitter "
            f"(specialised: {', '.join(available())})",
        )
        return _load(GENERIC)
    if callable(spec):
        segmenter = spec
    else:
        try:
            segmenter = _load(spec)
        except (ImportError, AttributeError) as exc:
            _warn(f"segmenter {spec} unavailable ({exc}); using the generic splitter")
            segmenter = _load(GENERIC)
    _resolved[code] = segmenter
    return segmenter


def _load(spec: str) -> Segmenter:
    module_name, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _warn(message: str) -> None:
    warnings.warn(message, SegmentationWarning, stacklevel=4)


# --- dispatch ------------------------------------------------------------------------------


def segment_text(
    text: str, lang: str, *, clean: bool = False, mode: str = "sentences"
) -> list[Sentence]:
    """Sentences of ``text`` with offsets into ``text``.

    ``clean=True`` removes page furniture first (:func:`parallelcorpus.clean.clean_text`) and
    segments each kept paragraph; ``Sentence.paragraph`` is the paragraph index. Without it,
    each line is a paragraph. Empty or whitespace-only text gives ``[]``.
    """
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    _check_mode(mode)
    code = normalize_lang(lang)
    if not text.strip():
        return []
    segmenter = get_segmenter(code)
    _check_script(text, code)
    if clean:
        from parallelcorpus.clean import clean_text

        return _segment_paragraphs(clean_text(text, code), segmenter, mode)
    out: list[Sentence] = []
    for index, (start, end) in enumerate(_lines(text, 0, len(text))):
        out.extend(_run(segmenter, text, start, end, index, mode))
    return out


def segment_document(doc: Document, lang: str, mode: str = "sentences") -> list[Sentence]:
    """Sentences of a cleaned document, with offsets into ``doc.raw`` and paragraph indices."""
    _check_mode(mode)
    code = normalize_lang(lang)
    if not doc.paragraphs:
        return []
    segmenter = get_segmenter(code)
    if mode == "sentences":  # once per document (the aligner also asks for Thai candidates)
        _check_script(doc.text, code)
    return _segment_paragraphs(doc, segmenter, mode)


def _segment_paragraphs(doc: Document, segmenter: Segmenter, mode: str) -> list[Sentence]:
    out: list[Sentence] = []
    for index, para in enumerate(doc.paragraphs):
        for start, end in _lines(doc.raw, para.start, para.end):
            out.extend(_run(segmenter, doc.raw, start, end, index, mode))
    return out


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Non-blank lines of ``text[start:end]`` as (start, end) offsets into ``text``."""
    for m in _LINE.finditer(text, start, end):
        if not m.group().isspace():
            yield m.start(), m.end()


def _run(
    segmenter: Segmenter, text: str, start: int, end: int, paragraph: int, mode: str
) -> list[Sentence]:
    """Run a segmenter on one line and make its output safe: shifted offsets, in order,
    non-overlapping, whitespace-normalised text that matches the offsets."""
    line = text[start:end]
    result = segmenter(line, mode)
    out: list[Sentence] = []
    cursor = 0
    for item in result:
        if isinstance(item, Sentence):
            a, b = item.start, item.end
        elif isinstance(item, str):  # plug-ins may return plain strings: locate them in order
            a = _locate(line, item, cursor)
            b = a + len(item.strip())
        else:
            raise TypeError(f"segmenter returned {type(item).__name__}, expected Sentence")
        if not (cursor <= a <= b <= len(line)):
            raise ValueError(
                f"segmenter returned out-of-order offsets {a}..{b} (line length {len(line)})"
            )
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if a == b:
            continue
        if line[cursor:a].strip():
            # The segmenter skipped text (a plug-in that drops separators): nothing may be
            # lost, so the skipped text joins the previous sentence (or opens this one).
            if out:
                out[-1] = _sentence(text, out[-1].start, start + a, paragraph)
            else:
                a = cursor
        out.append(_sentence(text, start + a, start + b, paragraph))
        cursor = b
    if line[cursor:].strip():
        if out:
            out[-1] = _sentence(text, out[-1].start, end, paragraph)
        else:
            out.append(_sentence(text, start + cursor, end, paragraph))
    return out


def _sentence(text: str, a: int, b: int, paragraph: int) -> Sentence:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Sentence(" ".join(text[a:b].split()), a, b, paragraph)


def _locate(line: str, piece: str, cursor: int) -> int:
    needle = piece.strip()
    at = line.find(needle, cursor)
    if at < 0:
        raise ValueError(f"segmenter returned text not found in its input: {needle[:40]!r}")
    return at


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise InputError(f"unknown segmentation mode {mode!r}; expected one of {', '.join(MODES)}")


def _check_script(text: str, lang: str) -> None:
    """Warn when the text is plainly written in another script than ``lang`` uses."""
    from parallelcorpus.langdetect import expected_script, letters_in_script, script_of

    expected = expected_script(lang)
    if expected is None:
        return
    in_script, total = letters_in_script(text, expected)
    if total < 20 or in_script >= 0.2 * total:
        return
    message = (
        f"text is mostly in {script_of(text)} script, but --lang {lang} is written in "
        f"{expected}; is the language code right?"
    )
    warnings.warn(message, SegmentationWarning, stacklevel=3)
