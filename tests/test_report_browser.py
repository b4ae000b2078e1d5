"""``report.html`` in a real headless browser: it opens from disk, draws every document pair with
its script, and the screenshot is not blank. Network is blocked for the browser, so a report
that fetched anything would show up broken here."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180, check=False
    )


def test_report_is_self_contained(built_corpus: Path) -> None:
    html = (built_corpus / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:[a-z]+:)?//""", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert "<link" not in html


def test_report_renders_pairs_anchors_and_unaligned_rows(
    built_corpus: Path, tmp_path: Path
) -> None:
    report = built_corpus / "report.html"
    out = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    dom = out.stdout
    expected_rows = sum(
        1 for _ in re.finditer(r'"k":"\d+-\d+"', report.read_text(encoding="utf-8"))
    )
    rendered = re.search(r'data-rendered="(\d+)"', dom)
    assert rendered, "the script ran"
    assert int(rendered.group(1)) == expected_rows > 0
    assert dom.count('<tr class="bead"') == expected_rows
    # One section per document pair of the corpus, each with its document score.
    pairs = len(re.findall(r'<section class="pair(?: excluded-pair)?"', dom))
    assert pairs == report.read_text(encoding="utf-8").count('"doc_score":') >= 6
    assert dom.count("document score") >= pairs
    # The different report (000) is left out of the corpus; its pairs are shown, marked so.
    assert dom.count('<section class="pair excluded-pair"') == 3
    assert "not in the corpus (000_720aed6279aef14e left out" in dom
    assert '<mark class="anchor">' in dom, "anchors highlighted"
    assert 'class="text null"' in dom, "unaligned sentences shown"
    assert re.search(r"<div>\d\.\d{3}</div>", dom), "confidence visible"


def test_report_screenshot_is_not_blank(built_corpus: Path, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    png = tmp_path / "report.png"
    out = chromium(
        tmp_path,
        f"--screenshot={png}",
        "--window-size=1280,1600",
        (built_corpus / "report.html").as_uri(),
    )
    assert out.returncode == 0 and png.exists(), out.stderr[-2000:]
    with image.open(png) as img:
        rgb = img.convert("RGB")
        assert rgb.size == (1280, 1600)
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    white = sum(n for n, c in colours if min(c) >= 250)
    assert white < 0.97 * 1280 * 1600, "mostly blank"
    assert len(colours) > 50, "text and highlights drawn"
    # The anchor highlight colour (#ffe08a) and the confidence bars are on screen.
    assert any(
        abs(c[0] - 255) < 4 and abs(c[1] - 224) < 4 and abs(c[2] - 138) < 4 for _, c in colours
    )
