"""``report.html``: every document pair side by side, anchors highlighted, confidence visible.

One self-contained file: inline CSS and JavaScript, the data as an inline JSON block, no external
URL, so it opens from disk with no server and no network. The script builds the tables from the
JSON (text goes in through ``textContent``, never as HTML), which keeps the file small and safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from parallelcorpus.corpus.build import Corpus, Group, PairAlignment
from parallelcorpus.types import Anchor, Sentence

AnchorFinder = Callable[[str, str], Sequence[Anchor]]


def _find_anchors() -> AnchorFinder:
    """The anchor extractor, memoised: the report asks twice about every sentence."""
    from functools import cache

    from parallelcorpus.anchors import extract_anchors

    @cache
    def find(text: str, lang: str) -> tuple[Anchor, ...]:
        return tuple(extract_anchors(text, lang))

    return find


def _marks(text: str, lang: str, keys: set[str], finder: AnchorFinder) -> list[list[int]]:
    """Non-overlapping ``[start, end]`` spans of ``text`` whose anchor key is in ``keys``."""
    spans: list[list[int]] = []
    last = -1
    found = sorted((a.start, a.end, a.key) for a in finder(text, lang))
    for start, end, key in found:
        if key in keys and start >= last and 0 <= start < end <= len(text):
            spans.append([start, end])
            last = end
    return spans


def _side(
    sentences: Sequence[Sentence],
    ids: Sequence[int],
    lang: str,
    keys: set[str],
    finder: AnchorFinder,
) -> list[dict[str, Any]]:
    return [
        {
            "t": sentences[i].text,
            "m": _marks(sentences[i].text, lang, keys, finder),
            "o": sentences[i].start,
        }
        for i in ids
    ]


def pair_view(
    p: PairAlignment, group: Group | None, finder: AnchorFinder, note: str = ""
) -> dict[str, Any]:
    """The data the page needs for one document pair: every bead, null beads included.
    ``group`` is None for a pair left out of the corpus (shown for auditing, with ``note``)."""
    al = p.alignment
    status = {id(pb.bead): pb for pb in group.beads if pb.pair is p} if group else {}
    beads = []
    for bead in al.beads:
        pb = status.get(id(bead))
        keys = set(pb.anchors) if pb else set()
        if not keys:
            a_keys = {x.key for i in bead.src for x in finder(al.src_sentences[i].text, p.a.lang)}
            b_keys = {x.key for j in bead.tgt for x in finder(al.tgt_sentences[j].text, p.b.lang)}
            keys = a_keys & b_keys
        flags = ""
        if pb is not None:
            flags = "vetoed" if pb.vetoed else "" if pb.agrees else "merged"
        beads.append(
            {
                "a": _side(al.src_sentences, bead.src, p.a.lang, keys, finder),
                "b": _side(al.tgt_sentences, bead.tgt, p.b.lang, keys, finder),
                "s": round(float(bead.score), 3),
                "k": bead.kind,
                "f": flags,
            }
        )
    return {
        "id": f"{p.a.doc_id}__{p.b.doc_id}",
        "pair": f"{p.a.lang}-{p.b.lang}",
        "a": {"doc": p.a.doc_id, "lang": p.a.lang},
        "b": {"doc": p.b.doc_id, "lang": p.b.lang},
        "doc_score": round(p.doc_score, 3),
        "beads": beads,
        "note": note,
    }


def report_data(
    corpus: Corpus, summary: dict[str, Any], finder: AnchorFinder | None = None
) -> dict[str, Any]:
    finder = finder or _find_anchors()
    pairs = [pair_view(p, g, finder) for g in corpus.groups for p in g.pairs]
    kept = {id(p) for g in corpus.groups for p in g.pairs}
    reasons = {e.article.doc_id: e.reason for e in corpus.excluded}
    for p in corpus.all_pairs:
        if id(p) not in kept:
            why = [f"{d} left out: {reasons[d]}" for d in (p.a.doc_id, p.b.doc_id) if d in reasons]
            note = "not in the corpus (" + ("; ".join(why) or "different groups") + ")"
            pairs.append(pair_view(p, None, finder, note))
    return {
        "summary": summary,
        "pairs": pairs,
        "excluded": [
            {"doc": e.article.doc_id, "lang": e.article.lang, "reason": e.reason}
            for e in corpus.excluded
        ],
    }


def render_report(data: dict[str, Any], version: str) -> str:
    """The complete HTML page (a pure function of the data: byte-identical on rebuild)."""
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</" could end the element early: escape every "<".
    blob = blob.replace("<", "\\u003c")
    title = "parallelcorpus alignment report"
    page = _PAGE
    for key, value in (
        ("title", escape(title)),
        ("version", escape(version)),
        ("css", _CSS),
        ("js", _JS),
        ("data", blob),
    ):
        page = page.replace("{" + key + "}", value, 1 if key == "data" else -1)
    return page


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="sub">parallelcorpus {version} &middot; each document pair side by side; highlighted words
are anchors (names, numbers, dates) matched across the two languages; the bar is the aligner's
confidence; grey cells have no counterpart.</p>
<div id="summary"></div>
<div class="controls">
<label>dim rows below confidence <input id="threshold" type="range" min="0" max="1" step="0.05"
value="0"> <output id="threshold-value">0.00</output></label>
<label><input id="only-unaligned" type="checkbox"> only unaligned or flagged rows</label>
</div>
<nav id="nav"></nav>
</header>
<main id="pairs"><noscript>This report needs JavaScript to draw the tables.</noscript></main>
<script type="application/json" id="report-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""

_CSS = """
:root { --line: #d0d4da; --muted: #6b7280; --anchor: #ffe08a; --null: #f1f2f4; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, "Noto Sans", "Noto Sans Thai", sans-serif; margin: 0;
  color: #1f2328; background: #fff; }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: #fafbfc; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
.sub { color: var(--muted); margin: 0 0 10px; max-width: 70em; }
#summary table, .excluded { border-collapse: collapse; margin: 6px 0; }
#summary td, #summary th { padding: 2px 10px 2px 0; text-align: left; }
.controls { display: flex; gap: 24px; margin: 8px 0; flex-wrap: wrap; }
nav a { display: inline-block; margin: 2px 10px 2px 0; }
main { padding: 0 24px 40px; }
table.pair { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.pair th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid var(--line);
  text-align: left; padding: 6px; }
table.pair td { border-bottom: 1px solid var(--line); padding: 6px; vertical-align: top; }
td.num, th.num { width: 3.5em; color: var(--muted); font-variant-numeric: tabular-nums; }
td.conf, th.conf { width: 8.5em; }
td.text p { margin: 0 0 4px; }
td.null { background: var(--null); color: var(--muted); font-style: italic; }
mark.anchor { background: var(--anchor); border-radius: 3px; padding: 0 1px; }
.bar { height: 8px; background: #e5e7eb; border-radius: 4px; overflow: hidden; margin: 3px 0; }
.bar span { display: block; height: 100%; }
.kind { color: var(--muted); font-size: 12px; }
.flag { font-size: 12px; color: #9a3412; }
tr.dim { opacity: 0.35; }
tr.hidden { display: none; }
a.excluded-pair { color: var(--muted); }
section.excluded-pair table.pair { opacity: 0.6; }
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var FLAGS = {vetoed: "refused in multi-way", merged: "merged in multi-way"};
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function sentence(s) {
    var p = el("p"), at = 0;
    s.m.forEach(function (span) {
      p.appendChild(document.createTextNode(s.t.slice(at, span[0])));
      p.appendChild(el("mark", "anchor", s.t.slice(span[0], span[1])));
      at = span[1];
    });
    p.appendChild(document.createTextNode(s.t.slice(at)));
    p.title = "offset " + s.o;
    return p;
  }
  function cell(side, lang) {
    var td = el("td", "text");
    td.lang = lang;
    if (!side.length) {
      td.className = "text null";
      td.textContent = "(no counterpart)";
    } else {
      side.forEach(function (s) { td.appendChild(sentence(s)); });
    }
    return td;
  }
  function colour(score) {
    var hue = Math.round(120 * score);
    return "hsl(" + hue + ", 65%, 45%)";
  }
  var s = data.summary, summary = document.getElementById("summary");
  var st = el("table");
  var share = (100 * s.all_four_share_of_aligned).toFixed(1) + "% of aligned units";
  [["document pairs", data.pairs.length], ["multi-way units", s.units],
   ["units with all four languages", s.all_four + " (" + share + ")"],
   ["pairwise disagreements", s.vetoed + " refused, " + s.merged + " merged"]
  ].forEach(function (r) {
    var tr = el("tr");
    tr.appendChild(el("th", "", r[0]));
    tr.appendChild(el("td", "", String(r[1])));
    st.appendChild(tr);
  });
  summary.appendChild(st);
  if (data.excluded.length) {
    var ex = el("ul", "excluded");
    data.excluded.forEach(function (x) {
      ex.appendChild(el("li", "", "excluded " + x.doc + " (" + x.lang + "): " + x.reason));
    });
    summary.appendChild(ex);
  }
  var nav = document.getElementById("nav"), main = document.getElementById("pairs");
  data.pairs.forEach(function (pair) {
    var label = pair.a.doc.slice(0, 3) + " / " + pair.b.doc.slice(0, 3);
    var a = el("a", "", pair.pair + " (" + label + ")");
    a.href = "#" + pair.id;
    nav.appendChild(a);
    var section = el("section", "pair");
    section.id = pair.id;
    var aligned = pair.beads.filter(function (b) {
      return b.a.length && b.b.length;
    }).length;
    section.appendChild(el("h2", "", pair.pair + ": " + pair.a.doc + " \u2194 " + pair.b.doc));
    if (pair.note) {
      section.className = "pair excluded-pair";
      a.className = "excluded-pair";
      section.appendChild(el("p", "flag", pair.note));
    }
    section.appendChild(el("p", "sub", "document score " + pair.doc_score.toFixed(3) +
      " \u00b7 " + pair.beads.length + " beads, " + aligned + " aligned, " +
      (pair.beads.length - aligned) + " unaligned"));
    var table = el("table", "pair"), head = el("tr");
    head.appendChild(el("th", "num", "#"));
    head.appendChild(el("th", "", pair.a.lang + " \u00b7 " + pair.a.doc));
    head.appendChild(el("th", "conf", "confidence"));
    head.appendChild(el("th", "", pair.b.lang + " \u00b7 " + pair.b.doc));
    table.appendChild(head);
    pair.beads.forEach(function (b, i) {
      var tr = el("tr", "bead");
      tr.dataset.score = b.s;
      tr.dataset.flag = (!b.a.length || !b.b.length) ? "unaligned" : b.f;
      tr.appendChild(el("td", "num", String(i)));
      tr.appendChild(cell(b.a, pair.a.lang));
      var c = el("td", "conf"), bar = el("div", "bar"), fill = el("span");
      fill.style.width = Math.round(100 * b.s) + "%";
      fill.style.background = colour(b.s);
      bar.appendChild(fill);
      c.appendChild(el("div", "", b.s.toFixed(3)));
      c.appendChild(bar);
      c.appendChild(el("div", "kind", b.k));
      if (b.f) {
        c.appendChild(el("div", "flag", FLAGS[b.f]));
      }
      tr.appendChild(c);
      tr.appendChild(cell(b.b, pair.b.lang));
      table.appendChild(tr);
    });
    section.appendChild(table);
    main.appendChild(section);
  });
  var range = document.getElementById("threshold");
  var out = document.getElementById("threshold-value");
  var only = document.getElementById("only-unaligned");
  function update() {
    var t = parseFloat(range.value);
    out.textContent = t.toFixed(2);
    document.querySelectorAll("tr.bead").forEach(function (tr) {
      tr.classList.toggle("dim", parseFloat(tr.dataset.score) < t);
      tr.classList.toggle("hidden", only.checked && !tr.dataset.flag);
    });
  }
  range.addEventListener("input", update);
  only.addEventListener("change", update);
  document.body.dataset.rendered = String(document.querySelectorAll("tr.bead").length);
  // The sections exist only now: honour a #pair link that arrived before them.
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) { target.scrollIntoView(); }
}());
"""
