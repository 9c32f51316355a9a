"""County-level rows of the gazetteer (``areas.csv`` of shared/data/admin-divisions-2023), for
``tools/build_gazetteer.py``.

Every county-level division (district 区, county 县, county-level city 市, banner 旗) gets its full
Chinese name (浦东新区, 昆山市, 安吉县) and a suffixed English name ("Pudong New Area", "Anji County").
Short names are another matter: most of the 2,978 stems are ordinary words or other places' names
(城关, 和平, 光明, 南山, 白云), so a bare stem becomes an alias only for the well-known names below,
written alone in news and work reports (浦东, 昆山, 义乌; "Pudong", "Kunshan").
"""

from __future__ import annotations

import csv
from pathlib import Path

from pypinyin import Style, lazy_pinyin

#: Full names whose bare stem is written alone in Chinese text (浦东 for 浦东新区). Chosen for being
#: well known and not an ordinary word or another place (no 光明, 南山, 白云, 黄浦江's 黄浦, 天长).
WELL_KNOWN_ZH: tuple[str, ...] = (
    # Shanghai, Beijing, Tianjin, Chongqing
    "浦东新区", "崇明区", "闵行区", "嘉定区", "松江区", "青浦区", "奉贤区", "徐汇区", "杨浦区", "静安区",
    "海淀区", "丰台区", "顺义区", "昌平区", "怀柔区", "房山区", "密云区", "平谷区", "延庆区", "石景山区",
    "门头沟区", "渝北区", "北碚区", "万州区", "涪陵区", "永川区", "綦江区", "巴南区", "梁平区",
    # Jiangsu, Zhejiang
    "昆山市", "江阴市", "张家港市", "常熟市", "太仓市", "宜兴市", "江宁区", "吴江区", "武进区", "如皋市", "启东市",
    "丹阳市", "泰兴市", "邳州市", "沭阳县", "溧阳市", "仪征市", "高邮市", "东台市",
    "义乌市", "余姚市", "诸暨市", "海宁市", "桐乡市", "乐清市", "温岭市", "永康市", "萧山区", "余杭区", "鄞州区",
    "北仑区", "德清县", "安吉县", "嘉善县", "慈溪市",
    # Guangdong, Fujian, Hainan
    "南沙区", "顺德区", "番禺区", "花都区", "增城区", "宝安区", "龙岗区", "罗湖区", "台山市", "普宁市", "陆丰市",
    "晋江市", "石狮市", "福清市", "南安市", "平潭县", "文昌市", "琼海市", "万宁市",
    # elsewhere
    "黄岛区", "即墨区", "胶州市", "寿光市", "神木市", "浏阳市", "韶山市", "醴陵市", "新郑市", "巩义市", "双流区",
    "郫都区", "龙泉驿区", "曹妃甸区", "正定县", "定州市", "辛集市", "迁安市", "井冈山市", "瑞金市", "大冶市", "仙桃市",
    "庐江县", "桐城市", "凤阳县",
)
#: Full names whose pinyin stem English news writes alone ("Pudong", "Kunshan", "Yiwu").
WELL_KNOWN_EN: tuple[str, ...] = (
    "浦东新区", "崇明区", "闵行区", "海淀区", "顺义区", "大兴区", "南沙区", "顺德区", "萧山区", "余杭区",
    "昆山市", "江阴市", "张家港市", "常熟市", "太仓市", "义乌市", "晋江市", "慈溪市", "文昌市", "曹妃甸区",
    "平潭县", "井冈山市", "韶山市", "瑞金市", "神木市", "寿光市", "浏阳市",
)
#: English names that are not pinyin plus a suffix
NAMES_EN: dict[str, str] = {"苏州工业园区": "Suzhou Industrial Park"}
#: pinyin that pypinyin reads wrongly for these stems (polyphonic characters)
PINYIN: dict[str, str] = {"闵行": "Minhang", "郫都": "Pidu", "花都": "Huadu", "乐清": "Yueqing", "长乐": "Changle",
                          "长兴": "Changxing", "长沙": "Changsha", "长安": "Chang'an", "朝阳": "Chaoyang",
                          "重庆": "Chongqing"}

#: Statistical zones that areas.csv lists among the county-level areas (苏州工业园区, 兰州新区): their suffix
#: in English. Their pinyin stems are shown, never matched, so they get no English alias.
ZONES: tuple[tuple[str, str], ...] = (
    ("高新技术产业开发区", " High-tech Industrial Development Zone"),
    ("经济技术开发区", " Economic and Technological Development Zone"),
    ("高新技术开发区", " High-tech Development Zone"),
    ("高新技术产业园区", " High-tech Industrial Park"),
    ("经济开发区", " Economic Development Zone"),
    ("现代产业园区", " Modern Industrial Park"),
    ("工业园区", " Industrial Park"),
    ("创意园区", " Creative Park"),
    ("开发区", " Development Zone"),
    ("经济综合实验区", " Comprehensive Economic Experimental Zone"),
    ("城乡一体化示范区", " Urban-Rural Integration Demonstration Zone"),
    ("示范区", " Demonstration Zone"),
    ("管理区管委会", " Administrative Zone"),
    ("管理区", " Administrative Zone"),
)
#: Chinese suffix -> English suffix of the name (longest first). A county-level city has none.
SUFFIXES: tuple[tuple[str, str], ...] = (
    *ZONES,
    ("自治县", " Autonomous County"), ("自治旗", " Autonomous Banner"), ("新区", " New Area"),
    ("林区", " Forestry District"), ("特区", " Special District"), ("区", " District"), ("县", " County"),
    ("旗", " Banner"), ("市", ""),
)
#: Ethnic names inside the names of autonomous counties and banners (景宁畲族自治县 -> 景宁), longest first.
ETHNIC: tuple[str, ...] = tuple(sorted((
    "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族",
    "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "拉祜族", "水族", "东乡族", "纳西族",
    "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "独龙族", "鄂伦春族",
    "赫哲族", "门巴族", "珞巴族", "基诺族", "各族", "蒙古", "哈萨克", "塔吉克", "锡伯",
), key=len, reverse=True))
#: Placeholder prefecture rows of cities.csv: their counties hang directly under the province.
DIRECT = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _romanise(stem: str) -> str:
    """Pinyin of a county stem as English writes it; tolerant (ü for v), unlike prefectures, because
    county names are shown, not matched, except for the well-known ones checked above."""
    if stem in PINYIN:
        return PINYIN[stem]
    parts: list[str] = []
    for i, syl in enumerate(lazy_pinyin(stem, style=Style.NORMAL, errors="ignore")):
        syl = syl.replace("v", "ü")
        if i and syl[:1] in ("a", "o", "e"):
            parts.append("'")
        parts.append(syl)
    text = "".join(parts)
    return text[:1].upper() + text[1:]


def _split(name: str) -> tuple[str, str, str]:
    """(stem, Chinese suffix, English suffix) of a county name; ethnic names stay in the stem."""
    for zh, en in SUFFIXES:
        if name.endswith(zh) and len(name) > len(zh):
            stem = name[: -len(zh)]
            while zh.startswith("自治") and any(stem.endswith(e) and len(stem) - len(e) >= 2 for e in ETHNIC):
                stem = next(stem[: -len(e)] for e in ETHNIC if stem.endswith(e) and len(stem) - len(e) >= 2)
            return stem, zh, en
    return name, "", ""


def build_counties(source: Path, row_type: type) -> list:
    """County-level rows (``row_type`` is build_gazetteer.Row) for every area of ``areas.csv``."""
    with (source / "cities.csv").open(encoding="utf-8-sig", newline="") as fh:
        cities = {r["code"]: r["name"] for r in csv.DictReader(fh)}
    with (source / "areas.csv").open(encoding="utf-8-sig", newline="") as fh:
        areas = list(csv.DictReader(fh))
    unknown = (set(WELL_KNOWN_ZH) | set(WELL_KNOWN_EN)) - {a["name"] for a in areas}
    if unknown:
        raise ValueError(f"well-known counties not in areas.csv: {sorted(unknown)}")
    rows = []
    for area in areas:
        name = area["name"]
        stem, suffix_zh, suffix_en = _split(name)
        if not suffix_zh or area["code"][:4] in cities and area["code"].endswith("00"):
            continue  # island groups (西沙群岛), and 东莞 or 儋州, which are prefectures without counties
        zone = any(suffix_zh == z for z, _ in ZONES)
        pinyin = _romanise(stem)
        name_en = NAMES_EN.get(name) or (pinyin + suffix_en if suffix_en else pinyin)
        aliases = [stem] if name in WELL_KNOWN_ZH else []
        if name in NAMES_EN:
            aliases.append(name_en)
        elif not zone:
            aliases.append(name_en if suffix_en else pinyin + " City")  # "Anji County", "Kunshan City"
        if name in WELL_KNOWN_EN:
            aliases.append(pinyin)
        aliases += [a.replace("'", "’") for a in aliases if "'" in a]
        city = area["cityCode"]
        parent = area["provinceCode"] + "0000" if cities.get(city) in DIRECT else city + "00"
        rows.append(row_type(area["code"], name, name_en, "county", parent, aliases))
    return rows


def _is_chinese(form: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in form)


def matchable_forms(row) -> list[str]:
    """The names of a row that text is matched against: a county's English name_en ("Anji County",
    "Yushu") is for display only; its aliases carry the English forms that are matched."""
    return [row.name_zh, *row.aliases] if row.level == "county" else [row.name_zh, row.name_en, *row.aliases]


def assign_primary(rows: list) -> None:
    """One primary reading for every shared name. A county that shares a name with a province or
    prefecture (Jiangbei, 朝阳...) is never it; among counties sharing a Chinese name (鼓楼区) the first
    by code is; an English alias shared by counties with different Chinese names ("Jiangbei District"
    for Chongqing's and Ningbo's 江北区, "Xihu District" for 西湖区 and 溪湖区) goes to a county that can be
    the primary reading without breaking another name, and is dropped from a county that cannot."""
    groups: dict[str, list] = {}
    for r in rows:
        for form in set(matchable_forms(r)):
            groups.setdefault(form.casefold(), []).append(r)
    shared = {form: members for form, members in groups.items() if len(members) > 1}
    for form, members in shared.items():
        counties = sorted((r for r in members if r.level == "county"), key=lambda r: r.code)
        if len(counties) < len(members):
            for r in counties:
                r.primary = False
        elif _is_chinese(form):
            for r in counties[1:]:
                r.primary = False
    forms_of: dict[str, list[str]] = {}
    for form, members in shared.items():
        for r in members:
            forms_of.setdefault(r.code, []).append(form)

    def primaries(form: str, without=None) -> int:
        return sum(1 for m in shared[form] if m.primary and m is not without)

    for form, members in shared.items():
        if any(r.level != "county" for r in members) or _is_chinese(form) or primaries(form) == 1:
            continue
        for r in sorted(members, key=lambda r: r.code):
            others = [f for f in forms_of[r.code] if f != form]
            if r.primary and primaries(form) > 1 and all(primaries(f, without=r) >= 1 for f in others):
                r.primary = False
            elif not r.primary and primaries(form) == 0 and all(primaries(f) == 0 for f in others):
                r.primary = True
        if primaries(form) != 1:  # no choice of flags works: the alias stays with one county only
            keep = next((r for r in sorted(members, key=lambda r: r.code) if r.primary), members[0])
            for r in members:
                if r is not keep:
                    r.aliases = [a for a in r.aliases if a.casefold() != form]
