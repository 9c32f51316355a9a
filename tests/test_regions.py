"""Region mentions a reader would agree with: currency signs, county-level areas, Chinese names
that are words of the text, organisation names."""

import pytest

from nqpf.extract.regions import find_regions


def _codes(text: str) -> list[str]:
    return [r.code for r in find_regions(text)]


@pytest.mark.parametrize("text", ["exports worth US$3.2 billion", "a US$ 500 million fund", "HK$2 billion in bonds"])
def test_regions_currency_sign_is_no_place(text):
    assert _codes(text) == []


def test_regions_us_without_sign_is_the_country():
    assert _codes("tariffs imposed by the US") == ["US"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pudong New Area unveiled new measures", "310115"),
        ("companies in Kunshan, Jiangsu", "320583"),
        ("the Yiwu market", "330782"),
        ("Anji County in Zhejiang", "330523"),
    ],
)
def test_regions_english_county_names(text, code):
    assert code in _codes(text)


def test_regions_shared_county_name_follows_the_named_province():
    assert "500105" in _codes("Chongqing's Jiangbei District opened a new park")
    assert "330205" in _codes("Ningbo's Jiangbei District opened a new park")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加快美丽江苏建设", ["320000"]),
        ("隆重庆祝成立75周年", []),
        ("推广安吉经验", ["330523"]),
        ("维护长治久安", []),
        ("长治市加快转型", ["140400"]),
    ],
)
def test_regions_chinese_name_must_be_a_word_of_the_text(text, expected):
    assert [c for c in _codes(text) if c != "CN"] == expected


def test_regions_company_named_after_a_city_is_an_organisation():
    (mention,) = find_regions("宁德时代发布新电池")
    assert mention.code == "350900" and mention.in_org


def test_regions_bare_city_name_inside_another_province_is_its_district():
    assert _codes("北京朝阳站投入运营") == ["110000", "110105"]
    assert _codes("辽宁朝阳加快发展") == ["210000", "211300"]
