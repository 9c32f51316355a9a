"""Chinese industry phrasings: taxonomy names and aliases found in running text (no spaces),
the longest name at the leftmost position winning (智能网联新能源汽车 is one ICV, not ICV + NEV).

Chinese has no word boundaries, so a short name can sit inside a longer word that names no
industry (生物 in 生物多样性, 储能 in 存储能力). Such words are in ``_NOT_INDUSTRIES``: they are
matched like names and then dropped, so they consume their characters and the short name inside
them never matches. Coordinated modifiers share one head noun (新能源和智能网联汽车 is NEV and ICV;
高端医疗、航空航天等装备 is 高端医疗装备...); ``_shared_heads`` reads them.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from nqpf.extract.grammar.zh.places import trie_pattern
from nqpf.extract.taxonomy import IndustryMatch, load_groups, load_industries

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SHORT_FORM = re.compile(r"(?:产业|业)$")  # 新能源汽车产业 is written 新能源汽车 as often

# Words that contain a taxonomy name but are about something else. Each blocks the names inside it.
_NOT_INDUSTRIES = (
    # 生物 (bio_industry): biodiversity, biomass, biosafety, microbes, biology as a science, biometrics
    "生物多样性", "生物质", "生物安全", "微生物", "生物学", "生物识别", "生物圈", "生物资源", "生物入侵", "生物防治",
    "野生生物", "生物样本", "生物钟", "生物燃料",
    # 储能 inside 存储能力 (storage capacity); 聚变 inside 裂变/聚变 wordplay such as 聚变效应
    "存储", "聚变效应",
    # verbs and adjectives ending in 大 before 大数据/大模型/大视听 (壮大数据产业 is 壮大 + 数据产业)
    "壮大", "扩大", "做大", "加大", "重大", "强大", "巨大", "庞大", "放大", "广大", "最大", "较大", "更大", "很大",
    "伟大", "宏大", "盛大", "远大",
    # 种业 (seed industry) inside 各种业态, 多种业务
    "各种", "多种", "一种", "这种", "那种", "某种", "此种", "品种",
    # 核能 inside 考核能力; 生物 inside 卫生物资
    "考核", "审核", "复核", "卫生",
    # "related services" in its ordinary sense (提供相关服务): only 相关服务业 is the sector
    "相关服务",
    # a medical-equipment or vehicle purchase and renewal programme is a consumer measure, not an industry
    "医疗设备更新",
    # 低空 (low-altitude economy) in weather and military senses
    "低空急流", "低空飞越", "低空突防",
    # 数据中心 as a statistics office (国家数据中心 is an industry site; 统计数据中心 is not)
    "统计数据中心",
    # 深海/深空 as adjectives of science facilities stay industries; 深地 in 深地铁 (deep metro lines) does not
    "深地铁",
    # 超导 (superconductivity) inside 超导体 stays; 超算 inside 超算力 no; 机器人 as a word in 机器人格 (rare typo) no
    # 文化创意 stays; 动漫 inside 动漫展 stays an industry event
)

# Head nouns that coordinated modifiers share: 新能源和智能网联汽车, 高端医疗、航空航天、工业无人机等装备产业
_HEADS = ("汽车", "装备", "材料", "电池", "机器人")
_HEAD = re.compile("|".join(_HEADS))
_CONJUNCTION = "和与及"
_LIST_SEPARATOR = "、和与及"
_ITEM_MAX = 10  # characters of one enumerated item; longer runs are clauses, not items
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\s“”\"（）()《》]")


@cache
def _lexicon() -> tuple[dict[str, str | None], re.Pattern[str] | None]:
    """(surface form -> industry ID, or None for a blocking word; the alternation of every form)."""
    forms: dict[str, str | None] = {}
    names = [(name, ind.id) for ind in load_industries().values() for name in (ind.zh, *ind.zh_aliases)
             if name and _CJK.search(name)]
    for name, industry in names:
        forms.setdefault(name, industry)
    for group in load_groups():  # 新三样: one name, several industries (joined by "|")
        for name in group.zh_aliases:
            forms.setdefault(name, "|".join(group.members))
    for word in _NOT_INDUSTRIES:  # a blocking word outranks a derived short form, never a listed name
        forms.setdefault(word, None)
    for ind in load_industries().values():  # zh_aliases list their short forms themselves
        short = _SHORT_FORM.sub("", ind.zh)
        if len(short) >= 2 and _CJK.search(short):
            forms.setdefault(short, ind.id)
    return forms, trie_pattern(forms)  # longest form at each position


def find(text: str) -> list[IndustryMatch]:
    """Every Chinese industry name in ``text``, in text order."""
    if not _CJK.search(text):
        return []
    forms, pattern = _lexicon()
    if pattern is None:
        return []
    out = [IndustryMatch(m.start(), m.end(), industry, m.group(0)) for m in pattern.finditer(text)
           for industry in (forms[m.group(0)] or "").split("|") if industry]
    if out and _HEAD.search(text):
        out = _shared_heads(text, out, forms)
    return out


def _shared_heads(text: str, found: list[IndustryMatch], forms: dict[str, str | None]) -> list[IndustryMatch]:
    """Enumerated modifiers read with the head noun they share: in 新能源和智能网联汽车 the first item
    is 新能源汽车 (nev), not 新能源 (new_energy); in 高端医疗、航空航天等装备产业 the first is 高端医疗装备."""
    by_end = {m.end: m for m in found}
    starts = [m.start for m in found]
    replace: dict[int, IndustryMatch] = {}  # start of a found match -> its reading with the head
    added: list[IndustryMatch] = []
    for h in _HEAD.finditer(text):
        head = h.group(0)
        if text[h.start() - 1:h.start()] == "等":
            items_end = h.start() - 1  # 等装备: every item before 等 takes the head
        else:
            last = by_end.get(h.end())
            if last is None or last.start == h.start() or text[last.start - 1:last.start] not in _CONJUNCTION:
                continue
            items_end = last.start - 1  # 新能源和[智能网联汽车]: the items before the conjunction
        for start, end in _items_before(text, items_end):
            reading = _with_head(text, start, end, head, forms)
            if reading is None:
                continue
            i = bisect.bisect_left(starts, reading.start)
            inside = []
            while i < len(found) and found[i].start < reading.end:
                inside.append(found[i])
                i += 1
            if inside:
                for m in inside:
                    replace[m.start] = IndustryMatch(m.start, m.end, reading.industry, m.text)
            else:
                before = bisect.bisect_left(starts, reading.start) - 1
                if before < 0 or found[before].end <= reading.start:
                    added.append(reading)
    if not replace and not added:
        return found
    merged = [replace.get(m.start, m) for m in found] + added
    merged.sort(key=lambda m: m.start)
    return merged


def _items_before(text: str, end: int) -> list[tuple[int, int]]:
    """Spans of the enumerated items that end at ``end``, walking back over 、和与及."""
    items: list[tuple[int, int]] = []
    pos = end
    while pos > 0 and len(items) < 12:
        start = pos
        while start > 0 and pos - start < _ITEM_MAX and text[start - 1] not in _LIST_SEPARATOR and \
                not _CLAUSE_END.match(text[start - 1]):
            start -= 1
        if start == pos:
            break
        items.append((start, pos))
        if start == 0 or text[start - 1] not in _LIST_SEPARATOR:
            break
        pos = start - 1
    return items


def _with_head(text: str, start: int, end: int, head: str, forms: dict[str, str | None]) -> IndustryMatch | None:
    """The longest tail of ``text[start:end]`` that names an industry once ``head`` is added
    (发展高端医疗 + 装备 -> 高端医疗装备), or None."""
    for s in range(start, end - 1):
        industry = forms.get(text[s:end] + head)
        if industry and "|" not in industry:
            return IndustryMatch(s, end, industry, text[s:end])
    return None
