"""Chinese place names in running text: which gazetteer names are mentions of a place.

Chinese is written without spaces, so a name can be read out of two neighbouring words:
美丽江苏 holds 丽江, 隆重庆祝 holds 重庆, 推广安吉 holds 广安, 长治久安 holds 长治. A name found in
the text is a mention only if the text, cut into its most probable words, keeps the name as a word
of its own. The cut is the unigram segmentation of a few characters around the name (the method of
jieba, with frequencies from its dictionary: ``data/zh_words.csv``, built by tools/build_zh_words.py).
Place names get a floor frequency: economic news names places far more often than the general
text the frequencies come from (上海港 is 上海 + 港, not 上 + 海港).

Also here: county full names (浦东新区, 昆山市) found from their suffix, a place at the head of an
organisation's name (宁德时代, 苏州实验室), and the trie-shaped alternation used for the name lists.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from functools import cache

from nqpf.data import read_text
from nqpf.extract import gazetteer

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLACE_FREQ = 50_000  # floor frequency of a place name in the segmentation (about that of 中国)
_UNKNOWN = -16.0  # log-probability of a character the word list does not know (digits, punctuation...)
_WINDOW = 4  # characters of context on each side of the name
_LONGEST_WORD = 8
# A place right before one of these heads is part of an organisation's name (宁德时代, 苏州实验室, 北京大学).
# 宁德时代, 苏州实验室; 西安地铁15号线, 榆林化学 (a line's, a company's name): the place names a name
_ORG_HEAD = re.compile(r"(?:大学|学院|银行|集团|日报|晚报|卫视|电视台|时代|股份|有限公司|公司|证券|交易所|"
                       r"实验室|研究院|研究所|医院|海关|电网|航空公司|农商行|控股|地铁|化学(?!工业))")
_COUNTY_SUFFIX = re.compile(r"[区县市旗]")


def trie_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for ``words`` that takes the longest word at each position, shaped as a trie
    (北(?:京市?|海)...): about twice as fast as a flat alternation of the same words."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(emit(trie)) if trie else None


@cache
def place_lexicon() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], re.Pattern[str] | None]:
    """(names matched by the pattern -> codes; county full names, found from their suffix -> codes;
    the pattern). County full names stay out of the pattern: 2,900 more branches made it ten times slower."""
    counties = gazetteer.county_names()

    def full_county_name(name: str, code: str) -> bool:
        div = gazetteer.division(code)
        return div.level == "county" and div.name_zh == name

    names = {name: codes for name, codes in gazetteer.chinese_aliases().items()
             if not all(full_county_name(name, c) for c in codes)}
    return names, counties, trie_pattern(names)


@cache
def _word_list() -> tuple[dict[str, float], float]:
    """(word -> log-probability, log-probability of a place name). Names of mountains and the like
    that hold a division's name (长白山, 南昆山) score as place names."""
    text = read_text("zh_words.csv")
    rows = list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))
    total = sum(int(r["freq"]) for r in rows)
    place = math.log(_PLACE_FREQ / total)
    return {r["word"]: max(math.log(int(r["freq"]) / total), place if r["kind"] == "name" else -math.inf)
            for r in rows}, place


def _words() -> dict[str, float]:
    return _word_list()[0]


def is_word(text: str, start: int, end: int, places: dict[str, tuple[str, ...]]) -> bool:
    """Whether the most probable cut of the characters around ``text[start:end]`` keeps the name
    as a word. Only the names next to a word that could cross their edge need the cut."""
    words = _words()
    if not _crossable(text, start, end, words):
        return True
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    window = text[lo:hi]
    s, e = start - lo, end - lo
    place_lp = _word_list()[1]
    best = [-math.inf] * (len(window) + 1)
    back = [0] * (len(window) + 1)
    best[0] = 0.0
    for j in range(1, len(window) + 1):
        for i in range(max(0, j - _LONGEST_WORD), j):
            if best[i] == -math.inf:
                continue
            piece = window[i:j]
            if piece in places or (i == s and j == e):
                lp = max(words.get(piece, -math.inf), place_lp)
            elif j - i == 1:
                lp = words.get(piece, _UNKNOWN)
            else:
                lp = words.get(piece, -math.inf)
            if lp == -math.inf:
                continue
            if best[i] + lp > best[j]:
                best[j], back[j] = best[i] + lp, i
    cuts = set()
    j = len(window)
    while j > 0:
        cuts.add(j)
        j = back[j]
    cuts.add(0)
    return s in cuts and (e in cuts or any(s + len(p) in cuts for p in _prefix_places(window[s:e], places)))


def _prefix_places(name: str, places: dict[str, tuple[str, ...]]) -> list[str]:
    """Shorter place names at the start of ``name`` (湖南 in 湖南省): 湖南省委 is 湖南 + 省委."""
    return [name[:k] for k in range(2, len(name)) if name[:k] in places]


def _crossable(text: str, start: int, end: int, words: dict[str, float]) -> bool:
    """Whether a listed word of two or more characters crosses the start or the end of the name."""
    for a in range(max(0, start - 3), start):
        for b in range(start + 1, min(len(text), end + 3) + 1):
            if b - a >= 2 and text[a:b] in words:
                return True
    for a in range(start, end):
        for b in range(end + 1, min(len(text), end + 4) + 1):
            if text[a:b] in words:
                return True
    return False


def find_names(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, name, codes) of every Chinese place name that is a word of the text: the longest
    name at each position, county full names included."""
    names, counties, pattern = place_lexicon()
    if pattern is None or not _CJK.search(text):
        return []
    found: list[tuple[int, int]] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if is_word(text, m.start(), m.end(), names):
            found.append((m.start(), m.end()))
            pos = m.end()
        else:
            pos = m.start() + 1  # 美丽江苏: not 丽江, but 江苏 may start inside it
    if counties:
        lengths = sorted({len(n) for n in counties}, reverse=True)
        for m in _COUNTY_SUFFIX.finditer(text):
            end = m.end()
            for n in lengths:
                if end - n >= 0 and text[end - n:end] in counties and is_word(text, end - n, end, names):
                    found.append((end - n, end))
                    break
    found.sort(key=lambda span: (span[0], -span[1]))
    out: list[tuple[int, int, str, tuple[str, ...]]] = []
    reach = 0
    for start, end in found:
        if start < reach:
            continue  # inside a longer name found first
        name = text[start:end]
        codes = counties.get(name) or names[name]
        out.append((start, end, name, codes))
        reach = end
        if name in counties:
            out.extend(_named_parent(start, name, codes[0], names))
    return out


def _named_parent(start: int, name: str, code: str, names: dict[str, tuple[str, ...]]) -> list:
    """The city a county-level area is named after, as a mention of its own (苏州工业园区 names 苏州)."""
    parent = gazetteer.division(code).parent
    for k in range(len(name) - 1, 1, -1):
        codes = names.get(name[:k])
        if codes and parent in codes:
            return [(start, start + k, name[:k], (parent,))]
    return []


def is_org_head(text: str, end: int) -> bool:
    """Whether the place name ending at ``end`` heads an organisation's name (宁德时代, 苏州实验室)."""
    return bool(_ORG_HEAD.match(text, end))


def counties_named(stem: str) -> tuple[str, ...]:
    """Codes of the counties whose full name is ``stem`` plus a suffix (朝阳 -> 朝阳区 110105, 220104...)."""
    return _county_stems().get(stem, ())


@cache
def _county_stems() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, codes in gazetteer.county_names().items():
        stem = re.sub(r"(?:新区|区|县|市|旗)$", "", name)
        if len(stem) >= 2:
            out.setdefault(stem, []).extend(codes)
    return {stem: tuple(codes) for stem, codes in out.items()}
