"""Translator adapters and the registry that makes them from ``--system NAME=SPEC`` strings.

A translator turns a batch of segments into as many translations. The harness batches, caches,
retries nothing itself and checks counts; adapters only talk to their engine. SPEC forms:

=================================  ==============================================================
``identity``                       copies the source (the floor every system must beat)
``apertium[:MODES_DIR]``           local Apertium (Debian packages), pivoting through Spanish
``python:module:function``         ``function(list[str], src_lang=, tgt_lang=) -> list[str]``
``cmd:<shell command>``            segments on stdin one per line, translations on stdout;
                                   ``{src}`` / ``{tgt}`` in the command become language codes
``apy:http://host:port``           an Apertium APy server (``GET /translate?langpair=fra|spa``)
``libretranslate:http://host:port`` LibreTranslate (``POST /translate``)
``openai:http://host:port/v1``     an OpenAI-compatible chat completions API
=================================  ==============================================================

HTTP adapters take options in the URL fragment, which is never sent to the server:
``openai:http://127.0.0.1:8000/v1#model=qwen2.5-7b&concurrency=4&prompt_file=prompt.txt``.
Common options: ``timeout`` (s), ``retries``, ``backoff`` (s, doubled per retry),
``concurrency``, ``batch_size``, ``api_key_env`` (name of the environment variable holding a key).

Plug in your own kind with ``pc.register_translator("mykind", factory)``; ``factory(arg,
**options)`` gets what follows ``mykind:`` and returns a :class:`Translator`.
"""

from __future__ import annotations

import inspect
import os
import random
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from parallelcorpus.errors import InputError, ParallelCorpusError


class TranslatorError(ParallelCorpusError):
    """A translator failed (after its retries) or broke its contract; names the system."""


# Line separators that would split one segment into several lines for line-based engines.
_LINE_BREAKS = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def one_line(segment: str) -> str:
    """The segment on a single line, so that line-based engines keep the segment count."""
    return segment.translate(_LINE_BREAKS)


class Translator:
    """Base class: override :meth:`translate` (and :meth:`unsupported` when some pairs fail).

    ``fingerprint`` identifies the configuration in cache keys (a changed command or model never
    reuses stale translations); ``batch_size`` and ``concurrency`` guide the harness.
    """

    name: str = ""
    fingerprint: str = ""
    batch_size: int = 64
    concurrency: int = 1
    cacheable: bool = True  # False for free, instant translators (identity)

    def unsupported(self, src: str, tgt: str) -> str | None:
        """Why ``src -> tgt`` cannot be translated, or None when it can."""
        return None

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        raise NotImplementedError

    def label(self) -> str:
        return self.name or self.fingerprint or type(self).__name__

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label()!r}>"


# ----------------------------------------------------------------------------- registry

TranslatorFactory = Callable[..., Translator]
_REGISTRY: dict[str, TranslatorFactory] = {}


def register(name: str, factory: TranslatorFactory, *, replace: bool = False) -> None:
    """Make ``name`` (or ``name:ARG``) a SPEC that ``factory(arg, **options)`` turns into a
    :class:`Translator`."""
    if not name or ":" in name or not name.replace("-", "").replace("_", "").isalnum():
        raise InputError(f"translator kind {name!r}: use letters, digits, '-' or '_'")
    if name in _REGISTRY and not replace:
        raise InputError(f"translator kind {name!r} is already registered (pass replace=True)")
    _REGISTRY[name] = factory


def available() -> list[str]:
    """Registered translator kinds."""
    return sorted(_REGISTRY)


def make_translator(spec: Any, *, name: str = "", **options: Any) -> Translator:
    """A :class:`Translator` from a SPEC string, a Translator, or a ``list[str] -> list[str]``
    callable."""
    if isinstance(spec, Translator):
        translator = spec
    elif callable(spec):
        translator = CallableTranslator(spec)
    elif isinstance(spec, str):
        kind, _, arg = spec.strip().partition(":")
        if kind not in _REGISTRY:
            raise InputError(
                f"system {name or spec!r}: unknown translator {kind!r} in {spec!r}; "
                f"expected one of: {', '.join(available())} (e.g. apy:http://127.0.0.1:2737)"
            )
        translator = _REGISTRY[kind](arg, **options)
        if not isinstance(translator, Translator):  # a plug-in bug: say so before any work
            raise InputError(
                f"system {name or spec!r}: translator kind {kind!r} made a "
                f"{type(translator).__name__}; expected a subclass of "
                "parallelcorpus.bench.translators.Translator overriding translate()"
            )
    else:
        raise InputError(f"system {name!r}: expected a SPEC string or a callable, got {spec!r}")
    if name:
        translator.name = name
    return translator


def parse_system(text: str) -> tuple[str, str]:
    """``NAME=SPEC`` (or a bare registered SPEC like ``apertium``, named after itself)."""
    import re

    name, sep, spec = text.partition("=")
    if not sep or not re.fullmatch(r"\s*[\w.+-]+\s*", name):  # "apy:http://h/?a=b" has no NAME
        name, spec = text.partition(":")[0], text
    name, spec = name.strip(), spec.strip()
    if not re.fullmatch(r"[\w.+-]+", name) or not spec:
        raise InputError(f"--system {text!r}: expected NAME=SPEC, e.g. ap=apertium")
    return name, spec


# ----------------------------------------------------------------------------- local ones


class IdentityTranslator(Translator):
    """Copies the source: the score any real system must beat (shared names, numbers...)."""

    fingerprint = "identity"
    batch_size = 10_000
    cacheable = False

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        return list(segments)


class CallableTranslator(Translator):
    """A Python function ``f(segments) -> translations``; it gets ``src_lang``/``tgt_lang``
    (or ``src``/``tgt``) keyword arguments when its signature takes them."""

    def __init__(
        self, function: Callable[..., Sequence[str]], *, batch_size: int = 64, concurrency: int = 1
    ) -> None:
        self.function = function
        module = getattr(function, "__module__", "") or ""
        qualname = getattr(function, "__qualname__", type(function).__name__)
        self.fingerprint = f"python:{module}:{qualname}"
        self.batch_size = int(batch_size)
        self.concurrency = int(concurrency)
        self._lang_kwargs = _language_kwargs(function)

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        names = self._lang_kwargs
        kwargs = {names[0]: src, names[1]: tgt} if names else {}
        output = self.function(list(segments), **kwargs)
        if isinstance(output, str) or not isinstance(output, Sequence):
            raise TranslatorError(
                f"system {self.label()!r} returned {type(output).__name__} "
                f"for {src}-{tgt}, expected a list of strings"
            )
        return list(output)


def _language_kwargs(function: Callable[..., Any]) -> tuple[str, str] | None:
    try:
        params = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return None
    for pair in (("src_lang", "tgt_lang"), ("src", "tgt"), ("source", "target")):
        if all(p in params for p in pair):
            return pair
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return ("src_lang", "tgt_lang")
    return None


def _python_factory(arg: str, **options: Any) -> Translator:
    import importlib

    module_name, _, attr = arg.rpartition(":")
    if not module_name or not attr:
        raise InputError(f"python:{arg}: expected python:module:function")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(f"python:{arg}: cannot import {module_name!r} ({exc})") from None
    function: Any = module
    for part in attr.split("."):
        function = getattr(function, part, None)
        if function is None:
            raise InputError(f"python:{arg}: {module_name!r} has no attribute {attr!r}")
    if not callable(function):
        raise InputError(f"python:{arg}: {attr!r} is not callable")
    translator = CallableTranslator(function, **_int_options(options, "batch_size", "concurrency"))
    translator.fingerprint = f"python:{arg}"
    return translator


class CommandTranslator(Translator):
    """A shell command: segments on stdin one per line, translations on stdout.

    ``{src}`` and ``{tgt}`` in the command are replaced by the (shell-quoted) language codes.
    Each batch runs the command once, so start-up costs are paid per batch, not per segment.
    """

    batch_size = 500

    def __init__(self, command: str, *, timeout: float = 600.0, batch_size: int = 500) -> None:
        if not command.strip():
            raise InputError("cmd: expected a shell command after 'cmd:'")
        self.command = command
        self.fingerprint = f"cmd:{command}"
        self.timeout = float(timeout)
        self.batch_size = int(batch_size)

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        command = self.command.replace("{src}", shlex.quote(src)).replace("{tgt}", shlex.quote(tgt))
        stdin = "".join(one_line(s) + "\n" for s in segments)
        return _split_lines(_run(command, stdin, self.label(), self.timeout, shell=True))


def _run(
    command: str | list[str], stdin: str, system: str, timeout: float, shell: bool = False
) -> str:
    try:
        done = subprocess.run(
            command,
            input=stdin.encode("utf-8"),
            capture_output=True,
            shell=shell,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TranslatorError(
            f"system {system!r}: {command!r} timed out after {timeout:g} s"
        ) from None
    except OSError as exc:
        raise TranslatorError(f"system {system!r}: cannot run {command!r}: {exc}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip()[-500:]
        raise TranslatorError(
            f"system {system!r}: {command!r} exited with status {done.returncode}: {tail}"
        )
    return done.stdout.decode("utf-8", "replace")


def _split_lines(output: str) -> list[str]:
    """Lines of a line-based engine's output (only ``\\n`` separates; one final newline ends)."""
    if not output:
        return []
    if output.endswith("\n"):
        output = output[:-1]
    return [line.rstrip("\r") for line in output.split("\n")]


def _cmd_factory(arg: str, **options: Any) -> Translator:
    return CommandTranslator(arg, **options)


# ----------------------------------------------------------------------------- Apertium

# ISO 639-1 -> 639-3 for the languages Apertium and APy name with three letters.
ISO639_3 = {
    "af": "afr",
    "an": "arg",
    "ar": "ara",
    "ast": "ast",
    "be": "bel",
    "bg": "bul",
    "br": "bre",
    "ca": "cat",
    "cs": "ces",
    "cy": "cym",
    "da": "dan",
    "de": "deu",
    "el": "ell",
    "en": "eng",
    "eo": "epo",
    "es": "spa",
    "et": "est",
    "eu": "eus",
    "fa": "fas",
    "fi": "fin",
    "fr": "fra",
    "ga": "gle",
    "gl": "glg",
    "he": "heb",
    "hi": "hin",
    "hr": "hrv",
    "hu": "hun",
    "id": "ind",
    "is": "isl",
    "it": "ita",
    "ja": "jpn",
    "kk": "kaz",
    "ko": "kor",
    "lt": "lit",
    "lv": "lav",
    "mk": "mkd",
    "ms": "msa",
    "mt": "mlt",
    "nb": "nob",
    "nl": "nld",
    "nn": "nno",
    "no": "nor",
    "oc": "oci",
    "pl": "pol",
    "pt": "por",
    "ro": "ron",
    "ru": "rus",
    "sk": "slk",
    "sl": "slv",
    "sq": "sqi",
    "sr": "srp",
    "sv": "swe",
    "th": "tha",
    "tr": "tur",
    "uk": "ukr",
    "ur": "urd",
    "vi": "vie",
    "zh": "zho",
}
ISO639_1 = {three: two for two, three in ISO639_3.items()}
PIVOT = "es"  # Apertium's best-connected language: fr<->en goes fr->es->en and en->es->fr.


def _to_iso1(code: str) -> str:
    return ISO639_1.get(code, code)


def find_route(pairs: set[tuple[str, str]], src: str, tgt: str) -> list[tuple[str, str]] | None:
    """Hops (each an installed pair, ISO 639-1) from ``src`` to ``tgt``: direct, else through
    one pivot (Spanish first)."""
    if (src, tgt) in pairs:
        return [(src, tgt)]
    pivots = sorted(
        {b for a, b in pairs if a == src and (b, tgt) in pairs}, key=lambda p: (p != PIVOT, p)
    )
    return [(src, pivots[0]), (pivots[0], tgt)] if pivots else None


class ApertiumTranslator(Translator):
    """Apertium installed locally (``apertium MODE``), chaining two modes through Spanish when
    there is no direct pair. Free, offline, deterministic: the reference real system."""

    batch_size = 200
    concurrency = 2
    fingerprint = "apertium"

    def __init__(
        self,
        modes_dir: str = "",
        *,
        timeout: float = 600.0,
        batch_size: int = 200,
        concurrency: int = 2,
    ) -> None:
        self.modes_dir = Path(modes_dir or "/usr/share/apertium/modes")
        self.timeout = float(timeout)
        self.batch_size = int(batch_size)
        self.concurrency = int(concurrency)
        self.fingerprint = "apertium" if not modes_dir else f"apertium:{modes_dir}"
        self._modes: dict[tuple[str, str], str] | None = None

    def modes(self) -> dict[tuple[str, str], str]:
        """Installed translation modes by (src, tgt) ISO 639-1 pair, e.g. ("en","es"): eng-spa."""
        if self._modes is None:
            modes: dict[tuple[str, str], str] = {}
            for path in sorted(self.modes_dir.glob("*.mode")) if self.modes_dir.is_dir() else []:
                parts = path.stem.split("-")
                if len(parts) != 2 or "_" in path.stem:  # skip variants (spa-eng_US, eco-fr-es)
                    continue
                modes.setdefault((_to_iso1(parts[0]), _to_iso1(parts[1])), path.stem)
            self._modes = modes
        return self._modes

    def unsupported(self, src: str, tgt: str) -> str | None:
        if shutil.which("apertium") is None:
            return (
                "apertium is not installed (Debian: apt-get install apertium "
                "apertium-fr-es apertium-eng-spa)"
            )
        if find_route(set(self.modes()), src, tgt) is None:
            return f"no Apertium pair (direct or through Spanish) for {src}-{tgt}"
        return None

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        route = find_route(set(self.modes()), src, tgt)
        if route is None:
            raise TranslatorError(f"system {self.label()!r}: {self.unsupported(src, tgt)}")
        texts = [one_line(s) for s in segments]
        for hop in route:
            texts = self._translate_hop(texts, self.modes()[hop])
        return texts

    def _translate_hop(self, texts: list[str], mode: str) -> list[str]:
        """One mode over all lines; if Apertium ever merges or splits lines, translate halves
        separately so the segment count is always kept."""
        command = ["apertium", "-u", "-d", str(self.modes_dir.parent), mode]
        if self.modes_dir == Path("/usr/share/apertium/modes"):
            command = ["apertium", "-u", mode]
        stdin = "".join(t + "\n" for t in texts)
        lines = _split_lines(_run(command, stdin, self.label(), self.timeout))
        if len(lines) == len(texts):
            return [" ".join(line.split()) for line in lines]
        if len(texts) == 1:
            return [" ".join(" ".join(lines).split())]
        half = len(texts) // 2
        return self._translate_hop(texts[:half], mode) + self._translate_hop(texts[half:], mode)


def _apertium_factory(arg: str, **options: Any) -> Translator:
    return ApertiumTranslator(arg, **options)


# ----------------------------------------------------------------------------- HTTP


class HttpTranslator(Translator):
    """Shared HTTP plumbing: timeouts, retries with exponential backoff on connection errors,
    timeouts, 429 and 5xx (``Retry-After`` honoured), and a fresh session per thread."""

    batch_size = 16
    concurrency = 2
    OPTIONS = ("timeout", "retries", "backoff", "concurrency", "batch_size", "api_key_env")

    def __init__(self, url: str, kind: str, **options: Any) -> None:
        base, _, fragment = url.partition("#")
        if not base.startswith(("http://", "https://")):
            raise InputError(f"{kind}:{url}: expected an http:// or https:// URL")
        from urllib.parse import parse_qsl

        merged = dict(parse_qsl(fragment, keep_blank_values=True))
        merged.update({k: v for k, v in options.items() if v is not None})
        unknown = sorted(set(merged) - set(self.OPTIONS))
        if unknown:
            raise InputError(
                f"{kind}:{url}: unknown option(s) {', '.join(unknown)}; "
                f"expected some of: {', '.join(self.OPTIONS)}"
            )
        self.url = base.rstrip("/")
        self.fingerprint = f"{kind}:{base}"
        self.options = merged
        self.timeout = float(merged.get("timeout", 60))
        self.retries = int(merged.get("retries", 4))
        self.backoff = float(merged.get("backoff", 1.0))
        self.concurrency = int(merged.get("concurrency", type(self).concurrency))
        self.batch_size = int(merged.get("batch_size", type(self).batch_size))
        key_env = merged.get("api_key_env", "")
        self.api_key = os.environ.get(key_env, "") if key_env else ""
        self._local = threading.local()

    def _session(self) -> Any:
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = self._local.session = requests.Session()
        return session

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """JSON of a successful response; retries transient failures, then names the system."""
        import requests

        url = self.url + path
        problem = ""
        wait = 0.0  # what the server asked for (Retry-After), if more than our backoff
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1) * (1 + 0.1 * random.random())
                time.sleep(min(60.0, max(delay, wait)))
                wait = 0.0
            try:
                response = self._session().request(method, url, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}: {response.text[:200]}"
                retry_after = response.headers.get("Retry-After", "")
                wait = float(retry_after) if retry_after.isdigit() else 0.0
                continue
            if response.status_code >= 400:
                raise TranslatorError(
                    f"system {self.label()!r}: {method} {url} -> HTTP {response.status_code}: "
                    f"{response.text[:300]}"
                )
            try:
                return response.json()
            except ValueError:
                raise TranslatorError(
                    f"system {self.label()!r}: {method} {url} returned non-JSON: "
                    f"{response.text[:200]!r}"
                ) from None
        raise TranslatorError(
            f"system {self.label()!r}: {method} {url} failed after {self.retries + 1} "
            f"attempts ({problem})"
        )

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}


class ApyTranslator(HttpTranslator):
    """An Apertium APy server: ``GET /translate?langpair=fra|spa&q=...``; ISO 639-1 codes are
    mapped to the server's (639-3) codes, and pairs without a direct mode go through Spanish."""

    batch_size = 32

    def __init__(self, url: str, **options: Any) -> None:
        super().__init__(url, "apy", **options)
        self._pairs: dict[tuple[str, str], tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def pairs(self) -> dict[tuple[str, str], tuple[str, str]]:
        """Server pairs as {(src, tgt) in ISO 639-1: (src, tgt) as the server spells them}."""
        with self._lock:
            if self._pairs is None:
                data = self.request("GET", "/listPairs")
                pairs: dict[tuple[str, str], tuple[str, str]] = {}
                for item in data.get("responseData") or []:
                    a, b = item.get("sourceLanguage", ""), item.get("targetLanguage", "")
                    if a and b and "_" not in a + b:
                        pairs.setdefault((_to_iso1(a), _to_iso1(b)), (a, b))
                self._pairs = pairs
            return self._pairs

    def unsupported(self, src: str, tgt: str) -> str | None:
        if find_route(set(self.pairs()), src, tgt) is None:
            return f"APy at {self.url} has no pair (direct or through Spanish) for {src}-{tgt}"
        return None

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        route = find_route(set(self.pairs()), src, tgt)
        if route is None:
            raise TranslatorError(f"system {self.label()!r}: {self.unsupported(src, tgt)}")
        texts = [one_line(s) for s in segments]
        for hop in route:
            texts = self._translate_hop(texts, "|".join(self.pairs()[hop]))
        return texts

    def _translate_hop(self, texts: list[str], langpair: str) -> list[str]:
        """One request per batch (lines joined by newlines); per segment if lines got merged."""
        lines = self._translate_text("\n".join(texts), langpair).split("\n")
        if len(lines) != len(texts) and len(texts) > 1:
            lines = [self._translate_text(t, langpair).replace("\n", " ") for t in texts]
        return [line.strip() for line in lines]

    def _translate_text(self, text: str, langpair: str) -> str:
        params = {"langpair": langpair, "q": text, "markUnknown": "no"}
        if len(text) > 4000:  # keep URLs short: APy takes the same fields as a form POST
            data = self.request("POST", "/translate", data=params)
        else:
            data = self.request("GET", "/translate", params=params)
        try:
            return str(data["responseData"]["translatedText"])
        except (KeyError, TypeError):
            raise TranslatorError(
                f"system {self.label()!r}: unexpected APy answer {str(data)[:200]!r}"
            ) from None


class LibreTranslateTranslator(HttpTranslator):
    """LibreTranslate: ``POST /translate`` with ``{"q": [...], "source", "target", "format"}``."""

    def __init__(self, url: str, **options: Any) -> None:
        super().__init__(url, "libretranslate", **options)
        self._targets: dict[str, set[str]] | None = None
        self._lock = threading.Lock()

    def unsupported(self, src: str, tgt: str) -> str | None:
        """Asks ``GET /languages`` once; a server that cannot say is trusted to try."""
        with self._lock:
            if self._targets is None:
                try:
                    data = self.request("GET", "/languages")
                    self._targets = {
                        str(item["code"]): set(item.get("targets") or [])
                        for item in data
                        if isinstance(item, dict) and "code" in item
                    }
                except (TranslatorError, TypeError):
                    self._targets = {}
        if self._targets and tgt not in self._targets.get(src, set()):
            return f"LibreTranslate at {self.url} does not translate {src}-{tgt}"
        return None

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        body: dict[str, Any] = {"q": list(segments), "source": src, "target": tgt, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        data = self.request("POST", "/translate", json=body)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list):
            raise TranslatorError(
                f"system {self.label()!r}: unexpected LibreTranslate answer {str(data)[:200]!r}"
            )
        return [str(t) for t in translated]


DEFAULT_PROMPT = (
    "Translate the following {src_name} text into {tgt_name}. "
    "Reply with the translation only, on one line, without notes.\n\n{text}"
)


class OpenAITranslator(HttpTranslator):
    """An OpenAI-compatible ``POST /chat/completions`` API (OpenAI, vLLM, llama.cpp, Ollama...),
    one segment per request (no risk of merged lines), ``concurrency`` requests at a time.

    Options: ``model``, ``prompt`` (template with ``{text}``, ``{src}``, ``{tgt}``,
    ``{src_name}``, ``{tgt_name}``), ``prompt_file``, ``system`` (system message),
    ``temperature``, ``max_tokens``; the key comes from ``api_key_env`` (default
    ``OPENAI_API_KEY``) and is sent only when set.
    """

    batch_size = 8
    concurrency = 4
    OPTIONS = (
        *HttpTranslator.OPTIONS,
        "model",
        "prompt",
        "prompt_file",
        "system",
        "temperature",
        "max_tokens",
    )

    def __init__(self, url: str, **options: Any) -> None:
        options.setdefault("api_key_env", None)
        super().__init__(url, "openai", **options)
        if not self.api_key and "api_key_env" not in self.options:
            self.api_key = os.environ.get("OPENAI_API_KEY", "")
        self.model = str(self.options.get("model") or os.environ.get("OPENAI_MODEL", "gpt-4o-mini"))
        prompt = self.options.get("prompt") or DEFAULT_PROMPT
        if self.options.get("prompt_file"):
            from parallelcorpus.errors import read_text_file

            prompt = read_text_file(self.options["prompt_file"])
        if "{text}" not in prompt:
            raise InputError("openai: the prompt template must contain {text}")
        self.prompt = prompt
        self.system = self.options.get("system", "")
        self.temperature = float(self.options.get("temperature", 0))
        self.max_tokens = int(self.options["max_tokens"]) if "max_tokens" in self.options else None
        self.fingerprint = f"openai:{self.url}|{self.model}|{self.system}|{self.prompt}"

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        return [self._one(segment, src, tgt) for segment in segments]

    def _one(self, segment: str, src: str, tgt: str) -> str:
        names = {
            "src": src,
            "tgt": tgt,
            "src_name": language_name(src),
            "tgt_name": language_name(tgt),
        }
        content = self.prompt.replace("{text}", segment)
        for key, value in names.items():
            content = content.replace("{" + key + "}", value)
        messages = [{"role": "system", "content": self.system}] if self.system else []
        messages.append({"role": "user", "content": content})
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
        }
        if self.max_tokens:
            body["max_tokens"] = self.max_tokens
        data = self.request("POST", "/chat/completions", json=body, headers=self._headers())
        try:
            text = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise TranslatorError(
                f"system {self.label()!r}: unexpected chat completion {str(data)[:200]!r}"
            ) from None
        return " ".join(str(text).split())


def language_name(code: str) -> str:
    """English name of a language code (``th`` -> ``Thai``) for prompts."""
    try:
        from babel import Locale

        return Locale("en").languages.get(code, code)
    except Exception:  # babel data missing: the code still tells a model what to do
        return code


def _int_options(options: dict[str, Any], *names: str) -> dict[str, int]:
    unknown = sorted(set(options) - set(names))
    if unknown:
        raise InputError(f"unknown option(s) {', '.join(unknown)}; expected {', '.join(names)}")
    return {k: int(v) for k, v in options.items()}


register("identity", lambda arg="", **options: IdentityTranslator())
register("apertium", _apertium_factory)
register("python", _python_factory)
register("cmd", _cmd_factory)
register("apy", lambda arg, **options: ApyTranslator(arg, **options))
register("libretranslate", lambda arg, **options: LibreTranslateTranslator(arg, **options))
register("openai", lambda arg, **options: OpenAITranslator(arg, **options))
