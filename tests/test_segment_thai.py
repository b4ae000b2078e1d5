"""Behaviour of the Thai segmenter: what a space may and may not be.

Model-vs-rules quality is measured in scripts/benchmark_segmentation.py, not here. The texts
below are written for these tests (not taken from the seeds).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pythainlp")
pytest.importorskip("pycrfsuite")

import itertools

from parallelcorpus.segment.thai import boundary_scores, segment_thai


def _texts(sentences):
    return [s.text for s in sentences]


def _cuts(text: str, mode: str = "sentences") -> set[int]:
    """End offsets of every unit but the last of each line: the boundaries inside lines."""
    sents = segment_thai(text, mode)
    return {a.end for a, b in itertools.pairwise(sents) if "\n" not in text[a.end : b.start]}


def _assert_not_cut_inside(text: str, phrase: str, mode: str = "candidates") -> None:
    at = text.index(phrase)
    for cut in _cuts(text, mode):
        assert not (at < cut < at + len(phrase)), (
            f"cut inside {phrase!r}: {_texts(segment_thai(text, mode))}"
        )


NEWS = (
    "นายกรัฐมนตรีอังกฤษ เคียร์ สตาร์เมอร์ เดินทางถึงกรุงโตเกียวเมื่อคืนวันอังคาร "
    "เพื่อหารือกับผู้นำญี่ปุ่นเกี่ยวกับความร่วมมือด้านการค้าและความมั่นคง "
    "อย่างไรก็ตาม การเจรจาครั้งนี้ยังไม่มีข้อสรุปเรื่องภาษีนำเข้ารถยนต์ "
    "ทั้งสองฝ่ายจะพบกันอีกครั้งในเดือนหน้าที่กรุงลอนดอน"
)


def test_empty_and_blank_input_give_nothing():
    assert segment_thai("") == []
    assert segment_thai("   \n \t\n") == []
    assert segment_thai("", mode="candidates") == []


def test_unknown_mode_is_rejected():
    with pytest.raises(ValueError, match="mode"):
        segment_thai("ข้อความ", mode="words")


def test_discourse_opener_starts_a_sentence():
    texts = _texts(segment_thai(NEWS))
    assert any(t.startswith("อย่างไรก็ตาม") for t in texts), texts
    assert len(texts) >= 2


def test_especially_glued_to_its_object_continues_the_clause():
    # "... between Vietnam and the US, especially in the context of the 30th anniversary ..."
    text = (
        "ภาพยนตร์เป็นสะพานสำคัญระหว่างเวียดนามและสหรัฐอเมริกา "
        "โดยเฉพาะอย่างยิ่งในบริบทของการเฉลิมฉลองความสัมพันธ์ทางการทูตครบรอบ 30 ปี"
    )
    assert [s.text for s in segment_thai(text, "candidates")] == [text]
    # standing alone before a space, "especially" may open a sentence (seed 004, line 74)
    alone = (
        "ภาพยนตร์เวียดนามได้รับความสนใจจากนานาชาติมากขึ้นในช่วงหลายปีที่ผ่านมา "
        "โดยเฉพาะอย่างยิ่ง เทศกาลภาพยนตร์เอเชีย ดานัง ถือเป็นเวทีสำคัญ"
    )
    starts = [s.start for s in segment_thai(alone, "candidates")]
    assert alone.index("โดยเฉพาะ") in starts


def test_what_was_said_is_a_candidate_but_not_a_sentence():
    # "Mars, an international film investor and producer, spoke of money: it is not only ..."
    text = (
        "มาร์ส นักลงทุนและผู้อำนวยการสร้างภาพยนตร์นานาชาติ กล่าวถึงปัจจัยทางการเงินว่า "
        "ไม่ใช่แค่เรื่องต้นทุนการผลิตที่ต่ำเท่านั้น แต่เวียดนามจำเป็นต้องสร้างระบบสนับสนุนหลังการถ่ายทำ"
    )
    cut = text.index("ไม่ใช่")
    assert cut not in [s.start for s in segment_thai(text, "sentences")]
    assert cut in [s.start for s in segment_thai(text, "candidates")]


def test_an_adverbial_opening_a_quotation_does_not_end_a_sentence():
    # '... fund manager John Smith said: "In the past, small investors sold at once ..."'
    text = (
        "นักวิเคราะห์หลายคนกล่าวว่าตลาดหุ้นในภูมิภาคจะฟื้นตัวอย่างชัดเจนในปีหน้า "
        "ผู้จัดการกองทุน John Smith กล่าวว่า “ในอดีต นักลงทุนรายย่อยมักขายหุ้นทันที"
        "เมื่อราคาตกลงอย่างรวดเร็ว แต่ปัจจุบันพวกเขาถือหุ้นไว้นานขึ้นมาก”"
    )
    starts = [s.start for s in segment_thai(text, "sentences")]
    assert text.index("นักลงทุนรายย่อย") not in starts
    assert text.index("ผู้จัดการ") in starts


def test_a_title_of_office_glued_to_a_given_name_keeps_the_surname():
    # "... the efforts of professor and director Tony Bui in presenting Vietnamese films ..."
    text = (
        "คุณเหงียน ฮวง เหงียน ได้แสดงความชื่นชมต่อความพยายามของศาสตราจารย์และผู้กำกับโทนี่ บุย "
        "ในการนำเสนอผลงานภาพยนตร์เวียดนามสู่สายตาผู้ชมนานาชาติ"
    )
    assert text.index("บุย") not in [s.start for s in segment_thai(text, "candidates")]


def test_offsets_point_at_the_sentences():
    text = "  " + NEWS + "\n\nบรรทัดที่สอง สั้นๆ\n"
    for mode in ("sentences", "candidates"):
        sents = segment_thai(text, mode)
        for s in sents:
            assert " ".join(text[s.start : s.end].split()) == s.text
            assert s.text == s.text.strip() and s.text
        assert " ".join(s.text for s in sents).split() == text.split()
        assert sents[-1].paragraph == 1 and sents[0].paragraph == 0


def test_a_newline_is_always_a_boundary():
    text = "ประชาชนควรติดตามข่าวสารอย่างใกล้ชิด\nและเตรียมพร้อมรับมือกับสถานการณ์"
    assert _texts(segment_thai(text)) == [
        "ประชาชนควรติดตามข่าวสารอย่างใกล้ชิด",
        "และเตรียมพร้อมรับมือกับสถานการณ์",
    ]


@pytest.mark.parametrize(
    "phrase",
    ["เคียร์ สตาร์เมอร์", "นายกรัฐมนตรีอังกฤษ เคียร์ สตาร์เมอร์"],
)
def test_transliterated_names_are_not_split(phrase):
    _assert_not_cut_inside(NEWS, phrase)


def test_vietnamese_names_and_latin_runs_are_not_split():
    text = (
        "การประชุมครั้งนี้มีผู้แทนจากองค์การอนามัยโลกเข้าร่วมจำนวนมาก "
        "เหงียน วัน ฮึง ผู้อำนวยการ World Health Organization (WHO) ประจำภูมิภาค "
        "กล่าวว่าการลงทุนด้านสาธารณสุขต้องเพิ่มขึ้นอย่างต่อเนื่อง"
    )
    for phrase in ("เหงียน วัน ฮึง", "World Health Organization (WHO)", "ผู้อำนวยการ World"):
        _assert_not_cut_inside(text, phrase)


def test_numbers_dates_and_units_stay_attached():
    text = (
        "บริษัทจะฉลองครบรอบ 25 ปีในวันที่ 12 มกราคม พ.ศ. 2568 ที่กรุงเทพฯ "
        "โดยคาดว่าจะมีรายได้เพิ่มขึ้นร้อยละ 4.5 หรือประมาณ 1,200 ล้านบาท "
        "เวอร์ชัน 4.0 ของระบบจะเปิดให้ใช้งานพร้อมกัน"
    )
    for phrase in ("ครบรอบ 25 ปี", "วันที่ 12 มกราคม พ.ศ. 2568", "ร้อยละ 4.5", "1,200 ล้านบาท"):
        _assert_not_cut_inside(text, phrase)


def test_parentheses_and_short_quotes_are_not_split():
    text = (
        "นักแสดงหญิง (คนที่สองจากซ้าย ในภาพ) ได้รับรางวัลจากภาพยนตร์เรื่อง "
        '"บ้านริมน้ำ ในฤดูฝน" ซึ่งเข้าฉายในโรงภาพยนตร์ทั่วประเทศเมื่อปีที่แล้ว '
        "“ความฝัน ของเด็ก ชายขอบ” เป็นผลงานเรื่องต่อไปของเธอ"
    )
    for phrase in (
        "(คนที่สองจากซ้าย ในภาพ)",
        '"บ้านริมน้ำ ในฤดูฝน"',
        "“ความฝัน ของเด็ก ชายขอบ”",
        'เรื่อง "บ้าน',
    ):
        _assert_not_cut_inside(text, phrase)


def test_repetition_mark_before_a_modifier_is_not_a_boundary():
    text = "เมื่อเร็วๆ นี้ กระทรวงพาณิชย์ได้จัดงานแสดงสินค้าเกษตรจากจังหวัดต่างๆ มากมาย"
    _assert_not_cut_inside(text, "เร็วๆ นี้")
    _assert_not_cut_inside(text, "ต่างๆ มากมาย")


def test_titles_and_abbreviations_stay_with_the_name():
    text = "ในงานนี้ ดร. สมศักดิ์ ใจงาม ได้บรรยายเรื่องเศรษฐกิจดิจิทัลให้นักศึกษาฟังเป็นเวลานาน"
    _assert_not_cut_inside(text, "ดร. สมศักดิ์ ใจงาม")


def _score_after(line: str, before: str) -> float | None:
    """Boundary score of the space right after ``before`` (None: a rule forbids a boundary)."""
    at = line.index(before) + len(before)
    return next(sc for s, _, sc in boundary_scores(line) if s == at)


def test_a_quoted_clause_with_its_attribution_may_open_a_sentence():
    text = (
        "ฝนตกหนักต่อเนื่องทำให้ถนนหลายสายในตัวเมืองถูกน้ำท่วมสูง "
        '"ปีนี้น้ำมาเร็วกว่าทุกปี ชาวบ้านขนของไม่ทัน" นายสมพงษ์ ศรีสุข ผู้ใหญ่บ้านกล่าว'
    )
    assert _score_after(text, "ถูกน้ำท่วมสูง") is not None  # open: a sentence may start here
    _assert_not_cut_inside(text, '"ปีนี้น้ำมาเร็วกว่าทุกปี ชาวบ้านขนของไม่ทัน"')
    # a quoted title keeps the space before it closed
    title = 'ผู้กำกับเปิดตัวภาพยนตร์เรื่อง "ทะเลสีคราม" ให้สื่อมวลชนได้ชมเป็นครั้งแรก'
    assert _score_after(title, "ภาพยนตร์เรื่อง") is None


def test_a_unit_after_a_figure_or_a_year_after_an_era_may_end_a_sentence():
    text = (
        "รถไฟขบวนใหม่วิ่งได้เร็วสูงสุด 160 กม./ชม. ผู้โดยสารจะเดินทางถึงปลายทางเร็วขึ้น "
        "สัญญาฉบับนี้ลงนามเมื่อวันที่ 3 มีนาคม พ.ศ. 2560 ตำแหน่งผู้อำนวยการโครงการว่างลงในปีต่อมา"
    )
    assert _score_after(text, "160 กม./ชม.") is not None
    assert _score_after(text, "พ.ศ. 2560") is not None
    _assert_not_cut_inside(text, "160 กม./ชม.")


def test_a_titled_given_name_keeps_its_surname():
    text = "คณะผู้แทนจะเดินทางไปเชียงรายเพื่อพบกับนายสมพงษ์ ศรีสุข ผู้ว่าราชการจังหวัดในวันศุกร์"
    assert _score_after(text, "นายสมพงษ์") is None
    _assert_not_cut_inside(text, "นายสมพงษ์ ศรีสุข")


def test_boundary_scores_mark_protected_spaces():
    line = "ร่วมมือกับ Boston Global Forum อย่างใกล้ชิด"
    scores = boundary_scores(line)
    between_latin = [sc for s, _, sc in scores if line[s - 1].isascii() and line[s + 1].isascii()]
    assert between_latin and all(sc is None for sc in between_latin)


def test_candidates_are_finer_than_sentences_but_not_absurd():
    sentences = segment_thai(NEWS)
    candidates = segment_thai(NEWS, mode="candidates")
    assert len(candidates) >= len(sentences)
    assert all(len(c.text) >= 5 for c in candidates)


def test_long_line_without_spaces_is_one_unit():
    text = "ก" * 200_000
    assert [(s.start, s.end) for s in segment_thai(text)] == [(0, len(text))]


def test_long_line_with_spaces_is_handled_in_chunks():
    text = " ".join([NEWS] * 150)  # ~ 50k characters, several CRF chunks
    sents = segment_thai(text)
    assert " ".join(s.text for s in sents).split() == text.split()
    assert len(sents) > 150


_PIECES = [
    "ประชาชน",
    "ได้รับผลกระทบจากน้ำท่วม",
    "อย่างไรก็ตาม",
    "รัฐบาลได้ประกาศมาตรการช่วยเหลือแล้ว",
    "และ",
    "เขา",
    "กล่าวว่า",
    "ๆ",
    "นี้",
    "2567",
    "(ปภ.)",
    '"ฝนตก',
    'หนัก"',
    "Bangkok",
    "Post",
    "โจ",
    "ไบเดน",
    "ทั้งนี้",
    "ซึ่ง",
    "ในปี",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_PIECES), min_size=0, max_size=30),
    st.lists(st.sampled_from([" ", " ", "  ", "\n", "\n\n", "\t", ""]), min_size=30, max_size=30),
)
def test_properties(pieces, seps):
    text = "".join(p + s for p, s in zip(pieces, seps, strict=False))
    sentences = segment_thai(text)
    candidates = segment_thai(text, mode="candidates")
    for units in (sentences, candidates):
        assert " ".join(u.text for u in units).split() == text.split()
        for u in units:
            assert " ".join(text[u.start : u.end].split()) == u.text
        assert all(a.end <= b.start for a, b in itertools.pairwise(units))
    sentence_cuts = {u.end for u in sentences[:-1]}
    candidate_cuts = {u.end for u in candidates[:-1]}
    assert sentence_cuts <= candidate_cuts


GOLD = Path(__file__).parent / "data" / "segmentation" / "th"


def _gold_boundaries(pattern: str) -> tuple[list[str], list[set[int]]]:
    lines, cuts = [], []
    for path in sorted(GOLD.glob(pattern)):
        for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
            sents = [" ".join(s.split()) for s in block.split("\n") if s.strip()]
            line, pos, gold = " ".join(sents), 0, set()
            for s in sents[:-1]:
                pos += len(s)
                gold.add(pos)
                pos += 1
            lines.append(line)
            cuts.append(gold)
    return lines, cuts


def test_gold_regression_floor():
    """Guard against regressions on our own Thai gold (the benchmark prints the full table):
    sentence-mode F1 on the dev text, and candidate-mode recall (the aligner's ceiling)."""
    lines, golds = _gold_boundaries("dev_*.txt")
    seed_lines, seed_golds = _gold_boundaries("seed*.txt")
    assert len(lines) > 30 and seed_lines
    tp = fp = fn = 0
    for line, gold in zip(lines, golds, strict=True):
        pred = {s.end for s in segment_thai(line)[:-1]}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.75
    found = total = 0
    for line, gold in zip(lines + seed_lines, golds + seed_golds, strict=True):
        pred = {s.end for s in segment_thai(line, mode="candidates")[:-1]}
        found, total = found + len(pred & gold), total + len(gold)
    assert found / total >= 0.95


OTHER_WRITER = Path(__file__).parent / "data" / "parallel" / "segmented"


def test_other_writer_regression_floor():
    """The cue weights are fitted on two writers' text; guard the other writer's documents
    (sentence F1; candidate recall, the aligner's ceiling). Held-out figures: the benchmark."""
    tp = fp = fn = found = total = 0
    for path in sorted(OTHER_WRITER.glob("*.th.txt")):
        for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
            sents = [" ".join(s.split()) for s in block.split("\n") if s.strip()]
            line, pos, gold = " ".join(sents), 0, set()
            for s in sents[:-1]:
                pos += len(s)
                gold.add(pos)
                pos += 1
            pred = {s.end for s in segment_thai(line)[:-1]}
            tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
            cand = {s.end for s in segment_thai(line, mode="candidates")[:-1]}
            found, total = found + len(cand & gold), total + len(gold)
    assert total > 100
    assert 2 * tp / (2 * tp + fp + fn) >= 0.70
    assert found / total >= 0.85
