"""Region mentions: provinces, prefecture-level cities, counties, China as a whole, foreign countries.

Matching is by exact surface forms from the gazetteer (case as written, plus the all-capitals form
of datelines such as "HEFEI --"), so "Shaanxi" and "Shanxi" can never be confused. Chinese names are
read by ``grammar/zh/places.py``, which keeps only names that are words of the text (美丽江苏 names
江苏, not 丽江).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from nqpf.extract import gazetteer
from nqpf.extract.gazetteer import CHINA
from nqpf.extract.grammar.zh import places as zh_places

# Direction + "China" names a part of the country ("east China's Anhui"), not the country.
_AREA_OF_CHINA = re.compile(
    r"(?i:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|central|northern|southern|"
    r"eastern|western|mainland|inland|coastal)\s+)$"
)
_CHINA_CUES = re.compile(
    r"\b(?:China|Chinese|PRC|People's Republic of China)\b|"
    r"\b(?:[Tt]he country|[Tt]he nation|nationwide|national|[Tt]he central government|countrywide)\b|"
    r"(?:中国|全国|我国)"
)
# A Chinese surname right before a place name makes a person ("Huang Kunming"), not a place.
_SURNAMES = {
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
    "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng",
    "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng",
    "Wei", "Su", "Lyu", "Lu", "Ding", "Ren", "Shen", "Yao", "Cui", "Zhong", "Tan", "Fan",
    "Wan", "Shi", "Jin", "Liao", "Jia", "Xia", "Fu", "Fang", "Zou", "Xiong", "Bai", "Meng", "Qin", "Qiu",
    "Hou", "Yin", "Xue", "Yan", "Duan", "Lei", "Long", "Tao", "Mao", "Hao", "Gu", "Gong",
    "Shao", "Wen", "Qian", "Kong", "Xiang", "Chang", "Yi", "Niu", "Ni", "Qi", "Ge", "Mo", "Ou", "Lai",
}
# Words after a place name that make it part of an organisation's name ("Zhejiang University").
# A place name followed directly by another capitalised word is part of a name ("Zhejiang
# University", "Shenzhen Stock Exchange", "Anhui Orinko New Energy"), unless that word is a
# division suffix or a word that starts a new phrase.
_ORG_AFTER = re.compile(r"^[ -](?!(?:Province|Municipality|City|Autonomous|Region|SAR|Special|Prefecture|League|"
                        r"District|County|And|In|On|At|As|Is|Has|Will|Said|The|To|For|Of)\b)[A-Z][A-Za-z]+")
# ... and so is one right after a capitalised word that is not a place, a title or a word that starts a
# sentence ("Volkswagen Anhui", "Bank of Jiangsu"): a brand or an institution named after the place.
_ORG_BEFORE = re.compile(r"(?:\b(?P<word>[A-Z][a-z]+) |\b(?:Bank|University|Port|Academy) of )$")
_NOT_A_NAME_BEFORE = {
    "In", "At", "From", "The", "And", "But", "For", "With", "As", "Both", "Like", "While", "Since", "Across",
    "Besides", "Unlike", "Including", "Meanwhile", "Also", "Only", "Neighbouring", "Neighboring", "Central", "East",
    "West", "North", "South", "Northeast", "Northwest", "Southeast", "Southwest", "Eastern", "Western", "Northern",
    "Southern", "Northwestern", "Northeastern", "Southwestern", "Southeastern", "Inland", "Coastal",
    "Governor", "Mayor", "Secretary", "Chief", "Party", "Today", "Yesterday",
    "Last", "This", "Then", "Now", "Where", "When", "Why", "How", "If", "Although", "After", "Before", "By", "To",
    "Of", "On", "Under", "Over", "Through", "Between", "Among", "Within", "Outside", "Inside", "Near", "Around",
}

_DATELINE_AFTER = re.compile(r"^(?:\s*(?:--|—|–|-)\s|,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\()|\s*\()")
_LOCATIVE_BEFORE = re.compile(
    r"(?i:\b(?:in|at|from|of|to|across|near|outside|around|throughout|within|into|on|with|between|"
    r"like|including|such as|and|or|than|visit(?:ed|ing)?|based in|the city of|the province of)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|central)\s+China's\s+)?)$"
)


@dataclass(frozen=True)
class RegionMention:
    """One mention of a region in the text."""

    start: int
    end: int
    code: str
    text: str
    level: str  # province | prefecture | country
    possessive: bool
    locative: bool  # preceded by "in", "of", "from"...: a place something is in, not an actor
    in_org: bool  # part of an organisation's name
    based: bool = False  # "Guangzhou-based": where an organisation sits, never a government actor
    dateline: bool = False  # "WUHAN, March 3 (Xinhua) --": where the story was filed, not what it is about


# Place names are looked up as word n-grams in a dictionary (exact case) rather than with one
# regex alternation over ~1,500 names, which cost a quarter of a millisecond for every call.
_PLACE_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z0-9]+(?:['’](?!s\b)[A-Za-z]+)*")
_SUFFIX = re.compile(r"[\s-]+(?:(?P<province>[Pp]rovince|[Mm]unicipality|[Aa]utonomous [Rr]egion)|[Cc]ity)(?![a-z])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "US$", "HK$", "NT$": a currency sign, not a mention of the place
_CURRENCY_SIGN = re.compile(r"^\$")
# 中国 at the head of an institution's, an event's or a zone's name (中国科学院, 中国国际进口博览会,
# 中国高校科技成果交易会, 中国（安徽）自由贸易试验区): not the country
_ZH_CHINA_ORG = re.compile(r"^(?:国际|科学院|工程院|社会科学院|人民银行|工商银行|建设银行|农业银行|银行|移动|"
                           r"电信|联通|石化|石油|海油|中车|商飞|一汽|宝武|日报|[（(][\u4e00-\u9fff]{2,4}[）)]|"
                           r"[\u4e00-\u9fff]{0,8}?(?:交易会|博览会|论坛|峰会|展览会|研究院|协会|学会|大学))")


@cache
def _place_lexicon() -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    forms: dict[str, tuple[str, ...]] = {}
    for name, codes in gazetteer.english_aliases().items():
        forms.setdefault(name, codes)
        if name[:1].isalpha() and " " not in name and len(name) > 3:
            forms.setdefault(name.upper(), codes)  # datelines: "HEFEI --"
    for phrase, code in gazetteer.load_region_phrases().items():
        forms.setdefault(phrase, (code,))
        forms.setdefault(phrase[:1].upper() + phrase[1:], (code,))
    for country in gazetteer.load_countries():
        for name in (country.name, *country.aliases):
            forms.setdefault(name, (country.code,))
    english: dict[str, tuple[str, ...]] = {}
    longest: dict[str, int] = {}
    for name, codes in forms.items():
        parts = _PLACE_TOKEN.findall(name)
        if parts and "".join(parts) == re.sub(r"[\s]", "", name):
            english.setdefault(" ".join(parts), codes)
            longest[parts[0]] = max(longest.get(parts[0], 0), len(parts))
    return english, longest


# The words that can start a place name: capitalised ones (every English name, "U.S.") and "the" ("the
# Greater Bay Area"), each a whole word of _PLACE_TOKEN's. Finding only these with one regex, and the
# words after them one by one, is several times faster than splitting the whole text into words.
_NAME_START = re.compile(
    r"(?<![A-Za-z0-9])(?<![A-Za-z0-9]['’])"
    r"(?:(?:[A-Z]\.){2,}|[A-Z][A-Za-z0-9]*(?:['’](?!s\b)[A-Za-z]+)*|the(?![A-Za-z0-9]|['’](?!s\b)[A-Za-z]))"
)


def _place_matches(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, name, codes) of every place name, longest match first, in text order. A suffix
    ("Jilin Province", "Jilin City") keeps the readings of that level only."""
    english, longest = _place_lexicon()
    out = []
    free = 0  # text before this offset is part of a name already
    for first in _NAME_START.finditer(text):
        start = first.start()
        if start < free:
            continue
        raw = first.group()
        most = longest.get(raw, 0)
        glued = raw.endswith("based") and raw[:-5] in english  # "Guangzhoubased" (lost hyphen)
        if not most and not glued:
            continue
        words, ends = [raw], [first.end()]
        while len(words) < most and text.startswith(" ", ends[-1]):
            word = _PLACE_TOKEN.match(text, ends[-1] + 1)
            if word is None:
                break
            words.append(word.group())
            ends.append(word.end())
        span = 0
        for n in range(len(words), 0, -1):
            if " ".join(words[:n]) in english:
                span = n
                break
        if span:
            end = ends[span - 1]
            suffix = _SUFFIX.match(text, end)
            codes = english[" ".join(words[:span])]
            if suffix and len(codes) > 1:
                codes = _of_level(codes, "province" if suffix.group("province") else "city")
            out.append((start, suffix.end() if suffix else end, text[start:end], codes))
            free = end
        elif glued:
            out.append((start, start + len(raw) - 5, raw[:-5], english[raw[:-5]]))
    chinese = zh_places.find_names(text)
    if chinese:
        out.extend(chinese)
        out.sort()
    return out


def _of_level(codes: tuple[str, ...], level: str) -> tuple[str, ...]:
    """The readings of ``codes`` that a suffix names: "Province" a province, "City" a city or county."""
    want_province = level == "province"
    kept = tuple(c for c in codes if c.isdigit() and (gazetteer.division(c).level == "province") == want_province)
    return kept or codes


def find_regions(text: str) -> list[RegionMention]:
    """Every place mention in ``text`` (China-as-a-whole cues included), in text order."""
    raw = []
    for start, end, name, codes in _place_matches(text):
        before = text[max(0, start - 40):start]
        after = text[end:end + 30]
        if _is_person(before, name) or _CURRENCY_AFTER.match(after) or \
                _CURRENCY_SIGN.match(after):
            continue  # a person ("Huang Kunming"), or a currency ("U.S. dollars", "US$")
        raw.append((start, end, codes, before, after))
    # provinces the text names without doubt: the reading of an ambiguous name is chosen among them
    named = Counter((text[start:end], gazetteer.province_of(codes[0])) for start, end, codes, _, _ in raw
                    if len(codes) == 1 and codes[0].isdigit())
    by_province: Counter[str] = Counter()
    for (_, province), n in named.items():
        by_province[province] += n
    provinces_seen = set(by_province)
    out = []
    for start, end, codes, before, after in raw:
        code = _choose(codes, provinces_seen)
        if _CJK.match(text, start) and code.isdigit():
            name = text[start:end]
            # the provinces named by other words than this one (朝阳 alone does not name Liaoning)
            others = {p for p, n in by_province.items() if n > named.get((name, p), 0)}
            code = _county_of_named_province(name, code, others)
        out.append(_mention(text, start, end, code, before, after))
    out.sort(key=lambda r: r.start)
    covered = _covered_by(out)
    for m in _CHINA_CUES.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        word = m.group(0)
        if word in ("China", "Chinese") and _AREA_OF_CHINA.search(before):
            continue
        if covered(m.start()):
            continue
        after = text[m.end():m.end() + 30]
        out.append(_mention(text, m.start(), m.end(), CHINA, before, after))
    out.sort(key=lambda r: r.start)
    return out


def _covered_by(mentions: list[RegionMention]):
    """A test of whether a position lies inside one of ``mentions`` (sorted by start), by bisection
    over the running maximum of their ends: linear overall where a scan per cue was quadratic."""
    starts = [r.start for r in mentions]
    reach: list[int] = []
    for r in mentions:
        reach.append(max(r.end, reach[-1]) if reach else r.end)

    def covered(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < reach[i]

    return covered


@lru_cache(maxsize=8192)
def regions_in(phrase: str) -> tuple[RegionMention, ...]:
    """``find_regions`` for short phrases (roles, organisation names), cached: the same few
    phrases recur across a corpus."""
    return tuple(find_regions(phrase))


def _is_person(before: str, name: str) -> bool:
    prev = _WORD_BEFORE.search(before)
    return bool(prev and prev.group(1) in _SURNAMES and name[:1].isupper() and name.isalpha())


def _choose(codes: tuple[str, ...], provinces_seen: set[str]) -> str:
    """The reading of a name several divisions share. A province and a city inside it (Jilin, 吉林):
    the province, since the text says "Jilin City" or 吉林市 for the city. Otherwise the reading in a
    province the text names (Suzhou in a text about Anhui is 宿州), else the primary one."""
    if len(codes) == 1 or not all(c.isdigit() for c in codes):
        return codes[0]
    provinces = [c for c in codes if gazetteer.division(c).level == "province"]
    if provinces and all(gazetteer.province_of(c) == provinces[0] for c in codes):
        return provinces[0]
    for code in codes:
        if gazetteer.province_of(code) in provinces_seen:
            return code
    return codes[0]


def _county_of_named_province(name: str, code: str, provinces_seen: set[str]) -> str:
    """A bare city name of a province the text never names is, when a county of that name lies in a
    province it does name, that county: 朝阳 in a text about Beijing (北京朝阳站) is 朝阳区, not Liaoning's
    朝阳市."""
    if not code.isdigit() or gazetteer.division(code).level != "prefecture" or \
            gazetteer.province_of(code) in provinces_seen:
        return code
    for county in zh_places.counties_named(name):
        if gazetteer.province_of(county) in provinces_seen:
            return county
    return code


_POSSESSIVE = re.compile(r"^(?:'s|’s|'|’)(?![a-z])")
# "China Daily", "the China Center for ...": a name, not the country
_CHINA_NAME_AFTER = re.compile(r"^\s+(?:Daily|Center|Centre|Institute|Federation|Association|Council|"
                               r"Society|Academy|Securities|Media|Mobile|Telecom|Unicom|"
                               r"Construction|Merchants|Development|Investment|Everbright)\b")
_CAPITAL_AFTER = re.compile(r"^\s+[A-Z]")
_ZH_LOCATIVE_BEFORE = re.compile(r"(?:在|于|位于|来自|落户)$")
_BASED_AFTER = re.compile(r"^-?\s?based\b")
_CURRENCY_AFTER = re.compile(r"^\s?(?i:dollars?|yen|won|pounds?|euros?)\b")
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+) $")


def _mention(text: str, start: int, end: int, code: str, before: str, after: str) -> RegionMention:
    possessive = bool(_POSSESSIVE.match(after))
    named = _ORG_BEFORE.search(before)
    in_org = bool(_ORG_AFTER.match(after)) or bool(named and (named.group("word") or "") not in _NOT_A_NAME_BEFORE
                                                 and not regions_in(named.group("word") or "x"))
    if code == CHINA:
        level = "country"
        word = text[start:end]
        # "China Daily", "the China Center for ...": a name, not the country
        in_org = in_org or bool(_CHINA_NAME_AFTER.match(after)) \
            or word in ("national",) and bool(_CAPITAL_AFTER.match(after)) \
            or word == "中国" and bool(_ZH_CHINA_ORG.match(after))
    elif code.isdigit():
        level = gazetteer.division(code).level
        in_org = in_org or bool(_CJK.match(text, start) and zh_places.is_org_head(text, end))
    else:
        level = "country"
    locative = bool(_LOCATIVE_BEFORE.search(before) or _ZH_LOCATIVE_BEFORE.search(before))
    based = bool(_BASED_AFTER.match(after))
    dateline = text[start:end].isupper() and _starts_line(text, start) and bool(_DATELINE_AFTER.match(after))
    return RegionMention(start, end, code, text[start:end], level, possessive, locative, in_org, based, dateline)


def _starts_line(text: str, pos: int) -> bool:
    """Only blanks between the line's start and ``pos``; walks back over the blanks alone, never
    the whole line (a search back to the last newline was quadratic on text without newlines)."""
    i = pos
    while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] == "\n"
