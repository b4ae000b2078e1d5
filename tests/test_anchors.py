"""Anchors: keys that agree across languages, scripts and calendars; robustness on odd text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parallelcorpus as pc
from parallelcorpus.anchors import (
    AnchorMatch,
    anchor_keys,
    anchor_set,
    anchor_similarity,
    document_key_weights,
    extract_anchors,
    reweight,
)
from parallelcorpus.anchors.phonetic import latin_skeletons, thai_skeleton

DATA = Path(__file__).parent / "data" / "anchors"


def keys(text: str, lang: str) -> set[str]:
    return {a.key for a in extract_anchors(text, lang)}


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        ("1,000 people", "en", "num:1000"),
        ("1 000 personnes", "fr", "num:1000"),
        ("1\u202f000 personnes", "fr", "num:1000"),
        ("1.000 người", "vi", "num:1000"),
        ("๑,๐๐๐ คน", "th", "num:1000"),
        ("2,5 % de hausse", "fr", "pct:2.5"),
        ("up 2.5%", "en", "pct:2.5"),
        ("tăng 2,5 phần trăm", "vi", "pct:2.5"),
        ("ร้อยละ 2.5", "th", "pct:2.5"),
        ("the 30th anniversary", "en", "num:30"),
        ("le 30e anniversaire", "fr", "num:30"),
        ("lần thứ 30", "vi", "num:30"),
        ("ครบรอบ 30 ปี", "th", "num:30"),
        ("in the 1990s", "en", "decade:1990"),
        ("dans les années 90", "fr", "decade:1990"),
        ("từ những năm 90", "vi", "decade:1990"),
        ("ในช่วงทศวรรษ 1990", "th", "decade:1990"),
        ("ในปี 2568", "th", "year:2025"),
        ("พ.ศ. 2540", "th", "year:1997"),
        ("in 2025", "en", "year:2025"),
        ("1,5 milliard de dollars", "fr", "num:1500000000"),
        ("$1.5 billion", "en", "num:1500000000"),
        ("1,5 tỷ USD", "vi", "num:1500000000"),
        ("1.5 พันล้านดอลลาร์", "th", "num:1500000000"),
        ("3 000 milliards", "fr", "num:3000000000000"),
        ("3 trillion", "en", "num:3000000000000"),
        ("at 17.00", "en", "num:17"),
        ("etwa 1 ½ m tief", "de", "num:1.5"),  # = "1,50 m"
        ("won by 2¾ lengths", "en", "num:2.75"),
        ("up 3½%", "en", "pct:3.5"),
        ("1½ million", "en", "num:1500000"),
        ("½ Stunde", "de", "num:0.5"),
    ],
)
def test_number_keys(text: str, lang: str, key: str) -> None:
    assert key in keys(text, lang)


def test_inexact_fractions_are_left_alone() -> None:
    assert "num:12" in keys("12 ⅓ km", "en") and not any("12." in k for k in keys("12 ⅓", "en"))


def test_decimal_separator_follows_the_language() -> None:
    assert "num:4.5" in keys("4,5 %", "fr") and "num:45" not in keys("4,5 %", "fr")
    assert "num:1284.5" in keys("1.284,5 điểm", "vi")
    assert "num:1284.5" in keys("1,284.5 points", "en")


def test_number_words_are_weak_and_vietnamese_nam_as_year_is_not_five() -> None:
    five = [a for a in extract_anchors("cinq ans", "fr") if a.key == "num:5"]
    assert five and five[0].weight < 0.5
    assert "num:5" in keys("năm người", "vi")
    assert "num:5" not in keys("kỷ niệm 30 năm", "vi")
    assert "num:5" not in keys("vào năm 2025", "vi")
    assert "num:5" not in keys("trong năm nay", "vi")
    assert "num:3" not in keys("ไม่สามารถทำได้", "th")  # สาม inside สามารถ
    assert "num:2" in keys("ทั้งสองประเทศ", "th")


def test_buddhist_era_only_in_thai_context() -> None:
    assert "year:2025" not in keys("2568 items", "en")
    assert "num:2568" in keys("2568 items", "en")


def test_an_explicit_buddhist_era_mark_converts_any_year() -> None:
    # history: the Siamese recapture of Chiang Mai, 1774 = พ.ศ. 2317
    assert "year:1774" in keys("ต่อมาใน พ.ศ. 2317 เจ้านายฝ่ายเหนือยึดเมืองคืนมา", "th")
    assert "year:1774" in keys("Elle fut reprise en 1774.", "fr")
    assert "year:1350" in keys("กรุงศรีอยุธยาสถาปนาขึ้นเมื่อ พ.ศ.1893", "th")
    # "ปี" (year) alone is no such mark: a 23xx after it stays a number
    assert "year:1774" not in keys("ในปี 2317", "th")


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ngày 11.3.2025, hội thảo", "vi"),
        ("le 11 mars 2025", "fr"),
        ("on March 11, 2025", "en"),
        ("on 11 March 2025", "en"),
        ("เมื่อ 11 มีนาคม 2568", "th"),
        ("ngày 11 tháng 3 năm 2025", "vi"),
        ("วันที่ 11 มี.ค. 68", "th"),
        ("2025-03-11", "de"),
    ],
)
def test_full_dates(text: str, lang: str) -> None:
    assert {"date:2025-03-11", "date:--03-11", "year:2025"} <= keys(text, lang)


def test_partial_dates_meet() -> None:
    assert "date:--03-12" in keys("on March 12", "en") & keys("le 12 mars", "fr")
    assert "date:--03-11" in keys("ngày 11.3", "vi") & keys("11 มีนาคม", "th")
    assert "date:2024-06" in keys("in June 2024", "en") & keys("vào tháng 6 năm 2024", "vi")


def test_ambiguous_english_numeric_dates_keep_both_readings() -> None:
    both = keys("on 4/7/2023", "en")
    assert {"date:2023-07-04", "date:2023-04-07"} <= both
    assert keys("on 3/25/2025", "en") >= {"date:2025-03-25"}


def test_unknown_language_codes_fall_back_to_the_script() -> None:
    assert "year:2025" in keys("ในปี 2568", "xx")
    assert "name:harvard" in keys("at Harvard today", "zz-Latn")
    assert "date:--03-12" in keys("le 12 mars", "fr-CA")


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        ("HANOI, Oct. 7 (PCN)", "en", "date:--10-07"),  # the abbreviation's full stop
        ("CAN THO, Sept. 18 (PCN)", "en", "date:--09-18"),  # en_GB's "Sept"
        ("am 3. Jänner 2025", "de", "date:2025-01-03"),  # de_AT's "Jänner"
        ("le 12 juill. 2024", "fr", "date:2024-07-12"),  # fr_CA's "juill."
    ],
)
def test_month_spellings_of_regional_variants(text: str, lang: str, key: str) -> None:
    assert key in keys(text, lang)


def test_month_names_are_not_guessed_from_other_words() -> None:
    assert not any(k.startswith("date:") for k in keys("Mars, investisseur, a déclaré", "fr"))
    assert not any(k.startswith("date:") for k in keys("We may go.", "en"))
    # "May" is a full name: no abbreviation's full stop after it
    assert not any(k.startswith("date:") for k in keys("It rained in May. 7 people died.", "en"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("before 5 p.m.", "en"),
        ("avant 17 heures", "fr"),
        ("à 17h00", "fr"),
        ("trước 17 giờ", "vi"),
        ("ก่อน 17.00 น.", "th"),
        ("at 17:00", "de"),
    ],
)
def test_clock_times(text: str, lang: str) -> None:
    assert "time:17:00" in keys(text, lang)


def test_weekdays_and_currencies_from_cldr() -> None:
    assert "wd:1" in keys("on Monday", "en") & keys("lundi", "fr") & keys("hôm thứ Hai", "vi")
    assert "wd:1" in keys("เมื่อวันจันทร์", "th")
    usd = (
        keys("$5", "en") & keys("5 dollars", "fr") & keys("5 đô la", "vi") & keys("5 ดอลลาร์", "th")
    )
    assert "cur:USD" in usd
    assert "cur:VND" in keys("500 nghìn đồng", "vi") and "cur:VND" not in keys("đồng thời", "vi")
    assert "cur:THB" not in keys("มีบทบาทสำคัญ", "th")  # บาท inside บทบาท
    assert "cur:KRW" not in keys("Messi has won the cup", "en")


def test_adjectives_of_nationality_meet_the_country() -> None:
    th = keys("ภาพยนตร์เวียดนามและอเมริกา", "th")
    assert {"place:VN", "place:US"} <= th
    assert {"place:VN", "place:US"} <= keys("l'industrie vietnamo-américaine", "fr")
    assert {"place:VN", "place:US"} <= keys("Vietnamese and American films", "en")
    assert "place:VN" in keys("điện ảnh Việt có tác động", "vi")
    assert "place:DE" in keys("le chancelier allemand", "fr")
    assert not any(k.startswith("place:") for k in keys("Christian and Julian met.", "en"))


@pytest.mark.parametrize(
    ("text", "lang", "code"),
    [
        ("the French team", "en", "FR"),  # French/France: no suffix rule reaches it
        ("die französische Expedition", "de", "FR"),
        ("Die Franzosen kamen", "de", "FR"),  # the noun drops the umlaut
        ("the Thai government", "en", "TH"),
        ("les alpinistes thaïes", "fr", "TH"),
        ("die Türken", "de", "TR"),
        ("the Greeks", "en", "GR"),
        ("die Niederländer", "de", "NL"),
    ],
)
def test_language_names_are_adjectives_of_nationality(text: str, lang: str, code: str) -> None:
    # from CLDR language names and likely territories, so every language meets the country name
    assert f"place:{code}" in keys(text, lang)
    country = {"FR": "ฝรั่งเศส", "TH": "ไทย", "TR": "ตุรกี", "GR": "กรีซ", "NL": "เนเธอร์แลนด์"}
    assert f"place:{code}" in keys(f"ประเทศ{country[code]}", "th")


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Schweizer", "CH"),  # country + er
        ("schweizerische", "CH"),  # + erisch
        ("schweizerisch", "CH"),
        ("Österreicher", "AT"),
        ("Amerikaner", "US"),  # + ner
        ("amerikanische", "US"),
        ("Kanadier", "CA"),  # + ier
        ("Spanier", "ES"),
    ],
)
def test_german_nouns_and_adjectives_of_nationality(word: str, code: str) -> None:
    assert f"place:{code}" in keys(f"die {word} kamen", "de")


@pytest.mark.parametrize(
    "word", ["Papier", "Offizier", "Turnier", "Monster", "Hunger", "Finger", "schweinische"]
)
def test_german_words_ending_like_nationality_nouns(word: str) -> None:
    assert not any(k.startswith("place:") for k in keys(f"das {word} war da", "de"))


@pytest.mark.parametrize(
    "word", ["soudain", "domine", "colombe", "libère", "brune", "royaume", "argenté", "turquoise"]
)
def test_french_words_ending_like_nationality_adjectives(word: str) -> None:
    # Soudan, Dominique, Colombie, Liberia, Brunei, Royaume-Uni, Argentine, Turquie
    assert not any(k.startswith("place:") for k in keys(f"il est {word} ici", "fr"))


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("suisse", "CH"),
        ("américaine", "US"),
        ("turque", "TR"),
        ("grecque", "GR"),
        ("libérien", "LR"),
    ],
)
def test_french_adjectives_of_nationality(word: str, code: str) -> None:
    assert f"place:{code}" in keys(f"l'équipe {word}", "fr")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("English football", "en"),  # spoken in many countries: CLDR's likely one is the US
        ("Portuguese wine", "en"),  # likely territory Brazil, whose name does not start so
        ("Arabic script", "en"),
        ("Mr Thái said", "en"),  # a Vietnamese name, not "Thai"
        ("le latin", "fr"),  # likely territory the Vatican: the name shares two letters only
        ("un malaise général", "fr"),
        ("des malaises", "fr"),
        ("die Letter", "de"),
        ("George Mallory", "de"),
    ],
)
def test_language_names_that_are_not_one_country(text: str, lang: str) -> None:
    assert not {k for k in keys(text, lang) if k.startswith("place:")}


# ----------------------------------------------------------------------------- names


def test_latin_names_fold_diacritics_and_keep_parts() -> None:
    vi = keys("Đại sứ Đặng Hoàng Giang phát biểu", "vi")
    fr = keys("L'ambassadeur Dang Hoang Giang a déclaré", "fr")
    en = keys("Ambassador Giang said", "en")
    assert "name:dang hoang giang" in vi & fr
    assert "name:giang" in fr & en
    assert "name:tony bui" in keys("đạo diễn Tony Bùi chia sẻ", "vi") & keys("with Tony Bui.", "en")


def strong_keys(text: str, lang: str) -> set[str]:
    return {a.key for a in extract_anchors(text, lang) if a.weight >= 0.5}


def test_sentence_initial_function_words_are_weak_at_most() -> None:
    assert not any(k.startswith("name:") for k in strong_keys("Les délégués ont proposé", "fr"))
    assert not any(k.startswith("name:") for k in strong_keys("However, the plan failed.", "en"))
    assert "name:alpes" in strong_keys("Les Alpes 1956", "fr")
    assert "name:berner alpen" in strong_keys("Die Berner Alpen 1956", "de")
    assert "name:les" not in strong_keys("Les Alpes 1956", "fr")


def test_german_nouns_are_weak_names_at_most() -> None:
    # German capitalises every noun: a lone capitalised word is weak evidence, a run of two or
    # more (a person, "Berner Oberland") stays strong
    text = "In letzter Zeit ist der Fluss gestiegen, sagte Günter Dyhrenfurth in Zürich."
    strong = strong_keys(text, "de")
    assert not {"name:zeit", "name:fluss"} & strong
    assert {"name:zeit", "name:fluss"} <= keys(text, "de")
    assert "name:gunter dyhrenfurth" in strong
    assert "place:city:zurich" in strong  # a lone place name keeps its place key


def test_vietnamese_lone_capitalised_syllables_are_weak() -> None:
    text = "phối hợp với Hiệp hội Điện ảnh và Đại học Harvard"
    assert "name:hiep" not in strong_keys(text, "vi") and "name:hiep" in keys(text, "vi")
    assert "name:harvard" in strong_keys(text, "vi")
    assert "name:ngo phuong lan" in strong_keys("theo TS. Ngô Phương Lan", "vi")


def test_titles_are_no_part_of_a_name() -> None:
    en = keys("At the workshop, Mr. Dang Hoang Giang said", "en")
    fr = keys("Le Dr Ngo Phuong Lan et Mme Angela Perry ont déclaré", "fr")
    vi = keys("theo TS. Ngô Phương Lan và ông Mars", "vi")
    assert not {"name:mr", "name:dr", "name:mme", "acr:ts"} & (en | fr | vi)
    assert not any(k.startswith(("name:dr ", "name:mme ")) for k in fr)
    assert "name:dang hoang giang" in en
    assert {"name:ngo phuong lan", "name:angela perry"} <= fr
    assert "name:ngo phuong lan" in vi


def test_hyphenated_names_meet_their_parts() -> None:
    de = keys("des Everest-Gebietes und der Chomo-Lungma-Gruppe", "de")
    fr = keys("de l'Everest et du groupe du Chomo Lungma", "fr")
    assert {"name:everest", "name:chomo lungma"} <= de & fr


def test_acronyms_and_translated_acronyms() -> None:
    assert {"acr:vfda", "acr:bgf", "acr:mit"} <= keys("VFDA, BGF and MIT", "en")
    assert "acr:ai" in keys("l'IA générative", "fr") & keys("generative AI", "en")
    assert "acr:un" in keys("l'ONU", "fr") & keys("the UN", "en")


def test_urls_and_emails() -> None:
    text = "See https://www.who.int/news. Mail press@example.org."
    ks = keys(text, "en")
    assert {"url:who.int/news", "email:press@example.org"} <= ks


@pytest.mark.parametrize(
    ("latin", "thai"),
    [
        # from the seeds
        ("Harvard", "ฮาร์วาร์ด"),
        ("Massachusetts", "แมสซาชูเซตส์"),
        ("Dukakis", "ดูคาคิส"),
        ("Boston", "บอสตัน"),
        ("Tony Bui", "โทนี่ บุย"),
        ("Dang Hoang Giang", "ดาง ฮวง เกียง"),
        ("Dang Hoang Giang", "ดัง ฮวง ซาง"),
        # not in the seeds
        ("London", "ลอนดอน"),
        ("Paris", "ปารีส"),
        ("Toronto", "โตรอนโต"),
        ("Washington", "วอชิงตัน"),
        ("California", "แคลิฟอร์เนีย"),
        ("Liverpool", "ลิเวอร์พูล"),
        ("Ronaldo", "โรนัลโด"),
        ("Biden", "ไบเดน"),
        ("Trump", "ทรัมป์"),
        ("Macron", "มาครง"),
        ("Zelensky", "เซเลนสกี"),
        ("Microsoft", "ไมโครซอฟท์"),
        ("Manchester", "แมนเชสเตอร์"),
        ("Barcelona", "บาร์เซโลนา"),
        ("Elon Musk", "อีลอน มัสก์"),
        ("Berlin", "เบอร์ลิน"),
    ],
)
def test_thai_transliterations_share_the_phonetic_key(latin: str, thai: str) -> None:
    assert thai_skeleton(thai.replace(" ", "")) in latin_skeletons(latin)


@pytest.mark.parametrize(
    ("latin_text", "lang", "thai_text"),
    [
        ("Former Governor Michael Dukakis spoke.", "en", "อดีตผู้ว่าการ ไมเคิล ดูคาคิส กล่าว"),
        ("le professeur Tony Bui a déclaré", "fr", "ศาสตราจารย์โทนี บุย กล่าว"),
        ("à l'Université de Harvard", "fr", "ที่มหาวิทยาลัยฮาร์วาร์ด"),
        ("Kim Jong Un met Vladimir Putin.", "en", "คิม จอง อึน พบกับวลาดิมีร์ ปูติน"),
        ("Erling Haaland scored for Manchester City.", "en", "เออร์ลิง ฮาลันด์ ยิงประตูให้แมนเชสเตอร์ ซิตี้"),
        ("Taylor Swift đến Singapore", "vi", "เทย์เลอร์ สวิฟต์ มาสิงคโปร์"),
        ("Chelsea beat Arsenal 2-1.", "en", "เชลซีเอาชนะอาร์เซนอล"),
        ("Rishi Sunak a démissionné.", "fr", "ริชี ซูนัก ลาออกจากตำแหน่ง"),
        ("Tổng thống Joko Widodo thăm Jakarta", "vi", "ประธานาธิบดีโจโก วิโดโด เยือน"),
        ("Google and Microsoft invested", "en", "กูเกิลและไมโครซอฟท์ลงทุน"),
        ("Cristiano Ronaldo a marqué", "fr", "คริสเตียโน โรนัลโด ยิงประตู"),
        # a syllable of the name that is also a Thai word (Văn = วัน, "day")
        ("TS. Nguyễn Văn Phúc cho biết", "vi", "ดร.เหงียน วัน ฟุก กล่าว"),
    ],
)
def test_names_meet_their_thai_transliteration_in_running_text(
    latin_text: str, lang: str, thai_text: str
) -> None:
    shared = keys(latin_text, lang) & keys(thai_text, "th")
    assert any(k.startswith("ph:") for k in shared), shared


@pytest.mark.parametrize(
    ("latin_text", "lang", "thai_text", "key"),
    [
        # provinces: their official English names (pythainlp's list) give the Latin keys
        ("Le train de nuit relie Bangkok à Chiang Mai.", "fr", "รถไฟกลางคืนไปเชียงใหม่", None),
        ("Floods hit Khon Kaen and Nong Khai.", "en", "น้ำท่วมขอนแก่นและหนองคาย", "name:khon kaen"),
        # Thai family and given names: their romanisation meets the Latin spelling
        ("Yingluck Shinawatra a quitté le pays.", "fr", "ยิ่งลักษณ์ ชินวัตร เดินทางออกนอกประเทศ", None),
        ("Thanakorn Wongsuwan met the minister.", "en", "ธนากร วงศ์สุวรรณ พบรัฐมนตรี", None),
    ],
)
def test_thai_names_meet_their_latin_spelling(
    latin_text: str, lang: str, thai_text: str, key: str | None
) -> None:
    shared = keys(latin_text, lang) & keys(thai_text, "th")
    assert shared, (keys(latin_text, lang), keys(thai_text, "th"))
    if key:
        assert key in shared


def test_thai_names_are_found_by_list_not_by_guess() -> None:
    # "ตาก" is a province, but inside a king's name it is no place; ordinary compounds that
    # the general dictionary lists (ความร่วมมือ "cooperation", ต่อเนื่อง "continuous") are no names
    assert "name:tak" not in keys("สมเด็จพระเจ้าตากสินทรงกู้เอกราช", "th")
    prose = keys("ความร่วมมืออย่างต่อเนื่องระหว่างผู้เชี่ยวชาญทั้งสองฝ่าย", "th")
    assert not any(k.startswith("name:") for k in prose), prose


def test_ordinary_thai_prose_yields_few_phonetic_keys() -> None:
    prose = (
        "ผู้เชี่ยวชาญกล่าวว่าประเทศจำเป็นต้องใช้ประโยชน์จากเทคโนโลยีเพื่อพัฒนากำลังการผลิต "
        "และเสริมสร้างความร่วมมือระหว่างภาคธุรกิจกับสถาบันการศึกษาอย่างต่อเนื่อง"
    )
    strong = [
        a for a in extract_anchors(prose, "th") if a.key.startswith("ph:") and a.weight >= 0.5
    ]
    assert len(strong) <= 2, strong


# ----------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("text", "lang", "code"),
    [
        ("l'Afrique du Sud", "fr", "ZA"),
        ("như Nam Phi", "vi", "ZA"),
        ("หรือแอฟริกาใต้", "th", "ZA"),
        ("South Africa", "en", "ZA"),
        ("les États-Unis", "fr", "US"),
        ("Hoa Kỳ", "vi", "US"),
        ("Mỹ", "vi", "US"),
        ("สหรัฐอเมริกา", "th", "US"),
        ("สหรัฐฯ", "th", "US"),
        ("the US", "en", "US"),
        ("the United States", "en", "US"),
        ("the U.S. market", "en", "US"),
        ("le Vietnam", "fr", "VN"),
        ("Việt Nam", "vi", "VN"),
        ("ธนาคารแห่งประเทศไทย", "th", "TH"),
        ("la Nouvelle-Zélande", "fr", "NZ"),
        ("Thổ Nhĩ Kỳ", "vi", "TR"),
        ("Turkey", "en", "TR"),
    ],
)
def test_places_from_cldr(text: str, lang: str, code: str) -> None:
    assert f"place:{code}" in keys(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("exports to Southeast Asia and Europe", "en"),
        ("les exportations vers l'Asie du Sud-Est et l'Europe", "fr"),
        ("xuất khẩu sang Đông Nam Á và châu Âu", "vi"),  # "châu" in lower case, as written
        ("การส่งออกไปเอเชียตะวันออกเฉียงใต้และยุโรป", "th"),
        ("Exporte nach Südostasien und Europa", "de"),
    ],
)
def test_world_regions_from_cldr(text: str, lang: str) -> None:
    assert {k for k in keys(text, lang) if k.startswith("place:")} == {"place:035", "place:150"}


def test_world_regions_never_displace_a_country() -> None:
    assert "place:US" in keys("die Reise nach Amerika", "de")  # not the Americas (019)
    assert "place:US" in keys("ไปอเมริกา", "th")
    assert "place:US" in keys("le président américain", "fr")
    assert not any(k.startswith("place:") for k in keys("selon Le Monde", "fr"))  # 001 "world"


@pytest.mark.parametrize(
    ("text", "lang", "code"),
    [
        ("talks in Viet Nam", "en", "VN"),  # the UN and Vietnamese government spelling
        ('โครงการ "Friends of Viet Nam - US Film Collaboration"', "th", "VN"),
        ("au Vietnam", "fr", "VN"),
        ("in Süd-Sudan", "de", "SS"),
    ],
)
def test_places_spelled_with_another_languages_spacing(text: str, lang: str, code: str) -> None:
    assert f"place:{code}" in keys(text, lang)


def test_spacing_variants_add_no_new_words() -> None:
    # "Ísland" (Icelandic) flattens to a word no English name has: "Island" stays a name
    assert not any(k.startswith("place:") for k in keys("Rhode Island and Island Records", "en"))


# ----------------------------------------------------------------------------- similarity


def test_similarity_scores_matches_and_conflicts() -> None:
    en = extract_anchors("Apple's revenue rose 6% to $94.9 billion in 2024.", "en")
    th = extract_anchors("รายได้ของแอปเปิลเพิ่มขึ้น 6% เป็น 94,900 ล้านดอลลาร์ในปี 2567", "th")
    other = extract_anchors("Revenue fell 12% in 2019.", "en")
    good, bad = anchor_similarity(en, th), anchor_similarity(other, th)
    assert isinstance(good, AnchorMatch)
    assert {"pct:6", "num:94900000000", "year:2024"} <= set(good.matched)
    assert good.score > 0.5 > bad.score
    assert bad.conflicts and bad.score < 0
    assert -1.0 <= bad.score <= good.score <= 1.0


def test_weak_anchors_help_but_never_hurt() -> None:
    en = extract_anchors("They met five times in 2025.", "en")
    assert anchor_similarity(en, extract_anchors("Ils se sont vus en 2025.", "fr")).score == 1.0
    both = anchor_similarity(en, extract_anchors("Ils se sont vus cinq fois en 2025.", "fr"))
    assert both.score == 1.0 and "num:5" in both.matched


def test_similarity_without_anchors_is_neutral() -> None:
    assert anchor_similarity([], extract_anchors("in 2025", "en")).score == 0.0
    assert pc.anchor_similarity([], []).score == 0.0


def test_anchor_sets_combine_for_multi_sentence_beads() -> None:
    a = anchor_set(extract_anchors("Harvard hosted it in 2025.", "en"))
    b = anchor_set(extract_anchors("Michael Dukakis spoke.", "en"))
    th = extract_anchors("ไมเคิล ดูคาคิส กล่าวที่ฮาร์วาร์ดในปี 2568", "th")
    assert anchor_similarity(a | b, th).score > max(
        anchor_similarity(a, th).score, anchor_similarity(b, th).score
    )
    assert anchor_keys(extract_anchors("in 2025", "en"))["year:2025"] == 1.0


def test_document_weights_discount_keys_found_everywhere() -> None:
    units = [
        extract_anchors(f"Vietnam signed deal number {i} in {2000 + i}.", "en") for i in range(40)
    ]
    weights = document_key_weights(units)
    assert weights["place:VN"] < 0.2 and weights["year:2001"] == 1.0
    assert reweight(units[0], weights).keys["place:VN"] < 0.2


def test_public_api_uses_the_stage() -> None:
    assert {a.key for a in pc.anchors("le 30e anniversaire en 2025", "fr")} >= {
        "num:30",
        "year:2025",
    }


# ----------------------------------------------------------------------------- generalisation


def _multiway() -> list[dict[str, str]]:
    return [json.loads(line) for line in (DATA / "multiway.jsonl").read_text("utf-8").splitlines()]


@pytest.mark.parametrize("pair", ["en-fr", "en-vi", "en-th", "fr-vi", "fr-th", "vi-th"])
def test_out_of_domain_translations_share_keys(pair: str) -> None:
    """Sports, finance, other countries: every translation pair shares a key, non-pairs rarely."""
    sl, tl = pair.split("-")
    rows = _multiway()
    src = [anchor_set(extract_anchors(r[sl], sl)) for r in rows]
    tgt = [anchor_set(extract_anchors(r[tl], tl)) for r in rows]
    hits = sum(1 for s, t in zip(src, tgt, strict=True) if s.keys.keys() & t.keys.keys())
    false = sum(1 for i in range(len(rows) - 3) if src[i].keys.keys() & tgt[i + 3].keys.keys())
    assert hits / len(rows) >= 0.95
    assert false / (len(rows) - 3) <= 0.10
    scores = [anchor_similarity(s, t).score for s, t in zip(src, tgt, strict=True)]
    assert sum(scores) / len(scores) >= 0.6


# ----------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "9" * 5000,
        "1" + ",000" * 400,
        "\u0301\u0301abc",
        "ก์์์",
        "Ǆ ǅ ǆ",
        "\x00\x01",
        "12.34.56.78.90",
        "$$$ %%% 1e9",
        "๙๙๙๙๙๙๙๙๙๙๙๙",
        "https://",
        "@@",
        "ทศวรรษ",
        "'90s",
        "Tháng 13 năm 99999",
        "31/02/2025",
        "99.99.9999",
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr", "vi", "th", "xx", "", "zh-Hant", "de_CH"])
def test_odd_text_never_raises(text: str, lang: str) -> None:
    anchors = extract_anchors(text, lang)
    for a in anchors:
        assert 0 <= a.start <= a.end <= len(text)
        assert 0.0 < a.weight <= 1.0


_PIECES = st.sampled_from(
    [
        "ปี",
        "พ.ศ.",
        "มีนาคม",
        "mars",
        "năm",
        "Harvard",
        "ดาง",
        "\u0301",
        "๒๕",
        "1,000",
        ".",
        ",",
        "%",
        " ",
        "-",
        "/",
        "'",
        "’",
        "s",
        "e",
        "th",
        "ทศวรรษ",
        "années",
        "1990",
        "2568",
        "Ngô",
        "VFDA",
    ]
)
_CHUNKS = st.one_of(st.text(max_size=6), _PIECES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_CHUNKS, max_size=16).map("".join),
    st.sampled_from(["en", "fr", "vi", "th", "de", "xx"]),
)
def test_extraction_invariants(text: str, lang: str) -> None:
    anchors = extract_anchors(text, lang)
    for a in anchors:
        assert 0 <= a.start <= a.end <= len(text)
        assert ":" in a.key
    other = extract_anchors(text[::-1], lang)
    match = anchor_similarity(anchors, other)
    assert -1.0 <= match.score <= 1.0
    assert match.score == pytest.approx(anchor_similarity(other, anchors).score)
    assert anchor_similarity(anchors, anchors).score >= 0.0


def test_function_words_never_become_names() -> None:
    keys = {a.key for a in extract_anchors("The event was great. In 2025 it grew.", "en")}
    assert not {"name:the", "name:in"} & keys
    keys = {a.key for a in extract_anchors("Der Gipfel wurde von der Seilschaft erreicht.", "de")}
    assert "name:der" not in keys and "name:der gipfel" not in keys


# --- cities: CLDR exemplar-city names (babel), keyed across exonyms ----------------------------


def _city_keys(text: str, lang: str) -> set[str]:
    return {a.key for a in pc.anchors(text, lang) if a.key.startswith("place:city:")}


_VIENNA_MOSCOW = {"place:city:vienna", "place:city:moscow"}
# Bangkok is กรุงเทพ (often abbreviated กรุงเทพฯ), no transliteration; Ho Chi Minh City's CLDR
# names are filed under the zone's old name, Asia/Saigon
_BANGKOK_HCMC = {"place:city:bangkok", "place:city:hochiminhcity"}


@pytest.mark.parametrize(
    ("text", "lang", "cities"),
    [
        ("Les ministres se sont retrouvés à Vienne, puis à Moscou.", "fr", _VIENNA_MOSCOW),
        ("The ministers met in Vienna, then in Moscow.", "en", _VIENNA_MOSCOW),
        ("Die Minister trafen sich in Wien und danach in Moskau.", "de", _VIENNA_MOSCOW),
        ("การประชุมจัดขึ้นที่กรุงเวียนนา จากนั้นที่กรุงมอสโก", "th", _VIENNA_MOSCOW),
        ("Flights from Bangkok to Ho Chi Minh City resumed.", "en", _BANGKOK_HCMC),
        ("Les vols de Bangkok à Hô-Chi-Minh-Ville ont repris.", "fr", _BANGKOK_HCMC),
        ("Các chuyến bay từ Bangkok đến TP Hồ Chí Minh đã nối lại.", "vi", _BANGKOK_HCMC),
        ("เที่ยวบินจากกรุงเทพฯ ไปโฮจิมินห์กลับมาให้บริการอีกครั้ง", "th", _BANGKOK_HCMC),
        ("เที่ยวบินจากกรุงเทพ ไปนครโฮจิมินห์", "th", _BANGKOK_HCMC),
    ],
)
def test_cities_share_one_key_across_exonyms_and_scripts(text, lang, cities):
    assert _city_keys(text, lang) == cities


def test_city_names_in_vietnamese_and_multiword_spellings():
    assert _city_keys("Đoàn công tác đã tới Mát-xcơ-va.", "vi") == {"place:city:moscow"}
    assert _city_keys("Le sommet a lieu au Caire, pas à Dar es Salaam.", "fr") == {
        "place:city:cairo",
        "place:city:daressalaam",
    }


def test_thai_city_names_need_their_whole_word():
    assert _city_keys("เทพเจ้าแห่งสายฟ้า", "th") == set()  # เทพ (god) is no Bangkok


def test_vietnamese_place_syllables_meet_the_word_english_writes():
    assert "name:hanoi" in keys("Hội nghị diễn ra tại Hà Nội.", "vi") & keys("in Hanoi", "en")
    assert "name:danang" in keys("ở Đà Nẵng", "vi") & keys("in Danang", "en")
    # only two short words: a longer name is no place written in syllables
    assert "name:cinemapark" not in keys("the AIWS Cinema Park", "en")
    assert "name:danghoanggiang" not in keys("ông Đặng Hoàng Giang", "vi")
    assert "name:newyork" not in keys("in New York", "en")  # only Vietnamese writes syllables


def test_vietnamese_day_month_with_a_dot_is_a_weak_date():
    # Vietnamese decimals take a comma: "7.10" in a dateline is 7 October
    dateline = {a.key: a.weight for a in extract_anchors("HÀ NỘI, 7.10 (PCN) - Chỉ số", "vi")}
    assert 0 < dateline["date:--10-07"] < 0.5  # weak: no "ngày" before it
    assert "date:--10-07" in keys("กรุงฮานอย 7 ต.ค. (PCN)", "th")
    assert "date:--03-11" in keys("ngày 11.3", "vi")  # with "ngày": a date as before
    assert "num:2.5" in keys("tăng 2.5 lần", "vi")  # an English decimal point keeps its number
    assert not any(k.startswith("date:") for k in keys("thời đại 4.0", "vi"))  # no month 0


def test_names_written_in_capitals_in_datelines():
    # several words in capitals, or one with diacritics, are a name, not acronyms
    assert "name:can tho" in keys("CẦN THƠ, 18.9 (PCN) - Nhóm", "vi") & keys(
        "CAN THO, 18 sept.", "fr"
    )
    assert "name:hanoi" in keys("HÀ NỘI, 7.10 (PCN) - Chỉ số", "vi") & keys("in Hanoi", "en")
    assert not {"acr:ha", "acr:noi"} & keys("HÀ NỘI, 7.10", "vi")
    # a single word stays an acronym; Thai separates list items with spaces
    assert {"acr:asean"} == {
        k for k in keys("ASEAN leaders", "en") if k.startswith(("acr:", "name:"))
    }
    assert {"acr:mit", "acr:ucla"} <= keys("มหาวิทยาลัยฮาร์วาร์ด MIT UCLA และ", "th")
    assert "acr:dhqg" in keys("ĐHQG Hà Nội", "vi")  # đ is a letter, not a diacritic


def test_city_keys_leave_names_alone():
    # a city spelled alike everywhere needs no city key; the name keys already meet
    assert _city_keys("He flew to Boston and Chicago.", "en") == set()
    # part of another name: no city key, the name keeps its keys
    keys = {a.key for a in pc.anchors("Le nouveau nom de Vienna-Sattel est inadmissible.", "fr")}
    assert not any(k.startswith("place:city:") for k in keys)
    assert "name:sattel" in keys or "name:vienna sattel" in keys
    # a city inside a longer name adds its key without taking the name's
    keys = {a.key for a in pc.anchors("She works for the New York Times.", "en")}
    assert "place:city:newyork" in keys and "name:new york times" in keys


def test_benchmark_counts_matches_on_the_similarity_score():
    from scripts_loader import load_script

    bench = load_script("benchmark_anchors")
    # every unit mentions Vietnam (recurring: weak after document weighting); the pairs also
    # share a year or a name of their own, the non-pairs (unit i vs i+3) share only Vietnam
    units = [
        ("In 2019 Vietnam signed the deal.", "En 2019, le Vietnam a signé l'accord."),
        ("Tony Bui visited Vietnam.", "Tony Bui a visité le Vietnam."),
        ("Vietnam grew 7 percent in 2021.", "Le Vietnam a crû de 7 % en 2021."),
        ("Ngo Phuong Lan praised Vietnam.", "Ngo Phuong Lan a salué le Vietnam."),
        ("Vietnam hosted Harvard in 2015.", "Le Vietnam a reçu Harvard en 2015."),
        ("Michael Dukakis spoke of Vietnam.", "Michael Dukakis a parlé du Vietnam."),
    ]
    m = bench.measure(units, "en", "fr", extract_anchors)
    pairs, matched, nonpairs, false = m["sim"]
    assert (pairs, nonpairs) == (6, 3)
    assert matched == 6 and false == 0
    any_key = m["any"]
    assert any_key[3] == 3  # ... while every non-pair shares the "Vietnam" key


def test_shared_with_drops_what_the_other_document_never_has() -> None:
    from parallelcorpus.anchors import shared_with

    en = [
        extract_anchors("The new Cinema Law opens Vietnam to Hollywood.", "en"),
        extract_anchors("Revenue reached 12 million in 2024.", "en"),
    ]
    fr = [
        extract_anchors("La nouvelle loi sur le cinéma ouvre le Vietnam à Hollywood.", "fr"),
        extract_anchors("Les recettes ont atteint 12 millions.", "fr"),
    ]
    src, tgt = shared_with(en, fr), shared_with(fr, en)
    assert "name:cinema law" not in src[0].keys and "place:VN" in src[0].keys
    assert "year:2024" in src[1].keys  # a number stays: it marks what the other side left out
    assert anchor_similarity(src[0], tgt[0]).score == 1.0
    assert anchor_similarity(en[0], fr[0]).score < 1.0  # the translated name counted as missing
    assert anchor_similarity(src[1], tgt[1]).score < 1.0
    assert shared_with(en, en) == [anchor_set(u) for u in en]  # a document has all its keys
    alone = shared_with(en, [])  # against an empty document only the numbers are left
    assert not alone[0].mentions and {"num:12000000", "year:2024"} <= set(alone[1].keys)


def test_demonym_audit_lists_the_words_that_get_a_place_key(tmp_path, capsys, monkeypatch) -> None:
    from scripts_loader import load_script

    audit = load_script("audit_demonyms")
    words = tmp_path / "french"
    words.write_text("soudain\nsoudanais\nvietnamienne\nchien\nl'a\n", encoding="utf-8")
    assert audit.audit("fr", words) == {"place:SD": ["soudanais"], "place:VN": ["vietnamienne"]}
    monkeypatch.setitem(audit.WORD_LISTS, "xx", tmp_path / "missing")
    assert audit.main(["xx"]) == 0
    assert "no word list" in capsys.readouterr().out
