#!/usr/bin/env python3
"""Build ``src/nqpf/data/divisions.csv``, the gazetteer of China's province-, prefecture- and county-level divisions.

Inputs (not copied into the repo) live in ``shared/data/admin-divisions-2023`` next to the repo:

* ``provinces.csv``    -- 31 mainland provinces, NBS 2023 statistical codes (modood snapshot)
* ``cities.csv``       -- prefecture-level divisions; placeholder rows (市辖区, 县, 省/自治区直辖县级行政区划)
                          are skipped
* ``provinces_en.csv`` -- 34 provinces incl. Taiwan (71), Hong Kong (81), Macao (82) with English names
* ``areas.csv``        -- county-level divisions (districts, counties, county-level cities, banners); see
                          ``tools/gazetteer_counties.py`` for their names and which short names they get

English names of prefectures come from pypinyin (Style.NORMAL, syllables joined, apostrophe before a
non-initial syllable starting with a/o/e), corrected by ``PINYIN_OVERRIDES`` for polyphonic characters and
replaced by ``EXONYMS`` where English writers use a non-pinyin name (Harbin, Urumqi, Shigatse ...).

Usage::

    .venv/bin/python tools/build_gazetteer.py [SOURCE_DIR] [--print] [--check]

``--print`` lists every generated English name for eyeball review; ``--check`` exits 1 if the file on disk
differs from what would be generated (nothing is written).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pypinyin
from gazetteer_counties import assign_primary, build_counties, matchable_forms
from pypinyin import Style, lazy_pinyin

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "admin-divisions-2023"
OUTPUT = REPO_ROOT / "src" / "nqpf" / "data" / "divisions.csv"

COLUMNS = ("code", "name_zh", "name_en", "level", "parent", "aliases", "primary")

#: Suffix of non-autonomous prefecture names -> English suffix used for the "X City"-style alias.
PREFECTURE_SUFFIXES: dict[str, str] = {"地区": " Prefecture", "盟": " League", "市": " City"}

#: cities.csv rows that are not real prefecture-level divisions.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# --------------------------------------------------------------------------------------------------------
# Romanisation
# --------------------------------------------------------------------------------------------------------

#: Correct pinyin for base names (suffix already stripped) whose reading pypinyin gets wrong or might get
#: wrong (polyphonic characters). Pinned here so a pypinyin upgrade cannot silently change them.
PINYIN_OVERRIDES: dict[str, str] = {
    "长治": "Changzhi",  # pypinyin: zhang zhi
    "朝阳": "Chaoyang",  # pypinyin: zhao yang
    "漯河": "Luohe",  # pypinyin: ta he
    "吕梁": "Lüliang",  # pypinyin: lv liang; ASCII forms as aliases
    "长春": "Changchun",
    "长沙": "Changsha",
    "蚌埠": "Bengbu",
    "六安": "Lu'an",
    "六盘水": "Liupanshui",
    "丽水": "Lishui",
    "丽江": "Lijiang",
    "乐山": "Leshan",
    "厦门": "Xiamen",
    "大理": "Dali",
    "济南": "Jinan",
    "济宁": "Jining",
    "亳州": "Bozhou",
    "莆田": "Putian",
    "濮阳": "Puyang",
    "儋州": "Danzhou",
    "东莞": "Dongguan",
    "宿州": "Suzhou",
    "宿迁": "Suqian",
    "台州": "Taizhou",
    "曲靖": "Qujing",
    "百色": "Baise",
    "十堰": "Shiyan",
    "阜阳": "Fuyang",
    "阜新": "Fuxin",
    "郴州": "Chenzhou",
    "肇庆": "Zhaoqing",
    "嘉峪关": "Jiayuguan",
    "张掖": "Zhangye",
    "石嘴山": "Shizuishan",
    "汕尾": "Shanwei",
    "那曲": "Nagqu",
}

#: Extra ASCII spellings for names with a diacritic in name_en.
OVERRIDE_ALIASES: dict[str, tuple[str, ...]] = {
    "吕梁": ("Lvliang", "Luliang"),
}


@dataclass(frozen=True)
class Exonym:
    """A well-known English name that is not the plain pinyin of the base name."""

    name: str
    #: Alternative base names; these also get the " City"/" Prefecture"/" League" variant.
    variants: tuple[str, ...] = ()
    #: Literal extra aliases (no suffix variants generated).
    extra: tuple[str, ...] = ()


#: Keyed by the Chinese base name (suffix 市/地区/盟/自治州 and ethnic names stripped).
EXONYMS: dict[str, Exonym] = {
    # Inner Mongolia
    "呼和浩特": Exonym("Hohhot", ("Huhhot",)),
    "鄂尔多斯": Exonym("Ordos"),
    "呼伦贝尔": Exonym("Hulunbuir", ("Hulun Buir",)),
    "巴彦淖尔": Exonym("Bayannur", ("Bayan Nur",)),
    "乌兰察布": Exonym("Ulanqab", ("Wulanchabu",)),
    "兴安": Exonym("Hinggan", extra=("Xing'an League",)),
    "锡林郭勒": Exonym("Xilingol", ("Xilin Gol",)),
    "阿拉善": Exonym("Alxa", ("Alashan",)),
    # Heilongjiang
    "哈尔滨": Exonym("Harbin"),
    "齐齐哈尔": Exonym("Qiqihar"),
    "大兴安岭": Exonym("Daxing'anling", extra=("Greater Khingan", "Da Hinggan Ling")),
    # Xizang
    "拉萨": Exonym("Lhasa"),
    "日喀则": Exonym("Shigatse", ("Xigaze",)),
    "昌都": Exonym("Qamdo", ("Chamdo",)),
    "林芝": Exonym("Nyingchi", ("Linzhi",)),
    "山南": Exonym("Shannan", ("Lhoka",)),
    # 阿里: deliberately no "Ali" alias (personal name, Alibaba).
    "阿里": Exonym("Ngari"),
    # Xinjiang
    "乌鲁木齐": Exonym("Urumqi", ("Urumchi", "Ürümqi")),
    "克拉玛依": Exonym("Karamay"),
    "吐鲁番": Exonym("Turpan", ("Turfan",)),
    "哈密": Exonym("Hami", ("Kumul",)),
    "博尔塔拉": Exonym("Bortala"),
    "巴音郭楞": Exonym("Bayingolin", ("Bayingol",)),
    "阿克苏": Exonym("Aksu"),
    "克孜勒苏": Exonym("Kizilsu"),
    "喀什": Exonym("Kashgar", ("Kashi",)),
    "和田": Exonym("Hotan", ("Hetian", "Khotan")),
    "伊犁": Exonym("Ili", ("Yili",)),
    "阿勒泰": Exonym("Altay"),
    # Qinghai, Sichuan, Yunnan (Tibetan areas)
    "果洛": Exonym("Golog", ("Guoluo",)),
    "甘孜": Exonym("Garze", ("Garzê", "Ganzi")),
    # 阿坝: bare "Aba" is a Nigerian city and too generic; only suffixed forms.
    "阿坝": Exonym("Ngawa", extra=("Aba Prefecture", "Aba Tibetan and Qiang Autonomous Prefecture")),
    "迪庆": Exonym("Diqing", ("Dêqên",)),
}

#: Ethnic groups in the names of autonomous prefectures (自治州), with their official English names.
ETHNIC_GROUPS: dict[str, str] = {
    "朝鲜族": "Korean",
    "土家族": "Tujia",
    "苗族": "Miao",
    "藏族": "Tibetan",
    "羌族": "Qiang",
    "彝族": "Yi",
    "布依族": "Buyei",
    "侗族": "Dong",
    "哈尼族": "Hani",
    "壮族": "Zhuang",
    "傣族": "Dai",
    "白族": "Bai",
    "景颇族": "Jingpo",
    "傈僳族": "Lisu",
    "回族": "Hui",
    "蒙古族": "Mongol",
    "蒙古": "Mongol",
    "柯尔克孜": "Kyrgyz",
    "哈萨克": "Kazakh",
}

#: Chinese short names NOT emitted as aliases because they are common words in economic text.
#: (The loader's lookup() still resolves them by appending the suffix.)
UNSAFE_SHORT_ZH: dict[str, str] = {
    "阿里": "阿里巴巴 / 阿里云 (Alibaba)",
    "白银": "silver (the commodity)",
    "来宾": "guests, visitors",
}

# --------------------------------------------------------------------------------------------------------
# Provinces
# --------------------------------------------------------------------------------------------------------

#: name_en overrides for provinces_en.csv values that are not a clean single name.
PROVINCE_NAME_EN: dict[str, str] = {"54": "Tibet"}

#: Extra English aliases for provinces (besides name_en and "<name> Province"/"<name> Municipality").
PROVINCE_EXTRA_EN: dict[str, tuple[str, ...]] = {
    "15": ("Inner Mongolia Autonomous Region", "Nei Mongol", "Nei Mongol Autonomous Region"),
    "45": ("Guangxi Zhuang Autonomous Region",),
    "54": ("Xizang", "Tibet Autonomous Region", "Xizang Autonomous Region", "Tibet (Xizang)"),
    "64": ("Ningxia Hui Autonomous Region",),
    "65": ("Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region", "XUAR"),
    "71": ("Taiwan Province",),
    "81": ("Hong Kong SAR", "HKSAR", "Hong Kong Special Administrative Region"),
    "82": (
        "Macau",
        "Macao SAR",
        "Macau SAR",
        "Macao Special Administrative Region",
        "Macau Special Administrative Region",
    ),
}

# --------------------------------------------------------------------------------------------------------
# Ambiguity
# --------------------------------------------------------------------------------------------------------

#: Divisions that share an English (or Chinese) name with another division and are NOT the default
#: reading of the bare name. Every other row has primary=1.
NON_PRIMARY: dict[str, str] = {
    "220200": "Jilin: 吉林省 220000 (province wins)",
    "632500": "Hainan: 海南省 460000 (province wins)",
    "341300": "Suzhou: 苏州 320500",
    "361000": "Fuzhou: 福州 350100",
    "321200": "Taizhou: 台州 331000",
    "230700": "Yichun: 宜春 360900",
    "450900": "Yulin: 榆林 610800",
}


@dataclass
class Row:
    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str
    aliases: list[str]
    primary: bool = True

    def as_csv(self) -> list[str]:
        return [
            self.code,
            self.name_zh,
            self.name_en,
            self.level,
            self.parent,
            "|".join(self.aliases),
            "1" if self.primary else "0",
        ]


def romanise(base: str) -> str:
    """Pinyin of a Chinese base name as written in English (``西安`` -> ``Xi'an``)."""
    if base in PINYIN_OVERRIDES:
        return PINYIN_OVERRIDES[base]
    syllables = lazy_pinyin(base, style=Style.NORMAL, errors="exception")
    parts: list[str] = []
    for i, syl in enumerate(syllables):
        if not re.fullmatch(r"[a-z]+", syl) or "v" in syl:
            raise ValueError(f"unexpected pinyin {syl!r} for {base}; add it to PINYIN_OVERRIDES")
        if i and syl[0] in "aoe":
            parts.append("'")
        parts.append(syl)
    text = "".join(parts)
    return text[0].upper() + text[1:]


def typographic_variants(forms: list[str]) -> list[str]:
    """Each form, followed by its variant with a typographic apostrophe if it contains one."""
    out: list[str] = []
    for form in forms:
        out.append(form)
        if "'" in form:
            out.append(form.replace("'", "’"))
    return out


def dedupe(items: list[str], exclude: str = "") -> list[str]:
    seen = {exclude}
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def split_autonomous(stem: str) -> tuple[str, list[str]]:
    """``延边朝鲜族`` -> (``延边``, [``Korean``]); raises if no ethnic group is recognised."""
    groups: list[str] = []
    rest = stem
    names = sorted(ETHNIC_GROUPS, key=len, reverse=True)
    while True:
        for zh in names:
            if rest.endswith(zh) and len(rest) > len(zh):
                groups.insert(0, ETHNIC_GROUPS[zh])
                rest = rest[: -len(zh)]
                break
        else:
            break
    if not groups or len(rest) < 2:
        raise ValueError(f"cannot parse autonomous prefecture name {stem}自治州")
    return rest, groups


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def build_provinces(source: Path) -> list[Row]:
    mainland = {r["code"]: r["name"] for r in read_csv(source / "provinces.csv")}
    rows: list[Row] = []
    for rec in read_csv(source / "provinces_en.csv"):
        code2 = rec["code"]
        if code2 in mainland and mainland[code2] != rec["name"]:
            raise ValueError(f"province {code2}: {mainland[code2]} != {rec['name']} in provinces_en.csv")
        name_zh = rec["name"]
        name_en = PROVINCE_NAME_EN.get(code2, rec["name_en"])
        english = [rec["name_en"]] if rec["name_en"] != name_en else []
        if name_zh.endswith("省"):
            english.append(f"{name_en} Province")
        elif name_zh.endswith("市"):
            english.append(f"{name_en} Municipality")
        english += PROVINCE_EXTRA_EN.get(code2, ())
        chinese = [rec["short_name"]]
        aliases = dedupe(chinese + typographic_variants(english), exclude=name_en)
        rows.append(Row(code2 + "0000", name_zh, name_en, "province", "", aliases))
    missing = set(mainland) - {r.code[:2] for r in rows}
    if missing:
        raise ValueError(f"provinces missing from provinces_en.csv: {sorted(missing)}")
    return rows


def build_prefectures(source: Path) -> list[Row]:
    rows: list[Row] = []
    for rec in read_csv(source / "cities.csv"):
        name_zh = rec["name"]
        if name_zh in PLACEHOLDER_NAMES:
            continue
        code = rec["code"] + "00"
        parent = rec["provinceCode"] + "0000"
        chinese: list[str] = []
        groups: list[str] = []
        if name_zh.endswith("自治州"):
            base, groups = split_autonomous(name_zh[: -len("自治州")])
            suffix_en = " Prefecture"
            chinese += [base + "州", base]
        else:
            suffix_zh = next((s for s in PREFECTURE_SUFFIXES if name_zh.endswith(s)), None)
            if suffix_zh is None:
                raise ValueError(f"unexpected prefecture name {name_zh}")
            base, suffix_en = name_zh[: -len(suffix_zh)], PREFECTURE_SUFFIXES[suffix_zh]
            chinese.append(base)
        chinese = [c for c in chinese if c not in UNSAFE_SHORT_ZH]

        exonym = EXONYMS.get(base)
        base_en = exonym.name if exonym else romanise(base)
        bases = [base_en, *(exonym.variants if exonym else ()), *OVERRIDE_ALIASES.get(base, ())]
        name_en = f"{base_en} {' and '.join(groups)} Autonomous Prefecture" if groups else base_en
        # bases[0] is name_en itself for cities; dedupe() drops it but keeps its "’" variant.
        english = bases + [b + suffix_en for b in bases]
        if base == "西安":
            english.append("Xian")
        english += exonym.extra if exonym else ()
        aliases = dedupe(chinese + typographic_variants(english), exclude=name_en)
        rows.append(Row(code, name_zh, name_en, "prefecture", parent, aliases, code not in NON_PRIMARY))
    return rows


def check(rows: list[Row]) -> None:
    """Validate counts, codes and that every shared name has exactly one primary reading."""
    codes = [r.code for r in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate codes")
    provinces = [r for r in rows if r.level == "province"]
    if len(provinces) != 34:
        raise ValueError(f"expected 34 provinces, got {len(provinces)}")
    by_code = {r.code: r for r in rows}
    for code in NON_PRIMARY:
        if code not in by_code:
            raise ValueError(f"NON_PRIMARY code {code} not in data")
    forms: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for form in [r.name_zh, r.name_en, *r.aliases]:
            if not form or "|" in form or form != form.strip():
                raise ValueError(f"bad alias {form!r} in {r.code}")
        for form in matchable_forms(r):
            forms[form.casefold()].add(r.code)
    for form, members in sorted(forms.items()):
        if len(members) > 1:
            primaries = [c for c in members if by_code[c].primary]
            if len(primaries) != 1:
                raise ValueError(f"{form!r} is shared by {sorted(members)} with primaries {primaries}")
    shaanxi, shanxi = forms["shaanxi"], forms["shanxi"]
    if shaanxi != {"610000"} or shanxi != {"140000"}:
        raise ValueError(f"Shaanxi/Shanxi mix-up: {shaanxi} / {shanxi}")


def source_commit(source: Path) -> str:
    try:
        text = (source / "SOURCE.md").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    match = re.search(r"Snapshot commit:\s*([0-9a-f]{7,40})", text)
    return match.group(1) if match else "unknown"


def render(rows: list[Row], source: Path) -> str:
    n_pref = sum(r.level == "prefecture" for r in rows)
    n_county = sum(r.level == "county" for r in rows)
    header = [
        "China's administrative divisions: 34 province-level, "
        f"{n_pref} prefecture-level and {n_county} county-level rows (GB/T 2260-style 6-digit codes).",
        "Source: NBS 2023 statistical division codes (统计用区划代码, cut-off 2023-06-30) via the",
        f"  modood/Administrative-divisions-of-China snapshot {source_commit(source)[:12]} in",
        "  shared/data/admin-divisions-2023 (provinces.csv, cities.csv, areas.csv; placeholder rows skipped) plus",
        "  provinces_en.csv there for province English names and Taiwan/Hong Kong/Macao.",
        f"English names of prefectures: pypinyin {pypinyin.__version__} plus a hand-curated override and",
        "  exonym table (Harbin, Urumqi, Shigatse ...) in tools/build_gazetteer.py.",
        "County-level rows (level county, parent = prefecture, or the province for directly administered ones):",
        "  full names only, plus the bare short name of well-known ones (浦东, 昆山) in tools/gazetteer_counties.py.",
        "aliases: '|'-separated Chinese and English surface forms. primary: 1 unless another division with",
        "  the same name is the default reading of the bare name (Jilin, Hainan, Suzhou, Fuzhou, ...).",
        "Generated file, do not edit. Rebuild: .venv/bin/python tools/build_gazetteer.py "
        "[path/to/admin-divisions-2023]",
    ]
    buf = io.StringIO()
    for line in header:
        buf.write(f"# {line}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row.as_csv())
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="admin-divisions dir")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--print", dest="show", action="store_true", help="list generated English names")
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file is out of date")
    args = parser.parse_args(argv)

    rows = build_provinces(args.source) + build_prefectures(args.source)
    rows += build_counties(args.source, Row)
    rows.sort(key=lambda r: r.code)
    assign_primary(rows)
    check(rows)
    text = render(rows, args.source)

    if args.show:
        for r in rows:
            flag = "" if r.primary else "  [non-primary]"
            print(f"{r.code} {r.name_zh}\t{r.name_en}\t{' | '.join(r.aliases)}{flag}")
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; rerun tools/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    n_pref = sum(r.level == "prefecture" for r in rows)
    n_county = sum(r.level == "county" for r in rows)
    print(f"wrote {args.output}: {len(rows)} rows ({len(rows) - n_pref - n_county} provinces, {n_pref} prefectures, "
          f"{n_county} counties)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
