"""Tests for the division gazetteer (nqpf.extract.gazetteer and tools/build_gazetteer.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from nqpf.extract.gazetteer import (
    chinese_aliases,
    county_names,
    division,
    english_aliases,
    load_countries,
    load_divisions,
    load_region_phrases,
    lookup,
    province_of,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "admin-divisions-2023"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _source_rows(filename: str) -> list[dict[str, str]]:
    """Rows of a reference CSV; empty (so dependent tests are skipped) if shared/ is not available."""
    path = SOURCE / filename
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


PROVINCES_EN = _source_rows("provinces_en.csv")
PREFECTURES = [r for r in _source_rows("cities.csv") if r["name"] not in PLACEHOLDERS]


def _codes(name: str) -> list[str]:
    return [d.code for d in lookup(name)]


# --- provinces -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", PROVINCES_EN, ids=lambda r: r["code"])
def test_gazetteer_province_resolves_by_english_name(row: dict[str, str]) -> None:
    assert _codes(row["name_en"])[0] == row["code"] + "0000"


@pytest.mark.parametrize("row", PROVINCES_EN, ids=lambda r: r["code"])
def test_gazetteer_province_resolves_by_chinese_name(row: dict[str, str]) -> None:
    expected = row["code"] + "0000"
    assert _codes(row["name"]) == [expected]
    assert _codes(row["short_name"])[0] == expected


def test_gazetteer_has_all_34_provinces() -> None:
    provinces = [d for d in load_divisions() if d.level == "province"]
    assert len(provinces) == 34
    assert {"710000", "810000", "820000"} <= {d.code for d in provinces}
    assert all(d.parent is None for d in provinces)


@pytest.mark.parametrize(
    ("name", "expected", "never"),
    [
        ("Shaanxi", "610000", "140000"),
        ("Shaanxi Province", "610000", "140000"),
        ("shaanxi", "610000", "140000"),
        ("陕西", "610000", "140000"),
        ("陕西省", "610000", "140000"),
        ("Shanxi", "140000", "610000"),
        ("Shanxi Province", "140000", "610000"),
        ("SHANXI", "140000", "610000"),
        ("山西", "140000", "610000"),
        ("山西省", "140000", "610000"),
    ],
)
def test_gazetteer_shaanxi_and_shanxi_stay_distinct(name: str, expected: str, never: str) -> None:
    codes = _codes(name)
    assert codes == [expected]
    assert never not in codes


def test_gazetteer_no_alias_links_shaanxi_and_shanxi() -> None:
    for form, codes in {**english_aliases(), **chinese_aliases()}.items():
        assert not {"610000", "140000"} <= set(codes), form
    assert lookup("Shensi") == []
    assert lookup("Shansi") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Xizang", "540000"),
        ("Tibet", "540000"),
        ("Tibet Autonomous Region", "540000"),
        ("Xizang Autonomous Region", "540000"),
        ("西藏", "540000"),
        ("Inner Mongolia", "150000"),
        ("Inner Mongolia Autonomous Region", "150000"),
        ("Nei Mongol", "150000"),
        ("Guangxi Zhuang Autonomous Region", "450000"),
        ("Ningxia Hui Autonomous Region", "640000"),
        ("Xinjiang Uygur Autonomous Region", "650000"),
        ("Xinjiang Uyghur Autonomous Region", "650000"),
        ("Hong Kong", "810000"),
        ("Hong Kong SAR", "810000"),
        ("HKSAR", "810000"),
        ("Hong Kong Special Administrative Region", "810000"),
        ("Macao", "820000"),
        ("Macau", "820000"),
        ("Macao SAR", "820000"),
        ("Taiwan", "710000"),
        ("Beijing Municipality", "110000"),
        ("Anhui Province", "340000"),
        ("anhui province", "340000"),
    ],
)
def test_gazetteer_province_alias_resolves(name: str, expected: str) -> None:
    assert _codes(name) == [expected]


# --- prefectures -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hefei", "340100"),
        ("合肥", "340100"),
        ("合肥市", "340100"),
        ("Hefei City", "340100"),
        ("Wuhu", "340200"),
        ("Changzhou", "320400"),
        ("Xi'an", "610100"),
        ("Xi’an", "610100"),
        ("Xian", "610100"),
        ("Xi'an City", "610100"),
        ("Shenyang", "210100"),
        ("Guangzhou", "440100"),
        ("Harbin", "230100"),
        ("Urumqi", "650100"),
        ("Urumchi", "650100"),
        ("Kashgar", "653100"),
        ("Kashi", "653100"),
        ("Shigatse", "540200"),
        ("Xigaze", "540200"),
        ("Lhoka", "540500"),
        ("Greater Khingan", "232700"),
        ("Yanbian", "222400"),
        ("Yanbian Korean Autonomous Prefecture", "222400"),
        ("延边州", "222400"),
        ("Hinggan League", "152200"),
        ("Daxing'anling", "232700"),
    ],
)
def test_gazetteer_city_resolves_to_own_code(name: str, expected: str) -> None:
    assert _codes(name) == [expected]
    assert division(expected).level == "prefecture"


@pytest.mark.parametrize("row", PREFECTURES, ids=lambda r: r["code"])
def test_gazetteer_every_prefecture_present_with_parent(row: dict[str, str]) -> None:
    div = division(row["code"] + "00")
    assert div.name_zh == row["name"]
    assert div.level == "prefecture"
    assert div.parent == row["provinceCode"] + "0000"
    assert province_of(div.code) == div.parent


def test_gazetteer_has_no_extra_or_placeholder_prefectures() -> None:
    if not PREFECTURES:
        pytest.skip("shared/data/admin-divisions-2023 not available")
    prefectures = {d.code for d in load_divisions() if d.level == "prefecture"}
    assert prefectures == {r["code"] + "00" for r in PREFECTURES}
    assert not any(d.name_zh in PLACEHOLDERS for d in load_divisions())


@pytest.mark.parametrize(
    ("code", "name_en"),
    [
        ("341500", "Lu'an"),
        ("340300", "Bengbu"),
        ("140400", "Changzhi"),
        ("211300", "Chaoyang"),
        ("411100", "Luohe"),
        ("350200", "Xiamen"),
        ("341600", "Bozhou"),
        ("340500", "Ma'anshan"),
        ("370900", "Tai'an"),
        ("610600", "Yan'an"),
        ("320800", "Huai'an"),
        ("360800", "Ji'an"),
        ("511100", "Leshan"),
        ("331100", "Lishui"),
        ("460400", "Danzhou"),
        ("441900", "Dongguan"),
        ("150600", "Ordos"),
        ("542500", "Ngari"),
        ("513300", "Garze Tibetan Autonomous Prefecture"),
        ("422800", "Enshi Tujia and Miao Autonomous Prefecture"),
        ("632800", "Haixi Mongol and Tibetan Autonomous Prefecture"),
    ],
)
def test_gazetteer_prefecture_english_name(code: str, name_en: str) -> None:
    assert division(code).name_en == name_en


@pytest.mark.parametrize("div", load_divisions(), ids=lambda d: d.code)
def test_gazetteer_every_form_resolves_to_its_division(div) -> None:
    for form in (div.name_zh, *([] if div.level == "county" else [div.name_en]), *div.aliases):
        assert div.code in _codes(form), form
    if div.level == "county":  # a county's display name ("Kashi" for 喀什市) yields to a city's or a province's
        assert div.code in _codes(div.name_en) or _codes(div.name_en)[0] != div.code
    assert _codes(div.code) == [div.code]


# --- county level ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected", "parent"),
    [
        ("浦东新区", "310115", "310000"),
        ("浦东", "310115", "310000"),
        ("Pudong New Area", "310115", "310000"),
        ("昆山市", "320583", "320500"),
        ("昆山", "320583", "320500"),
        ("Kunshan", "320583", "320500"),
        ("义乌", "330782", "330700"),
        ("南沙区", "440115", "440100"),
        ("崇明", "310151", "310000"),
        ("苏州工业园区", "320576", "320500"),
        ("Suzhou Industrial Park", "320576", "320500"),
        ("安吉县", "330523", "330500"),
        ("Anji County", "330523", "330500"),
    ],
)
def test_gazetteer_county_resolves_with_its_parent(name: str, expected: str, parent: str) -> None:
    assert _codes(name)[0] == expected
    div = division(expected)
    assert div.level == "county" and div.parent == parent
    assert province_of(expected) == parent[:2] + "0000"


def test_gazetteer_counties_cover_areas_and_keep_short_names_for_well_known_ones() -> None:
    areas = _source_rows("areas.csv")
    if not areas:
        pytest.skip("shared/data/admin-divisions-2023 not available")
    counties = {d.code: d for d in load_divisions() if d.level == "county"}
    assert len(counties) > 2900
    prefectures = {d.code for d in load_divisions() if d.level == "prefecture"}
    for row in areas:
        named_as_county = row["name"].endswith(("区", "县", "市", "旗"))
        assert row["code"] in counties or row["code"] in prefectures or not named_as_county
    chinese = chinese_aliases()
    # the stem of an ordinary county is no alias: 和平, 光明, 南山 are words before they are districts
    for stem in ("和平", "光明", "南山", "白云", "城关", "新城"):
        assert all(division(c).level != "county" for c in chinese.get(stem, ())), stem
    assert "朝阳区" in county_names() and "城区" not in county_names() and "赵县" not in county_names()


def test_gazetteer_shared_county_name_lists_each_reading() -> None:
    assert set(_codes("朝阳区")) == {"110105", "220104"}
    assert _codes("朝阳")[0] == "211300"  # the bare name is Liaoning's city
    assert set(_codes("Jiangbei District")) == {"330205", "500105"}


# --- ambiguity -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jilin", ["220000", "220200"]),
        ("吉林", ["220000", "220200"]),
        ("Jilin City", ["220200"]),
        ("Jilin Province", ["220000"]),
        ("吉林市", ["220200"]),
        ("Hainan", ["460000", "632500"]),
        ("Hainan Province", ["460000"]),
        ("Suzhou", ["320500", "341300"]),
        ("Fuzhou", ["350100", "361000"]),
        ("Taizhou", ["331000", "321200"]),
        ("Yichun", ["360900", "230700"]),
        ("Yulin", ["610800", "450900"]),
    ],
)
def test_gazetteer_ambiguous_name_lists_primary_first(name: str, expected: list[str]) -> None:
    assert _codes(name) == expected


def test_gazetteer_shared_forms_have_exactly_one_primary() -> None:
    for form, codes in {**english_aliases(), **chinese_aliases()}.items():
        if len(codes) > 1:
            assert [division(c).primary for c in codes].count(True) == 1, form
            assert division(codes[0]).primary, form


@pytest.mark.parametrize(
    ("form", "codes"),
    [
        ("Xi'an", ("610100",)),
        ("Xi’an", ("610100",)),
        ("Xian", ("610100",)),
        ("Jilin City", ("220200",)),
        ("Jilin", ("220000", "220200")),
        ("Suzhou", ("320500", "341300")),
        ("Inner Mongolia Autonomous Region", ("150000",)),
        ("Hong Kong SAR", ("810000",)),
    ],
)
def test_gazetteer_english_aliases_map_exact_forms(form: str, codes: tuple[str, ...]) -> None:
    assert english_aliases()[form] == codes


def test_gazetteer_alias_maps_split_by_script() -> None:
    english, chinese = english_aliases(), chinese_aliases()
    assert chinese["合肥"] == ("340100",)
    assert chinese["吉林"] == ("220000", "220200")
    assert "合肥" not in english
    assert "Hefei" not in chinese
    assert "xi'an" not in english  # exact case, not folded
    # Common words that are not safe as bare aliases.
    assert "Ali" not in english
    assert "阿里" not in chinese
    assert "白银" not in chinese


# --- lookup edge cases -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "Atlantis", "999999", "Province", "北极"])
def test_gazetteer_unknown_name_returns_empty(name: str) -> None:
    assert lookup(name) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("340100", "340100"), ("3401", "340100"), ("34", "340000"), ("白银", "620400"), ("阿里", "542500")],
)
def test_gazetteer_lookup_accepts_codes_and_bare_short_names(name: str, expected: str) -> None:
    assert _codes(name) == [expected]


@pytest.mark.parametrize(
    ("code", "province"), [("340100", "340000"), ("340000", "340000"), ("652900", "650000")]
)
def test_gazetteer_province_of(code: str, province: str) -> None:
    assert province_of(code) == province


def test_gazetteer_unknown_code_raises_key_error() -> None:
    with pytest.raises(KeyError):
        division("999999")
    with pytest.raises(KeyError):
        province_of("110100")  # placeholder 市辖区 is not a division


# --- countries and region phrases ------------------------------------------------------------------------


def test_gazetteer_region_phrases_point_at_known_divisions() -> None:
    phrases = load_region_phrases()
    assert phrases["the national capital"] == "110000"
    assert phrases["China's capital"] == "110000"
    assert all(division(code) for code in phrases.values())


def test_gazetteer_countries_have_unique_codes_and_names() -> None:
    countries = load_countries()
    assert len(countries) >= 40
    codes = [c.code for c in countries]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 2 and code.isupper() for code in codes)
    forms = [f.casefold() for c in countries for f in (c.name, *c.aliases)]
    assert len(forms) == len(set(forms))
    by_code = {c.code: c for c in countries}
    assert {"U.S.", "USA", "America"} <= set(by_code["US"].aliases)
    assert "UK" in by_code["GB"].aliases
    assert by_code["EU"].name == "European Union"
    assert not any(f.casefold() in {"american", "japanese", "chinese"} for f in forms)


# --- build script ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Jilin is stepping up support for ice and snow tourism.", "220000"),
        ("Jilin province plans to build 100 new charging stations.", "220000"),
        ("Changchun, the capital of Jilin, hosted the fair.", "220000"),
        ("吉林加快发展冰雪经济", "220000"),
        ("Jilin City opened a new rail line.", "220200"),
        ("A factory in Jilin city was upgraded.", "220200"),
        ("吉林市推进化工产业转型", "220200"),
        ("Hainan Province lifted its growth target.", "460000"),
    ],
)
def test_regions_province_wins_over_its_homonym_city(text: str, code: str) -> None:
    from nqpf.extract.regions import find_regions

    codes = [r.code for r in find_regions(text) if r.text.lower().startswith(("jilin", "吉林", "hainan"))]
    assert codes == [code]


def test_zh_word_list_is_up_to_date(tmp_path: Path) -> None:
    pytest.importorskip("jieba")
    out = tmp_path / "zh_words.csv"
    subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "build_zh_words.py"), "--output", str(out)], check=True)
    shipped = (REPO_ROOT / "src" / "nqpf" / "data" / "zh_words.csv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped


def test_gazetteer_data_file_is_up_to_date(tmp_path: Path) -> None:
    pytest.importorskip("pypinyin")
    if not SOURCE.exists():
        pytest.skip("shared/data/admin-divisions-2023 not available")
    out = tmp_path / "divisions.csv"
    script = REPO_ROOT / "tools" / "build_gazetteer.py"
    subprocess.run([sys.executable, str(script), str(SOURCE), "--output", str(out)], check=True)
    shipped = (REPO_ROOT / "src" / "nqpf" / "data" / "divisions.csv").read_text(encoding="utf-8")
    assert shipped.startswith("# ")
    assert "NBS 2023" in shipped and "tools/build_gazetteer.py" in shipped

    def data(text: str) -> list[str]:  # ignore the header, which names the pypinyin version
        return [line for line in text.splitlines() if not line.startswith("#")]

    assert data(out.read_text(encoding="utf-8")) == data(shipped)
