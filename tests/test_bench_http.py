"""HTTP translators against local stub servers (LibreTranslate, OpenAI-compatible) and a real
``apertium-apy``; the local Apertium adapter. All traffic stays on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pytest
import requests

import parallelcorpus as pc
from parallelcorpus.bench import TranslatorError, make_translator

FR = [
    "Le chat est noir.",
    "Le président a rencontré la délégation à Hanoï.",
    "Les billets coûtent 50 000 dongs [environ] ^ $ \\ <b>.",
    "",
    "Deux phrases ici. Et une autre !",
]
ROWS = [{"fr": s, "en": f"ref {i}"} for i, s in enumerate(FR) if s]


@contextlib.contextmanager
def stub_server(respond: Any) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """An HTTP server on 127.0.0.1 whose answers come from ``respond(request, n) ->
    (status, json_body)``; yields its base URL and the list of requests it saw."""
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = {
                "method": self.command,
                "path": urlparse(self.path).path,
                "query": dict(parse_qsl(urlparse(self.path).query)),
                "headers": dict(self.headers),
                "json": json.loads(body) if body else None,
            }
            with lock:
                seen.append(request)
                n = len(seen)
            status, payload = respond(request, n)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 503:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def libretranslate(request: dict[str, Any], n: int, *, fail: int = 0, drop: bool = False):
    if request["path"] == "/languages":
        return 200, [{"code": "fr", "targets": ["en"]}, {"code": "en", "targets": ["fr"]}]
    if n <= fail:
        return 503, {"error": "overloaded"}
    body = request["json"]
    if body["target"] == "xx":
        return 400, {"error": "xx is not supported"}
    out = [f"<{body['source']}>{body['target']}> {q}" for q in body["q"]]
    return 200, {"translatedText": out[:-1] if drop else out}


def test_libretranslate_batches_and_retries_503() -> None:
    with stub_server(lambda r, n: libretranslate(r, n, fail=2)) as (url, seen):
        lt = make_translator(f"libretranslate:{url}#backoff=0.01&batch_size=3", name="lt")
        assert lt.batch_size == 3
        assert lt.translate(["a", "b"], "fr", "en") == ["<fr>en> a", "<fr>en> b"]
    assert len(seen) == 3  # two 503s, then success
    assert seen[-1]["path"] == "/translate"
    assert seen[-1]["json"] == {"q": ["a", "b"], "source": "fr", "target": "en", "format": "text"}


def test_libretranslate_errors_name_the_system() -> None:
    wrong_count = r"system 'lt' returned 3 translations for 4"
    with (
        stub_server(lambda r, n: libretranslate(r, n, drop=True)) as (url, _),
        pytest.raises(TranslatorError, match=wrong_count),
    ):
        pc.benchmark({"lt": f"libretranslate:{url}#backoff=0.01"}, directions="fr-en", corpus=ROWS)
    with stub_server(lambda r, n: libretranslate(r, n)) as (url, seen):
        lt = make_translator(f"libretranslate:{url}#backoff=0.01", name="lt")
        with pytest.raises(TranslatorError, match=r"system 'lt'.*HTTP 400.*not supported"):
            lt.translate(["a"], "fr", "xx")
        assert len(seen) == 1  # a client error is not retried
    with stub_server(lambda r, n: libretranslate(r, n, fail=99)) as (url, seen):
        lt = make_translator(f"libretranslate:{url}#backoff=0.01&retries=2", name="lt")
        with pytest.raises(TranslatorError, match=r"'lt'.*failed after 3 attempts.*HTTP 503"):
            lt.translate(["a"], "fr", "en")
        assert len(seen) == 3


def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    lt = make_translator(f"libretranslate:http://127.0.0.1:{port}#retries=1&backoff=0.01")
    with pytest.raises(TranslatorError, match=r"failed after 2 attempts.*ConnectionError"):
        lt.translate(["a"], "fr", "en")
    with pytest.raises(pc.InputError, match="unknown option"):
        make_translator(f"libretranslate:http://127.0.0.1:{port}#colour=blue")


def chat(request: dict[str, Any], n: int, *, fail: int = 0):
    if n <= fail:
        return 503, {"error": "busy"}
    prompt = request["json"]["messages"][-1]["content"]
    return 200, {"choices": [{"message": {"role": "assistant", "content": f" {prompt}\n"}}]}


def test_openai_prompt_template_model_key_and_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY", "sk-test")
    with stub_server(lambda r, n: chat(r, n, fail=1)) as (url, seen):
        spec = (
            f"openai:{url}/v1#model=tiny-mt&api_key_env=MY_KEY&backoff=0.01"
            "&prompt={src_name} to {tgt_name} ({src}-{tgt}): {text}&system=Be terse."
        )
        result = pc.benchmark({"llm": spec}, directions="fr-en", corpus=ROWS, n_samples=20)
    hyps = result.segments["fr-en"].hypotheses["llm"]
    assert hyps[0] == "French to English (fr-en): Le chat est noir."
    last = seen[-1]
    assert last["path"] == "/v1/chat/completions"
    assert last["headers"]["Authorization"] == "Bearer sk-test"
    assert last["json"]["model"] == "tiny-mt"
    assert last["json"]["messages"][0] == {"role": "system", "content": "Be terse."}
    assert len(seen) == len(ROWS) + 1  # one request per segment, plus the retried 503


def test_openai_default_prompt_and_bad_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with stub_server(chat) as (url, seen):
        llm = make_translator(f"openai:{url}/v1", name="llm")
        (out,) = llm.translate(["Bonjour"], "fr", "th")
        assert "Thai" in out and "French" in out and out.endswith("Bonjour")
        assert "Authorization" not in seen[-1]["headers"]
    with stub_server(lambda r, n: (200, {"choices": []})) as (url, _):
        llm = make_translator(f"openai:{url}/v1", name="llm")
        with pytest.raises(TranslatorError, match=r"'llm'.*unexpected chat completion"):
            llm.translate(["Bonjour"], "fr", "en")
    with pytest.raises(pc.InputError, match=r"must contain \{text\}"):
        make_translator("openai:http://127.0.0.1:9/v1#prompt=no placeholder")


# ----------------------------------------------------------------------------- Apertium


needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None
    or not os.path.exists("/usr/share/apertium/modes/fr-es.mode")
    or not os.path.exists("/usr/share/apertium/modes/spa-eng.mode"),
    reason="Apertium is not installed (Debian: apt-get install apertium apertium-fr-es "
    "apertium-eng-spa apertium-apy)",
)


@pytest.mark.slow
@needs_apertium
def test_local_apertium_keeps_segments_and_pivots_through_spanish() -> None:
    apertium = make_translator("apertium", name="ap")
    assert apertium.unsupported("fr", "en") is None
    assert "fr-th" in (apertium.unsupported("fr", "th") or "")
    english = apertium.translate(FR, "fr", "en")
    assert len(english) == len(FR)
    assert english[0] == "The cat is black."
    assert english[3] == ""
    french = apertium.translate(english[:2], "en", "fr")
    assert len(french) == 2 and "chat" in french[0]


@pytest.fixture
def apy_server() -> Iterator[str]:
    if shutil.which("apertium-apy") is None:
        pytest.skip("apertium-apy is not installed (Debian: apt-get install apertium-apy)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ)
    if not any("utf" in env.get(v, "").lower() for v in ("LC_ALL", "LANG")):
        env["LC_ALL"] = "C.UTF-8"  # APy reads these two and refuses to start without UTF-8
    # a file, not a pipe, for its log: a full pipe would stall the server
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        ["apertium-apy", "-p", str(port), "/usr/share/apertium/modes"],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=env,
        start_new_session=True,  # its translation pipelines die with it
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/listPairs", timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    log.seek(0)
                    err = log.read().decode(errors="replace").strip()[-500:]
                    pytest.fail(f"apertium-apy exited at start: {err}")
                if time.monotonic() > deadline:
                    pytest.fail("apertium-apy did not answer within 30 s")
                time.sleep(0.1)
        yield url
    finally:
        _stop(process)
        log.close()


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL it if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.slow
@needs_apertium
def test_apy_server_matches_local_apertium(apy_server: str) -> None:
    apy = make_translator(f"apy:{apy_server}", name="apy")
    pairs = apy.pairs()
    assert pairs[("fr", "es")] == ("fra", "spa")  # the server speaks ISO 639-3
    assert apy.unsupported("fr", "en") is None  # through Spanish
    assert "fr-th" in (apy.unsupported("fr", "th") or "")
    english = apy.translate(FR, "fr", "en")
    assert english == make_translator("apertium").translate(FR, "fr", "en")
    french = apy.translate(["The cat is black."], "en", "fr")
    assert french == make_translator("apertium").translate(["The cat is black."], "en", "fr")
    result = pc.benchmark(
        {"id": "identity", "apy": f"apy:{apy_server}"},
        directions="fr-en,en-fr",
        corpus=[{"fr": "Le chat est noir.", "en": "The cat is black."}] * 3,
        n_samples=20,
    )
    assert result.cell("apy", "fr-en").metrics["bleu"].score == pytest.approx(100.0)


def test_libretranslate_unsupported_direction_is_skipped() -> None:
    with stub_server(libretranslate) as (url, seen):
        result = pc.benchmark(
            {"lt": f"libretranslate:{url}#backoff=0.01"},
            directions="fr-en,en-th",
            corpus=[{"fr": "Bonjour.", "en": "Hello.", "th": "สวัสดี"}],
            n_samples=10,
        )
    assert result.cell("lt", "en-th").skipped == f"LibreTranslate at {url} does not translate en-th"
    assert result.segments["fr-en"].hypotheses["lt"] == ["<fr>en> Bonjour."]
    assert [r["path"] for r in seen] == ["/languages", "/translate"]


def test_apy_pivots_and_recovers_merged_lines() -> None:
    """A server that merges lines: the adapter retranslates segment by segment."""

    def apy(request: dict[str, Any], n: int):
        if request["path"] == "/listPairs":
            pairs = [("fra", "spa"), ("spa", "eng"), ("spa", "eng_US")]
            data = [{"sourceLanguage": a, "targetLanguage": b} for a, b in pairs]
            return 200, {"responseData": data, "responseStatus": 200}
        query = request["query"]
        text = query["q"].replace("\n", " ") + f" [{query['langpair']}]"
        return 200, {"responseData": {"translatedText": text}, "responseStatus": 200}

    with stub_server(apy) as (url, seen):
        translator = make_translator(f"apy:{url}", name="apy")
        assert translator.unsupported("fr", "en") is None
        assert translator.unsupported("en", "fr") is not None
        out = translator.translate(["un", "deux"], "fr", "en")
    assert out == ["un [fra|spa] [spa|eng]", "deux [fra|spa] [spa|eng]"]
    assert all(r["query"].get("markUnknown") == "no" for r in seen[1:])
