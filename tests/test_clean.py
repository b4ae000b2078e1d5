"""Page furniture removal: seeds, invented articles of the same outlets, and invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallelcorpus.clean import clean_text
from parallelcorpus.types import Document


def assert_provenance(doc: Document) -> None:
    """Kept text is raw text; kept and removed spans never overlap and cover every
    non-whitespace character of the raw file exactly once (nothing lost silently)."""
    raw = doc.raw
    spans = [(p.start, p.end, "kept") for p in doc.paragraphs]
    spans += [(r.start, r.end, r.reason) for r in doc.removed]
    for p in doc.paragraphs:
        assert raw[p.start : p.end] == p.text and p.text == p.text.strip() and p.text
    for r in doc.removed:
        assert raw[r.start : r.end] == r.text
    covered = [0] * len(raw)
    for start, end, _ in spans:
        for i in range(start, end):
            covered[i] += 1
    for i, ch in enumerate(raw):
        assert covered[i] <= 1, f"offset {i} kept/removed twice"
        if not ch.isspace():
            assert covered[i] == 1, f"character {ch!r} at {i} neither kept nor removed"


def reasons(doc: Document) -> list[str]:
    return [r.reason for r in doc.removed]


# --- the seeds --------------------------------------------------------------------------------


def seed(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_vov_english(seeds_dir: Path) -> None:
    raw = seed(seeds_dir, "000")
    doc = clean_text(raw, "en")
    assert_provenance(doc)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("Vietnam-US film cooperation")  # the title is content
    assert texts[1].startswith("The Permanent Mission")  # "VOV.VN - " cut off
    assert raw[doc.paragraphs[1].start - len("VOV.VN - ") : doc.paragraphs[1].start] == "VOV.VN - "
    assert texts[-1].startswith("On this occasion")  # follow line and Related block dropped
    assert "dateline" in reasons(doc) and "related-block" in reasons(doc)
    assert not any("Film screened" in t for t in texts)


def test_seed_abridged_english_has_no_furniture(seeds_dir: Path) -> None:
    doc = clean_text(seed(seeds_dir, "001"), "en")
    assert_provenance(doc)
    assert doc.removed == ()
    assert len(doc.paragraphs) == 14


def test_seed_french(seeds_dir: Path) -> None:
    doc = clean_text(seed(seeds_dir, "002"), "fr")
    assert_provenance(doc)
    texts = [p.text for p in doc.paragraphs]
    assert not any("(Photo" in t or t.endswith("|") for t in texts)
    assert texts[-1].startswith("Les résultats de l’atelier")  # "Comment (0)" dropped
    # Captions stay, without their credit: content is kept.
    assert "L'ancien gouverneur du Massachusetts Michael Dukakis." in texts
    assert "Connecter l'industrie cinématographique vietnamo-américaine" in texts  # a heading
    assert reasons(doc).count("photo-credit") == 6
    assert "comment-counter" in reasons(doc)


def test_seed_vietnamese(seeds_dir: Path) -> None:
    doc = clean_text(seed(seeds_dir, "003"), "vi")
    assert_provenance(doc)
    texts = [p.text for p in doc.paragraphs]
    assert texts[1].startswith("Ngày 11.3.2025")  # byline dropped, "VHO - " cut
    assert not any(t.endswith(("ảnh 1", "ảnh 9")) for t in texts)
    assert texts[-1].startswith("Với sự đồng hành")  # trailers dropped
    assert reasons(doc).count("image-marker") == 9
    assert {"byline", "dateline", "trailer"} <= set(reasons(doc))
    assert "Đại sứ Đặng Hoàng Giang phát biểu tại hội thảo" in texts  # caption kept


def test_seed_thai(seeds_dir: Path) -> None:
    doc = clean_text(seed(seeds_dir, "004"), "th")
    assert_provenance(doc)
    texts = [p.text for p in doc.paragraphs]
    assert not any("(ภาพ" in t or t.endswith("|") for t in texts)
    assert not any(t.endswith("(0)") for t in texts)
    assert len(texts) == 49


def test_seed_lines_are_paragraphs_in_order(seeds_dir: Path) -> None:
    doc = clean_text(seed(seeds_dir, "002"), "fr")
    starts = [p.start for p in doc.paragraphs]
    assert starts == sorted(starts)
    assert doc.text.count("\n\n") == len(doc.paragraphs) - 1


# --- invented articles of the same outlets ------------------------------------------------------

VOV_LIKE = """Vietnam and Japan agree to boost digital cooperation

VOV.VN - Vietnamese and Japanese officials signed a digital memorandum in Tokyo on April 3.

The agreement covers e-government, cybersecurity and the training of engineers.

Deputy Minister Nguyen Huy Dung said the deal would open doors for Vietnamese firms.

Follow VOV.VN on Facebook and YouTube

Related

Vietnam, Japan discuss semiconductor cooperation
Vietnam, Japan discuss semiconductor cooperation

Japanese investors are looking at Vietnam's chip sector.

Vietnam, Japan discuss semiconductor cooperation

Japanese investors are looking at Vietnam's chip sector.
"""

VHO_LIKE = """Khai mạc Tuần phim Nhật Bản tại Hà Nội năm 2025

THU HÀ, ảnh: BTC

VHO - Tối 5.4, tại Trung tâm Chiếu phim Quốc gia, Tuần phim Nhật Bản 2025 chính thức khai mạc.

Khai mạc Tuần phim Nhật Bản tại Hà Nội năm 2025 - ảnh 1
Đại sứ Nhật Bản phát biểu tại lễ khai mạc

Sự kiện giới thiệu 8 bộ phim đặc sắc. Vé được phát miễn phí tại quầy.

Khai mạc Tuần phim Nhật Bản tại Hà Nội năm 2025 - ảnh 2

Phim bế mạc là một tác phẩm hoạt hình.

Bình luận (3)

Tin liên quan

Ý kiến bạn đọc
"""

NHANDAN_FR_LIKE = """Le ministre s'exprime lors de la cérémonie. (Photo : VNA) |
La cérémonie s'est tenue mardi à Hanoï. Elle a réuni 300 invités.
Un nouveau chapitre
Les invités lors de la réception. |
Selon le ministre, la coopération va s'intensifier. (Photo: Nhan Dan) |
Le programme se poursuivra jusqu'en 2030.
Commentaires (12)"""

THAI_LIKE = """รัฐมนตรีกล่าวสุนทรพจน์ในพิธี (ภาพ: VNA) |
พิธีจัดขึ้นที่กรุงฮานอยเมื่อวันอังคาร มีผู้เข้าร่วม 300 คน
แขกผู้มีเกียรติในงานเลี้ยงต้อนรับ |
โครงการจะดำเนินต่อไปจนถึงปี 2030
แสดงความคิดเห็น (2)"""

WIRE_LIKE = """Storm batters northern coast

By Jane Doe

HANOI (Reuters) - A powerful storm hit the northern coast on Saturday, cutting power to homes.

Authorities evacuated 20,000 people from low-lying areas.
Photo: Reuters

Schools will reopen on Monday, officials said.

Read more

Typhoon season starts early this year
Typhoon season starts early this year
"""


def test_invented_vov_article() -> None:
    doc = clean_text(VOV_LIKE, "en")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Vietnam and Japan agree to boost digital cooperation",
        "Vietnamese and Japanese officials signed a digital memorandum in Tokyo on April 3.",
        "The agreement covers e-government, cybersecurity and the training of engineers.",
        "Deputy Minister Nguyen Huy Dung said the deal would open doors for Vietnamese firms.",
    ]


def test_invented_vho_article() -> None:
    doc = clean_text(VHO_LIKE, "vi")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Khai mạc Tuần phim Nhật Bản tại Hà Nội năm 2025",
        "Tối 5.4, tại Trung tâm Chiếu phim Quốc gia, Tuần phim Nhật Bản 2025 chính thức khai mạc.",
        "Đại sứ Nhật Bản phát biểu tại lễ khai mạc",
        "Sự kiện giới thiệu 8 bộ phim đặc sắc. Vé được phát miễn phí tại quầy.",
        "Phim bế mạc là một tác phẩm hoạt hình.",
    ]
    assert set(reasons(doc)) >= {"byline", "dateline", "image-marker", "comment-counter"}


def test_invented_french_article() -> None:
    doc = clean_text(NHANDAN_FR_LIKE, "fr")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Le ministre s'exprime lors de la cérémonie.",
        "La cérémonie s'est tenue mardi à Hanoï. Elle a réuni 300 invités.",
        "Un nouveau chapitre",
        "Les invités lors de la réception.",
        "Selon le ministre, la coopération va s'intensifier.",
        "Le programme se poursuivra jusqu'en 2030.",
    ]


def test_invented_thai_article() -> None:
    doc = clean_text(THAI_LIKE, "th")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "รัฐมนตรีกล่าวสุนทรพจน์ในพิธี",
        "พิธีจัดขึ้นที่กรุงฮานอยเมื่อวันอังคาร มีผู้เข้าร่วม 300 คน",
        "แขกผู้มีเกียรติในงานเลี้ยงต้อนรับ",
        "โครงการจะดำเนินต่อไปจนถึงปี 2030",
    ]


def test_invented_wire_article() -> None:
    doc = clean_text(WIRE_LIKE, "en")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Storm batters northern coast",
        "A powerful storm hit the northern coast on Saturday, cutting power to homes.",
        "Authorities evacuated 20,000 people from low-lying areas.",
        "Schools will reopen on Monday, officials said.",
    ]


VN_SPORTS_LIKE = """Khán giả cổ vũ đội tuyển

BÀI VÀ ẢNH: THU HÀ

VTV.vn - Tối qua, hàng nghìn người đã đến sân Mỹ Đình để cổ vũ đội tuyển Việt Nam.

Khán giả theo dõi trận đấu trên màn hình lớn
Facebook CEO Mark Zuckerberg at the event
Cổ động viên tại sân (Ảnh minh họa)
Ảnh minh họa

Trận đấu kết thúc với tỷ số 2-1. Người hâm mộ ăn mừng đến khuya trên các tuyến phố.

Mời bạn đọc theo dõi tin tức trên Zalo
"""


def test_invented_vietnamese_sports_article() -> None:
    """Captions that mention following or platforms are content; calls to the reader are not."""
    doc = clean_text(VN_SPORTS_LIKE, "vi")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Khán giả cổ vũ đội tuyển",
        "Tối qua, hàng nghìn người đã đến sân Mỹ Đình để cổ vũ đội tuyển Việt Nam.",
        "Khán giả theo dõi trận đấu trên màn hình lớn",
        "Facebook CEO Mark Zuckerberg at the event",
        "Cổ động viên tại sân",
        "Trận đấu kết thúc với tỷ số 2-1. Người hâm mộ ăn mừng đến khuya trên các tuyến phố.",
    ]
    assert reasons(doc) == ["byline", "dateline", "photo-credit", "photo-credit", "trailer"]


TOOLBARS_AND_LINKS = """Giá xăng giảm lần thứ ba liên tiếp

Chia sẻ | Facebook | Zalo | In bài

Từ 15 giờ chiều nay, giá xăng RON 95 giảm 500 đồng mỗi lít, xuống còn 21.000 đồng.

>> Xem thêm: Giá dầu thế giới lao dốc

Liên Bộ Công Thương - Tài chính cho biết quỹ bình ổn giá không được sử dụng trong kỳ này.

Read more: Oil prices slump worldwide
"""


def test_toolbars_and_inline_related_links_are_dropped() -> None:
    doc = clean_text(TOOLBARS_AND_LINKS, "vi")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Giá xăng giảm lần thứ ba liên tiếp",
        "Từ 15 giờ chiều nay, giá xăng RON 95 giảm 500 đồng mỗi lít, xuống còn 21.000 đồng.",
        "Liên Bộ Công Thương - Tài chính cho biết quỹ bình ổn giá không được sử dụng trong kỳ này.",
    ]
    assert reasons(doc) == ["share-tools", "related-link", "related-link"]


# --- content that looks like furniture must stay -------------------------------------------------

CONTENT = """Parliament debates the new press law

Lawmakers met on Tuesday to discuss the draft.

Comments on the draft were sent by 40 organisations.

The photo exhibition (Photo Week) opens in May.

EU - Vietnam trade grew by 5% last year, the ministry said in its report on Friday.

Related documents are published on the ministry's website every month.

Deputies will vote on the text in June. The law would take effect in 2026.

The committee received many opinions from experts, lawyers and journalists.

Its chairman said the final draft would reflect them.
"""


def test_content_that_resembles_furniture_is_kept() -> None:
    doc = clean_text(CONTENT, "en")
    assert_provenance(doc)
    assert doc.removed == ()
    assert len(doc.paragraphs) == 9


def test_dateline_only_near_the_top() -> None:
    body = "\n\n".join(f"Paragraph number {i} says something long enough here." for i in range(8))
    raw = f"Title of the story\n\n{body}\n\nAFP - a quoted source said the talks would resume."
    doc = clean_text(raw, "en")
    assert doc.paragraphs[-1].text.startswith("AFP - ")


def test_empty_and_blank_input() -> None:
    assert clean_text("").paragraphs == ()
    assert clean_text(" \n\n \t").paragraphs == ()


def test_crlf_and_bom_free_offsets() -> None:
    raw = "Title\r\n\r\nVHO - Body text of the article goes on here.\r\nSecond line. |\r\n"
    doc = clean_text(raw, "vi")
    assert_provenance(doc)
    assert [p.text for p in doc.paragraphs] == [
        "Title",
        "Body text of the article goes on here.",
        "Second line.",
    ]


@pytest.mark.parametrize("lang", [None, "en", "th"])
def test_lang_is_recorded(lang: str | None) -> None:
    assert clean_text("Some text.", lang, path="x.txt").lang == lang
    assert clean_text("Some text.", lang, path="x.txt").path == "x.txt"


PIECES = st.sampled_from(
    [
        "Title words",
        "\n",
        "\n\n",
        " ",
        "VOV.VN - ",
        "(Photo : Thanh Ha) |",
        " |",
        "|",
        "Comment (0)",
        "Related",
        "Tin liên quan",
        "MINH NGỌC, ảnh: VFDA",
        "A sentence. ",
        "Another one",
        "ภาพ",
        "- ảnh 1",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_provenance_property(raw: str) -> None:
    assert_provenance(clean_text(raw))
