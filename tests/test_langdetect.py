"""Language detection from script and stop-word profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parallelcorpus as pc
from parallelcorpus.langdetect import detect_language, expected_script, script_of


@pytest.mark.parametrize(
    ("prefix", "lang"), [("000", "en"), ("001", "en"), ("002", "fr"), ("003", "vi"), ("004", "th")]
)
def test_seeds(seeds_dir: Path, prefix: str, lang: str) -> None:
    text = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    assert detect_language(text) == lang
    assert pc.detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said that the talks would resume next week in Hanoi.", "en"),
        ("Le ministre a déclaré que les négociations reprendraient la semaine prochaine.", "fr"),
        ("Bộ trưởng cho biết các cuộc đàm phán sẽ được nối lại vào tuần tới.", "vi"),
        ("Der Minister sagte, dass die Gespräche in der nächsten Woche fortgesetzt werden.", "de"),
        ("El ministro dijo que las conversaciones se reanudarán la próxima semana.", "es"),
        ("Il ministro ha detto che i colloqui riprenderanno la prossima settimana.", "it"),
        ("O ministro disse que as negociações serão retomadas na próxima semana.", "pt"),
        ("De minister zei dat de gesprekken volgende week in Hanoi worden hervat.", "nl"),
        ("รัฐมนตรีกล่าวว่าการเจรจาจะเริ่มขึ้นอีกครั้งในสัปดาห์หน้า", "th"),
        ("Министр сказал, что переговоры возобновятся на следующей неделе.", "ru"),
        ("部长说，谈判将于下周恢复。", "zh"),
        ("大臣は、交渉は来週再開されると述べた。", "ja"),
        ("장관은 다음 주에 회담이 재개될 것이라고 말했다.", "ko"),
        ("قال الوزير إن المحادثات ستستأنف الأسبوع المقبل.", "ar"),
        ("Ο υπουργός είπε ότι οι συνομιλίες θα συνεχιστούν.", "el"),
        ("मंत्री ने कहा कि वार्ता अगले सप्ताह फिर से शुरू होगी।", "hi"),
    ],
)
def test_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"), [("Il fait beau.", "fr"), ("The end.", "en"), ("Xin chào các bạn", "vi")]
)
def test_short_texts(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_vietnamese_without_much_text_and_unaccented_english() -> None:
    assert detect_language("Việt Nam đẹp lắm") == "vi"
    # English with a Vietnamese name or a stray Vietnamese line stays English.
    text = "Mr. Đặng Hoàng Giang said the event was a success. " * 5 + "Mời quý độc giả"
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   ", "12345 67", "!!! ???", "xyzzy plugh"])
def test_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


def test_script_of() -> None:
    assert script_of("Hello world") == "Latin"
    assert script_of("สวัสดีครับ Hello") == "Thai"
    assert script_of("ひらがなと漢字") == "Han"
    assert script_of("1234") == ""
    assert expected_script("th") == "Thai" and expected_script("fr") == "Latin"
    assert expected_script("xx") is None


def test_long_text_is_sampled() -> None:
    text = "Le chat est sur la table et il dort. " * 200_000  # ~7 MB
    assert detect_language(text) == "fr"


@given(st.text(max_size=200))
def test_always_returns_a_code(text: str) -> None:
    code = detect_language(text)
    assert code == "und" or (2 <= len(code) <= 3 and code.isalpha() and code.islower())
